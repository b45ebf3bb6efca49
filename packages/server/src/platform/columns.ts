import type { AnyWorkflow, StateOf } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
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
