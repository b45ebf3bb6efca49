import { api, mediaType } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import { sendStoredFile } from '../../platform/files.service.js';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sendDownload } from '../../platform/transfer.js';
import * as cases from './grid-cases.service.js';
import { gridStats, gridStatsWorkbook } from './grid-stats.js';
import * as service from './grid.service.js';

/** 网格巡查: grids, the day's route, visits (idempotent), check-ins, grid cases, 考核 and settings. */
export function gridRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const g = api.grid;
  const read = <T>(work: Parameters<typeof db.transaction<T>>[0]) => db.transaction(work);
  route(app, platform, g.listGrids, ({ actor, query }) => read((tx) => service.listGrids(tx, actor, query)));
  route(app, platform, g.getGrid, ({ actor, params }) => read((tx) => service.getGrid(tx, actor, params.id)));
  route(app, platform, g.getRoute, ({ actor, query }) => read((tx) => service.getRoute(tx, actor, query)));
  route(app, platform, g.postVisit, async ({ actor, body, status }) => {
    const posted = await db.transaction((tx) => service.postVisit(tx, actor, body));
    // The same client id again: 200 and the same visit (the contract's `alsoStatus`).
    if (!posted.created) status(200);
    return posted.visit;
  });
  route(app, platform, g.listVisits, ({ actor, query }) => read((tx) => service.listVisits(tx, actor, query)));
  route(app, platform, g.getVisit, ({ actor, params }) => read((tx) => service.getVisit(tx, actor, params.id)));
  route(app, platform, g.getVisitPhoto, async ({ actor, params, reply }) =>
    sendStoredFile(platform, reply, await read((tx) => service.visitPhoto(tx, actor, params.id, params.fileId))),
  );
  route(app, platform, g.getGridCasePhoto, async ({ actor, params, reply }) =>
    sendStoredFile(platform, reply, await read((tx) => cases.gridCasePhoto(tx, actor, params.id, params.fileId))),
  );
  route(app, platform, g.listCheckins, ({ actor, query }) => read((tx) => service.listCheckins(tx, actor, query)));
  route(app, platform, g.listGridCases, ({ actor, query }) => read((tx) => cases.listGridCases(tx, actor, query)));
  route(app, platform, g.getGridCase, ({ actor, params }) => read((tx) => cases.getGridCase(tx, actor, params.id)));
  route(app, platform, g.createGridCase, ({ actor, body }) => db.transaction((tx) => cases.createGridCase(tx, actor, body)));
  route(app, platform, g.gridCaseAction, ({ actor, params, body }) =>
    db.transaction((tx) => cases.gridCaseAction(tx, actor, params.id, params.action, body)),
  );
  route(app, platform, g.getStats, ({ actor, query }) => read((tx) => gridStats(tx, actor, query)));
  route(app, platform, g.exportStats, async ({ actor, query, reply }) => {
    const doc = await read((tx) => gridStatsWorkbook(tx, actor, query));
    return sendDownload(reply, { name: doc.name, type: mediaType.xlsx, body: doc.bytes });
  });
  route(app, platform, g.getSettings, () => read((tx) => service.settingsView(tx)));
  route(app, platform, g.putSettings, ({ actor, body }) => db.transaction((tx) => service.saveSettings(tx, actor, body)));
}
