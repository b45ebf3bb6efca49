import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp, TEST_ADMIN_PASSWORD, TEST_PASSWORD } from '../../../test/harness.js';
import { rows } from '../../platform/db.js';
import { loginSource } from './auth.service.js';

let t: TestApp;
beforeAll(async () => {
  // Mid-morning: moving the clock on by a lockout's half hour does not make the daily 08:00 job due too.
  t = await testApp({ now: '2024-05-06T10:00:00+08:00' });
});
afterAll(() => t.close());

/** A login attempt from a given source address (Fastify inject's remote address). */
async function attempt(username: string, password: string, remoteAddress: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
  return { status: res.statusCode, body: res.json() as unknown };
}

async function statusOf(userId: string): Promise<{ status: string; timeline: string[] }> {
  const detail = await (await t.admin()).get(`/api/users/${userId}`);
  return { status: detail.body.status, timeline: detail.body.timeline.map((e: { action: string }) => e.action) };
}

describe('lockout per account and source address', () => {
  it('locks one address out of the account after five failures; other addresses still log in', async () => {
    const street = await t.userIn('XZJB', ['street']);
    const username = street.user!.username;
    const wrong = [];
    for (let i = 0; i < 5; i++) wrong.push(await attempt(username, 'wrong', '203.0.113.7'));
    expect(wrong.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    // From the locked-out address even the right password is refused, with the same answer.
    const locked = await attempt(username, TEST_PASSWORD, '203.0.113.7');
    expect(locked).toEqual(wrong[0]);
    // The account itself is not locked: the person logs in from elsewhere, and their session stands.
    expect((await attempt(username, TEST_PASSWORD, '198.51.100.20')).status).toBe(200);
    expect((await street.get('/api/auth/me')).status).toBe(200);
    expect(await statusOf(street.user!.id)).toEqual({ status: 'active', timeline: [] });
    // The address's lock ends after the lockout period.
    t.clock.advance(31 * 60_000);
    expect((await attempt(username, TEST_PASSWORD, '203.0.113.7')).status).toBe(200);
  });

  it('does not let anyone lock the administrator out from one address, however many requests', async () => {
    const results = [];
    // In parallel batches (small enough for the embedded database's bounded queue), as a script would send them.
    for (let batch = 0; batch < 4; batch++) {
      results.push(...(await Promise.all(Array.from({ length: 8 }, () => attempt('admin', 'guess', '192.0.2.66')))));
    }
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([401]));
    expect((await attempt('admin', TEST_ADMIN_PASSWORD, '192.0.2.67')).status).toBe(200);
    const [row] = await rows<{ status: string; failed_logins: number }>(
      t.platform.db,
      sql`select status, failed_logins from users where username = 'admin'`,
    );
    // A success resets the count; the status shows the account never locked.
    expect(row).toEqual({ status: 'active', failed_logins: 0 });
    const [address] = await rows<{ failures: number }>(t.platform.db, sql`select failures from login_failures where source = '192.0.2.66'`);
    // Parallel attempts from one address count no further than its limit.
    expect(address!.failures).toBe(5);
  });

  it('locks the account after twenty failures across addresses, and its timer unlocks it', async () => {
    const street = await t.userIn('XZJB', ['street']);
    const username = street.user!.username;
    const first = await attempt(username, 'wrong', '10.9.0.1');
    for (let i = 2; i <= 20; i++) expect((await attempt(username, 'wrong', `10.9.0.${i}`)).status).toBe(401);
    expect(await statusOf(street.user!.id)).toEqual({ status: 'locked', timeline: ['lockAfterFailures'] });
    // Locked for every address, the right password included, with the same answer as a wrong one.
    expect(await attempt(username, TEST_PASSWORD, '10.9.0.99')).toEqual(first);
    t.clock.advance(31 * 60_000);
    // The unlock timer runs (other modules' recurring checks may fall due in the same half hour).
    expect(await t.platform.jobs.runDue()).toBeGreaterThanOrEqual(1);
    expect((await statusOf(street.user!.id)).status).toBe('active');
    expect((await attempt(username, TEST_PASSWORD, '10.9.0.1')).status).toBe(200);
  });

  it('counts account-wide failures within the lockout period only', async () => {
    const street = await t.userIn('XZJB', ['street']);
    const username = street.user!.username;
    for (let i = 1; i <= 19; i++) await attempt(username, 'wrong', `10.8.0.${i}`);
    t.clock.advance(31 * 60_000);
    // Nineteen failures half an hour ago and one now do not make twenty.
    await attempt(username, 'wrong', '10.8.1.1');
    expect((await statusOf(street.user!.id)).status).toBe('active');
  });

  it('answers an unknown user, a wrong password and a locked account alike', async () => {
    const street = await t.userIn('XZJB', ['street']);
    const username = street.user!.username;
    const unknown = await attempt('nobody-here', 'whatever', '10.7.0.1');
    const wrongPassword = await attempt(username, 'wrong', '10.7.0.2');
    for (let i = 3; i <= 21; i++) await attempt(username, 'wrong', `10.7.0.${i}`);
    expect((await statusOf(street.user!.id)).status).toBe('locked');
    const lockedRight = await attempt(username, TEST_PASSWORD, '10.7.0.50');
    const lockedWrong = await attempt(username, 'wrong', '10.7.0.51');
    expect(unknown.status).toBe(401);
    expect(wrongPassword).toEqual(unknown);
    expect(lockedRight).toEqual(unknown);
    expect(lockedWrong).toEqual(unknown);
    expect(unknown.body).toMatchObject({
      error: { code: 'UNAUTHENTICATED', message: { zh: expect.stringContaining('用户名或密码错误') } },
    });
  });
});

describe('loginSource', () => {
  it('counts an IPv6 /64 as one address and IPv4-mapped addresses as IPv4', () => {
    expect(loginSource('203.0.113.7')).toBe('203.0.113.7');
    expect(loginSource('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(loginSource('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(loginSource('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(loginSource('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(loginSource('::1')).toBe('0:0:0:0::/64');
  });
});
