import { AppError, api, bi } from '@citysafe/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import * as service from './scoring.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const fileError = (zh: string, en: string) => new AppError('VALIDATION', undefined, { fields: [{ field: 'file', message: bi(zh, en) }] });

/**
 * The one file of a multipart upload (field `file`). The parser's own errors carry no status and
 * are the client's fault (a body cut short), so 400; its limits (413) keep their status.
 */
async function uploadedFile(request: FastifyRequest): Promise<{ name: string; bytes: Buffer }> {
  if (!request.isMultipart())
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      bi('请以 multipart/form-data 上传，字段名 file', 'Upload as multipart/form-data with field `file`'),
    );
  const malformed = (err: unknown): never => {
    if (err instanceof Error && !('statusCode' in err))
      throw fileError('上传内容不完整或格式有误', 'The upload is incomplete or malformed');
    throw err;
  };
  const part = await request.file().catch(malformed);
  if (!part || part.fieldname !== 'file') throw fileError('缺少文件（字段名 file）', 'File missing (field `file`)');
  return { name: part.filename, bytes: await part.toBuffer().catch(malformed) };
}

export function scoringRoutes(app: FastifyInstance, platform: Platform): void {
  const { db } = platform;
  const s = api.campaignScoring;
  route(app, platform, s.getScoring, ({ actor, params }) => service.getScoring(db, actor, params.id));
  route(app, platform, s.seedScoring, ({ actor, params }) => service.seedScoring(db, actor, params.id));
  route(app, platform, s.createScoringItem, ({ actor, params, body }) => service.createItem(db, actor, params.id, body));
  route(app, platform, s.updateScoringItem, ({ actor, params, body }) => service.updateItem(db, actor, params.id, body));
  route(app, platform, s.deleteScoringItem, ({ actor, params }) => service.deleteItem(db, actor, params.id));
  route(app, platform, s.linkScoringTasks, ({ actor, params, body }) => service.linkTasks(db, actor, params.id, body));
  route(app, platform, s.scoringXlsx, async ({ actor, params, reply }) => {
    const { name, bytes } = await service.exportScoring(db, actor, params.id);
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(bytes);
  });
  route(app, platform, s.importScoring, async ({ actor, params, request }) => {
    const file = await uploadedFile(request);
    return service.importScoring(db, actor, params.id, file.name, file.bytes);
  });
  route(app, platform, s.listFindings, ({ actor, params, query }) => service.listFindings(db, actor, params.id, query));
  route(app, platform, s.createFinding, ({ actor, params, body }) => service.createFinding(db, actor, params.id, body));
  route(app, platform, s.findingAction, ({ actor, params, body }) =>
    service.performFindingAction(db, actor, params.id, params.action, body),
  );
}
