import { createHash } from 'node:crypto';
import { AppError, api, type AuditLabels, auditActionLabel, type Bilingual, bi } from '@citysafe/domain';
import { asc, desc, eq, getTableColumns, gt, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { type Actor, likePrefix, scopeOf } from './actor.js';
import { listPage } from './list.js';
import { type Db, now, rows, type Tx } from './db.js';
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

/** One object of an audit row as a module names it: "第42项任务 新筑街办", and where it lives in the web app. */
export interface AuditObjectRef {
  name?: Bilingual;
  link?: string | null;
}

/**
 * How a module shows one kind of its objects in the readable audit log (`auditObjects` of its
 * server definition). It reads the objects of a whole page at once, so a page costs one query per
 * object type whatever its length; an object since deleted is simply missing from the answer.
 */
export interface AuditObjectView {
  describe(db: Db, ids: readonly string[]): Promise<Map<string, AuditObjectRef>>;
}

/**
 * What the readable log needs to know of the modules, composed in `src/modules.ts` and handed to
 * the platform (which imports no module): labels, which module writes each object type and action,
 * the workflow actions (whose reasons live in the timeline), and each module's object views.
 */
export interface AuditView {
  labels: AuditLabels;
  modules: readonly { key: string; label: Bilingual }[];
  /** Object type → the module that writes it. */
  objectModule: Readonly<Record<string, string>>;
  /** Action → the module that declares it. */
  actionModule: Readonly<Record<string, string>>;
  /** `<entity>.<action>` of every workflow: their input (a reason, an answer) is in the timeline. */
  workflowActions: ReadonlySet<string>;
  objects: Readonly<Record<string, AuditObjectView>>;
}

/** The most rows one xlsx export holds: past it the reader is asked to narrow the filters. */
const EXPORT_MAX_ROWS = api.AUDIT_EXPORT_MAX_ROWS;

type AuditQuery = z.output<typeof api.listAudit.query>;
type AuditFilters = Omit<AuditQuery, 'page' | 'pageSize'>;
type AuditRow = typeof auditLog.$inferSelect & { actorOrgName: string | null };

/** The org the actor belongs to now (the log keeps the name; the org is looked up for reading). */
const actorOrgName = sql<string | null>`(select o.name from users u join orgs o on o.id = u.org_id where u.id = ${auditLog.actorId})`.as(
  'actor_org_name',
);

/** The conditions of the caller's reach and the filters, shared by the list and the export. */
async function auditConditions(db: Db, actor: Actor, view: AuditView, q: AuditFilters): Promise<SQL[]> {
  const conds: SQL[] = [];
  const byPeopleUnder = (path: string) =>
    sql`${auditLog.actorId} in (select u.id from users u join orgs o on o.id = u.org_id where o.path like ${likePrefix(path)})`;
  const scope = scopeOf(actor, 'audit.read');
  if (scope.kind === 'subtree') conds.push(byPeopleUnder(scope.path));
  else if (scope.kind !== 'all') conds.push(sql`false`);
  if (q.orgId) {
    const [org] = await rows<{ path: string }>(db, sql`select path from orgs where id = ${q.orgId}`);
    conds.push(org ? byPeopleUnder(org.path) : sql`false`);
  }
  if (q.module) {
    const types = Object.entries(view.objectModule)
      .filter(([, m]) => m === q.module)
      .map(([t]) => t);
    conds.push(types.length > 0 ? inArray(auditLog.entityType, types) : sql`false`);
  }
  if (q.entityType) conds.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
  if (q.actorId) conds.push(eq(auditLog.actorId, q.actorId));
  if (q.action) conds.push(eq(auditLog.action, q.action));
  if (q.from) conds.push(gte(auditLog.at, new Date(q.from)));
  if (q.to) conds.push(lte(auditLog.at, new Date(q.to)));
  return conds;
}

/** One page of raw rows within the caller's reach and the filters, and the total over all pages. */
async function auditRows(db: Db, actor: Actor, view: AuditView, q: AuditFilters & { page: number; pageSize: number }) {
  const { rows: found, ...paging } = await listPage(
    db,
    db
      .select({ ...getTableColumns(auditLog), actorOrgName })
      .from(auditLog)
      .$dynamic(),
    {
      where: await auditConditions(db, actor, view, q),
      search: [auditLog.actorName, auditLog.action, auditLog.entityType],
      sortable: { at: auditLog.at, actorName: auditLog.actorName, action: auditLog.action, entityType: auditLog.entityType },
      // Newest first: the chain's order is the order of writing.
      defaultOrder: [],
      tieBreaker: desc(auditLog.id),
    },
    q,
  );
  return { ...paging, rows: found as AuditRow[] };
}

/**
 * The audit log as people read it, newest first: each row with its labels, the actor's org, a
 * sentence, a link to the object and the fields an edit changed. Who reads it with a reach
 * narrower than the whole installation sees the rows written by people of their reach (an 安委办
 * reads its district's log).
 */
export async function listAudit(db: Db, actor: Actor, view: AuditView, q: AuditQuery) {
  const { rows: found, ...paging } = await auditRows(db, actor, view, q);
  return { ...paging, items: await present(db, view, found) };
}

/** The filtered log as an xlsx workbook (the same rows the list shows); a selection too wide is refused with 422. */
export async function auditWorkbook(db: Db, actor: Actor, view: AuditView, q: AuditFilters): Promise<{ name: string; bytes: Buffer }> {
  const { rows: found, total } = await auditRows(db, actor, view, { ...q, page: 1, pageSize: EXPORT_MAX_ROWS });
  if (total > EXPORT_MAX_ROWS) {
    throw new AppError(
      'RULE_VIOLATION',
      bi(
        `符合条件的日志有 ${total} 条，一次最多导出 ${EXPORT_MAX_ROWS} 条，请缩小时间范围或增加筛选条件`,
        `${total} rows match; one export holds at most ${EXPORT_MAX_ROWS}: narrow the dates or add filters`,
      ),
    );
  }
  const items = await present(db, view, found);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CitySafe 城安';
  wb.created = now(db);
  const sheet = wb.addWorksheet('审计日志', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(['时间', '操作人', '所在单位', '模块', '操作', '对象类型', '对象编号', '说明', '变更', '链接', 'IP']);
  sheet.getRow(1).font = { bold: true };
  const moduleName = new Map(view.modules.map((m) => [m.key, m.label.zh]));
  for (const e of items) {
    sheet.addRow([
      shanghaiTime(e.at),
      e.actorName,
      e.actorOrgName ?? '',
      e.module ? (moduleName.get(e.module) ?? e.module) : '',
      e.actionLabel.zh,
      e.entityLabel.zh,
      e.entityId ?? '',
      e.sentence.zh,
      e.changes.map((c) => `${c.field}：${shortJson(c.before)} → ${shortJson(c.after)}`).join('\n'),
      e.link ?? '',
      e.ip ?? '',
    ]);
  }
  sheet.columns.forEach((col, i) => {
    col.width = [20, 14, 20, 10, 16, 16, 38, 60, 50, 30, 16][i];
    col.alignment = { vertical: 'top', wrapText: true };
  });
  return { name: `审计日志（${shanghaiTime(now(db).toISOString()).slice(0, 10)}）.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}

/** What the filters offer: every module, object type and action with its labels and module. */
export function auditFilterLabels(view: AuditView) {
  return {
    modules: [...view.modules],
    objects: Object.entries(view.labels.objects).map(([key, label]) => ({ key, label, module: view.objectModule[key] ?? null })),
    actions: Object.entries(view.labels.actions).map(([key, label]) => ({ key, label, module: view.actionModule[key] ?? null })),
  };
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
/** `2021-06-01 09:30:00`, Asia/Shanghai (UTC+8 all year). */
const shanghaiTime = (iso: string): string =>
  new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS).toISOString().replace('T', ' ').slice(0, 19);

const shortJson = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The fields whose values differ between two snapshots of an object; nothing when one is missing. */
export function changedFields(before: unknown, after: unknown): api.AuditEntry['changes'] {
  if (!isRecord(before) || !isRecord(after)) return [];
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .filter((f) => canonicalJson(before[f]) !== canonicalJson(after[f]))
    .map((f) => ({ field: f, before: before[f] ?? null, after: after[f] ?? null }));
}

/** The free text that explains an action (a reason for returning, an answer to a notice), when the row has one. */
const EXPLAINING_FIELDS = ['reason', 'answer', 'comment', 'note'] as const;
function explanation(...sources: unknown[]): string | null {
  for (const source of sources) {
    if (!isRecord(source)) continue;
    for (const f of EXPLAINING_FIELDS) {
      const v = source[f];
      if (typeof v === 'string' && v.trim()) return v.trim();
    }
  }
  return null;
}

/**
 * The input of each workflow row (its reason or answer), from the timeline: a transition and its
 * audit row are written together, so the n-th audit row of an action on an object is its n-th
 * transition of that action.
 */
async function transitionInputs(db: Db, view: AuditView, page: AuditRow[]): Promise<Map<number, unknown>> {
  const subjects = page.filter((r) => r.entityId && view.workflowActions.has(r.action));
  const inputs = new Map<number, unknown>();
  if (subjects.length === 0) return inputs;
  // One parameter for the whole page (drizzle would spread an array into one parameter per value).
  const subjectsJson = JSON.stringify(subjects.map((r) => ({ entity_type: r.entityType, entity_id: r.entityId })));
  const pairs = sql`(select distinct * from jsonb_to_recordset(${subjectsJson}::jsonb) as p(entity_type text, entity_id text))`;
  const [transitions, audits] = await Promise.all([
    rows<{ key: string; input: unknown }>(
      db,
      sql`select w.entity_type || '.' || w.action || '#' || w.entity_id as key, w.input from workflow_transitions w
          join ${pairs} p using (entity_type, entity_id) order by w.id`,
    ),
    rows<{ key: string; id: number }>(
      db,
      sql`select a.action || '#' || a.entity_id as key, a.id::int as id from audit_log a
          join ${pairs} p using (entity_type, entity_id) order by a.id`,
    ),
  ]);
  const byKey = new Map<string, unknown[]>();
  for (const t of transitions) byKey.set(t.key, [...(byKey.get(t.key) ?? []), t.input]);
  const seen = new Map<string, number>();
  for (const a of audits) {
    const n = seen.get(a.key) ?? 0;
    seen.set(a.key, n + 1);
    const input = byKey.get(a.key)?.[n];
    if (input !== undefined) inputs.set(a.id, input);
  }
  return inputs;
}

/** The objects of a page as their modules name them, one query per object type. */
async function objectRefs(db: Db, view: AuditView, page: AuditRow[]): Promise<Map<string, AuditObjectRef>> {
  const idsByType = new Map<string, Set<string>>();
  for (const r of page)
    if (r.entityId && view.objects[r.entityType]) idsByType.set(r.entityType, (idsByType.get(r.entityType) ?? new Set()).add(r.entityId));
  const refs = new Map<string, AuditObjectRef>();
  for (const [type, ids] of idsByType) {
    const found = await view.objects[type]!.describe(db, [...ids]);
    for (const [id, ref] of found) refs.set(`${type}#${id}`, ref);
  }
  return refs;
}

async function present(db: Db, view: AuditView, page: AuditRow[]): Promise<api.AuditEntry[]> {
  const [inputs, refs] = await Promise.all([transitionInputs(db, view, page), objectRefs(db, view, page)]);
  return page.map((r) => {
    const actionLabel = auditActionLabel(view.labels, r.action);
    const entityLabel = view.labels.objects[r.entityType] ?? bi(r.entityType, r.entityType);
    const ref = r.entityId ? refs.get(`${r.entityType}#${r.entityId}`) : undefined;
    const why = explanation(inputs.get(r.id), r.after, r.before);
    const who = {
      zh: r.actorOrgName ? `${r.actorName}（${r.actorOrgName}）` : r.actorName,
      en: r.actorOrgName ? `${r.actorName} (${r.actorOrgName})` : r.actorName,
    };
    // "新建创建工作" already names its object; "退回" needs it after the verb.
    const objectZh = actionLabel.zh.includes(entityLabel.zh) ? '' : entityLabel.zh;
    const sentence = {
      zh: [`${who.zh}${actionLabel.zh}`, objectZh, ref?.name?.zh].filter(Boolean).join(' ') + (why ? `：${why}` : ''),
      en: `${who.en}: ${actionLabel.en} — ${[entityLabel.en, ref?.name?.en].filter(Boolean).join(' ')}` + (why ? `. ${why}` : ''),
    };
    return {
      id: String(r.id),
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorName: r.actorName,
      actorOrgName: r.actorOrgName,
      ip: r.ip,
      action: r.action,
      actionLabel,
      entityType: r.entityType,
      entityLabel,
      entityId: r.entityId,
      module: view.objectModule[r.entityType] ?? null,
      sentence,
      link: ref?.link ?? null,
      changes: changedFields(r.before, r.after),
      before: r.before,
      after: r.after,
      hash: r.hash,
    };
  });
}
