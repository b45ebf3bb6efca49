import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Client, TEST_PASSWORD, type TestApp, testApp } from '../../test/harness.js';
import { rows } from './db.js';

// The queue stands in front of the embedded PGlite only (PostgreSQL has a pool and queues by
// itself): on PostgreSQL these requests all pass, and the tests would assert nothing there.
const onPglite = !process.env.DATABASE_URL;

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  // One request at a time and two waiting: a burst of twenty overflows it at once.
  t = await testApp({ env: { CITYSAFE_PGLITE_MAX_ACTIVE: '1', CITYSAFE_PGLITE_MAX_QUEUE: '2', CITYSAFE_PGLITE_MAX_WAIT_MS: '20000' } });
  admin = await t.admin();
});
afterAll(() => t.close());

const newUser = (username: string, orgId: string) =>
  admin.post('/api/users', {
    username,
    password: TEST_PASSWORD,
    displayName: `排队${username}`,
    orgId,
    roles: ['expert'],
    mustChangePassword: false,
  });

if (onPglite)
  it('answers a burst beyond the queue with 503 and Retry-After, and commits every write it acknowledged', async () => {
    const orgId = await t.orgId('XHJB');
    const names = Array.from({ length: 20 }, (_, i) => `queued_${i}`);
    const answers = await Promise.all(names.map((username) => newUser(username, orgId)));
    const statuses = answers.map((a) => a.status);
    expect(new Set(statuses)).toEqual(new Set([201, 503]));
    // The one running and the two waiting get through; the rest are refused at once, not queued.
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(3);
    for (const refused of answers.filter((a) => a.status === 503)) {
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.body.error.code).toBe('UNAVAILABLE');
      expect(refused.body.error.message.zh).toContain('繁忙');
      expect(refused.body.error.message.en).toContain('busy');
    }
    const acknowledged = names.filter((_, i) => statuses[i] === 201);
    const stored = await rows<{ username: string }>(t.platform.db, sql`select username from users where username like 'queued\_%'`);
    expect(stored.map((u) => u.username).sort()).toEqual(acknowledged.sort());

    // Every place was given back: the next request runs at once.
    expect((await newUser('after_burst', orgId)).status).toBe(201);
  });

if (onPglite)
  it('queues Open311 GeoReport reads too: the overflow is a 503 in the spec’s errors document', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.app.inject({ method: 'GET', url: '/open311/v2/requests.json' })));
    const statuses = answers.map((a) => a.statusCode);
    expect(new Set(statuses)).toEqual(new Set([200, 503]));
    for (const refused of answers.filter((a) => a.statusCode === 503)) {
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.json()).toEqual([{ code: 503, description: expect.stringContaining('busy') }]);
    }
  });

// On both engines: an open stream must never keep other requests waiting.
it('lets an open event stream pass by without holding a place', async () => {
  const stream = admin.get('/api/notifications/stream');
  // The stream is open (it never ends by itself); with one place, a request now must still get in.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect((await admin.get('/api/users')).status).toBe(200);
  await t.app.close();
  expect((await stream).status).toBe(200);
});
