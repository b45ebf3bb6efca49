import { AppError, type api, bi } from '@citysafe/domain';
import { and, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, assertInScope, inScope, likePrefix } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import type { Platform } from '../../platform/platform.js';
import { notifications } from './notifications.tables.js';
import { orgs, users } from '../identity/index.js';
import { scheduleWebhooks } from './webhooks.service.js';

type NotificationRow = typeof notifications.$inferSelect;
export type NotificationOut = z.infer<typeof api.notification>;

export const presentNotification = (n: NotificationRow): NotificationOut => ({
  id: n.id,
  title: n.title,
  body: n.body,
  link: n.link,
  kind: n.kind,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});

export interface NotificationInput {
  /** What happened, e.g. `campaign.overdue`; webhooks filter on it. */
  kind: string;
  title: string;
  body?: string;
  /** A path in the web app, e.g. `/users/…`. */
  link?: string | null;
  /** The org concerned: group robots of that org and of the orgs above it receive the message. */
  orgId: string;
  /** `false`: no group robot is told (the people notified chose not to be reached there); told by default. */
  robots?: boolean;
}

/**
 * Notifies users: one row each, inside the caller's transaction, and webhook deliveries queued as
 * durable jobs. Returns the rows; call `pushNotifications` after the commit to reach open browsers.
 */
export async function notify(tx: Tx, platform: Platform, userIds: string[], input: NotificationInput): Promise<NotificationRow[]> {
  const unique = [...new Set(userIds)];
  const rows = unique.length
    ? await tx
        .insert(notifications)
        .values(
          unique.map((userId) => ({ userId, kind: input.kind, title: input.title, body: input.body ?? '', link: input.link ?? null })),
        )
        .returning()
    : [];
  if (input.robots !== false) await scheduleWebhooks(tx, platform, input);
  return rows;
}

/**
 * A notice a timed check sends once, however often it runs: `claim` inserts the row that marks it sent (false when an
 * earlier run claimed it) in the notice's own transaction, so it is never sent twice nor claimed unsent; the push to
 * open browsers follows the commit. Returns whether anyone was told.
 */
export async function notifyOnce(
  platform: Platform,
  claim: (tx: Tx) => Promise<boolean>,
  notice: (tx: Tx) => Promise<{ userIds: string[]; input: NotificationInput }>,
): Promise<boolean> {
  const created = await platform.db.transaction(async (tx) => {
    if (!(await claim(tx))) return [];
    const { userIds, input } = await notice(tx);
    return notify(tx, platform, userIds, input);
  });
  if (created.length === 0) return false;
  await pushNotifications(platform, created);
  return true;
}

/** What a push carries of the body: enough for a toast. PostgreSQL's NOTIFY takes at most 8000 bytes. */
const PUSH_BODY_CHARS = 500;

/**
 * Pushes committed notifications to their users' open Server-Sent-Event streams. The rows are
 * already saved, so a failed push is logged, not thrown: the bell's list still has them.
 */
export async function pushNotifications(platform: Platform, rows: NotificationRow[]): Promise<void> {
  for (const row of rows) {
    const data = presentNotification(row);
    if (data.body.length > PUSH_BODY_CHARS) data.body = `${data.body.slice(0, PUSH_BODY_CHARS)}…`;
    await platform.events
      .publish({ type: 'notification', userIds: [row.userId], data })
      .catch((err: unknown) => platform.log.warn({ err, notificationId: row.id }, 'notification push failed'));
  }
}

export async function listNotifications(db: Db, actor: Actor, q: z.output<typeof api.listNotifications.query>) {
  const mine = eq(notifications.userId, actor.userId!);
  const [{ rows: found, ...paging }, [unread]] = await Promise.all([
    listPage(
      db,
      db.select().from(notifications).$dynamic(),
      {
        where: [mine, q.unread ? isNull(notifications.readAt) : undefined, q.kind ? eq(notifications.kind, q.kind) : undefined],
        search: [notifications.title, notifications.body],
        sortable: { createdAt: notifications.createdAt, title: notifications.title },
        defaultOrder: [desc(notifications.createdAt)],
        tieBreaker: desc(notifications.id),
      },
      q,
    ),
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(mine, isNull(notifications.readAt))),
  ]);
  return { ...paging, items: found.map(presentNotification), unread: unread?.n ?? 0 };
}

export async function markRead(db: Db, actor: Actor, id: string): Promise<void> {
  const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
  // Another user's notification is "not found": its existence is not the caller's business.
  if (!row || row.userId !== actor.userId) throw new AppError('NOT_FOUND', bi('通知不存在', 'No such notification'));
  if (!row.readAt)
    await db
      .update(notifications)
      .set({ readAt: now(db) })
      .where(eq(notifications.id, id));
}

export async function markAllRead(db: Db, actor: Actor): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now(db) })
    .where(and(eq(notifications.userId, actor.userId!), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** A person sends a notice to users or whole orgs within their reach (e.g. 安委办 to all departments). */
export async function sendNotification(platform: Platform, actor: Actor, input: z.output<typeof api.sendNotification.body>) {
  const { db } = platform;
  const rows = await db.transaction(async (tx) => {
    const recipients = new Set<string>();
    if (input.userIds?.length) {
      const found = await tx
        .select({ id: users.id, orgId: users.orgId, path: orgs.path })
        .from(users)
        .innerJoin(orgs, eq(orgs.id, users.orgId))
        .where(and(inArray(users.id, input.userIds), eq(users.status, 'active')));
      for (const id of input.userIds) {
        const u = found.find((f) => f.id === id);
        if (!u || !inScope(actor, 'notification.send', { id: u.orgId, path: u.path })) {
          throw new AppError('VALIDATION', undefined, {
            fields: [{ field: 'userIds', message: bi(`接收人 ${id} 不存在或不在管辖范围内`, `Recipient ${id} not found or out of reach`) }],
          });
        }
        recipients.add(u.id);
      }
    }
    if (input.orgIds?.length) {
      const targets = await tx.select().from(orgs).where(inArray(orgs.id, input.orgIds));
      if (targets.length !== new Set(input.orgIds).size) {
        throw new AppError('VALIDATION', undefined, { fields: [{ field: 'orgIds', message: bi('机构不存在', 'Org not found') }] });
      }
      const conds: SQL[] = [];
      for (const org of targets) {
        assertInScope(actor, 'notification.send', org);
        conds.push(sql`${orgs.path} like ${likePrefix(org.path)}`);
      }
      const members = await tx
        .select({ id: users.id })
        .from(users)
        .innerJoin(orgs, eq(orgs.id, users.orgId))
        .where(and(eq(users.status, 'active'), sql.join(conds, sql` or `)));
      for (const m of members) recipients.add(m.id);
    }
    const created = await notify(tx, platform, [...recipients], {
      kind: 'manual',
      title: input.title,
      body: input.body,
      link: input.link ?? null,
      orgId: actor.orgId!,
    });
    await audit(tx, actor, {
      action: 'notification.send',
      entityType: 'notification',
      after: { title: input.title, recipients: created.length },
    });
    return created;
  });
  await pushNotifications(platform, rows);
  return { recipients: rows.length };
}
