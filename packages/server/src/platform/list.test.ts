import { api, type Endpoint } from '@citysafe/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Client, type TestApp, testApp } from '../../test/harness.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await testApp();
  admin = await t.admin();
});
afterAll(() => t.close());

const isEndpoint = (value: unknown): value is Endpoint =>
  typeof value === 'object' && value !== null && 'method' in value && 'path' in value && 'permission' in value;

/** Every endpoint of the contract, module namespaces included. */
function endpoints(namespace: object = api): Endpoint[] {
  return Object.values(namespace).flatMap((v) =>
    isEndpoint(v) ? [v] : typeof v === 'object' && v !== null && !(v instanceof z.ZodType) ? endpoints(v) : [],
  );
}

/** The endpoints answering with a page (`{ items, total, page, pageSize }`): the lists. */
const lists = endpoints().filter((e) => {
  const shape = e.response instanceof z.ZodObject ? e.response.shape : {};
  return e.method === 'GET' && ['items', 'total', 'page', 'pageSize'].every((k) => k in shape);
});

/** The sort fields a list declares in its query. */
function sortFields(e: Endpoint): string[] {
  const sort = e.query instanceof z.ZodObject ? e.query.shape.sort : undefined;
  const values = sort instanceof z.ZodOptional && sort.unwrap() instanceof z.ZodEnum ? (sort.unwrap() as z.ZodEnum).options : [];
  return values.map(String).filter((v) => !v.startsWith('-'));
}

const pathOf = (e: Endpoint) => e.path.replace(':id', '00000000-0000-4000-8000-000000000000');

describe('every list endpoint', () => {
  it('is found in the contract', () => {
    expect(lists.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        '/api/audit',
        '/api/users',
        '/api/orgs',
        '/api/tokens',
        '/api/webhooks',
        '/api/notifications',
        '/api/campaigns',
        '/api/campaigns/:id/tasks',
      ]),
    );
  });

  it.each(lists.map((e) => [e.path, e] as const))('%s declares its sort fields with listQuery', (_path, e) => {
    expect(sortFields(e).length).toBeGreaterThan(0);
    const query = e.query as z.ZodObject;
    expect(Object.keys(query.shape)).toEqual(expect.arrayContaining(['page', 'pageSize', 'sort', 'q']));
  });

  it.each(lists.map((e) => [e.path, e] as const))(
    '%s refuses an undeclared sort with 400 on `sort`, and takes its own',
    async (_path, e) => {
      const fields = sortFields(e);
      const refused = await admin.get(`${pathOf(e)}?sort=notAField`);
      expect(refused.status).toBe(400);
      expect(refused.body.error.fields).toHaveLength(1);
      expect(refused.body.error.fields[0].field).toBe('query.sort');
      for (const field of fields) {
        expect(refused.body.error.fields[0].message.zh).toContain(field);
        expect(refused.body.error.fields[0].message.en).toContain(field);
      }
      // A declared field passes validation both ways (a list under a made-up parent is then 404, not 400).
      for (const sort of [fields[0], `-${fields[0]}`]) {
        expect((await admin.get(`${pathOf(e)}?sort=${sort}`)).status).not.toBe(400);
      }
    },
  );
});

describe('the total of a list (counted with the page, in one statement)', () => {
  const paged = lists.filter((e) => !e.path.includes(':'));

  it.each(paged.map((e) => [e.path, e] as const))(
    '%s gives the same total on every page, past the end included, and no column of its own',
    async (_path, e) => {
      const everything = await admin.get(`${e.path}?pageSize=100`);
      expect(everything.status).toBe(200);
      const total = everything.body.total as number;
      expect(total).toBeGreaterThanOrEqual(everything.body.items.length);
      if (total <= 100) expect(everything.body.items).toHaveLength(total);
      const second = await admin.get(`${e.path}?pageSize=1&page=2`);
      expect(second.body).toMatchObject({ total, page: 2, pageSize: 1 });
      expect(second.body.items).toHaveLength(total >= 2 ? 1 : 0);
      const beyond = await admin.get(`${e.path}?pageSize=10&page=${Math.ceil(total / 10) + 1}`);
      expect(beyond.body).toMatchObject({ items: [], total });
      for (const item of everything.body.items) expect(item).not.toHaveProperty('__listTotal');
    },
  );

  it('a filter that leaves nothing totals 0 on the first page', async () => {
    expect((await admin.get(`/api/users?q=${encodeURIComponent('没有这个人')}`)).body).toMatchObject({ items: [], total: 0 });
  });
});

describe('the audit log as a list', () => {
  type Entry = { id: string; action: string; entityType: string; actorName: string };
  const entries = (res: { body: { items: Entry[] } }) => res.body.items;

  beforeAll(async () => {
    // Writes that leave audit rows of a few kinds: two orgs, a user, a token.
    const parentId = await t.orgId('XZJB');
    for (const [code, name] of [
      ['XZ-LIST-1', '新筑测试社区一'],
      ['XZ-LIST-2', '新筑测试社区二'],
    ]) {
      expect((await admin.post('/api/orgs', { code, name, type: 'community', parentId })).status).toBe(201);
    }
    expect((await admin.post('/api/tokens', { name: '审计测试_令牌', actions: ['audit.read'] })).status).toBe(201);
  });

  it('newest first by default; sorts by action both ways with the newest first among equals', async () => {
    const all = entries(await admin.get('/api/audit?pageSize=200'));
    const ids = all.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const byAction = [...all].sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : Number(b.id) - Number(a.id)));
    expect(entries(await admin.get('/api/audit?pageSize=200&sort=action')).map((e) => e.id)).toEqual(byAction.map((e) => e.id));
    const down = entries(await admin.get('/api/audit?pageSize=200&sort=-action')).map((e) => e.action);
    expect(down).toEqual([...byAction.map((e) => e.action)].reverse());
    expect(new Set(down).size).toBeGreaterThan(2);
  });

  it('page 2 continues page 1; filters and q narrow, with the total of what they leave', async () => {
    const all = entries(await admin.get('/api/audit?pageSize=200&sort=action'));
    const one = await admin.get('/api/audit?pageSize=2&page=1&sort=action');
    const two = await admin.get('/api/audit?pageSize=2&page=2&sort=action');
    expect([...entries(one), ...entries(two)].map((e) => e.id)).toEqual(all.slice(0, 4).map((e) => e.id));
    expect(two.body).toMatchObject({ total: all.length, page: 2, pageSize: 2 });

    const orgRows = await admin.get('/api/audit?entityType=org&action=org.create');
    expect(orgRows.body.total).toBe(2);
    expect(entries(orgRows).every((e) => e.action === 'org.create')).toBe(true);
    const tokenRows = await admin.get('/api/audit?q=token');
    expect(tokenRows.body.total).toBe(
      all.filter((e) => `${e.actorName} ${e.action} ${e.entityType}`.toLowerCase().includes('token')).length,
    );
    expect(tokenRows.body.total).toBeGreaterThan(0);
    // `%` is searched for, not a wildcard: no row has one.
    expect((await admin.get(`/api/audit?q=${encodeURIComponent('%')}`)).body).toMatchObject({ items: [], total: 0 });
  });
});
