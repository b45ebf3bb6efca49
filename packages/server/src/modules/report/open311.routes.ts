import { api, type ErrorBody, report as domain } from '@citysafe/domain';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anonymous } from '../../platform/actor.js';
import type { Platform } from '../../platform/platform.js';
import { route } from '../../platform/route.js';
import {
  createOpen311Client,
  listOpen311Clients,
  Open311Failure,
  open311Request,
  open311Requests,
  open311ServiceDefinition,
  open311Services,
  open311Submit,
  open311Token,
  revokeOpen311Client,
} from './open311.service.js';

/** Where GeoReport v2 is served: outside /api, in the spec's documents rather than the platform's JSON contract. */
export const OPEN311_BASE = '/open311/v2';

const isFormat = (f: unknown): f is domain.Open311Format => f === 'json' || f === 'xml';

/** The format a request asked for, also when it failed before its route ran (a path ending in `.xml`). */
function formatOf(request: FastifyRequest): domain.Open311Format {
  const asked = (request.params as { format?: string } | undefined)?.format;
  if (isFormat(asked)) return asked;
  return /\.xml$/.test(request.url.split('?')[0]!) ? 'xml' : 'json';
}

/** A document in the asked format: JSON as the value, XML under the spec's root element. */
function send(reply: FastifyReply, format: domain.Open311Format, root: string, value: unknown) {
  return reply.type(domain.open311ContentType[format]).send(format === 'json' ? JSON.stringify(value) : domain.open311Xml(root, value));
}

/** The format of a route's path, or 404: `/services.csv` is a resource that does not exist. */
function formatParam(request: FastifyRequest): domain.Open311Format {
  const { format } = request.params as { format: string };
  if (!isFormat(format)) throw new Open311Failure(404, [{ code: 404, description: `format .${format} is not served; use .json or .xml` }]);
  return format;
}

/** The platform's error body (an AppError's) as the spec's `errors`: one error per named field, else the message. */
function errorsOfBody(status: number, body: ErrorBody): domain.Open311Error[] {
  const { error } = body;
  return error.fields?.length
    ? error.fields.map((f) => ({ code: status, description: `${f.field}: ${f.message.en} / ${f.message.zh}` }))
    : [{ code: status, description: `${error.message.en} / ${error.message.zh}` }];
}

/**
 * Every GeoReport route is public (the POST checks its `api_key` itself, as the spec asks: 403), and outside the
 * OpenAPI document, which describes the platform's JSON contract under /api (the spec is GeoReport's own document).
 */
const publicRoute = { config: { permission: 'public' as const }, schema: { hide: true } };

/** The query string's arguments as text: an argument declared twice is the spec's comma list. */
const queryText = (query: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries((query ?? {}) as Record<string, string | string[]>).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
  );

/**
 * Open311 GeoReport v2 (standards.md §1) under /open311/v2, in its own encapsulated scope: the spec's form-encoded
 * POST bodies, its `errors` documents for every failure, and a 404 document for any other path under it (rather
 * than the web app). `jurisdiction_id` is accepted and ignored: this endpoint serves one district.
 */
async function georeport(scope: FastifyInstance, platform: Platform) {
  // Our refusals as they are; everything else (an AppError, a full PGlite queue, the database away, the rate
  // limit, a malformed body, a bug) goes to the platform's handler, which knows its status, Retry-After and
  // logging; its body is rewritten into the spec's `errors` document below.
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof Open311Failure)
      return send(reply.status(error.status), formatOf(request), domain.open311Roots.errors, error.errors);
    throw error;
  });
  scope.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode < 400 || typeof payload !== 'string' || !payload.startsWith('{"error":')) return payload;
    const format = formatOf(request);
    reply.type(domain.open311ContentType[format]);
    const errors = errorsOfBody(reply.statusCode, JSON.parse(payload) as ErrorBody);
    return format === 'json' ? JSON.stringify(errors) : domain.open311Xml(domain.open311Roots.errors, errors);
  });
  // Any other path under /open311/v2: a 404 document, not the web app that the platform's `/*` would send.
  scope.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/*',
    ...publicRoute,
    handler: async (request, reply) =>
      send(reply.status(404), formatOf(request), domain.open311Roots.errors, [
        { code: 404, description: `No such resource: ${request.method} ${request.url.split('?')[0]}` },
      ]),
  });

  // The spec's POST body; a body of another type reaches the handler as something else and is refused there.
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) =>
    done(null, new URLSearchParams(body as string)),
  );

  const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

  scope.get('/discovery.:format', publicRoute, async (request, reply) =>
    send(reply, formatParam(request), domain.open311Roots.discovery, domain.open311Discovery(`${origin(request)}${OPEN311_BASE}`)),
  );

  scope.get('/services.:format', publicRoute, async (request, reply) => {
    const format = formatParam(request);
    return send(reply, format, domain.open311Roots.services, await open311Services(platform.db));
  });

  scope.get('/services/:service_code.:format', publicRoute, async (request, reply) => {
    const format = formatParam(request);
    const { service_code } = request.params as { service_code: string };
    return send(reply, format, domain.open311Roots.serviceDefinition, await open311ServiceDefinition(platform.db, service_code));
  });

  scope.get('/requests.:format', publicRoute, async (request, reply) => {
    const format = formatParam(request);
    return send(reply, format, domain.open311Roots.requests, await open311Requests(platform.db, queryText(request.query)));
  });

  scope.post(
    '/requests.:format',
    { ...publicRoute, config: { ...publicRoute.config, rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const format = formatParam(request);
      if (!(request.body instanceof URLSearchParams)) {
        throw new Open311Failure(400, [{ code: 400, description: 'send the request as application/x-www-form-urlencoded; charset=utf-8' }]);
      }
      const created = await open311Submit(platform.db, anonymous(request.ip), request.body);
      return send(reply.status(201), format, domain.open311Roots.requests, created);
    },
  );

  scope.get('/requests/:service_request_id.:format', publicRoute, async (request, reply) => {
    const format = formatParam(request);
    const { service_request_id } = request.params as { service_request_id: string };
    return send(reply, format, domain.open311Roots.requests, await open311Request(platform.db, service_request_id));
  });

  scope.get('/tokens/:token_id.:format', publicRoute, async (request, reply) => {
    const format = formatParam(request);
    const { token_id } = request.params as { token_id: string };
    return send(reply, format, domain.open311Roots.requests, await open311Token(platform.db, token_id));
  });
}

/** The Open311 API keys under /api (report.manage), and GeoReport v2 itself under /open311/v2. */
export function open311Routes(app: FastifyInstance, platform: Platform): void {
  route(app, platform, api.open311.listOpen311Clients, ({ query }) => listOpen311Clients(platform.db, query));
  route(app, platform, api.open311.createOpen311Client, ({ actor, body }) => createOpen311Client(platform.db, actor, body));
  route(app, platform, api.open311.revokeOpen311Client, async ({ actor, params }) => {
    await revokeOpen311Client(platform.db, actor, params.id);
    return { ok: true as const };
  });
  app.register((scope) => georeport(scope, platform), { prefix: OPEN311_BASE });
}
