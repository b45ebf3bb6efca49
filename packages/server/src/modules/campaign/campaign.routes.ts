import { api } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { ledgerWorkbook } from './campaign.ledger.js';
import * as service from './campaign.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function campaignRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const c = api.campaign;
  route(app, platform, c.listCampaigns, ({ actor, query }) => service.listCampaigns(db, actor, query));
  route(app, platform, c.createCampaign, ({ actor, body }) => service.createCampaign(platform, actor, body));
  route(app, platform, c.getCampaign, ({ actor, params }) => service.getCampaign(db, actor, params.id));
  route(app, platform, c.listTasks, ({ actor, params, query }) => service.listTasks(db, actor, params.id, query));
  route(app, platform, c.getSchedule, ({ actor, params }) => service.getSchedule(db, actor, params.id));
  route(app, platform, c.getTask, ({ actor, params }) => service.getTask(db, actor, params.id));
  route(app, platform, c.assignmentAction, ({ actor, params, body }) => service.performAssignmentAction(platform, actor, params.id, params.action, body));
  route(app, platform, c.requestExtension, ({ actor, params, body }) => service.requestExtension(platform, actor, params.id, body));
  route(app, platform, c.extensionAction, ({ actor, params, body }) => service.performExtensionAction(platform, actor, params.id, params.action, body));
  route(app, platform, c.ledgerXlsx, async ({ actor, params, reply }) => {
    const { name, bytes } = await ledgerWorkbook(db, actor, params.id);
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(bytes);
  });
}
