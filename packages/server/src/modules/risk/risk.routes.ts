import { api, mediaType } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sendDownload } from '../../platform/transfer.js';
import { commitImport, importTemplate, previewImport } from './risk.import.js';
import * as service from './risk.service.js';
import { registryWorkbook } from './risk.xlsx.js';

export function riskRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const r = api.risk;
  route(app, platform, r.listSources, ({ actor, query }) => service.listSources(db, actor, query));
  route(app, platform, r.exportSources, async ({ actor, query, reply }) => {
    const doc = await registryWorkbook(db, actor, query);
    return sendDownload(reply, { name: doc.name, type: mediaType.xlsx, body: doc.bytes });
  });
  route(app, platform, r.importTemplate, async ({ reply }) => {
    const doc = await importTemplate(db);
    return sendDownload(reply, { name: doc.name, type: mediaType.xlsx, body: doc.bytes });
  });
  route(app, platform, r.previewImport, async ({ actor, upload }) => previewImport(platform, actor, (await upload()).bytes));
  route(app, platform, r.commitImport, async ({ actor, upload, query }) =>
    commitImport(platform, actor, (await upload()).bytes, query.validOnly === 'true'),
  );
  route(app, platform, r.getSource, ({ actor, params }) => service.getSource(db, actor, params.id));
  route(app, platform, r.createSource, ({ actor, body }) => service.createSource(db, actor, body));
  route(app, platform, r.updateSource, ({ actor, params, body }) => service.updateSource(db, actor, params.id, body));
  route(app, platform, r.sourceAction, ({ actor, params, body }) => service.performSourceAction(db, actor, params.id, params.action, body));
  route(app, platform, r.confirmLocation, ({ actor, params }) => service.confirmLocation(db, actor, params.id));
  route(app, platform, r.assessSource, ({ actor, params, body }) => service.assessSource(db, actor, params.id, body));
  route(app, platform, r.addMeasure, ({ actor, params, body }) => service.addMeasure(db, actor, params.id, body));
  route(app, platform, r.updateMeasure, ({ actor, params, body }) => service.updateMeasure(db, actor, params.id, body));
  route(app, platform, r.deleteMeasure, ({ actor, params }) => service.deleteMeasure(db, actor, params.id));
  route(app, platform, r.getSettings, ({ actor }) => service.getSettings(db, actor));
  route(app, platform, r.updateSettings, ({ actor, body }) => service.updateSettings(db, actor, body));
}
