import { AppError, type api, bi, hazard as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { type Actor, inScope, scopeOf } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { assertReadableFiles, presentFile } from '../../platform/files.service.js';
import { listPage, searchCondition, sortOrder } from '../../platform/list.js';
import { files } from '../../platform/platform.tables.js';
import { recordTransition, timeline } from '../../platform/workflow.js';
import { orgs, users } from '../identity/index.js';
import { locateAreas } from '../map/index.js';
import { riskControlMeasures, riskSources } from '../risk/index.js';
import { hazardStandardClauses, hazardStandards } from './hazard-rules.tables.js';
import { insertHazard, mayReportHazard } from './hazard.service.js';
import { hazards } from './hazard.tables.js';
import { type InspectionObject, inspectionInReach, inspectionPolicy, inspectionScope } from './inspection.policy.js';
import { hazardInspectionItems, hazardInspectionNumbers, hazardInspections } from './inspection.tables.js';

type Inspection = api.hazardInspections.Inspection;
type InspectionDetail = api.hazardInspections.InspectionDetail;
type ListQuery = z.infer<typeof api.hazardInspections.inspectionListQuery>;
type CreateBody = z.infer<typeof api.hazardInspections.createInspection.body>;
type AnswerBody = z.infer<typeof api.hazardInspections.answerInspectionItem.body>;
type ItemRow = typeof hazardInspectionItems.$inferSelect;

const notFound = () => new AppError('NOT_FOUND', bi('排查任务不存在', 'No such inspection'));
const invalid = (field: string, message: { zh: string; en: string }) =>
  new AppError('VALIDATION', undefined, { fields: [{ field, message }] });

// ---- reading ----

const t = hazardInspections;
const target = alias(orgs, 'target');
const inspectorOrg = alias(orgs, 'inspector_org');
const street = alias(orgs, 'street');
const community = alias(orgs, 'community');
const grid = alias(orgs, 'grid');
const inspector = alias(users, 'inspector');

const counts = {
  itemCount: sql<number>`(select count(*)::int from hazard_inspection_items i where i.inspection_id = ${t.id})`,
  answeredCount: sql<number>`(select count(*)::int from hazard_inspection_items i where i.inspection_id = ${t.id} and i.result <> 'pending')`,
  failedCount: sql<number>`(select count(*)::int from hazard_inspection_items i where i.inspection_id = ${t.id} and i.result = 'fail')`,
};

const selection = {
  i: t,
  targetName: target.name,
  targetPath: target.path,
  inspectorOrgName: inspectorOrg.name,
  inspectorOrgPath: inspectorOrg.path,
  inspectorName: inspector.displayName,
  streetName: street.name,
  streetPath: street.path,
  communityPath: community.path,
  gridPath: grid.path,
  ...counts,
};

const selectInspections = (db: Tx) =>
  db
    .select(selection)
    .from(t)
    .innerJoin(inspectorOrg, eq(inspectorOrg.id, t.inspectorOrgId))
    .leftJoin(target, eq(target.id, t.targetOrgId))
    .leftJoin(inspector, eq(inspector.id, t.inspectorId))
    .leftJoin(street, eq(street.id, t.streetId))
    .leftJoin(community, eq(community.id, t.communityId))
    .leftJoin(grid, eq(grid.id, t.gridId))
    .$dynamic();

export interface Loaded {
  i: typeof t.$inferSelect;
  targetName: string | null;
  targetPath: string | null;
  inspectorOrgName: string;
  inspectorOrgPath: string;
  inspectorName: string | null;
  streetName: string | null;
  streetPath: string | null;
  communityPath: string | null;
  gridPath: string | null;
  itemCount: number;
  answeredCount: number;
  failedCount: number;
}

const policyObject = (r: Loaded): InspectionObject => ({
  status: r.i.status,
  inspectorOrg: { id: r.i.inspectorOrgId, path: r.inspectorOrgPath },
  targetOrg: r.i.targetOrgId && r.targetPath ? { id: r.i.targetOrgId, path: r.targetPath } : null,
  areas: [
    [r.i.streetId, r.streetPath],
    [r.i.communityId, r.communityPath],
    [r.i.gridId, r.gridPath],
  ].flatMap(([id, path]) => (id && path ? [{ id, path }] : [])),
});

function present(actor: Actor, r: Loaded): Inspection {
  const i = r.i;
  return {
    id: i.id,
    code: i.code,
    title: i.title,
    targetOrgId: i.targetOrgId,
    targetOrgName: r.targetName,
    placeName: i.placeName,
    lng: i.geom?.x ?? null,
    lat: i.geom?.y ?? null,
    streetId: i.streetId,
    streetName: r.streetName,
    inspectorOrgId: i.inspectorOrgId,
    inspectorOrgName: r.inspectorOrgName,
    inspectorId: i.inspectorId,
    inspectorName: r.inspectorName,
    templateCode: i.templateCode,
    plannedOn: i.plannedOn,
    status: i.status,
    startedAt: i.startedAt?.toISOString() ?? null,
    completedAt: i.completedAt?.toISOString() ?? null,
    summary: i.summary,
    itemCount: r.itemCount,
    answeredCount: r.answeredCount,
    failedCount: r.failedCount,
    updatedAt: i.updatedAt.toISOString(),
    allowedActions: inspectionPolicy.allowed(actor, policyObject(r)),
  };
}

/** The inspection if the caller may read it; 404 otherwise (whether absent or out of reach). */
async function load(tx: Tx, actor: Actor, id: string): Promise<Loaded> {
  const [found] = await selectInspections(tx).where(eq(t.id, id));
  if (!found || !inspectionInReach(actor, 'hazard.read', policyObject(found))) throw notFound();
  return found;
}

const answeredBy = alias(users, 'answered_by');

async function items(tx: Tx, id: string): Promise<api.hazardInspections.InspectionItem[]> {
  const rows = await tx
    .select({
      item: hazardInspectionItems,
      hazardCode: hazards.code,
      answeredByName: answeredBy.displayName,
    })
    .from(hazardInspectionItems)
    .leftJoin(hazards, eq(hazards.id, hazardInspectionItems.hazardId))
    .leftJoin(answeredBy, eq(answeredBy.id, hazardInspectionItems.answeredBy))
    .where(eq(hazardInspectionItems.inspectionId, id))
    .orderBy(asc(hazardInspectionItems.position));
  const photoIds = rows.flatMap((r) => r.item.photoIds);
  const photos = photoIds.length > 0 ? await tx.select().from(files).where(inArray(files.id, photoIds)) : [];
  const byId = new Map(photos.map((f) => [f.id, presentFile(f)]));
  return rows.map(({ item, hazardCode, answeredByName }) => ({
    id: item.id,
    position: item.position,
    text: item.text,
    basis: item.basis,
    category: item.category,
    origin: item.origin,
    riskSourceId: item.riskSourceId,
    controlMeasureId: item.controlMeasureId,
    clauseId: item.clauseId,
    result: item.result,
    note: item.note,
    photos: item.photoIds.flatMap((p) => byId.get(p) ?? []),
    hazardId: item.hazardId,
    hazardCode,
    answeredByName,
    answeredAt: item.answeredAt?.toISOString() ?? null,
  }));
}

async function detail(tx: Tx, actor: Actor, id: string): Promise<InspectionDetail> {
  const loaded = await load(tx, actor, id);
  return {
    ...present(actor, loaded),
    items: await items(tx, id),
    timeline: await timeline(tx, rules.inspectionWorkflow.entity, id),
  };
}

export const getInspection = (db: Db, actor: Actor, id: string): Promise<InspectionDetail> => db.transaction((tx) => detail(tx, actor, id));

const filterConditions = (actor: Actor, f: Omit<ListQuery, 'page' | 'pageSize'>): (SQL | undefined)[] => [
  f.status ? eq(t.status, f.status) : undefined,
  f.templateCode ? eq(t.templateCode, f.templateCode) : undefined,
  f.targetOrgId ? eq(t.targetOrgId, f.targetOrgId) : undefined,
  f.streetId ? eq(t.streetId, f.streetId) : undefined,
  f.mine === 'true' ? (actor.orgId ? eq(t.inspectorOrgId, actor.orgId) : sql`false`) : undefined,
];

const inspectionSearch = [t.title, t.code, t.placeName, target.name];
const inspectionSortable = { plannedOn: t.plannedOn, code: t.code, status: t.status, updatedAt: t.updatedAt };
// What is still to do first, the nearest planned date first; finished ones after.
const inspectionDefaultOrder = [sql`${t.status} in ('completed', 'cancelled')`, t.plannedOn];

export async function listInspections(
  db: Db,
  actor: Actor,
  q: ListQuery,
): Promise<z.infer<typeof api.hazardInspections.listInspections.response>> {
  const found = await listPage(
    db,
    selectInspections(db),
    {
      where: [inspectionScope(actor, 'hazard.read'), ...filterConditions(actor, q)],
      search: inspectionSearch,
      sortable: inspectionSortable,
      defaultOrder: inspectionDefaultOrder,
      tieBreaker: t.id,
    },
    q,
  );
  return {
    ...found,
    items: (found.rows as Loaded[]).map((r) => present(actor, r)),
  };
}

/** The rows of the 排查记录台账: the list's reach, filters, search and order, at most `limit`. */
export const inspectionLedgerRows = (db: Db, actor: Actor, q: Omit<ListQuery, 'page' | 'pageSize'>, limit: number): Promise<Loaded[]> =>
  selectInspections(db)
    .where(and(inspectionScope(actor, 'hazard.read'), ...filterConditions(actor, q), searchCondition(q.q, inspectionSearch)))
    .orderBy(...(q.sort ? [sortOrder(inspectionSortable, q.sort)!] : inspectionDefaultOrder), asc(t.id))
    .limit(limit);

export const listTemplates = async (): Promise<z.infer<typeof api.hazardInspections.listInspectionTemplates.response>> => ({
  items: rules.inspectionTemplates.map((tpl) => ({
    ...tpl,
    items: [...tpl.items],
  })),
});

// ---- planning ----

const hazardCategoryCodes: ReadonlySet<string> = new Set(rules.hazardCategoryCodes);
const hazardCategoryOf = (code: string): string | null => (hazardCategoryCodes.has(code) ? code : null);

/** PC-<year>-<seq>: the next number of the year, claimed by an atomic upsert. */
async function nextCode(tx: Tx, at: Date): Promise<string> {
  const year = Number(shanghaiDateOf(at).slice(0, 4));
  const [row] = await tx
    .insert(hazardInspectionNumbers)
    .values({ year, last: 1 })
    .onConflictDoUpdate({
      target: hazardInspectionNumbers.year,
      set: { last: sql`${hazardInspectionNumbers.last} + 1` },
    })
    .returning();
  return `PC-${year}-${String(row!.last).padStart(6, '0')}`;
}

/**
 * Whether the caller may inspect this enterprise: an enterprise inspects itself (its reach is its own
 * org); a street, a department or 安委办 any enterprise of its district (部门检查, 网格巡查 cross the tree).
 */
function mayTarget(actor: Actor, org: { id: string; path: string }): boolean {
  const scope = scopeOf(actor, 'hazard.inspect');
  if (scope.kind === 'all') return true;
  if (scope.kind === 'own' || scope.kind === 'none') return inScope(actor, 'hazard.inspect', org);
  return org.path.startsWith(actor.districtPath || actor.orgPath);
}

type OrgRow = typeof orgs.$inferSelect;
type Areas = Partial<Awaited<ReturnType<typeof locateAreas>>>;

/**
 * A failed item registers a hazard of the target in the inspector's name: what would be refused then is
 * refused now, when the work is handed out, rather than as a 403 in the middle of the inspection. Where the
 * place is known, the hazard's reach at it (`mayReportHazard`: a grid member reports in its own grid); where
 * it is not yet (the answer gives it from the device), the target's registered area — its parent in the org
 * tree — must meet the caller's own: a grid member of 新筑街办 does not plan an enterprise of 新合街办.
 */
async function checkTargetInReach(tx: Tx, actor: Actor, target: OrgRow, areas: Areas): Promise<void> {
  const areaIds = [areas.streetId, areas.communityId, areas.gridId].filter((a): a is string => !!a);
  const areaOrgs = areaIds.length > 0 ? await tx.select().from(orgs).where(inArray(orgs.id, areaIds)) : [];
  const [reporter] = actor.orgId ? await tx.select().from(orgs).where(eq(orgs.id, actor.orgId)) : [];
  const reportedOrg = reporter ?? target;
  const department = reportedOrg.type === 'department' ? reportedOrg : null;
  if (mayReportHazard(actor, { responsibleOrg: target, areas: areaOrgs, department, reportedOrg, supervisingOrg: null })) return;
  const scope = scopeOf(actor, 'hazard.report');
  const registeredArea = target.path.slice(0, target.path.slice(0, -1).lastIndexOf('/') + 1);
  if (areaOrgs.length === 0 && scope.kind === 'subtree' && (scope.path.startsWith(registeredArea) || registeredArea.startsWith(scope.path)))
    return;
  const where = areaOrgs.find((a) => a.id === areas.streetId)?.name;
  throw new AppError('RULE_VIOLATION', bi(`${target.name}不在您的辖区内`, `${target.name} lies outside your area`), {
    fields: [
      {
        field: 'targetOrgId',
        message: bi(
          `该单位${where ? `位于${where}，` : ''}不在您的辖区内：在此排查发现的隐患您无法登记，请由其所在街办或网格安排`,
          `This enterprise${where ? ` (in ${where})` : ''} lies outside your area: you could not register the hazards found there; its own street or grid plans it`,
        ),
      },
    ],
  });
}

async function checklistSources(tx: Tx, body: CreateBody) {
  const template = body.templateCode ? rules.inspectionTemplate(body.templateCode) : undefined;
  if (body.templateCode && !template) throw invalid('templateCode', bi('没有这个排查模板', 'No such checklist template'));

  const clauses = body.clauseIds.length
    ? await tx
        .select({ clause: hazardStandardClauses, standard: hazardStandards })
        .from(hazardStandardClauses)
        .innerJoin(hazardStandards, eq(hazardStandards.id, hazardStandardClauses.standardId))
        .where(
          and(inArray(hazardStandardClauses.id, body.clauseIds), eq(hazardStandardClauses.active, true), eq(hazardStandards.active, true)),
        )
    : [];
  body.clauseIds.forEach((cid, n) => {
    if (!clauses.some((c) => c.clause.id === cid))
      throw invalid(`clauseIds.${n}`, bi('判定标准条款不存在或已停用', 'No such active clause'));
  });

  if (body.riskSourceIds?.length && !body.targetOrgId)
    throw invalid('riskSourceIds', bi('选择风险源前请先选择被检查单位', 'Choose the inspected enterprise before its risk sources'));
  const sources = body.targetOrgId
    ? await tx
        .select({ id: riskSources.id, name: riskSources.name, category: riskSources.category })
        .from(riskSources)
        .where(and(eq(riskSources.orgId, body.targetOrgId), body.riskSourceIds ? inArray(riskSources.id, body.riskSourceIds) : undefined))
    : [];
  (body.riskSourceIds ?? []).forEach((sid, n) => {
    if (!sources.some((s) => s.id === sid))
      throw invalid(`riskSourceIds.${n}`, bi('风险源不属于被检查单位', 'Not a risk source of the inspected enterprise'));
  });
  const names = new Map(sources.map((s) => [s.id, s.name]));
  // The risk census and the hazards share some category codes (危险化学品, 建筑施工, 人员密集场所 …): a failed
  // measure is filed under its source's category when the hazards know it.
  const categories = new Map(sources.map((s) => [s.id, hazardCategoryOf(s.category)]));
  const measures = sources.length
    ? await tx
        .select()
        .from(riskControlMeasures)
        .where(inArray(riskControlMeasures.sourceId, [...names.keys()]))
        .orderBy(asc(riskControlMeasures.sourceId), asc(riskControlMeasures.createdAt), asc(riskControlMeasures.id))
    : [];

  return rules.buildChecklist({
    measures: measures.map((m) => ({
      id: m.id,
      sourceId: m.sourceId,
      sourceName: names.get(m.sourceId)!,
      description: m.description,
      category: categories.get(m.sourceId) ?? null,
    })),
    clauses: body.clauseIds.map((cid) => {
      const { clause, standard } = clauses.find((c) => c.clause.id === cid)!;
      return {
        id: clause.id,
        reference: `${standard.documentNumber ?? standard.name} ${clause.number}`,
        text: clause.text,
        category: standard.sector,
      };
    }),
    template,
    custom: body.customItems,
  });
}

/**
 * Plans an inspection of an enterprise and/or a place: its checklist is built at once from the
 * enterprise's risk sources' control measures, the chosen clauses, the template and the inspector's
 * own lines, so that what is checked is fixed when the work is handed out.
 */
export const createInspection = (db: Db, actor: Actor, body: CreateBody): Promise<InspectionDetail> =>
  db.transaction((tx) => planInspection(tx, actor, body));

/** `createInspection` in the caller's transaction (the demo's, on its clock). */
export async function planInspection(tx: Tx, actor: Actor, body: CreateBody): Promise<InspectionDetail> {
  if (!body.targetOrgId && !body.placeName)
    throw invalid('targetOrgId', bi('请选择被检查单位或填写场所', 'Choose the enterprise or name the place'));
  if ((body.lng === undefined) !== (body.lat === undefined))
    throw invalid(body.lng === undefined ? 'lng' : 'lat', bi('经纬度须同时填写', 'Give both longitude and latitude'));
  const inspectorOrgId = body.inspectorOrgId ?? actor.orgId;
  if (!inspectorOrgId) throw invalid('inspectorOrgId', bi('请选择排查单位', 'Choose the inspecting org'));
  const [inspecting] = await tx.select().from(orgs).where(eq(orgs.id, inspectorOrgId));
  if (!inspecting) throw invalid('inspectorOrgId', bi('排查单位不存在', 'No such org'));
  if (!inScope(actor, 'hazard.inspect', inspecting)) throw new AppError('FORBIDDEN');
  const [targetOrg] = body.targetOrgId ? await tx.select().from(orgs).where(eq(orgs.id, body.targetOrgId)) : [];
  if (body.targetOrgId && !targetOrg) throw invalid('targetOrgId', bi('被检查单位不存在', 'No such enterprise'));
  if (targetOrg && !mayTarget(actor, targetOrg)) throw new AppError('FORBIDDEN');

  const drafts = await checklistSources(tx, body);
  if (drafts.length === 0)
    throw new AppError(
      'RULE_VIOLATION',
      bi(
        '排查清单为空：请选择模板、判定标准条款，或被检查单位须有风险管控措施',
        'The checklist is empty: choose a template or clauses, or inspect an enterprise with control measures',
      ),
    );

  const point = body.lng !== undefined && body.lat !== undefined ? { x: body.lng, y: body.lat } : (targetOrg?.location ?? null);
  const areas = point
    ? await locateAreas(tx, {
        type: 'Point',
        coordinates: [point.x, point.y],
      })
    : {};
  if (targetOrg) await checkTargetInReach(tx, actor, targetOrg, areas);
  const at = now(tx);
  const [created] = await tx
    .insert(t)
    .values({
      code: await nextCode(tx, at),
      title: body.title,
      targetOrgId: body.targetOrgId ?? null,
      placeName: body.placeName ?? null,
      geom: point,
      ...areas,
      inspectorOrgId,
      inspectorId: actor.userId,
      templateCode: body.templateCode ?? null,
      plannedOn: body.plannedOn,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  const id = created!.id;
  await tx.insert(hazardInspectionItems).values(
    drafts.map((d, n) => ({
      inspectionId: id,
      position: n + 1,
      text: d.text,
      basis: d.basis,
      category: d.category,
      origin: d.origin,
      riskSourceId: d.riskSourceId,
      controlMeasureId: d.controlMeasureId,
      clauseId: d.clauseId,
    })),
  );
  const result = await detail(tx, actor, id);
  await audit(tx, actor, {
    action: 'hazardInspection.create',
    entityType: 'hazardInspection',
    entityId: id,
    before: null,
    after: result,
  });
  return result;
}

// ---- running ----

/** The title of the hazard a failed item makes: the item's own words, within the hazard's 200 characters. */
const hazardTitle = (text: string) => (text.length > 200 ? `${text.slice(0, 199)}…` : text);

/**
 * Answers one item. A failure registers a hazard pre-filled from the item (its text, category, clause,
 * risk source and control measure; the inspection as its origin; where it was seen) in the same
 * transaction, and the item keeps the hazard: an item that made a hazard is not answered again.
 */
export const answerItem = (db: Db, actor: Actor, id: string, itemId: string, body: AnswerBody): Promise<InspectionDetail> =>
  db.transaction((tx) => answerItemIn(tx, actor, id, itemId, body));

/** `answerItem` in the caller's transaction (the demo's, on its clock). */
export async function answerItemIn(tx: Tx, actor: Actor, id: string, itemId: string, body: AnswerBody): Promise<InspectionDetail> {
  if ((body.lng === undefined) !== (body.lat === undefined))
    throw invalid(body.lng === undefined ? 'lng' : 'lat', bi('经纬度须同时填写', 'Give both longitude and latitude'));
  const loaded = await load(tx, actor, id);
  inspectionPolicy.authorize(actor, policyObject(loaded), 'answer');
  const [item] = await tx
    .select()
    .from(hazardInspectionItems)
    .where(and(eq(hazardInspectionItems.id, itemId), eq(hazardInspectionItems.inspectionId, id)))
    .for('update');
  if (!item) throw new AppError('NOT_FOUND', bi('排查项不存在', 'No such checklist item'));
  if (item.hazardId) {
    const [made] = await tx.select({ code: hazards.code }).from(hazards).where(eq(hazards.id, item.hazardId));
    throw new AppError(
      'CONFLICT',
      bi(`该项已登记为隐患 ${made?.code ?? ''}，请在隐患中跟进`, `This item already made hazard ${made?.code ?? ''}: follow it up there`),
    );
  }
  await assertReadableFiles(tx, actor, body.photoIds, 'photoIds');
  const at = now(tx);
  const hazardId = body.result === 'fail' ? await hazardFrom(tx, actor, loaded, item, body, at) : null;
  const [after] = await tx
    .update(hazardInspectionItems)
    .set({
      result: body.result,
      note: body.note ?? null,
      photoIds: body.photoIds,
      hazardId,
      answeredBy: actor.userId,
      answeredAt: at,
    })
    .where(eq(hazardInspectionItems.id, itemId))
    .returning();
  await tx.update(t).set({ updatedAt: at }).where(eq(t.id, id));
  await audit(tx, actor, {
    action: 'hazardInspection.answer',
    entityType: 'hazardInspection',
    entityId: id,
    before: item,
    after,
  });
  return detail(tx, actor, id);
}

async function hazardFrom(tx: Tx, actor: Actor, loaded: Loaded, item: ItemRow, body: AnswerBody, at: Date): Promise<string> {
  const given = body.hazard;
  const responsibleOrgId = given?.responsibleOrgId ?? loaded.i.targetOrgId;
  if (!responsibleOrgId)
    throw new AppError('RULE_VIOLATION', bi('请指定隐患的责任单位', 'Name the unit responsible for the hazard'), {
      fields: [
        {
          field: 'hazard.responsibleOrgId',
          message: bi('场所检查须指定责任单位', 'A place inspection must name the responsible unit'),
        },
      ],
    });
  const point =
    body.lng !== undefined && body.lat !== undefined
      ? { lng: body.lng, lat: body.lat }
      : loaded.i.geom
        ? { lng: loaded.i.geom.x, lat: loaded.i.geom.y }
        : {};
  const description = [given?.description, body.note, item.basis ? `检查依据：${item.basis}` : undefined].filter(Boolean).join('\n');
  const located = 'lng' in point;
  return insertHazard(tx, actor, {
    title: given?.title ?? hazardTitle(item.text),
    level: given?.level ?? '一般',
    responsibleOrgId,
    foundAt: at.toISOString(),
    ...(description ? { description } : {}),
    ...((given?.category ?? item.category)
      ? {
          category: (given?.category ?? item.category) as rules.HazardCategoryCode,
        }
      : {}),
    ...point,
    ...(given?.deadline ? { deadline: given.deadline } : {}),
    ...((loaded.i.placeName ?? loaded.targetName) ? { placeName: (loaded.i.placeName ?? loaded.targetName)! } : {}),
    ...(item.riskSourceId ? { riskSourceId: item.riskSourceId } : {}),
    ...(item.controlMeasureId ? { controlMeasureId: item.controlMeasureId } : {}),
    ...(item.clauseId ? { standardClauseId: item.clauseId } : {}),
    ...(given?.majorBasis ? { majorBasis: given.majorBasis } : {}),
    photoIds: body.photoIds,
    origin: 'inspection',
    originRef: loaded.i.id,
  }).catch((error: unknown) => {
    // Without a point a hazard has no area, and one who reports by area (a grid member on patrol) is refused:
    // what is missing is the place, which the inspector can give from the device or the map.
    if (!located && error instanceof AppError && error.code === 'FORBIDDEN')
      throw new AppError('RULE_VIOLATION', bi('请提供发现位置', 'Give the place where it was found'), {
        fields: [
          { field: 'lng', message: bi('请使用本机定位或在地图上点选位置', "Use the device's location or pick the spot on the map") },
        ],
      });
    throw error;
  });
}

/** 开始, 完成 (every item answered), 取消: one workflow action. */
export const performInspectionAction = (db: Db, actor: Actor, id: string, action: string, input: unknown): Promise<InspectionDetail> =>
  db.transaction((tx) => applyInspectionAction(tx, actor, id, action, input));

/** `performInspectionAction` in the caller's transaction (the demo's, on its clock). */
export async function applyInspectionAction(tx: Tx, actor: Actor, id: string, action: string, input: unknown): Promise<InspectionDetail> {
  const loaded = await load(tx, actor, id);
  const transition = inspectionPolicy.plan(actor, policyObject(loaded), action, input);
  const at = now(tx);
  const set: Partial<typeof t.$inferInsert> = {
    status: transition.to,
    updatedAt: at,
  };
  if (transition.action === 'start') set.startedAt = at;
  if (transition.action === 'complete') {
    const answers = await tx
      .select({
        position: hazardInspectionItems.position,
        result: hazardInspectionItems.result,
      })
      .from(hazardInspectionItems)
      .where(eq(hazardInspectionItems.inspectionId, id));
    const open = rules.unansweredItems(answers);
    if (open.length > 0)
      throw new AppError(
        'RULE_VIOLATION',
        bi(
          `还有 ${open.length} 项未填写（第 ${open.join('、')} 项），全部填写后才能完成`,
          `${open.length} item(s) unanswered (no. ${open.join(', ')}): answer every item to complete`,
        ),
      );
    set.completedAt = at;
    set.summary = transition.input.summary ?? null;
  }
  const [after] = await tx.update(t).set(set).where(eq(t.id, id)).returning();
  await recordTransition(tx, rules.inspectionWorkflow, id, transition, actor, { before: loaded.i, after });
  return detail(tx, actor, id);
}
