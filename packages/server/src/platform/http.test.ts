import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_PASSWORD, type TestApp, testApp } from '../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

/** The parts of an error body every client relies on: a code and both languages. */
function expectErrorBody(body: unknown, code: string): void {
  expect(body).toMatchObject({ error: { code, message: { zh: expect.any(String), en: expect.any(String) } } });
  const { message } = (body as { error: { message: { zh: string; en: string } } }).error;
  expect(message.zh.length).toBeGreaterThan(0);
  expect(message.en.length).toBeGreaterThan(0);
}

describe('security headers', () => {
  it('are sent on API answers, error answers and the web app', async () => {
    const answers = [
      await t.anonymous.get('/api/health'),
      await t.anonymous.get('/api/no-such-thing'),
      await t.anonymous.get('/api/auth/me'),
      await t.anonymous.get('/'),
    ];
    for (const res of answers) {
      const csp = String(res.headers['content-security-policy']);
      const directives = new Map(csp.split(';').map((d) => [d.trim().split(/\s+/)[0], d.trim().split(/\s+/).slice(1).join(' ')]));
      expect(directives.get('default-src')).toBe("'self'");
      expect(directives.get('script-src')).toBe("'self'");
      expect(directives.get('object-src')).toBe("'none'");
      expect(directives.get('frame-ancestors')).toBe("'none'");
      expect(res.headers['x-frame-options']).toMatch(/^(DENY|SAMEORIGIN)$/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      // Without HTTPS configured, no HSTS (it would lock a plain-HTTP intranet install out).
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('adds the configured tile server to img-src and connect-src only', async () => {
    const tiles = await testApp({ env: { CITYSAFE_TILE_URL: 'https://tiles.example.cn/{z}/{x}/{y}.png' } });
    try {
      const csp = String((await tiles.anonymous.get('/api/health')).headers['content-security-policy']);
      expect(csp).toContain("img-src 'self' data: blob: https://tiles.example.cn");
      expect(csp).toContain("connect-src 'self' https://tiles.example.cn");
      expect(csp).toContain("default-src 'self';");
      expect(csp).toContain("script-src 'self';");
    } finally {
      await tiles.close();
    }
  });
});

describe('errors', () => {
  it('answers an unknown /api route with 404 JSON and a bilingual message, whatever the method', async () => {
    for (const [method, url] of [
      ['GET', '/api/no-such-thing'],
      ['GET', '/api'],
      ['POST', '/api/no-such-thing'],
      ['DELETE', '/api/orgs'],
      ['PUT', '/api/health'],
    ] as const) {
      const res = await t.anonymous.request(method, url, method === 'GET' ? undefined : {});
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
      expectErrorBody(res.body, 'NOT_FOUND');
    }
    const res = await t.anonymous.request('POST', '/api/no-such-thing', {});
    expect(res.body.error.message.zh).toContain('/api/no-such-thing');
    expect(res.body.error.message.en).toContain('No such route');
  });

  it('answers a malformed JSON body with 400, not 500', async () => {
    for (const payload of ['{"username": "admin", ', '{', 'null', '[1,2', '"just a string"']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload });
      expect(res.statusCode, payload).toBe(400);
      expectErrorBody(res.json(), 'VALIDATION');
    }
  });

  it('answers an empty JSON body with 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(res.statusCode).toBe(400);
    expectErrorBody(res.json(), 'VALIDATION');
  });

  it('answers a body of an unsupported content type with 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<login/>',
    });
    expect(res.statusCode).toBe(415);
    expectErrorBody(res.json(), 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a JSON body over the limit with 413', async () => {
    const payload = JSON.stringify({ username: 'admin', password: 'x'.repeat(3 * 1024 * 1024) });
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload });
    expect(res.statusCode).toBe(413);
    expectErrorBody(res.json(), 'PAYLOAD_TOO_LARGE');
  });

  it('answers invalid fields with 400 and the field path, in both languages', async () => {
    const res = await t.anonymous.post('/api/auth/login', { username: 42, password: 'x' });
    expect(res.status).toBe(400);
    expectErrorBody(res.body, 'VALIDATION');
    expect(res.body.error.fields).toEqual([{ field: 'username', message: { zh: expect.any(String), en: expect.any(String) } }]);
  });

  it('answers a malformed path id with 400 naming the parameter, not 500', async () => {
    const admin = await t.admin();
    const res = await admin.get('/api/files/not-a-uuid/meta');
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('params.id');
  });

  it('answers a malformed query with 400 naming the query field', async () => {
    const admin = await t.admin();
    const res = await admin.get('/api/audit?pageSize=100000');
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('query.pageSize');
  });

  it('answers an unparseable Bearer token with 401, not 500', async () => {
    for (const authorization of ['Bearer', 'Basic YWRtaW46YWRtaW4=', 'Bearer cst_nope', 'Bearer a b']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expectErrorBody(res.json(), 'UNAUTHENTICATED');
    }
  });
});

describe('GET /api/health', () => {
  it('reports the database kind and the PostGIS version', async () => {
    const res = await t.anonymous.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      postgis: expect.stringMatching(/^3\.\d+\.\d+/),
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(res.headers['cache-control'] ?? '').not.toMatch(/public/);
  });
});

type Json = Record<string, unknown>;

/**
 * Structural checks of an OpenAPI 3.0 document (what a code generator trips on): required
 * fields, path parameters declared, string descriptions, and schema keywords 3.0 does not know.
 */
function openApiProblems(doc: Json): string[] {
  const problems: string[] = [];
  if (typeof doc.openapi !== 'string' || !/^3\.0\.\d+$/.test(doc.openapi)) problems.push(`openapi: ${String(doc.openapi)}`);
  const info = doc.info as Json | undefined;
  if (typeof info?.title !== 'string' || typeof info?.version !== 'string') problems.push('info.title/version');
  const schemes = Object.keys(((doc.components as Json | undefined)?.securitySchemes as Json | undefined) ?? {});
  const checkSchema = (schema: unknown, where: string): void => {
    if (schema === null || typeof schema !== 'object') return;
    if (Array.isArray(schema)) return schema.forEach((s, i) => checkSchema(s, `${where}/${i}`));
    const s = schema as Json;
    if (Array.isArray(s.type)) problems.push(`${where}: type array (3.1 only)`);
    for (const k of ['const', '$schema', 'prefixItems', 'propertyNames', 'unevaluatedProperties', 'dependentRequired', 'examples']) {
      if (k in s) problems.push(`${where}: ${k} (not OpenAPI 3.0)`);
    }
    if (typeof s.exclusiveMinimum === 'number' || typeof s.exclusiveMaximum === 'number')
      problems.push(`${where}: numeric exclusive bound (3.1 only)`);
    if (typeof s.$ref === 'string' && !s.$ref.startsWith('#/components/')) problems.push(`${where}: $ref ${s.$ref}`);
    for (const key of ['properties', 'patternProperties']) {
      for (const [name, sub] of Object.entries((s[key] as Json | undefined) ?? {})) checkSchema(sub, `${where}/${key}/${name}`);
    }
    for (const key of ['items', 'additionalProperties', 'not']) if (typeof s[key] === 'object') checkSchema(s[key], `${where}/${key}`);
    for (const key of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(s[key])) checkSchema(s[key], `${where}/${key}`);
  };
  const paths = doc.paths as Record<string, Record<string, Json>>;
  if (!paths || typeof paths !== 'object') return [...problems, 'paths missing'];
  const operationIds = new Set<string>();
  for (const [p, ops] of Object.entries(paths)) {
    if (!p.startsWith('/')) problems.push(`path ${p} does not start with /`);
    if (/:\w+/.test(p)) problems.push(`path ${p} uses :param instead of {param}`);
    const templated = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const [method, op] of Object.entries(ops)) {
      const where = `${method.toUpperCase()} ${p}`;
      if (!['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].includes(method)) {
        problems.push(`${where}: unknown method`);
        continue;
      }
      if (typeof op.operationId === 'string') {
        if (operationIds.has(op.operationId)) problems.push(`${where}: duplicate operationId`);
        operationIds.add(op.operationId);
      }
      const params = (op.parameters as Json[] | undefined) ?? [];
      for (const name of templated) {
        const param = params.find((x) => x.in === 'path' && x.name === name);
        if (!param) problems.push(`${where}: path parameter ${name} not declared`);
        else if (param.required !== true) problems.push(`${where}: path parameter ${name} not required`);
      }
      for (const param of params) {
        if (typeof param.name !== 'string' || !['query', 'header', 'path', 'cookie'].includes(String(param.in)))
          problems.push(`${where}: bad parameter`);
        checkSchema(param.schema, `${where} param ${String(param.name)}`);
      }
      const body = op.requestBody as Json | undefined;
      if (body) {
        const content = body.content as Record<string, Json> | undefined;
        if (!content || Object.keys(content).length === 0) problems.push(`${where}: requestBody without content`);
        for (const [type, media] of Object.entries(content ?? {})) checkSchema(media.schema, `${where} body ${type}`);
      }
      const responses = op.responses as Record<string, Json> | undefined;
      if (!responses || Object.keys(responses).length === 0) problems.push(`${where}: no responses`);
      for (const [code, r] of Object.entries(responses ?? {})) {
        if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(code)) problems.push(`${where}: response code ${code}`);
        if (typeof r.description !== 'string') problems.push(`${where} ${code}: description must be a string`);
        for (const [type, media] of Object.entries((r.content as Record<string, Json> | undefined) ?? {}))
          checkSchema(media.schema, `${where} ${code} ${type}`);
      }
      for (const requirement of (op.security as Json[] | undefined) ?? []) {
        for (const name of Object.keys(requirement))
          if (!schemes.includes(name)) problems.push(`${where}: unknown security scheme ${name}`);
      }
    }
  }
  return problems;
}

describe('API documentation', () => {
  it('serves a valid OpenAPI 3 document with the routes and their security', async () => {
    const res = await t.anonymous.get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body as Json;
    expect(openApiProblems(doc)).toEqual([]);
    const paths = doc.paths as Record<string, Record<string, Json>>;
    expect(paths['/api/orgs']?.get).toBeDefined();
    expect(paths['/api/auth/login']?.post).toBeDefined();
    expect(paths['/api/files/{id}']?.get).toBeDefined();
    // The login body is documented from its zod schema.
    const login = paths['/api/auth/login']!.post!.requestBody as { content: Record<string, { schema: Json }> };
    expect(login.content['application/json']!.schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['username', 'password']),
    });
    // Public endpoints need no credentials (an empty requirement); the others declare session or bearer.
    expect(paths['/api/auth/login']!.post!.security).toEqual([]);
    expect(paths['/api/orgs']!.get!.security).toEqual([{ session: [] }, { bearer: [] }]);
    // The docs themselves and the catch-all web route are not operations of the API.
    expect(Object.keys(paths).filter((p) => !p.startsWith('/api/'))).toEqual([]);
    expect(Object.keys(paths).some((p) => p.startsWith('/api/docs'))).toBe(false);
  });

  it('lists every registered API route in the document', async () => {
    const doc = (await t.anonymous.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    const registered = t.routes
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.url !== '/api/openapi.json' && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(registered.length).toBeGreaterThan(20);
    expect(registered.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('serves the browsable documentation page and its assets under the same CSP', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
    const html = page.statusCode === 302 ? await t.app.inject({ method: 'GET', url: String(page.headers.location) }) : page;
    expect(html.statusCode).toBe(200);
    expect(String(html.headers['content-type'])).toMatch(/^text\/html/);
    expect(html.body).toContain('swagger-ui');
    const scripts = [...html.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    // script-src 'self' blocks inline scripts: every script of the page must be a file.
    expect([...html.body.matchAll(/<script(?![^>]*\ssrc=)[^>]*>/g)]).toEqual([]);
    for (const src of scripts) {
      const asset = await t.app.inject({ method: 'GET', url: src });
      expect(asset.statusCode, src).toBe(200);
    }
    // The page fetches its initializer and the document from our own origin.
    const init = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(init.statusCode).toBe(200);
    const json = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(json.statusCode).toBe(200);
    expect(json.json().openapi).toMatch(/^3\./);
  });
});

describe('login rate limit', () => {
  it('answers 429 with a bilingual message once the per-address limit is reached', async () => {
    const limited = await testApp({ loginRateLimit: 3 });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await limited.anonymous.post('/api/auth/login', { username: 'nobody', password: 'wrong' });
        expect(res.status).toBe(401);
      }
      const res = await limited.anonymous.post('/api/auth/login', { username: 'nobody', password: 'wrong' });
      expect(res.status).toBe(429);
      expectErrorBody(res.body, 'RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // Even the right password is refused until the window passes.
      expect((await limited.anonymous.post('/api/auth/login', { username: 'admin', password: TEST_ADMIN_PASSWORD })).status).toBe(429);
      // Another address is not affected.
      const other = await limited.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.1.2.3',
        payload: { username: 'admin', password: TEST_ADMIN_PASSWORD },
      });
      expect(other.statusCode).toBe(200);
      // The rest of the API is not limited by the login limit.
      expect((await limited.anonymous.get('/api/health')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
