import { mapModule } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import { defineServerModule } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { basemapRoutes } from './basemap.routes.js';
import { boundariesCollection } from './map.ogc.js';
import { fillMapDemo } from './map.demo.js';
import { boundaryRoutes } from './map.routes.js';
import * as tables from './map.tables.js';

/** 区域地图：区、街道、社区、网格的边界，底图与瓦片 */
export const map = defineServerModule({
  domain: mapModule,
  tables,
  workflows: [],
  ogcCollections: [boundariesCollection],
  routes: (app: FastifyInstance, platform: Platform) => {
    basemapRoutes(app, platform);
    boundaryRoutes(app, platform);
  },
  demo: fillMapDemo,
});

// What other modules may use: the boundaries table and the areas a geometry lies in.
export { areaBoundaries } from './map.tables.js';
export {
  locateAreas,
  areaIdSql,
  onAreasChanged,
  extentSql,
  type LocatedAreas,
  type AreasChange,
  type AreasChangedHandler,
} from './map.locate.js';
