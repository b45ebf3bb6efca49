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
    if (error instanceof AppError) {
      if (error.status === 503) reply.header('retry-after', String(retryAfterSeconds(error)));
      return reply.status(error.status).send(error.toBody());
    }
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
    if (database) {
      if (database.status === 503) {
        request.log.warn({ err: error }, 'database unavailable');
        reply.header('retry-after', String(retryAfterSeconds(database)));
      }
      return reply.status(database.status).send(database.toBody());
    }
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

/** How long a client should wait before retrying a 503 when the error does not say (`details.retryAfterSeconds`). */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

function retryAfterSeconds(error: AppError): number {
  const seconds = error.details?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : DEFAULT_RETRY_AFTER_SECONDS;
}

/** The 503 of a database that cannot be reached (restarting, failing over, network down). */
export const databaseUnavailable = (): AppError =>
  new AppError('UNAVAILABLE', bi('数据库暂时无法连接，请稍后重试', 'The database cannot be reached for the moment; retry shortly'), {
    details: { reason: 'database', retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS },
  });

/** Node's socket errors that mean the database is out of reach, not that the request is wrong. */
const connectionErrnos = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * node-postgres reports a lost or refused connection by message only (no code): the connection
 * ended under a query, the pool's connect timed out, or a query went to a client whose connection
 * had already failed (drizzle's ROLLBACK after the connection died in a transaction).
 */
const connectionMessages = /^Connection terminated|timeout exceeded when trying to connect|is not queryable/;

/**
 * Whether an error (or anything in its `cause` chain, or an AggregateError's members) says that
 * the database cannot be reached: SQLSTATE class 08 (connection exception), 57P01–57P03 (the
 * server shutting down, crashed, or not yet accepting connections), a socket error or pg's
 * connection messages. Such a request may be retried once the database is back.
 */
export function isConnectionError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[123]$/.test(code) || connectionErrnos.has(code))) return true;
  if (typeof message === 'string' && connectionMessages.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isConnectionError(inner, depth + 1))) return true;
  return isConnectionError(cause, depth + 1);
}

/**
 * Database refusals that are the request's fault, not the server's: a unique key taken by a
 * concurrent request (409), a value the column cannot hold (400), a reference to a row that does
 * not exist (400). Both engines report the SQLSTATE in `code`. A database out of reach is a 503
 * that the client retries after `Retry-After`.
 */
function databaseError(error: unknown): AppError | null {
  if (isConnectionError(error)) return databaseUnavailable();
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

/**
 * The path of the first string holding a NUL character, which no PostgreSQL text column accepts.
 * Walked with a stack rather than by recursion, so that no shape of input can exhaust the call
 * stack (the JSON parser bounds the depth too, see `registerJsonParser`).
 */
export function findNul(value: unknown, path = ''): string | null {
  const pending: [unknown, string][] = [[value, path]];
  while (pending.length > 0) {
    const [current, at] = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return at;
    } else if (current && typeof current === 'object') {
      const entries = Object.entries(current);
      // Pushed in reverse so that the first field is looked at first, as a reader would.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, inner] = entries[i]!;
        pending.push([inner, at ? `${at}.${key}` : key]);
      }
    }
  }
  return null;
}

/** How deeply a request's JSON may nest objects and arrays; the API's own bodies need fewer than ten levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests objects and arrays deeper than `max`, found by one pass over the
 * characters (brackets inside strings do not count) before anything parses or walks it.
 */
export function jsonDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character, a quote included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * The JSON body parser: Fastify's own (which refuses `__proto__` keys), behind a depth limit, so a
 * body nested thousands deep is a 400 JSON_TOO_DEEP before it is parsed, and never reaches a
 * recursive walk (validation, the NUL check) that would overflow the stack and answer 500. The
 * size is bounded by the app's `bodyLimit` (413).
 */
export function registerJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, raw, done) => {
    const body = raw as string;
    if (jsonDeeperThan(body, MAX_JSON_DEPTH)) {
      done(
        new AppError(
          'JSON_TOO_DEEP',
          bi(
            `请求的 JSON 嵌套超过 ${MAX_JSON_DEPTH} 层，请检查请求内容`,
            `The JSON of the request nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
          ),
          { details: { maxDepth: MAX_JSON_DEPTH } },
        ),
        undefined,
      );
      return;
    }
    // Fastify's parser answers through `done`; it returns nothing to wait for.
    void parse(request, body, done);
  });
}
