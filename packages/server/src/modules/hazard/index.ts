import { hazard as rules, hazardModule } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import { defineServerModule } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { onAreasChanged } from '../map/index.js';
import { hazardActionRoutes } from './hazard-actions.routes.js';
import { hazardExtensionRoutes } from './hazard-extensions.routes.js';
import * as extensionTables from './hazard-extensions.tables.js';
import { hazardAuditObjects } from './hazard.audit.js';
import { fillHazardDemo } from './hazard.demo.js';
import { hazardInbox } from './hazard.inbox.js';
import { registerHazardJobs, scheduleHazardDeadlineCheck } from './hazard.jobs.js';
import { hazardPublicRoutes } from './hazard-public.routes.js';
import { hazardRulesAuditObjects } from './hazard-rules.audit.js';
import { hazardRulesRoutes } from './hazard-rules.routes.js';
import { seedHazardStandards } from './hazard-rules.service.js';
import { hazardStatsRoutes } from './hazard-stats.routes.js';
import { hazardRoutes } from './hazard.routes.js';
import { relocateHazards } from './hazard.service.js';
import * as tables from './hazard.tables.js';
import * as ruleTables from './hazard-rules.tables.js';
import * as inspectionTables from './inspection.tables.js';
import { fillInspectionDemo } from './inspection.demo.js';
import { inspectionInbox } from './inspection.inbox.js';
import { inspectionRoutes } from './inspection.routes.js';

onAreasChanged(relocateHazards);

/** 隐患排查治理：闭环、重大隐患挂牌督办、排查清单、统计 */
export const hazard = defineServerModule({
  domain: hazardModule,
  tables: { ...tables, ...ruleTables, ...inspectionTables, ...extensionTables },
  workflows: [rules.hazardWorkflow, rules.inspectionWorkflow, rules.hazardExtensionWorkflow],
  routes: (app: FastifyInstance, platform: Platform) => {
    hazardRoutes(app, platform);
    hazardPublicRoutes(app, platform);
    hazardActionRoutes(app, platform);
    hazardRulesRoutes(app, platform);
    hazardStatsRoutes(app, platform);
    hazardExtensionRoutes(app, platform);
    inspectionRoutes(app, platform);
  },
  inbox: async (tx, actor) => [...(await hazardInbox(tx, actor)), ...(await inspectionInbox(tx, actor))],
  demo: async (platform: Platform) => ({ ...(await fillHazardDemo(platform)), ...(await fillInspectionDemo(platform)) }),
  auditObjects: { ...hazardAuditObjects, ...hazardRulesAuditObjects },
  // At every start, before anything reads the library: the built-in 判定标准 a database lacks (never overwriting edits).
  jobs: async (platform: Platform) => {
    await seedHazardStandards(platform.db);
    registerHazardJobs(platform);
    await scheduleHazardDeadlineCheck(platform);
  },
});

// What other modules may use: the hazard table, the whole rule of creating one, and the reach rule.
export { hazards } from './hazard.tables.js';
export { insertHazard, type NewHazard } from './hazard.service.js';
export { hazardScope } from './hazard.scope.js';
// RULES: the settings in force, the repeated-hazard rule and the 判定标准 clauses a hazard cites.
export { checkStandardClause, clausesById, findRepeatOf, hazardSettings } from './hazard-rules.service.js';
export { hazardStandardClauses, hazardStandards } from './hazard-rules.tables.js';
