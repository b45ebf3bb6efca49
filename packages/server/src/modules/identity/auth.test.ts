import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, TEST_ADMIN_PASSWORD } from '../../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  // Mid-morning: moving the clock on by a lockout's half hour does not make the daily 08:00 job due too.
  t = await testApp({ now: '2024-05-06T10:00:00+08:00' });
});
afterAll(() => t.close());

describe('login', () => {
  it('returns the user and a CSRF token and sets an HttpOnly SameSite session cookie', async () => {
    const res = await t.anonymous.post('/api/auth/login', { username: 'admin', password: TEST_ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'admin', roles: ['admin'], mustChangePassword: false });
    expect(res.body.user.permissions).toContain('user.manage');
    expect(res.body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/cs_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('refuses a wrong password with 401 and a bilingual message', async () => {
    const res = await t.anonymous.post('/api/auth/login', { username: 'admin', password: 'nope' });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: { zh: expect.stringMatching(/^用户名或密码错误/), en: expect.stringMatching(/^Wrong username or password/) },
    });
  });

  it('answers 400 with the field when the body is malformed', async () => {
    const res = await t.anonymous.post('/api/auth/login', { username: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.fields[0].field).toBe('password');
    expect(res.body.error.fields[0].message.zh).toBeTruthy();
    expect(res.body.error.fields[0].message.en).toBeTruthy();
  });
});
