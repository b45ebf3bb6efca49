import { randomUUID } from 'node:crypto';
import { AppError, type api, bi, campaign as plan, fieldError } from '@citysafe/domain';
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import type { ImportLimits } from '../../platform/sheet.js';
import { recordTransition, timeline } from '../../platform/workflow.js';
import type { orgs } from '../identity/index.js';
import { campaignPolicy, findingPolicy, type ScoringItemObject, scoringItemPolicy, scoringPolicy } from './campaign.policy.js';
import { readableCampaign, today } from './campaign.service.js';
import {
  campaignAssignments,
  campaignReports,
  campaigns,
  campaignTasks,
  scoringFindings,
  scoringItems,
  scoringItemTasks,
} from './campaign.tables.js';
import { type ImportedScoringRow, readScoringWorkbook, writeScoringWorkbook } from './scoring.xlsx.js';

const {
  computeScore,
  computeSupportedScore,
  deadlineState,
  findingPointsCenti,
  linkedPartState,
  scoringConfidenceLabels,
  scoringFindingWorkflow,
  scoringSeed,
  scoringSupportLabels,
  validateScoringTree,
} = plan;
type ItemRow = typeof scoringItems.$inferSelect;
type FindingRow = typeof scoringFindings.$inferSelect;
type OrgRow = typeof orgs.$inferSelect;
type Scoring = z.infer<typeof api.campaignScoring.scoring>;
type ScoringItemOut = z.infer<typeof api.campaignScoring.scoringItem>;
type FindingOut = z.infer<typeof api.campaignScoring.finding>;

const itemNotFound = () => new AppError('NOT_FOUND', bi('评分项不存在', 'No such scoring item'));
const findingNotFound = () => new AppError('NOT_FOUND', bi('扣分记录不存在', 'No such finding'));

// ---- reach ----

/**
 * The campaign of a write: readable by the caller (else 404) and in their reach for
 * campaign.manage (else 403). The campaign row is locked so that edits of one tree run one at a
 * time: each checks the whole tree (codes, sums) before it writes.
 */
async function managedCampaign(tx: Tx, actor: Actor, campaignId: string): Promise<{ org: OrgRow }> {
  const { org } = await readableCampaign(tx, actor, campaignId);
  campaignPolicy.authorize(actor, { org }, 'manage');
  await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, campaignId)).for('update');
  return { org };
}

async function loadItem(tx: Tx, id: string): Promise<ItemRow> {
  const [item] = await tx.select().from(scoringItems).where(eq(scoringItems.id, id));
  if (!item) throw itemNotFound();
  return item;
}

const itemsOf = (tx: Tx, campaignId: string): Promise<ItemRow[]> =>
  tx
    .select()
    .from(scoringItems)
    .where(eq(scoringItems.campaignId, campaignId))
    .orderBy(asc(scoringItems.sortOrder), asc(scoringItems.code));

const toNode = (r: ItemRow): plan.ScoringNode => ({
  id: r.id,
  parentId: r.parentId,
  code: r.code,
  name: r.name,
  kind: r.kind as plan.ScoringKind,
  fullScoreCenti: r.fullScoreCenti,
  deductionPerFindingCenti: r.deductionPerFindingCenti,
  capCenti: r.capCenti,
});

/** The API's name of each field the tree's rules speak of. */
const apiField: Record<plan.ScoringRowField, string> = {
  code: 'code',
  parentCode: 'parentId',
  name: 'name',
  kind: 'kind',
  fullScore: 'fullScoreCenti',
  deductionPerFinding: 'deductionPerFindingCenti',
  cap: 'capCenti',
  confidence: 'confidence',
  source: 'source',
  tasks: 'taskIds',
};

/** Refuses a tree that breaks the rules: 409 for a code already used, 400 with the fields for the rest. */
function checkTree(rows: readonly ItemRow[]): void {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const issues = validateScoringTree(
    rows.map((r) => ({
      code: r.code,
      parentCode: r.parentId ? (byId.get(r.parentId)?.code ?? null) : null,
      name: r.name,
      kind: r.kind as plan.ScoringKind,
      fullScoreCenti: r.fullScoreCenti,
      deductionPerFindingCenti: r.deductionPerFindingCenti,
      capCenti: r.capCenti,
    })),
  );
  if (issues.length === 0) return;
  const duplicate = issues.find((i) => i.code === 'duplicate_code');
  if (duplicate) {
    const code = rows[duplicate.index]!.code;
    throw new AppError('CONFLICT', bi(`编码 ${code} 已被本创建工作的其他评分项使用`, `Code ${code} is already used in this campaign`), {
      fields: [{ field: 'code', message: duplicate.message }],
    });
  }
  throw new AppError('VALIDATION', undefined, { fields: issues.map((i) => ({ field: apiField[i.field], message: i.message })) });
}

// ---- the tree and its score ----

/** Items depth-first, each parent before its lower items, siblings by sort order then code. */
function treeOrder(items: readonly ItemRow[]): { row: ItemRow; depth: number }[] {
  const ids = new Set(items.map((i) => i.id));
  const children = new Map<string | null, ItemRow[]>();
  for (const i of items) {
    const key = i.parentId && ids.has(i.parentId) ? i.parentId : null;
    children.set(key, [...(children.get(key) ?? []), i]);
  }
  const out: { row: ItemRow; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const row of children.get(parent) ?? []) {
      out.push({ row, depth });
      walk(row.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Distinct evidence files per unit's part: the attachments of its reports. */
async function evidenceByPart(db: Tx, campaignId: string): Promise<Map<string, Set<string>>> {
  const rows = await db
    .select({ assignmentId: campaignReports.assignmentId, fileIds: campaignReports.fileIds })
    .from(campaignReports)
    .innerJoin(campaignAssignments, eq(campaignAssignments.id, campaignReports.assignmentId))
    .where(and(eq(campaignAssignments.campaignId, campaignId), sql`cardinality(${campaignReports.fileIds}) > 0`));
  const byPart = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = byPart.get(r.assignmentId) ?? new Set<string>();
    for (const f of r.fileIds) set.add(f);
    byPart.set(r.assignmentId, set);
  }
  return byPart;
}

/** Every unit's part of the campaign with its task and the deadline in force (an approved extension moves it). */
const partsOf = (db: Tx, campaignId: string) =>
  db
    .select({
      id: campaignAssignments.id,
      taskId: campaignAssignments.taskId,
      status: campaignAssignments.status,
      extendedTo: campaignAssignments.extendedTo,
      deadlineEnd: campaignTasks.deadlineEnd,
    })
    .from(campaignAssignments)
    .innerJoin(campaignTasks, eq(campaignTasks.id, campaignAssignments.taskId))
    .where(eq(campaignAssignments.campaignId, campaignId));

/** The whole tree as the API shows it: each item with its score, sources, tasks and evidence, and the totals. */
async function present(db: Tx, actor: Actor, campaignId: string, org: OrgRow): Promise<Scoring> {
  const [items, findings, links, evidence, allParts] = await Promise.all([
    itemsOf(db, campaignId),
    db
      .select({
        itemId: scoringFindings.itemId,
        status: scoringFindings.status,
        count: scoringFindings.count,
        pointsCenti: scoringFindings.pointsCenti,
      })
      .from(scoringFindings)
      .where(eq(scoringFindings.campaignId, campaignId)),
    db
      .select({ itemId: scoringItemTasks.itemId, taskId: scoringItemTasks.taskId, seq: campaignTasks.seq })
      .from(scoringItemTasks)
      .innerJoin(campaignTasks, eq(campaignTasks.id, scoringItemTasks.taskId))
      .where(eq(campaignTasks.campaignId, campaignId))
      .orderBy(asc(campaignTasks.seq)),
    evidenceByPart(db, campaignId),
    partsOf(db, campaignId),
  ]);
  const open = findings.filter((f) => f.status === 'open');
  const nodes = items.map(toNode);
  const result = computeScore(nodes, open);
  const day = today(db);
  const partsByTask = new Map<string, plan.LinkedPartState[]>();
  for (const p of allParts) {
    const status = p.status as plan.AssignmentStatus;
    const state = linkedPartState(
      status,
      evidence.get(p.id)?.size ?? 0,
      deadlineState(day, p.extendedTo ?? p.deadlineEnd, status === 'accepted'),
    );
    partsByTask.set(p.taskId, [...(partsByTask.get(p.taskId) ?? []), state]);
  }
  const linkedParts = links.flatMap((l) =>
    (partsByTask.get(l.taskId) ?? []).map((state) => ({ itemId: l.itemId, taskId: l.taskId, state })),
  );
  const supported = computeSupportedScore(nodes, open, linkedParts, result.items);
  const filesOfTask = new Map<string, string[]>();
  for (const p of allParts) filesOfTask.set(p.taskId, [...(filesOfTask.get(p.taskId) ?? []), ...(evidence.get(p.id) ?? [])]);
  const parents = new Set(items.map((i) => i.parentId));
  return {
    campaignId,
    items: treeOrder(items).map(({ row, depth }) => {
      const score = result.items.get(row.id)!;
      const mine = links.filter((l) => l.itemId === row.id);
      const files = new Set(mine.flatMap((l) => filesOfTask.get(l.taskId) ?? []));
      const support = supported.items.get(row.id)!;
      const item: ScoringItemObject = {
        campaignOrg: org,
        name: row.name,
        kind: row.kind as plan.ScoringKind,
        hasLowerItems: parents.has(row.id),
        hasFindings: findings.some((f) => f.itemId === row.id),
        ownCenti: score.ownCenti,
      };
      return {
        id: row.id,
        campaignId: row.campaignId,
        parentId: row.parentId,
        code: row.code,
        name: row.name,
        kind: row.kind as plan.ScoringKind,
        fullScoreCenti: row.fullScoreCenti,
        deductionPerFindingCenti: row.deductionPerFindingCenti,
        capCenti: row.capCenti,
        confidence: row.confidence as plan.ScoringConfidence,
        confidenceLabel: scoringConfidenceLabels[row.confidence as plan.ScoringConfidence],
        source: row.source,
        sortOrder: row.sortOrder,
        depth,
        result: {
          fullCenti: score.fullCenti,
          deductedCenti: score.deductedCenti,
          scoreCenti: score.scoreCenti,
          ownCenti: score.ownCenti,
          triggered: score.triggered,
        },
        support: {
          supportedCenti: support.supportedCenti,
          estimatedCenti: support.estimatedCenti,
          atRiskCenti: support.atRiskCenti,
          status: support.support,
          statusLabel: scoringSupportLabels[support.support],
          parts: support.parts,
          reason: support.reason,
        },
        openFindings: score.openFindings,
        taskIds: mine.map((l) => l.taskId),
        taskSeqs: mine.map((l) => l.seq),
        evidenceFiles: files.size,
        allowedActions: scoringItemPolicy.allowed(actor, item),
      };
    }),
    totals: { ...result.totals, ...supported.totals },
    unverifiedItems: items.filter((i) => i.confidence !== 'V').length,
    allowedActions: scoringPolicy.allowed(actor, { campaignOrg: org, items: items.length, findings: findings.length }),
  };
}

async function presentItem(db: Tx, actor: Actor, org: OrgRow, item: ItemRow): Promise<ScoringItemOut> {
  const view = await present(db, actor, item.campaignId, org);
  return view.items.find((i) => i.id === item.id)!;
}

export async function getScoring(db: Db, actor: Actor, campaignId: string): Promise<Scoring> {
  const { org } = await readableCampaign(db, actor, campaignId);
  return present(db, actor, campaignId, org);
}

/** Links tasks by their 序号 in this campaign; seqs the campaign lacks are reported by the caller. */
async function taskIdsBySeq(tx: Tx, campaignId: string): Promise<Map<number, string>> {
  const rows = await tx
    .select({ id: campaignTasks.id, seq: campaignTasks.seq })
    .from(campaignTasks)
    .where(eq(campaignTasks.campaignId, campaignId));
  return new Map(rows.map((r) => [r.seq, r.id]));
}

/** Writes a whole tree given by code (seed or import): ids made here, parents resolved by code, tasks by 序号. */
async function insertTree(
  tx: Tx,
  campaignId: string,
  rows: readonly (plan.ScoringRow & { confidence: string; source: string | null; taskSeqs: readonly number[] })[],
): Promise<ItemRow[]> {
  if (rows.length === 0) return [];
  const idOf = new Map(rows.map((r) => [r.code, randomUUID()]));
  const inserted = await tx
    .insert(scoringItems)
    .values(
      rows.map((r, i) => ({
        id: idOf.get(r.code)!,
        campaignId,
        parentId: r.parentCode === null ? null : idOf.get(r.parentCode)!,
        code: r.code,
        name: r.name,
        kind: r.kind,
        fullScoreCenti: r.fullScoreCenti,
        deductionPerFindingCenti: r.deductionPerFindingCenti,
        capCenti: r.capCenti,
        confidence: r.confidence,
        source: r.source,
        // Gaps of ten leave room to slot an item in between by hand.
        sortOrder: (i + 1) * 10,
      })),
    )
    .returning();
  const tasks = await taskIdsBySeq(tx, campaignId);
  const links = rows.flatMap((r) =>
    r.taskSeqs.filter((seq) => tasks.has(seq)).map((seq) => ({ itemId: idOf.get(r.code)!, taskId: tasks.get(seq)! })),
  );
  if (links.length > 0) await tx.insert(scoringItemTasks).values(links);
  return inserted;
}

/**
 * Fills an empty tree with the seed: the 2019 standard's items and points as far as the project's
 * reference found them, each with its confidence and source, and the default task links.
 */
export async function seedScoring(db: Db, actor: Actor, campaignId: string): Promise<Scoring> {
  return db.transaction(async (tx) => {
    const { org } = await managedCampaign(tx, actor, campaignId);
    scoringPolicy.authorize(actor, await scoringObject(tx, campaignId, org), 'seed');
    const inserted = await insertTree(tx, campaignId, scoringSeed);
    await audit(tx, actor, { action: 'scoring.seed', entityType: 'campaign', entityId: campaignId, after: { items: inserted } });
    return present(tx, actor, campaignId, org);
  });
}

// ---- items ----

export async function createItem(
  db: Db,
  actor: Actor,
  campaignId: string,
  input: z.output<typeof api.campaignScoring.createScoringItem.body>,
): Promise<ScoringItemOut> {
  return db.transaction(async (tx) => {
    const { org } = await managedCampaign(tx, actor, campaignId);
    const existing = await itemsOf(tx, campaignId);
    if (input.parentId !== null && !existing.some((i) => i.id === input.parentId))
      throw fieldError('parentId', '上级评分项不存在于本创建工作', 'No such parent item in this campaign');
    const row: ItemRow = { id: randomUUID(), campaignId, ...input };
    checkTree([...existing, row]);
    const [created] = await tx.insert(scoringItems).values(row).returning();
    await audit(tx, actor, { action: 'scoringItem.create', entityType: 'scoringItem', entityId: row.id, after: created });
    return presentItem(tx, actor, org, created!);
  });
}

/** An item's findings of any state: closed ones are the history of its score. */
async function findingCount(tx: Tx, itemId: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(scoringFindings).where(eq(scoringFindings.itemId, itemId));
  return row?.n ?? 0;
}

/** An item as its policy sees it, among the campaign's items. */
async function itemObject(tx: Tx, org: OrgRow, item: ItemRow, items: readonly ItemRow[]): Promise<ScoringItemObject> {
  return {
    campaignOrg: org,
    name: item.name,
    kind: item.kind as plan.ScoringKind,
    hasLowerItems: items.some((i) => i.parentId === item.id),
    hasFindings: (await findingCount(tx, item.id)) > 0,
    ownCenti: computeScore(items.map(toNode), []).items.get(item.id)!.ownCenti,
  };
}

/** The scoring tree as its policy sees it: how many items and findings it holds. */
async function scoringObject(tx: Tx, campaignId: string, org: OrgRow) {
  const [items] = await tx.select({ n: count() }).from(scoringItems).where(eq(scoringItems.campaignId, campaignId));
  const [findings] = await tx.select({ n: count() }).from(scoringFindings).where(eq(scoringFindings.campaignId, campaignId));
  return { campaignOrg: org, items: items?.n ?? 0, findings: findings?.n ?? 0 };
}

export async function updateItem(
  db: Db,
  actor: Actor,
  id: string,
  input: z.output<typeof api.campaignScoring.updateScoringItem.body>,
): Promise<ScoringItemOut> {
  return db.transaction(async (tx) => {
    const before = await loadItem(tx, id);
    const { org } = await managedCampaign(tx, actor, before.campaignId);
    const existing = await itemsOf(tx, before.campaignId);
    if (input.parentId && !existing.some((i) => i.id === input.parentId))
      throw fieldError('parentId', '上级评分项不存在于本创建工作', 'No such parent item in this campaign');
    // A finding deducts on a scored item and awards on a bonus: changing the kind would turn one into the other.
    if (input.kind && input.kind !== before.kind && (await findingCount(tx, id)) > 0) {
      throw new AppError('CONFLICT', bi('该项已有扣分记录，不能改变类型', 'The item has findings; its kind cannot change'));
    }
    const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<ItemRow>;
    const after: ItemRow = { ...before, ...changes };
    checkTree(existing.map((i) => (i.id === id ? after : i)));
    const [updated] = await tx.update(scoringItems).set(changes).where(eq(scoringItems.id, id)).returning();
    await audit(tx, actor, { action: 'scoringItem.update', entityType: 'scoringItem', entityId: id, before, after: updated });
    return presentItem(tx, actor, org, updated!);
  });
}

export async function deleteItem(db: Db, actor: Actor, id: string): Promise<{ ok: true }> {
  return db.transaction(async (tx) => {
    const before = await loadItem(tx, id);
    const { org } = await managedCampaign(tx, actor, before.campaignId);
    scoringItemPolicy.authorize(actor, await itemObject(tx, org, before, await itemsOf(tx, before.campaignId)), 'delete');
    await tx.delete(scoringItems).where(eq(scoringItems.id, id));
    await audit(tx, actor, { action: 'scoringItem.delete', entityType: 'scoringItem', entityId: id, before });
    return { ok: true as const };
  });
}

/** Sets the tasks that serve an item; their reports' attachments become the item's evidence. */
export async function linkTasks(
  db: Db,
  actor: Actor,
  id: string,
  input: z.output<typeof api.campaignScoring.linkScoringTasks.body>,
): Promise<ScoringItemOut> {
  return db.transaction(async (tx) => {
    const item = await loadItem(tx, id);
    const { org } = await managedCampaign(tx, actor, item.campaignId);
    const taskIds = [...new Set(input.taskIds)];
    const found = taskIds.length
      ? await tx
          .select({ id: campaignTasks.id })
          .from(campaignTasks)
          .where(and(eq(campaignTasks.campaignId, item.campaignId), inArray(campaignTasks.id, taskIds)))
      : [];
    const known = new Set(found.map((t) => t.id));
    input.taskIds.forEach((taskId, i) => {
      if (!known.has(taskId)) throw fieldError(`taskIds.${i}`, '任务不存在于本创建工作', 'No such task in this campaign');
    });
    const before = await tx.select({ taskId: scoringItemTasks.taskId }).from(scoringItemTasks).where(eq(scoringItemTasks.itemId, id));
    await tx.delete(scoringItemTasks).where(eq(scoringItemTasks.itemId, id));
    if (taskIds.length > 0) await tx.insert(scoringItemTasks).values(taskIds.map((taskId) => ({ itemId: id, taskId })));
    await audit(tx, actor, {
      action: 'scoringItem.linkTasks',
      entityType: 'scoringItem',
      entityId: id,
      before: { taskIds: before.map((b) => b.taskId) },
      after: { taskIds },
    });
    return presentItem(tx, actor, org, item);
  });
}

// ---- xlsx ----

/** The tree as an importable workbook, with a sheet of the current scores. */
export async function exportScoring(db: Db, actor: Actor, campaignId: string): Promise<{ name: string; bytes: Buffer }> {
  const { c, org } = await readableCampaign(db, actor, campaignId);
  const view = await present(db, actor, campaignId, org);
  return { name: `${c.title}-评分细则.xlsx`, bytes: await writeScoringWorkbook(c.title, view, now(db)) };
}

/**
 * Replaces the tree with an imported workbook. Only while no finding exists: findings point at
 * items, and a score history that moved to other items would no longer add up.
 */
export async function importScoring(
  db: Db,
  actor: Actor,
  campaignId: string,
  file: { name: string; bytes: Buffer },
  limits: ImportLimits,
): Promise<Scoring> {
  const { org } = await readableCampaign(db, actor, campaignId);
  campaignPolicy.authorize(actor, { org }, 'manage');
  const rows = await readScoringWorkbook(file.bytes, limits);
  checkImportedTree(rows, await taskIdsBySeq(db, campaignId));
  return db.transaction(async (tx) => {
    await managedCampaign(tx, actor, campaignId);
    scoringPolicy.authorize(actor, await scoringObject(tx, campaignId, org), 'import');
    const before = await itemsOf(tx, campaignId);
    await tx.delete(scoringItems).where(eq(scoringItems.campaignId, campaignId));
    const inserted = await insertTree(tx, campaignId, rows);
    await audit(tx, actor, {
      action: 'scoring.import',
      entityType: 'campaign',
      entityId: campaignId,
      before: { items: before },
      after: { file: file.name, items: inserted },
    });
    return present(tx, actor, campaignId, org);
  });
}

/** The tree's rules and the task numbers, reported by Excel row: `rows.5.fullScore`. */
function checkImportedTree(rows: readonly ImportedScoringRow[], tasks: Map<number, string>): void {
  const fields = validateScoringTree(rows).map((i) => ({ field: `rows.${rows[i.index]!.rowNumber}.${i.field}`, message: i.message }));
  for (const r of rows) {
    const missing = r.taskSeqs.filter((seq) => !tasks.has(seq));
    if (missing.length > 0)
      fields.push({
        field: `rows.${r.rowNumber}.tasks`,
        message: bi(`本创建工作没有序号为 ${missing.join('、')} 的任务`, `No task numbered ${missing.join(', ')} in this campaign`),
      });
  }
  if (fields.length > 0) throw new AppError('VALIDATION', undefined, { fields });
}

// ---- findings ----

const findingsJoined = (db: Tx) =>
  db
    .select({
      f: scoringFindings,
      item: {
        code: scoringItems.code,
        name: scoringItems.name,
        kind: scoringItems.kind,
        deductionPerFindingCenti: scoringItems.deductionPerFindingCenti,
      },
    })
    .from(scoringFindings)
    .innerJoin(scoringItems, eq(scoringItems.id, scoringFindings.itemId));

type JoinedFinding = Awaited<ReturnType<ReturnType<typeof findingsJoined>['where']>>[number];

function presentFinding(actor: Actor, org: OrgRow, { f, item }: JoinedFinding): FindingOut {
  const status = f.status as plan.ScoringFindingStatus;
  return {
    id: f.id,
    campaignId: f.campaignId,
    itemId: f.itemId,
    itemCode: item.code,
    itemName: item.name,
    itemKind: item.kind as plan.ScoringKind,
    source: f.source as plan.ScoringFindingSource,
    description: f.description,
    count: f.count,
    pointsCenti: f.pointsCenti,
    effectivePointsCenti: item.kind === 'veto' ? 0 : findingPointsCenti(item, f),
    status,
    createdBy: f.createdBy,
    createdAt: f.createdAt.toISOString(),
    closedAt: f.closedAt?.toISOString() ?? null,
    allowedActions: findingPolicy.allowed(actor, { status, campaignOrg: org }),
  };
}

async function findingDetail(db: Tx, actor: Actor, org: OrgRow, id: string) {
  const [row] = await findingsJoined(db).where(eq(scoringFindings.id, id));
  return { ...presentFinding(actor, org, row!), timeline: await timeline(db, scoringFindingWorkflow.entity, id) };
}

export async function listFindings(db: Db, actor: Actor, campaignId: string, q: z.output<typeof api.campaignScoring.listFindings.query>) {
  const { org } = await readableCampaign(db, actor, campaignId);
  const { rows: found, ...paging } = await listPage(
    db,
    findingsJoined(db).$dynamic(),
    {
      where: [
        eq(scoringFindings.campaignId, campaignId),
        q.itemId ? eq(scoringFindings.itemId, q.itemId) : undefined,
        q.status ? eq(scoringFindings.status, q.status) : undefined,
        q.source ? eq(scoringFindings.source, q.source) : undefined,
      ],
      search: [scoringFindings.description, scoringItems.code, scoringItems.name],
      sortable: { createdAt: scoringFindings.createdAt, count: scoringFindings.count },
      defaultOrder: [desc(scoringFindings.createdAt)],
      tieBreaker: desc(scoringFindings.id),
    },
    q,
  );
  return { ...paging, items: found.map((r) => presentFinding(actor, org, r)) };
}

/**
 * Records a finding against an item. It deducts (awards, on a 鼓励项) at the item's rate per
 * instance, or the points given; an item without a rate needs the points. A finding reaches only
 * the points the item does not itemise further down, so an item whose points are all itemised
 * takes findings on its lower items.
 */
export async function createFinding(
  db: Db,
  actor: Actor,
  campaignId: string,
  input: z.output<typeof api.campaignScoring.createFinding.body>,
) {
  return db.transaction(async (tx) => {
    const { org } = await managedCampaign(tx, actor, campaignId);
    const items = await itemsOf(tx, campaignId);
    const item = items.find((i) => i.id === input.itemId);
    if (!item) throw fieldError('itemId', '评分项不存在于本创建工作', 'No such scoring item in this campaign');
    scoringItemPolicy.authorize(actor, await itemObject(tx, org, item, items), 'addFinding');
    if (item.kind !== 'veto' && item.deductionPerFindingCenti === null && input.pointsCenti === null) {
      throw fieldError(
        'pointsCenti',
        '该项没有每处扣分标准，请填写本条扣分',
        'The item has no per-finding rate; give the points of this finding',
      );
    }
    const [row] = await tx
      .insert(scoringFindings)
      .values({
        campaignId,
        itemId: item.id,
        source: input.source,
        description: input.description,
        count: input.count,
        pointsCenti: input.pointsCenti,
        createdBy: actor.displayName,
      })
      .returning();
    await audit(tx, actor, { action: 'scoringFinding.create', entityType: 'scoringFinding', entityId: row!.id, after: row });
    return findingDetail(tx, actor, org, row!.id);
  });
}

/** Closes a finding that was put right (its points come back) or reopens it; audited with the timeline. */
export async function performFindingAction(db: Db, actor: Actor, id: string, action: string, input: unknown) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(scoringFindings).where(eq(scoringFindings.id, id)).for('update');
    if (!before) throw findingNotFound();
    const { org } = await readableCampaign(tx, actor, before.campaignId);
    const t = findingPolicy.plan(actor, { status: before.status as plan.ScoringFindingStatus, campaignOrg: org }, action, input);
    const set: Partial<FindingRow> = { status: t.to, closedAt: t.to === 'closed' ? now(tx) : null };
    const [after] = await tx.update(scoringFindings).set(set).where(eq(scoringFindings.id, id)).returning();
    await recordTransition(tx, scoringFindingWorkflow, id, t, actor, { before, after });
    return findingDetail(tx, actor, org, id);
  });
}
