import { api, mediaType } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sendDownload } from '../../platform/transfer.js';
import { getReporting, recordFinding, reportFile, submitReport } from './incident-reports.service.js';
import { addMeasure, listMeasures, openInvestigation, performInvestigationAction, performMeasureAction } from './investigation.service.js';

/** 事故报告与调查: the report schedule and submissions with their Word documents, findings, the investigation and its measures. */
export function incidentReportRoutes(app: FastifyInstance, platform: Platform): void {
  const c = api.emergencyReports;
  route(app, platform, c.getReporting, ({ actor, params }) => getReporting(platform, actor, params.id));
  route(app, platform, c.submitReport, ({ actor, params, body }) => submitReport(platform, actor, params.id, params.reportId, body));
  route(app, platform, c.reportDocx, async ({ actor, params, reply }) => {
    const doc = await reportFile(platform, actor, params.id, params.reportId);
    return sendDownload(reply, { name: doc.name, type: mediaType.docx, body: doc.bytes });
  });
  route(app, platform, c.recordFinding, ({ actor, params, body }) => recordFinding(platform, actor, params.id, body));
  route(app, platform, c.openInvestigation, ({ actor, params }) => openInvestigation(platform, actor, params.id));
  route(app, platform, c.investigationAction, ({ actor, params, body }) =>
    performInvestigationAction(platform, actor, params.id, params.action, body),
  );
  route(app, platform, c.addMeasure, ({ actor, params, body }) => addMeasure(platform, actor, params.id, body));
  route(app, platform, c.listMeasures, ({ actor, query }) => listMeasures(platform, actor, query));
  route(app, platform, c.measureAction, ({ actor, params, body }) => performMeasureAction(platform, actor, params.id, params.action, body));
}
