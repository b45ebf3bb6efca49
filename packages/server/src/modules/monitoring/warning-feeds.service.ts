import { AppError, type api, type Bilingual, bi } from '@citysafe/domain';
import { desc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { now, type Tx } from '../../platform/db.js';
import { EgressRefused, EgressTooLarge, getText, outboundUrlProblem } from '../../platform/egress.js';
import type { Platform } from '../../platform/platform.js';
import { readCap } from './cap.js';
import { capImported, draftFromCap, presentWarning, recordCapImport } from './warning.service.js';
import { monitoringCapFeeds } from './warning.tables.js';

type FeedRow = typeof monitoringCapFeeds.$inferSelect;

/** A feed answers one CAP document: 1 MB as a CAP file upload (cap.ts), 10 s as the SMS gateway's requests. */
const FEED_MAX_BYTES = 1024 * 1024;
const FEED_TIMEOUT_MS = 10_000;

const present = (f: FeedRow): api.monitoringWarnings.CapFeed => ({
  id: f.id,
  name: f.name,
  url: f.url,
  createdAt: f.createdAt.toISOString(),
  lastFetchedAt: f.lastFetchedAt?.toISOString() ?? null,
  lastResult: f.lastResult ?? null,
});

const urlProblem = (message: Bilingual) => new AppError('RULE_VIOLATION', message, { fields: [{ field: 'url', message }] });

export async function listCapFeeds(platform: Platform): Promise<api.monitoringWarnings.CapFeed[]> {
  return (await platform.db.select().from(monitoringCapFeeds).orderBy(desc(monitoringCapFeeds.createdAt))).map(present);
}

/** POST /api/warnings/feeds: the host must be public or allow-listed (the egress rule of robots and the SMS gateway). */
export async function createCapFeed(platform: Platform, actor: Actor, input: api.monitoringWarnings.CapFeedInput) {
  const problem = await outboundUrlProblem(input.url, platform.config.webhookAllowHosts);
  if (problem) throw urlProblem(problem);
  return platform.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(monitoringCapFeeds)
      .values({ name: input.name, url: input.url, createdBy: actor.userId, createdAt: now(tx) })
      .returning();
    await audit(tx, actor, { action: 'capFeed.create', entityType: 'capFeed', entityId: row!.id, after: row });
    return present(row!);
  });
}

export async function deleteCapFeed(platform: Platform, actor: Actor, id: string) {
  return platform.db.transaction(async (tx) => {
    const [row] = await tx.delete(monitoringCapFeeds).where(eq(monitoringCapFeeds.id, id)).returning();
    if (!row) throw new AppError('NOT_FOUND');
    await audit(tx, actor, { action: 'capFeed.delete', entityType: 'capFeed', entityId: id, before: row });
    return { ok: true as const };
  });
}

/** Why a fetch failed, in both languages: refused by the egress rule, too large, unreachable or not CAP. */
function fetchFailure(error: unknown): Bilingual {
  if (error instanceof EgressRefused)
    return bi(
      `订阅源地址不是公网地址且未列入出站白名单（CITYSAFE_WEBHOOK_ALLOW_HOSTS）：${error.message}`,
      `The feed's host is not public and not allow-listed (CITYSAFE_WEBHOOK_ALLOW_HOSTS): ${error.message}`,
    );
  if (error instanceof EgressTooLarge)
    return bi(
      `订阅源返回的文档超过 1 MB，未导入（${error.message}）`,
      `The feed's document exceeds 1 MB and was not imported (${error.message})`,
    );
  if (error instanceof AppError) {
    const detail = error.fields?.map((f) => f.message.zh).join('；') ?? error.bilingual.zh;
    const detailEn = error.fields?.map((f) => f.message.en).join('; ') ?? error.bilingual.en;
    return bi(`订阅源返回的不是可导入的 CAP 1.2 预警：${detail}`, `The feed did not answer an importable CAP 1.2 alert: ${detailEn}`);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return bi(`无法读取订阅源：${reason}`, `Could not read the feed: ${reason}`);
}

async function fetchCap(platform: Platform, url: string) {
  const answer = await getText(url, {
    allowHosts: platform.config.webhookAllowHosts,
    timeoutMs: FEED_TIMEOUT_MS,
    maxBytes: FEED_MAX_BYTES,
    accept: 'application/cap+xml, application/xml;q=0.9, text/xml;q=0.8',
  });
  if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(answer.bytes);
  } catch {
    throw new AppError('VALIDATION', bi('不是 UTF-8 编码的 XML', 'not UTF-8 encoded XML'));
  }
  return readCap(xml);
}

async function recordResult(tx: Tx, id: string, result: NonNullable<FeedRow['lastResult']>): Promise<FeedRow> {
  const [row] = await tx
    .update(monitoringCapFeeds)
    .set({ lastFetchedAt: now(tx), lastResult: result })
    .where(eq(monitoringCapFeeds.id, id))
    .returning();
  return row!;
}

/**
 * POST /api/warnings/feeds/:id/import (从订阅源导入): fetches the feed (egress rule, 10 s, 1 MB) and drafts its CAP
 * alert for relay, unless that sender and identifier were imported before. A failure is recorded on the feed and
 * answered 422 with its reason.
 */
export async function importCapFeed(platform: Platform, actor: Actor, id: string): Promise<api.monitoringWarnings.CapFeedImport> {
  const [feed] = await platform.db.select().from(monitoringCapFeeds).where(eq(monitoringCapFeeds.id, id));
  if (!feed) throw new AppError('NOT_FOUND');
  // Whatever the feed answered that is not a warning is the feed's problem (422), recorded on it for the page.
  const failed = async (error: unknown): Promise<never> => {
    const reason = fetchFailure(error);
    await platform.db.transaction((tx) => recordResult(tx, id, { imported: 0, duplicates: 0, error: reason }));
    throw urlProblem(reason);
  };
  const cap = await fetchCap(platform, feed.url).catch(failed);
  try {
    return await platform.db.transaction(async (tx) => {
      // Two fetches of feeds carrying the same message wait for each other, so that only one drafts it.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`monitoring.capImport:${cap.sender}:${cap.identifier}`}))`);
      if (await capImported(tx, cap)) {
        const row = await recordResult(tx, id, { imported: 0, duplicates: 1, error: null });
        return { feed: present(row), imported: [], duplicates: 1 };
      }
      const w = await draftFromCap(tx, actor, cap);
      await recordCapImport(tx, cap, w.id);
      const row = await recordResult(tx, id, { imported: 1, duplicates: 0, error: null });
      return { feed: present(row), imported: [await presentWarning(tx, actor, w)], duplicates: 0 };
    });
  } catch (error) {
    // A message that does not make a warning (no polygon, texts out of bounds); anything else is not the feed's.
    if (error instanceof AppError) return failed(error);
    throw error;
  }
}
