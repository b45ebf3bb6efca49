import {
  type Bilingual,
  type Endpoint,
  type EndpointInput,
  type EndpointOutput,
  type ErrorBody,
  type ErrorCode,
  type FieldError,
  defaultErrorMessages,
  errorStatus,
} from '@citysafe/domain';

/**
 * The typed client of the API contract in `@citysafe/domain` (architecture rule 2): every call
 * names an endpoint object, so paths, inputs and outputs come from the same zod schemas the server
 * validates with.
 */

// Held in memory only: a token in storage would outlive the session and be readable by any script.
let csrfToken: string | null = null;

/** Remembers the CSRF token handed out by `login` and `me`; sent on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** A failed call, carrying the server's typed error body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly bilingual: Bilingual;
  readonly fields: FieldError[];
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, error: ErrorBody['error']) {
    super(error.message.en);
    this.name = 'ApiError';
    this.status = status;
    this.code = error.code;
    this.bilingual = error.message;
    this.fields = error.fields ?? [];
    this.details = error.details;
  }
}

/** True when `e` is an ApiError with one of the codes. */
export const isApiError = (e: unknown, ...codes: ErrorCode[]): e is ApiError =>
  e instanceof ApiError && (codes.length === 0 || codes.includes(e.code));

/** Fills `:name` segments of an endpoint path. */
export function buildPath(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === '') throw new Error(`Missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}

/** Serialises a query object; empty values are left out so the server applies its defaults. */
export function buildQuery(query: Record<string, unknown> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null || item === '') continue;
      search.append(key, String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const codeOfStatus = (status: number): ErrorCode =>
  (Object.entries(errorStatus).find(([, s]) => s === status)?.[0] as ErrorCode | undefined) ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION');

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Arguments of `call`: the input may be left out when the endpoint needs none. */
type CallArgs<E> = object extends EndpointInput<E> ? [input?: EndpointInput<E>] : [input: EndpointInput<E>];

/**
 * A GET that boot.ts started while the app was loading, handed out once: the first caller gets its
 * answer, later ones (refetches) ask the server again.
 */
function takeEarlyResponse(path: string): Promise<Response> | undefined {
  const early = (globalThis as { citysafeEarlyResponses?: Record<string, Promise<Response>> }).citysafeEarlyResponses;
  const response = early?.[path];
  if (early) delete early[path];
  return response;
}

/**
 * Sends one request with the session cookie and, on writes, the CSRF token. Resolves with a 2xx
 * response; rejects with an ApiError carrying the server's typed error (or one named by the
 * status), so JSON calls, uploads and downloads fail alike.
 */
export async function send(
  path: string,
  init: { method?: string; body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<Response> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    const early = method === 'GET' && init.body === undefined ? takeEarlyResponse(path) : undefined;
    response = await (early ?? fetch(path, { method, headers, credentials: 'include', body: init.body }));
  } catch {
    throw new ApiError(0, { code: 'UNAVAILABLE', message: defaultErrorMessages.UNAVAILABLE });
  }
  if (response.ok) return response;
  const data = await readJson(response);
  if (isErrorBody(data)) throw new ApiError(response.status, data.error);
  const code = codeOfStatus(response.status);
  throw new ApiError(response.status, { code, message: defaultErrorMessages[code] });
}

/**
 * Calls an endpoint: fills the path, serialises the query, sends the JSON body with the session
 * cookie and (on writes) the CSRF token. Resolves with the 2xx body, rejects with an ApiError.
 */
export async function call<E extends Endpoint>(endpoint: E, ...[input]: CallArgs<E>): Promise<EndpointOutput<E>> {
  const { params, query, body } = (input ?? {}) as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
  const response = await send(buildPath(endpoint.path, params) + buildQuery(query), {
    method: endpoint.method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return checkResponse(endpoint, await readJson(response));
}

/**
 * Parses a 2xx body with the endpoint's response schema. A mismatch means server and contract
 * disagree; it is reported on the console (browser tests fail on console errors) rather than
 * breaking the page, since the data is usually still usable.
 */
function checkResponse<E extends Endpoint>(endpoint: E, data: unknown): EndpointOutput<E> {
  if (!endpoint.response) return data as EndpointOutput<E>;
  const parsed = endpoint.response.safeParse(data);
  if (parsed.success) return parsed.data as EndpointOutput<E>;
  console.error(`[api] ${endpoint.method} ${endpoint.path}: response does not match the contract`, parsed.error.issues);
  return data as EndpointOutput<E>;
}

/** The JSON body an endpoint takes, e.g. `BodyOf<typeof api.createOrg>` for a form's values. */
export type BodyOf<E> = EndpointInput<E> extends { body: infer B } ? B : never;

/** The query an endpoint takes, for list filters. */
export type QueryOf<E> = NonNullable<EndpointInput<E> extends { query?: infer Q } ? Q : never>;
