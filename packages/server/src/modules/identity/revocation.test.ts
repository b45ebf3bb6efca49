import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp, TEST_PASSWORD } from '../../../test/harness.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await testApp();
  admin = await t.admin();
});
afterAll(() => t.close());

async function tokenOf(owner: Client, name: string): Promise<string> {
  const res = await owner.post('/api/tokens', { name, actions: ['org.read'] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.token;
}

const withToken = (token: string) => t.app.inject({ method: 'GET', url: '/api/orgs', headers: { authorization: `Bearer ${token}` } });

describe('what ends an account’s credentials', () => {
  it('disabling revokes the tokens and sessions, and enabling again brings back neither', async () => {
    const leaver = await t.userIn('GWQ', ['admin']);
    const token = await tokenOf(leaver, '对接系统');
    const otherSession = await t.login(leaver.user!.username);
    expect((await withToken(token)).statusCode).toBe(200);

    expect((await admin.post(`/api/users/${leaver.user!.id}/actions/disable`, { reason: '人员离职' })).status).toBe(200);
    expect((await withToken(token)).statusCode).toBe(401);
    expect((await leaver.get('/api/auth/me')).status).toBe(401);
    expect((await otherSession.get('/api/auth/me')).status).toBe(401);

    expect((await admin.post(`/api/users/${leaver.user!.id}/actions/enable`, {})).status).toBe(200);
    expect((await withToken(token)).statusCode).toBe(401);
    expect((await leaver.get('/api/auth/me')).status).toBe(401);
    expect((await otherSession.get('/api/auth/me')).status).toBe(401);
    // The person logs in anew and finds the token marked revoked.
    const back = await t.login(leaver.user!.username);
    const tokens = await back.get('/api/tokens');
    expect(tokens.body.items.map((i: { revokedAt: string | null }) => i.revokedAt)).toEqual([expect.any(String)]);
  });

  it('a password change ends the other sessions and keeps the tokens (they belong to systems)', async () => {
    const person = await t.userIn('GWQ', ['admin']);
    const token = await tokenOf(person, '监测平台');
    const elsewhere = await t.login(person.user!.username);
    const changed = await person.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Changed#2026x' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await person.get('/api/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    expect((await withToken(token)).statusCode).toBe(200);
  });
});
