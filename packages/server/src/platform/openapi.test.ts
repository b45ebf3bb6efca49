import { randomUUID } from 'node:crypto';
import { api, endpointNames, mediaType } from '@citysafe/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../test/harness.js';

interface Operation {
  operationId?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>;
}

interface Document {
  openapi: string;
  servers: { url: string }[];
  info: { license?: { name: string } };
  tags: { name: string; description?: string }[];
  components: { securitySchemes: Record<string, { type: string }>; schemas: Record<string, unknown> };
  paths: Record<string, Record<string, Operation>>;
}

let t: TestApp;
let admin: Client;
let doc: Document;
/** Every documented operation, with the Fastify route it describes. */
let operations: { method: string; path: string; url: string; op: Operation; permission: string }[];

beforeAll(async () => {
  t = await testApp();
  admin = await t.admin();
  const res = await t.anonymous.get<Document>('/api/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      const entry = t.routes.find((r) => r.url === url && r.method === method.toUpperCase());
      return { method: method.toUpperCase(), path, url, op, permission: String(entry?.permission) };
    }),
  );
});
afterAll(() => t.close());

const statuses = (op: Operation) => Object.keys(op.responses).map(Number);
const isWrite = (method: string) => method !== 'GET';

/** A concrete URL for a documented path: ids that exist nowhere, so the call reaches no object. */
const concrete = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'id' ? randomUUID() : name === 'action' ? 'approve' : 'no_such_thing'));

describe('the OpenAPI document', () => {
  it('documents every API route the server registers, and nothing else', () => {
    const served = t.routes
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.url !== '/api/openapi.json' && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`);
    expect(operations.map((o) => `${o.method} ${o.url}`).sort()).toEqual([...new Set(served)].sort());
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.info.license?.name).toBe('Apache-2.0');
  });

  it('names every operation uniquely after its endpoint in the api contract (api.campaign.listTasks → campaign.listTasks)', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const byRoute = new Map([...endpointNames(api)].map(([e, name]) => [`${e.method} ${e.path}`, name]));
    for (const o of operations) expect(o.op.operationId, `${o.method} ${o.path}`).toBe(byRoute.get(`${o.method} ${o.url}`));
    const listTasks = doc.paths['/api/campaigns/{id}/tasks']?.get;
    expect(listTasks?.operationId).toBe('campaign.listTasks');
  });

  it('requires a session (with the CSRF header on writes) or a token on every non-public operation', () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'cs_session' });
    expect(schemes.csrf).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' });
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const o of operations) {
      const where = `${o.method} ${o.path} (${o.permission})`;
      if (o.permission === 'public') {
        expect(o.op.security, where).toEqual([]);
        continue;
      }
      const session = isWrite(o.method) ? { session: [], csrf: [] } : { session: [] };
      // Routes open to any logged-in person refuse tokens: tokens are for systems.
      expect(o.op.security, where).toEqual(o.permission === 'authenticated' ? [session] : [session, { bearer: [] }]);
    }
  });

  it('lists the error responses each operation can give, all with the one shared error body', () => {
    expect(doc.components.schemas.ErrorBody).toMatchObject({ type: 'object', required: ['error'] });
    for (const o of operations) {
      const where = `${o.method} ${o.path}`;
      const has = statuses(o.op);
      expect(
        has.some((s) => s >= 400 && s < 500),
        where,
      ).toBe(true);
      for (const [status, response] of Object.entries(o.op.responses)) {
        if (Number(status) < 400) continue;
        expect(response.content, `${where} ${status}`).toEqual({
          'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } },
        });
        expect(response.description, `${where} ${status}`).toMatch(/`[A-Z_]+`/);
      }
      const pathParams = (o.op.parameters ?? []).filter((p) => p.in === 'path');
      if (o.op.parameters?.length || o.op.requestBody) expect(has, where).toContain(400);
      if (o.permission !== 'public') expect(has, where).toEqual(expect.arrayContaining([401, 403]));
      if (pathParams.length) expect(has, where).toContain(404);
      if (o.path.endsWith('/actions/{action}')) expect(has, where).toEqual(expect.arrayContaining([409, 422]));
      if (o.op.requestBody?.content['multipart/form-data']) expect(has, where).toEqual(expect.arrayContaining([413, 415]));
    }
    // Rate-limited routes say so. A locked account answers like a wrong password (401), so login declares no 423.
    expect(statuses(doc.paths['/api/auth/login']!.post!)).toEqual(expect.arrayContaining([400, 401, 429]));
    expect(statuses(doc.paths['/api/auth/login']!.post!)).not.toContain(423);
    expect(statuses(doc.paths['/api/health']!.get!)).toEqual([200, 429]);
  });

  it('documents every success status an endpoint declares: POST /api/hazards creates (201) or finds a re-push (200)', () => {
    const create = doc.paths['/api/hazards']!.post!;
    expect(statuses(create).filter((s) => s < 300)).toEqual([200, 201]);
    expect(create.responses[201]!.description).toBe('已创建 / Created');
    expect(create.responses[200]!.description).toBe('成功 / OK');
    // The same body under both: the hazard.
    expect(create.responses[200]!.content).toEqual(create.responses[201]!.content);
    expect(JSON.stringify(create.responses[200]!.content)).toContain('allowedActions');
    // Every other operation answers with exactly the statuses its endpoint declares.
    const byName = new Map([...endpointNames(api)].map(([e, name]) => [name, e]));
    for (const o of operations) {
      const e = byName.get(o.op.operationId!)!;
      expect(
        statuses(o.op).filter((s) => s < 300),
        `${o.method} ${o.path}`,
      ).toEqual([...new Set([e.status ?? 200, ...(e.alsoStatus ?? [])])].sort((a, b) => a - b));
    }
  });

  it('describes uploads as multipart and downloads by their media types', () => {
    const importScoring = doc.paths['/api/campaigns/{id}/scoring/import']!.post!;
    expect(importScoring.requestBody?.content['multipart/form-data']).toMatchObject({
      schema: { required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
      encoding: { file: { contentType: mediaType.xlsx } },
    });
    // An attachment may be of any stored type: no encoding narrows it.
    expect(doc.paths['/api/files']!.post!.requestBody?.content['multipart/form-data']).not.toHaveProperty('encoding');
    const downloads: [string, string][] = [
      ['/api/campaigns/{id}/ledger.xlsx', mediaType.xlsx],
      ['/api/campaigns/{id}/scoring.xlsx', mediaType.xlsx],
      ['/api/campaign-supervisions/{id}/notice.docx', mediaType.docx],
      ['/api/campaigns/{id}/bulletin.docx', mediaType.docx],
      ['/api/files/{id}', mediaType.binary],
      ['/api/notifications/stream', mediaType.eventStream],
    ];
    for (const [path, type] of downloads) expect(Object.keys(doc.paths[path]!.get!.responses[200]!.content!), path).toEqual([type]);
  });

  it('declares every tag it uses, with a description', () => {
    const declared = new Map(doc.tags.map((tag) => [tag.name, tag.description]));
    for (const o of operations) {
      for (const tag of o.op.tags ?? []) expect(declared.get(tag), `tag ${tag} of ${o.method} ${o.path}`).toMatch(/\S/);
    }
  });
});

describe('the documented responses are the ones the server gives', () => {
  it('anonymous callers get a documented status (401 where a login is needed) with the shared error body', async () => {
    for (const o of operations) {
      const res = await t.anonymous.request(o.method, concrete(o.path), isWrite(o.method) ? {} : undefined);
      const where = `${o.method} ${o.path}`;
      expect(statuses(o.op), `${where} gave ${res.status}`).toContain(res.status);
      if (o.permission !== 'public') {
        expect(res.status, where).toBe(401);
        expect(res.body, where).toMatchObject({
          error: { code: 'UNAUTHENTICATED', message: { zh: expect.any(String), en: expect.any(String) } },
        });
      }
    }
  });

  it('an administrator reading objects that do not exist gets a documented status', async () => {
    const reads = operations.filter((o) => o.method === 'GET' && !o.op.responses[200]?.content?.[mediaType.eventStream]);
    for (const o of reads) {
      const res = await admin.get(concrete(o.path));
      expect(statuses(o.op), `${o.method} ${o.path} gave ${res.status}`).toContain(res.status);
    }
  });
});
