import { AppError, type api, bi, majorHazard as mh, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { type Actor, systemActor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import { plan, recordTransition, timeline } from '../../platform/workflow.js';
import { orgs } from '../identity/index.js';
import { locateAreas } from '../map/index.js';
import { type InstallationObject, installationInReach, installationPolicy, installationScope } from './major-hazard.policy.js';
import { majorHazardGradeChanges, majorHazardInstallations, majorHazardInventory, type ResponsiblePersons } from './major-hazard.tables.js';

type Installation = api.majorHazard.Installation;
type InstallationDetail = api.majorHazard.InstallationDetail;
type InventoryInput = api.majorHazard.InventoryInput;
type InstallationRow = typeof majorHazardInstallations.$inferSelect;
type InventoryRow = typeof majorHazardInventory.$inferSelect;
type ListQuery = z.infer<typeof api.majorHazard.installationListQuery>;
type Filters = Pick<ListQuery, 'q' | 'grade' | 'streetId' | 'orgId' | 'status'>;
type GradeCause = 'created' | 'inventory' | 'population';

const notFound = () => new AppError('NOT_FOUND', bi('重大危险源不存在', 'No such major hazard installation'));

const noResponsible: ResponsiblePersons = { main: null, technical: null, operational: null };

// ---- reading ----

const t = majorHazardInstallations;
const enterprise = alias(orgs, 'enterprise');
const street = alias(orgs, 'street');
const community = alias(orgs, 'community');
const grid = alias(orgs, 'grid');

/** The installation with its enterprise and areas (names and paths): what the presenter and the policy read. */
const selection = {
  i: t,
  orgName: enterprise.name,
  orgPath: enterprise.path,
  streetName: street.name,
  streetPath: street.path,
  communityName: community.name,
  communityPath: community.path,
  gridName: grid.name,
  gridPath: grid.path,
};

const selectInstallations = (db: Tx) =>
  db
    .select(selection)
    .from(t)
    .innerJoin(enterprise, eq(enterprise.id, t.orgId))
    .leftJoin(street, eq(street.id, t.streetId))
    .leftJoin(community, eq(community.id, t.communityId))
    .leftJoin(grid, eq(grid.id, t.gridId))
    .$dynamic();

interface Loaded {
  i: InstallationRow;
  orgName: string;
  orgPath: string;
  streetName: string | null;
  streetPath: string | null;
  communityName: string | null;
  communityPath: string | null;
  gridName: string | null;
  gridPath: string | null;
}

const policyObject = (r: Loaded): InstallationObject => ({
  status: r.i.status,
  isMajor: r.i.isMajor,
  org: { id: r.i.orgId, path: r.orgPath },
  areas: [
    [r.i.streetId, r.streetPath],
    [r.i.communityId, r.communityPath],
    [r.i.gridId, r.gridPath],
  ].flatMap(([id, path]) => (id && path ? [{ id, path }] : [])),
});

function present(actor: Actor, r: Loaded): Installation {
  const i = r.i;
  return {
    id: i.id,
    orgId: i.orgId,
    orgName: r.orgName,
    name: i.name,
    unitKind: i.unitKind,
    location: [i.location.x, i.location.y],
    address: i.address,
    streetId: i.streetId,
    streetName: r.streetName,
    communityId: i.communityId,
    communityName: r.communityName,
    gridId: i.gridId,
    gridName: r.gridName,
    exposedPopulation: i.exposedPopulation,
    s: i.s,
    r: i.r,
    alpha: i.alpha,
    grade: i.grade as Installation['grade'],
    isMajor: i.isMajor,
    status: i.status,
    declaredOn: i.declaredOn,
    registeredOn: i.registeredOn,
    registrationNo: i.registrationNo,
    responsible: i.responsible,
    updatedAt: i.updatedAt.toISOString(),
    allowedActions: installationPolicy.allowed(actor, policyObject(r)),
  };
}

/** The installation if the caller may read it; 404 otherwise (whether absent or out of reach). */
async function load(tx: Tx, actor: Actor, id: string): Promise<Loaded> {
  const [found] = await selectInstallations(tx).where(eq(t.id, id));
  if (!found || !installationInReach(actor, 'majorHazard.read', policyObject(found))) throw notFound();
  return found;
}

const filterConditions = (f: Filters): (SQL | undefined)[] => [
  f.grade === 'none' ? isNull(t.grade) : f.grade ? eq(t.grade, Number(f.grade)) : undefined,
  f.streetId ? eq(t.streetId, f.streetId) : undefined,
  f.orgId ? eq(t.orgId, f.orgId) : undefined,
  f.status ? eq(t.status, f.status) : undefined,
];

/** The list's sort fields: grade `1` is the most severe, so ascending grade puts 一级 first and non-major units last. */
const sortable = { name: t.name, grade: t.grade, r: t.r, s: t.s, updatedAt: t.updatedAt, declaredOn: t.declaredOn };

export async function listInstallations(
  db: Db,
  actor: Actor,
  q: ListQuery,
): Promise<z.infer<typeof api.majorHazard.listInstallations.response>> {
  const found = await listPage(
    db,
    selectInstallations(db),
    {
      where: [installationScope(actor, 'majorHazard.read'), ...filterConditions(q)],
      search: [t.name, enterprise.name, t.address],
      sortable,
      defaultOrder: [sql`${t.grade} asc nulls last`, sql`${t.r} desc nulls last`, t.name],
      tieBreaker: t.id,
    },
    q,
  );
  return { ...found, items: (found.rows as Loaded[]).map((r) => present(actor, r)) };
}

/** Every installation matching the filters that the caller may read, in the list's default order (exports, the map). */
export async function allInstallations(db: Tx, actor: Actor, f: Filters): Promise<Installation[]> {
  const found = await listPage(
    db,
    selectInstallations(db),
    {
      where: [installationScope(actor, 'majorHazard.read'), ...filterConditions(f)],
      search: [t.name, enterprise.name, t.address],
      sortable,
      defaultOrder: [sql`${t.grade} asc nulls last`, sql`${t.r} desc nulls last`, t.name],
      tieBreaker: t.id,
    },
    { page: 1, pageSize: EXPORT_MAX, q: f.q },
  );
  if (found.total > EXPORT_MAX) {
    throw new AppError(
      'RULE_VIOLATION',
      bi(
        `符合条件的有 ${found.total} 处，一次最多 ${EXPORT_MAX} 处，请增加筛选条件`,
        `${found.total} match; at most ${EXPORT_MAX} at once: add filters`,
      ),
    );
  }
  return (found.rows as Loaded[]).map((r) => present(actor, r));
}

/** The most installations one export or map request carries; a district has tens, a city hundreds. */
const EXPORT_MAX = 5000;

export async function installationsGeoJson(
  db: Db,
  actor: Actor,
  f: Filters,
): Promise<z.infer<typeof api.majorHazard.installationsGeoJson.response>> {
  const items = await allInstallations(db, actor, f);
  return {
    type: 'FeatureCollection',
    features: items.map((i) => ({
      type: 'Feature',
      id: i.id,
      geometry: { type: 'Point', coordinates: i.location },
      properties: { id: i.id, name: i.name, orgName: i.orgName, grade: i.grade, isMajor: i.isMajor, status: i.status, r: i.r },
    })),
  };
}

// ---- GB 18218 ----

const substanceOf = (item: Pick<InventoryRow, 'substanceName' | 'cas' | 'category' | 'quantityTonnes'>): mh.SubstanceInput => ({
  name: item.substanceName,
  ...(item.cas ? { cas: item.cas } : {}),
  ...(item.category ? { category: item.category } : {}),
  quantityTonnes: item.quantityTonnes,
});

/**
 * Checks substances against GB 18218 before they are stored: the calculator names the offending
 * one as `substances.N…`, which is renamed to the request's own field (`inventory.N…`, or the
 * item's own field when one item is sent), so the form can point at it.
 */
function checkSubstances(items: readonly InventoryInput[], field: (index: number, rest: string) => string): void {
  try {
    mh.assessMajorHazard({
      substances: items.map((item) => substanceOf({ ...item, cas: item.cas ?? null, category: item.category ?? null })),
      exposedPopulation: 0,
    });
  } catch (error) {
    if (!(error instanceof AppError) || !error.fields) throw error;
    throw new AppError(error.code, error.bilingual, {
      fields: error.fields.map((f) => {
        const [, index, rest] = /^substances\.(\d+)\.?(.*)$/.exec(f.field) ?? [];
        return index === undefined ? f : { ...f, field: field(Number(index), rest ?? '') };
      }),
    });
  }
}

/** A single item's own field: a substance neither in 表1 nor given a category is missing its category. */
const itemField = (_index: number, rest: string) => rest || 'category';

const inventoryOf = (tx: Tx, id: string) =>
  tx.select().from(majorHazardInventory).where(eq(majorHazardInventory.installationId, id)).orderBy(asc(majorHazardInventory.seq));

const confidenceOfBeta: Record<mh.BetaBy, 'V' | 'P' | 'U'> = {
  table3: mh.table3Confidence,
  table4: mh.table4Confidence,
  // 1 stands in for 表4's β when no category was given: not from the standard's tables.
  default: 'U',
};

/** The inventory with each substance's Q, q/Q and β, as the calculator finds them. */
function inventoryItems(items: InventoryRow[], result: mh.MajorHazardResult): api.majorHazard.InventoryItem[] {
  return items.map((item, index) => {
    const found = result.items[index]!;
    return {
      id: item.id,
      substanceName: item.substanceName,
      cas: item.cas,
      category: item.category,
      quantityTonnes: item.quantityTonnes,
      form: item.form,
      note: item.note,
      criticalQuantityTonnes: found.criticalQuantityTonnes,
      ratio: found.ratio,
      beta: found.beta,
      matchedBy: found.matchedBy,
      basis: found.substance
        ? `表1 第${found.substance.no}项 ${found.substance.name}`
        : `表2 ${found.category!.code} ${found.category!.label.zh}`,
      betaBy: found.betaBy,
      criticalQuantityConfidence: (found.substance ?? found.category)!.confidence,
      betaConfidence: confidenceOfBeta[found.betaBy],
    };
  });
}

const assess = (items: InventoryRow[], exposedPopulation: number): mh.MajorHazardResult =>
  mh.assessMajorHazard({ substances: items.map(substanceOf), exposedPopulation });

/**
 * Recomputes S, R, α and the grade from the stored inventory and exposed population, in the
 * caller's transaction: a moved grade is written to the grade history with the person whose change
 * moved it, and to the workflow (a declared or registered unit must be declared again; a
 * written-off unit that is a major hazard again is back to 已辨识).
 */
async function reassess(tx: Tx, actor: Actor, id: string, cause: GradeCause): Promise<void> {
  const [before] = await tx.select().from(t).where(eq(t.id, id)).for('update');
  if (!before) throw notFound();
  const result = assess(await inventoryOf(tx, id), before.exposedPopulation);
  const at = now(tx);
  const next = {
    s: result.S,
    r: result.isMajorHazard ? result.R : null,
    alpha: result.alpha,
    grade: result.grade,
    isMajor: result.isMajorHazard,
    assessedAt: at,
    updatedAt: at,
  };
  const gradeMoved = cause === 'created' || before.grade !== next.grade || before.isMajor !== next.isMajor;
  if (gradeMoved) {
    await tx.insert(majorHazardGradeChanges).values({
      installationId: id,
      fromGrade: cause === 'created' ? null : before.grade,
      toGrade: next.grade,
      fromS: cause === 'created' ? null : before.s,
      toS: next.s,
      fromR: cause === 'created' ? null : before.r,
      toR: next.r,
      cause,
      actorId: actor.userId,
      actorName: actor.displayName,
      at,
    });
  }
  const action = cause === 'created' ? null : mh.gradeChangeAction(before.status, before, next);
  if (!action) {
    await tx.update(t).set(next).where(eq(t.id, id));
    return;
  }
  const transition = plan(mh.installationWorkflow, before.status, action, {}, systemActor);
  const [after] = await tx
    .update(t)
    .set({ ...next, status: transition.to })
    .where(eq(t.id, id))
    .returning();
  await recordTransition(tx, mh.installationWorkflow, id, transition, systemActor, { before, after });
}

// ---- one installation ----

async function detail(tx: Tx, actor: Actor, id: string): Promise<InstallationDetail> {
  const loaded = await load(tx, actor, id);
  const items = await inventoryOf(tx, id);
  const changes = await tx
    .select()
    .from(majorHazardGradeChanges)
    .where(eq(majorHazardGradeChanges.installationId, id))
    .orderBy(asc(majorHazardGradeChanges.id));
  return {
    ...present(actor, loaded),
    inventory: inventoryItems(items, assess(items, loaded.i.exposedPopulation)),
    gradeChanges: changes.map((c) => ({
      id: String(c.id),
      fromGrade: c.fromGrade as 1 | 2 | 3 | 4 | null,
      toGrade: c.toGrade as 1 | 2 | 3 | 4 | null,
      fromS: c.fromS,
      toS: c.toS,
      fromR: c.fromR,
      toR: c.toR,
      cause: c.cause as GradeCause,
      actorName: c.actorName,
      at: c.at.toISOString(),
    })),
    timeline: await timeline(tx, mh.installationWorkflow.entity, id),
  };
}

export const getInstallation = (db: Db, actor: Actor, id: string): Promise<InstallationDetail> =>
  db.transaction((tx) => detail(tx, actor, id));

const pointOf = ([lng, lat]: [number, number]) => ({ x: lng, y: lat });

type CreateBody = z.infer<typeof api.majorHazard.createInstallation.body>;
type UpdateBody = z.infer<typeof api.majorHazard.updateInstallation.body>;

/**
 * Adds a unit with its inventory: its areas are located from the boundaries, its grade computed;
 * the caller must be able to declare for the enterprise (an enterprise for itself).
 */
export async function createInstallation(db: Db, actor: Actor, body: CreateBody): Promise<InstallationDetail> {
  const orgId = body.orgId ?? actor.orgId;
  if (!orgId)
    throw new AppError('VALIDATION', undefined, { fields: [{ field: 'orgId', message: bi('请选择企业', 'Choose the enterprise') }] });
  checkSubstances(body.inventory, (index, rest) => `inventory.${index}${rest ? `.${rest}` : '.category'}`);
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(orgs).where(eq(orgs.id, orgId));
    if (!org)
      throw new AppError('VALIDATION', undefined, { fields: [{ field: 'orgId', message: bi('企业不存在', 'No such enterprise') }] });
    if (org.type !== 'enterprise')
      throw new AppError('VALIDATION', undefined, {
        fields: [{ field: 'orgId', message: bi('重大危险源须属于一个企业', 'A major hazard installation belongs to an enterprise') }],
      });
    const areas = await locateAreas(tx, { type: 'Point', coordinates: body.location });
    const probe: InstallationObject = { status: 'identified', isMajor: false, org, areas: [] };
    if (!installationInReach(actor, 'majorHazard.declare', probe)) throw new AppError('FORBIDDEN');
    const at = now(tx);
    const [created] = await tx
      .insert(t)
      .values({
        orgId,
        name: body.name,
        unitKind: body.unitKind,
        location: pointOf(body.location),
        address: body.address ?? null,
        ...areas,
        exposedPopulation: body.exposedPopulation,
        responsible: body.responsible ?? noResponsible,
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    const id = created!.id;
    if (body.inventory.length > 0)
      await tx.insert(majorHazardInventory).values(body.inventory.map((item) => inventoryValues(id, item, at)));
    await reassess(tx, actor, id, 'created');
    const result = await detail(tx, actor, id);
    await audit(tx, actor, {
      action: 'majorHazardInstallation.create',
      entityType: 'majorHazardInstallation',
      entityId: id,
      before: null,
      after: result,
    });
    return result;
  });
}

const inventoryValues = (installationId: string, item: InventoryInput, at: Date) => ({
  installationId,
  substanceName: item.substanceName,
  cas: item.cas ?? null,
  category: item.category ?? null,
  quantityTonnes: item.quantityTonnes,
  form: item.form ?? null,
  note: item.note ?? null,
  createdAt: at,
});

/** Changes a unit's data; a new location is located again, a new exposed population re-grades it. */
export async function updateInstallation(db: Db, actor: Actor, id: string, body: UpdateBody): Promise<InstallationDetail> {
  return db.transaction(async (tx) => {
    const loaded = await load(tx, actor, id);
    installationPolicy.authorize(actor, policyObject(loaded), 'update');
    const before = loaded.i;
    const areas = body.location ? await locateAreas(tx, { type: 'Point', coordinates: body.location }) : {};
    await tx
      .update(t)
      .set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.unitKind !== undefined ? { unitKind: body.unitKind } : {}),
        ...(body.location ? { location: pointOf(body.location), ...areas } : {}),
        ...(body.address !== undefined ? { address: body.address } : {}),
        ...(body.exposedPopulation !== undefined ? { exposedPopulation: body.exposedPopulation } : {}),
        ...(body.responsible !== undefined ? { responsible: body.responsible } : {}),
        updatedAt: now(tx),
      })
      .where(eq(t.id, id));
    if (body.exposedPopulation !== undefined && body.exposedPopulation !== before.exposedPopulation)
      await reassess(tx, actor, id, 'population');
    const [after] = await tx.select().from(t).where(eq(t.id, id));
    await audit(tx, actor, {
      action: 'majorHazardInstallation.update',
      entityType: 'majorHazardInstallation',
      entityId: id,
      before,
      after,
    });
    return detail(tx, actor, id);
  });
}

/** Adds, changes or removes one substance and re-grades the unit, in one transaction. */
async function changeInventory(
  db: Db,
  actor: Actor,
  id: string,
  auditAction: string,
  change: (tx: Tx, at: Date) => Promise<{ before: InventoryRow | null; after: InventoryRow | null }>,
): Promise<InstallationDetail> {
  return db.transaction(async (tx) => {
    const loaded = await load(tx, actor, id);
    installationPolicy.authorize(actor, policyObject(loaded), 'editInventory');
    const { before, after } = await change(tx, now(tx));
    await reassess(tx, actor, id, 'inventory');
    await audit(tx, actor, { action: auditAction, entityType: 'majorHazardInstallation', entityId: id, before, after });
    return detail(tx, actor, id);
  });
}

const itemNotFound = () => new AppError('NOT_FOUND', bi('该危险物质不存在', 'No such substance in the inventory'));

async function inventoryRow(tx: Tx, id: string, itemId: string): Promise<InventoryRow> {
  const [row] = await tx
    .select()
    .from(majorHazardInventory)
    .where(and(eq(majorHazardInventory.id, itemId), eq(majorHazardInventory.installationId, id)));
  if (!row) throw itemNotFound();
  return row;
}

export function addInventoryItem(db: Db, actor: Actor, id: string, item: InventoryInput): Promise<InstallationDetail> {
  checkSubstances([item], itemField);
  return changeInventory(db, actor, id, 'majorHazardInstallation.addSubstance', async (tx, at) => {
    const [after] = await tx
      .insert(majorHazardInventory)
      .values(inventoryValues(id, item, at))
      .returning();
    return { before: null, after: after! };
  });
}

export function updateInventoryItem(db: Db, actor: Actor, id: string, itemId: string, item: InventoryInput): Promise<InstallationDetail> {
  checkSubstances([item], itemField);
  return changeInventory(db, actor, id, 'majorHazardInstallation.changeSubstance', async (tx) => {
    const before = await inventoryRow(tx, id, itemId);
    const { createdAt: _kept, installationId: _same, ...values } = inventoryValues(id, item, before.createdAt);
    const [after] = await tx.update(majorHazardInventory).set(values).where(eq(majorHazardInventory.id, itemId)).returning();
    return { before, after: after! };
  });
}

export function deleteInventoryItem(db: Db, actor: Actor, id: string, itemId: string): Promise<InstallationDetail> {
  return changeInventory(db, actor, id, 'majorHazardInstallation.removeSubstance', async (tx) => {
    const before = await inventoryRow(tx, id, itemId);
    await tx.delete(majorHazardInventory).where(eq(majorHazardInventory.id, itemId));
    return { before, after: null };
  });
}

/** 申报, 登记备案, 退回, 核销: one workflow action, with its dates and number. */
export async function performInstallationAction(
  db: Db,
  actor: Actor,
  id: string,
  action: string,
  input: unknown,
): Promise<InstallationDetail> {
  return db.transaction(async (tx) => {
    const loaded = await load(tx, actor, id);
    const transition = installationPolicy.plan(actor, policyObject(loaded), action, input);
    const today = shanghaiDateOf(now(tx));
    const set: Partial<InstallationRow> = { status: transition.to, updatedAt: now(tx) };
    if (transition.action === 'declare') set.declaredOn = today;
    if (transition.action === 'register') Object.assign(set, { registeredOn: today, registrationNo: transition.input.registrationNo });
    const [after] = await tx.update(t).set(set).where(eq(t.id, id)).returning();
    await recordTransition(tx, mh.installationWorkflow, id, transition, actor, { before: loaded.i, after });
    return detail(tx, actor, id);
  });
}

/** Names of installations by id, for the readable audit log (those missing are left out). */
export async function installationNames(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const found = await tx.select({ id: t.id, name: t.name }).from(t).where(inArray(t.id, ids));
  return new Map(found.map((r) => [r.id, r.name]));
}
