import type { api } from '@citysafe/domain';
import type { Position } from 'geojson';

type Feature = api.map.BoundaryFeature;

/** Whether a point lies inside a ring (ray casting; a point exactly on an edge may fall either side). */
function inRing([x, y]: [number, number], ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i]!;
    const [xj = 0, yj = 0] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point (WGS-84) lies in a boundary: inside one polygon's outer ring and outside its holes. */
export function inBoundary(at: [number, number], feature: Feature): boolean {
  return feature.geometry.coordinates.some(([outer, ...holes]) => !!outer && inRing(at, outer) && !holes.some((h) => inRing(at, h)));
}

/** The areas a point lies in, from the district down to the grid (what the map shows on a click). */
export function areasAt(features: Feature[], at: [number, number]): Feature[] {
  return features.filter((f) => inBoundary(at, f));
}
