import { createHash } from 'node:crypto';
import { api } from '@citysafe/domain';
import { type SQL, sql } from 'drizzle-orm';
import type * as GeoJSON from 'geojson';
import GeoJSONVT, { type LegacyTile } from 'geojson-vt';
import vtpbf from 'vt-pbf';
import type { Actor } from '../../platform/actor.js';
import { rows, type Tx } from '../../platform/db.js';
import { riskSourceScope } from './risk.scope.js';

/** A tile's address in the Web Mercator (EPSG:3857) pyramid. */
export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/** Tile coordinates per side (MVT's customary extent) and the margin drawn past the edge, in those units. */
const EXTENT = 4096;
const BUFFER = 64;
/**
 * Cluster cells per tile side below `CLUSTER_BELOW_ZOOM`: a tile shows 512 px, so a cell is 64 px
 * on the screen — one marker per cell. Cells are fixed in the world (not per request), so a
 * cluster falls in one tile only and never moves as the map pans.
 */
const CLUSTER_CELLS = 8;

/** The level of a `level_rank` (risk_sources: 4 重大 … 1 低, 0 not yet assessed). */
const levelOfRank = (rank: SQL) => sql`(array['low', 'general', 'significant', 'major'])[${rank}]`;

/** The sources the caller sees on the map: the list's reach and the map's filters. */
function visibleSources(actor: Actor, filters: api.riskTiles.TileQuery): SQL {
  const conditions = [riskSourceScope(actor, 'risk.read', 's')];
  if (filters.category) conditions.push(sql`s.category = ${filters.category}`);
  if (filters.level) conditions.push(sql`s.level = ${filters.level}`);
  if (filters.streetId) conditions.push(sql`s.street_id = ${filters.streetId}`);
  if (filters.orgId) conditions.push(sql`s.org_id = ${filters.orgId}`);
  return sql.join(conditions, sql` and `);
}

/**
 * The features of both layers as rows (`layer`, `props` jsonb, `geom` in WGS-84), the same for
 * either encoder. `tile` is a CTE with `env` (EPSG:3857) and `area` (its WGS-84 box with the
 * drawing margin).
 *  - `sources` from zoom 13: every source meeting the tile with id, name, level, category.
 *  - `sources` below: the sources grouped by a fixed cell grid; a cell with one source shows the
 *    source itself, a cell with more a `cluster` point (at the mean position) with `count` and the
 *    highest `level`. A source belongs to the cell of its box's centre, so it is counted in one tile.
 *  - `areas`: the streets and grids meeting the tile, `level` the highest of the visible sources in them.
 */
function featureRows(actor: Actor, { z, x, y }: TileAddress, filters: api.riskTiles.TileQuery): SQL {
  const visible = visibleSources(actor, filters);
  const tile = sql`tile as (
    select env,
           ST_Transform(ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int, margin => ${BUFFER / EXTENT}::float8), 4326) as area
      from (select ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int) as env) e)`;
  const sourceProps = sql`jsonb_strip_nulls(jsonb_build_object('id', s.id, 'name', s.name, 'level', s.level,
    'category', s.category, 'kind', 'source'))`;
  const sources =
    z >= api.riskTiles.CLUSTER_BELOW_ZOOM
      ? sql`select 'sources' as layer, ${sourceProps} as props, s.geom
              from risk_sources s, tile where s.geom && tile.area and ${visible}`
      : clusteredSources(visible, { z, x, y }, sourceProps);
  const areas = sql`areas_in_tile as (
      select b.org_id, b.level, b.geom from boundaries b, tile
       where b.level in ('street', 'grid') and b.geom && tile.area and ST_Intersects(b.geom, tile.area))`;
  return sql`with ${tile}, ${areas}
    ${sources}
    union all
    select 'areas', jsonb_strip_nulls(jsonb_build_object('orgId', a.org_id, 'name', o.name, 'areaLevel', a.level,
             'level', case a.level when 'street' then ${highestIn(sql`s.street_id`, visible)} else ${highestIn(sql`s.grid_id`, visible)} end)),
           a.geom
      from areas_in_tile a join orgs o on o.id = a.org_id`;
}

/**
 * The highest level among the visible sources of an area (`a.org_id`, by its street or grid column):
 * a probe per level from the highest, each answered at its first row by the indexes on the level
 * and the area, instead of reading every source of a street on every tile.
 */
function highestIn(areaColumn: SQL, visible: SQL): SQL {
  const probes = ['major', 'significant', 'general', 'low'].map(
    (level) =>
      sql`when exists (select 1 from risk_sources s where ${areaColumn} = a.org_id and s.level = ${level} and ${visible}) then ${level}`,
  );
  return sql`(case ${sql.join(probes, sql` `)} end)`;
}

/** Longitude of a vertical line of the Web Mercator grid, `n` lines per world. */
const lonOf = (i: number, n: number) => (i / n) * 360 - 180;
/** Latitude of a horizontal line of the Web Mercator grid, counted from the north. */
const latOf = (j: number, n: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / n))) * 180) / Math.PI;

/**
 * The clustered `sources` of a tile below `CLUSTER_BELOW_ZOOM` (see `featureRows`). The cell lines
 * are computed here, once per tile, in longitude and latitude; the database places each source by
 * its stored anchor (`anchor_lon`, `anchor_lat`: the centre of its box) and level rank, read from
 * the index on the three, with no geometry read or projected per source. Cells and the tile are
 * half-open ([west, east) × [south, north)), as `width_bucket` counts, so each source falls in one cell of one tile. A cluster stands at the
 * mean position of its sources; a cell holding one source shows that source, found again by its cell.
 */
function clusteredSources(visible: SQL, { z, x, y }: TileAddress, sourceProps: SQL): SQL {
  const n = 2 ** z * CLUSTER_CELLS;
  const lons = Array.from({ length: CLUSTER_CELLS + 1 }, (_, i) => lonOf(x * CLUSTER_CELLS + i, n));
  const lats = Array.from({ length: CLUSTER_CELLS + 1 }, (_, j) => latOf((y + 1) * CLUSTER_CELLS - j, n));
  const lines = (values: number[]) => sql.raw(`array[${values.map((v) => v.toFixed(12)).join(',')}]::float8[]`);
  const [west, east, south, north] = [lons[0]!, lons[CLUSTER_CELLS]!, lats[0]!, lats[CLUSTER_CELLS]!];
  const inTile = (s: SQL) =>
    sql`${s}.anchor_lon >= ${west} and ${s}.anchor_lon < ${east} and ${s}.anchor_lat >= ${south} and ${s}.anchor_lat < ${north}`;
  const cellOf = (s: SQL) => ({
    cx: sql`width_bucket(${s}.anchor_lon, ${lines(lons)})`,
    cy: sql`width_bucket(${s}.anchor_lat, ${lines(lats)})`,
  });
  const counted = cellOf(sql`s`);
  return sql`select 'sources' as layer,
        case when c.n = 1 then ${sourceProps}
             else jsonb_build_object('cluster', true, 'kind', 'cluster', 'count', c.n, 'level', ${levelOfRank(sql`c.rank`)}) end as props,
        case when c.n = 1 then s.geom else ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326) end as geom
      from (
        select ${counted.cx} as cx, ${counted.cy} as cy, count(*)::int as n, max(s.level_rank) as rank,
               avg(s.anchor_lon) as lon, avg(s.anchor_lat) as lat
          from risk_sources s
         where ${inTile(sql`s`)} and ${visible}
         group by 1, 2) c
      left join lateral (
        select s.* from risk_sources s
         where c.n = 1 and ${inTile(sql`s`)} and ${visible}
           and s.anchor_lon >= (${lines(lons)})[c.cx] and s.anchor_lon < (${lines(lons)})[c.cx + 1]
           and s.anchor_lat >= (${lines(lats)})[c.cy] and s.anchor_lat < (${lines(lats)})[c.cy + 1]
         limit 1) s on true`;
}

/**
 * A vector tile of the risk sources the caller sees (`sources` and `areas`, api.riskTiles), or
 * null when it would be empty. PostgreSQL encodes it itself (`ST_AsMVT`); the embedded PGlite's
 * PostGIS is built without protobuf, so there the same rows are cut and encoded here (geojson-vt,
 * vt-pbf).
 */
export async function riskTile(
  tx: Tx,
  engine: 'postgres' | 'pglite',
  actor: Actor,
  address: TileAddress,
  filters: api.riskTiles.TileQuery,
): Promise<Buffer | null> {
  const features = featureRows(actor, address, filters);
  if (engine === 'postgres') {
    const layer = (name: string) =>
      sql`(select coalesce(ST_AsMVT(t, ${name}, ${EXTENT}, 'geom'), ''::bytea) from (
             select f.props, ST_AsMVTGeom(ST_Transform(f.geom, 3857), (select env from tile), ${EXTENT}, ${BUFFER}, true) as geom
               from features f where f.layer = ${name}) t where t.geom is not null)`;
    const [row] = await tx.transaction(async (t) => {
      // A tile is a short query whose cost estimate can pass JIT's threshold: compiling it took
      // longer than running it (170 ms of a 900 ms low-zoom tile over 100 000 sources).
      await t.execute(sql`set local jit = off`);
      return rows<{ mvt: Buffer | Uint8Array }>(
        t,
        sql`with features as (${features}), tile as (select ST_TileEnvelope(${address.z}::int, ${address.x}::int, ${address.y}::int) as env)
            select ${layer('sources')} || ${layer('areas')} as mvt`,
      );
    });
    const bytes = Buffer.from(row!.mvt);
    return bytes.length > 0 ? bytes : null;
  }
  const found = await rows<{ layer: 'sources' | 'areas'; props: Record<string, unknown> | string; geometry: string }>(
    tx,
    sql`select f.layer, f.props, ST_AsGeoJSON(f.geom) as geometry from (${features}) f`,
  );
  const layers: Record<string, LegacyTile> = {};
  for (const name of Object.values(api.riskTiles.tileLayers)) {
    const of = found.filter((f) => f.layer === name);
    if (of.length === 0) continue;
    const index = new GeoJSONVT(
      {
        type: 'FeatureCollection',
        features: of.map((f) => ({
          type: 'Feature',
          properties: typeof f.props === 'string' ? (JSON.parse(f.props) as Record<string, unknown>) : f.props,
          geometry: JSON.parse(f.geometry) as GeoJSON.Geometry,
        })),
      },
      { maxZoom: address.z, indexMaxZoom: 0, extent: EXTENT, buffer: BUFFER },
    );
    const tile = index.getTile(address.z, address.x, address.y);
    if (tile && tile.features.length > 0) layers[name] = tile;
  }
  if (Object.keys(layers).length === 0) return null;
  return Buffer.from(vtpbf.fromGeojsonVt(layers, { version: 2, extent: EXTENT }));
}

/** A strong validator of a tile's bytes, so a map that asks again gets 304 when nothing changed. */
export const tileEtag = (bytes: Buffer): string => `"${createHash('sha1').update(bytes).digest('base64url')}"`;
