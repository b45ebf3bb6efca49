import { api } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import * as service from './alarm-rules.service.js';

/** 报警规则: the rules as data (monitoring.rule writes, monitoring.read reads). */
export function alarmRulesRoutes(app: FastifyInstance, platform: Platform): void {
  const r = api.monitoringRules;
  route(app, platform, r.listRules, ({ actor, query }) => service.listRules(platform.db, actor, query));
  route(app, platform, r.createRule, ({ actor, body }) => service.createRule(platform, actor, body));
  route(app, platform, r.getRule, ({ actor, params }) => service.getRule(platform.db, actor, params.id));
  route(app, platform, r.updateRule, ({ actor, params, body }) => service.updateRule(platform, actor, params.id, body));
  route(app, platform, r.deleteRule, ({ actor, params }) => service.deleteRule(platform, actor, params.id));
}
