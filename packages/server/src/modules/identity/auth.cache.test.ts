import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { createPlatform, type RunningPlatform } from '../../index.js';
import { openDatabase } from '../../platform/db.js';
import { apiTokens, roles, sessions, userRoles, users } from './identity.tables.js';

// Each node caches the sessions and tokens it has recognised (platform/auth.ts); these tests change
// the database the way any service, another node or an operator would, and expect the very next
// request to see the change: the database's triggers announce it, and the cache forgets.

describe('the caller cache follows the database at once', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(async () => t.close());

  const userIdOf = (c: Client) => c.user!.id;

  it('a disabled user is refused on the next request, through the API and by a plain database change', async () => {
    const viaApi = await t.userIn('AWB', ['safety_office']);
    expect((await viaApi.get('/api/users')).status).toBe(200);
    const admin = await t.admin();
    const disabled = await admin.post(`/api/users/${userIdOf(viaApi)}/actions/disable`, { reason: '人员调离 / left' });
    expect(disabled.status).toBe(200);
    expect((await viaApi.get('/api/users')).status).toBe(401);

    const viaSql = await t.userIn('AWB', ['safety_office']);
    expect((await viaSql.get('/api/users')).status).toBe(200);
    await t.platform.db
      .update(users)
      .set({ status: 'disabled' })
      .where(eq(users.id, userIdOf(viaSql)));
    expect((await viaSql.get('/api/users')).status).toBe(401);
  });

  it('a revoked session and a revoked token are refused on the next request', async () => {
    const person = await t.userIn('AWB', ['safety_office']);
    expect((await person.get('/api/users')).status).toBe(200);
    await t.platform.db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(eq(sessions.userId, userIdOf(person)));
    expect((await person.get('/api/users')).status).toBe(401);

    const admin = await t.admin();
    const created = await admin.post('/api/tokens', { name: '缓存测试 / cache test', actions: ['user.read'] });
    expect(created.status).toBe(201);
    const headers = { authorization: `Bearer ${created.body.token}` };
    expect((await t.anonymous.request('GET', '/api/users', undefined, headers)).status).toBe(200);
    await t.platform.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, created.body.id));
    expect((await t.anonymous.request('GET', '/api/users', undefined, headers)).status).toBe(401);
  });

  it('a role taken away, or an action taken from a role, changes what the caller may do on the next request', async () => {
    const person = await t.userIn('AWB', ['safety_office']);
    expect((await person.get('/api/users')).status).toBe(200);
    await t.platform.db.delete(userRoles).where(eq(userRoles.userId, userIdOf(person)));
    expect((await person.get('/api/users')).status).toBe(403);

    const other = await t.userIn('AWB', ['expert']);
    expect((await other.get('/api/campaigns')).status).toBe(200);
    await t.platform.db
      .update(roles)
      .set({ actions: sql`array_remove(${roles.actions}, 'campaign.read')` })
      .where(eq(roles.code, 'expert'));
    expect((await other.get('/api/campaigns')).status).toBe(403);
  });

  it('use bookkeeping does not forget the caller, and the session still ends when it idles', async () => {
    const person = await t.userIn('AWB', ['safety_office']);
    expect((await person.get('/api/users')).status).toBe(200);
    t.clock.advance(2 * 60_000);
    // Recording the session's use (once a minute) is not a change of who the caller is.
    expect((await person.get('/api/users')).status).toBe(200);
    t.clock.advance((t.platform.config.passwordPolicy.sessionIdleMinutes + 1) * 60_000);
    expect((await person.get('/api/users')).status).toBe(401);
  });
});

// NOTIFY crosses processes only on PostgreSQL: the embedded PGlite serves a single process.
if (process.env.DATABASE_URL) {
  describe('two nodes on one database', () => {
    let t: TestApp;
    let second: RunningPlatform;
    beforeAll(async () => {
      t = await testApp();
      const url = (t.platform.database.pool!.options as { connectionString: string }).connectionString;
      const database = await openDatabase({ kind: 'postgres', url });
      second = await createPlatform({ config: t.platform.config, database, mqtt: false, jobs: false, logger: false });
    });
    afterAll(async () => {
      await second.close();
      await t.close();
    });

    /** Asks the second node until it answers `status`; the notification travels asynchronously between nodes. */
    async function secondNodeAnswers(cookie: string, url: string, status: number): Promise<number> {
      let answered = 0;
      for (let i = 0; i < 50 && answered !== status; i++) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, 20));
        answered = (await second.app.inject({ method: 'GET', url, headers: { cookie: `cs_session=${cookie}` } })).statusCode;
      }
      return answered;
    }

    it('a user disabled on one node is refused by the other, which had cached the session', async () => {
      const person = await t.userIn('AWB', ['safety_office']);
      const cookie = person.auth.cookie!;
      expect(await secondNodeAnswers(cookie, '/api/users', 200)).toBe(200);
      const admin = await t.admin();
      expect((await admin.post(`/api/users/${person.user!.id}/actions/disable`, { reason: '人员调离 / left' })).status).toBe(200);
      expect(await secondNodeAnswers(cookie, '/api/users', 401)).toBe(401);
    });

    it('a role changed on one node changes the permission on the other', async () => {
      const person = await t.userIn('AWB', ['expert']);
      const cookie = person.auth.cookie!;
      expect(await secondNodeAnswers(cookie, '/api/campaigns', 200)).toBe(200);
      await t.platform.db
        .update(roles)
        .set({ actions: sql`array_remove(${roles.actions}, 'campaign.read')` })
        .where(eq(roles.code, 'expert'));
      expect(await secondNodeAnswers(cookie, '/api/campaigns', 403)).toBe(403);
    });
  });
}
