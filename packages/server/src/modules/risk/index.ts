import { risk as rules, riskModule } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import { defineServerModule } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { lecCalcRoutes } from './calc.routes.js';
import { onAreasChanged } from '../map/index.js';
import { riskSourcesCollection } from './risk.ogc.js';
import { riskAuditObjects } from './risk.audit.js';
import { fillRiskDemo } from './risk.demo.js';
import { riskInbox } from './risk.inbox.js';
import { riskRoutes } from './risk.routes.js';
import { relocateSources } from './risk.service.js';
import * as tables from './risk.tables.js';
import { riskTileRoutes } from './tiles.routes.js';
import { whitePaperRoutes } from './white-paper.routes.js';
import * as whitePaperTables from './white-paper.tables.js';

export { riskSourceScope } from './risk.scope.js';
export { riskControlMeasures, riskSources } from './risk.tables.js';
export { raiseRiskLevel, releaseRiskLevel, type RaiseInput } from './risk.service.js';

onAreasChanged(relocateSources);

/** 风险管控：风险源普查、评估、四色图、白皮书 */
export const risk = defineServerModule({
  domain: riskModule,
  tables: { ...tables, ...whitePaperTables },
  workflows: [rules.riskSourceWorkflow],
  routes: (app: FastifyInstance, platform: Platform) => {
    riskRoutes(app, platform);
    lecCalcRoutes(app, platform);
    whitePaperRoutes(app, platform);
    riskTileRoutes(app, platform);
  },
  ogcCollections: [riskSourcesCollection],
  demo: fillRiskDemo,
  auditObjects: riskAuditObjects,
  inbox: riskInbox,
});
