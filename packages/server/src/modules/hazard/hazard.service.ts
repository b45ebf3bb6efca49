import { AppError, api, bi, errorStatus, fieldError, hazard as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, scopeOf } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, rows, type Tx } from '../../platform/db.js';
import { assertReadableFiles } from '../../platform/files.service.js';
import { issueMessage } from '../../platform/http.js';
import { listPage } from '../../platform/list.js';
import { orgs } from '../identity/index.js';
import { type AreasChange, areaIdSql, extentSql, locateAreas } from '../map/index.js';
import { raiseRiskLevel, riskSourceScope } from '../risk/index.js';
import { checkStandardClause, findRepeatOf } from './hazard-rules.service.js';
import { type HazardDetail, joinedHazards, loadHazard, presentedOn, presentHazard, presentHazardDetail } from './hazard.present.js';
import { type HazardReach, hazardInReach, hazardScope } from './hazard.scope.js';
import { hazardNumbers, hazardPhotos, hazards } from './hazard.tables.js';

type HazardRow = typeof hazards.$inferSelect;
type OrgRow = typeof orgs.$inferSelect;
type Point = { x: number; y: number };

/** What creates a hazard: the contract's body, with the origin other parts set (an inspection, a public report). */
export type NewHazard = api.hazard.HazardInputParsed & {
  origin?: rules.HazardOrigin;
  originRef?: string | null;
  /**
   * Photos of the record the hazard is made from (a public report's), which the caller reaches through that record
   * rather than by `file.read` (the public's uploads belong to the district): attached as found like `photoIds`, the
   * record's reach having been checked by the caller.
   */
  recordPhotoIds?: readonly string[];
};

/** The raiser kind an open 重大 hazard puts on its risk source (risk module, `levelRaiseRules`). */
const MAJOR_RAISE = 'hazard.major';

/** The next code of a year, claimed in the database (two hazards at once never share one). */
async function nextCode(tx: Tx): Promise<string> {
  const year = Number(shanghaiDateOf(now(tx)).slice(0, 4));
  const [claimed] = await tx
    .insert(hazardNumbers)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: hazardNumbers.year, set: { last: sql`${hazardNumbers.last} + 1` } })
    .returning({ last: hazardNumbers.last });
  return `YH-${year}-${String(claimed!.last).padStart(6, '0')}`;
}

async function orgById(tx: Tx, id: string): Promise<OrgRow | undefined> {
  const [org] = await tx.select().from(orgs).where(eq(orgs.id, id));
  return org;
}

/** The origin when the caller names none: what an enterprise finds is its self-check, a grid member's a patrol. */
function defaultOrigin(actor: Actor): rules.HazardOrigin {
  if (actor.roles.includes('enterprise')) return 'self_check';
  if (actor.roles.includes('grid_member')) return 'grid_patrol';
  return 'department_check';
}

/** Where a hazard is: the point given, or else the responsible unit's location (null when it has none). */
const pointOf = (input: { lng?: number | undefined; lat?: number | undefined }, org: OrgRow): Point | null =>
  input.lng !== undefined && input.lat !== undefined ? { x: input.lng, y: input.lat } : (org.location ?? null);

const areasOf = async (tx: Tx, point: Point | null) =>
  point ? locateAreas(tx, { type: 'Point', coordinates: [point.x, point.y] }) : { streetId: null, communityId: null, gridId: null };

/** The risk source and control measure a hazard links to: the source in the caller's reading reach or the unit's own. */
async function checkRiskLinks(tx: Tx, actor: Actor, input: NewHazard, responsibleOrgId: string): Promise<void> {
  if (input.riskSourceId) {
    const [source] = await rows<{ id: string }>(
      tx,
      sql`select id from risk_sources where id = ${input.riskSourceId}
            and (org_id = ${responsibleOrgId} or ${riskSourceScope(actor, 'risk.read')})`,
    );
    if (!source) throw fieldError('riskSourceId', '风险源不存在或不可见', 'No such risk source within your reach');
  }
  if (input.controlMeasureId) {
    if (!input.riskSourceId)
      throw fieldError('controlMeasureId', '请先选择管控措施所属的风险源', 'Name the risk source of the control measure');
    const [measure] = await rows<{ id: string }>(
      tx,
      sql`select id from risk_control_measures where id = ${input.controlMeasureId} and source_id = ${input.riskSourceId}`,
    );
    if (!measure) throw fieldError('controlMeasureId', '该风险源没有这项管控措施', 'The risk source has no such control measure');
  }
}

/**
 * Whether the caller may register a hazard of this reach: the reach rule for `hazard.report`, or the hazard
 * lies in the caller's own area, whichever unit answers for it (a grid member on patrol). Planning an
 * inspection asks the same of the hazards its failed items would make.
 */
export function mayReportHazard(actor: Actor, reach: HazardReach): boolean {
  const scope = scopeOf(actor, 'hazard.report');
  const reportsInOwnArea = scope.kind === 'subtree' && reach.areas.some((a) => a.path.startsWith(scope.path));
  return reportsInOwnArea || hazardInReach(actor, 'hazard.report', reach);
}

/**
 * The basis of a 重大 grading, at creation and when a 一般 hazard is reclassified: a clause of the library (checked:
 * it exists and is active) or the basis in words; 422 naming `majorBasis` when neither is given.
 */
export async function checkMajorBasis(
  tx: Tx,
  input: { level: rules.HazardLevel; standardClauseId?: string | null | undefined; majorBasis?: string | null | undefined },
): Promise<void> {
  if (input.level === '重大' && !input.standardClauseId && !input.majorBasis?.trim()) {
    throw new AppError('RULE_VIOLATION', bi('重大事故隐患须写明判定依据', 'A major hazard needs the basis of its grading'), {
      fields: [
        {
          field: 'majorBasis',
          message: bi('请选择判定标准条款或填写判定依据', 'Choose a clause of the criteria library or describe the basis'),
        },
      ],
    });
  }
  if (input.standardClauseId) await checkStandardClause(tx, input.standardClauseId);
}

/**
 * Registers one hazard in the caller's transaction — the whole rule of creation, for the API, the
 * batch, inspections and the demo: the unit and the links checked, a 重大 hazard's basis required,
 * areas from the point (or the unit's location), the code claimed, the photos as found attached, a
 * repeat of an earlier hazard flagged, audited, and an open 重大 hazard raising its risk source's level.
 * Returns the new id. Throws `PushedMeanwhile` when another request stored the same external id first.
 */
export async function insertHazard(tx: Tx, actor: Actor, input: NewHazard): Promise<string> {
  const responsible = await orgById(tx, input.responsibleOrgId);
  if (!responsible) throw fieldError('responsibleOrgId', '责任单位不存在', 'No such responsible unit');
  const reporterOrgId = actor.orgId ?? responsible.id;
  const reporter = (await orgById(tx, reporterOrgId))!;
  let department: OrgRow | null = null;
  if (input.departmentId) {
    department = (await orgById(tx, input.departmentId)) ?? null;
    if (!department) throw fieldError('departmentId', '监管部门不存在', 'No such supervising department');
  } else if (reporter.type === 'department') {
    department = reporter;
  }
  await checkMajorBasis(tx, input);
  await checkRiskLinks(tx, actor, input, responsible.id);

  const point = pointOf(input, responsible);
  const areas = await areasOf(tx, point);
  const areaIds = [areas.streetId, areas.communityId, areas.gridId].filter((id): id is string => id !== null);
  const areaOrgs = areaIds.length > 0 ? await tx.select().from(orgs).where(inArray(orgs.id, areaIds)) : [];
  const reach: HazardReach = { responsibleOrg: responsible, areas: areaOrgs, department, reportedOrg: reporter, supervisingOrg: null };
  if (!mayReportHazard(actor, reach))
    throw new AppError('FORBIDDEN', bi('不能为该单位登记隐患', 'You may not register hazards for this unit'));

  if (input.photoIds?.length) await assertReadableFiles(tx, actor, input.photoIds, 'photoIds');
  const foundAt = new Date(input.foundAt);
  // A day ahead is a mistyped date, not an enterprise system's clock running a little fast.
  if (shanghaiDateOf(foundAt) > shanghaiDateOf(now(tx)))
    throw fieldError('foundAt', '发现时间不能晚于今天', 'foundAt cannot be later than today');
  const repeat = await findRepeatOf(tx, {
    category: input.category ?? null,
    foundAt,
    riskSourceId: input.riskSourceId ?? null,
    responsibleOrgId: responsible.id,
    point: point ? { lng: point.x, lat: point.y } : null,
  });
  const at = now(tx);
  const [created] = await tx
    .insert(hazards)
    .values({
      code: await nextCode(tx),
      title: input.title,
      description: input.description ?? null,
      level: input.level,
      origin: input.origin ?? defaultOrigin(actor),
      originRef: input.originRef ?? null,
      externalId: input.externalId ?? null,
      sourceOrgId: input.externalId ? reporter.id : null,
      category: input.category ?? null,
      placeName: input.placeName ?? null,
      geom: point,
      ...areas,
      riskSourceId: input.riskSourceId ?? null,
      controlMeasureId: input.controlMeasureId ?? null,
      standardClauseId: input.standardClauseId ?? null,
      majorBasis: input.majorBasis ?? null,
      responsibleOrgId: responsible.id,
      responsiblePerson: input.responsiblePerson ?? null,
      responsiblePhone: input.responsiblePhone ?? null,
      departmentId: department?.id ?? null,
      reportedBy: actor.userId,
      reportedOrgId: reporter.id,
      foundAt,
      deadline: input.deadline ?? null,
      repeatOf: repeat?.id ?? null,
      createdAt: at,
      updatedAt: at,
    })
    // The unique (source org, external id): a push that lost the race finds the winner's hazard instead.
    .onConflictDoNothing()
    .returning();
  if (!created) throw new PushedMeanwhile();
  const photosFound = [...new Set([...(input.photoIds ?? []), ...(input.recordPhotoIds ?? [])])];
  if (photosFound.length > 0) {
    await tx.insert(hazardPhotos).values(
      photosFound.map((fileId) => ({
        hazardId: created.id,
        fileId,
        stage: 'found' as const,
        addedBy: actor.userId,
        addedAt: at,
      })),
    );
  }
  await audit(tx, actor, { action: 'hazard.create', entityType: 'hazard', entityId: created.id, after: created });
  if (created.level === '重大' && created.riskSourceId) {
    await raiseRiskLevel(tx, actor, {
      sourceId: created.riskSourceId,
      originKind: MAJOR_RAISE,
      originId: created.id,
      reason: created.title,
    });
  }
  return created.id;
}

/** Another request stored the same external id of the same org between our look-up and our insert. */
class PushedMeanwhile extends Error {}

/** The hazard an org's system pushed under its external id, locked for the update. */
async function findPushed(tx: Tx, sourceOrgId: string, externalId: string): Promise<HazardRow | undefined> {
  const [row] = await tx
    .select()
    .from(hazards)
    .where(and(eq(hazards.sourceOrgId, sourceOrgId), eq(hazards.externalId, externalId)))
    .for('update');
  return row;
}

const samePoint = (a: Point | null, b: Point | null) => (a === null ? b === null : b !== null && a.x === b.x && a.y === b.y);

/**
 * A known external id pushed again: the fields the enterprise owns (`api.hazard.enterpriseOwnedFields`) take the
 * pushed values, when they differ, audited as `hazard.update`; level, state and the responsible unit stay.
 */
async function updatePushed(tx: Tx, actor: Actor, before: HazardRow, input: NewHazard): Promise<void> {
  const set: Partial<HazardRow> = {};
  const owned = ['title', 'description', 'category', 'placeName', 'responsiblePerson', 'responsiblePhone', 'deadline'] as const;
  for (const key of owned) {
    const value = input[key];
    if (value !== undefined && value !== before[key]) (set as Record<string, unknown>)[key] = value;
  }
  if (input.lng !== undefined && input.lat !== undefined) {
    const point = { x: input.lng, y: input.lat };
    if (!samePoint(point, before.geom)) Object.assign(set, { geom: point }, await areasOf(tx, point));
  }
  if (Object.keys(set).length === 0) return;
  const [after] = await tx
    .update(hazards)
    .set({ ...set, updatedAt: now(tx) })
    .where(eq(hazards.id, before.id))
    .returning();
  const changed = Object.keys(set) as (keyof HazardRow)[];
  await audit(tx, actor, {
    action: 'hazard.update',
    entityType: 'hazard',
    entityId: before.id,
    before: Object.fromEntries(changed.map((k) => [k, before[k]])),
    after: Object.fromEntries(changed.map((k) => [k, after![k]])),
  });
}

/**
 * One push: a new hazard (created), or — for an external id the caller's org already pushed — the same
 * hazard with its enterprise-owned fields updated. The insert runs in a savepoint: when a concurrent push
 * of the same id wins, its number claim is undone with it and this one updates the winner's hazard.
 */
async function pushHazard(tx: Tx, actor: Actor, input: NewHazard): Promise<{ id: string; created: boolean }> {
  const sourceOrgId = actor.orgId;
  if (input.externalId && sourceOrgId) {
    const known = await findPushed(tx, sourceOrgId, input.externalId);
    if (known) {
      await updatePushed(tx, actor, known, input);
      return { id: known.id, created: false };
    }
    try {
      return { id: await tx.transaction((sp) => insertHazard(sp, actor, input)), created: true };
    } catch (error) {
      if (!(error instanceof PushedMeanwhile)) throw error;
      const winner = (await findPushed(tx, sourceOrgId, input.externalId))!;
      await updatePushed(tx, actor, winner, input);
      return { id: winner.id, created: false };
    }
  }
  return { id: await insertHazard(tx, actor, input), created: true };
}

/** POST /api/hazards: 201 with the new hazard, or 200 with the same one for a known external id. */
export async function createHazard(db: Db, actor: Actor, input: NewHazard): Promise<{ created: boolean; hazard: HazardDetail }> {
  return db.transaction(async (tx) => {
    const { id, created } = await pushHazard(tx, actor, input);
    return { created, hazard: await presentHazardDetail(tx, actor, await loadHazard(tx, actor, id)) };
  });
}

type BatchResult = z.infer<typeof api.hazard.batchResult>;
const batchStatuses = new Set<number>([400, 403, 404, 409, 422]);

/**
 * POST /api/hazards/batch: each item checked and stored on its own, in its own savepoint, so that a bad
 * item is answered with its error (its index, the status a single POST would have given) and the good
 * ones are kept.
 */
export async function createHazardsBatch(
  db: Db,
  actor: Actor,
  items: readonly Record<string, unknown>[],
): Promise<{ results: BatchResult[] }> {
  return db.transaction(async (tx) => {
    const results: BatchResult[] = [];
    for (const [index, item] of items.entries()) {
      const parsed = api.hazard.hazardInput.safeParse(item);
      if (!parsed.success) {
        const error = new AppError('VALIDATION', undefined, {
          fields: parsed.error.issues.map((issue) => ({
            field: issue.path.join('.'),
            message: issueMessage(issue as Parameters<typeof issueMessage>[0]),
          })),
        });
        results.push({ index, status: 400, error: error.toBody().error });
        continue;
      }
      try {
        const pushed = await tx.transaction((sp) => pushHazard(sp, actor, parsed.data));
        const [row] = await tx.select({ code: hazards.code }).from(hazards).where(eq(hazards.id, pushed.id));
        results.push({ index, status: pushed.created ? 201 : 200, id: pushed.id, code: row!.code });
      } catch (error) {
        if (!(error instanceof AppError) || !batchStatuses.has(errorStatus[error.code])) throw error;
        results.push({ index, status: errorStatus[error.code] as BatchResult['status'], error: error.toBody().error });
      }
    }
    return { results };
  });
}

/** The ledger's filters as SQL, shared by the list and its xlsx export. */
export function hazardConditions(actor: Actor, today: string, q: z.output<typeof api.hazard.exportHazards.query>): (SQL | undefined)[] {
  const binding = sql`coalesce(${hazards.supervisionDeadline}, ${hazards.deadline})`;
  return [
    hazardScope(actor, 'hazard.read'),
    q.status ? eq(hazards.status, q.status) : undefined,
    q.level ? eq(hazards.level, q.level) : undefined,
    q.streetId ? eq(hazards.streetId, q.streetId) : undefined,
    q.category ? eq(hazards.category, q.category) : undefined,
    q.origin ? eq(hazards.origin, q.origin) : undefined,
    q.responsibleOrgId ? eq(hazards.responsibleOrgId, q.responsibleOrgId) : undefined,
    q.riskSourceId ? eq(hazards.riskSourceId, q.riskSourceId) : undefined,
    q.overdue === undefined
      ? undefined
      : q.overdue === 'true'
        ? sql`(${hazards.status} <> 'closed' and ${binding} < ${today})`
        : sql`not (${hazards.status} <> 'closed' and ${binding} is not null and ${binding} < ${today})`,
  ];
}

/** 重大 before 一般 when sorting by level descending. */
export const hazardSortable = {
  deadline: hazards.deadline,
  foundAt: hazards.foundAt,
  code: hazards.code,
  level: sql<number>`case ${hazards.level} when '重大' then 2 else 1 end`,
};

export const hazardSearch = [hazards.title, hazards.code, hazards.placeName];

export async function listHazards(db: Db, actor: Actor, q: z.output<typeof api.hazard.listHazards.query>) {
  const on = await presentedOn(db);
  const today = on.today;
  const page = await listPage(
    db,
    joinedHazards(db).$dynamic(),
    {
      where: hazardConditions(actor, today, q),
      search: hazardSearch,
      sortable: hazardSortable,
      defaultOrder: [desc(hazards.foundAt)],
      tieBreaker: hazards.id,
    },
    q,
  );
  return { ...page, items: page.rows.map((j) => presentHazard(actor, j, on)) };
}

export async function getHazard(db: Db, actor: Actor, id: string): Promise<HazardDetail> {
  return presentHazardDetail(db, actor, await loadHazard(db, actor, id));
}

/** A photo of a hazard the caller may read: the hazard in reach, the file one of its photos (404 otherwise). */
export async function hazardPhotoFile(db: Db, actor: Actor, hazardId: string, fileId: string) {
  await loadHazard(db, actor, hazardId);
  const [found] = await rows<{ name: string; mime_type: string; size_bytes: number; storage_key: string }>(
    db,
    sql`select f.name, f.mime_type, f.size_bytes, f.storage_key from hazard_photos p join files f on f.id = p.file_id
         where p.hazard_id = ${hazardId} and p.file_id = ${fileId}`,
  );
  if (!found) throw new AppError('NOT_FOUND', bi('该隐患没有这张照片', 'The hazard has no such photo'));
  return { name: found.name, type: found.mime_type, sizeBytes: Number(found.size_bytes), storageKey: found.storage_key };
}

/**
 * Boundaries changed (imported, drawn, deleted): the hazards within the change's extent take their street,
 * community and grid again, in the transaction that changed the boundaries.
 */
export async function relocateHazards(tx: Tx, change: AreasChange): Promise<void> {
  const geom = sql`${hazards.geom}`;
  await tx
    .update(hazards)
    .set({ streetId: areaIdSql('street', geom), communityId: areaIdSql('community', geom), gridId: areaIdSql('grid', geom) })
    .where(sql`${hazards.geom} is not null and ST_Intersects(${hazards.geom}, ${extentSql(change)})`);
}
