import { api, type AuditLabels, bi, composeAuditLabels } from '@citysafe/domain';
import { desc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Actor } from './actor.js';
import type { Db } from './db.js';
import { listPage } from './list.js';
import type { ServerModule } from './module.js';
import type { Platform } from './platform.js';
import { auditLog } from './platform.tables.js';
import { route } from './route.js';

type InboxItem = api.inbox.InboxItem;

/**
 * Overdue, then due soon, then what was sent back with a reason (someone waits for the correction),
 * then the rest.
 */
const rank = (i: InboxItem): number => (i.dueState === 'overdue' ? 0 : i.dueState === 'due_soon' ? 1 : i.reason ? 2 : 3);

/**
 * The order a person works through: by `rank`; within each, the earliest due date, then what has
 * waited longest. The key ends ties so the order never wavers.
 */
function byUrgency(a: InboxItem, b: InboxItem): number {
  return (
    rank(a) - rank(b) ||
    (a.due ?? '9999').localeCompare(b.due ?? '9999') ||
    (a.since ?? '9999').localeCompare(b.since ?? '9999') ||
    a.key.localeCompare(b.key)
  );
}

/**
 * The caller's 待办: what every module contributes, read in one transaction so that all of them see
 * the same moment, with the count of each kind.
 */
export async function inboxOf(platform: Platform, modules: readonly ServerModule[], actor: Actor) {
  const items = await platform.db.transaction(async (tx) => {
    const parts = [];
    // One module at a time: PGlite has one connection, and a transaction's queries run in turn anyway.
    for (const m of modules) if (m.inbox) parts.push(...(await m.inbox(tx, actor, platform)));
    return parts;
  });
  items.sort(byUrgency);
  const counts: Record<string, number> = {};
  for (const item of items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  return { counts, items };
}

/** The caller's 已办: the rows of the audit log they wrote, newest first, named by the modules' labels. */
export async function doneBy(db: Db, labels: AuditLabels, actor: Actor, q: z.output<typeof api.inbox.listDone.query>) {
  const { rows: entries, ...paging } = await listPage(
    db,
    db.select().from(auditLog).$dynamic(),
    {
      // Only people call this route (`authenticated`); the platform's own rows have no actor id.
      where: [actor.userId ? eq(auditLog.actorId, actor.userId) : sql`false`],
      search: [auditLog.action, auditLog.entityType],
      sortable: { at: auditLog.at },
      // Newest first: the chain's order is the order of writing.
      defaultOrder: [],
      tieBreaker: desc(auditLog.id),
    },
    q,
  );
  return {
    ...paging,
    items: entries.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      action: r.action,
      actionLabel: labels.actions[r.action] ?? bi(r.action, r.action),
      entityType: r.entityType,
      entityLabel: labels.objects[r.entityType] ?? bi(r.entityType, r.entityType),
      entityId: r.entityId,
    })),
  };
}

/**
 * `GET /api/inbox` and `GET /api/inbox/done`. The platform imports no module: `app.ts` hands over
 * the list of modules, whose `inbox` contributions and audit labels these routes compose.
 */
export function inboxRoutes(app: FastifyInstance, platform: Platform, modules: readonly ServerModule[]): void {
  const labels = composeAuditLabels(modules.flatMap((m) => m.workflows));
  route(app, platform, api.inbox.getInbox, ({ actor }) => inboxOf(platform, modules, actor));
  route(app, platform, api.inbox.listDone, ({ actor, query }) => doneBy(platform.db, labels, actor, query));
}
