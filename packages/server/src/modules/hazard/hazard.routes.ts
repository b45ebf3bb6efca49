import { api, mediaType } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sendDownload } from '../../platform/transfer.js';
import * as service from './hazard.service.js';
import { hazardLedgerWorkbook } from './hazard.xlsx.js';

/** The hazard record: create (and enterprises' idempotent pushes), batch, the ledger, one hazard, its photos. */
export function hazardRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const h = api.hazard;
  route(app, platform, h.listHazards, ({ actor, query }) => service.listHazards(db, actor, query));
  route(app, platform, h.exportHazards, async ({ actor, query, reply }) => {
    const doc = await hazardLedgerWorkbook(db, actor, query);
    return sendDownload(reply, { name: doc.name, type: mediaType.xlsx, body: doc.bytes });
  });
  route(app, platform, h.createHazard, async ({ actor, body, status }) => {
    const pushed = await service.createHazard(db, actor, body);
    // A known external id: 200 and the same hazard (the contract's `alsoStatus`).
    if (!pushed.created) status(200);
    return pushed.hazard;
  });
  route(app, platform, h.createHazardsBatch, ({ actor, body }) => service.createHazardsBatch(db, actor, body.hazards));
  route(app, platform, h.getHazard, ({ actor, params }) => service.getHazard(db, actor, params.id));
  route(app, platform, h.downloadPhoto, async ({ actor, params, reply }) => {
    const file = await service.hazardPhotoFile(db, actor, params.id, params.fileId);
    const body = await platform.files.get(file.storageKey);
    return sendDownload(reply, { name: file.name, type: file.type, body, sizeBytes: file.sizeBytes });
  });
}
