import { AppError, type api, bi, fieldError, risk as rules, addCalendarDays, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type * as GeoJSON from 'geojson';
import type { z } from 'zod';
import { type Actor, inScope } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import { recordTransition, timeline } from '../../platform/workflow.js';
import { orgs, users } from '../identity/index.js';
import { type AreasChange, areaIdSql, extentSql, locateAreas } from '../map/index.js';
import { measurePolicy, type SourceObject, settingsPolicy, sourcePolicy } from './risk.policy.js';
import { riskSourceScope } from './risk.scope.js';
import { riskAssessments, riskControlMeasures, riskLevelRaisers, riskSettings, riskSourceNumbers, riskSources } from './risk.tables.js';

type SourceRow = typeof riskSources.$inferSelect;
type OrgRow = typeof orgs.$inferSelect;
type Detail = z.infer<typeof api.risk.riskSourceDetail>;
type ListItem = z.infer<typeof api.risk.riskSource>;

const notFound = () => new AppError('NOT_FOUND', bi('风险源不存在', 'No such risk source'));

const street = alias(orgs, 'street');
const community = alias(orgs, 'community');
const grid = alias(orgs, 'grid');

const orgName = (o: { name: string; shortName: string | null }) => o.shortName || o.name;
const ref = (o: OrgRow | null) => (o ? { id: o.id, name: orgName(o) } : null);

/** The rows a source is presented from: itself, its unit and the areas it lies in. */
const sourceSelection = { s: riskSources, org: orgs, street, community, grid };
type Joined = { s: SourceRow; org: OrgRow; street: OrgRow | null; community: OrgRow | null; grid: OrgRow | null };

const joinedSources = (db: Tx) =>
  db
    .select(sourceSelection)
    .from(riskSources)
    .innerJoin(orgs, eq(orgs.id, riskSources.orgId))
    .leftJoin(street, eq(street.id, riskSources.streetId))
    .leftJoin(community, eq(community.id, riskSources.communityId))
    .leftJoin(grid, eq(grid.id, riskSources.gridId));

const asObject = (j: Joined): SourceObject => ({
  status: j.s.status,
  org: j.org,
  areas: [j.street, j.community, j.grid].filter((o): o is OrgRow => o !== null),
  locationConfirmed: j.s.locationConfirmedAt !== null,
});

function present(actor: Actor, j: Joined): ListItem {
  const s = j.s;
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    category: s.category,
    org: { id: j.org.id, name: orgName(j.org) },
    street: ref(j.street),
    community: ref(j.community),
    grid: ref(j.grid),
    address: s.address,
    responsiblePerson: s.responsiblePerson,
    assessedLevel: s.assessedLevel,
    level: s.level,
    status: s.status,
    locationConfirmedAt: s.locationConfirmedAt?.toISOString() ?? null,
    geometry: s.geom as ListItem['geometry'],
    updatedAt: s.updatedAt.toISOString(),
    allowedActions: sourcePolicy.allowed(actor, asObject(j)),
  };
}

/** Loads a source the caller may see (404 otherwise: a source out of reach is not known to exist). */
async function loadSource(tx: Tx, actor: Actor, id: string, lock = false): Promise<Joined> {
  const query = joinedSources(tx).where(and(eq(riskSources.id, id), riskSourceScope(actor, 'risk.read')));
  const [row] = lock ? await query.for('update', { of: riskSources }) : await query;
  if (!row) throw notFound();
  return row;
}

async function presentDetail(tx: Tx, actor: Actor, j: Joined): Promise<Detail> {
  const id = j.s.id;
  const [assessments, measures, raisers, confirmedBy, steps] = await Promise.all([
    tx
      .select()
      .from(riskAssessments)
      .where(eq(riskAssessments.sourceId, id))
      .orderBy(desc(riskAssessments.assessedAt), desc(riskAssessments.id)),
    tx
      .select()
      .from(riskControlMeasures)
      .where(eq(riskControlMeasures.sourceId, id))
      .orderBy(asc(riskControlMeasures.createdAt), asc(riskControlMeasures.id)),
    tx
      .select()
      .from(riskLevelRaisers)
      .where(eq(riskLevelRaisers.sourceId, id))
      .orderBy(sql`${riskLevelRaisers.closedAt} is not null`, desc(riskLevelRaisers.openedAt))
      .limit(50),
    j.s.locationConfirmedBy
      ? tx.select({ name: users.displayName }).from(users).where(eq(users.id, j.s.locationConfirmedBy))
      : Promise.resolve([]),
    timeline(tx, rules.riskSourceWorkflow.entity, id),
  ]);
  const object = asObject(j);
  const measureActions = measurePolicy.allowed(actor, object);
  return {
    ...present(actor, j),
    responsiblePhone: j.s.responsiblePhone,
    description: j.s.description,
    hazardFactors: j.s.hazardFactors,
    accidentTypes: j.s.accidentTypes,
    assessments: assessments.map((a) => ({
      id: a.id,
      method: a.method,
      inputs: a.inputs as Record<string, number>,
      score: a.score,
      level: a.level,
      reason: a.reason,
      assessorName: a.assessorName,
      assessedAt: a.assessedAt.toISOString(),
    })),
    measures: measures.map((m) => ({
      id: m.id,
      type: m.type as rules.ControlMeasureType,
      description: m.description,
      responsibleLevel: m.responsibleLevel as rules.ResponsibleLevel,
      responsibleUnit: m.responsibleUnit,
      responsiblePerson: m.responsiblePerson,
      reviewCycleDays: m.reviewCycleDays,
      nextReviewOn: m.nextReviewOn,
      allowedActions: measureActions,
    })),
    raisers: raisers.map((r) => ({
      id: r.id,
      originModule: r.originModule,
      originKind: r.originKind,
      originId: r.originId,
      raiseTo: r.raiseTo,
      reason: r.reason,
      openedAt: r.openedAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
    })),
    locationConfirmedBy: confirmedBy[0]?.name ?? null,
    createdAt: j.s.createdAt.toISOString(),
    timeline: steps,
  };
}

/** The registry's filters as SQL, shared by the list and its export. */
export function sourceConditions(actor: Actor, q: z.output<typeof api.risk.exportSources.query>): (SQL | undefined)[] {
  return [
    riskSourceScope(actor, 'risk.read'),
    q.category ? eq(riskSources.category, q.category) : undefined,
    q.level ? eq(riskSources.level, q.level) : undefined,
    q.status ? eq(riskSources.status, q.status) : undefined,
    q.orgId ? eq(riskSources.orgId, q.orgId) : undefined,
    q.streetId ? eq(riskSources.streetId, q.streetId) : undefined,
    q.communityId ? eq(riskSources.communityId, q.communityId) : undefined,
    q.gridId ? eq(riskSources.gridId, q.gridId) : undefined,
    q.locationConfirmed === undefined
      ? undefined
      : q.locationConfirmed === 'true'
        ? sql`${riskSources.locationConfirmedAt} is not null`
        : isNull(riskSources.locationConfirmedAt),
  ];
}

/** Levels ordered by rank (重大 highest), so that sorting by level reads as the registry does. */
export const levelRank = sql<number>`case ${riskSources.level} when 'major' then 4 when 'significant' then 3 when 'general' then 2 when 'low' then 1 else 0 end`;

export const sourceSortable = {
  code: riskSources.code,
  name: riskSources.name,
  level: levelRank,
  category: riskSources.category,
  status: riskSources.status,
  updatedAt: riskSources.updatedAt,
};

export async function listSources(db: Db, actor: Actor, q: z.output<typeof api.risk.listSources.query>) {
  const page = await listPage(
    db,
    joinedSources(db).$dynamic(),
    {
      where: sourceConditions(actor, q),
      search: [riskSources.name, riskSources.code, riskSources.address, orgs.name],
      sortable: sourceSortable,
      defaultOrder: [desc(riskSources.updatedAt)],
      tieBreaker: riskSources.id,
    },
    q,
  );
  return { ...page, items: page.rows.map((j) => present(actor, j)) };
}

export async function getSource(db: Db, actor: Actor, id: string): Promise<Detail> {
  return presentDetail(db, actor, await loadSource(db, actor, id));
}

/** The next code of a year, claimed in the database (two registrations at once never share one). */
async function nextCode(tx: Tx): Promise<string> {
  const year = Number(shanghaiDateOf(now(tx)).slice(0, 4));
  const [claimed] = await tx
    .insert(riskSourceNumbers)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: riskSourceNumbers.year, set: { last: sql`${riskSourceNumbers.last} + 1` } })
    .returning({ last: riskSourceNumbers.last });
  return `FX-${year}-${String(claimed!.last).padStart(4, '0')}`;
}

/** Accident type codes must be of the edition in force today (GB 6441-1986 until 2026-07-01, then GB 6441-2025). */
function checkAccidentTypes(tx: Tx, codes: readonly string[], field = 'accidentTypes'): void {
  const edition = rules.accidentTypeEditionOn(shanghaiDateOf(now(tx)));
  codes.forEach((code, i) => {
    if (!edition.types.some((t) => t.code === code))
      throw fieldError(
        `${field}.${i}`,
        `${edition.standard} 中没有编码为 ${code} 的事故类型`,
        `${edition.standard} has no accident type ${code}`,
      );
  });
}

/** The responsible unit of a new source: the caller's own org unless another within reach is named. */
async function responsibleOrg(tx: Tx, actor: Actor, orgId: string | undefined): Promise<OrgRow> {
  const id = orgId ?? actor.orgId;
  if (!id) throw fieldError('orgId', '请选择责任单位', 'Choose the responsible unit');
  const [org] = await tx.select().from(orgs).where(eq(orgs.id, id));
  if (!org) throw fieldError('orgId', '责任单位不存在', 'No such unit');
  if (!inScope(actor, 'risk.register', org))
    throw new AppError('FORBIDDEN', bi('不能为该单位登记风险源', 'You may not register sources for this unit'));
  return org;
}

export type NewSource = z.output<typeof api.risk.sourceInput>;

/** Inserts one source (the caller has checked the unit) with its areas computed from the geometry. */
export async function insertSource(tx: Tx, actor: Actor, input: NewSource, org: OrgRow): Promise<string> {
  checkAccidentTypes(tx, input.accidentTypes);
  const areas = await locateAreas(tx, input.geometry as GeoJSON.Geometry);
  const at = now(tx);
  const [created] = await tx
    .insert(riskSources)
    .values({
      code: await nextCode(tx),
      name: input.name,
      category: input.category,
      geom: input.geometry as GeoJSON.Geometry,
      address: input.address ?? null,
      orgId: org.id,
      responsiblePerson: input.responsiblePerson ?? null,
      responsiblePhone: input.responsiblePhone ?? null,
      description: input.description ?? null,
      hazardFactors: input.hazardFactors,
      accidentTypes: input.accidentTypes,
      ...areas,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  await audit(tx, actor, { action: 'riskSource.create', entityType: 'riskSource', entityId: created!.id, after: created });
  return created!.id;
}

export async function createSource(db: Db, actor: Actor, input: NewSource): Promise<Detail> {
  return db.transaction(async (tx) => {
    const org = await responsibleOrg(tx, actor, input.orgId);
    const id = await insertSource(tx, actor, input, org);
    return presentDetail(tx, actor, await loadSource(tx, actor, id));
  });
}

export async function updateSource(db: Db, actor: Actor, id: string, input: z.output<typeof api.risk.updateSource.body>): Promise<Detail> {
  return db.transaction(async (tx) => {
    const j = await loadSource(tx, actor, id, true);
    sourcePolicy.authorize(actor, asObject(j), 'update');
    if (input.accidentTypes) checkAccidentTypes(tx, input.accidentTypes);
    const set: Partial<typeof riskSources.$inferInsert> = { updatedAt: now(tx) };
    for (const key of [
      'name',
      'category',
      'address',
      'responsiblePerson',
      'responsiblePhone',
      'description',
      'hazardFactors',
      'accidentTypes',
    ] as const) {
      if (input[key] !== undefined) (set as Record<string, unknown>)[key] = input[key];
    }
    if (input.geometry) {
      // A move recomputes the areas and asks the street to confirm the new location.
      Object.assign(set, await locateAreas(tx, input.geometry as GeoJSON.Geometry), {
        geom: input.geometry as GeoJSON.Geometry,
        locationConfirmedAt: null,
        locationConfirmedBy: null,
      });
    }
    const [after] = await tx.update(riskSources).set(set).where(eq(riskSources.id, id)).returning();
    await audit(tx, actor, { action: 'riskSource.update', entityType: 'riskSource', entityId: id, before: j.s, after });
    return presentDetail(tx, actor, await loadSource(tx, actor, id));
  });
}

/** A census action (submit, review, return, reopen) through the workflow. */
export async function performSourceAction(db: Db, actor: Actor, id: string, action: string, input: unknown): Promise<Detail> {
  return db.transaction(async (tx) => {
    const j = await loadSource(tx, actor, id, true);
    const t = sourcePolicy.plan(actor, asObject(j), action, input);
    if (t.action === 'submit' && j.s.assessedLevel === null) {
      throw new AppError('RULE_VIOLATION', bi('请先评估风险等级再提交审核', 'Assess the source before submitting it'));
    }
    const [after] = await tx
      .update(riskSources)
      .set({ status: t.to, updatedAt: now(tx) })
      .where(eq(riskSources.id, id))
      .returning();
    await recordTransition(tx, rules.riskSourceWorkflow, id, t, actor, { before: j.s, after });
    return presentDetail(tx, actor, await loadSource(tx, actor, id));
  });
}

export async function confirmLocation(db: Db, actor: Actor, id: string): Promise<Detail> {
  return db.transaction(async (tx) => {
    const j = await loadSource(tx, actor, id, true);
    sourcePolicy.authorize(actor, asObject(j), 'confirmLocation');
    const [after] = await tx
      .update(riskSources)
      .set({ locationConfirmedAt: now(tx), locationConfirmedBy: actor.userId })
      .where(eq(riskSources.id, id))
      .returning();
    await audit(tx, actor, { action: 'riskSource.confirmLocation', entityType: 'riskSource', entityId: id, before: j.s, after });
    return presentDetail(tx, actor, await loadSource(tx, actor, id));
  });
}

const GRADING_KEY = 'grading';

/** The grading rules in force: the administrator's, or the defaults (CALC's, with their sources). */
export async function gradingConfig(tx: Tx): Promise<{ config: rules.GradingConfig; updatedAt: Date | null; updatedBy: string | null }> {
  const [row] = await tx
    .select({ value: riskSettings.value, updatedAt: riskSettings.updatedAt, updatedBy: users.displayName })
    .from(riskSettings)
    .leftJoin(users, eq(users.id, riskSettings.updatedBy))
    .where(eq(riskSettings.key, GRADING_KEY));
  if (!row) return { config: rules.defaultGradingConfig, updatedAt: null, updatedBy: null };
  return { config: row.value as rules.GradingConfig, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

async function presentSettings(tx: Tx, actor: Actor) {
  const { config, updatedAt, updatedBy } = await gradingConfig(tx);
  return {
    grading: config,
    defaults: rules.defaultGradingConfig,
    updatedAt: updatedAt?.toISOString() ?? null,
    updatedBy,
    allowedActions: settingsPolicy.allowed(actor, null),
  };
}

export const getSettings = (db: Db, actor: Actor) => presentSettings(db, actor);

export async function updateSettings(db: Db, actor: Actor, input: rules.GradingConfig) {
  return db.transaction(async (tx) => {
    settingsPolicy.authorize(actor, null, 'update');
    const before = await gradingConfig(tx);
    await tx
      .insert(riskSettings)
      .values({ key: GRADING_KEY, value: input, updatedBy: actor.userId, updatedAt: now(tx) })
      .onConflictDoUpdate({ target: riskSettings.key, set: { value: input, updatedBy: actor.userId, updatedAt: now(tx) } });
    await audit(tx, actor, {
      action: 'riskSettings.update',
      entityType: 'riskSettings',
      // The settings row's key: the audit log describes the entry by it and links the rules' page.
      entityId: GRADING_KEY,
      before: before.config,
      after: input,
    });
    return presentSettings(tx, actor);
  });
}

/**
 * Sets the displayed level from the assessed level and the open raisers (`risk.displayedLevel`),
 * in the caller's transaction. Returns the level now shown.
 */
export async function recomputeLevel(tx: Tx, sourceId: string): Promise<rules.RiskLevel | null> {
  const [source] = await tx.select({ assessed: riskSources.assessedLevel }).from(riskSources).where(eq(riskSources.id, sourceId));
  if (!source) throw notFound();
  const open = await tx
    .select({ raiseTo: riskLevelRaisers.raiseTo })
    .from(riskLevelRaisers)
    .where(and(eq(riskLevelRaisers.sourceId, sourceId), isNull(riskLevelRaisers.closedAt)));
  const level = rules.displayedLevel(source.assessed, open);
  await tx.update(riskSources).set({ level }).where(eq(riskSources.id, sourceId));
  return level;
}

type AssessBody = z.output<typeof api.risk.assessSource.body>;

/** Records an assessment under the grading rules in force; it sets the assessed level and the displayed one. */
export async function assessSource(db: Db, actor: Actor, id: string, input: AssessBody): Promise<Detail> {
  return db.transaction(async (tx) => {
    const j = await loadSource(tx, actor, id, true);
    sourcePolicy.authorize(actor, asObject(j), 'assess');
    await insertAssessment(tx, actor, id, input);
    return presentDetail(tx, actor, await loadSource(tx, actor, id));
  });
}

/** Writes one assessment and the levels it sets (the demo and the import call it too). */
export async function insertAssessment(tx: Tx, actor: Actor, sourceId: string, input: AssessBody): Promise<void> {
  const { config } = await gradingConfig(tx);
  const result = rules.assess(input, config);
  const inputs = input.method === 'lec' ? { L: input.L, E: input.E, C: input.C } : input.method === 'ls' ? { L: input.L, S: input.S } : {};
  const [made] = await tx
    .insert(riskAssessments)
    .values({
      sourceId,
      method: input.method,
      inputs,
      score: result.score,
      level: result.level,
      reason: input.reason ?? null,
      settings: input.method === 'direct' ? {} : config[input.method],
      assessedBy: actor.userId,
      assessorName: actor.displayName,
      assessedAt: now(tx),
    })
    .returning();
  await tx
    .update(riskSources)
    .set({ assessedLevel: result.level, updatedAt: now(tx) })
    .where(eq(riskSources.id, sourceId));
  await recomputeLevel(tx, sourceId);
  await audit(tx, actor, { action: 'riskSource.assess', entityType: 'riskSource', entityId: sourceId, after: made });
}

type MeasureBody = z.output<typeof api.risk.measureInput>;

/** Writes one control measure; its first review is due a cycle from today unless given. */
export async function insertMeasure(tx: Tx, actor: Actor, sourceId: string, input: MeasureBody): Promise<void> {
  const [made] = await tx
    .insert(riskControlMeasures)
    .values({
      sourceId,
      type: input.type,
      description: input.description,
      responsibleLevel: input.responsibleLevel,
      responsibleUnit: input.responsibleUnit ?? null,
      responsiblePerson: input.responsiblePerson ?? null,
      reviewCycleDays: input.reviewCycleDays,
      nextReviewOn: input.nextReviewOn ?? addCalendarDays(shanghaiDateOf(now(tx)), input.reviewCycleDays),
    })
    .returning();
  await audit(tx, actor, { action: 'riskSource.addMeasure', entityType: 'riskSource', entityId: sourceId, after: made });
}

export async function addMeasure(db: Db, actor: Actor, id: string, input: MeasureBody): Promise<Detail> {
  return db.transaction(async (tx) => {
    const j = await loadSource(tx, actor, id, true);
    sourcePolicy.authorize(actor, asObject(j), 'addMeasure');
    await insertMeasure(tx, actor, id, input);
    return presentDetail(tx, actor, await loadSource(tx, actor, id));
  });
}

async function loadMeasure(tx: Tx, actor: Actor, measureId: string) {
  const [m] = await tx.select().from(riskControlMeasures).where(eq(riskControlMeasures.id, measureId));
  if (!m) throw new AppError('NOT_FOUND', bi('管控措施不存在', 'No such control measure'));
  try {
    return { m, source: await loadSource(tx, actor, m.sourceId, true) };
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', bi('管控措施不存在', 'No such control measure'));
    throw e;
  }
}

export async function updateMeasure(db: Db, actor: Actor, measureId: string, input: Partial<MeasureBody>): Promise<Detail> {
  return db.transaction(async (tx) => {
    const { m, source } = await loadMeasure(tx, actor, measureId);
    measurePolicy.authorize(actor, asObject(source), 'update');
    const set = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const [after] = await tx.update(riskControlMeasures).set(set).where(eq(riskControlMeasures.id, measureId)).returning();
    await audit(tx, actor, { action: 'riskSource.updateMeasure', entityType: 'riskSource', entityId: m.sourceId, before: m, after });
    return presentDetail(tx, actor, await loadSource(tx, actor, m.sourceId));
  });
}

export async function deleteMeasure(db: Db, actor: Actor, measureId: string): Promise<Detail> {
  return db.transaction(async (tx) => {
    const { m, source } = await loadMeasure(tx, actor, measureId);
    measurePolicy.authorize(actor, asObject(source), 'delete');
    await tx.delete(riskControlMeasures).where(eq(riskControlMeasures.id, measureId));
    await audit(tx, actor, { action: 'riskSource.deleteMeasure', entityType: 'riskSource', entityId: m.sourceId, before: m });
    return presentDetail(tx, actor, await loadSource(tx, actor, m.sourceId));
  });
}

/** What another module says when it opens a record that raises a source's level. */
export interface RaiseInput {
  sourceId: string;
  /** e.g. 'hazard.major', 'monitoring.alarm.red': a key of `risk.levelRaiseRules`. */
  originKind: string;
  /** The record's id in its module. */
  originId: string;
  /** The level to raise to; the rule's when absent. */
  raiseTo?: rules.RiskLevel;
  reason?: string | null;
}

/**
 * 动态升级: opens a raiser on a source for a record of another module (a 重大隐患, an active
 * alarm) and recomputes the source's displayed level, in the caller's transaction. Opening the same
 * record again changes nothing (one open raiser per record and source). Returns the level shown.
 */
export async function raiseRiskLevel(tx: Tx, actor: Actor, input: RaiseInput): Promise<rules.RiskLevel | null> {
  if (!rules.isLevelRaiseKind(input.originKind)) {
    throw fieldError('originKind', `未知的升级来源 ${input.originKind}`, `Unknown kind of raiser ${input.originKind}`);
  }
  const rule = rules.levelRaiseRules[input.originKind];
  const [source] = await tx.select({ id: riskSources.id }).from(riskSources).where(eq(riskSources.id, input.sourceId)).for('update');
  if (!source) throw notFound();
  const [opened] = await tx
    .insert(riskLevelRaisers)
    .values({
      sourceId: input.sourceId,
      originModule: rule.module,
      originKind: input.originKind,
      originId: input.originId,
      raiseTo: input.raiseTo ?? rule.raiseTo,
      reason: input.reason ?? null,
      openedAt: now(tx),
    })
    .onConflictDoNothing()
    .returning();
  const level = await recomputeLevel(tx, input.sourceId);
  if (opened)
    await audit(tx, actor, { action: 'riskSource.raiseLevel', entityType: 'riskSource', entityId: input.sourceId, after: opened });
  return level;
}

/**
 * Closes the open raisers of a record (on one source, or on every source it raised) and recomputes
 * their displayed levels, in the caller's transaction: the hazard is closed (销号), the alarm cleared.
 */
export async function releaseRiskLevel(
  tx: Tx,
  actor: Actor,
  input: { originKind: string; originId: string; sourceId?: string },
): Promise<void> {
  const closed = await tx
    .update(riskLevelRaisers)
    .set({ closedAt: now(tx) })
    .where(
      and(
        eq(riskLevelRaisers.originKind, input.originKind),
        eq(riskLevelRaisers.originId, input.originId),
        isNull(riskLevelRaisers.closedAt),
        input.sourceId ? eq(riskLevelRaisers.sourceId, input.sourceId) : undefined,
      ),
    )
    .returning();
  for (const sourceId of [...new Set(closed.map((r) => r.sourceId))].sort()) {
    await recomputeLevel(tx, sourceId);
    await audit(tx, actor, {
      action: 'riskSource.releaseLevel',
      entityType: 'riskSource',
      entityId: sourceId,
      after: closed.filter((r) => r.sourceId === sourceId),
    });
  }
}

/**
 * Boundaries changed (imported, drawn, deleted): the sources within the change's extent take their
 * street, community and grid again, in the transaction that changed the boundaries. The sources did
 * not move, so the street's confirmation of where they are stands.
 */
export async function relocateSources(tx: Tx, change: AreasChange): Promise<void> {
  const geom = sql`${riskSources.geom}`;
  await tx
    .update(riskSources)
    .set({ streetId: areaIdSql('street', geom), communityId: areaIdSql('community', geom), gridId: areaIdSql('grid', geom) })
    .where(sql`ST_Intersects(${riskSources.geom}, ${extentSql(change)})`);
}
