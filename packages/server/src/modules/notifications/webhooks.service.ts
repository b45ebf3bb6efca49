import { createHmac } from 'node:crypto';
import { AppError, api, bi } from '@citysafe/domain';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, assertInScope, scopeCondition } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { outboundUrlProblem, postJson } from '../../platform/egress.js';
import { listPage } from '../../platform/list.js';
import type { Platform } from '../../platform/platform.js';
import { webhooks } from './notifications.tables.js';
import { orgs } from '../identity/index.js';

type WebhookRow = typeof webhooks.$inferSelect;
/** The job kind of one delivery; the contract names it so the administrator's health widget counts the same jobs. */
const WEBHOOK_JOB = api.WEBHOOK_DELIVERY_JOB;

const present = (w: WebhookRow): z.infer<typeof api.webhook> => ({
  id: w.id,
  name: w.name,
  kind: w.kind as 'wecom' | 'dingtalk',
  url: w.url,
  hasSecret: Boolean(w.secret),
  kinds: w.kinds,
  orgId: w.orgId,
  enabled: w.enabled,
  createdAt: w.createdAt.toISOString(),
});

export interface WebhookMessage {
  title: string;
  body?: string;
  link?: string | null;
  /** Mobile numbers to @-mention in the group (a person's daily digest). */
  mentionMobiles?: string[];
}

const WECOM_MAX_BYTES = 4096;
/** 企业微信 text messages: at most 2048 bytes of content. */
const WECOM_TEXT_MAX_BYTES = 2048;

/** The longest start of `text` that fits in `maxBytes` of UTF-8, cut between characters, with "…" when cut. */
function clipUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = '';
  let used = Buffer.byteLength('…');
  for (const ch of text) {
    used += Buffer.byteLength(ch);
    if (used > maxBytes) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * The body a group robot expects. 企业微信 群机器人: `{"msgtype":"markdown","markdown":{"content"}}`;
 * 钉钉 自定义机器人: `{"msgtype":"markdown","markdown":{"title","text"}}`.
 */
export function robotBody(kind: 'wecom' | 'dingtalk', m: WebhookMessage): Record<string, unknown> {
  const title = `**${m.title}**`;
  const link = m.link ? `[查看详情](${m.link})` : '';
  const mobiles = m.mentionMobiles ?? [];
  if (kind === 'wecom' && mobiles.length > 0) {
    // 企业微信 @-mentions by mobile only in text messages (`mentioned_mobile_list`), not in markdown.
    const tail = m.link ? `\n查看详情：${m.link}` : '';
    const room = WECOM_TEXT_MAX_BYTES - Buffer.byteLength(`${m.title}\n${tail}`);
    const content = [m.title, clipUtf8(m.body ?? '', room)].filter(Boolean).join('\n') + tail;
    return { msgtype: 'text', text: { content, mentioned_mobile_list: mobiles } };
  }
  if (kind === 'dingtalk' && mobiles.length > 0) {
    // 钉钉 mentions those listed in `at.atMobiles` whose "@mobile" appears in the text.
    const text = [title, m.body ?? '', link, mobiles.map((n) => `@${n}`).join(' ')].filter(Boolean).join('\n\n');
    return { msgtype: 'markdown', markdown: { title: m.title, text }, at: { atMobiles: mobiles, isAtAll: false } };
  }
  if (kind === 'wecom') {
    // 企业微信 refuses markdown content over 4096 bytes: shorten the body, keep the title and the link.
    const room = WECOM_MAX_BYTES - Buffer.byteLength(`${title}\n\n${link}`);
    return { msgtype: 'markdown', markdown: { content: [title, clipUtf8(m.body ?? '', room), link].filter(Boolean).join('\n') } };
  }
  return { msgtype: 'markdown', markdown: { title: m.title, text: [title, m.body ?? '', link].filter(Boolean).join('\n\n') } };
}

/** 钉钉 加签: the URL gains `timestamp` and `sign` = Base64(HMAC-SHA256(secret, "timestamp\nsecret")). */
export function signedDingtalkUrl(url: string, secret: string, timestamp = Date.now()): string {
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  const u = new URL(url);
  u.searchParams.set('timestamp', String(timestamp));
  u.searchParams.set('sign', sign);
  return u.toString();
}

/**
 * Sends one message; both robots answer HTTP 200 with `errcode: 0` on success. The address is
 * checked again at the moment of sending (`postJson`), on the addresses actually connected to.
 */
export async function deliver(
  w: Pick<WebhookRow, 'kind' | 'url' | 'secret'>,
  m: WebhookMessage,
  allowHosts: readonly string[],
): Promise<void> {
  const kind = w.kind as 'wecom' | 'dingtalk';
  const url = kind === 'dingtalk' && w.secret ? signedDingtalkUrl(w.url, w.secret) : w.url;
  const { status, text } = await postJson(url, robotBody(kind, m), { allowHosts, timeoutMs: 10_000 });
  if (status < 200 || status >= 300) throw new Error(`webhook answered HTTP ${status}: ${text.slice(0, 200)}`);
  const parsed = (() => {
    try {
      return JSON.parse(text) as { errcode?: number; errmsg?: string };
    } catch {
      return {};
    }
  })();
  if (parsed.errcode !== undefined && parsed.errcode !== 0) throw new Error(`webhook refused: ${parsed.errcode} ${parsed.errmsg ?? ''}`);
}

/** Queues a delivery to every enabled robot of the event's org or an org above it that wants this kind. */
export async function scheduleWebhooks(tx: Tx, platform: Platform, event: WebhookMessage & { kind: string; orgId: string }): Promise<void> {
  const targets = await tx
    .select({ id: webhooks.id })
    .from(webhooks)
    .innerJoin(orgs, eq(orgs.id, webhooks.orgId))
    .where(
      and(
        eq(webhooks.enabled, true),
        sql`(cardinality(${webhooks.kinds}) = 0 or ${event.kind} = any(${webhooks.kinds}))`,
        sql`(select path from orgs where id = ${event.orgId}) like ${orgs.path} || '%'`,
      ),
    );
  for (const t of targets) {
    await platform.jobs.schedule(
      tx,
      WEBHOOK_JOB,
      { webhookId: t.id, title: event.title, body: event.body ?? '', link: event.link ?? null },
      platform.clock.now(),
    );
  }
}

/**
 * A link a phone can open from the group chat: the platform's paths made absolute with the public
 * address; without one configured the link is left out rather than sent dead.
 */
export function absoluteLink(link: string | null | undefined, publicUrl: string | null): string | null {
  if (!link) return null;
  if (/^https?:\/\//.test(link)) return link;
  return publicUrl ? new URL(link, publicUrl).toString() : null;
}

/** The job that delivers one queued message; a failure is retried with back-off by the job runner. */
export function registerWebhookJob(platform: Platform): void {
  platform.jobs.register(WEBHOOK_JOB, async (payload) => {
    const [w] = await platform.db
      .select()
      .from(webhooks)
      .where(eq(webhooks.id, String(payload.webhookId)));
    // A test message goes out even while the robot is off: that is how it is checked before use.
    if (!w || (!w.enabled && payload.test !== true)) return;
    const message = payload as unknown as WebhookMessage;
    await deliver(w, { ...message, link: absoluteLink(message.link, platform.config.publicUrl) }, platform.config.webhookAllowHosts);
  });
}

async function webhookInReach(tx: Tx, actor: Actor, id: string): Promise<WebhookRow> {
  const [row] = await tx
    .select({ w: webhooks, path: orgs.path })
    .from(webhooks)
    .innerJoin(orgs, eq(orgs.id, webhooks.orgId))
    .where(eq(webhooks.id, id));
  if (!row) throw new AppError('NOT_FOUND', bi('消息推送不存在', 'No such webhook'));
  assertInScope(actor, 'webhook.manage', { id: row.w.orgId, path: row.path });
  return row.w;
}

export async function listWebhooks(db: Db, actor: Actor, q: z.output<typeof api.listWebhooks.query>) {
  const { rows: found, ...paging } = await listPage(
    db,
    db.select().from(webhooks).$dynamic(),
    {
      where: [
        scopeCondition(actor, 'webhook.manage', webhooks.orgId),
        q.kind ? eq(webhooks.kind, q.kind) : undefined,
        q.enabled === undefined ? undefined : eq(webhooks.enabled, q.enabled),
      ],
      search: [webhooks.name, webhooks.url],
      sortable: { createdAt: webhooks.createdAt, name: webhooks.name, kind: webhooks.kind },
      defaultOrder: [desc(webhooks.createdAt)],
      tieBreaker: asc(webhooks.id),
    },
    q,
  );
  return { ...paging, items: found.map(present) };
}

const redact = (w: WebhookRow) => ({ ...w, secret: w.secret ? '***' : null });

/** 422 on `url` when it reaches an address inside the network that is not allow-listed. */
async function assertOutboundUrl(url: string, allowHosts: readonly string[]): Promise<void> {
  const problem = await outboundUrlProblem(url, allowHosts);
  if (problem) throw new AppError('RULE_VIOLATION', problem, { fields: [{ field: 'url', message: problem }] });
}

export async function createWebhook(db: Db, actor: Actor, input: z.output<typeof api.createWebhook.body>, allowHosts: readonly string[]) {
  await assertOutboundUrl(input.url, allowHosts);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhooks)
      .values({
        name: input.name,
        kind: input.kind,
        url: input.url,
        secret: input.secret ?? null,
        kinds: input.kinds,
        enabled: input.enabled,
        orgId: actor.orgId!,
      })
      .returning();
    await audit(tx, actor, { action: 'webhook.create', entityType: 'webhook', entityId: row!.id, after: redact(row!) });
    return present(row!);
  });
}

export async function updateWebhook(
  db: Db,
  actor: Actor,
  id: string,
  input: z.output<typeof api.updateWebhook.body>,
  allowHosts: readonly string[],
) {
  if (input.url !== undefined) await assertOutboundUrl(input.url, allowHosts);
  return db.transaction(async (tx) => {
    const before = await webhookInReach(tx, actor, id);
    const [after] = await tx
      .update(webhooks)
      .set({ ...input, updatedAt: now(tx) })
      .where(eq(webhooks.id, id))
      .returning();
    await audit(tx, actor, {
      action: 'webhook.update',
      entityType: 'webhook',
      entityId: id,
      before: redact(before),
      after: redact(after!),
    });
    return present(after!);
  });
}

export async function deleteWebhook(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await webhookInReach(tx, actor, id);
    await tx.delete(webhooks).where(eq(webhooks.id, id));
    await audit(tx, actor, { action: 'webhook.delete', entityType: 'webhook', entityId: id, before: redact(before) });
  });
}

export async function testWebhook(platform: Platform, actor: Actor, id: string) {
  return platform.db.transaction(async (tx) => {
    await webhookInReach(tx, actor, id);
    const jobId = await platform.jobs.schedule(
      tx,
      WEBHOOK_JOB,
      { webhookId: id, title: 'CitySafe 城安 测试消息', body: `由 ${actor.displayName} 发送的测试消息`, link: null, test: true },
      platform.clock.now(),
      { maxAttempts: 1 },
    );
    await audit(tx, actor, { action: 'webhook.test', entityType: 'webhook', entityId: id });
    return { jobId: String(jobId) };
  });
}
