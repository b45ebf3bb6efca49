import { api, mediaType } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sendDownload } from '../../platform/transfer.js';
import * as service from './scoring.service.js';

export function scoringRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const s = api.campaignScoring;
  route(app, platform, s.getScoring, ({ actor, params }) => service.getScoring(db, actor, params.id));
  route(app, platform, s.seedScoring, ({ actor, params }) => service.seedScoring(db, actor, params.id));
  route(app, platform, s.createScoringItem, ({ actor, params, body }) => service.createItem(db, actor, params.id, body));
  route(app, platform, s.updateScoringItem, ({ actor, params, body }) => service.updateItem(db, actor, params.id, body));
  route(app, platform, s.deleteScoringItem, ({ actor, params }) => service.deleteItem(db, actor, params.id));
  route(app, platform, s.linkScoringTasks, ({ actor, params, body }) => service.linkTasks(db, actor, params.id, body));
  route(app, platform, s.scoringXlsx, async ({ actor, params, reply }) => {
    const { name, bytes } = await service.exportScoring(db, actor, params.id);
    return sendDownload(reply, { name, type: mediaType.xlsx, body: bytes });
  });
  route(app, platform, s.importScoring, async ({ actor, params, upload }) => {
    const file = await upload();
    return service.importScoring(db, actor, params.id, file, platform.config.imports);
  });
  route(app, platform, s.listFindings, ({ actor, params, query }) => service.listFindings(db, actor, params.id, query));
  route(app, platform, s.createFinding, ({ actor, params, body }) => service.createFinding(db, actor, params.id, body));
  route(app, platform, s.findingAction, ({ actor, params, body }) =>
    service.performFindingAction(db, actor, params.id, params.action, body),
  );
}
