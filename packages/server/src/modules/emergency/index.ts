import { emergencyModule, emergency as rules } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import { type DemoCounts, type ServerModule, defineServerModule } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { onAreasChanged } from '../map/index.js';
import { incidentAuditObjects } from './incident.audit.js';
import { fillIncidentDemo } from './incident.demo.js';
import { incidentRoutes } from './incident.routes.js';
import { relocateIncidents } from './incident.service.js';
import * as incidentTables from './incident.tables.js';
import * as planTables from './plan.tables.js';
import * as responseTables from './response.tables.js';
import * as drillTables from './drill.tables.js';
import { planRoutes } from './plan.routes.js';
import { fillPlanDemo } from './plan.demo.js';
import { planInbox } from './plan.inbox.js';
import * as resourceTables from './resource.tables.js';
import { resourceRoutes } from './resource.routes.js';
import { resourceDemo } from './resource.demo.js';
import { supplyInbox } from './supply.inbox.js';
import * as dutyTables from './duty.tables.js';
import * as coverageTables from './coverage.tables.js';
import { dutyRoutes } from './duty.routes.js';
import { dutyInbox } from './duty.inbox.js';
import { dutyDemo } from './duty.demo.js';
import * as incidentReportTables from './incident-reports.tables.js';
import { incidentReportRoutes } from './incident-reports.routes.js';
import { fillIncidentReportsDemo } from './incident-reports.demo.js';
import { incidentReportsInbox } from './incident-reports.inbox.js';
import { registerReportJobs, scheduleReportCheck } from './incident-reports.jobs.js';

onAreasChanged(relocateIncidents);

/**
 * Each part's demonstration data, in the order they build on each other (resources before the plans that
 * name them, plans before the past incident whose response activated one). Each part adds its line.
 */
const demoParts: ((platform: Platform) => Promise<DemoCounts>)[] = [
  resourceDemo,
  fillPlanDemo,
  dutyDemo,
  fillIncidentDemo,
  fillIncidentReportsDemo,
];

/** Each part's 待办 (reports due, plans to review, stock to replenish, today's duty). Each part adds its line. */
const inboxParts: NonNullable<ServerModule['inbox']>[] = [planInbox, supplyInbox, incidentReportsInbox, dutyInbox];

/** 应急指挥：事故报告、预案演练、应急资源、覆盖分析、值班值守 */
export const emergency = defineServerModule({
  domain: emergencyModule,
  tables: {
    ...incidentTables,
    ...planTables,
    ...responseTables,
    ...drillTables,
    ...resourceTables,
    ...dutyTables,
    ...coverageTables,
    ...incidentReportTables,
  },
  workflows: [rules.drillWorkflow, rules.incidentWorkflow, rules.investigationWorkflow, rules.measureWorkflow],
  routes: (app: FastifyInstance, platform: Platform) => {
    incidentRoutes(app, platform);
    planRoutes(app, platform);
    resourceRoutes(app, platform);
    incidentReportRoutes(app, platform);
    dutyRoutes(app, platform);
  },
  inbox: async (tx: Tx, actor: Actor, platform: Platform) => {
    const items = [];
    for (const part of inboxParts) items.push(...(await part(tx, actor, platform)));
    return items;
  },
  demo: async (platform: Platform) => {
    const counts: DemoCounts = {};
    for (const part of demoParts) Object.assign(counts, await part(platform));
    return counts;
  },
  jobs: async (platform: Platform) => {
    registerReportJobs(platform);
    await scheduleReportCheck(platform);
  },
  auditObjects: { ...incidentAuditObjects },
});

// INCIDENT: the incidents table, the whole rule of recording one, its figures and steps, the reach rule, the settings.
export { incidents } from './incident.tables.js';
export { changeIncidentFigures, incidentScope, performIncidentAction, recordIncident } from './incident.service.js';
export { emergencySettingsOf } from './emergency-settings.service.js';
export { DEMO_PAST_ACCIDENT_TITLE, demoPastAccident } from './incident.demo.js';
