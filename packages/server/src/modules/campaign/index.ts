import { campaign as plan, campaignModule } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import { defineServerModule } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { campaignAuditObjects } from './campaign.audit.js';
import { fillCampaignDemo } from './campaign.demo.js';
import { campaignInbox } from './campaign.inbox.js';
import { registerCampaignJobs, scheduleDeadlineCheck } from './campaign.jobs.js';
import { campaignRoutes } from './campaign.routes.js';
import * as tables from './campaign.tables.js';
import { scoringRoutes } from './scoring.routes.js';

/** 创建工作: the demonstration-city campaign, its task ledger, 督办, 考核 and self-scoring. */
export const campaign = defineServerModule({
  domain: campaignModule,
  tables,
  workflows: [plan.assignmentWorkflow, plan.extensionWorkflow, plan.supervisionWorkflow, plan.scoringFindingWorkflow],
  routes: (app: FastifyInstance, platform: Platform) => {
    campaignRoutes(app, platform);
    scoringRoutes(app, platform);
  },
  jobs: async (platform: Platform) => {
    registerCampaignJobs(platform);
    await scheduleDeadlineCheck(platform);
  },
  demo: fillCampaignDemo,
  auditObjects: campaignAuditObjects,
  inbox: campaignInbox,
});
