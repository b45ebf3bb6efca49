import { AppError, type api, bi, emergency as rules, fieldError, risk, shanghaiDateOf } from '@citysafe/domain';
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, scopeOf } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { listPage, searchCondition } from '../../platform/list.js';
import { workflowTransitions } from '../../platform/platform.tables.js';
import { recordTransition } from '../../platform/workflow.js';
import { orgs } from '../identity/index.js';
import { type AreasChange, areaIdSql, extentSql, locateAreas } from '../map/index.js';
import { onIncidentChanged } from './incident-reports.service.js';
import { incidentPolicy } from './incident.policy.js';
import {
  type IncidentDetail,
  type IncidentRow,
  incidentObject,
  joinedIncidents,
  loadIncident,
  presentIncident,
  presentIncidentDetail,
} from './incident.present.js';
import { incidentScope } from './incident.scope.js';
import { incidentGradeHistory, incidentNumbers, incidents } from './incident.tables.js';

export { incidentScope } from './incident.scope.js';

type Point = { x: number; y: number };
export type IncidentFigures = api.emergency.IncidentFigures;
type FiguresChange = IncidentFigures & { note?: string | null | undefined };

/** A clock a few minutes ahead on a caller's phone is not a time in the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The next code of a year, claimed in the database (two incidents at once never share one). */
async function nextCode(tx: Tx, year: number): Promise<string> {
  const [claimed] = await tx
    .insert(incidentNumbers)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: incidentNumbers.year, set: { last: sql`${incidentNumbers.last} + 1` } })
    .returning({ last: incidentNumbers.last });
  return `SG-${year}-${String(claimed!.last).padStart(4, '0')}`;
}

const figuresOf = (f: Partial<IncidentFigures>): IncidentFigures => ({
  deaths: f.deaths ?? 0,
  missing: f.missing ?? 0,
  seriousInjuries: f.seriousInjuries ?? 0,
  minorInjuries: f.minorInjuries ?? 0,
  directLossWan: f.directLossWan ?? 0,
});

/** 直接经济损失 as stored (numeric(14, 2)): rounded to the fen's hundred, so that the grade is the stored value's. */
const roundWan = (wan: number): number => Math.round(wan * 100) / 100;

async function addHistory(
  tx: Tx,
  actor: Actor,
  incidentId: string,
  f: IncidentFigures,
  grading: rules.AccidentGrading,
  note: string | null,
) {
  await tx.insert(incidentGradeHistory).values({
    incidentId,
    changedAt: now(tx),
    ...f,
    grade: grading.grade,
    decidedBy: grading.decidedBy,
    note,
    changedBy: actor.userId,
  });
}

/** The unit of an incident: an enterprise records its own only; others name a registered org or a name in words. */
async function unitOf(tx: Tx, actor: Actor, input: api.emergency.IncidentInputParsed) {
  const scope = scopeOf(actor, 'emergency.report');
  if (scope.kind === 'own') {
    if (input.unitOrgId && input.unitOrgId !== scope.orgId)
      throw new AppError('FORBIDDEN', bi('企业只能报告本单位的事故', 'An enterprise reports its own incidents only'));
    const [own] = await tx.select().from(orgs).where(eq(orgs.id, scope.orgId));
    return own!;
  }
  if (!input.unitOrgId) return null;
  const [org] = await tx.select().from(orgs).where(eq(orgs.id, input.unitOrgId));
  if (!org) throw fieldError('unitOrgId', '事故发生单位不存在', 'No such unit');
  return org;
}

/**
 * Records one incident in the caller's transaction — the whole rule of creation, for the API, the duty log and
 * the monitoring module's alarms: the times checked (not in the future, learned not before it occurred), the
 * unit (an enterprise's own), areas from the point (or the unit's location), the grade of 493号令 Art. 3 with its
 * first history row, the code claimed, audited. Returns the new id.
 */
export async function recordIncident(tx: Tx, actor: Actor, input: api.emergency.IncidentInputParsed): Promise<string> {
  const at = now(tx);
  const occurredAt = new Date(input.occurredAt);
  const learnedAt = input.learnedAt ? new Date(input.learnedAt) : at;
  const latest = at.getTime() + CLOCK_SKEW_MS;
  if (occurredAt.getTime() > latest) throw fieldError('occurredAt', '发生时间不能晚于现在', 'occurredAt cannot be in the future');
  if (learnedAt.getTime() > latest) throw fieldError('learnedAt', '接报时间不能晚于现在', 'learnedAt cannot be in the future');
  if (learnedAt < occurredAt)
    throw fieldError('learnedAt', '接报时间不能早于事故发生时间', 'learnedAt cannot be earlier than the incident occurred');
  if (input.accidentType) {
    // GB 6441 by the day it occurred: the 1986 classification before 2026-07-01, the 2025 one from then on.
    const edition = risk.accidentTypeEditionOn(shanghaiDateOf(occurredAt));
    if (!edition.types.some((type) => type.code === input.accidentType))
      throw fieldError('accidentType', `${edition.standard} 中没有这个事故类型`, `No such accident type in ${edition.standard}`);
  }
  const unit = await unitOf(tx, actor, input);
  const point: Point | null =
    input.lng !== undefined && input.lat !== undefined ? { x: input.lng, y: input.lat } : (unit?.location ?? null);
  const areas = point
    ? await locateAreas(tx, { type: 'Point', coordinates: [point.x, point.y] })
    : { streetId: null, communityId: null, gridId: null };
  const reportedOrgId = actor.orgId ?? unit?.id;
  if (!reportedOrgId) throw new AppError('FORBIDDEN', bi('报告人须属于某个单位', 'The reporter must belong to an org'));
  const figures = figuresOf({ ...input, directLossWan: roundWan(input.directLossWan ?? 0) });
  const grading = rules.gradeAccident(figures);
  const [created] = await tx
    .insert(incidents)
    .values({
      code: await nextCode(tx, Number(shanghaiDateOf(occurredAt).slice(0, 4))),
      title: input.title,
      summary: input.summary ?? null,
      measuresTaken: input.measuresTaken ?? null,
      category: input.category,
      accidentType: input.accidentType ?? null,
      origin: input.origin,
      originRef: input.originRef ?? null,
      occurredAt,
      learnedAt,
      placeName: input.placeName ?? null,
      geom: point,
      ...areas,
      unitOrgId: unit?.id ?? null,
      unitName: input.unitName ?? null,
      ...figures,
      grade: grading.grade,
      gradeDecidedBy: grading.decidedBy,
      reportedBy: actor.userId,
      reportedOrgId,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await addHistory(tx, actor, created!.id, figures, grading, null);
  await audit(tx, actor, { action: 'incident.create', entityType: 'incident', entityId: created!.id, after: created });
  await onIncidentChanged(tx, created!.id);
  return created!.id;
}

const sameFigures = (row: IncidentRow, f: IncidentFigures) =>
  row.deaths === f.deaths &&
  row.missing === f.missing &&
  row.seriousInjuries === f.seriousInjuries &&
  row.minorInjuries === f.minorInjuries &&
  row.directLossWan === f.directLossWan;

/**
 * 核报: new casualties and loss for an incident in the caller's reach (404 out of it, 403 without emergency.report,
 * 409 once closed), in the caller's transaction: the grade recomputed, a history row and a timeline entry written
 * (the former and the new grade), audited. Sending the figures it has changes nothing.
 */
export async function changeIncidentFigures(tx: Tx, actor: Actor, id: string, change: FiguresChange): Promise<void> {
  const loaded = await loadIncident(tx, actor, id, { lock: true });
  incidentPolicy.authorize(actor, incidentObject(loaded), 'changeFigures');
  const before = loaded.i;
  const figures = figuresOf({ ...change, directLossWan: roundWan(change.directLossWan) });
  if (sameFigures(before, figures)) return;
  const grading = rules.gradeAccident(figures);
  const at = now(tx);
  const [after] = await tx
    .update(incidents)
    .set({ ...figures, grade: grading.grade, gradeDecidedBy: grading.decidedBy, updatedAt: at })
    .where(eq(incidents.id, id))
    .returning();
  const note = change.note ?? null;
  await addHistory(tx, actor, id, figures, grading, note);
  // On the timeline beside the workflow's steps: the state stays, the grade may move.
  await tx.insert(workflowTransitions).values({
    entityType: rules.incidentWorkflow.entity,
    entityId: id,
    action: 'changeFigures',
    fromState: before.status,
    toState: before.status,
    actorId: actor.userId,
    actorName: actor.displayName,
    input: { ...figures, note, gradeBefore: before.grade, grade: grading.grade },
    at,
  });
  await audit(tx, actor, { action: 'incident.changeFigures', entityType: 'incident', entityId: id, before, after });
  await onIncidentChanged(tx, id);
}

/**
 * One step of an incident's workflow in the caller's transaction (PLANS' activation calls `startResponse`): the
 * incident loaded within the caller's reach and locked, the step planned by the policy (404 unknown action or
 * incident, 403 reach or role, 409 state or an investigation still owed, 400 input), stored and recorded.
 */
export async function performIncidentAction(tx: Tx, actor: Actor, id: string, action: string, input: unknown): Promise<void> {
  const loaded = await loadIncident(tx, actor, id, { lock: true });
  const transition = incidentPolicy.plan(actor, incidentObject(loaded), action, input);
  const [after] = await tx
    .update(incidents)
    .set({ status: transition.to, updatedAt: now(tx) })
    .where(eq(incidents.id, id))
    .returning();
  await recordTransition(tx, rules.incidentWorkflow, id, transition, actor, { before: loaded.i, after });
  await onIncidentChanged(tx, id);
}

// ---------------------------------------------------------------------------------------------------
// The API

const detail = async (tx: Tx, actor: Actor, id: string): Promise<IncidentDetail> =>
  presentIncidentDetail(tx, actor, await loadIncident(tx, actor, id));

/** POST /api/emergency/incidents: 201 with the new incident. */
export const createIncident = (db: Db, actor: Actor, input: api.emergency.IncidentInputParsed): Promise<IncidentDetail> =>
  db.transaction(async (tx) => detail(tx, actor, await recordIncident(tx, actor, input)));

/** PUT /api/emergency/incidents/{id}/figures. */
export const updateIncidentFigures = (db: Db, actor: Actor, id: string, change: FiguresChange): Promise<IncidentDetail> =>
  db.transaction(async (tx) => {
    await changeIncidentFigures(tx, actor, id, change);
    return detail(tx, actor, id);
  });

/** POST /api/emergency/incidents/{id}/actions/{action}. */
export const takeIncidentAction = (db: Db, actor: Actor, id: string, action: string, input: unknown): Promise<IncidentDetail> =>
  db.transaction(async (tx) => {
    await performIncidentAction(tx, actor, id, action, input);
    return detail(tx, actor, id);
  });

export const getIncident = (db: Db, actor: Actor, id: string): Promise<IncidentDetail> => detail(db, actor, id);

type IncidentFilters = Pick<
  z.output<typeof api.emergency.listIncidents.query>,
  'status' | 'grade' | 'category' | 'streetId' | 'from' | 'to'
>;

/** The list's filters as SQL, shared by the list, the map and the xlsx export. */
export function incidentConditions(actor: Actor, q: IncidentFilters): (SQL | undefined)[] {
  return [
    incidentScope(actor, 'emergency.read'),
    q.status ? eq(incidents.status, q.status) : undefined,
    q.grade ? eq(incidents.grade, q.grade) : undefined,
    q.category ? eq(incidents.category, q.category) : undefined,
    q.streetId ? eq(incidents.streetId, q.streetId) : undefined,
    q.from ? sql`${incidents.occurredAt} >= ${new Date(q.from).toISOString()}` : undefined,
    q.to ? sql`${incidents.occurredAt} < ${new Date(q.to).toISOString()}` : undefined,
  ];
}

/** 特别重大 first when sorting by grade descending. */
export const incidentSortable = {
  occurredAt: incidents.occurredAt,
  code: incidents.code,
  grade: sql<number>`case ${incidents.grade} when '特别重大' then 4 when '重大' then 3 when '较大' then 2 else 1 end`,
};

export const incidentSearch = [incidents.title, incidents.code, incidents.placeName, incidents.unitName];

export async function listIncidents(db: Db, actor: Actor, q: z.output<typeof api.emergency.listIncidents.query>) {
  const page = await listPage(
    db,
    joinedIncidents(db).$dynamic(),
    {
      where: incidentConditions(actor, q),
      search: incidentSearch,
      sortable: incidentSortable,
      defaultOrder: [desc(incidents.occurredAt)],
      tieBreaker: incidents.id,
    },
    q,
  );
  return { ...page, items: page.rows.map((j) => presentIncident(actor, j)) };
}

/** The most incidents one map request carries: a district records hundreds a year. */
const MAP_MAX = 5000;

export async function incidentsGeoJson(
  db: Db,
  actor: Actor,
  q: z.output<typeof api.emergency.incidentsGeoJson.query>,
): Promise<z.infer<typeof api.emergency.incidentsGeoJson.response>> {
  const found = await db
    .select()
    .from(incidents)
    .where(and(...incidentConditions(actor, q), sql`${incidents.geom} is not null`, searchCondition(q.q, incidentSearch)))
    .orderBy(desc(incidents.occurredAt), incidents.id)
    .limit(MAP_MAX);
  return {
    type: 'FeatureCollection',
    features: found.map((i) => ({
      type: 'Feature',
      id: i.id,
      geometry: { type: 'Point', coordinates: [i.geom!.x, i.geom!.y] },
      properties: {
        id: i.id,
        code: i.code,
        title: i.title,
        grade: i.grade,
        status: i.status,
        category: i.category,
        occurredAt: i.occurredAt.toISOString(),
      },
    })),
  };
}

/**
 * Boundaries changed (imported, drawn, deleted): the incidents within the change's extent take their street,
 * community and grid again, in the transaction that changed the boundaries.
 */
export async function relocateIncidents(tx: Tx, change: AreasChange): Promise<void> {
  const geom = sql`${incidents.geom}`;
  await tx
    .update(incidents)
    .set({ streetId: areaIdSql('street', geom), communityId: areaIdSql('community', geom), gridId: areaIdSql('grid', geom) })
    .where(sql`${incidents.geom} is not null and ST_Intersects(${incidents.geom}, ${extentSql(change)})`);
}
