import { AppError, api, bi, monitoring } from '@citysafe/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import {
  createWarning,
  editWarning,
  getWarning,
  importWarning,
  listPublicWarnings,
  listWarnings,
  performWarningAction,
  publicWarningCap,
  publicWarningsAtom,
  saveWarningSettings,
  warningSettings,
} from './warning.service.js';
import { createCapFeed, deleteCapFeed, importCapFeed, listCapFeeds } from './warning-feeds.service.js';

const fileError = (zh: string, en: string) => new AppError('VALIDATION', undefined, { fields: [{ field: 'file', message: bi(zh, en) }] });

/**
 * The CAP file of an import, read here rather than by the platform's `readUpload`: XML has no magic bytes the
 * attachment checks know, and it is not an attachment that is kept — it must decode as UTF-8 text and then parse as
 * CAP (`readCap`), which is its type check. The multipart plugin's size limit applies; the reader refuses over 1 MB.
 */
async function capUpload(request: FastifyRequest): Promise<string> {
  if (!request.isMultipart())
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      bi('请以 multipart/form-data 上传，字段名 file', 'Upload as multipart/form-data with field `file`'),
    );
  const part = await request.file().catch(() => {
    throw fileError('上传内容不完整或格式有误', 'The upload is incomplete or malformed');
  });
  if (!part || part.fieldname !== 'file') throw fileError('缺少文件（字段名 file）', 'File missing (field `file`)');
  const bytes = await part.toBuffer();
  if (bytes.length === 0) throw fileError('文件为空', 'The file is empty');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fileError('CAP 文件须为 UTF-8 编码的 XML', 'A CAP file must be UTF-8 encoded XML');
  }
}

/** 预警发布: the office's warnings and their workflow, the settings, and the public page's JSON, CAP and Atom. */
export function warningRoutes(app: FastifyInstance, platform: Platform): void {
  const c = api.monitoringWarnings;
  route(app, platform, c.listWarnings, ({ actor, query }) => listWarnings(platform, actor, query));
  route(app, platform, c.createWarning, ({ actor, body }) => createWarning(platform, actor, body));
  route(app, platform, c.importWarning, async ({ actor, request }) => importWarning(platform, actor, await capUpload(request)));
  route(app, platform, c.getWarningSettings, () => warningSettings(platform.db));
  route(app, platform, c.putWarningSettings, ({ actor, body }) => saveWarningSettings(platform, actor, body));
  route(app, platform, c.listCapFeeds, () => listCapFeeds(platform));
  route(app, platform, c.createCapFeed, ({ actor, body }) => createCapFeed(platform, actor, body));
  route(app, platform, c.deleteCapFeed, ({ actor, params }) => deleteCapFeed(platform, actor, params.id));
  route(app, platform, c.importCapFeed, ({ actor, params }) => importCapFeed(platform, actor, params.id));
  route(app, platform, c.getWarning, ({ actor, params }) => getWarning(platform, actor, params.id));
  route(app, platform, c.updateWarning, ({ actor, params, body }) => editWarning(platform, actor, params.id, body));
  route(app, platform, c.warningAction, ({ actor, params, body }) => performWarningAction(platform, actor, params.id, params.action, body));
  route(app, platform, c.listPublicWarnings, () => listPublicWarnings(platform), { rateLimit: platform.config.publicRateLimit });
  route(
    app,
    platform,
    c.publicWarningCap,
    async ({ params, reply }) => {
      const xml = await publicWarningCap(platform, params.id);
      return reply
        .header('content-type', `${monitoring.capMediaType}; charset=utf-8`)
        .header('x-content-type-options', 'nosniff')
        .send(xml);
    },
    { rateLimit: platform.config.publicRateLimit },
  );
  route(
    app,
    platform,
    c.publicWarningsAtom,
    async ({ reply }) =>
      reply
        .header('content-type', 'application/atom+xml; charset=utf-8')
        .header('x-content-type-options', 'nosniff')
        .send(await publicWarningsAtom(platform)),
    { rateLimit: platform.config.publicRateLimit },
  );
}
