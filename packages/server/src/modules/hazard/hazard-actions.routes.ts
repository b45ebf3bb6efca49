import { api } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { performHazardAction, saveHazardPlan } from './hazard.actions.js';

/** The steps of both loops and the 治理方案 of a 重大 hazard: thin handlers over `hazard.actions.ts`. */
export function hazardActionRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  route(app, platform, api.hazard.hazardAction, ({ actor, params, body }) =>
    performHazardAction(db, actor, params.id, params.action, body),
  );
  route(app, platform, api.hazard.savePlan, ({ actor, params, body }) => saveHazardPlan(db, actor, params.id, body));
}
