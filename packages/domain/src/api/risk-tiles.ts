import { z } from 'zod';
import { riskCategoryCodes } from '../risk/categories.js';
import { riskLevels } from '../risk/levels.js';
import { id } from './common.js';
import { endpoint } from './endpoint.js';

/** Mapbox Vector Tile 2.1, as MapLibre reads it. */
export const vectorTileType = 'application/vnd.mapbox-vector-tile';

/** The deepest zoom served: a tile 4.8 m wide, well past what a risk source needs. */
export const MAX_ZOOM = 22;
/** Below this zoom the points of the `sources` layer are clustered. */
export const CLUSTER_BELOW_ZOOM = 13;

/** The layers of a tile and the properties of their features (what the four-colour map draws and filters). */
export const tileLayers = {
  /** One feature per source (kind 'source': id, name, level, category), or per cluster below zoom 13 (cluster, count, level = the highest). */
  sources: 'sources',
  /** Streets and grids (orgId, name, areaLevel 'street' | 'grid'), level = the highest of the sources inside. */
  areas: 'areas',
} as const;

const tileNumber = z.coerce.number().int().min(0);

export const tileParams = z
  .object({ z: tileNumber.max(MAX_ZOOM), x: tileNumber, y: tileNumber })
  .refine((t) => t.x < 2 ** t.z, { path: ['x'], message: 'x 超出该缩放级别的瓦片范围' })
  .refine((t) => t.y < 2 ** t.z, { path: ['y'], message: 'y 超出该缩放级别的瓦片范围' });

export const tileQuery = z.object({
  category: z.enum(riskCategoryCodes).optional(),
  level: z.enum(riskLevels).optional(),
  streetId: id.optional(),
  /** The responsible unit. */
  orgId: id.optional(),
});
export type TileQuery = z.output<typeof tileQuery>;

export const getTile = endpoint({
  method: 'GET',
  path: '/api/risk/tiles/:z/:x/:y.pbf',
  permission: 'risk.read',
  summary:
    '风险源矢量瓦片（四色图；sources、areas 两层，13 级以下聚合；空瓦片 204）/ Vector tile of the risk sources (layers sources and areas; clustered below zoom 13; 204 when empty)',
  tags: ['risk'],
  params: tileParams,
  query: tileQuery,
  produces: [vectorTileType],
});
