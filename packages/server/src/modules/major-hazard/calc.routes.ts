import { api, majorHazard } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';

/** POST /api/calc/major-hazard: public, computes only (GB 18218-2018), rate-limited as every public route. */
export function majorHazardCalcRoutes(app: FastifyInstance, platform: Platform): void {
  route(
    app,
    platform,
    api.calc.majorHazard,
    async ({ body }) => {
      const result = majorHazard.assessMajorHazard(body);
      return {
        ...result,
        items: result.items.map((item) => ({
          criticalQuantityTonnes: item.criticalQuantityTonnes,
          beta: item.beta,
          ratio: item.ratio,
          quantityTonnes: item.quantityTonnes,
          matchedBy: item.matchedBy,
          betaBy: item.betaBy,
          table1No: item.substance?.no ?? null,
          name: item.substance?.name ?? null,
          category: item.category?.code ?? null,
        })),
      };
    },
    { rateLimit: platform.config.publicRateLimit },
  );
}
