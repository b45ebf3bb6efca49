import { AppError, api, bi } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import { listAudit, verifyAuditChain } from './audit.js';
import { postgisVersion } from './db.js';
import { findReadableFile, presentFile, storeFile } from './files.service.js';
import type { Platform } from './platform.js';
import { route } from './route.js';

export const VERSION = '0.1.0';

/**
 * The multipart parser's own errors (a body cut short, a broken part header) carry no HTTP status;
 * they are the client's fault, so 400 rather than 500. Limits (413) keep their status.
 */
function malformedUpload(err: unknown): never {
  if (err instanceof Error && !('statusCode' in err)) {
    throw new AppError('VALIDATION', bi(`上传内容格式有误：${err.message}`, `Malformed upload: ${err.message}`), {
      fields: [{ field: 'file', message: bi('上传内容不完整或格式有误', 'The upload is incomplete or malformed') }],
    });
  }
  throw err;
}

export function platformRoutes(app: FastifyInstance, platform: Platform): void {
  const { db, config } = platform;

  route(
    app,
    platform,
    api.health,
    async () => {
      const postgis = await postgisVersion(db);
      return { status: postgis ? ('ok' as const) : ('degraded' as const), database: platform.database.kind, postgis, version: VERSION };
    },
    { rateLimit: config.publicRateLimit },
  );

  route(
    app,
    platform,
    api.clientConfig,
    async () => ({
      map: { ...config.map, center: [109.06, 34.37] as [number, number], zoom: 12 },
      districtName: '西安国际港务区',
      passwordPolicySource: config.passwordPolicy.source,
    }),
    { rateLimit: config.publicRateLimit },
  );

  route(app, platform, api.listAudit, ({ actor, query }) => listAudit(db, actor, query));
  route(app, platform, api.verifyAudit, () => verifyAuditChain(db));

  route(app, platform, api.uploadFile, async ({ request, actor }) => {
    if (!request.isMultipart())
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        bi('请以 multipart/form-data 上传，字段名 file', 'Upload as multipart/form-data with field `file`'),
      );
    const part = await request.file().catch(malformedUpload);
    if (!part || part.fieldname !== 'file')
      throw new AppError('VALIDATION', undefined, { fields: [{ field: 'file', message: bi('缺少文件', 'File missing') }] });
    const bytes = await part.toBuffer().catch(malformedUpload);
    return storeFile(platform, actor, part.filename, bytes);
  });
  route(app, platform, api.getFileMeta, async ({ actor, params }) => presentFile(await findReadableFile(db, actor, params.id)));
  route(app, platform, api.downloadFile, async ({ actor, params, reply }) => {
    const file = await findReadableFile(db, actor, params.id);
    const stream = await platform.files.get(file.storageKey);
    reply
      .header('content-type', file.mimeType)
      .header('content-length', String(file.sizeBytes))
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('x-content-type-options', 'nosniff');
    return reply.send(stream);
  });
}
