import swagger, { type SwaggerTransform, type SwaggerTransformObject } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  domainModules,
  api,
  defaultErrorMessages,
  type Endpoint,
  endpointNames,
  type ErrorBody,
  type ErrorCode,
  errorStatus,
  mediaType,
  mediaTypeName,
} from '@citysafe/domain';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE } from './auth.js';
import { successStatuses } from './route.js';

const ERROR_SCHEMA = 'ErrorBody';
const errorRef = { $ref: `#/components/schemas/${ERROR_SCHEMA}` };

/** The body of every error response (`AppError.toBody()`), as a schema; the type check keeps the two alike. */
const errorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]),
    message: api.bilingual,
    fields: z.array(z.object({ field: z.string(), message: api.bilingual })).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
}) satisfies z.ZodType<ErrorBody>;

/** How a caller proves who they are. A session's writes also carry the CSRF token the login returned. */
const securitySchemes = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: '登录会话（POST /api/auth/login 设置）/ The session cookie set by POST /api/auth/login',
  },
  csrf: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: '以会话调用的写操作须带登录时返回的 csrfToken / Writes made with a session carry the csrfToken the login returned',
  },
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: '接口令牌，供系统对接，只能执行令牌列出的操作 / An API token, for systems; it acts only through the actions it lists',
  },
} as const;

/** What each tag groups, as the modules describe them, in the order of the module list. */
const tagDescriptions: Record<string, string> = Object.fromEntries(
  domainModules.flatMap((m) => Object.entries(m.apiTags).map(([tag, d]) => [tag, `${d.zh} / ${d.en}`])),
);

/** The error body as JSON Schema, without the `$schema` line that a schema inside OpenAPI does not carry. */
function errorBodySchema(): object {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(errorBody, { target: 'openapi-3.0', io: 'output' });
  return schema;
}

const writes = (e: Endpoint) => e.method !== 'GET';

/**
 * Who may call: nobody needs to prove anything for a public endpoint; one open to any logged-in
 * person takes a session only (tokens are for systems); the rest take a session or a token. A
 * session's writes add the CSRF header.
 */
function securityOf(e: Endpoint): Record<string, string[]>[] {
  if (e.permission === 'public') return [];
  const session: Record<string, string[]> = writes(e) ? { session: [], csrf: [] } : { session: [] };
  return e.permission === 'authenticated' ? [session] : [session, { bearer: [] }];
}

/** The errors a route can give: what the pipeline implies for its kind of route, plus what it declares. */
function errorCodesOf(e: Endpoint, route: Pick<RouteOptions, 'config'>): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  if (e.params || e.query || e.body || e.upload) codes.add('VALIDATION');
  if (e.body) codes.add('JSON_TOO_DEEP');
  if (e.permission !== 'public') {
    codes.add('UNAUTHENTICATED');
    codes.add('FORBIDDEN');
    if (!route.config?.allowWithPendingPasswordChange) codes.add('PASSWORD_CHANGE_REQUIRED');
    if (writes(e)) codes.add('CSRF');
  }
  if (e.path.includes('/:')) codes.add('NOT_FOUND');
  // A workflow action refuses a step its object's state does not allow, or that breaks a rule.
  if (e.path.endsWith('/actions/:action')) {
    codes.add('INVALID_TRANSITION');
    codes.add('RULE_VIOLATION');
  }
  if (e.upload) {
    codes.add('PAYLOAD_TOO_LARGE');
    codes.add('UNSUPPORTED_MEDIA_TYPE');
  }
  if (route.config?.rateLimit) codes.add('RATE_LIMITED');
  for (const code of e.errors ?? []) codes.add(code);
  return [...codes];
}

/** One response per status, each naming its codes and pointing at the one error body schema. */
function errorResponses(codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(errorStatus[code], [...(byStatus.get(errorStatus[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, of]) => [
      status,
      {
        description: of.map((code) => `\`${code}\`: ${defaultErrorMessages[code].zh} / ${defaultErrorMessages[code].en}`).join('; '),
        content: { 'application/json': { schema: errorRef } },
      },
    ]),
  );
}

const successDescription: Record<number, string> = { 200: '成功 / OK', 201: '已创建 / Created', 204: '成功，无内容 / No content' };

/**
 * The 2xx responses: the JSON body of the contract, or a file or stream of the media types it declares, under
 * each success status it answers with (its `status` and its `alsoStatus`).
 */
function successResponse(e: Endpoint, jsonSchema: unknown) {
  return Object.assign({}, ...successStatuses(e).map((status) => successResponseOf(e, status, jsonSchema))) as Record<number, unknown>;
}

function successResponseOf(e: Endpoint, status: number, jsonSchema: unknown) {
  const description = successDescription[status]!;
  if (e.produces) {
    const content = Object.fromEntries(
      e.produces.map((type) => [
        type,
        { schema: type === mediaType.eventStream ? { type: 'string' } : { type: 'string', format: 'binary' } },
      ]),
    );
    return { [status]: { description, content } };
  }
  if (jsonSchema !== undefined) return { [status]: { description, content: { 'application/json': { schema: jsonSchema } } } };
  return { [status]: { description, type: 'null' } };
}

/** The request body of an upload: one file in the multipart field `file`. */
function uploadBody(upload: NonNullable<Endpoint['upload']>) {
  const accept = upload.accept ?? [];
  const accepted = accept.map(mediaTypeName).join(', ');
  return {
    type: 'object',
    required: ['file'],
    properties: {
      file: {
        type: 'string',
        format: 'binary',
        description: accepted
          ? `类型按内容识别，须为 ${accepted} / Typed by its content, which must be ${accepted}`
          : '类型按内容识别：图片、PDF、Word、Excel、文本等 / Typed by its content: images, PDF, Word, Excel, text…',
      },
    },
  };
}

/**
 * Describes each route from the endpoint it serves (`config.endpoint`, set by `route()`): the zod
 * schemas as JSON Schema, then the operation id from the endpoint's name in `api`, who may call
 * it, the upload it takes, and every response it can give.
 */
function describeRoute(names: Map<Endpoint, string>): SwaggerTransform {
  return (document) => {
    const { schema, url } = jsonSchemaTransform(document);
    const e = document.route.config?.endpoint;
    if (!e || schema.hide) return { schema, url };
    const operationId = names.get(e);
    if (!operationId) throw new Error(`${e.method} ${e.path} is served but not reachable from the api contract (packages/domain/src/api)`);
    const jsonResponse = (schema.response as Record<number, unknown> | undefined)?.[e.status ?? 200];
    return {
      url,
      schema: {
        ...schema,
        operationId,
        security: securityOf(e),
        ...(e.upload ? { body: uploadBody(e.upload), consumes: ['multipart/form-data'] } : {}),
        response: { ...successResponse(e, jsonResponse), ...errorResponses(errorCodesOf(e, document.route)) },
      },
    };
  };
}

/**
 * Drops repeated members of `anyOf` / `oneOf`: zod writes one per alternative, and alternatives
 * often share a shape (workflow actions that all take `{ reason }`, a tuple of two numbers in
 * OpenAPI 3.0). A single member left takes the keyword's place. The values accepted stay the same.
 * Also moves `nullable` of a nullable union into its alternatives (see below).
 */
function withoutRepeatedAlternatives(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRepeatedAlternatives);
  if (typeof node !== 'object' || node === null) return node;
  let result: Record<string, unknown> = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, withoutRepeatedAlternatives(value)]),
  );
  for (const keyword of ['anyOf', 'oneOf']) {
    const members = result[keyword];
    if (!Array.isArray(members)) continue;
    const texts = members.map((member) => JSON.stringify(member));
    const distinct = members.filter((_, i) => texts.indexOf(texts[i]!) === i);
    const { [keyword]: _alternatives, ...rest } = result;
    const only: unknown = distinct.length === 1 ? distinct[0] : undefined;
    const mergeable = typeof only === 'object' && only !== null && Object.keys(only).every((key) => !(key in rest));
    result = mergeable ? { ...rest, ...only } : { ...rest, [keyword]: distinct };
  }
  // A nullable union (`z.discriminatedUnion(…).nullable()`) comes out as alternatives beside `nullable` without a
  // `type`, which OpenAPI 3.0 does not allow: each alternative, which has its type, carries `nullable` instead.
  for (const keyword of ['anyOf', 'oneOf']) {
    const members = result[keyword];
    if (result.nullable !== true || 'type' in result || !Array.isArray(members)) continue;
    const { nullable: _nullable, ...rest } = result;
    result = { ...rest, [keyword]: members.map((member) => ({ ...(member as object), nullable: true })) };
  }
  return result;
}

/** The parts of a generated operation the whole-document pass completes. */
interface GeneratedOperation {
  operationId?: string;
  tags?: string[];
  requestBody?: { content?: Record<string, { encoding?: Record<string, { contentType: string }> }> };
}

/**
 * The whole document, last: every tag the operations use declared with what it groups (the known
 * ones first, in their order), the schemas without repeated alternatives, and the media types an
 * upload accepts as the encoding of its `file` part (which a route's schema cannot carry).
 */
const finishDocument =
  (endpointsByName: Map<string, Endpoint>): SwaggerTransformObject =>
  (document) => {
    if (!('openapiObject' in document)) return document.swaggerObject;
    const { openapiObject } = document;
    const paths = withoutRepeatedAlternatives(openapiObject.paths ?? {}) as Record<string, Record<string, GeneratedOperation>>;
    const operations = Object.values(paths).flatMap((item) => Object.values(item));
    for (const operation of operations) {
      const accept = endpointsByName.get(operation.operationId ?? '')?.upload?.accept;
      const multipart = operation.requestBody?.content?.['multipart/form-data'];
      if (accept && multipart) multipart.encoding = { file: { contentType: accept.join(', ') } };
    }
    const used = new Set(operations.flatMap((operation) => operation.tags ?? []));
    const ordered = [
      ...Object.keys(tagDescriptions).filter((name) => used.has(name)),
      ...[...used].filter((name) => !(name in tagDescriptions)),
    ];
    const tags = ordered.map((name) => ({ name, description: tagDescriptions[name] }));
    // The same document, completed: its paths keep their type.
    return { ...openapiObject, paths, tags } as typeof openapiObject;
  };

/**
 * Serves the OpenAPI document of every route at /api/openapi.json and its browser at /api/docs.
 * The document is generated, never written by hand: `npm run openapi:check` lints it with
 * Redocly's recommended rules and type-checks a client generated from it.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  const names = endpointNames(api);
  await app.register(swagger, {
    openapi: {
      // 3.0 rather than 3.1: the version most generators and API tools in use here import.
      openapi: '3.0.3',
      info: {
        title: 'CitySafe 城安 API',
        version,
        description: '城市安全发展平台接口 / Urban safety platform API',
        license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      },
      servers: [{ url: '/', description: '本服务 / This server' }],
      components: {
        securitySchemes,
        schemas: { [ERROR_SCHEMA]: errorBodySchema() },
      },
    },
    transform: describeRoute(names),
    transformObject: finishDocument(new Map([...names].map(([e, name]) => [name, e]))),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
}
