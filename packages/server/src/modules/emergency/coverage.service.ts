import { AppError, type api, bi, emergency as em } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, rows, type Tx } from '../../platform/db.js';
import { majorHazardInstallations } from '../major-hazard/index.js';
import { riskSources } from '../risk/index.js';
import { emergencyAreaPopulation } from './coverage.tables.js';
import { emergencySettingsOf } from './emergency-settings.service.js';

interface District {
  id: string;
  name: string;
  path: string;
}

/**
 * The district analysed: the one asked for, else the caller's own, else the first with a boundary. The analysis needs
 * the district's outline (the map module's boundary): without one there is nothing to measure (422).
 */
async function districtOf(tx: Tx, actor: Actor, districtId: string | undefined): Promise<District> {
  const [d] = await rows<District>(
    tx,
    sql`select o.id, o.name, o.path from orgs o join boundaries b on b.org_id = o.id and b.level = 'district'
      where o.type = 'district' ${districtId ? sql`and o.id = ${districtId}` : sql``}
      order by (o.path = ${actor.districtPath}) desc, o.sort_order, o.name limit 1`,
  );
  if (d) return d;
  if (districtId) {
    const [exists] = await rows<{ id: string }>(tx, sql`select id from orgs where id = ${districtId} and type = 'district'`);
    if (!exists) throw new AppError('NOT_FOUND', bi('区县不存在', 'No such district'));
  }
  throw new AppError(
    'RULE_VIOLATION',
    bi('尚未导入或绘制区县边界，无法进行覆盖分析', 'The district has no boundary yet: import or draw it in the map module first'),
  );
}

/** Each street's population of its latest year (null when none has been entered). */
const latestPopulation = sql`(select distinct on (p.area_id) p.area_id, p.population, p.year
  from ${emergencyAreaPopulation} p order by p.area_id, p.year desc)`;

type Geo = { type: string; coordinates: unknown[] };

/**
 * Fire-station coverage (创建方案第9项): the district's area, residents and key places within reach of a station in
 * settings.fireResponseMinutes at settings.fireSpeedKmh, in a straight line. Each station's reach is a geography
 * buffer (metres on the ellipsoid, whatever the latitude); the uncovered part is ST_Difference of the district's
 * outline and their union. Residents are taken as spread evenly over their street (the finest population held).
 * Key places: the risk registry's 人员密集场所 (schools, hospitals, markets … are registered under that category)
 * and the registered major hazards (重大危险源, S ≥ 1).
 */
export async function fireCoverage(db: Db, actor: Actor, districtId: string | undefined) {
  const district = await districtOf(db, actor, districtId);
  const settings = await emergencySettingsOf(db);
  const reachM = em.fireReachMetres(settings.fireSpeedKmh, settings.fireResponseMinutes);
  const reachSql = sql`(select ST_Union(ST_Buffer(s.geom::geography, ${reachM})::geometry) from emergency_fire_stations s)`;
  const [whole] = await rows<{ total: number; covered: number | null; uncovered: string | null; reach: string | null }>(
    db,
    sql`with d as (select geom from boundaries where org_id = ${district.id}), r as (select ${reachSql} as geom)
      select ST_Area(d.geom::geography) as total,
        ST_Area(ST_Intersection(d.geom, r.geom)::geography) as covered,
        ST_AsGeoJSON(case when r.geom is null then d.geom else ST_Difference(d.geom, r.geom) end, 7) as uncovered,
        ST_AsGeoJSON(r.geom, 7) as reach
      from d, r`,
  );
  const stations = await rows<{ id: string; name: string; lng: number; lat: number }>(
    db,
    sql`select id, name, ST_X(geom) as lng, ST_Y(geom) as lat from emergency_fire_stations order by name, id`,
  );
  const streets = await rows<{ id: string; name: string; area: number; covered: number | null; population: number | null }>(
    db,
    sql`with r as (select ${reachSql} as geom)
      select o.id, o.name, ST_Area(b.geom::geography) as area,
        ST_Area(ST_Intersection(b.geom, r.geom)::geography) as covered, p.population
      from orgs o join boundaries b on b.org_id = o.id and b.level = 'street'
        left join ${latestPopulation} p on p.area_id = o.id, r
      where starts_with(o.path, ${district.path})
      order by o.sort_order, o.name`,
  );
  const places = await rows<{
    id: string;
    kind: 'crowded_place' | 'major_hazard';
    name: string;
    lng: number;
    lat: number;
    nearest: number | null;
  }>(
    db,
    sql`with d as (select geom from boundaries where org_id = ${district.id}),
      k as (
        select rs.id, 'crowded_place' as kind, rs.name, rs.geom from ${riskSources} rs, d
          where rs.category = 'crowded_place' and ST_Intersects(rs.geom, d.geom)
        union all
        select i.id, 'major_hazard', i.name, i.location from ${majorHazardInstallations} i, d
          where i.is_major and ST_Intersects(i.location, d.geom))
      select k.id, k.kind, k.name, ST_X(ST_PointOnSurface(k.geom)) as lng, ST_Y(ST_PointOnSurface(k.geom)) as lat,
        (select min(ST_Distance(k.geom::geography, s.geom::geography)) from emergency_fire_stations s) as nearest
      from k order by k.name, k.id`,
  );
  const totalM2 = Number(whole!.total);
  const coveredM2 = Number(whole!.covered ?? 0);
  const streetFigures = streets.map((s) => ({
    id: s.id,
    name: s.name,
    areaM2: Number(s.area),
    coveredM2: Number(s.covered ?? 0),
    share: em.shareOf(Number(s.covered ?? 0), Number(s.area)),
    population: s.population === null ? null : Number(s.population),
  }));
  const people = em.coveredPopulation(
    streetFigures.map((s) => ({ areaM2: s.areaM2, coveredAreaM2: s.coveredM2, population: s.population })),
  );
  const keyPlaces = places.map((p) => {
    const nearest = p.nearest === null ? null : Number(p.nearest);
    return {
      id: p.id,
      kind: p.kind,
      name: p.name,
      location: [Number(p.lng), Number(p.lat)] as [number, number],
      nearestStationM: nearest,
      covered: nearest !== null && nearest <= reachM,
    };
  });
  const covered = keyPlaces.filter((p) => p.covered).length;
  const uncovered = whole!.uncovered ? (JSON.parse(whole!.uncovered) as Geo) : null;
  return {
    district: { id: district.id, name: district.name },
    minutes: settings.fireResponseMinutes,
    speedKmh: settings.fireSpeedKmh,
    reachM,
    source: em.fireCoverageSource[actor.locale === 'en-US' ? 'en' : 'zh'],
    stations: stations.map((s) => ({ id: s.id, name: s.name, location: [Number(s.lng), Number(s.lat)] as [number, number] })),
    area: { totalM2, coveredM2, share: em.shareOf(coveredM2, totalM2) },
    population: {
      total: people.total,
      covered: people.covered,
      share: em.shareOf(people.covered, people.total),
      streetsWithout: streetFigures.filter((s) => s.population === null).map((s) => s.name),
    },
    keyPlaces: {
      total: keyPlaces.length,
      covered,
      share: em.shareOf(covered, keyPlaces.length),
      outside: keyPlaces.filter((p) => !p.covered),
    },
    streets: streetFigures,
    // An empty difference (everything reached) comes back as an empty collection: say "nothing" plainly.
    uncovered: uncovered && uncovered.coordinates.length > 0 ? uncovered : null,
    reach: whole!.reach ? (JSON.parse(whole!.reach) as Geo) : null,
  };
}

/**
 * The shelter check (创建方案第95项, GB 21734-2008 cl. 5.4): per street, Σ effective area of the shelters serving it ÷
 * its residents against settings.shelterAreaPerPerson. A shelter serves the streets its served areas (streets or
 * communities) lie in — its area shared equally among them so that no square metre is counted twice —, or, when it
 * names none, the street it stands in.
 */
export async function shelterCoverage(db: Db, actor: Actor, districtId: string | undefined) {
  const district = await districtOf(db, actor, districtId);
  const settings = await emergencySettingsOf(db);
  const found = await rows<{ id: string; name: string; shelters: number; area: number; population: number | null; year: number | null }>(
    db,
    sql`with st as (
        select o.id, o.name, o.path, o.sort_order, b.geom from orgs o join boundaries b on b.org_id = o.id and b.level = 'street'
        where starts_with(o.path, ${district.path})),
      sh as (
        select s.id, s.effective_area_m2 as area, coalesce(
          nullif(array(select distinct st.id from st join orgs a on a.id = any(s.served_area_ids) where starts_with(a.path, st.path)), '{}'),
          array(select st.id from st where ST_Intersects(st.geom, s.geom) limit 1)) as street_ids
        from emergency_shelters s)
      select st.id, st.name, count(sh.id)::int as shelters,
        coalesce(sum(sh.area / cardinality(sh.street_ids)), 0) as area, p.population, p.year
      from st left join sh on st.id = any(sh.street_ids) left join ${latestPopulation} p on p.area_id = st.id
      group by st.id, st.name, st.sort_order, p.population, p.year
      order by st.sort_order, st.name`,
  );
  const streets = found.map((s) => {
    const population = s.population === null ? null : Number(s.population);
    const effectiveAreaM2 = Number(s.area);
    return {
      id: s.id,
      name: s.name,
      population,
      populationYear: s.year === null ? null : Number(s.year),
      shelters: Number(s.shelters),
      effectiveAreaM2,
      ...em.shelterStanding(effectiveAreaM2, population, settings.shelterAreaPerPerson),
    };
  });
  return {
    required: settings.shelterAreaPerPerson,
    source: em.shelterAreaSource[actor.locale === 'en-US' ? 'en' : 'zh'],
    streets,
    fallingShort: streets.filter((s) => s.meets === false).map((s) => s.name),
  };
}

type AreaPopulation = api.emergencyDuty.AreaPopulation;

const selectPopulations = (tx: Tx, where = sql`true`) =>
  rows<{
    area_id: string;
    area_name: string;
    area_type: string;
    year: number;
    population: number;
    source: string;
    updated_at: Date | string;
  }>(
    tx,
    sql`select p.area_id, o.name as area_name, o.type as area_type, p.year, p.population, p.source, p.updated_at
      from ${emergencyAreaPopulation} p join orgs o on o.id = p.area_id where ${where} order by o.sort_order, o.name, p.year desc`,
  );

const presentPopulation = (r: Awaited<ReturnType<typeof selectPopulations>>[number]): AreaPopulation => ({
  areaId: r.area_id,
  areaName: r.area_name,
  areaType: r.area_type,
  year: Number(r.year),
  population: Number(r.population),
  source: r.source,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Every population figure held (they are district statistics, read by every emergency.read holder). */
export async function listPopulations(db: Db, actor: Actor) {
  const found = await selectPopulations(db);
  return { items: found.map(presentPopulation), allowedActions: 'emergency.manage' in actor.grants ? (['update'] as const).slice() : [] };
}

/** Sets an area's population for a year (one figure per area and year); the area must be a street or community. */
export async function putPopulation(db: Db, actor: Actor, areaId: string, year: number, body: { population: number; source: string }) {
  return db.transaction(async (tx) => {
    const [area] = await rows<{ type: string }>(tx, sql`select type from orgs where id = ${areaId}`);
    if (!area) throw new AppError('NOT_FOUND', bi('区域不存在', 'No such area'));
    if (area.type !== 'street' && area.type !== 'community')
      throw new AppError('VALIDATION', undefined, {
        fields: [{ field: 'areaId', message: bi('人口按街道或社区录入', 'Populations are entered per street or community') }],
      });
    const [before] = await selectPopulations(tx, sql`p.area_id = ${areaId} and p.year = ${year}`);
    const at = now(tx);
    await tx
      .insert(emergencyAreaPopulation)
      .values({ areaId, year, population: body.population, source: body.source, updatedBy: actor.userId, updatedAt: at })
      .onConflictDoUpdate({
        target: [emergencyAreaPopulation.areaId, emergencyAreaPopulation.year],
        set: { population: body.population, source: body.source, updatedBy: actor.userId, updatedAt: at },
      });
    const [saved] = await selectPopulations(tx, sql`p.area_id = ${areaId} and p.year = ${year}`);
    const after = presentPopulation(saved!);
    await audit(tx, actor, {
      action: 'areaPopulation.set',
      entityType: 'areaPopulation',
      entityId: areaId,
      before: before ? presentPopulation(before) : null,
      after,
    });
    return after;
  });
}
