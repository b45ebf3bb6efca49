import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp, TEST_PASSWORD } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
let xinzhu: Client;
let xinhe: Client;
let xinzhuOrg: string;
let xinheOrg: string;
beforeAll(async () => {
  t = await testApp();
  admin = await t.admin();
  xinzhu = await t.userIn('XZJB', ['street'], 'xinzhu_office');
  xinhe = await t.userIn('XHJB', ['street'], 'xinhe_office');
  xinzhuOrg = await t.orgId('XZJB');
  xinheOrg = await t.orgId('XHJB');
});
afterAll(() => t.close());

const newUser = (orgId: string, username: string, roles = ['grid_member']) => ({
  username,
  password: TEST_PASSWORD,
  displayName: '张三',
  orgId,
  roles,
});

describe('POST /api/users', () => {
  it('401 anonymous, 403 for a role without user.manage', async () => {
    expect((await t.anonymous.post('/api/users', newUser(xinzhuOrg, 'a1'))).status).toBe(401);
    const expert = await t.userIn('AWB', ['expert']);
    expect((await expert.post('/api/users', newUser(xinzhuOrg, 'a2'))).status).toBe(403);
  });

  it('a street office creates a grid member in its street, who must change the password at first login', async () => {
    const res = await xinzhu.post('/api/users', newUser(xinzhuOrg, 'grid_zhang'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      username: 'grid_zhang',
      orgName: '新筑街办',
      roles: ['grid_member'],
      status: 'active',
      mustChangePassword: true,
    });
    expect(res.body).not.toHaveProperty('passwordHash');
    const login = await t.anonymous.post('/api/auth/login', { username: 'grid_zhang', password: TEST_PASSWORD });
    expect(login.body.user.mustChangePassword).toBe(true);
  });

  it('403 for another street’s org (a street office cannot place users in 新合街办)', async () => {
    const res = await xinzhu.post('/api/users', newUser(xinheOrg, 'intruder'));
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('orgId');
  });

  it('403 when granting a role beyond one’s own powers', async () => {
    const res = await xinzhu.post('/api/users', newUser(xinzhuOrg, 'wannabe_admin', ['admin']));
    expect(res.status).toBe(403);
    expect(res.body.error.fields[0].field).toBe('roles');
  });

  it('400 for a weak password, a bad username, an unknown role; 409 for a taken username (any case)', async () => {
    const weak = await admin.post('/api/users', { ...newUser(xinzhuOrg, 'weakling'), password: 'abc' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields[0]).toMatchObject({ field: 'password', message: { zh: expect.stringContaining('8') } });
    const classes = await admin.post('/api/users', { ...newUser(xinzhuOrg, 'weakling'), password: 'abcdefghij' });
    expect(classes.status).toBe(400);
    const badName = await admin.post('/api/users', newUser(xinzhuOrg, '张 三'));
    expect(badName.status).toBe(400);
    expect(badName.body.error.fields[0].field).toBe('username');
    const badRole = await admin.post('/api/users', newUser(xinzhuOrg, 'norole', ['astronaut']));
    expect(badRole.status).toBe(400);
    const taken = await admin.post('/api/users', newUser(xinzhuOrg, 'GRID_ZHANG'));
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields[0].field).toBe('username');
  });
});

describe('GET /api/users', () => {
  it('shows a street office only its own street’s users', async () => {
    const mine = await xinzhu.get('/api/users?pageSize=200');
    expect(mine.status).toBe(200);
    const orgNames = new Set(mine.body.items.map((u: { orgName: string }) => u.orgName));
    expect([...orgNames]).toEqual(['新筑街办']);
    expect(mine.body.items.map((u: { username: string }) => u.username)).not.toContain('xinhe_office');
  });

  it('an administrator sees everyone and filters, sorts and pages', async () => {
    const all = await admin.get('/api/users?pageSize=200');
    expect(all.body.total).toBeGreaterThanOrEqual(4);
    const byRole = await admin.get('/api/users?role=street');
    expect(byRole.body.items.map((u: { username: string }) => u.username).sort()).toEqual(['xinhe_office', 'xinzhu_office']);
    const byOrg = await admin.get(`/api/users?orgId=${xinheOrg}`);
    expect(byOrg.body.items.map((u: { username: string }) => u.username)).toEqual(['xinhe_office']);
    const sorted = await admin.get('/api/users?sort=username&pageSize=2&page=1');
    expect(sorted.body.items).toHaveLength(2);
    expect(sorted.body.items[0].username <= sorted.body.items[1].username).toBe(true);
    const text = await admin.get(`/api/users?q=${encodeURIComponent('zhang')}`);
    expect(text.body.items.map((u: { username: string }) => u.username)).toEqual(['grid_zhang']);
    expect((await admin.get('/api/users?sort=passwordHash')).status).toBe(400);
    expect((await admin.get('/api/users?pageSize=5000')).status).toBe(400);
  });

  it('GET /api/users/:id is 404 across streets', async () => {
    expect((await xinzhu.get(`/api/users/${xinhe.user!.id}`)).status).toBe(404);
    expect((await xinhe.get(`/api/users/${xinhe.user!.id}`)).status).toBe(200);
  });
});

describe('account workflow', () => {
  let userId: string;
  beforeAll(async () => {
    userId = (await xinzhu.post('/api/users', newUser(xinzhuOrg, 'grid_li'))).body.id;
  });

  it('returns status and allowed actions', async () => {
    const res = await xinzhu.get(`/api/users/${userId}`);
    expect(res.body).toMatchObject({ status: 'active', allowedActions: ['update', 'resetPassword', 'lock', 'disable'], timeline: [] });
  });

  it('400 without the reason a disable needs; 404 for an unknown action', async () => {
    const res = await xinzhu.post(`/api/users/${userId}/actions/disable`, {});
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('reason');
    expect((await xinzhu.post(`/api/users/${userId}/actions/explode`, {})).status).toBe(404);
  });

  it('disables with a reason, ends sessions, and keeps the timeline', async () => {
    const session = await t.login('grid_li');
    const res = await xinzhu.post(`/api/users/${userId}/actions/disable`, { reason: '人员离职' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'disabled', allowedActions: ['update', 'resetPassword', 'enable'] });
    expect(res.body.timeline).toEqual([
      expect.objectContaining({
        action: 'disable',
        fromState: 'active',
        toState: 'disabled',
        input: { reason: '人员离职' },
        actorName: '测试xinzhu_office',
      }),
    ]);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    const login = await t.anonymous.post('/api/auth/login', { username: 'grid_li', password: TEST_PASSWORD });
    expect(login.status).toBe(401);
    expect(login.body.error.message.zh).toContain('停用');
  });

  it('409 for an action the state does not allow, with the reason', async () => {
    const res = await xinzhu.post(`/api/users/${userId}/actions/unlock`, {});
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'INVALID_TRANSITION', message: { zh: expect.stringContaining('停用') } });
  });

  it('403 for system-only actions, another street, or oneself', async () => {
    expect((await xinzhu.post(`/api/users/${userId}/actions/lockExpired`, {})).status).toBe(403);
    expect((await xinhe.post(`/api/users/${userId}/actions/enable`, {})).status).toBe(404);
    expect((await xinzhu.post(`/api/users/${xinzhu.user!.id}/actions/lock`, { reason: '测试锁定' })).status).toBe(403);
  });

  it('enables again', async () => {
    const res = await xinzhu.post(`/api/users/${userId}/actions/enable`, {});
    expect(res.body.status).toBe('active');
    expect(res.body.timeline.map((e: { action: string }) => e.action)).toEqual(['disable', 'enable']);
  });
});

describe('PATCH and password reset', () => {
  it('changes name and roles; refuses moving a user to another street', async () => {
    const created = await xinzhu.post('/api/users', newUser(xinzhuOrg, 'grid_wang'));
    const res = await xinzhu.patch(`/api/users/${created.body.id}`, { displayName: '王五', phone: '029-83332051' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ displayName: '王五', phone: '029-83332051' });
    expect((await xinzhu.patch(`/api/users/${created.body.id}`, { orgId: xinheOrg })).status).toBe(400);
    expect((await xinzhu.patch(`/api/users/${created.body.id}`, { phone: 'abc' })).status).toBe(400);
    expect((await xinhe.patch(`/api/users/${created.body.id}`, { displayName: 'x' })).status).toBe(404);
  });

  it('nobody gives themselves more roles', async () => {
    const res = await xinzhu.patch(`/api/users/${xinzhu.user!.id}`, { roles: ['street', 'grid_member'] });
    expect(res.status).toBe(403);
  });

  it('reset makes the user change the password at next login and ends their sessions', async () => {
    const created = await admin.post('/api/users', { ...newUser(xinheOrg, 'reset_me'), mustChangePassword: false });
    const session = await t.login('reset_me');
    expect((await session.get('/api/auth/me')).status).toBe(200);
    const res = await admin.post(`/api/users/${created.body.id}/password`, { password: 'Brand-New#2026' });
    expect(res.status).toBe(200);
    expect((await session.get('/api/auth/me')).status).toBe(401);
    const again = await t.login('reset_me', 'Brand-New#2026');
    expect((await again.get('/api/auth/me')).body.user.mustChangePassword).toBe(true);
    expect((await again.get('/api/orgs')).status).toBe(403);
    expect((await admin.post(`/api/users/${created.body.id}/password`, { password: 'short' })).status).toBe(400);
  });
});
