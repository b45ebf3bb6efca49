import { AppError, type api, bi, emergency as em, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgSelect } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { type Actor, assertInScope, can, inScope, likePrefix, scopeOf } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, rows, type Tx } from '../../platform/db.js';
import { type ListParams, listPage, searchCondition } from '../../platform/list.js';
import { orgs } from '../identity/index.js';
import {
  emergencyExperts as experts,
  emergencyFireStations as stations,
  emergencyShelters as shelters,
  emergencyStores as stores,
  emergencySupplies as supplies,
  emergencyTeams as teams,
  emergencyVehicles as vehicles,
} from './resource.tables.js';
import { emergencySettingsOf } from './emergency-settings.service.js';

type R = typeof api.emergencyResources;
type Point = { x: number; y: number };
export type LngLat = [number, number];
type Org = { id: string; path: string; name: string };

const lngLatOf = (p: Point): LngLat => [p.x, p.y];
const pointOf = ([x, y]: LngLat): Point => ({ x, y });
const iso = (d: Date) => d.toISOString();

/** The actions the caller may take on a resource of `org`: change it within emergency.resource's reach, dispatch it. */
function actionsOn(actor: Actor, org: Org, dispatchable: boolean): ('update' | 'dispatch')[] {
  const out: ('update' | 'dispatch')[] = [];
  if (can(actor, 'emergency.resource') && inScope(actor, 'emergency.resource', org)) out.push('update');
  if (dispatchable && can(actor, 'emergency.command')) out.push('dispatch');
  return out;
}

/**
 * The owner org of a new resource: the one given, or the caller's own; refused (403) outside the caller's
 * emergency.resource reach. Resources are registered by the unit that keeps them.
 */
export async function ownerOrg(tx: Tx, actor: Actor, orgId: string | undefined): Promise<Org> {
  const id = orgId ?? actor.orgId;
  if (!id)
    throw new AppError('VALIDATION', undefined, { fields: [{ field: 'orgId', message: bi('请选择所属单位', 'Choose the owner unit') }] });
  const [org] = await tx.select({ id: orgs.id, path: orgs.path, name: orgs.name }).from(orgs).where(eq(orgs.id, id));
  if (!org) throw new AppError('VALIDATION', undefined, { fields: [{ field: 'orgId', message: bi('单位不存在', 'No such unit') }] });
  assertInScope(actor, 'emergency.resource', org);
  return org;
}

async function orgOf(tx: Tx, id: string): Promise<Org> {
  const [org] = await tx.select({ id: orgs.id, path: orgs.path, name: orgs.name }).from(orgs).where(eq(orgs.id, id));
  return org!;
}

const notFound = () => new AppError('NOT_FOUND');

/**
 * A register's rows (every emergency.read holder reads the whole district's): those `where` keeps — which holds `q`'s
 * search too, the map's and the exports' reads filter alike — in the order of `names` then `id` (a stable page), all
 * reversed for `sort=-name`. With `page`, one page through the platform's `listPage` (the total rides on its rows);
 * without, every row (the map, the exports, one resource).
 */
async function registerRows<T extends PgSelect>(
  tx: Tx,
  query: T,
  where: SQL | undefined,
  [name, ...thenBy]: [AnyPgColumn, ...AnyPgColumn[]],
  id: AnyPgColumn,
  page?: ListParams<'name' | '-name'>,
): Promise<{ rows: Awaited<T>; total: number }> {
  const direction = page?.sort === '-name' ? desc : asc;
  const tieBreaker = sql.join(
    [...thenBy, id].map((c) => direction(c)),
    sql`, `,
  );
  if (!page) {
    const found = (await query.where(where).orderBy(asc(name), tieBreaker)) as Awaited<T>;
    return { rows: found, total: found.length };
  }
  const found = await listPage(tx, query, { where: [where], search: [], sortable: { name }, defaultOrder: [asc(name)], tieBreaker }, page);
  return { rows: found.rows, total: found.total };
}

/** A register's list answer: one page of `select`'s items and the total over all pages. */
const pageOf = async <I>(select: Promise<{ items: I[]; total: number }>, q: { page: number; pageSize: number }) => ({
  ...(await select),
  page: q.page,
  pageSize: q.pageSize,
});

/**
 * The district the caller reads: resources are dispatched across units, so every emergency.read holder (a grid
 * member too, whose own grant reaches only its grid) sees all of its district's.
 */
export function districtOf(actor: Actor, orgIdColumn: SQL | AnyPgColumn): SQL {
  const scope = scopeOf(actor, 'emergency.read');
  if (scope.kind === 'all') return sql`true`;
  if (scope.kind === 'none') return sql`false`;
  return sql`${orgIdColumn} in (select o.id from orgs o where o.path like ${likePrefix(actor.districtPath || actor.orgPath)})`;
}

/** The same reach for one loaded org. */
const inDistrict = (actor: Actor, org: Org): boolean => {
  const scope = scopeOf(actor, 'emergency.read');
  return scope.kind === 'all' || (scope.kind !== 'none' && org.path.startsWith(actor.districtPath || actor.orgPath));
};

// ——— Teams ———

type TeamQuery = z.output<R['teams']['list']['query']>;
const teamWhere = (actor: Actor, q: Partial<TeamQuery>) =>
  and(
    districtOf(actor, teams.orgId),
    q.orgId ? eq(teams.orgId, q.orgId) : undefined,
    q.kind ? eq(teams.kind, q.kind) : undefined,
    q.status ? eq(teams.status, q.status) : undefined,
    searchCondition(q.q, [sql`${teams.name}`, sql`coalesce(${teams.speciality}, '')`]),
  );

async function selectTeams(
  tx: Tx,
  actor: Actor,
  where: SQL | undefined,
  page?: TeamQuery,
): Promise<{ items: api.emergencyResources.Team[]; total: number }> {
  const base = tx
    .select({ t: teams, org: { id: orgs.id, path: orgs.path, name: orgs.name } })
    .from(teams)
    .innerJoin(orgs, eq(orgs.id, teams.orgId))
    .$dynamic();
  const { rows: found, total } = await registerRows(tx, base, where, [teams.name], teams.id, page);
  const items = found.map(({ t, org }) => ({
    id: t.id,
    orgId: t.orgId,
    orgName: org.name,
    name: t.name,
    kind: t.kind,
    speciality: t.speciality,
    members: t.members,
    leader: t.leader,
    phone: t.phone,
    address: t.address,
    location: lngLatOf(t.geom),
    status: t.status,
    updatedAt: iso(t.updatedAt),
    allowedActions: actionsOn(actor, org, t.status === 'available'),
  }));
  return { items, total };
}

export const listTeams = (db: Db, actor: Actor, q: TeamQuery) => pageOf(selectTeams(db, actor, teamWhere(actor, q), q), q);
export const allTeams = async (db: Tx, actor: Actor, q: Partial<TeamQuery>) => (await selectTeams(db, actor, teamWhere(actor, q))).items;

/** The row of a resource in the caller's district, for a change: 404 outside it, 403 outside the write reach. */
async function writable(tx: Tx, actor: Actor, orgId: string | undefined): Promise<Org> {
  if (!orgId) throw notFound();
  const org = await orgOf(tx, orgId);
  if (!inDistrict(actor, org)) throw notFound();
  assertInScope(actor, 'emergency.resource', org);
  return org;
}

const teamValues = (b: Partial<z.output<typeof api.emergencyResources.teamInput>>) => ({
  ...(b.name !== undefined && { name: b.name }),
  ...(b.kind !== undefined && { kind: b.kind }),
  ...(b.speciality !== undefined && { speciality: b.speciality }),
  ...(b.members !== undefined && { members: b.members }),
  ...(b.leader !== undefined && { leader: b.leader }),
  ...(b.phone !== undefined && { phone: b.phone }),
  ...(b.address !== undefined && { address: b.address }),
  ...(b.location !== undefined && { geom: pointOf(b.location) }),
  ...(b.status !== undefined && { status: b.status }),
});

export async function insertTeam(tx: Tx, actor: Actor, body: z.output<typeof api.emergencyResources.teamInput>): Promise<string> {
  const org = await ownerOrg(tx, actor, body.orgId);
  const at = now(tx);
  const [row] = await tx
    .insert(teams)
    .values({
      ...teamValues(body),
      name: body.name,
      kind: body.kind,
      geom: pointOf(body.location),
      orgId: org.id,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: teams.id });
  await audit(tx, actor, { action: 'emergencyTeam.create', entityType: 'emergencyTeam', entityId: row!.id, after: body });
  return row!.id;
}

const oneTeam = async (tx: Tx, actor: Actor, id: string) => {
  const {
    items: [t],
  } = await selectTeams(tx, actor, and(eq(teams.id, id), districtOf(actor, teams.orgId)));
  if (!t) throw notFound();
  return t;
};

export const createTeam = (db: Db, actor: Actor, body: z.output<R['teams']['create']['body']>) =>
  db.transaction(async (tx) => oneTeam(tx, actor, await insertTeam(tx, actor, body)));

export const updateTeam = (db: Db, actor: Actor, id: string, body: z.output<R['teams']['update']['body']>) =>
  db.transaction(async (tx) => {
    const [before] = await tx.select().from(teams).where(eq(teams.id, id));
    await writable(tx, actor, before?.orgId);
    if (body.orgId) await ownerOrg(tx, actor, body.orgId);
    await tx
      .update(teams)
      .set({ ...teamValues(body), ...(body.orgId && { orgId: body.orgId }), updatedAt: now(tx) })
      .where(eq(teams.id, id));
    await audit(tx, actor, { action: 'emergencyTeam.update', entityType: 'emergencyTeam', entityId: id, before, after: body });
    return oneTeam(tx, actor, id);
  });

// ——— Experts ———

type ExpertQuery = z.output<R['experts']['list']['query']>;
const expertWhere = (actor: Actor, q: Partial<ExpertQuery>) =>
  and(
    districtOf(actor, experts.orgId),
    q.orgId ? eq(experts.orgId, q.orgId) : undefined,
    q.speciality ? sql`${q.speciality} = any(${experts.specialities})` : undefined,
    searchCondition(q.q, [sql`${experts.name}`, sql`coalesce(${experts.employer}, '')`]),
  );

async function selectExperts(
  tx: Tx,
  actor: Actor,
  where: SQL | undefined,
  page?: ExpertQuery,
): Promise<{ items: api.emergencyResources.Expert[]; total: number }> {
  const base = tx
    .select({ e: experts, org: { id: orgs.id, path: orgs.path, name: orgs.name } })
    .from(experts)
    .innerJoin(orgs, eq(orgs.id, experts.orgId))
    .$dynamic();
  const { rows: found, total } = await registerRows(tx, base, where, [experts.name], experts.id, page);
  const items = found.map(({ e, org }) => ({
    id: e.id,
    orgId: e.orgId,
    orgName: org.name,
    name: e.name,
    specialities: e.specialities,
    employer: e.employer,
    title: e.title,
    phone: e.phone,
    location: e.geom ? lngLatOf(e.geom) : null,
    available: e.available,
    updatedAt: iso(e.updatedAt),
    allowedActions: actionsOn(actor, org, e.available),
  }));
  return { items, total };
}

export const listExperts = (db: Db, actor: Actor, q: ExpertQuery) => pageOf(selectExperts(db, actor, expertWhere(actor, q), q), q);
export const allExperts = async (db: Tx, actor: Actor, q: Partial<ExpertQuery>) =>
  (await selectExperts(db, actor, expertWhere(actor, q))).items;

const expertValues = (b: Partial<z.output<typeof api.emergencyResources.expertInput>>) => ({
  ...(b.name !== undefined && { name: b.name }),
  ...(b.specialities !== undefined && { specialities: b.specialities }),
  ...(b.employer !== undefined && { employer: b.employer }),
  ...(b.title !== undefined && { title: b.title }),
  ...(b.phone !== undefined && { phone: b.phone }),
  ...(b.location !== undefined && { geom: b.location ? pointOf(b.location) : null }),
  ...(b.available !== undefined && { available: b.available }),
});

export async function insertExpert(tx: Tx, actor: Actor, body: z.output<typeof api.emergencyResources.expertInput>): Promise<string> {
  const org = await ownerOrg(tx, actor, body.orgId);
  const at = now(tx);
  const [row] = await tx
    .insert(experts)
    .values({ ...expertValues(body), name: body.name, orgId: org.id, createdAt: at, updatedAt: at })
    .returning({ id: experts.id });
  await audit(tx, actor, { action: 'emergencyExpert.create', entityType: 'emergencyExpert', entityId: row!.id, after: body });
  return row!.id;
}

const oneExpert = async (tx: Tx, actor: Actor, id: string) => {
  const {
    items: [e],
  } = await selectExperts(tx, actor, and(eq(experts.id, id), districtOf(actor, experts.orgId)));
  if (!e) throw notFound();
  return e;
};

export const createExpert = (db: Db, actor: Actor, body: z.output<R['experts']['create']['body']>) =>
  db.transaction(async (tx) => oneExpert(tx, actor, await insertExpert(tx, actor, body)));

export const updateExpert = (db: Db, actor: Actor, id: string, body: z.output<R['experts']['update']['body']>) =>
  db.transaction(async (tx) => {
    const [before] = await tx.select().from(experts).where(eq(experts.id, id));
    await writable(tx, actor, before?.orgId);
    if (body.orgId) await ownerOrg(tx, actor, body.orgId);
    await tx
      .update(experts)
      .set({ ...expertValues(body), ...(body.orgId && { orgId: body.orgId }), updatedAt: now(tx) })
      .where(eq(experts.id, id));
    await audit(tx, actor, { action: 'emergencyExpert.update', entityType: 'emergencyExpert', entityId: id, before, after: body });
    return oneExpert(tx, actor, id);
  });

// ——— Stores and supplies ———

type StoreQuery = z.output<R['stores']['list']['query']>;
const storeWhere = (actor: Actor, q: Partial<StoreQuery>) =>
  and(districtOf(actor, stores.orgId), q.orgId ? eq(stores.orgId, q.orgId) : undefined, searchCondition(q.q, [sql`${stores.name}`]));

async function selectStores(
  tx: Tx,
  actor: Actor,
  where: SQL | undefined,
  page?: StoreQuery,
): Promise<{ items: api.emergencyResources.Store[]; total: number }> {
  const settings = await emergencySettingsOf(tx);
  const soon = shanghaiDateOf(new Date(now(tx).getTime() + settings.supplyExpiryNoticeDays * 86_400_000));
  const base = tx
    .select({
      s: stores,
      org: { id: orgs.id, path: orgs.path, name: orgs.name },
      low: sql<number>`(select count(*)::int from emergency_supplies i where i.store_id = ${stores.id} and i.min_quantity > 0 and i.quantity <= i.min_quantity)`,
      expiring: sql<number>`(select count(*)::int from emergency_supplies i where i.store_id = ${stores.id} and i.expires_on <= ${soon}::date)`,
    })
    .from(stores)
    .innerJoin(orgs, eq(orgs.id, stores.orgId))
    .$dynamic();
  const { rows: found, total } = await registerRows(tx, base, where, [stores.name], stores.id, page);
  const items = found.map(({ s, org, low, expiring }) => ({
    id: s.id,
    orgId: s.orgId,
    orgName: org.name,
    name: s.name,
    address: s.address,
    keeper: s.keeper,
    phone: s.phone,
    location: lngLatOf(s.geom),
    lowItems: low,
    expiringItems: expiring,
    updatedAt: iso(s.updatedAt),
    allowedActions: actionsOn(actor, org, false),
  }));
  return { items, total };
}

export const listStores = (db: Db, actor: Actor, q: StoreQuery) => pageOf(selectStores(db, actor, storeWhere(actor, q), q), q);
export const allStores = async (db: Tx, actor: Actor, q: Partial<StoreQuery>) =>
  (await selectStores(db, actor, storeWhere(actor, q))).items;

const storeValues = (b: Partial<z.output<typeof api.emergencyResources.storeInput>>) => ({
  ...(b.name !== undefined && { name: b.name }),
  ...(b.address !== undefined && { address: b.address }),
  ...(b.keeper !== undefined && { keeper: b.keeper }),
  ...(b.phone !== undefined && { phone: b.phone }),
  ...(b.location !== undefined && { geom: pointOf(b.location) }),
});

const oneStore = async (tx: Tx, actor: Actor, id: string) => {
  const {
    items: [s],
  } = await selectStores(tx, actor, and(eq(stores.id, id), districtOf(actor, stores.orgId)));
  if (!s) throw notFound();
  return s;
};

export async function insertStore(tx: Tx, actor: Actor, body: z.output<typeof api.emergencyResources.storeInput>): Promise<string> {
  const org = await ownerOrg(tx, actor, body.orgId);
  const at = now(tx);
  const [row] = await tx
    .insert(stores)
    .values({ ...storeValues(body), name: body.name, geom: pointOf(body.location), orgId: org.id, createdAt: at, updatedAt: at })
    .returning({ id: stores.id });
  await audit(tx, actor, { action: 'emergencyStore.create', entityType: 'emergencyStore', entityId: row!.id, after: body });
  return row!.id;
}

export const createStore = (db: Db, actor: Actor, body: z.output<R['stores']['create']['body']>) =>
  db.transaction(async (tx) => oneStore(tx, actor, await insertStore(tx, actor, body)));

export const updateStore = (db: Db, actor: Actor, id: string, body: z.output<R['stores']['update']['body']>) =>
  db.transaction(async (tx) => {
    const [before] = await tx.select().from(stores).where(eq(stores.id, id));
    await writable(tx, actor, before?.orgId);
    if (body.orgId) await ownerOrg(tx, actor, body.orgId);
    await tx
      .update(stores)
      .set({ ...storeValues(body), ...(body.orgId && { orgId: body.orgId }), updatedAt: now(tx) })
      .where(eq(stores.id, id));
    await audit(tx, actor, { action: 'emergencyStore.update', entityType: 'emergencyStore', entityId: id, before, after: body });
    return oneStore(tx, actor, id);
  });

type SupplyQuery = z.output<R['supplies']['list']['query']>;
async function supplyWhere(tx: Tx, actor: Actor, q: Partial<SupplyQuery>) {
  const settings = await emergencySettingsOf(tx);
  const today = shanghaiDateOf(now(tx));
  const soon = shanghaiDateOf(new Date(now(tx).getTime() + settings.supplyExpiryNoticeDays * 86_400_000));
  const state =
    q.state === 'low'
      ? sql`(${supplies.minQuantity} > 0 and ${supplies.quantity} <= ${supplies.minQuantity})`
      : q.state === 'expired'
        ? sql`${supplies.expiresOn} < ${today}::date`
        : q.state === 'expiring'
          ? sql`(${supplies.expiresOn} >= ${today}::date and ${supplies.expiresOn} <= ${soon}::date)`
          : undefined;
  return and(
    districtOf(actor, stores.orgId),
    q.orgId ? eq(stores.orgId, q.orgId) : undefined,
    q.storeId ? eq(supplies.storeId, q.storeId) : undefined,
    state,
    searchCondition(q.q, [sql`${supplies.name}`, sql`coalesce(${supplies.category}, '')`]),
  );
}

async function selectSupplies(
  tx: Tx,
  actor: Actor,
  where: SQL | undefined,
  page?: SupplyQuery,
): Promise<{ items: api.emergencyResources.Supply[]; total: number }> {
  const settings = await emergencySettingsOf(tx);
  const today = shanghaiDateOf(now(tx));
  const base = tx
    .select({ i: supplies, s: { name: stores.name, geom: stores.geom }, org: { id: orgs.id, path: orgs.path, name: orgs.name } })
    .from(supplies)
    .innerJoin(stores, eq(stores.id, supplies.storeId))
    .innerJoin(orgs, eq(orgs.id, stores.orgId))
    .$dynamic();
  const { rows: found, total } = await registerRows(tx, base, where, [stores.name, supplies.name], supplies.id, page);
  const items = found.map(({ i, s, org }) => ({
    id: i.id,
    orgId: org.id,
    orgName: org.name,
    storeId: i.storeId,
    storeName: s.name,
    name: i.name,
    category: i.category,
    specification: i.specification,
    unit: i.unit,
    quantity: Number(i.quantity),
    minQuantity: Number(i.minQuantity),
    expiresOn: i.expiresOn,
    stockState: em.stockState(Number(i.quantity), Number(i.minQuantity)),
    expiryState: em.expiryState(i.expiresOn, today, settings.supplyExpiryNoticeDays),
    location: lngLatOf(s.geom),
    updatedAt: iso(i.updatedAt),
    allowedActions: actionsOn(actor, org, Number(i.quantity) > 0),
  }));
  return { items, total };
}

export const listSupplies = async (db: Db, actor: Actor, q: SupplyQuery) =>
  pageOf(selectSupplies(db, actor, await supplyWhere(db, actor, q), q), q);
export const allSupplies = async (db: Tx, actor: Actor, q: Partial<SupplyQuery>) =>
  (await selectSupplies(db, actor, await supplyWhere(db, actor, q))).items;

export const oneSupply = async (tx: Tx, actor: Actor, id: string) => {
  const {
    items: [s],
  } = await selectSupplies(tx, actor, and(eq(supplies.id, id), districtOf(actor, stores.orgId)));
  if (!s) throw notFound();
  return s;
};

/** The store a supply is (to be) kept in, within the caller's write reach. */
async function writableStore(tx: Tx, actor: Actor, storeId: string): Promise<Org> {
  const [s] = await tx.select({ orgId: stores.orgId }).from(stores).where(eq(stores.id, storeId));
  if (!s) throw new AppError('VALIDATION', undefined, { fields: [{ field: 'storeId', message: bi('储备库不存在', 'No such store') }] });
  return writable(tx, actor, s.orgId);
}

/** Writes one stock movement with its receipt number (类别-日期-序号, numbered by the movement's own id). */
export async function insertMovement(
  tx: Tx,
  actor: Actor,
  m: {
    supplyId: string;
    kind: em.SupplyMovementKind;
    quantity: number;
    quantityAfter: number;
    counterparty?: string | null;
    note?: string | null;
    dispatchId?: string | null;
  },
): Promise<api.emergencyResources.Movement> {
  const at = now(tx);
  const prefix = { in: 'RK', out: 'CK', lend: 'JC', return: 'GH', dispatch: 'DB' }[m.kind];
  const day = shanghaiDateOf(at).replaceAll('-', '');
  const [row] = await rows<{ id: string }>(
    tx,
    sql`insert into emergency_supply_movements (id, supply_id, kind, quantity, quantity_after, receipt_no, counterparty, dispatch_id, note, by_user_id, by_name, at)
      select n, ${m.supplyId}, ${m.kind}, ${m.quantity}, ${m.quantityAfter}, ${`${prefix}-${day}-`} || lpad(n::text, 6, '0'),
        ${m.counterparty ?? null}, ${m.dispatchId ?? null}, ${m.note ?? null}, ${actor.userId ?? null}, ${actor.displayName}, ${iso(at)}
      from (select nextval(pg_get_serial_sequence('emergency_supply_movements', 'id')) as n) s
      returning id`,
  );
  const [found] = await movementsOf(tx, m.supplyId, sql`and m.id = ${row!.id}`);
  return found!;
}

async function movementsOf(tx: Tx, supplyId: string, extra: SQL = sql``): Promise<api.emergencyResources.Movement[]> {
  const found = await rows<{
    id: string;
    supply_id: string;
    kind: em.SupplyMovementKind;
    quantity: string;
    quantity_after: string;
    receipt_no: string;
    counterparty: string | null;
    dispatch_id: string | null;
    note: string | null;
    by_name: string;
    at: string | Date;
  }>(tx, sql`select * from emergency_supply_movements m where m.supply_id = ${supplyId} ${extra} order by m.id desc`);
  return found.map((m) => ({
    id: Number(m.id),
    supplyId: m.supply_id,
    kind: m.kind,
    quantity: Number(m.quantity),
    quantityAfter: Number(m.quantity_after),
    receiptNo: m.receipt_no,
    counterparty: m.counterparty,
    dispatchId: m.dispatch_id,
    note: m.note,
    byName: m.by_name,
    at: new Date(m.at).toISOString(),
  }));
}

export async function listMovements(db: Db, actor: Actor, supplyId: string) {
  await oneSupply(db, actor, supplyId);
  return { items: await movementsOf(db, supplyId) };
}

export async function insertSupply(tx: Tx, actor: Actor, body: z.output<typeof api.emergencyResources.supplyInput>): Promise<string> {
  await writableStore(tx, actor, body.storeId);
  const at = now(tx);
  const [row] = await tx
    .insert(supplies)
    .values({
      storeId: body.storeId,
      name: body.name,
      category: body.category ?? null,
      specification: body.specification ?? null,
      unit: body.unit,
      quantity: body.quantity,
      minQuantity: body.minQuantity,
      expiresOn: body.expiresOn ?? null,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: supplies.id });
  const id = row!.id;
  if (body.quantity > 0)
    await insertMovement(tx, actor, { supplyId: id, kind: 'in', quantity: body.quantity, quantityAfter: body.quantity, note: '期初库存' });
  await audit(tx, actor, { action: 'emergencySupply.create', entityType: 'emergencySupply', entityId: id, after: body });
  return id;
}

export const createSupply = (db: Db, actor: Actor, body: z.output<R['supplies']['create']['body']>) =>
  db.transaction(async (tx) => oneSupply(tx, actor, await insertSupply(tx, actor, body)));

export const updateSupply = (db: Db, actor: Actor, id: string, body: z.output<R['supplies']['update']['body']>) =>
  db.transaction(async (tx) => {
    const [before] = await tx.select().from(supplies).where(eq(supplies.id, id));
    if (!before) throw notFound();
    await writableStore(tx, actor, before.storeId);
    await tx
      .update(supplies)
      .set({
        ...(body.name !== undefined && { name: body.name }),
        ...(body.category !== undefined && { category: body.category }),
        ...(body.specification !== undefined && { specification: body.specification }),
        ...(body.unit !== undefined && { unit: body.unit }),
        ...(body.minQuantity !== undefined && { minQuantity: body.minQuantity }),
        ...(body.expiresOn !== undefined && { expiresOn: body.expiresOn }),
        updatedAt: now(tx),
      })
      .where(eq(supplies.id, id));
    await audit(tx, actor, { action: 'emergencySupply.update', entityType: 'emergencySupply', entityId: id, before, after: body });
    return oneSupply(tx, actor, id);
  });

/**
 * Moves stock by `delta` in one guarded UPDATE: a decrement only matches while the stock covers it, so two
 * concurrent takings can never both pass a check made before either wrote (the row lock orders them, and the
 * second re-reads the quantity). Returns the stock after, or null when short.
 */
export async function moveStock(tx: Tx, supplyId: string, delta: number): Promise<number | null> {
  const [row] = await rows<{ quantity: string }>(
    tx,
    sql`update emergency_supplies set quantity = quantity + ${delta}, updated_at = ${iso(now(tx))}
      where id = ${supplyId} and quantity + ${delta} >= 0 returning quantity`,
  );
  return row ? Number(row.quantity) : null;
}

export const shortOfStock = (name: string, unit: string) =>
  new AppError('CONFLICT', bi(`“${name}”库存不足，请刷新后重试`, `Not enough “${name}” in stock (${unit}); refresh and try again`));

export const recordMovement = (db: Db, actor: Actor, supplyId: string, body: z.output<R['recordMovement']['body']>) =>
  db.transaction(async (tx) => {
    const [item] = await tx.select().from(supplies).where(eq(supplies.id, supplyId));
    if (!item) throw notFound();
    await writableStore(tx, actor, item.storeId);
    const after = await moveStock(tx, supplyId, em.movementDecreasesStock(body.kind) ? -body.quantity : body.quantity);
    if (after === null) throw shortOfStock(item.name, item.unit);
    const movement = await insertMovement(tx, actor, {
      supplyId,
      kind: body.kind,
      quantity: body.quantity,
      quantityAfter: after,
      counterparty: body.counterparty,
      note: body.note,
    });
    await audit(tx, actor, {
      action: `emergencySupply.${body.kind}`,
      entityType: 'emergencySupply',
      entityId: supplyId,
      after: { ...body, quantityAfter: after },
    });
    return { supply: await oneSupply(tx, actor, supplyId), movement };
  });

// ——— Shelters ———

type ShelterQuery = z.output<R['shelters']['list']['query']>;
const shelterWhere = (actor: Actor, q: Partial<ShelterQuery>) =>
  and(
    districtOf(actor, shelters.orgId),
    q.orgId ? eq(shelters.orgId, q.orgId) : undefined,
    q.type ? eq(shelters.type, q.type) : undefined,
    searchCondition(q.q, [sql`${shelters.name}`, sql`coalesce(${shelters.address}, '')`]),
  );

async function selectShelters(
  tx: Tx,
  actor: Actor,
  where: SQL | undefined,
  page?: ShelterQuery,
): Promise<{ items: api.emergencyResources.Shelter[]; total: number }> {
  const { shelterAreaPerPerson } = await emergencySettingsOf(tx);
  const base = tx
    .select({
      s: shelters,
      org: { id: orgs.id, path: orgs.path, name: orgs.name },
      served: sql<
        { id: string; name: string }[]
      >`coalesce((select json_agg(json_build_object('id', a.id, 'name', a.name) order by a.name) from orgs a where a.id = any(${shelters.servedAreaIds})), '[]'::json)`,
    })
    .from(shelters)
    .innerJoin(orgs, eq(orgs.id, shelters.orgId))
    .$dynamic();
  const { rows: found, total } = await registerRows(tx, base, where, [shelters.name], shelters.id, page);
  const items = found.map(({ s, org, served }) => ({
    id: s.id,
    orgId: s.orgId,
    orgName: org.name,
    name: s.name,
    type: s.type,
    effectiveAreaM2: s.effectiveAreaM2,
    capacity: em.shelterCapacity(s.effectiveAreaM2, shelterAreaPerPerson),
    facilities: s.facilities,
    servedAreas: typeof served === 'string' ? (JSON.parse(served) as { id: string; name: string }[]) : served,
    address: s.address,
    manager: s.manager,
    phone: s.phone,
    location: lngLatOf(s.geom),
    updatedAt: iso(s.updatedAt),
    allowedActions: actionsOn(actor, org, false),
  }));
  return { items, total };
}

export const listShelters = (db: Db, actor: Actor, q: ShelterQuery) => pageOf(selectShelters(db, actor, shelterWhere(actor, q), q), q);
export const allShelters = async (db: Tx, actor: Actor, q: Partial<ShelterQuery>) =>
  (await selectShelters(db, actor, shelterWhere(actor, q))).items;

const shelterValues = (b: Partial<z.output<typeof api.emergencyResources.shelterInput>>) => ({
  ...(b.name !== undefined && { name: b.name }),
  ...(b.type !== undefined && { type: b.type }),
  ...(b.effectiveAreaM2 !== undefined && { effectiveAreaM2: b.effectiveAreaM2 }),
  ...(b.facilities !== undefined && { facilities: b.facilities }),
  ...(b.servedAreaIds !== undefined && { servedAreaIds: b.servedAreaIds }),
  ...(b.address !== undefined && { address: b.address }),
  ...(b.manager !== undefined && { manager: b.manager }),
  ...(b.phone !== undefined && { phone: b.phone }),
  ...(b.location !== undefined && { geom: pointOf(b.location) }),
});

/** Served areas must be streets or communities that exist (their ids are DUTY's per-street shelter check). */
async function checkServedAreas(tx: Tx, ids: readonly string[] | undefined) {
  if (!ids || ids.length === 0) return;
  const found = await rows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from orgs where id = any(${sql.param([...new Set(ids)])}::uuid[]) and type in ('street', 'community')`,
  );
  if ((found[0]?.n ?? 0) !== new Set(ids).size)
    throw new AppError('VALIDATION', undefined, {
      fields: [{ field: 'servedAreaIds', message: bi('服务范围须为街道或社区', 'The areas served must be streets or communities') }],
    });
}

export async function insertShelter(tx: Tx, actor: Actor, body: z.output<typeof api.emergencyResources.shelterInput>): Promise<string> {
  const org = await ownerOrg(tx, actor, body.orgId);
  await checkServedAreas(tx, body.servedAreaIds);
  const at = now(tx);
  const [row] = await tx
    .insert(shelters)
    .values({
      ...shelterValues(body),
      name: body.name,
      type: body.type,
      effectiveAreaM2: body.effectiveAreaM2,
      geom: pointOf(body.location),
      orgId: org.id,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: shelters.id });
  await audit(tx, actor, { action: 'emergencyShelter.create', entityType: 'emergencyShelter', entityId: row!.id, after: body });
  return row!.id;
}

const oneShelter = async (tx: Tx, actor: Actor, id: string) => {
  const {
    items: [s],
  } = await selectShelters(tx, actor, and(eq(shelters.id, id), districtOf(actor, shelters.orgId)));
  if (!s) throw notFound();
  return s;
};

export const createShelter = (db: Db, actor: Actor, body: z.output<R['shelters']['create']['body']>) =>
  db.transaction(async (tx) => oneShelter(tx, actor, await insertShelter(tx, actor, body)));

export const updateShelter = (db: Db, actor: Actor, id: string, body: z.output<R['shelters']['update']['body']>) =>
  db.transaction(async (tx) => {
    const [before] = await tx.select().from(shelters).where(eq(shelters.id, id));
    await writable(tx, actor, before?.orgId);
    if (body.orgId) await ownerOrg(tx, actor, body.orgId);
    await checkServedAreas(tx, body.servedAreaIds);
    await tx
      .update(shelters)
      .set({ ...shelterValues(body), ...(body.orgId && { orgId: body.orgId }), updatedAt: now(tx) })
      .where(eq(shelters.id, id));
    await audit(tx, actor, { action: 'emergencyShelter.update', entityType: 'emergencyShelter', entityId: id, before, after: body });
    return oneShelter(tx, actor, id);
  });

// ——— Fire stations and vehicles ———

type StationQuery = z.output<R['fireStations']['list']['query']>;
const stationWhere = (actor: Actor, q: Partial<StationQuery>) =>
  and(districtOf(actor, stations.orgId), q.orgId ? eq(stations.orgId, q.orgId) : undefined, searchCondition(q.q, [sql`${stations.name}`]));

async function selectStations(
  tx: Tx,
  actor: Actor,
  where: SQL | undefined,
  page?: StationQuery,
): Promise<{ items: api.emergencyResources.FireStation[]; total: number }> {
  const base = tx
    .select({ s: stations, org: { id: orgs.id, path: orgs.path, name: orgs.name } })
    .from(stations)
    .innerJoin(orgs, eq(orgs.id, stations.orgId))
    .$dynamic();
  const { rows: found, total } = await registerRows(tx, base, where, [stations.name], stations.id, page);
  const ids = found.map((f) => f.s.id);
  const fleet = ids.length
    ? await tx
        .select()
        .from(vehicles)
        .where(sql`${vehicles.stationId} = any(${sql.param(ids)}::uuid[])`)
        .orderBy(vehicles.plate)
    : [];
  const items = found.map(({ s, org }) => {
    const own = fleet.filter((v) => v.stationId === s.id);
    return {
      id: s.id,
      orgId: s.orgId,
      orgName: org.name,
      name: s.name,
      address: s.address,
      phone: s.phone,
      personnel: s.personnel,
      location: lngLatOf(s.geom),
      vehicles: own.map((v) => ({ id: v.id, stationId: v.stationId, plate: v.plate, model: v.model, status: v.status })),
      updatedAt: iso(s.updatedAt),
      allowedActions: actionsOn(
        actor,
        org,
        own.some((v) => v.status === 'available'),
      ),
    };
  });
  return { items, total };
}

export const listStations = (db: Db, actor: Actor, q: StationQuery) => pageOf(selectStations(db, actor, stationWhere(actor, q), q), q);
export const allStations = async (db: Tx, actor: Actor, q: Partial<StationQuery>) =>
  (await selectStations(db, actor, stationWhere(actor, q))).items;

const stationValues = (b: Partial<z.output<typeof api.emergencyResources.fireStationInput>>) => ({
  ...(b.name !== undefined && { name: b.name }),
  ...(b.address !== undefined && { address: b.address }),
  ...(b.phone !== undefined && { phone: b.phone }),
  ...(b.personnel !== undefined && { personnel: b.personnel }),
  ...(b.location !== undefined && { geom: pointOf(b.location) }),
});

export async function insertStation(tx: Tx, actor: Actor, body: z.output<typeof api.emergencyResources.fireStationInput>): Promise<string> {
  const org = await ownerOrg(tx, actor, body.orgId);
  const at = now(tx);
  const [row] = await tx
    .insert(stations)
    .values({ ...stationValues(body), name: body.name, geom: pointOf(body.location), orgId: org.id, createdAt: at, updatedAt: at })
    .returning({ id: stations.id });
  await audit(tx, actor, { action: 'emergencyFireStation.create', entityType: 'emergencyFireStation', entityId: row!.id, after: body });
  return row!.id;
}

const oneStation = async (tx: Tx, actor: Actor, id: string) => {
  const {
    items: [s],
  } = await selectStations(tx, actor, and(eq(stations.id, id), districtOf(actor, stations.orgId)));
  if (!s) throw notFound();
  return s;
};

export const createStation = (db: Db, actor: Actor, body: z.output<R['fireStations']['create']['body']>) =>
  db.transaction(async (tx) => oneStation(tx, actor, await insertStation(tx, actor, body)));

export const updateStation = (db: Db, actor: Actor, id: string, body: z.output<R['fireStations']['update']['body']>) =>
  db.transaction(async (tx) => {
    const [before] = await tx.select().from(stations).where(eq(stations.id, id));
    await writable(tx, actor, before?.orgId);
    if (body.orgId) await ownerOrg(tx, actor, body.orgId);
    await tx
      .update(stations)
      .set({ ...stationValues(body), ...(body.orgId && { orgId: body.orgId }), updatedAt: now(tx) })
      .where(eq(stations.id, id));
    await audit(tx, actor, {
      action: 'emergencyFireStation.update',
      entityType: 'emergencyFireStation',
      entityId: id,
      before,
      after: body,
    });
    return oneStation(tx, actor, id);
  });

export async function insertVehicle(tx: Tx, actor: Actor, stationId: string, body: z.output<R['addVehicle']['body']>) {
  const [s] = await tx.select({ orgId: stations.orgId }).from(stations).where(eq(stations.id, stationId));
  await writable(tx, actor, s?.orgId);
  const at = now(tx);
  const [row] = await tx
    .insert(vehicles)
    .values({ stationId, plate: body.plate, model: body.model, status: body.status ?? 'available', createdAt: at, updatedAt: at })
    .returning({ id: vehicles.id });
  await audit(tx, actor, {
    action: 'emergencyFireStation.addVehicle',
    entityType: 'emergencyFireStation',
    entityId: stationId,
    after: body,
  });
  return row!.id;
}

export const addVehicle = (db: Db, actor: Actor, stationId: string, body: z.output<R['addVehicle']['body']>) =>
  db.transaction(async (tx) => {
    await insertVehicle(tx, actor, stationId, body);
    return oneStation(tx, actor, stationId);
  });

export const updateVehicle = (db: Db, actor: Actor, stationId: string, vehicleId: string, body: z.output<R['updateVehicle']['body']>) =>
  db.transaction(async (tx) => {
    const [s] = await tx.select({ orgId: stations.orgId }).from(stations).where(eq(stations.id, stationId));
    await writable(tx, actor, s?.orgId);
    const changed = await tx
      .update(vehicles)
      .set({ ...body, updatedAt: now(tx) })
      .where(and(eq(vehicles.id, vehicleId), eq(vehicles.stationId, stationId)))
      .returning({ id: vehicles.id });
    if (changed.length === 0) throw notFound();
    await audit(tx, actor, {
      action: 'emergencyFireStation.updateVehicle',
      entityType: 'emergencyFireStation',
      entityId: stationId,
      after: { vehicleId, ...body },
    });
    return oneStation(tx, actor, stationId);
  });
