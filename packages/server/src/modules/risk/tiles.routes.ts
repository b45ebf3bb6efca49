import { api } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { riskTile, tileEtag } from './tiles.js';

/**
 * The four-colour map's vector tiles. Private (each caller sees their own reach) and short-lived
 * in the browser's cache, then revalidated by ETag: a tile whose sources did not change is a 304.
 */
export function riskTileRoutes(app: FastifyInstance, platform: Platform): void {
  route(app, platform, api.riskTiles.getTile, async ({ request, reply, actor, params, query }) => {
    const bytes = await riskTile(platform.db, platform.database.kind, actor, params, query);
    reply.header('cache-control', 'private, max-age=60');
    if (!bytes) return reply.code(204).send();
    const etag = tileEtag(bytes);
    reply.header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(api.riskTiles.vectorTileType).send(bytes);
  });
}
