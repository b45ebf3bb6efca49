import { AppError, bi, type Endpoint, type EndpointOutput, fieldError, type RequestPart } from '@citysafe/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { type Actor, can } from './actor.js';
import { authenticate, safeEqual } from './auth.js';
import { findNul } from './http.js';
import type { Platform } from './platform.js';
import { acceptedEncoding, COMPRESS_ABOVE_BYTES, PreparedJson } from './compression.js';
import { stampedCacheOf } from './stamped.js';
import { readUpload, type Upload } from './transfer.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** Every route declares who may call it; a test walks the route table to enforce it. */
    permission?: Endpoint['permission'];
    /** Routes a user who must change their password may still call. */
    allowWithPendingPasswordChange?: boolean;
    /** The contract the route serves, from which the OpenAPI document describes it. */
    endpoint?: Endpoint;
  }
}

export interface RouteContext<E extends Endpoint> {
  request: FastifyRequest;
  reply: FastifyReply;
  actor: Actor;
  platform: Platform;
  params: RequestPart<E, 'params'>;
  query: RequestPart<E, 'query'>;
  body: RequestPart<E, 'body'>;
  /** Reads the uploaded file of an endpoint that declares `upload`, checked as it declares. */
  upload: E extends { upload: object } ? () => Promise<Upload> : undefined;
  /** Answers with another success status the endpoint declares (`alsoStatus`) instead of its `status`. */
  status: (code: AlsoStatus<E>) => void;
}

/** The extra success statuses an endpoint declares. */
type AlsoStatus<E extends Endpoint> = E extends { alsoStatus: readonly (infer S extends number)[] } ? S : never;

/** Every success status of an endpoint: its own, then the others it declares. */
export const successStatuses = (e: Endpoint): number[] => [...new Set([e.status ?? 200, ...(e.alsoStatus ?? [])])];

type Result<E extends Endpoint> = EndpointOutput<E>;

/**
 * An answer read under a stamp the database moves whenever what it shows changes (`platform/stamped.ts`): while the
 * stamp is the same, the JSON serialized — and compressed — for an earlier request is sent again, without `read`.
 * The route reads the stamp with the caller's scope check first, so a hit never skips an authorization. `key` names
 * what varies within the route (the object, the query); the answer must not vary by caller.
 */
export class StampedAnswer<T> {
  constructor(
    readonly key: string,
    readonly stamp: string,
    readonly read: () => Promise<T>,
  ) {}
}

/** Kept serialized answers: 64 MiB at most, the least recently used leaving first. */
const STAMPED_ANSWERS_BUDGET_BYTES = 64 * 1024 * 1024;

async function sendStamped(platform: Platform, request: FastifyRequest, reply: FastifyReply, answer: StampedAnswer<unknown>) {
  const cache = stampedCacheOf<PreparedJson>(platform.db, 'answers', STAMPED_ANSWERS_BUDGET_BYTES, (body) => body.size);
  const key = `${request.method} ${request.routeOptions.url} ${reply.statusCode} ${answer.key}`;
  // The route's own serializer for the status: only the contract's fields, as for any other answer.
  const body = await cache.get(key, answer.stamp, async () => new PreparedJson(reply.serialize(await answer.read()) as string));
  reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
  const encoding = body.bytes.length >= COMPRESS_ABOVE_BYTES ? acceptedEncoding(request.headers['accept-encoding']) : null;
  // A content-encoding already set tells the compression plugin to leave the body alone.
  if (encoding) return reply.header('content-encoding', encoding).send(body.as(encoding));
  return reply.send(body.bytes);
}

export interface RouteOptionsExtra {
  /** Requests per minute per address; public endpoints and login use it. */
  rateLimit?: number;
  allowWithPendingPasswordChange?: boolean;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Registers one endpoint as a pipeline: authenticate → check the role's permission (401/403) →
 * CSRF for cookie writes → validate (400, by the endpoint's zod schemas) → handler, which calls
 * the service that authorizes the object and does the work. Handlers hold no rules and no SQL.
 */
export function route<E extends Endpoint>(
  app: FastifyInstance,
  platform: Platform,
  e: E,
  handler: (ctx: RouteContext<E>) => Promise<Result<E> | StampedAnswer<Result<E>>>,
  extra: RouteOptionsExtra = {},
): void {
  const options: RouteOptions = {
    method: e.method,
    url: e.path,
    // Validation and serialisation; the OpenAPI document adds the rest from `config.endpoint`.
    schema: {
      summary: e.summary,
      tags: e.tags,
      ...(e.params ? { params: e.params } : {}),
      ...(e.query ? { querystring: e.query } : {}),
      ...(e.body ? { body: e.body } : {}),
      // Each success status gets the response's compiled serializer: only the contract's fields leave the server.
      ...(e.response ? { response: Object.fromEntries(successStatuses(e).map((code) => [code, e.response])) } : {}),
    },
    config: {
      endpoint: e,
      permission: e.permission,
      allowWithPendingPasswordChange: extra.allowWithPendingPasswordChange ?? false,
      ...(extra.rateLimit ? { rateLimit: { max: extra.rateLimit, timeWindow: '1 minute' } } : {}),
    },
    preValidation: async (request) => {
      const actor = await authenticate(platform.db, platform.config, request);
      request.actor = actor;
      if (e.permission === 'public') return;
      if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED');
      if (actor.mustChangePassword && !extra.allowWithPendingPasswordChange) throw new AppError('PASSWORD_CHANGE_REQUIRED');
      if (e.permission === 'authenticated' && actor.via === 'token') {
        // A token carries a list of actions; routes open to any logged-in person (one's inbox,
        // one's password) are for people, not for systems holding a token.
        throw new AppError('FORBIDDEN', bi('接口令牌不能调用此接口', 'API tokens cannot call this endpoint'));
      }
      if (e.permission !== 'authenticated' && !can(actor, e.permission)) throw new AppError('FORBIDDEN');
      if (actor.via === 'session' && !safeMethods.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !actor.csrfToken || !safeEqual(sent, actor.csrfToken)) throw new AppError('CSRF');
      }
      const nul = findNul(request.body) ?? findNul(request.query, 'query');
      if (nul !== null) throw fieldError(nul, '不能包含空字符（\\0）', 'must not contain NUL characters');
    },
    handler: async (request, reply) => {
      let chosen: number | undefined;
      const result = await handler({
        request,
        reply,
        actor: request.actor,
        platform,
        params: request.params as RequestPart<E, 'params'>,
        query: request.query as RequestPart<E, 'query'>,
        body: request.body as RequestPart<E, 'body'>,
        upload: (e.upload
          ? () =>
              readUpload(request, {
                maxBytes: platform.config.files.maxBytes,
                accept: e.upload?.accept,
                archive: platform.config.imports.archive,
              })
          : undefined) as RouteContext<E>['upload'],
        status: (code) => {
          chosen = code;
        },
      });
      if (reply.sent) return reply;
      reply.status(chosen ?? e.status ?? 200);
      if (result instanceof StampedAnswer) return sendStamped(platform, request, reply, result);
      return result;
    },
  };
  app.route(options);
}
