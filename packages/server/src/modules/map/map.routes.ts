import { api } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { readBoundaryUpload } from './map.files.js';
import * as boundaries from './map.service.js';

/** The boundaries: read by everyone who sees the map, imported, drawn and deleted with map.manage. */
export function boundaryRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const upload = (request: Parameters<typeof readBoundaryUpload>[0]) => readBoundaryUpload(request, platform.config.imports.archive);
  route(app, platform, api.map.listBoundaries, ({ query }) => boundaries.listBoundaries(db, query));
  route(app, platform, api.map.listAreas, ({ actor, query }) => boundaries.listAreas(db, actor, query.level));
  route(app, platform, api.map.previewBoundaryImport, async ({ actor, query, request }) =>
    boundaries.previewImport(db, actor, await upload(request), query),
  );
  route(app, platform, api.map.importBoundaries, async ({ actor, query, request }) =>
    boundaries.commitImport(db, actor, await upload(request), query),
  );
  route(app, platform, api.map.getBoundary, ({ params }) => boundaries.getBoundary(db, params.orgId));
  route(app, platform, api.map.saveBoundary, ({ actor, params, body }) => boundaries.saveBoundary(db, actor, params.orgId, body.geometry));
  route(app, platform, api.map.deleteBoundary, async ({ actor, params }) => {
    await boundaries.deleteBoundary(db, actor, params.orgId);
    return { ok: true as const };
  });
}
