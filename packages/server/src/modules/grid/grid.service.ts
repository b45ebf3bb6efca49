import { AppError, bi, type api, grid as rules, type RequestPart, shanghaiDateOf } from '@citysafe/domain';
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { now, rows, type Tx } from '../../platform/db.js';
import { assertReadableFiles } from '../../platform/files.service.js';
import { listPage } from '../../platform/list.js';
import { hazards, insertHazard } from '../hazard/index.js';
import { insertGridCase, responsibleDepartmentOf } from './grid-cases.service.js';
import { checklistsOf, citedPhoto, dayStart, gridInReach, gridReach, gridSettings, gridsInReach, placesOf } from './grid.places.js';
import { gridSettingsRows, gridVisits, type VisitFindingRef } from './grid.tables.js';

type VisitRow = typeof gridVisits.$inferSelect;

const today = (tx: Tx) => shanghaiDateOf(now(tx));

interface GridRow {
  id: string;
  code: string | null;
  name: string;
  street_id: string | null;
  street_name: string | null;
  community_id: string | null;
  community_name: string | null;
  members: { id: string; name: string; phone: string | null }[] | null;
  geojson?: string | null;
}

/** The grids' orgs with their street and community (from the org tree) and their members (grid_member users of the grid). */
async function gridRows(tx: Tx, where: SQL, page?: { limit: number; offset: number; order: SQL }): Promise<GridRow[]> {
  return rows<GridRow>(
    tx,
    sql`select o.id, o.grid_code as code, o.name,
          s.id as street_id, s.name as street_name, c.id as community_id, c.name as community_name,
          (select coalesce(json_agg(json_build_object('id', u.id, 'name', u.display_name, 'phone', u.phone) order by u.display_name), '[]'::json)
             from users u join user_roles ur on ur.user_id = u.id
             where u.org_id = o.id and ur.role_code = 'grid_member' and u.status = 'active') as members,
          (select ST_AsGeoJSON(b.geom, 7) from boundaries b where b.org_id = o.id) as geojson
        from orgs o
        left join orgs s on s.type = 'street' and starts_with(o.path, s.path) and s.id <> o.id
        left join orgs c on c.type = 'community' and starts_with(o.path, c.path) and c.id <> o.id
        where o.type = 'grid' and ${where}
        ${page ? sql`order by ${page.order}, o.id limit ${page.limit} offset ${page.offset}` : sql`order by o.grid_code, o.name`}`,
  );
}

function summarise(g: GridRow, places: readonly { gridId: string; type: string; due: boolean; done: boolean }[]): api.grid.GridSummary {
  const mine = places.filter((p) => p.gridId === g.id);
  return {
    id: g.id,
    code: g.code,
    name: g.name,
    street: g.street_id ? { id: g.street_id, name: g.street_name! } : null,
    community: g.community_id ? { id: g.community_id, name: g.community_name! } : null,
    members: g.members ?? [],
    counts: {
      enterprises: mine.filter((p) => p.type === 'enterprise').length,
      riskSources: mine.filter((p) => p.type === 'risk_source').length,
      places: mine.length,
    },
    dueToday: mine.filter((p) => p.due && !p.done).length,
    visitedToday: mine.filter((p) => p.done).length,
  };
}

/** GET /api/grid/grids: the grids in the caller's reach with today's figures (places computed for the page only). */
export async function listGrids(tx: Tx, actor: Actor, q: RequestPart<typeof api.grid.listGrids, 'query'>) {
  const where = and(
    gridReach(actor, 'grid.read', sql`o.id`),
    q.streetId ? sql`o.path like (select p.path || '%' from orgs p where p.id = ${q.streetId})` : undefined,
    q.q ? sql`(o.name ilike ${`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} or o.grid_code like ${`${q.q}%`})` : undefined,
  )!;
  const [{ n } = { n: 0 }] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from orgs o where o.type = 'grid' and ${where}`);
  const desc = q.sort?.startsWith('-') ? sql`desc` : sql`asc`;
  const order = q.sort?.replace('-', '') === 'name' ? sql`o.name ${desc}` : sql`o.grid_code ${desc}`;
  const found = await gridRows(tx, where, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize, order });
  const { settings } = await gridSettings(tx);
  const places = await placesOf(
    tx,
    found.map((g) => g.id),
    today(tx),
    settings,
  );
  return { items: found.map((g) => summarise(g, places)), total: n, page: q.page, pageSize: q.pageSize };
}

/** GET /api/grid/grids/:id: one grid with its polygon and places (404 outside the reach). */
export async function getGrid(tx: Tx, actor: Actor, id: string): Promise<api.grid.GridDetail> {
  await gridInReach(tx, actor, 'grid.read', id);
  const [g] = await gridRows(tx, sql`o.id = ${id}`);
  const { settings } = await gridSettings(tx);
  const places = await placesOf(tx, [id], today(tx), settings);
  return {
    ...summarise(g!, places),
    geometry: g!.geojson ? (JSON.parse(g!.geojson) as api.grid.GridDetail['geometry']) : null,
    places: places.map(({ gridId: _grid, due: _due, done: _done, ...place }) => place),
  };
}

/**
 * GET /api/grid/route: the caller's route for a day. A grid member has one grid (their org); someone reaching
 * several grids names one (`gridId`), 422 otherwise.
 */
export async function getRoute(
  tx: Tx,
  actor: Actor,
  q: { date?: string | undefined; gridId?: string | undefined },
): Promise<api.grid.Route> {
  const day = q.date ?? today(tx);
  let grid: { id: string; code: string | null; name: string };
  if (q.gridId) grid = await gridInReach(tx, actor, 'grid.read', q.gridId);
  else {
    const reach = await gridsInReach(tx, actor, 'grid.read');
    if (reach.length !== 1)
      throw new AppError(
        'RULE_VIOLATION',
        reach.length === 0
          ? bi('你没有负责的网格', 'You have no grid to patrol')
          : bi('你负责多个网格，请选择一个网格（gridId）', 'You reach several grids: name one (gridId)'),
        { fields: [{ field: 'gridId', message: bi('请选择网格', 'Choose a grid') }] },
      );
    grid = reach[0]!;
  }
  const { settings } = await gridSettings(tx);
  const places = await placesOf(tx, [grid.id], day, settings);
  const checklists = await checklistsOf(tx, places);
  return {
    date: day,
    grid,
    places: places.map(({ gridId: _grid, ...p }) => ({ ...p, checklist: checklists.get(p.key) ?? [] })),
  };
}

function presentVisit(v: VisitRow & { gridName: string }): api.grid.Visit {
  return {
    id: v.id,
    clientId: v.clientId,
    placeKey: `${v.placeType}:${v.placeId}`,
    place: { type: v.placeType, id: v.placeId, name: v.placeName },
    gridId: v.gridId,
    gridName: v.gridName,
    memberId: v.memberId,
    memberName: v.memberName,
    startedAt: v.startedAt.toISOString(),
    checkedInAt: v.checkedInAt.toISOString(),
    receivedAt: v.receivedAt.toISOString(),
    location: v.location ? { lng: v.location.x, lat: v.location.y, accuracyM: v.accuracyM } : null,
    distanceM: v.distanceM === null ? null : Math.round(v.distanceM),
    farCheckIn: v.farCheckIn,
    checklist: v.checklist,
    note: v.note,
    photoFileIds: v.photoFileIds,
    findings: v.findings,
  };
}

const visitSelect = (tx: Tx) =>
  tx
    .select({ visit: gridVisits, gridName: sql<string>`(select o.name from orgs o where o.id = ${gridVisits.gridId})` })
    .from(gridVisits)
    .$dynamic();

/** A visit the caller may read: its grid in the caller's reach, or the caller's own. */
const visitReach = (actor: Actor): SQL =>
  sql`(${gridReach(actor, 'grid.read', sql`${gridVisits.gridId}`)} or ${gridVisits.memberId} = ${actor.userId})`;

export async function getVisit(tx: Tx, actor: Actor, id: string): Promise<api.grid.Visit> {
  const [found] = await visitSelect(tx).where(and(eq(gridVisits.id, id), visitReach(actor)));
  if (!found) throw new AppError('NOT_FOUND', bi('巡查记录不存在或不在你的范围内', 'No such visit within your reach'));
  return presentVisit({ ...found.visit, gridName: found.gridName });
}

/** GET /api/grid/visits/:id/photos/:fileId: a photo of a visit in the caller's reach. */
export async function visitPhoto(tx: Tx, actor: Actor, id: string, fileId: string) {
  return citedPhoto(tx, (await getVisit(tx, actor, id)).photoFileIds, fileId);
}

export async function listVisits(tx: Tx, actor: Actor, q: RequestPart<typeof api.grid.listVisits, 'query'>) {
  const page = await listPage(
    tx,
    visitSelect(tx),
    {
      where: [
        visitReach(actor),
        q.gridId ? eq(gridVisits.gridId, q.gridId) : undefined,
        q.memberId ? eq(gridVisits.memberId, q.memberId) : undefined,
        q.from ? gte(gridVisits.checkedInAt, dayStart(q.from)) : undefined,
        q.to ? lt(gridVisits.checkedInAt, new Date(dayStart(q.to).getTime() + 24 * 3600_000)) : undefined,
        q.farCheckIn ? eq(gridVisits.farCheckIn, q.farCheckIn === 'true') : undefined,
      ],
      search: [gridVisits.placeName, gridVisits.memberName],
      sortable: { checkedInAt: gridVisits.checkedInAt },
      defaultOrder: [desc(gridVisits.checkedInAt)],
      tieBreaker: gridVisits.id,
    },
    q,
  );
  return { ...page, items: page.rows.map((r) => presentVisit({ ...r.visit, gridName: r.gridName })) };
}

/**
 * The org that answers for a place: the enterprise itself, or the owner of the risk source (a source of an enterprise
 * outside the grid is a place of its own). A hazard found there is the owner's; a lead is about the owner when it is an
 * enterprise (a source of a department or a street has no enterprise to pass a lead about).
 */
export async function placeOwnerOf(tx: Tx, type: 'enterprise' | 'risk_source', id: string): Promise<{ id: string; enterprise: boolean }> {
  if (type === 'enterprise') return { id, enterprise: true };
  const [owner] = await rows<{ id: string; enterprise: boolean }>(
    tx,
    sql`select o.id, o.type = 'enterprise' as enterprise from risk_sources rs join orgs o on o.id = rs.org_id where rs.id = ${id}`,
  );
  return owner!;
}

/** The stored visit of a client id, or null. */
async function visitByClientId(tx: Tx, clientId: string) {
  const [found] = await visitSelect(tx).where(eq(gridVisits.clientId, clientId));
  return found ? { ...found.visit, gridName: found.gridName } : null;
}

/** The same client id posted again: the same visit (200), or 409 when it names another place or another member. */
function repeatOf(existing: VisitRow & { gridName: string }, actor: Actor, input: api.grid.VisitInput): api.grid.Visit {
  if (`${existing.placeType}:${existing.placeId}`.toLowerCase() !== input.placeKey.toLowerCase() || existing.memberId !== actor.userId)
    throw new AppError(
      'CONFLICT',
      bi('该巡查记录编号已用于另一处巡查点的记录', 'This visit’s client id was already used for another place'),
      { details: { visitId: existing.id } },
    );
  return presentVisit(existing);
}

/**
 * POST /api/grid/visits: records a visit, idempotent on the phone's client id. The row is claimed first (`on
 * conflict do nothing` on the unique client id), so that two posts of one visit racing each other record it once
 * and only the one that claimed it registers its findings: a hazard through the hazard loop (origin grid_patrol,
 * origin_ref the visit), a grid case (立案), or a lead (移交线索, enterprise places only) to the department.
 */
export async function postVisit(tx: Tx, actor: Actor, input: api.grid.VisitInput): Promise<{ visit: api.grid.Visit; created: boolean }> {
  const existing = await visitByClientId(tx, input.clientId);
  if (existing) return { visit: repeatOf(existing, actor, input), created: false };
  const at = now(tx);
  const checkedInAt = new Date(input.checkedInAt);
  const late = rules.checkInWindowError(checkedInAt, at);
  if (late) throw new AppError('RULE_VIOLATION', late, { fields: [{ field: 'checkedInAt', message: late }] });

  const [type, placeId] = input.placeKey.toLowerCase().split(':') as ['enterprise' | 'risk_source', string];
  const { settings } = await gridSettings(tx);
  const grids = await gridsInReach(tx, actor, 'grid.patrol');
  const day = shanghaiDateOf(checkedInAt);
  const [place] = await placesOf(
    tx,
    grids.map((g) => g.id),
    day,
    settings,
    { type, id: placeId },
  );
  if (!place)
    throw new AppError('FORBIDDEN', bi('该巡查点不在你负责的网格内', 'This place is not in a grid you patrol'), {
      fields: [{ field: 'placeKey', message: bi('巡查点不在你的网格内', 'Not a place of your grid') }],
    });
  // A hazard is the owner's and a lead is about the owner; a case needs no owner.
  const owner = input.findings?.some((f) => f.kind !== 'case') ? await placeOwnerOf(tx, type, placeId) : null;
  const leads = input.findings?.some((f) => f.kind === 'lead') ?? false;
  if (leads && !owner!.enterprise)
    throw new AppError('RULE_VIOLATION', bi('只有企业才能移交线索', 'Only what is found in an enterprise is passed on as a lead'), {
      fields: [{ field: 'findings', message: bi('移交线索只用于企业或企业的风险源', 'A lead is about an enterprise or its risk source') }],
    });
  const photoFileIds = input.photoFileIds ?? [];
  await assertReadableFiles(tx, actor, photoFileIds, 'photoFileIds');
  for (const [i, f] of (input.findings ?? []).entries())
    await assertReadableFiles(tx, actor, f.photoFileIds ?? [], `findings.${i}.photoFileIds`);

  const distance = input.location && place.location ? rules.distanceM(input.location, place.location) : null;
  const [claimed] = await tx
    .insert(gridVisits)
    .values({
      clientId: input.clientId,
      placeType: type,
      placeId,
      placeName: place.name,
      gridId: place.gridId,
      memberId: actor.userId!,
      memberName: actor.displayName,
      startedAt: new Date(input.startedAt),
      checkedInAt,
      receivedAt: at,
      location: input.location ? { x: input.location.lng, y: input.location.lat } : null,
      accuracyM: input.location?.accuracyM ?? null,
      distanceM: distance,
      farCheckIn: rules.isFarCheckIn(distance, settings.checkInRadiusM),
      checklist: input.checklist.map((c) => ({ key: c.key, text: c.text, result: c.result, note: c.note ?? null })),
      note: input.note ?? null,
      photoFileIds,
    })
    .onConflictDoNothing({ target: gridVisits.clientId })
    .returning();
  if (!claimed) {
    // Another post of the same visit claimed it between our look and our insert: answer as a repeat.
    const raced = await visitByClientId(tx, input.clientId);
    return { visit: repeatOf(raced!, actor, input), created: false };
  }

  const findings: VisitFindingRef[] = [];
  const where = input.location ?? place.location;
  const leadDepartment = leads ? await responsibleDepartmentOf(tx, owner!.id) : null;
  for (const f of input.findings ?? []) {
    if (f.kind === 'hazard') {
      const hazardId = await insertHazard(tx, actor, {
        title: f.title,
        level: f.level ?? '一般',
        responsibleOrgId: owner!.id,
        foundAt: checkedInAt.toISOString(),
        description: f.description ?? null,
        category: f.hazardCategory ?? null,
        ...(where ? { lng: where.lng, lat: where.lat } : {}),
        origin: 'grid_patrol',
        originRef: claimed.id,
        placeName: place.name,
        riskSourceId: type === 'risk_source' ? placeId : null,
        majorBasis: f.majorBasis ?? null,
        photoIds: f.photoFileIds ?? [],
      });
      const [h] = await tx.select({ code: hazards.code }).from(hazards).where(eq(hazards.id, hazardId));
      findings.push({ clientId: f.clientId, kind: 'hazard', ref: { type: 'hazard', id: hazardId, code: h!.code } });
    } else {
      const created = await insertGridCase(tx, actor, settings, {
        kind: f.kind,
        title: f.title,
        description: f.description ?? null,
        category: f.category,
        gridId: place.gridId,
        enterpriseId: f.kind === 'lead' ? owner!.id : null,
        location: where ? { lng: where.lng, lat: where.lat } : null,
        photoFileIds: f.photoFileIds ?? [],
        visitId: claimed.id,
        findingClientId: f.clientId,
        dispatchTo: f.kind === 'lead' ? leadDepartment : null,
      });
      findings.push({ clientId: f.clientId, kind: f.kind, ref: { type: 'gridCase', id: created.id, code: created.code } });
    }
  }
  const [stored] = await tx.update(gridVisits).set({ findings }).where(eq(gridVisits.id, claimed.id)).returning();
  await audit(tx, actor, {
    action: 'gridVisit.create',
    entityType: 'gridVisit',
    entityId: claimed.id,
    after: { place: input.placeKey, checkedInAt: checkedInAt.toISOString(), distanceM: distance, findings: findings.length },
  });
  return { visit: presentVisit({ ...stored!, gridName: grids.find((g) => g.id === place.gridId)!.name }), created: true };
}

/** GET /api/grid/checkins: the day's check-ins with a location, in the caller's reach, as GeoJSON points. */
export async function listCheckins(tx: Tx, actor: Actor, q: { date?: string | undefined; gridId?: string | undefined }) {
  const start = dayStart(q.date ?? today(tx));
  const found = await visitSelect(tx)
    .where(
      and(
        visitReach(actor),
        sql`${gridVisits.location} is not null`,
        gte(gridVisits.checkedInAt, start),
        lt(gridVisits.checkedInAt, new Date(start.getTime() + 24 * 3600_000)),
        q.gridId ? eq(gridVisits.gridId, q.gridId) : undefined,
      ),
    )
    .orderBy(gridVisits.checkedInAt, gridVisits.id)
    .limit(5000);
  return {
    type: 'FeatureCollection' as const,
    features: found.map(({ visit: v }) => ({
      type: 'Feature' as const,
      id: v.id,
      geometry: { type: 'Point' as const, coordinates: [v.location!.x, v.location!.y] },
      properties: {
        visitId: v.id,
        placeKey: `${v.placeType}:${v.placeId}`,
        placeName: v.placeName,
        gridId: v.gridId,
        memberId: v.memberId,
        memberName: v.memberName,
        checkedInAt: v.checkedInAt.toISOString(),
        distanceM: v.distanceM === null ? null : Math.round(v.distanceM),
        farCheckIn: v.farCheckIn,
      },
    })),
  };
}

/** The settings with the source of each value; a value still equal to the platform's default says so. */
export async function settingsView(tx: Tx): Promise<api.grid.GridSettingsView> {
  const { settings, updatedAt, updatedBy } = await gridSettings(tx);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const source = (key: keyof rules.GridSettings) => ({
    text: rules.gridSettingSources[key].text,
    verified: rules.gridSettingSources[key].verified,
    isDefault: same(settings[key], rules.defaultGridSettings[key]),
  });
  return {
    settings,
    sources: { intervalDays: source('intervalDays'), checkInRadiusM: source('checkInRadiusM'), caseCategories: source('caseCategories') },
    updatedAt: updatedAt?.toISOString() ?? null,
    updatedBy,
  };
}

export async function saveSettings(tx: Tx, actor: Actor, settings: rules.GridSettings): Promise<api.grid.GridSettingsView> {
  const before = (await gridSettings(tx)).settings;
  await tx
    .insert(gridSettingsRows)
    .values({ id: 1, settings, updatedAt: now(tx), updatedBy: actor.displayName })
    .onConflictDoUpdate({ target: gridSettingsRows.id, set: { settings, updatedAt: now(tx), updatedBy: actor.displayName } });
  await audit(tx, actor, { action: 'gridSettings.update', entityType: 'gridSettings', entityId: null, before, after: settings });
  return settingsView(tx);
}
