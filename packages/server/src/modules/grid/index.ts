import { grid as gridDomain, gridModule } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import { defineServerModule } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { registerGridJobs, scheduleGridOverdueCheck } from './grid-cases.jobs.js';
import { fillGridDemo } from './grid.demo.js';
import { gridInbox } from './grid.inbox.js';
import { gridRoutes } from './grid.routes.js';
import * as tables from './grid.tables.js';

/** 网格巡查: routes by risk level, visits synced from the phone, grid cases in the 数字城管 cycle, 考核. */
export const grid = defineServerModule({
  domain: gridModule,
  tables: { ...tables },
  workflows: [gridDomain.gridCaseWorkflow],
  routes: (app: FastifyInstance, platform: Platform) => gridRoutes(app, platform),
  inbox: (tx, actor) => gridInbox(tx, actor),
  demo: (platform: Platform) => fillGridDemo(platform),
  jobs: async (platform: Platform) => {
    registerGridJobs(platform);
    await scheduleGridOverdueCheck(platform);
  },
});
