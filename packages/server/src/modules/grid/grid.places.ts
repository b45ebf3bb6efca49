import { type Action, AppError, bi, grid as rules, hazard as hazardRules, risk, type api } from '@citysafe/domain';
import { eq, type SQL, sql } from 'drizzle-orm';
import { type Actor, scopeCondition } from '../../platform/actor.js';
import { rows, type Tx } from '../../platform/db.js';
import { files } from '../../platform/platform.tables.js';
import { gridSettingsRows } from './grid.tables.js';

type Place = api.grid.Place;

/** The level of a risk source's stored `level_rank` (the risk module's ranks, 4 major … 1 low). */
const levelOfRank = (rank: number): risk.RiskLevel | null => risk.riskLevels.find((l) => risk.riskLevelInfo[l].rank === rank) ?? null;

/** SQL: a uuid[] literal of these ids (an empty one when there are none), for `= any(...)`. */
export const uuidArray = (list: readonly string[]): SQL =>
  list.length
    ? sql`array[${sql.join(
        list.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}]`
    : sql`array[]::uuid[]`;

/** The settings in force: the saved row, or the platform's defaults (each marked as such by the settings view). */
export async function gridSettings(tx: Tx): Promise<{ settings: rules.GridSettings; updatedAt: Date | null; updatedBy: string | null }> {
  const [row] = await tx.select().from(gridSettingsRows).limit(1);
  return row
    ? { settings: row.settings, updatedAt: row.updatedAt, updatedBy: row.updatedBy }
    : { settings: rules.defaultGridSettings, updatedAt: null, updatedBy: null };
}

/** SQL: "this grid org id is in the caller's reach for the action" (a street: its grids; a member: their own). */
export const gridReach = (actor: Actor, action: Action, column: SQL): SQL => scopeCondition(actor, action, column);

/** The grids in the caller's reach for an action, by code. */
export async function gridsInReach(tx: Tx, actor: Actor, action: Action): Promise<{ id: string; code: string | null; name: string }[]> {
  return rows(
    tx,
    sql`select o.id, o.grid_code as code, o.name from orgs o
        where o.type = 'grid' and ${gridReach(actor, action, sql`o.id`)} order by o.grid_code, o.name`,
  );
}

/** One grid in the caller's reach, or 404 (a grid outside the reach is not even named). */
export async function gridInReach(tx: Tx, actor: Actor, action: Action, gridId: string) {
  const [found] = await rows<{ id: string; code: string | null; name: string }>(
    tx,
    sql`select o.id, o.grid_code as code, o.name from orgs o
        where o.id = ${gridId} and o.type = 'grid' and ${gridReach(actor, action, sql`o.id`)}`,
  );
  if (!found) throw new AppError('NOT_FOUND', bi('网格不存在或不在你的范围内', 'No such grid within your reach'));
  return found;
}

/**
 * A photo a visit or a case cites, read through that record (whose reach the caller checked), not by the file's own
 * org: a member's photo belongs to their grid and a unit's handling photo to the unit, and the office or department
 * reading the record need not reach either by `file.read`. 404 for a file the record does not cite.
 */
export async function citedPhoto(tx: Tx, cited: readonly string[], fileId: string): Promise<typeof files.$inferSelect> {
  const [found] = cited.some((f) => f.toLowerCase() === fileId.toLowerCase())
    ? await tx.select().from(files).where(eq(files.id, fileId))
    : [];
  if (!found) throw new AppError('NOT_FOUND', bi('照片不存在', 'No such photo'));
  return found;
}

interface PlaceRow {
  grid_id: string;
  type: 'enterprise' | 'risk_source';
  id: string;
  name: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  rank: number | null;
  last_before: Date | string | null;
  last_upto: Date | string | null;
  done: boolean;
}

export interface PlaceOnDay extends Place {
  gridId: string;
  due: boolean;
  done: boolean;
}

const asDate = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

/** The start of an Asia/Shanghai day, as an instant. */
export const dayStart = (day: string): Date => new Date(`${day}T00:00:00+08:00`);

/**
 * The places of some grids on one day: the enterprises inside each grid's polygon (or placed under the grid in the
 * org tree), their level the highest of their own risk sources; and the risk sources of the grid (computed `grid_id`,
 * drafts left out) that belong to no enterprise of the grid. Each with its interval by level, its last visit, whether
 * it is due on the day (from the last visit before the day) and whether it was visited on the day. One statement.
 */
export async function placesOf(
  tx: Tx,
  gridIds: readonly string[],
  day: string,
  settings: rules.GridSettings,
  /** Only this place (a visit posted to it): its visits are looked up, not every place's. */
  only?: { type: Place['type']; id: string },
): Promise<PlaceOnDay[]> {
  if (gridIds.length === 0) return [];
  const start = dayStart(day);
  const end = new Date(start.getTime() + 24 * 3600_000);
  const ids = uuidArray(gridIds);
  const found = await rows<PlaceRow>(
    tx,
    sql`with g as (
          select o.id as grid_id, b.geom from orgs o left join boundaries b on b.org_id = o.id
          where o.id = any(${ids}) and o.type = 'grid'
        ),
        ent as (
          select distinct on (g.grid_id, e.id) g.grid_id, e.id, e.name, ST_X(e.location) as lng, ST_Y(e.location) as lat
          from g join orgs e on e.type = 'enterprise'
            and (e.parent_id = g.grid_id or (g.geom is not null and e.location is not null and ST_Covers(g.geom, e.location)))
        ),
        places as (
          select ent.grid_id, 'enterprise'::text as type, ent.id, ent.name, null::text as address, ent.lng, ent.lat,
                 (select max(rs.level_rank) from risk_sources rs where rs.org_id = ent.id and rs.status <> 'draft') as rank
          from ent
          union all
          select rs.grid_id, 'risk_source', rs.id, rs.name, rs.address,
                 ST_X(ST_PointOnSurface(rs.geom)), ST_Y(ST_PointOnSurface(rs.geom)), rs.level_rank
          from risk_sources rs
          where rs.grid_id = any(${ids}) and rs.status <> 'draft'
            and not exists (select 1 from ent where ent.grid_id = rs.grid_id and ent.id = rs.org_id)
        )
        select p.*,
          (select max(v.checked_in_at) from grid_visits v
            where v.place_type = p.type and v.place_id = p.id and v.checked_in_at < ${start}) as last_before,
          (select max(v.checked_in_at) from grid_visits v
            where v.place_type = p.type and v.place_id = p.id and v.checked_in_at < ${end}) as last_upto,
          exists (select 1 from grid_visits v where v.place_type = p.type and v.place_id = p.id
            and v.checked_in_at >= ${start} and v.checked_in_at < ${end}) as done
        from places p
        ${only ? sql`where p.type = ${only.type} and p.id = ${only.id}` : sql``}`,
  );
  const places = found.map((r): PlaceOnDay => {
    const riskLevel = r.rank ? levelOfRank(r.rank) : null;
    const interval = rules.patrolIntervalDays(riskLevel, settings);
    const lastUpto = asDate(r.last_upto);
    const dueOn = rules.nextDueOn(asDate(r.last_before), interval, day);
    return {
      gridId: r.grid_id,
      key: `${r.type}:${r.id}`,
      type: r.type,
      id: r.id,
      name: r.name,
      address: r.address,
      location: r.lng !== null && r.lat !== null ? { lng: Number(r.lng), lat: Number(r.lat) } : null,
      riskLevel,
      intervalDays: interval,
      lastVisitAt: lastUpto ? lastUpto.toISOString() : null,
      nextDueOn: rules.nextDueOn(lastUpto, interval, day),
      due: rules.isDue(dueOn, day),
      done: Boolean(r.done),
    };
  });
  // Red first, places without a level last.
  const rank = (p: PlaceOnDay) => (p.riskLevel ? risk.riskLevelInfo[p.riskLevel].rank : 0);
  return places.sort((a, b) => rank(b) - rank(a) || a.name.localeCompare(b.name, 'zh-CN') || a.key.localeCompare(b.key));
}

/** Which template of the hazard module's campaign checklists a risk source's category calls for. */
const templateOfCategory: Record<string, string> = {
  hazardous_chemicals: 'hazardous_chemicals',
  construction: 'construction',
  crowded_place: 'crowded_place',
};

/**
 * Each place's checklist (`buildChecklist` of the hazard module): the control measures of its risk sources (an
 * enterprise: all of its own), then the template the sources' category calls for; an enterprise with neither gets
 * the 九小场所 template, the small premises a grid member mostly visits.
 */
export async function checklistsOf(tx: Tx, places: readonly Place[]): Promise<Map<string, api.grid.RouteChecklistItem[]>> {
  const result = new Map<string, api.grid.RouteChecklistItem[]>();
  if (places.length === 0) return result;
  const enterpriseIds = places.filter((p) => p.type === 'enterprise').map((p) => p.id);
  const sourceIds = places.filter((p) => p.type === 'risk_source').map((p) => p.id);
  const measures = await rows<{
    org_id: string;
    source_id: string;
    source_name: string;
    category: string;
    measure_id: string | null;
    description: string | null;
  }>(
    tx,
    sql`select rs.org_id, rs.id as source_id, rs.name as source_name, rs.category, m.id as measure_id, m.description
        from risk_sources rs left join risk_control_measures m on m.source_id = rs.id
        where rs.status <> 'draft' and (rs.org_id = any(${uuidArray(enterpriseIds)}) or rs.id = any(${uuidArray(sourceIds)}))
        order by rs.name, m.created_at, m.id`,
  );
  // Each measure under the place keys it serves (its enterprise's, its source's), so that no place scans them all.
  const measuresOf = new Map<string, typeof measures>();
  for (const m of measures)
    for (const key of [`enterprise:${m.org_id}`, `risk_source:${m.source_id}`]) {
      const list = measuresOf.get(key);
      if (list) list.push(m);
      else measuresOf.set(key, [m]);
    }
  for (const p of places) {
    const mine = measuresOf.get(p.key) ?? [];
    const templateCode =
      mine.map((m) => templateOfCategory[m.category]).find((c) => c !== undefined) ?? (p.type === 'enterprise' ? 'nine_small' : undefined);
    const template = templateCode ? hazardRules.inspectionTemplate(templateCode) : undefined;
    const drafts = hazardRules.buildChecklist({
      measures: mine
        .filter((m) => m.measure_id !== null)
        .map((m) => ({
          id: m.measure_id!,
          sourceId: m.source_id,
          sourceName: m.source_name,
          description: m.description ?? '',
          category: null,
        })),
      clauses: [],
      template,
    });
    result.set(
      p.key,
      drafts.map((d, i) => ({
        key:
          d.origin === 'control_measure'
            ? `cm:${d.controlMeasureId}`
            : d.origin === 'template' && template
              ? `tpl:${template.code}:${template.items.findIndex((item) => item.text === d.text)}`
              : `item:${i}`,
        text: d.text,
        basis: d.basis,
        origin: d.origin,
      })),
    );
  }
  return result;
}
