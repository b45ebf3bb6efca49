import { api, mediaType } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sendDownload } from '../../platform/transfer.js';
import { hazardMapLayer, hazardStats } from './hazard-stats.js';
import { statisticsTable } from './hazard-stats.xlsx.js';

/** The statistics: figures by grouping, the map layer and the 16号令 tables as xlsx. */
export function hazardStatsRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const s = api.hazardStats;
  route(app, platform, s.getStats, ({ actor, query }) => hazardStats(db, actor, query));
  route(app, platform, s.getMapLayer, ({ actor, query }) => hazardMapLayer(db, actor, query));
  route(app, platform, s.quarterlyTable, async ({ actor, query, reply }) => {
    const file = await statisticsTable(db, actor, { kind: 'quarterly', year: query.year, quarter: query.quarter as 1 | 2 | 3 | 4 });
    return sendDownload(reply, { name: file.name, type: mediaType.xlsx, body: file.bytes });
  });
  route(app, platform, s.annualTable, async ({ actor, query, reply }) => {
    const file = await statisticsTable(db, actor, { kind: 'annual', year: query.year });
    return sendDownload(reply, { name: file.name, type: mediaType.xlsx, body: file.bytes });
  });
}
