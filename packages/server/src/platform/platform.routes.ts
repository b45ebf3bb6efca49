import { api, mediaType } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import { auditFilterLabels, auditWorkbook, listAudit } from './audit.js';
import { verifyAudit } from './audit-checkpoint.js';
import { databaseReachable, postgisVersion } from './db.js';
import { findReadableFile, presentFile, sendStoredFile, storeFile } from './files.service.js';
import { platformHealth } from './health-widget.js';
import { findBasemap } from './pmtiles.js';
import type { Platform } from './platform.js';
import { route } from './route.js';
import { sendDownload } from './transfer.js';

export const VERSION = '0.1.0';

export function platformRoutes(app: FastifyInstance, platform: Platform): void {
  const { db, config } = platform;

  route(
    app,
    platform,
    api.health,
    async ({ reply }) => {
      const kind = platform.database.kind;
      if (!(await databaseReachable(db))) {
        // Load balancers and monitors read the status code: take this node out until the database is back.
        const down = { status: 'down' as const, database: kind, postgis: null, version: VERSION };
        await reply.status(503).header('retry-after', '5').send(down);
        return down;
      }
      const postgis = await postgisVersion(db);
      return { status: postgis ? ('ok' as const) : ('degraded' as const), database: kind, postgis, version: VERSION };
    },
    { rateLimit: config.publicRateLimit },
  );

  route(
    app,
    platform,
    api.clientConfig,
    async () => ({
      map: {
        tileUrl: config.map.tileUrl,
        tileCrs: config.map.tileCrs,
        attribution: config.map.attribution,
        center: [109.06, 34.37] as [number, number],
        zoom: 12,
        basemap: await findBasemap(config),
      },
      districtName: '西安国际港务区',
      passwordPolicySource: config.passwordPolicy.source,
    }),
    { rateLimit: config.publicRateLimit },
  );

  route(app, platform, api.platformHealth, () => platformHealth(platform));

  route(app, platform, api.listAudit, ({ actor, query }) => listAudit(db, actor, platform.auditView, query));
  route(app, platform, api.auditLabels, async () => auditFilterLabels(platform.auditView));
  route(app, platform, api.auditXlsx, async ({ actor, query, reply }) => {
    const { name, bytes } = await auditWorkbook(db, actor, platform.auditView, query);
    return sendDownload(reply, { name, type: mediaType.xlsx, body: bytes });
  });
  route(app, platform, api.verifyAudit, () => verifyAudit(db, platform.config));

  route(app, platform, api.uploadFile, async ({ actor, upload }) => {
    const file = await upload();
    return storeFile(platform, actor, file.name, file.bytes);
  });
  route(app, platform, api.getFileMeta, async ({ actor, params }) => presentFile(await findReadableFile(db, actor, params.id)));
  route(app, platform, api.downloadFile, async ({ actor, params, reply }) => {
    return sendStoredFile(platform, reply, await findReadableFile(db, actor, params.id));
  });
}
