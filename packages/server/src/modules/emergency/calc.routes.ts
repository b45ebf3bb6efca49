import { api, emergency } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';

/** POST /api/calc/accident-grade: public, computes only (493号令 Art. 3), rate-limited as every public route. */
export function accidentGradeCalcRoutes(app: FastifyInstance, platform: Platform): void {
  route(app, platform, api.emergency.calcAccidentGrade, async ({ body }) => emergency.gradeAccident(body), {
    rateLimit: platform.config.publicRateLimit,
  });
}
