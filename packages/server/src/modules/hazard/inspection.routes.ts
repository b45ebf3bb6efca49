import { api, mediaType } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sendDownload } from '../../platform/transfer.js';
import * as service from './inspection.service.js';
import { inspectionLedgerWorkbook } from './inspection.xlsx.js';

/** 排查任务: thin handlers over the inspection service. */
export function inspectionRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const m = api.hazardInspections;
  route(app, platform, m.listInspectionTemplates, () => service.listTemplates());
  route(app, platform, m.listInspections, ({ actor, query }) => service.listInspections(db, actor, query));
  route(app, platform, m.exportInspections, async ({ actor, query, reply }) => {
    const doc = await inspectionLedgerWorkbook(db, actor, query);
    return sendDownload(reply, { name: doc.name, type: mediaType.xlsx, body: doc.bytes });
  });
  route(app, platform, m.getInspection, ({ actor, params }) => service.getInspection(db, actor, params.id));
  route(app, platform, m.createInspection, ({ actor, body }) => service.createInspection(db, actor, body));
  route(app, platform, m.answerInspectionItem, ({ actor, params, body }) => service.answerItem(db, actor, params.id, params.itemId, body));
  route(app, platform, m.inspectionAction, ({ actor, params, body }) =>
    service.performInspectionAction(db, actor, params.id, params.action, body),
  );
}
