import { api, type EndpointOutput, risk } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { gradingConfig } from './risk.service.js';

/** Where the LEC mapping in force comes from. */
export type LecMappingSource = () => Promise<risk.LevelMapping>;

/** The answer of POST /api/calc/lec for a computed LEC result under a mapping. */
export function presentLec(result: risk.LecResult, mapping: risk.LevelMapping): EndpointOutput<typeof api.calc.lec> {
  return {
    D: result.D,
    level: risk.riskLevelShortZh[result.level],
    color: result.color,
    levelCode: result.level,
    band: { key: result.band.key, ...result.band.meaning },
    mappingVerified: mapping.verified,
  };
}

/**
 * POST /api/calc/lec: public, computes only, rate-limited as every public route. `mapping` gives
 * the D → level mapping in force, read per request since an administrator may change it: by default
 * the one stored in the risk module's settings (`PUT /api/risk/settings`), else the default.
 */
export function lecCalcRoutes(
  app: FastifyInstance,
  platform: Platform,
  mapping: LecMappingSource = async () => (await gradingConfig(platform.db)).config.lec,
): void {
  route(
    app,
    platform,
    api.calc.lec,
    async ({ body }) => {
      const current = await mapping();
      return presentLec(risk.lec(body, current.thresholds), current);
    },
    { rateLimit: platform.config.publicRateLimit },
  );
}
