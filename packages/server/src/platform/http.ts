import { AppError, type Bilingual, bi, type ErrorBody, type FieldError } from '@citysafe/domain';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uploadRules } from './files.js';

const zh = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;

type Issue = Parameters<typeof zh>[0];

function localeText(map: typeof zh, issue: Issue): string | undefined {
  const r = map(issue);
  return typeof r === 'string' ? r : r?.message;
}

/**
 * Both languages for one zod issue. A message the schema wrote itself ("中文 / English") is split;
 * zod's own messages are rendered in each locale.
 */
export function issueMessage(issue: Issue & { message?: string }): Bilingual {
  const enDefault = localeText(en, issue);
  if (issue.message && issue.message !== enDefault) {
    const [zhPart, enPart] = issue.message.split(' / ');
    return bi(zhPart!, enPart ?? zhPart!);
  }
  return bi(localeText(zh, issue) ?? issue.message ?? '输入有误', enDefault ?? issue.message ?? 'Invalid input');
}

const contextNames: Record<string, string> = { body: '', querystring: 'query.', params: 'params.', headers: 'headers.' };

/**
 * Maps every error to the typed body and status of architecture rule 4, in one place. A 413 names
 * the configured upload limit (`maxUploadBytes`), so that people know what size would pass.
 */
export function registerErrorHandling(app: FastifyInstance, { maxUploadBytes }: { maxUploadBytes: number }): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return reply.status(error.status).send(error.toBody());
    if (hasZodFastifySchemaValidationErrors(error)) {
      const prefix = contextNames[error.validationContext ?? 'body'] ?? '';
      const fields: FieldError[] = error.validation.map((v) => ({
        field:
          prefix +
          String(v.instancePath ?? '')
            .replace(/^\//, '')
            .replaceAll('/', '.'),
        message: issueMessage({ ...v.params, code: v.keyword, message: v.message, path: [] } as unknown as Issue),
      }));
      return reply.status(400).send(new AppError('VALIDATION', undefined, { fields }).toBody());
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause?.issues }, 'response does not match its schema');
      return reply.status(500).send(new AppError('INTERNAL').toBody());
    }
    const database = databaseError(error);
    if (database) return reply.status(database.status).send(database.toBody());
    const status = error.statusCode ?? 500;
    const byStatus: Record<number, AppError> = {
      400: new AppError('VALIDATION', bi(`请求格式有误：${error.message}`, `Malformed request: ${error.message}`)),
      404: new AppError('NOT_FOUND'),
      406: new AppError('VALIDATION', bi('不支持的 Accept 头', 'Unsupported Accept header')),
      413:
        error.code === 'FST_REQ_FILE_TOO_LARGE'
          ? new AppError(
              'PAYLOAD_TOO_LARGE',
              bi(`文件过大。${uploadRules(maxUploadBytes).zh}`, `File too large. ${uploadRules(maxUploadBytes).en}`),
            )
          : new AppError('PAYLOAD_TOO_LARGE'),
      415: new AppError('UNSUPPORTED_MEDIA_TYPE', bi('不支持的 Content-Type', 'Unsupported Content-Type')),
      429: new AppError('RATE_LIMITED'),
    };
    const mapped =
      byStatus[status] ?? (status >= 400 && status < 500 ? new AppError('VALIDATION', bi(error.message, error.message)) : null);
    if (mapped) return reply.status(status).send(mapped.toBody());
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(new AppError('INTERNAL').toBody());
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = new AppError(
      'NOT_FOUND',
      bi(`没有此地址：${request.method} ${request.url}`, `No such route: ${request.method} ${request.url}`),
    ).toBody();
    reply.status(404).send(body);
  });
}

/**
 * Database refusals that are the request's fault, not the server's: a unique key taken by a
 * concurrent request (409), a value the column cannot hold (400), a reference to a row that does
 * not exist (400). Both engines report the SQLSTATE in `code`.
 */
function databaseError(error: unknown): AppError | null {
  // drizzle wraps the driver's error; the SQLSTATE is on the original.
  const original = (error as { cause?: unknown }).cause ?? error;
  const code = (original as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return null;
  if (code === '23505')
    return new AppError(
      'CONFLICT',
      bi('数据已存在（可能刚被他人提交），请刷新后重试', 'Already exists (perhaps just submitted by someone else); reload and retry'),
    );
  if (code === '23503') return new AppError('VALIDATION', bi('引用的数据不存在', 'A referenced record does not exist'));
  if (code.startsWith('22')) return new AppError('VALIDATION', bi('数据格式或取值超出允许范围', 'A value is malformed or out of range'));
  return null;
}

/** The path of the first string holding a NUL character, which no PostgreSQL text column accepts. */
export function findNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = findNul(inner, path ? `${path}.${key}` : key);
      if (found !== null) return found;
    }
  }
  return null;
}
