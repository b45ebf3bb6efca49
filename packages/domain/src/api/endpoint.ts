import type { z } from 'zod';
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
  status?: 200 | 201 | 204;
}

/** Declares an endpoint keeping its exact schema types, for the server's handlers and the client. */
export const endpoint = <const E extends Endpoint>(e: E): E => e;

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
