import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type TestApp, testApp, TEST_ADMIN_PASSWORD, TEST_PASSWORD } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await testApp();
  admin = await t.admin();
});
afterAll(() => t.close());

describe('route table', () => {
  it('every route declares its permission', () => {
    const missing = t.routes.filter((r) => r.method !== 'HEAD' && !r.permission).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    expect(t.routes.length).toBeGreaterThan(30);
  });

  it('every non-public API route answers 401 to the anonymous public', async () => {
    const guarded = t.routes.filter((r) => r.url.startsWith('/api/') && r.permission !== 'public' && r.method !== 'HEAD');
    for (const r of guarded) {
      const url = r.url.replace(/:(\w+)/g, (_m, name: string) =>
        name === 'action' ? 'lock' : name === 'code' ? 'admin' : '00000000-0000-4000-8000-000000000000',
      );
      const res = await t.anonymous.request(r.method, url, r.method === 'GET' ? undefined : {});
      expect(res.status, `${r.method} ${r.url}`).toBe(401);
    }
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the token, accepts it with the token', async () => {
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read-all',
      headers: { cookie: `cs_session=${admin.auth.cookie}` },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read-all',
      headers: { cookie: `cs_session=${admin.auth.cookie}`, 'x-csrf-token': 'forged' },
    });
    expect(wrong.statusCode).toBe(403);
    expect((await admin.post('/api/notifications/read-all')).status).toBe(200);
  });

  it('GET /api/auth/me gives the CSRF token back after a reload', async () => {
    const me = await admin.get('/api/auth/me');
    expect(me.body.csrfToken).toBe(admin.auth.csrfToken);
  });
});

describe('sessions', () => {
  it('logout revokes the session server-side', async () => {
    const session = await t.admin();
    expect((await session.post('/api/auth/logout')).status).toBe(200);
    expect((await session.get('/api/auth/me')).status).toBe(401);
  });

  it('an idle session ends after the policy’s idle time', async () => {
    const session = await t.admin();
    await t.platform.db.execute(
      sql`update sessions set last_seen_at = now() - interval '31 minutes' where revoked_at is null and id <> ${sha(admin.auth.cookie!)}`,
    );
    expect((await session.get('/api/auth/me')).status).toBe(401);
    expect((await admin.get('/api/auth/me')).status).toBe(200);
  });
});

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('password change', () => {
  it('a user who must change the password can do nothing else until they do', async () => {
    await admin.post('/api/users', {
      username: 'newcomer',
      password: TEST_PASSWORD,
      displayName: '新人',
      orgId: await t.orgId('YJGLJ'),
      roles: ['department'],
    });
    const user = await t.login('newcomer');
    const blocked = await user.get('/api/orgs');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await user.get('/api/auth/password-policy')).body).toMatchObject({
      minLength: 8,
      maxFailedLogins: 5,
      source: { zh: expect.stringContaining('GB/T 22239') },
    });
    const wrongCurrent = await user.post('/api/auth/password', { currentPassword: 'nope', newPassword: 'Another#2026x' });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.error.fields[0].field).toBe('currentPassword');
    const same = await user.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
    expect(same.status).toBe(400);
    const weak = await user.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'newcomer123A' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields[0].message.en).toContain('username');
    const ok = await user.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Another#2026x' });
    expect(ok.status).toBe(200);
    expect((await user.get('/api/orgs')).status).toBe(200);
    expect((await t.anonymous.post('/api/auth/login', { username: 'newcomer', password: TEST_PASSWORD })).status).toBe(401);
  });
});

describe('API tokens', () => {
  it('lets an integrating system call the API with Bearer, limited to the token’s actions', async () => {
    const created = await admin.post('/api/tokens', { name: '企业隐患系统对接', actions: ['org.read'] });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^cst_/);
    expect(created.body).not.toHaveProperty('tokenHash');
    const system = new Client(t, { bearer: created.body.token });
    expect((await system.get('/api/orgs')).status).toBe(200);
    // No CSRF for Bearer writes, but the token lacks notification.send.
    expect((await system.post('/api/notifications', { title: 'x', userIds: [admin.user!.id] })).status).toBe(403);
    // A token cannot mint tokens even if it held token.manage.
    const list = await admin.get('/api/tokens');
    expect(list.body.items[0]).toMatchObject({
      name: '企业隐患系统对接',
      prefix: created.body.token.slice(0, 10),
      lastUsedAt: expect.any(String),
    });
    expect((await admin.delete(`/api/tokens/${created.body.id}`)).status).toBe(200);
    expect((await admin.delete(`/api/tokens/${created.body.id}`)).status).toBe(409);
    expect((await system.get('/api/orgs')).status).toBe(401);
  });

  it('refuses actions the caller does not hold, past expiries, bad input and garbage tokens', async () => {
    const enterprise = await t.userIn('LGJT', ['enterprise']);
    const beyond = await enterprise.post('/api/tokens', { name: 'x', actions: ['user.manage'] });
    expect(beyond.status).toBe(403);
    const past = await enterprise.post('/api/tokens', { name: 'x', actions: ['org.read'], expiresAt: '2020-01-01T00:00:00+08:00' });
    expect(past.status).toBe(400);
    expect((await enterprise.post('/api/tokens', { name: '', actions: [] })).status).toBe(400);
    const garbage = await t.app.inject({ method: 'GET', url: '/api/orgs', headers: { authorization: 'Bearer cst_nope' } });
    expect(garbage.statusCode).toBe(401);
    const malformed = await t.app.inject({ method: 'GET', url: '/api/orgs', headers: { authorization: 'Basic abc' } });
    expect(malformed.statusCode).toBe(401);
    const other = await admin.get('/api/tokens');
    const mine = await enterprise.get('/api/tokens');
    expect(mine.body.total).toBe(0);
    if (other.body.items[0]) expect((await enterprise.delete(`/api/tokens/${other.body.items[0].id}`)).status).toBe(404);
  });

  it('a token cannot create tokens', async () => {
    const created = await admin.post('/api/tokens', { name: 'ops', actions: ['token.manage', 'org.read'] });
    const system = new Client(t, { bearer: created.body.token });
    expect((await system.post('/api/tokens', { name: 'child', actions: ['org.read'] })).status).toBe(403);
  });
});

describe('roles', () => {
  it('lists roles with actions and the catalogue', async () => {
    const res = await admin.get('/api/roles');
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['admin', 'safety_office', 'department', 'street', 'grid_member', 'enterprise', 'expert', 'duty_officer']),
    );
    expect(res.body.actions.find((a: { code: string }) => a.code === 'audit.read').name.zh).toBe('查看审计日志');
  });

  it('an administrator edits a role; the change takes effect at once and is audited', async () => {
    const expert = await t.userIn('AWB', ['expert']);
    expect((await expert.get('/api/users')).status).toBe(403);
    const res = await admin.put('/api/roles/expert', { scope: 'district', actions: ['org.read', 'file.read', 'user.read'] });
    expect(res.status).toBe(200);
    expect((await expert.get('/api/users')).status).toBe(200);
    const log = await admin.get('/api/audit?entityType=role&entityId=expert');
    expect(log.body.items[0].action).toBe('role.update');
  });

  it('403 for others, 404 unknown role, 400 unknown action, 422 when admin would lose role.manage', async () => {
    const office = await t.userIn('AWB', ['safety_office']);
    expect((await office.put('/api/roles/expert', { scope: 'district', actions: [] })).status).toBe(403);
    expect((await admin.put('/api/roles/astronaut', { scope: 'district', actions: [] })).status).toBe(404);
    expect((await admin.put('/api/roles/expert', { scope: 'district', actions: ['fly'] })).status).toBe(400);
    expect((await admin.put('/api/roles/admin', { scope: 'all', actions: ['org.read'] })).status).toBe(422);
  });
});

describe('locale', () => {
  it('keeps the user’s interface language', async () => {
    const user = await t.login('admin', TEST_ADMIN_PASSWORD);
    expect((await user.put('/api/auth/locale', { locale: 'en-US' })).status).toBe(200);
    expect((await user.get('/api/auth/me')).body.user.locale).toBe('en-US');
    expect((await user.put('/api/auth/locale', { locale: 'fr-FR' })).status).toBe(400);
    await user.put('/api/auth/locale', { locale: 'zh-CN' });
  });
});
