import { api, mediaType } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sendDownload } from '../../platform/transfer.js';
import { generateWhitePaper, listWhitePapers, whitePaperDocument } from './white-paper.js';

/** 城市安全风险白皮书: the editions, generating the next, and each as issued. */
export function whitePaperRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const w = api.riskWhitePaper;
  route(app, platform, w.listWhitePapers, ({ actor, query }) => listWhitePapers(db, actor, query));
  route(app, platform, w.generateWhitePaper, ({ actor }) => generateWhitePaper(platform, actor));
  route(app, platform, w.whitePaperDocx, async ({ actor, params, reply }) => {
    const doc = await whitePaperDocument(db, actor, params.id);
    return sendDownload(reply, { name: doc.name, type: mediaType.docx, body: doc.bytes });
  });
}
