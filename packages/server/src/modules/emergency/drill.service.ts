import { AppError, type api, bi, emergency as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, can, scopeCondition } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, rows, type Tx } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import { allowIf, workflowPolicy } from '../../platform/policy.js';
import { recordTransition } from '../../platform/workflow.js';
import { orgs } from '../identity/index.js';
import { emergencyDrills } from './drill.tables.js';
import { emergencySettingsOf } from './emergency-settings.service.js';
import { loadPlan, planReadScope } from './plan.service.js';
import { emergencyPlans } from './plan.tables.js';

const d = emergencyDrills;
type DrillDetail = api.emergencyPlans.DrillDetail;
type DrillRow = typeof d.$inferSelect & { orgName: string; planTitle: string; planContent: rules.PlanContent; writable: boolean };

/** Drills are read within emergency.read over the unit holding them, or with the plan they exercise. */
const readScope = (actor: Actor) =>
  sql`(${scopeCondition(actor, 'emergency.read', d.orgId)} or exists (select 1 from emergency_plans ep where ep.id = ${d.planId} and ${planReadScope(actor, sql`ep.org_id`)}))`;

const writeScope = (actor: Actor) =>
  can(actor, 'emergency.plan') ? sql<boolean>`coalesce(${scopeCondition(actor, 'emergency.plan', d.orgId)}, false)` : sql<boolean>`false`;

/**
 * The unit holding the drill (emergency.plan over it) records, evaluates and cancels it; once evaluated with findings
 * it may answer them with a plan revision (`revise`) if it may edit the plan.
 */
export const drillPolicy = workflowPolicy(rules.drillWorkflow, {
  state: (drill: DrillRow) => drill.status,
  reach: (_actor, drill) => allowIf(drill.writable),
  others: {
    revise: (_actor, drill) => allowIf(drill.writable && drill.status === 'evaluated' && drill.revisionId === null),
  },
});

const selectDrills = (tx: Tx, actor: Actor) =>
  tx
    .select({
      ...getTableColumns(d),
      orgName: orgs.name,
      planTitle: emergencyPlans.title,
      planContent: emergencyPlans.content,
      writable: writeScope(actor).mapWith(Boolean),
    })
    .from(d)
    .innerJoin(orgs, eq(orgs.id, d.orgId))
    .innerJoin(emergencyPlans, eq(emergencyPlans.id, d.planId))
    .$dynamic();

function present(actor: Actor, r: DrillRow): api.emergencyPlans.Drill {
  return {
    id: r.id,
    planId: r.planId,
    planTitle: r.planTitle,
    orgId: r.orgId,
    orgName: r.orgName,
    title: r.title,
    kind: r.kind,
    plannedOn: r.plannedOn,
    heldOn: r.heldOn,
    status: r.status,
    summary: r.summary,
    participants: r.participants,
    findings: r.findings,
    revisionId: r.revisionId,
    updatedAt: r.updatedAt.toISOString(),
    allowedActions: drillPolicy.allowed(actor, r),
  };
}

async function load(tx: Tx, actor: Actor, id: string, lock = false): Promise<DrillRow> {
  const query = selectDrills(tx, actor).where(and(eq(d.id, id), readScope(actor)));
  const [row] = lock ? await query.for('update', { of: d }) : await query;
  if (!row) throw new AppError('NOT_FOUND', bi('演练不存在', 'No such drill'));
  return row;
}

function detailOf(actor: Actor, r: DrillRow): DrillDetail {
  const evaluated = new Map((r.evaluations ?? []).map((e) => [e.actionKey, e]));
  return {
    ...present(actor, r),
    actions: rules.planActionsOf(r.planContent).map((a) => ({
      key: a.key,
      roleName: a.roleName,
      level: a.level,
      text: a.text,
      result: evaluated.get(a.key)?.result ?? null,
      note: evaluated.get(a.key)?.note ?? null,
    })),
  };
}

export const getDrill = (db: Db, actor: Actor, id: string): Promise<DrillDetail> =>
  db.transaction(async (tx) => detailOf(actor, await load(tx, actor, id)));

type ListQuery = z.output<typeof api.emergencyPlans.listDrills.query>;

export async function listDrills(db: Db, actor: Actor, q: ListQuery): Promise<z.infer<typeof api.emergencyPlans.listDrills.response>> {
  const found = await listPage(
    db,
    selectDrills(db, actor),
    {
      where: [
        readScope(actor),
        q.planId ? eq(d.planId, q.planId) : undefined,
        q.status ? eq(d.status, q.status) : undefined,
        q.year ? sql`extract(year from coalesce(${d.heldOn}, ${d.plannedOn})) = ${q.year}` : undefined,
      ],
      search: [d.title, orgs.name, emergencyPlans.title],
      sortable: { plannedOn: d.plannedOn, title: d.title, status: d.status },
      defaultOrder: [sql`${d.plannedOn} desc`],
      tieBreaker: d.id,
    },
    q,
  );
  return { ...found, items: (found.rows as DrillRow[]).map((r) => present(actor, r)) };
}

type CreateBody = z.output<typeof api.emergencyPlans.createDrill.body>;

/** Plans a drill of a plan the caller reads, by a unit within their emergency.plan reach (their own by default). */
export async function insertDrill(tx: Tx, actor: Actor, body: CreateBody): Promise<string> {
  const plan = await loadPlan(tx, actor, body.planId);
  if (plan.status !== 'active') throw new AppError('RULE_VIOLATION', bi('该预案已废止', 'The plan has been withdrawn'));
  const orgId = body.orgId ?? actor.orgId;
  const [unit] = orgId
    ? await tx
        .select({ id: orgs.id })
        .from(orgs)
        .where(and(eq(orgs.id, orgId), scopeCondition(actor, 'emergency.plan', orgs.id)))
    : [];
  if (!unit) throw new AppError('FORBIDDEN', bi('该单位不在您的管理范围内', 'That unit is outside your reach'));
  const at = now(tx);
  const [row] = await tx
    .insert(d)
    .values({
      planId: plan.id,
      orgId: unit.id,
      title: body.title,
      kind: body.kind,
      plannedOn: body.plannedOn,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await audit(tx, actor, { action: 'emergencyDrill.create', entityType: 'emergencyDrill', entityId: row!.id, after: row });
  return row!.id;
}

export const createDrill = (db: Db, actor: Actor, body: CreateBody): Promise<DrillDetail> =>
  db.transaction(async (tx) => detailOf(actor, await load(tx, actor, await insertDrill(tx, actor, body))));

/** 实施 (held on a day not in the future), 评估 (against the plan's own actions, each once), 取消. */
export async function applyDrillAction(tx: Tx, actor: Actor, id: string, action: string, input: unknown): Promise<DrillDetail> {
  const before = await load(tx, actor, id, true);
  const transition = drillPolicy.plan(actor, before, action, input);
  const at = now(tx);
  const set: Partial<typeof d.$inferInsert> = { status: transition.to, updatedAt: at };
  if (transition.action === 'hold') {
    const held = transition.input as z.output<typeof rules.drillHoldInput>;
    if (held.heldOn > shanghaiDateOf(at))
      throw new AppError('RULE_VIOLATION', bi('实施日期不能晚于今天', 'A drill cannot be recorded as held in the future'));
    Object.assign(set, { heldOn: held.heldOn, summary: held.summary, participants: held.participants ?? null });
  }
  if (transition.action === 'evaluate') {
    const evaluation = transition.input as z.output<typeof rules.drillEvaluateInput>;
    const problems = rules.drillEvaluationProblems(before.planContent, evaluation.evaluations);
    if (problems.unknown.length > 0 || problems.repeated.length > 0)
      throw new AppError(
        'RULE_VIOLATION',
        bi(
          `评估项与预案措施不符：${[...problems.unknown.map((k) => `${k}（预案中没有）`), ...problems.repeated.map((k) => `${k}（重复）`)].join('、')}`,
          `The evaluation does not match the plan's actions: ${[...problems.unknown.map((k) => `${k} (not in the plan)`), ...problems.repeated.map((k) => `${k} (repeated)`)].join(', ')}`,
        ),
      );
    Object.assign(set, { evaluations: evaluation.evaluations, findings: evaluation.findings ?? null });
  }
  const [after] = await tx.update(d).set(set).where(eq(d.id, id)).returning();
  const { planContent: _content, ...snapshot } = before;
  await recordTransition(tx, rules.drillWorkflow, id, transition, actor, { before: snapshot, after });
  return detailOf(actor, await load(tx, actor, id));
}

export const performDrillAction = (db: Db, actor: Actor, id: string, action: string, input: unknown): Promise<DrillDetail> =>
  db.transaction((tx) => applyDrillAction(tx, actor, id, action, input));

/**
 * Drills held (held or evaluated) per unit in a year against settings.drillsPerYear: every unit in the caller's
 * emergency.read reach that owns an active plan, so a unit with none held is listed as short.
 */
export async function drillYear(
  db: Db,
  actor: Actor,
  year: number | undefined,
): Promise<z.infer<typeof api.emergencyPlans.drillYear.response>> {
  return db.transaction(async (tx) => {
    const settings = await emergencySettingsOf(tx);
    const y = year ?? Number(shanghaiDateOf(now(tx)).slice(0, 4));
    const found = await rows<{ org_id: string; org_name: string; held: number }>(
      tx,
      sql`select o.id as org_id, o.name as org_name,
          (select count(*)::int from emergency_drills x where x.org_id = o.id and x.status in ('held', 'evaluated')
            and extract(year from x.held_on) = ${y}) as held
        from orgs o
        where o.id in (select distinct plan.org_id from emergency_plans plan where plan.status = 'active')
          and ${scopeCondition(actor, 'emergency.read', sql`o.id`)}
        order by held, o.name, o.id`,
    );
    return {
      year: y,
      target: settings.drillsPerYear,
      items: found.map((r) => {
        const standing = rules.drillYearStanding(r.held, settings.drillsPerYear);
        return { orgId: r.org_id, orgName: r.org_name, held: r.held, met: standing.met, short: standing.short };
      }),
    };
  });
}
