import { api } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import * as service from './hazard-rules.service.js';

/**
 * The 判定标准 library and the hazard settings. Their paths are static (`/api/hazards/standards`,
 * `/api/hazards/settings`), so Fastify's router prefers them to `/api/hazards/:id` whatever the order
 * of registration (hazard-rules.test.ts checks it).
 */
export function hazardRulesRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const r = api.hazardRules;
  route(app, platform, r.listStandards, ({ actor }) => service.listStandards(db, actor));
  route(app, platform, r.createStandard, ({ actor, body }) => service.createStandard(db, actor, body));
  route(app, platform, r.updateStandard, ({ actor, params, body }) => service.updateStandard(db, actor, params.id, body));
  route(app, platform, r.deleteStandard, ({ actor, params }) => service.deleteStandard(db, actor, params.id));
  route(app, platform, r.addClause, ({ actor, params, body }) => service.addClause(db, actor, params.id, body));
  route(app, platform, r.updateClause, ({ actor, params, body }) => service.updateClause(db, actor, params.id, body));
  route(app, platform, r.deleteClause, ({ actor, params }) => service.deleteClause(db, actor, params.id));
  route(app, platform, r.getSettings, ({ actor }) => service.getSettings(db, actor));
  route(app, platform, r.updateSettings, ({ actor, body }) => service.updateSettings(db, actor, body));
}
