import { AppError, type api, bi, emergency as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, desc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, can, likePrefix, scopeCondition } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, rows, type Tx } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import { allowIf, definePolicy } from '../../platform/policy.js';
import { orgs } from '../identity/index.js';
import { emergencySettingsOf } from './emergency-settings.service.js';
import { emergencyPlanRevisions, emergencyPlans } from './plan.tables.js';

const p = emergencyPlans;
type PlanDetail = api.emergencyPlans.PlanDetail;
type PlanSummary = api.emergencyPlans.PlanSummary;
type PlanRow = typeof p.$inferSelect & { orgName: string; writable: boolean };

/**
 * Who reads a plan: anyone whose emergency.read reaches its owner (an enterprise its own plans, a street those of
 * the units in its area, 安委办 the district's), and every reader in the district for the plans of government
 * bodies (the district's 总体/专项 plans, a department's): those are what a street activates for an incident.
 */
export function planReadScope(actor: Actor, owner: SQL = sql`${p.orgId}`): SQL {
  const district = actor.districtPath || actor.orgPath;
  const published = district
    ? sql`exists (select 1 from orgs po where po.id = ${owner} and po.type <> 'enterprise' and po.path like ${likePrefix(district)})`
    : sql`false`;
  return sql`(${scopeCondition(actor, 'emergency.read', owner)} or ${published})`;
}

/** Who revises a plan and plans its drills: emergency.plan over its owner. */
const writeScope = (actor: Actor): SQL =>
  can(actor, 'emergency.plan') ? sql`coalesce(${scopeCondition(actor, 'emergency.plan', p.orgId)}, false)` : sql`false`;

export const planPolicy = definePolicy<PlanRow, (typeof api.emergencyPlans.planActionNames)[number]>({
  edit: (_actor, plan) => allowIf(plan.writable),
  activate: (actor, plan) => allowIf(can(actor, 'emergency.command') && plan.status === 'active'),
  drill: (_actor, plan) => allowIf(plan.writable && plan.status === 'active'),
});

const selectPlans = (db: Tx, actor: Actor) =>
  db
    .select({ ...getTableColumns(p), orgName: orgs.name, writable: writeScope(actor).mapWith(Boolean) })
    .from(p)
    .innerJoin(orgs, eq(orgs.id, p.orgId))
    .$dynamic();

function summary(actor: Actor, row: PlanRow, today: string, noticeDays: number): PlanSummary {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    title: row.title,
    kind: row.kind,
    categories: row.categories,
    version: row.version,
    issuedOn: row.issuedOn,
    reviewDueOn: row.reviewDueOn,
    reviewState: rules.planReviewState(today, row.reviewDueOn, noticeDays),
    status: row.status,
    levels: row.content.levels,
    updatedAt: row.updatedAt.toISOString(),
    allowedActions: planPolicy.allowed(actor, row),
  };
}

/** Loads a plan the caller may read (404 otherwise). */
export async function loadPlan(tx: Tx, actor: Actor, id: string, lock = false): Promise<PlanRow> {
  const query = selectPlans(tx, actor).where(and(eq(p.id, id), planReadScope(actor)));
  const [row] = lock ? await query.for('update', { of: p }) : await query;
  if (!row) throw new AppError('NOT_FOUND', bi('预案不存在', 'No such plan'));
  return row;
}

async function detail(tx: Tx, actor: Actor, id: string): Promise<PlanDetail> {
  const row = await loadPlan(tx, actor, id);
  const settings = await emergencySettingsOf(tx);
  const revisions = await tx
    .select()
    .from(emergencyPlanRevisions)
    .where(eq(emergencyPlanRevisions.planId, id))
    .orderBy(desc(emergencyPlanRevisions.version));
  return {
    ...summary(actor, row, shanghaiDateOf(now(tx)), settings.planReviewNoticeDays),
    content: row.content,
    revisions: revisions.map((r) => ({
      id: r.id,
      version: r.version,
      title: r.title,
      issuedOn: r.issuedOn,
      note: r.note,
      drillId: r.drillId,
      revisedByName: r.revisedByName,
      revisedAt: r.revisedAt.toISOString(),
    })),
  };
}

export const getPlan = (db: Db, actor: Actor, id: string): Promise<PlanDetail> => db.transaction((tx) => detail(tx, actor, id));

type ListQuery = z.output<typeof api.emergencyPlans.listPlans.query>;

export async function listPlans(db: Db, actor: Actor, q: ListQuery): Promise<z.infer<typeof api.emergencyPlans.listPlans.response>> {
  return db.transaction(async (tx) => {
    const settings = await emergencySettingsOf(tx);
    const found = await listPage(
      tx,
      selectPlans(tx, actor),
      {
        where: [
          planReadScope(actor),
          q.kind ? eq(p.kind, q.kind) : undefined,
          q.status ? eq(p.status, q.status) : undefined,
          q.orgId ? eq(p.orgId, q.orgId) : undefined,
          q.category ? sql`${q.category} = any(${p.categories})` : undefined,
        ],
        search: [p.title, orgs.name],
        sortable: { title: p.title, issuedOn: p.issuedOn, reviewDueOn: p.reviewDueOn, kind: p.kind },
        // In force first; the district's overall plan before the special ones, down to on-site procedures.
        defaultOrder: [
          sql`${p.status} <> 'active'`,
          sql`array_position(array['overall','special','department','enterprise','onsite']::text[], ${p.kind})`,
          p.title,
        ],
        tieBreaker: p.id,
      },
      q,
    );
    const today = shanghaiDateOf(now(tx));
    return { ...found, items: (found.rows as PlanRow[]).map((r) => summary(actor, r, today, settings.planReviewNoticeDays)) };
  });
}

/** The owner a plan is filed under: the caller's own org, or one within their emergency.plan reach. */
async function ownerOf(tx: Tx, actor: Actor, orgId: string | undefined): Promise<{ id: string; type: string }> {
  const wanted = orgId ?? actor.orgId;
  if (!wanted) throw new AppError('FORBIDDEN');
  const [org] = await tx
    .select({ id: orgs.id, type: orgs.type })
    .from(orgs)
    .where(and(eq(orgs.id, wanted), scopeCondition(actor, 'emergency.plan', orgs.id)));
  if (!org) throw new AppError('FORBIDDEN', bi('该单位不在您的管理范围内', 'That unit is outside your reach'));
  return org;
}

/** An enterprise's plan is an enterprise or on-site plan; only government bodies issue overall, special and department plans. */
function checkKind(kind: rules.PlanKind, ownerType: string): void {
  if (ownerType === 'enterprise' && kind !== 'enterprise' && kind !== 'onsite')
    throw new AppError(
      'RULE_VIOLATION',
      bi('企业只能编制企业应急预案或现场处置方案', 'An enterprise issues enterprise plans and on-site procedures only'),
    );
}

type CreateBody = z.output<typeof api.emergencyPlans.createPlan.body>;

/** Issues a plan (version 1, kept as its first revision) in the caller's transaction: the API's and the demo's. */
export async function insertPlan(tx: Tx, actor: Actor, body: CreateBody): Promise<string> {
  const owner = await ownerOf(tx, actor, body.orgId);
  checkKind(body.kind, owner.type);
  const settings = await emergencySettingsOf(tx);
  const at = now(tx);
  const [plan] = await tx
    .insert(p)
    .values({
      orgId: owner.id,
      title: body.title,
      kind: body.kind,
      categories: body.categories,
      version: 1,
      issuedOn: body.issuedOn,
      reviewDueOn: rules.planReviewDueOn(body.issuedOn, settings.planReviewYears),
      content: body.content,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await tx.insert(emergencyPlanRevisions).values({
    planId: plan!.id,
    version: 1,
    title: body.title,
    content: body.content,
    issuedOn: body.issuedOn,
    note: null,
    revisedBy: actor.userId,
    revisedByName: actor.displayName,
    revisedAt: at,
  });
  await audit(tx, actor, { action: 'emergencyPlan.create', entityType: 'emergencyPlan', entityId: plan!.id, after: plan });
  return plan!.id;
}

export const createPlan = (db: Db, actor: Actor, body: CreateBody): Promise<PlanDetail> =>
  db.transaction(async (tx) => detail(tx, actor, await insertPlan(tx, actor, body)));

type ReviseBody = z.output<typeof api.emergencyPlans.revisePlan.body>;

/**
 * A revision: the next version with its note, kept whole in the history; the review date restarts from the
 * revision's issue date. Naming an evaluated drill of this plan links the two (its findings answered).
 */
export async function applyRevision(tx: Tx, actor: Actor, id: string, body: ReviseBody): Promise<void> {
  const before = await loadPlan(tx, actor, id, true);
  planPolicy.authorize(actor, before, 'edit');
  const owner = await tx.select({ type: orgs.type }).from(orgs).where(eq(orgs.id, before.orgId));
  checkKind(body.kind, owner[0]!.type);
  if (body.issuedOn < before.issuedOn)
    throw new AppError('RULE_VIOLATION', bi('修订日期不能早于上一版的发布日期', 'A revision cannot be dated before the previous version'));
  const settings = await emergencySettingsOf(tx);
  const at = now(tx);
  const version = before.version + 1;
  const [after] = await tx
    .update(p)
    .set({
      title: body.title,
      kind: body.kind,
      categories: body.categories,
      status: body.status,
      content: body.content,
      version,
      issuedOn: body.issuedOn,
      reviewDueOn: rules.planReviewDueOn(body.issuedOn, settings.planReviewYears),
      updatedAt: at,
    })
    .where(eq(p.id, id))
    .returning();
  const [revision] = await tx
    .insert(emergencyPlanRevisions)
    .values({
      planId: id,
      version,
      title: body.title,
      content: body.content,
      issuedOn: body.issuedOn,
      note: body.note,
      drillId: body.drillId ?? null,
      revisedBy: actor.userId,
      revisedByName: actor.displayName,
      revisedAt: at,
    })
    .returning();
  if (body.drillId) await linkDrillRevision(tx, id, body.drillId, revision!.id);
  await audit(tx, actor, { action: 'emergencyPlan.revise', entityType: 'emergencyPlan', entityId: id, before, after });
}

/** The drill must be this plan's, evaluated, and not yet answered by another revision. */
async function linkDrillRevision(tx: Tx, planId: string, drillId: string, revisionId: string): Promise<void> {
  const linked = await rows<{ id: string }>(
    tx,
    sql`update emergency_drills set revision_id = ${revisionId}, updated_at = ${now(tx)}
      where id = ${drillId} and plan_id = ${planId} and status = 'evaluated' and revision_id is null returning id`,
  );
  if (linked.length === 0)
    throw new AppError(
      'RULE_VIOLATION',
      bi(
        '所选演练不是本预案已评估且尚未据以修订的演练',
        'The drill is not an evaluated drill of this plan whose findings are still unanswered',
      ),
    );
}

export const revisePlan = (db: Db, actor: Actor, id: string, body: ReviseBody): Promise<PlanDetail> =>
  db.transaction(async (tx) => {
    await applyRevision(tx, actor, id, body);
    return detail(tx, actor, id);
  });
