import { api, mediaType } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sendDownload } from '../../platform/transfer.js';
import * as service from './major-hazard.service.js';
import { installationsWorkbook } from './major-hazard.xlsx.js';

/** The registry's endpoints: thin handlers over the service. */
export function installationRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const m = api.majorHazard;
  route(app, platform, m.listInstallations, ({ actor, query }) => service.listInstallations(db, actor, query));
  route(app, platform, m.installationsXlsx, async ({ actor, query, reply }) => {
    const file = await installationsWorkbook(db, actor, query);
    return sendDownload(reply, { name: file.name, type: mediaType.xlsx, body: file.bytes });
  });
  route(app, platform, m.installationsGeoJson, ({ actor, query }) => service.installationsGeoJson(db, actor, query));
  route(app, platform, m.getInstallation, ({ actor, params }) => service.getInstallation(db, actor, params.id));
  route(app, platform, m.createInstallation, ({ actor, body }) => service.createInstallation(db, actor, body));
  route(app, platform, m.updateInstallation, ({ actor, params, body }) => service.updateInstallation(db, actor, params.id, body));
  route(app, platform, m.addInventoryItem, ({ actor, params, body }) => service.addInventoryItem(db, actor, params.id, body));
  route(app, platform, m.updateInventoryItem, ({ actor, params, body }) =>
    service.updateInventoryItem(db, actor, params.id, params.itemId, body),
  );
  route(app, platform, m.deleteInventoryItem, ({ actor, params }) => service.deleteInventoryItem(db, actor, params.id, params.itemId));
  route(app, platform, m.installationAction, ({ actor, params, body }) =>
    service.performInstallationAction(db, actor, params.id, params.action, body),
  );
}
