import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp, TEST_PASSWORD } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
let street: string; // 新筑街办

const names = (res: { body: { items: { username: string }[] } }) => res.body.items.map((u) => u.username);

beforeAll(async () => {
  t = await testApp();
  admin = await t.admin();
  street = await t.orgId('XZJB');
  // Five accounts of one street; two of them log in (the others have never logged in).
  for (const [username, displayName, roles] of [
    ['xz_chen', '陈静', ['street']],
    ['xz_li', '李强', ['grid_member']],
    ['xz_wang', '王芳', ['grid_member']],
    ['xz_zhao', '赵磊', ['street']],
    ['xzzhou', '周敏', ['grid_member']],
  ] as const) {
    const res = await admin.post('/api/users', {
      username,
      displayName,
      password: TEST_PASSWORD,
      orgId: street,
      roles,
      mustChangePassword: false,
    });
    expect(res.status).toBe(201);
  }
  await t.login('xz_wang');
  await t.login('xz_li');
});
afterAll(() => t.close());

describe('the user list', () => {
  const url = (query: string) => `/api/users?orgId=${street}&${query}`;

  it('sorts by each declared field both ways; never-logged-in accounts come last either way', async () => {
    const up = names(await admin.get(url('sort=username')));
    expect(up).toEqual(['xz_chen', 'xz_li', 'xz_wang', 'xz_zhao', 'xzzhou']);
    expect(names(await admin.get(url('sort=-username')))).toEqual([...up].reverse());
    const byName = (await admin.get(url('sort=displayName'))).body.items.map((u: { displayName: string }) => u.displayName);
    expect(byName).toEqual([...byName].sort());
    expect(names(await admin.get(url('sort=-lastLoginAt'))).slice(0, 2)).toEqual(['xz_li', 'xz_wang']);
    const firstIn = names(await admin.get(url('sort=lastLoginAt')));
    expect(firstIn.slice(0, 2)).toEqual(['xz_wang', 'xz_li']);
    expect(firstIn.slice(2).sort()).toEqual(['xz_chen', 'xz_zhao', 'xzzhou']);
  });

  it('page 2 continues page 1, with the total of all pages', async () => {
    const one = await admin.get(url('sort=username&pageSize=2&page=1'));
    const two = await admin.get(url('sort=username&pageSize=2&page=2'));
    const three = await admin.get(url('sort=username&pageSize=2&page=3'));
    expect([...names(one), ...names(two), ...names(three)]).toEqual(['xz_chen', 'xz_li', 'xz_wang', 'xz_zhao', 'xzzhou']);
    expect(one.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(three.body).toMatchObject({ total: 5, page: 3 });
  });

  it('q narrows literally; filters narrow and combine', async () => {
    // `_` is a character to find, not LIKE's any-one-character.
    expect(names(await admin.get(url('sort=username&q=xz_')))).toEqual(['xz_chen', 'xz_li', 'xz_wang', 'xz_zhao']);
    expect(names(await admin.get(url(`q=${encodeURIComponent('王')}`)))).toEqual(['xz_wang']);
    expect(names(await admin.get(url('sort=username&role=street')))).toEqual(['xz_chen', 'xz_zhao']);
    const zhao = (await admin.get(url('q=xz_zhao'))).body.items[0];
    expect((await admin.post(`/api/users/${zhao.id}/actions/disable`, { reason: '调离岗位' })).status).toBe(200);
    const active = await admin.get(url('sort=username&role=street&status=active'));
    expect(names(active)).toEqual(['xz_chen']);
    expect(active.body.total).toBe(1);
    expect(names(await admin.get(url('status=disabled')))).toEqual(['xz_zhao']);
  });

  it('refuses a sort the list does not offer, naming the choices in both languages', async () => {
    const res = await admin.get('/api/users?sort=passwordHash');
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([
      {
        field: 'query.sort',
        message: {
          zh: '只能按 username、displayName、createdAt、lastLoginAt、status 排序，前加 - 为倒序',
          en: 'Sort by one of: username, displayName, createdAt, lastLoginAt, status; prefix - for descending',
        },
      },
    ]);
  });
});

describe('the org list', () => {
  it('keeps tree order by default; sorts by name, code and order; searches names, codes and aliases', async () => {
    const tree = (await admin.get('/api/orgs')).body;
    expect(tree.items[0].parentId).toBeNull();
    const codes = (query: string) =>
      admin.get(`/api/orgs?type=street&${query}`).then((r) => r.body.items.map((o: { code: string }) => o.code));
    const up = await codes('sort=code');
    expect(up.length).toBeGreaterThan(1);
    expect(up).toEqual([...up].sort());
    expect(await codes('sort=-code')).toEqual([...up].reverse());
    const one = await admin.get('/api/orgs?type=street&sort=code&pageSize=1&page=2');
    expect(one.body.items.map((o: { code: string }) => o.code)).toEqual([up[1]]);
    expect(one.body.total).toBe(up.length);
    // 办公室 is an alias of 管委会办公室.
    const alias = await admin.get(`/api/orgs?q=${encodeURIComponent('办公室')}`);
    expect(alias.body.items.map((o: { code: string }) => o.code)).toContain('GWH-BGS');
    const byCode = (await admin.get('/api/orgs?q=xzjb')).body.items.map((o: { code: string }) => o.code);
    expect(byCode).toContain('XZJB');
    expect(byCode).not.toContain('XHJB');
    expect((await admin.get('/api/orgs?sort=path')).status).toBe(400);
  });
});

describe('the token list', () => {
  it('sorts, searches and filters the caller’s tokens', async () => {
    const office = await t.userIn('AWB', ['admin'], 'tokens_admin');
    for (const name of ['应急平台对接', '视频监控对接', '大屏展示']) {
      expect((await office.post('/api/tokens', { name, actions: ['org.read'] })).status).toBe(201);
    }
    const tokens = (await office.get('/api/tokens?sort=name')).body.items as { id: string; name: string }[];
    expect(tokens.map((x) => x.name)).toEqual([...tokens.map((x) => x.name)].sort());
    expect((await office.get('/api/tokens?sort=-name')).body.items.map((x: { name: string }) => x.name)).toEqual(
      tokens.map((x) => x.name).reverse(),
    );
    expect((await office.get(`/api/tokens?q=${encodeURIComponent('对接')}`)).body.total).toBe(2);
    const screen = tokens.find((x) => x.name === '大屏展示')!;
    expect((await office.delete(`/api/tokens/${screen.id}`)).status).toBe(200);
    expect((await office.get('/api/tokens?revoked=true')).body.items.map((x: { name: string }) => x.name)).toEqual(['大屏展示']);
    expect((await office.get('/api/tokens?revoked=false')).body.total).toBe(2);
    // Another person's tokens are not in the list.
    expect((await admin.get('/api/tokens')).body.total).toBe(0);
    expect((await office.get('/api/tokens?sort=secretHash')).status).toBe(400);
  });
});
