import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type * as GeoJSON from 'geojson';
import { geometrySql } from '../../platform/columns.js';
import { rows, type Tx } from '../../platform/db.js';

/** The areas a geometry lies in, one per level (null where no boundary of that level covers it). */
export interface LocatedAreas {
  streetId: string | null;
  communityId: string | null;
  gridId: string | null;
}

/**
 * The street, community and grid a geometry lies in: for each level, the smallest boundary that
 * covers the geometry's `ST_PointOnSurface` (a point on a line or inside a polygon, never outside
 * it as a centroid can be). Smallest, because imported boundaries of one level may overlap at
 * their edges; covers rather than contains, so that a point on a shared edge still has an area.
 */
export async function locateAreas(tx: Tx, geometry: GeoJSON.Geometry): Promise<LocatedAreas> {
  const found = await rows<{ level: string; org_id: string }>(
    tx,
    sql`select distinct on (level) level, org_id
          from boundaries, (select ST_PointOnSurface(${geometrySql(geometry)}) as at) p
         where level in ('street', 'community', 'grid') and ST_Covers(geom, p.at)
         order by level, ST_Area(geom), org_id`,
  );
  const of = (level: string) => found.find((r) => r.level === level)?.org_id ?? null;
  return { streetId: of('street'), communityId: of('community'), gridId: of('grid') };
}

/**
 * The id of the smallest area of `level` covering a geometry's `ST_PointOnSurface`, as a scalar
 * subquery: for set-based updates (`update … set street_id = ${areaIdSql('street', t.geom)}`) that
 * recompute many rows in one statement, with the same rule as `locateAreas()`.
 */
export const areaIdSql = (level: 'street' | 'community' | 'grid', geometry: AnyPgColumn | SQL): SQL =>
  sql`(select b.org_id from boundaries b
        where b.level = ${level} and ST_Covers(b.geom, ST_PointOnSurface(${geometry}))
        order by ST_Area(b.geom), b.org_id limit 1)`;

/** What changed when boundaries were saved or deleted. */
export interface AreasChange {
  /** The orgs whose boundary was saved or deleted. */
  orgIds: string[];
  /**
   * `[west, south, east, north]` covering the old and the new boundaries: a point outside it keeps
   * its areas. Null when nothing had a geometry (never in practice).
   */
  extent: [number, number, number, number] | null;
}

/** Recomputes a module's street / community / grid columns after boundaries changed, in the same transaction. */
export type AreasChangedHandler = (tx: Tx, change: AreasChange) => Promise<void>;

const handlers: AreasChangedHandler[] = [];

/**
 * Registers what a module does when boundaries change (at module load, from its `index.ts`): the
 * risk and major-hazard modules recompute the areas of their points within `change.extent`
 * (`areaIdSql()` in one update). Handlers run inside the transaction that changed the boundaries,
 * so a point is never seen with the areas of a boundary that is no longer there.
 */
export function onAreasChanged(handler: AreasChangedHandler): void {
  if (!handlers.includes(handler)) handlers.push(handler);
}

/** The extent of a change as a PostGIS envelope in WGS-84, for `where ST_Intersects(geom, ${extentSql(change)})`. */
export const extentSql = (change: AreasChange): SQL =>
  change.extent
    ? sql`ST_MakeEnvelope(${change.extent[0]}, ${change.extent[1]}, ${change.extent[2]}, ${change.extent[3]}, 4326)`
    : sql`null::geometry`;

/** Tells every registered module that boundaries changed (the map service calls it after saving). */
export async function announceAreasChanged(tx: Tx, change: AreasChange): Promise<void> {
  if (change.orgIds.length === 0) return;
  for (const handler of handlers) await handler(tx, change);
}
