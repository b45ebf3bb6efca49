import { gcj02ToWgs84 } from '../geo/gcj02.js';
import { type Bilingual, bi } from '../i18n.js';
import type { OrgType } from '../identity/orgs.js';

/** The org kinds that have an area on the map, from the largest to the smallest. */
export const areaLevels = ['district', 'street', 'community', 'grid'] as const satisfies readonly OrgType[];
export type AreaLevel = (typeof areaLevels)[number];

export const areaLevelNames: Record<AreaLevel, Bilingual> = {
  district: bi('区（功能区）', 'District'),
  street: bi('街道', 'Street'),
  community: bi('社区（村）', 'Community'),
  grid: bi('网格', 'Grid'),
};

export const isAreaLevel = (type: string): type is AreaLevel => (areaLevels as readonly string[]).includes(type);

/** Where a boundary came from: the demo district, an imported file, or drawn on the map. */
export const boundarySources = ['demo', 'import', 'drawn'] as const;
export type BoundarySource = (typeof boundarySources)[number];

/**
 * The coordinate systems a boundary file may be in: WGS-84 (GPS, 天地图, most GIS exports; CGCS2000
 * geographic coordinates differ from it by centimetres) or GCJ-02 (drawn on AMap, Tencent or
 * Baidu-before-BD09 maps). Boundaries are stored in WGS-84.
 */
export const boundaryCrsList = ['wgs84', 'gcj02'] as const;
export type BoundaryCrs = (typeof boundaryCrsList)[number];

/**
 * A plausible extent for a boundary in China (longitude 73.4–135.1 E, latitude 3.8–53.6 N, the
 * country's extreme points): coordinates outside it are a file in a projected CRS (metres), with
 * latitude and longitude swapped, or of another place.
 */
export const chinaBounds = { west: 73.4, south: 3.8, east: 135.1, north: 53.6 } as const;

/** Whether every position of a geometry's coordinates lies within `chinaBounds`. */
export function withinChina(coordinates: unknown): boolean {
  if (!Array.isArray(coordinates)) return false;
  if (typeof coordinates[0] === 'number') {
    const [lon, lat] = coordinates as number[];
    return lon! >= chinaBounds.west && lon! <= chinaBounds.east && lat! >= chinaBounds.south && lat! <= chinaBounds.north;
  }
  return coordinates.every(withinChina);
}

/** Coordinates (of any nesting) from GCJ-02 to WGS-84; other members of each position are dropped. */
export function coordinatesToWgs84<C>(coordinates: C, crs: BoundaryCrs): C {
  if (crs === 'wgs84') return coordinates;
  const walk = (c: unknown): unknown =>
    typeof (c as unknown[])[0] === 'number' ? gcj02ToWgs84((c as number[])[0]!, (c as number[])[1]!) : (c as unknown[]).map(walk);
  return walk(coordinates) as C;
}

/**
 * The CRS a shapefile's `.prj` (ESRI WKT) declares, as far as an import cares: geographic WGS-84 or
 * CGCS2000 (`wgs84`), or `projected` (metres: Gauss–Krüger, UTM, Web Mercator), which the import
 * refuses rather than guess a projection. Unknown text is `null`.
 */
export function crsOfPrj(prj: string): 'wgs84' | 'projected' | null {
  const text = prj.toUpperCase();
  if (text.startsWith('PROJCS') || text.startsWith('PROJCRS')) return 'projected';
  if (/WGS[_ ]?(19)?84|CGCS[_ ]?2000|CHINA[_ ]GEODETIC[_ ]COORDINATE[_ ]SYSTEM[_ ]2000/.test(text)) return 'wgs84';
  return null;
}
