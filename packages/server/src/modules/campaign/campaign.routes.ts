import { api, mediaType } from '@citysafe/domain';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import { sendDownload } from '../../platform/transfer.js';
import { assessment } from './campaign.assessment.js';
import { supervisionNotice } from './campaign.documents.js';
import { draftBulletinDocument, issueBulletin, issuedBulletinDocument, listBulletins } from './campaign.bulletins.js';
import { evidenceArchive } from './campaign.evidence.js';
import { ledgerWorkbook } from './campaign.ledger.js';
import * as service from './campaign.service.js';
import * as supervision from './supervision.service.js';

/** Sends a generated office document as a download named in Chinese. */
const download = (reply: FastifyReply, type: string, doc: { name: string; bytes: Buffer }) =>
  sendDownload(reply, { name: doc.name, type, body: doc.bytes });

export function campaignRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const c = api.campaign;
  route(app, platform, c.listCampaigns, ({ actor, query }) => service.listCampaigns(db, actor, query));
  route(app, platform, c.createCampaign, ({ actor, body }) => service.createCampaign(platform, actor, body));
  route(app, platform, c.getCampaign, ({ actor, params }) => service.getCampaign(db, actor, params.id));
  route(app, platform, c.listTasks, ({ actor, params, query }) => service.listTasks(db, actor, params.id, query));
  route(app, platform, c.getSchedule, ({ actor, params }) => service.getSchedule(db, actor, params.id));
  route(app, platform, c.confirmFlag, ({ actor, params, body }) => service.confirmFlag(db, actor, params.id, body));
  route(app, platform, c.getTask, ({ actor, params }) => service.getTask(db, actor, params.id));
  route(app, platform, c.assignmentAction, ({ actor, params, body }) =>
    service.performAssignmentAction(platform, actor, params.id, params.action, body),
  );
  route(app, platform, c.requestExtension, ({ actor, params, body }) => service.requestExtension(platform, actor, params.id, body));
  route(app, platform, c.extensionAction, ({ actor, params, body }) =>
    service.performExtensionAction(platform, actor, params.id, params.action, body),
  );
  route(app, platform, c.ledgerXlsx, async ({ actor, params, reply }) =>
    download(reply, mediaType.xlsx, await ledgerWorkbook(db, actor, params.id)),
  );
  route(app, platform, c.evidenceZip, async ({ actor, params, query, reply }) => {
    const archive = await evidenceArchive(platform, actor, params.id, query);
    // A client that goes away stops the archive: no more stored files are opened for it.
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) archive.stop();
    });
    return sendDownload(reply, { name: archive.name, type: mediaType.zip, body: archive.stream });
  });

  route(app, platform, c.listSupervisions, ({ actor, params, query }) => supervision.listSupervisions(db, actor, params.id, query));
  route(app, platform, c.issueSupervision, ({ actor, params, body }) => supervision.issueSupervision(platform, actor, params.id, body));
  route(app, platform, c.getSupervision, ({ actor, params }) => supervision.getSupervision(db, actor, params.id));
  route(app, platform, c.supervisionAction, ({ actor, params, body }) =>
    supervision.performSupervisionAction(platform, actor, params.id, params.action, body),
  );
  route(app, platform, c.supervisionDocx, async ({ actor, params, reply }) =>
    download(reply, mediaType.docx, await supervisionNotice(db, actor, params.id)),
  );
  route(app, platform, c.bulletinDocx, async ({ actor, params, reply }) =>
    download(reply, mediaType.docx, await draftBulletinDocument(db, actor, params.id)),
  );
  route(app, platform, c.issueBulletin, ({ actor, params, body }) => issueBulletin(db, actor, params.id, body));
  route(app, platform, c.listBulletins, ({ actor, params, query }) => listBulletins(db, actor, params.id, query));
  route(app, platform, c.issuedBulletinDocx, async ({ actor, params, reply }) =>
    download(reply, mediaType.docx, await issuedBulletinDocument(db, actor, params.id)),
  );
  route(app, platform, c.getAssessment, ({ actor, params }) => assessment(db, actor, params.id));
}
