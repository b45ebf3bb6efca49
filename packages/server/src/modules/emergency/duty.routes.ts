import { api } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import * as coverage from './coverage.service.js';
import { contacts } from './duty.contacts.js';
import * as duty from './duty.service.js';

/** 值班值守 and coverage: thin handlers over the services. */
export function dutyRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const d = api.emergencyDuty;
  route(app, platform, d.listRosters, ({ actor, query }) => duty.listRosters(db, actor, query));
  route(app, platform, d.putRoster, ({ actor, params, body }) => duty.putRoster(db, actor, params.date, body));
  route(app, platform, d.deleteRoster, ({ actor, params, query }) => duty.deleteRoster(db, actor, params.date, query.orgId));
  route(app, platform, d.todayDuty, ({ actor }) => duty.todayDuty(db, actor));
  route(app, platform, d.handoverDraft, ({ actor, query }) => duty.handoverDraft(db, actor, query.orgId));
  route(app, platform, d.createHandover, ({ actor, body }) => duty.createHandover(db, actor, body));
  route(app, platform, d.listHandovers, ({ actor, query }) => duty.listHandovers(db, actor, query));
  route(app, platform, d.listDutyLog, ({ actor, query }) => duty.listDutyLog(db, actor, query));
  route(app, platform, d.createDutyLogEntry, ({ actor, body }) => duty.createDutyLogEntry(db, actor, body));
  route(app, platform, d.closeDutyLogEntry, ({ actor, params, body }) => duty.closeDutyLogEntry(db, actor, params.id, body.note));
  route(app, platform, d.recordDutyLogIncident, ({ actor, params, body }) => duty.recordDutyLogIncident(db, actor, params.id, body));
  route(app, platform, d.contacts, ({ actor, query }) => contacts(db, actor, query));
  route(app, platform, d.fireCoverage, ({ actor, query }) => coverage.fireCoverage(db, actor, query.districtId));
  route(app, platform, d.shelterCoverage, ({ actor, query }) => coverage.shelterCoverage(db, actor, query.districtId));
  route(app, platform, d.listPopulations, ({ actor }) => coverage.listPopulations(db, actor));
  route(app, platform, d.putPopulation, ({ actor, params, body }) => coverage.putPopulation(db, actor, params.areaId, params.year, body));
}
