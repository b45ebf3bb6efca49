import { api, mediaType } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sendDownload } from '../../platform/transfer.js';
import { accidentGradeCalcRoutes } from './calc.routes.js';
import { getEmergencySettings, updateEmergencySettings } from './emergency-settings.service.js';
import * as service from './incident.service.js';
import { incidentLedgerWorkbook } from './incident.xlsx.js';

/** Incidents (record, list, map, ledger, figures, steps), the module's settings and the public grade calculator. */
export function incidentRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const e = api.emergency;
  accidentGradeCalcRoutes(app, platform);
  route(app, platform, e.getSettings, ({ actor }) => getEmergencySettings(db, actor));
  route(app, platform, e.updateSettings, ({ actor, body }) => updateEmergencySettings(db, actor, body));
  route(app, platform, e.listIncidents, ({ actor, query }) => service.listIncidents(db, actor, query));
  route(app, platform, e.exportIncidents, async ({ actor, query, reply }) => {
    const doc = await incidentLedgerWorkbook(db, actor, query);
    return sendDownload(reply, { name: doc.name, type: mediaType.xlsx, body: doc.bytes });
  });
  route(app, platform, e.incidentsGeoJson, ({ actor, query }) => service.incidentsGeoJson(db, actor, query));
  route(app, platform, e.createIncident, ({ actor, body }) => service.createIncident(db, actor, body));
  route(app, platform, e.getIncident, ({ actor, params }) => service.getIncident(db, actor, params.id));
  route(app, platform, e.changeFigures, ({ actor, params, body }) => service.updateIncidentFigures(db, actor, params.id, body));
  route(app, platform, e.incidentAction, ({ actor, params, body }) =>
    service.takeIncidentAction(db, actor, params.id, params.action, body),
  );
}
