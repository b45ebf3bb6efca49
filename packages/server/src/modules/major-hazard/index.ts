import { majorHazard as mh, majorHazardModule } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import { defineServerModule } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { majorHazardCalcRoutes } from './calc.routes.js';
import { onAreasChanged } from '../map/index.js';
import { relocateInstallations } from './major-hazard.areas.js';
import { majorHazardAuditObjects } from './major-hazard.audit.js';
import { majorHazardInbox } from './major-hazard.inbox.js';
import { fillMajorHazardDemo } from './major-hazard.demo.js';
import { majorHazardsCollection } from './major-hazard.ogc.js';
import { installationRoutes } from './major-hazard.routes.js';
import * as tables from './major-hazard.tables.js';

onAreasChanged(relocateInstallations);

/** 重大危险源：辨识分级、申报登记、一张图一张表 */
export const majorHazard = defineServerModule({
  domain: majorHazardModule,
  tables,
  workflows: [mh.installationWorkflow],
  routes: (app: FastifyInstance, platform: Platform) => {
    installationRoutes(app, platform);
    majorHazardCalcRoutes(app, platform);
  },
  ogcCollections: [majorHazardsCollection],
  demo: fillMajorHazardDemo,
  auditObjects: majorHazardAuditObjects,
  inbox: majorHazardInbox,
});

// What other modules may use: the registry's table and its reach rule (the map, the white paper).
export { majorHazardInstallations } from './major-hazard.tables.js';
export { installationScope } from './major-hazard.policy.js';
