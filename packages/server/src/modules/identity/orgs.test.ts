import { seedOrgs } from '@citysafe/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
let xinzhu: Client;
let xinhe: Client;
beforeAll(async () => {
  t = await testApp();
  admin = await t.admin();
  xinzhu = await t.userIn('XZJB', ['street']);
  xinhe = await t.userIn('XHJB', ['street']);
});
afterAll(() => t.close());

describe('org tree seeded from the seed document', () => {
  it('holds every body of 附件1–3 with its kind, aliases and liaison', async () => {
    const res = await admin.get('/api/orgs');
    expect(res.status).toBe(200);
    const byName = new Map<
      string,
      { id: string; type: string; aliases: string[]; liaisonOrgId: string | null; divisionCode: string | null; parentId: string | null }
    >(res.body.items.map((o: { name: string }) => [o.name, o]));
    expect(res.body.total).toBe(seedOrgs.length);
    for (const name of [
      '经发局',
      '教育卫健局',
      '应急管理局',
      '消防救援大队',
      '交警一中队',
      '平安办',
      '网格办',
      '宣传部',
      '管委会办公室',
      '陆港集团',
      '西安港集团',
    ]) {
      expect(byName.has(name), name).toBe(true);
    }
    expect(byName.get('西安国际港务区')).toMatchObject({ type: 'district', divisionCode: '610111', parentId: null });
    expect(byName.get('新筑街道办事处')!.type).toBe('street');
    expect(byName.get('工商分局')!.aliases).toEqual(['工商局']);
    expect(byName.get('质监分局')!.aliases).toEqual(['质监局']);
    expect(byName.get('食药监')!.aliases).toEqual(['食药监局']);
    expect(byName.get('各派出所')!.liaisonOrgId).toBe(byName.get('平安办')!.id);
    expect(byName.get('交警一中队')!.liaisonOrgId).toBe(byName.get('城管局')!.id);
    expect(byName.get('安全生产委员会办公室')!.parentId).toBe(byName.get('安全生产委员会')!.id);
    expect(byName.get('道路交通安全委员会办公室')).toBeDefined();
    expect(byName.get('消防安全委员会办公室')).toBeDefined();
  });
});

describe('GET /api/orgs', () => {
  it('401 without a session', async () => {
    expect((await t.anonymous.get('/api/orgs')).status).toBe(401);
  });

  it('scopes a street office to its own subtree', async () => {
    const res = await xinzhu.get('/api/orgs');
    expect(res.status).toBe(200);
    expect(res.body.items.map((o: { code: string }) => o.code)).toEqual(['XZJB']);
    expect(res.body.items[0].allowedActions).toEqual(['createChild']);
  });

  it('filters by type and text and validates the query', async () => {
    const res = await admin.get('/api/orgs?type=street');
    expect(res.body.items.map((o: { code: string }) => o.code).sort()).toEqual(['XHJB', 'XZJB']);
    const byAlias = await admin.get(`/api/orgs?q=${encodeURIComponent('工商局')}`);
    expect(byAlias.body.items.map((o: { code: string }) => o.code)).toEqual(['GSFJ']);
    const bad = await admin.get('/api/orgs?type=planet');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('query.type');
  });
});

describe('org changes', () => {
  let communityId: string;

  it('a street office creates a community under itself', async () => {
    const res = await xinzhu.post('/api/orgs', { code: 'XZ-C01', name: '新筑社区', type: 'community', parentId: await t.orgId('XZJB') });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '新筑社区', type: 'community', allowedActions: ['createChild', 'update', 'delete'] });
    communityId = res.body.id;
    const audit = await admin.get(`/api/audit?entityType=org&entityId=${communityId}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'org.create', actorName: expect.stringContaining('测试') });
  });

  it('403 for another street, 404 hides it from reading', async () => {
    const create = await xinhe.post('/api/orgs', { code: 'XH-X', name: '越界', type: 'community', parentId: await t.orgId('XZJB') });
    expect(create.status).toBe(400);
    expect(create.body.error.fields[0].field).toBe('parentId');
    expect((await xinhe.get(`/api/orgs/${communityId}`)).status).toBe(404);
    expect((await xinhe.patch(`/api/orgs/${communityId}`, { name: '改名' })).status).toBe(404);
    expect((await xinhe.delete(`/api/orgs/${communityId}`)).status).toBe(404);
  });

  it('403 for a role without org.manage', async () => {
    const dept = await t.userIn('YJGLJ', ['department']);
    const res = await dept.post('/api/orgs', { code: 'YJ-1', name: '科室', type: 'department', parentId: await t.orgId('YJGLJ') });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('a street office cannot change itself', async () => {
    expect((await xinzhu.patch(`/api/orgs/${await t.orgId('XZJB')}`, { name: '新名' })).status).toBe(403);
  });

  it('422 for a kind that cannot sit under the parent, 409 for a taken code', async () => {
    const wrongType = await xinzhu.post('/api/orgs', { code: 'XZ-D', name: '部门', type: 'department', parentId: await t.orgId('XZJB') });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.error.code).toBe('RULE_VIOLATION');
    const taken = await xinzhu.post('/api/orgs', { code: 'XZ-C01', name: '重复', type: 'community', parentId: await t.orgId('XZJB') });
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields[0].field).toBe('code');
  });

  it('moves a subtree and refuses a cycle', async () => {
    const grid = await xinzhu.post('/api/orgs', {
      code: 'XZ-G01',
      name: '一网格',
      type: 'grid',
      parentId: communityId,
      gridCode: '610111001001001',
    });
    expect(grid.status).toBe(201);
    const cycle = await admin.patch(`/api/orgs/${communityId}`, { parentId: grid.body.id });
    expect(cycle.status).toBe(422);
    const moved = await admin.patch(`/api/orgs/${communityId}`, { parentId: await t.orgId('XHJB') });
    expect(moved.status).toBe(200);
    // The grid moved along: now 新合街办 sees it and 新筑街办 does not.
    expect((await xinhe.get(`/api/orgs/${grid.body.id}`)).status).toBe(200);
    expect((await xinzhu.get(`/api/orgs/${grid.body.id}`)).status).toBe(404);
  });

  it('409 when deleting an org that still has children or users; 200 when empty', async () => {
    expect((await admin.delete(`/api/orgs/${communityId}`)).status).toBe(409);
    expect((await admin.delete(`/api/orgs/${await t.orgId('XZJB')}`)).status).toBe(409);
    const grids = await admin.get(`/api/orgs?parentId=${communityId}`);
    expect((await admin.delete(`/api/orgs/${grids.body.items[0].id}`)).status).toBe(200);
    expect((await admin.delete(`/api/orgs/${communityId}`)).status).toBe(200);
    expect((await admin.get(`/api/orgs/${communityId}`)).status).toBe(404);
  });

  it('keeps a WGS-84 location and refuses one off the globe', async () => {
    const res = await xinzhu.post('/api/orgs', {
      code: 'XZ-QY1',
      name: '港务物流园',
      type: 'enterprise',
      parentId: await t.orgId('XZJB'),
      location: [109.0612, 34.3721],
    });
    expect(res.status).toBe(201);
    expect(res.body.location).toEqual([109.0612, 34.3721]);
    const moved = await xinzhu.patch(`/api/orgs/${res.body.id}`, { location: [109.07, 34.38] });
    expect(moved.body.location).toEqual([109.07, 34.38]);
    const bad = await xinzhu.patch(`/api/orgs/${res.body.id}`, { location: [190, 34] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('location.0');
  });

  it('404 for an unknown id and 400 for a malformed one', async () => {
    expect((await admin.get('/api/orgs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await admin.get('/api/orgs/not-a-uuid')).status).toBe(400);
  });
});
