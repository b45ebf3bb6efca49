import { AppError, api, bi, campaign as plan, mobileOf, nextShanghaiHour } from '@citysafe/domain';
import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { now, type Tx } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { loadUserActor, orgs, users } from '../identity/index.js';
import { inboxDigests, webhooks } from './notifications.tables.js';

type Inbox = Awaited<ReturnType<Platform['inbox']>>;
type DigestSetting = z.infer<typeof api.digestSetting>;

/** Lines of items in one digest: a group chat message is read on a phone, the rest waits on the 工作台. */
const DIGEST_MAX_ITEMS = 10;

/** A robot carries digests when its administrator left its kinds open or named `inbox.digest`. */
const carriesDigests = sql`(cardinality(${webhooks.kinds}) = 0 or ${api.INBOX_DIGEST_KIND} = any(${webhooks.kinds}))`;

/** The robots a person may choose: enabled, carrying digests, of their org or an org above it; the nearest first. */
function robotsFor(tx: Tx, orgPath: string) {
  return tx
    .select({ id: webhooks.id, name: webhooks.name, kind: webhooks.kind, orgId: webhooks.orgId, orgName: orgs.name })
    .from(webhooks)
    .innerJoin(orgs, eq(orgs.id, webhooks.orgId))
    .where(and(eq(webhooks.enabled, true), carriesDigests, sql`${orgPath} like ${orgs.path} || '%'`))
    .orderBy(desc(sql`length(${orgs.path})`), webhooks.name, webhooks.id);
}

async function presentDigest(tx: Tx, platform: Platform, actor: Actor): Promise<DigestSetting> {
  const userId = actor.userId!;
  const [setting] = await tx.select().from(inboxDigests).where(eq(inboxDigests.userId, userId));
  const [user] = await tx.select({ phone: users.phone }).from(users).where(eq(users.id, userId));
  const robots = await robotsFor(tx, actor.orgPath);
  return {
    enabled: setting?.enabled ?? false,
    webhookId: setting?.webhookId ?? null,
    hour: platform.config.digestHour,
    lastSentOn: setting?.lastSentOn ?? null,
    mentionable: mobileOf(user?.phone) !== null,
    robots: robots.map((r) => ({ ...r, kind: r.kind as DigestSetting['robots'][number]['kind'] })),
  };
}

/** The caller's own digest setting, with the robots they may choose. */
export function getDigest(platform: Platform, actor: Actor): Promise<DigestSetting> {
  return platform.db.transaction((tx) => presentDigest(tx, platform, actor));
}

/** Turns the caller's digest on or off; a robot outside their reach is refused (422). Audited. */
export function updateDigest(platform: Platform, actor: Actor, input: z.output<typeof api.updateDigest.body>): Promise<DigestSetting> {
  const userId = actor.userId!;
  return platform.db.transaction(async (tx) => {
    if (input.webhookId !== null) {
      const robots = await robotsFor(tx, actor.orgPath);
      if (!robots.some((r) => r.id === input.webhookId)) {
        const message = bi('只能选择本单位或上级单位已启用的群机器人', 'Choose an enabled group robot of your org or of an org above it');
        throw new AppError('RULE_VIOLATION', message, { fields: [{ field: 'webhookId', message }] });
      }
    }
    const [before] = await tx
      .select({ enabled: inboxDigests.enabled, webhookId: inboxDigests.webhookId })
      .from(inboxDigests)
      .where(eq(inboxDigests.userId, userId));
    const values = { enabled: input.enabled, webhookId: input.webhookId, updatedAt: now(tx) };
    await tx
      .insert(inboxDigests)
      .values({ userId, ...values })
      .onConflictDoUpdate({ target: inboxDigests.userId, set: values });
    await audit(tx, actor, {
      action: 'inboxDigest.update',
      entityType: 'inboxDigest',
      entityId: userId,
      before: before ?? null,
      after: { enabled: input.enabled, webhookId: input.webhookId },
    });
    return presentDigest(tx, platform, actor);
  });
}

const dueMark = (i: Inbox['items'][number]): string =>
  i.dueState === 'overdue' ? `【逾期 ${i.due}】` : i.dueState === 'due_soon' ? `【临期 ${i.due}】` : '';

/**
 * The digest of one inbox: the counts per kind, then the first items in the inbox's own order
 * (overdue and due soon first), the rest counted; the link opens the 工作台.
 */
export function digestMessage(name: string, day: string, inbox: Inbox) {
  const labels = new Map(inbox.items.map((i) => [i.kind, i.kindLabel.zh]));
  const counts = Object.entries(inbox.counts)
    .map(([kind, n]) => `${labels.get(kind) ?? kind} ${n}`)
    .join(' · ');
  const lines = inbox.items.slice(0, DIGEST_MAX_ITEMS).map((i) => `- ${dueMark(i)}${i.kindLabel.zh}：${i.title.zh}`);
  const rest = inbox.items.length - DIGEST_MAX_ITEMS;
  return {
    title: `${name}的待办（${day}）共 ${inbox.items.length} 项`,
    body: [counts, ...lines, ...(rest > 0 ? [`……另有 ${rest} 项，请到工作台查看`] : [])].join('\n'),
    link: '/',
  };
}

/**
 * Sends today's digest to each opted-in person whose inbox has something, through their robot
 * (the webhook delivery job: egress checks, retries). Each person is claimed for the day by a
 * guarded update in the same transaction that queues the message, so a second run — after a
 * restart, or on another node — sends nothing. An empty inbox sends nothing. Returns how many were queued.
 */
export async function sendDigests(platform: Platform): Promise<number> {
  const { db } = platform;
  const day = plan.shanghaiDateOf(platform.clock.now());
  const robotOrgs = alias(orgs, 'robot_orgs');
  const due = await db
    .select({ userId: inboxDigests.userId, webhookId: webhooks.id, phone: users.phone })
    .from(inboxDigests)
    .innerJoin(users, eq(users.id, inboxDigests.userId))
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .innerJoin(webhooks, eq(webhooks.id, inboxDigests.webhookId))
    .innerJoin(robotOrgs, eq(robotOrgs.id, webhooks.orgId))
    .where(
      and(
        eq(inboxDigests.enabled, true),
        sql`${inboxDigests.lastSentOn} is distinct from ${day}::date`,
        eq(users.status, 'active'),
        eq(webhooks.enabled, true),
        carriesDigests,
        // Still within reach: the person may have moved to another org since choosing the robot.
        sql`${orgs.path} like ${robotOrgs.path} || '%'`,
      ),
    );
  let queued = 0;
  for (const person of due) {
    const actor = await loadUserActor(db, person.userId, { via: null, sessionId: null, csrfToken: null, ip: null });
    if (!actor) continue;
    const inbox = await platform.inbox(actor);
    if (inbox.items.length === 0) continue;
    const message = digestMessage(actor.displayName, day, inbox);
    const mobile = mobileOf(person.phone);
    const sent = await db.transaction(async (tx) => {
      const claimed = await tx
        .update(inboxDigests)
        .set({ lastSentOn: day })
        .where(and(eq(inboxDigests.userId, person.userId), sql`${inboxDigests.lastSentOn} is distinct from ${day}::date`))
        .returning({ userId: inboxDigests.userId });
      if (claimed.length === 0) return false;
      await platform.jobs.schedule(
        tx,
        api.WEBHOOK_DELIVERY_JOB,
        { webhookId: person.webhookId, ...message, mentionMobiles: mobile ? [mobile] : [] },
        platform.clock.now(),
      );
      return true;
    });
    if (sent) queued++;
  }
  return queued;
}

/** Schedules the next digest run, once whatever the number of nodes or restarts. */
export async function scheduleDigestRun(platform: Platform, after = platform.clock.now()): Promise<void> {
  const at = nextShanghaiHour(after, platform.config.digestHour);
  await platform.jobs.schedule(platform.db, api.INBOX_DIGEST_JOB, {}, at, { uniqueKey: `${api.INBOX_DIGEST_JOB}:${at.toISOString()}` });
}

/** The daily digest job: tomorrow's run is scheduled first, so a failing run does not end the chain. */
export async function registerDigestJob(platform: Platform): Promise<void> {
  platform.jobs.register(api.INBOX_DIGEST_JOB, async () => {
    await scheduleDigestRun(platform);
    await sendDigests(platform);
  });
  await scheduleDigestRun(platform);
}
