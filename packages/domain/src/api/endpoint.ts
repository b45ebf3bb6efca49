import type { z } from 'zod';
import type { ErrorCode } from '../errors.js';
import type { Action } from '../identity/permissions.js';

/**
 * Who may call an endpoint: `public` (anyone, including the anonymous public), `authenticated`
 * (any logged-in user; the service still scopes what they see), or one permission action.
 */
export type EndpointPermission = Action | 'public' | 'authenticated';

/**
 * One HTTP endpoint, declared once and used by the server (validation, authorization, OpenAPI)
 * and by the web client (types). Paths use Fastify's `:param` syntax.
 */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  permission: EndpointPermission;
  summary: string;
  tags: string[];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The 2xx body; absent for endpoints that stream or send files. */
  response?: z.ZodType;
  /** Status code of success, 200 unless said otherwise. */
  status?: 200 | 201 | 202 | 204;
  /**
   * Other success statuses the route may answer with the same body, e.g. 200 when a create finds the object an
   * idempotent push made before (POST /api/hazards). The handler chooses one (`status()` of the route context);
   * each is serialised through `response` and documented in OpenAPI.
   */
  alsoStatus?: readonly (200 | 201)[];
  /**
   * Takes one file as `multipart/form-data` (field `file`) instead of a JSON body. `accept` limits
   * it to these media types, recognised by content; without it, any attachment type the platform
   * stores. The pipeline reads and checks the file (400 missing, 413 too large, 415 wrong type).
   */
  upload?: { accept?: readonly string[] };
  /** The media types of a 2xx body that is a file or a stream rather than JSON. */
  produces?: readonly string[];
  /**
   * Errors the service may give beyond those every route of its kind can (400 for input, 401/403
   * unless public, 404 for a path id, 409/422 for workflow actions, 413/415 for uploads, 429 when
   * rate-limited): the API documentation lists both.
   */
  errors?: readonly ErrorCode[];
}

/** Media types of the files the API takes and sends, named once for the server, the web and the docs. */
export const mediaType = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  zip: 'application/zip',
  pdf: 'application/pdf',
  csv: 'text/csv',
  /** Any stored attachment: its own type is known only per file. */
  binary: 'application/octet-stream',
  eventStream: 'text/event-stream',
} as const;

/** How people name a media type (`xlsx`), for messages and hints; the type itself when it has no short name. */
export const mediaTypeName = (type: string): string => Object.entries(mediaType).find(([, known]) => known === type)?.[0] ?? type;

/** Declares an endpoint keeping its exact schema types, for the server's handlers and the client. */
export const endpoint = <const E extends Endpoint>(e: E): E => e;

const isEndpoint = (value: unknown): value is Endpoint =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Endpoint).method === 'string' &&
  typeof (value as Endpoint).path === 'string' &&
  typeof (value as Endpoint).permission === 'string';

/** A module namespace or plain object to look into; zod schemas and other class instances are not. */
const isNamespace = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
};

/**
 * The name of every endpoint as it is reached from the contract's root: `campaign.listTasks` for
 * `api.campaign.listTasks`, `login` for `api.login`. Endpoints do not know their own export names;
 * this walk gives them one that follows the public shape of `api`, for stable OpenAPI operation ids.
 * An endpoint reachable under several names takes the one nested deepest (its module's).
 */
export function endpointNames(root: object): Map<Endpoint, string> {
  const names = new Map<Endpoint, string>();
  const seen = new Set<object>();
  const walk = (namespace: Record<string, unknown>, prefix: string) => {
    if (seen.has(namespace)) return;
    seen.add(namespace);
    for (const [key, value] of Object.entries(namespace)) {
      const name = prefix + key;
      if (isEndpoint(value)) {
        const known = names.get(value);
        if (known === undefined || known.split('.').length < name.split('.').length) names.set(value, name);
      } else if (isNamespace(value)) {
        walk(value, `${name}.`);
      }
    }
  };
  if (isNamespace(root)) walk(root, '');
  return names;
}

type Part<E, K extends string> = K extends keyof E ? (E[K] extends z.ZodType ? E[K] : never) : never;

/** The parsed (output) type of one part of a request: `params`, `query` or `body`; undefined when absent. */
export type RequestPart<E, K extends 'params' | 'query' | 'body'> = [Part<E, K>] extends [never] ? undefined : z.output<Part<E, K>>;

type InputPart<E, K extends 'params' | 'query' | 'body'> = [Part<E, K>] extends [never]
  ? { [P in K]?: never }
  : K extends 'query'
    ? { [P in K]?: z.input<Part<E, K>> }
    : { [P in K]: z.input<Part<E, K>> };

/** What a client sends to an endpoint. */
export type EndpointInput<E> = InputPart<E, 'params'> & InputPart<E, 'query'> & InputPart<E, 'body'>;

/** What a client receives from an endpoint. */
export type EndpointOutput<E> = [Part<E, 'response'>] extends [never] ? unknown : z.output<Part<E, 'response'>>;
