import { api, mediaType } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import { sendStoredFile } from '../../platform/files.service.js';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sendDownload } from '../../platform/transfer.js';
import * as service from './report-handling.service.js';
import { reportLedgerStream } from './report-handling.xlsx.js';
import { reporterIdentity } from './report-intake.service.js';
import * as rewards from './report-reward.service.js';
import { reportStats } from './report-stats.service.js';
import { reportMonthlyWorkbook } from './report-stats.xlsx.js';

/** The office's side of 举报: the queue, a report's steps, bulk triage, the export, rewards and statistics. */
export function reportHandlingRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const h = api.reportHandling;
  route(app, platform, h.listReports, ({ actor, query }) => service.listReports(db, actor, query));
  route(app, platform, h.exportReports, async ({ actor, query, reply }) =>
    sendDownload(reply, { name: '举报台账.xlsx', type: mediaType.xlsx, body: reportLedgerStream(db, actor, query) }),
  );
  route(app, platform, h.getReportStats, ({ actor, query }) => reportStats(db, actor, query));
  route(app, platform, h.exportReportStats, async ({ actor, query, reply }) => {
    const doc = await reportMonthlyWorkbook(db, actor, query.month);
    return sendDownload(reply, { name: doc.name, type: mediaType.xlsx, body: doc.bytes });
  });
  route(app, platform, h.getReportLimits, async () => ({ ...(await service.reportLimits(db)), sources: service.limitSources }));
  route(app, platform, h.putReportLimits, ({ actor, body }) => service.saveReportLimits(db, actor, body));
  route(app, platform, h.bulkReports, ({ actor, body }) => service.bulkReports(db, actor, body));
  route(app, platform, h.getReport, ({ actor, params }) => service.getReport(db, actor, params.id));
  route(app, platform, h.getReportPhoto, async ({ actor, params, reply }) =>
    sendStoredFile(platform, reply, await service.reportPhoto(db, actor, params.id, params.fileId)),
  );
  route(app, platform, h.getReporter, ({ actor, params }) =>
    db.transaction(async (tx) => {
      const identity = await reporterIdentity(tx, actor, params.id);
      return identity ? { anonymous: false, ...identity } : { anonymous: true, name: null, phone: null, idNumber: null, contact: null };
    }),
  );
  route(app, platform, h.reportAction, ({ actor, params, body }) => service.performReportAction(db, actor, params.id, params.action, body));
  route(app, platform, h.postReportMessage, ({ actor, params, body }) => service.postReportMessage(db, actor, params.id, body.body));
  route(app, platform, h.proposeReward, ({ actor, params, body }) => rewards.proposeReward(db, actor, params.id, body));
  route(app, platform, h.listRewards, ({ actor, query }) => rewards.listRewards(db, actor, query));
  route(app, platform, h.rewardAction, ({ actor, params, body }) => rewards.rewardAction(db, actor, params.id, params.action, body));
  route(app, platform, h.publicRewards, ({ query }) => rewards.publicRewards(db, query), { rateLimit: 60 });
}
