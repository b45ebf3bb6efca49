import type { AnyWorkflow, StateOf } from '@citysafe/domain';
import type * as GeoJSON from 'geojson';
import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, check, customType, text } from 'drizzle-orm/pg-core';

/** The states a status column may hold: a workflow's, or a plain list for a status with no workflow. */
type States = AnyWorkflow | readonly [string, ...string[]];

const stateList = (states: States): string[] => (Array.isArray(states) ? [...states] : Object.keys((states as AnyWorkflow).states));

const typedStatus = <S extends string>(name: string, initial: S) => text(name).$type<S>().notNull().default(initial);

/**
 * A `status` column typed with the states of its workflow (default: the workflow's initial state),
 * so that TypeScript refuses a state the workflow does not know. Pair it with `statusCheck()` in
 * the table's constraints, which makes the database refuse one too (a hand-written UPDATE, a
 * restore of a tampered backup).
 */
export const statusColumn = <W extends AnyWorkflow>(workflow: W, name = 'status') =>
  typedStatus<StateOf<W>>(name, workflow.initial as StateOf<W>);

/** A status column for a status with no workflow (a job's, a campaign's open/closed), typed by its list. */
export const listedStatusColumn = <const L extends readonly [string, ...string[]]>(states: L, initial: L[number], name = 'status') =>
  typedStatus<L[number]>(name, initial);

/**
 * The CHECK constraint `<table>_<column>_check` that holds a status column to its workflow's states.
 * The list is generated from the workflow: adding a state and running `npm run db:generate` changes
 * the constraint in the next migration.
 */
export function statusCheck(table: string, column: AnyPgColumn, states: States) {
  const list = stateList(states)
    .map((s) => `'${s.replace(/'/g, "''")}'`)
    .join(', ');
  return check(`${table}_${column.name}_check`, sql`${sql.identifier(column.name)} in (${sql.raw(list)})`);
}

/** Spatial reference of every geometry: WGS-84 longitude/latitude, as GeoJSON at the API. */
export const SRID = 4326;

/** Reads a point from PostGIS's (E)WKB hex: byte order, type (with the SRID flag), optional SRID, x, y. */
function pointFromWkb(hex: string): { x: number; y: number } {
  const bytes = Buffer.from(hex, 'hex');
  const little = bytes[0] === 1;
  const type = little ? bytes.readUInt32LE(1) : bytes.readUInt32BE(1);
  const offset = 5 + (type & 0x20000000 ? 4 : 0);
  const read = (at: number) => (little ? bytes.readDoubleLE(at) : bytes.readDoubleBE(at));
  return { x: read(offset), y: read(offset + 8) };
}

/**
 * A point column `geometry(point, 4326)`: the SRID is part of the column type in the generated
 * migration (drizzle's own `geometry()` drops it), and values are written with it, so a point can
 * only ever be WGS-84. Read and written as `{ x: longitude, y: latitude }`.
 */
export const pointColumn = customType<{ data: { x: number; y: number }; driverData: string }>({
  dataType: () => `geometry(point, ${SRID})`,
  toDriver: ({ x, y }) => `SRID=${SRID};POINT(${x} ${y})`,
  fromDriver: pointFromWkb,
});

/** The geometry types a `geometryColumn()` may hold (PostGIS's names). */
export type GeometryType = 'Geometry' | 'Point' | 'LineString' | 'Polygon' | 'MultiPoint' | 'MultiLineString' | 'MultiPolygon';

const wkbTypes = [
  'Geometry',
  'Point',
  'LineString',
  'Polygon',
  'MultiPoint',
  'MultiLineString',
  'MultiPolygon',
  'GeometryCollection',
] as const;

/**
 * Reads any geometry from PostGIS's (E)WKB hex, which is what both drivers return for a geometry
 * column (node-postgres and PGlite leave the unknown type as text): byte order per geometry, the
 * type with EWKB's SRID/Z/M flags or ISO's +1000/+2000/+3000, then coordinates (Z and M dropped:
 * the platform is two-dimensional).
 */
export function geometryFromWkb(hex: string): GeoJSON.Geometry {
  const bytes = Buffer.from(hex, 'hex');
  let at = 0;
  const read = (): GeoJSON.Geometry => {
    const little = bytes[at] === 1;
    const u32 = () => {
      const v = little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at);
      at += 4;
      return v;
    };
    at += 1;
    const raw = u32();
    if (raw & 0x20000000) at += 4;
    const iso = raw & 0x0fffffff;
    const dims = 2 + (raw & 0x80000000 || (iso >= 1000 && iso < 2000) || iso >= 3000 ? 1 : 0) + (raw & 0x40000000 || iso >= 2000 ? 1 : 0);
    const kind = wkbTypes[iso % 1000];
    const position = (): number[] => {
      const x = little ? bytes.readDoubleLE(at) : bytes.readDoubleBE(at);
      const y = little ? bytes.readDoubleLE(at + 8) : bytes.readDoubleBE(at + 8);
      at += 8 * dims;
      return [x, y];
    };
    const line = () => Array.from({ length: u32() }, position);
    const rings = () => Array.from({ length: u32() }, line);
    const parts = <G extends GeoJSON.Geometry>() => Array.from({ length: u32() }, () => read() as G);
    switch (kind) {
      case 'Point':
        return { type: 'Point', coordinates: position() };
      case 'LineString':
        return { type: 'LineString', coordinates: line() };
      case 'Polygon':
        return { type: 'Polygon', coordinates: rings() };
      case 'MultiPoint':
        return { type: 'MultiPoint', coordinates: parts<GeoJSON.Point>().map((p) => p.coordinates) };
      case 'MultiLineString':
        return { type: 'MultiLineString', coordinates: parts<GeoJSON.LineString>().map((p) => p.coordinates) };
      case 'MultiPolygon':
        return { type: 'MultiPolygon', coordinates: parts<GeoJSON.Polygon>().map((p) => p.coordinates) };
      case 'GeometryCollection':
        return { type: 'GeometryCollection', geometries: parts() };
      default:
        throw new Error(`WKB geometry type ${raw} is not supported`);
    }
  };
  return read();
}

/**
 * A GeoJSON geometry as a PostGIS geometry in WGS-84: `ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)`,
 * the value bound as a parameter. For services writing or comparing geometries in SQL.
 */
export const geometrySql = (geojson: GeoJSON.Geometry): SQL =>
  sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geojson)}), ${sql.raw(String(SRID))})`;

/**
 * The other way: a geometry read as GeoJSON written by PostGIS (`ST_AsGeoJSON(…)::json`, which both
 * drivers parse) rather than decoded from WKB in JavaScript. 7 decimals (about a centimetre) is a
 * map's; 15 gives a degree value back exactly as it was written.
 */
export const geometryJson = <G = GeoJSON.Geometry>(geometry: AnyPgColumn | SQL, decimals = 7): SQL<G> =>
  sql<G>`ST_AsGeoJSON(${geometry}, ${sql.raw(String(decimals))})::json`;

/**
 * A geometry column `geometry(<Type>, 4326)` read and written as a GeoJSON geometry. Like
 * `pointColumn()`, the SRID is in the column type of the generated migration. A Multi* column
 * takes its single form too (a Polygon is written as a one-part MultiPolygon through `ST_Multi`),
 * since files and drawings give either.
 */
export function geometryColumn<T extends GeometryType>(type: T, name?: string) {
  type Data = T extends 'Geometry' ? GeoJSON.Geometry : Extract<GeoJSON.Geometry, { type: T }>;
  const column = customType<{ data: Data; driverData: string }>({
    dataType: () => `geometry(${type}, ${SRID})`,
    toDriver: (value) => (type.startsWith('Multi') ? sql`ST_Multi(${geometrySql(value)})` : geometrySql(value)),
    fromDriver: (hex) => geometryFromWkb(hex) as Data,
  });
  return name === undefined ? column() : column(name);
}
