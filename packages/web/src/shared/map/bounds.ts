import { wgs84ToGcj02 } from '@citysafe/domain';
import type { Geometry, Position } from 'geojson';

/** [west, south, east, north] of a set of WGS-84 positions. */
export type Bounds = [number, number, number, number];

function positions(g: Geometry): Position[] {
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
    case 'GeometryCollection':
      return g.geometries.flatMap(positions);
  }
}

/**
 * The box around a WGS-84 geometry, in the CRS the map draws in (GCJ-02 tiles are drawn offset);
 * null for an empty geometry. A single point gives a degenerate box, which fitBounds caps with maxZoom.
 */
export function geometryBounds(g: Geometry, crs: 'wgs84' | 'gcj02'): Bounds | null {
  const all = positions(g).map((p) => (crs === 'gcj02' ? wgs84ToGcj02(p[0] ?? 0, p[1] ?? 0) : [p[0] ?? 0, p[1] ?? 0]));
  if (all.length === 0) return null;
  const xs = all.map((p) => p[0] ?? 0);
  const ys = all.map((p) => p[1] ?? 0);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
