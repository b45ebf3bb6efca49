import { api } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { listPublicHazards } from './hazard-public.js';

/** The public 公示 of listed major hazards: no login, rate-limited per address as every public route. */
export function hazardPublicRoutes(app: FastifyInstance, platform: Platform): void {
  route(app, platform, api.hazardPublic.listListed, ({ query }) => listPublicHazards(platform.db, query), {
    rateLimit: platform.config.publicRateLimit,
  });
}
