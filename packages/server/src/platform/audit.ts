import { createHash } from 'node:crypto';
import type { api } from '@citysafe/domain';
import { asc, desc, eq, gt, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, likePrefix, scopeOf } from './actor.js';
import { listPage } from './list.js';
import { type Db, now, type Tx } from './db.js';
import { auditLog } from './platform.tables.js';

/** The hash the first row chains to. */
export const GENESIS_HASH = '0'.repeat(64);
// Serialises writers of the chain across connections and nodes (any constant unique to us).
const AUDIT_LOCK_KEY = 20201117;

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** JSON with keys sorted at every level: the form that is hashed, independent of jsonb's key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Plain JSON (dates as ISO strings), as it will read back from jsonb. */
const toJson = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

interface HashedContent {
  at: string;
  actorId: string | null;
  actorName: string;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export const rowHash = (prevHash: string, content: HashedContent): string =>
  createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');

/**
 * Appends one row to the audit log, chained to the last one. Call it inside the transaction that
 * makes the change, so that the change and its record commit together or not at all.
 */
export async function audit(tx: Tx, actor: Actor, input: AuditInput): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const last = await tx
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .orderBy(sql`${auditLog.id} desc`)
    .limit(1);
  const prevHash = last[0]?.hash ?? GENESIS_HASH;
  const at = now(tx);
  const content: HashedContent = {
    at: at.toISOString(),
    actorId: actor.userId,
    actorName: actor.displayName,
    ip: actor.ip,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    before: toJson(input.before),
    after: toJson(input.after),
  };
  await tx.insert(auditLog).values({
    ...content,
    at,
    prevHash,
    hash: rowHash(prevHash, content),
  });
}

export interface ChainReport {
  ok: boolean;
  rows: number;
  firstBrokenId: string | null;
  reason: string | null;
}

/** Re-computes the chain from the first row; stops at the first row that does not match. */
export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let rows = 0;
  for (;;) {
    const batch = await db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(1000);
    if (batch.length === 0) return { ok: true, rows, firstBrokenId: null, reason: null };
    for (const row of batch) {
      rows++;
      if (row.prevHash !== prevHash) {
        return {
          ok: false,
          rows,
          firstBrokenId: String(row.id),
          reason: 'prev_hash does not match the previous row (a row was removed or reordered)',
        };
      }
      const expected = rowHash(prevHash, {
        at: row.at.toISOString(),
        actorId: row.actorId,
        actorName: row.actorName,
        ip: row.ip,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        before: row.before ?? null,
        after: row.after ?? null,
      });
      if (expected !== row.hash) {
        return { ok: false, rows, firstBrokenId: String(row.id), reason: 'content does not match its hash (the row was altered)' };
      }
      prevHash = row.hash;
      lastId = row.id;
    }
  }
}

/**
 * The audit log, newest first. Who reads it with a reach narrower than the whole installation sees
 * the rows written by people of their reach (an 安委办 reads its district's log).
 */
export async function listAudit(db: Db, actor: Actor, q: z.output<typeof api.listAudit.query>) {
  const conds: SQL[] = [];
  const scope = scopeOf(actor, 'audit.read');
  if (scope.kind === 'subtree') {
    conds.push(
      sql`${auditLog.actorId} in (select u.id from users u join orgs o on o.id = u.org_id where o.path like ${likePrefix(scope.path)})`,
    );
  } else if (scope.kind !== 'all') {
    conds.push(sql`false`);
  }
  if (q.entityType) conds.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
  if (q.actorId) conds.push(eq(auditLog.actorId, q.actorId));
  if (q.action) conds.push(eq(auditLog.action, q.action));
  if (q.from) conds.push(gte(auditLog.at, new Date(q.from)));
  if (q.to) conds.push(lte(auditLog.at, new Date(q.to)));
  const { rows: entries, ...paging } = await listPage(
    db,
    db.select().from(auditLog).$dynamic(),
    {
      where: conds,
      search: [auditLog.actorName, auditLog.action, auditLog.entityType],
      sortable: { at: auditLog.at, actorName: auditLog.actorName, action: auditLog.action, entityType: auditLog.entityType },
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
      actorId: r.actorId,
      actorName: r.actorName,
      ip: r.ip,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before,
      after: r.after,
      hash: r.hash,
    })),
  };
}
