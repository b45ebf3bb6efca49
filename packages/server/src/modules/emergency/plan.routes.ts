import { api } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route, StampedAnswer } from '../../platform/route.js';
import * as drills from './drill.service.js';
import * as plans from './plan.service.js';
import * as responses from './response.service.js';

/** 预案、响应和演练: thin handlers over the plan, response and drill services. */
export function planRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const m = api.emergencyPlans;
  route(app, platform, m.listPlans, ({ actor, query }) => plans.listPlans(db, actor, query));
  route(app, platform, m.getPlan, ({ actor, params }) => plans.getPlan(db, actor, params.id));
  route(app, platform, m.createPlan, ({ actor, body }) => plans.createPlan(db, actor, body));
  route(app, platform, m.revisePlan, ({ actor, params, body }) => plans.revisePlan(db, actor, params.id, body));
  route(app, platform, m.getCommand, ({ actor, params }) => responses.getCommand(db, actor, params.id));
  route(app, platform, m.activatePlan, ({ actor, params, body }) => responses.activatePlan(db, actor, params.id, body));
  route(app, platform, m.completeTask, ({ actor, params, body }) => responses.completeTask(db, actor, params.id, body.note));
  // The log and the marks are the same for every reader of the incident: answered from what was read under its stamp.
  route(
    app,
    platform,
    m.listCommandLog,
    async ({ actor, params, query }) =>
      new StampedAnswer(`${params.id} ${JSON.stringify(query)}`, await responses.commandStamp(db, actor, params.id), () =>
        responses.listCommandLog(db, actor, params.id, query),
      ),
  );
  route(app, platform, m.addLogEntry, ({ actor, params, body }) => responses.addLogEntry(db, actor, params.id, body));
  route(
    app,
    platform,
    m.listMarks,
    async ({ actor, params }) =>
      new StampedAnswer(params.id, await responses.commandStamp(db, actor, params.id), () => responses.listMarks(db, actor, params.id)),
  );
  route(app, platform, m.addMark, ({ actor, params, body }) => responses.addMark(db, actor, params.id, body));
  route(app, platform, m.deleteMark, async ({ actor, params }) => {
    await responses.deleteMark(db, actor, params.id);
    return { ok: true as const };
  });
  route(app, platform, m.drillYear, ({ actor, query }) => drills.drillYear(db, actor, query.year));
  route(app, platform, m.listDrills, ({ actor, query }) => drills.listDrills(db, actor, query));
  route(app, platform, m.getDrill, ({ actor, params }) => drills.getDrill(db, actor, params.id));
  route(app, platform, m.createDrill, ({ actor, body }) => drills.createDrill(db, actor, body));
  route(app, platform, m.drillAction, ({ actor, params, body }) => drills.performDrillAction(db, actor, params.id, params.action, body));
}
