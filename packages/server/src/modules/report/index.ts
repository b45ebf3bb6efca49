import { reportModule, report as reportDomain } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import { type DemoCounts, type ServerModule, defineServerModule } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import * as intakeTables from './report.tables.js';
import { reportIntakeRoutes } from './report-intake.routes.js';
import { seedReportCategories } from './report-intake.service.js';
import * as handlingTables from './report-handling.tables.js';
import * as rewardTables from './report-reward.tables.js';
import * as open311Tables from './open311.tables.js';
import { open311Routes } from './open311.routes.js';
import { reportHandlingRoutes } from './report-handling.routes.js';
import { fillReportDemo } from './report-handling.demo.js';
import { reportInbox } from './report-handling.inbox.js';
import { registerReportJobs, scheduleReportEscalation } from './report-handling.jobs.js';

/** Each part's demonstration data, in the order they build on each other (INTAKE → HANDLING → OPEN311). Each part adds its line. */
const demoParts: ((platform: Platform) => Promise<DemoCounts>)[] = [fillReportDemo];

/** Each part's 待办. Each part adds its line. */
const inboxParts: NonNullable<ServerModule['inbox']>[] = [reportInbox];

/** 举报: the public reports hazards and violations (also over Open311 GeoReport v2), offices handle them within the statutory limits, rewards are paid. */
export const report = defineServerModule({
  domain: reportModule,
  tables: { ...intakeTables, ...handlingTables, ...rewardTables, ...open311Tables },
  workflows: [reportDomain.reportWorkflow],
  routes: (app: FastifyInstance, platform: Platform) => {
    reportIntakeRoutes(app, platform);
    open311Routes(app, platform);
    reportHandlingRoutes(app, platform);
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
    await platform.db.transaction((tx) => seedReportCategories(tx));
    registerReportJobs(platform);
    await scheduleReportEscalation(platform);
  },
});

// What HANDLING, OPEN311 and the demo build on: the one create rule, the reach, the only reader of the identity.
export {
  createReport,
  reporterIdentity,
  seedReportCategories,
  type CreatedReport,
  type NewReport,
  type ReporterIdentity,
} from './report-intake.service.js';
export { reportScope, reportInReach, type ReportReach } from './report.scope.js';
export { photoLocations } from './report-intake.routes.js';
