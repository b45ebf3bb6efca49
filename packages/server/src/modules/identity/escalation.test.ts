import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type TestApp, testApp, TEST_PASSWORD } from '../../../test/harness.js';
import { rows } from '../../platform/db.js';

let t: TestApp;
let admin: Client;
let office: Client; // 安委办: manages users in the district, but holds less than admin
let adminId: string;

beforeAll(async () => {
  t = await testApp();
  admin = await t.admin();
  adminId = admin.user!.id;
  office = await t.userIn('AWB', ['safety_office'], 'awb');
});
afterAll(() => t.close());

describe('managing an account needs at least the powers the account holds', () => {
  it('安委办 cannot reset, lock, disable, move or change the administrator', async () => {
    const seen = await office.get(`/api/users/${adminId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.allowedActions).toEqual([]);
    expect((await office.post(`/api/users/${adminId}/password`, { password: 'Taken-Over#2026' })).status).toBe(403);
    expect((await office.post(`/api/users/${adminId}/actions/disable`, { reason: '接管账号' })).status).toBe(403);
    expect((await office.patch(`/api/users/${adminId}`, { displayName: '改名' })).status).toBe(403);
    expect((await t.anonymous.post('/api/auth/login', { username: 'admin', password: 'Taken-Over#2026' })).status).toBe(401);
  });

  it('a street office cannot take over a district-wide account placed in its street', async () => {
    const street = await t.userIn('XZJB', ['street'], 'xz');
    const expert = await admin.post('/api/users', {
      username: 'expert_in_street',
      password: TEST_PASSWORD,
      displayName: '专家',
      orgId: await t.orgId('XZJB'),
      roles: ['expert'],
      mustChangePassword: false,
    });
    expect((await street.get(`/api/users/${expert.body.id}`)).body.allowedActions).toEqual([]);
    expect((await street.post(`/api/users/${expert.body.id}/password`, { password: 'Taken-Over#2026' })).status).toBe(403);
  });

  it('nobody resets their own password without the current one', async () => {
    const me = await office.get(`/api/users/${office.user!.id}`);
    expect(me.body.allowedActions).toEqual(['update']);
    expect((await office.post(`/api/users/${office.user!.id}/password`, { password: 'Self-Reset#2026' })).status).toBe(403);
  });
});

describe('the last role manager', () => {
  it('keeps role.manage and stays active', async () => {
    const second = await admin.post('/api/users', {
      username: 'admin2',
      password: TEST_PASSWORD,
      displayName: '第二管理员',
      orgId: await t.orgId('GWQ'),
      roles: ['admin', 'street'],
      mustChangePassword: false,
    });
    const other = await t.login('admin2');
    // While another administrator remains, one may be disabled.
    expect((await other.post(`/api/users/${adminId}/actions/disable`, { reason: '轮岗' })).status).toBe(200);
    // admin2 is now the last: they may not drop the administrator role from themselves.
    const drop = await other.patch(`/api/users/${second.body.id}`, { roles: ['street'] });
    expect(drop.status).toBe(422);
    expect(drop.body.error.code).toBe('RULE_VIOLATION');
    expect((await other.post(`/api/users/${adminId}/actions/enable`, {})).status).toBe(200);
    expect((await other.patch(`/api/users/${second.body.id}`, { roles: ['street'] })).status).toBe(200);
    // Disabling ended the first administrator's session; the tests below need a new one.
    admin = await t.admin();
  });
});

/** A failed login from one source address; returns the status. */
const wrongLogin = async (username: string, remoteAddress: string) =>
  (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'wrong' }, remoteAddress })).statusCode;

describe('lockout', () => {
  it('counts parallel failed logins in the database, so a distributed burst still locks the account', async () => {
    const user = await t.userIn('YJGLJ', ['department'], 'burst');
    const attempts = [];
    // From 24 addresses, in parallel batches small enough for the embedded database's bounded queue.
    for (let batch = 0; batch < 3; batch++) {
      attempts.push(...(await Promise.all(Array.from({ length: 8 }, (_, i) => wrongLogin('burst', `10.66.${batch}.${i + 1}`)))));
    }
    expect(new Set(attempts)).toEqual(new Set([401]));
    const detail = await admin.get(`/api/users/${user.user!.id}`);
    expect(detail.body.status).toBe('locked');
  });

  it('a timer left from an earlier lockout does not lift a lock an administrator set since', async () => {
    const user = await t.userIn('YJGLJ', ['department'], 'stale');
    for (let i = 1; i <= 20; i++) await wrongLogin('stale', `10.67.0.${i}`);
    expect((await admin.get(`/api/users/${user.user!.id}`)).body.status).toBe('locked');
    const id = user.user!.id;
    expect((await admin.post(`/api/users/${id}/actions/unlock`, {})).status).toBe(200);
    expect((await admin.post(`/api/users/${id}/actions/lock`, { reason: '疑似被盗用' })).status).toBe(200);
    await t.platform.db.execute(sql`update jobs set run_at = now() - interval '1 second' where kind = 'user.lockExpired'`);
    await t.platform.jobs.runDue();
    expect((await admin.get(`/api/users/${id}`)).body.status).toBe('locked');
  });
});

describe('API tokens', () => {
  it('a token cannot use routes meant for people, and a password reset revokes the account’s tokens', async () => {
    const device = await admin.post('/api/tokens', { name: '燃气监测终端', actions: ['telemetry.publish'] });
    const system = new Client(t, { bearer: device.body.token });
    expect((await system.get('/api/notifications')).status).toBe(403);
    expect((await system.post('/api/auth/password', { currentPassword: 'x', newPassword: 'y' })).status).toBe(403);

    const dept = await t.userIn('YJGLJ', ['department'], 'dept_tokens');
    const created = await admin.post('/api/tokens', { name: 'x', actions: ['org.read'] });
    expect(created.status).toBe(201);
    await t.platform.db.execute(sql`update api_tokens set user_id = ${dept.user!.id} where id = ${created.body.id}`);
    const theirs = new Client(t, { bearer: created.body.token });
    expect((await theirs.get('/api/orgs')).status).toBe(200);
    expect((await admin.post(`/api/users/${dept.user!.id}/password`, { password: 'Reset-Again#2026' })).status).toBe(200);
    expect((await theirs.get('/api/orgs')).status).toBe(401);
  });
});

describe('input a database cannot hold', () => {
  it('NUL characters are refused with 400 naming the field', async () => {
    const res = await admin.post('/api/users', {
      username: 'nul_user',
      password: TEST_PASSWORD,
      displayName: 'a\u0000b',
      orgId: await t.orgId('YJGLJ'),
      roles: ['department'],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('displayName');
    const login = await t.anonymous.post('/api/auth/login', { username: 'ad\u0000min', password: 'x' });
    expect(login.status).toBe(400);
  });

  it('two requests taking the same username at once: one wins, the other gets 409', async () => {
    const body = { username: 'race', password: TEST_PASSWORD, displayName: '并发', orgId: await t.orgId('YJGLJ'), roles: ['department'] };
    const results = await Promise.all([admin.post('/api/users', body), admin.post('/api/users', body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const [count] = await rows<{ n: number }>(t.platform.db, sql`select count(*)::int as n from users where username = 'race'`);
    expect(count!.n).toBe(1);
  });
});
