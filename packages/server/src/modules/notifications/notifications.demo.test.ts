import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { fillDemo } from '../../modules.js';
import { rows } from '../../platform/db.js';
import { DEMO_PASSWORD } from '../identity/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const notificationCount = async (): Promise<number> =>
  (await rows<{ n: number }>(t.platform.db, sql`select count(*)::int as n from notifications`))[0]!.n;

describe('notifications demo data', () => {
  it('adds its notices once: a second run adds nothing', async () => {
    const before = await notificationCount();
    const first = (await fillDemo(t.platform)).notifications!;
    expect(first.notifications).toBeGreaterThanOrEqual(8);
    expect((await notificationCount()) - before).toBeGreaterThanOrEqual(first.notifications!);
    const afterFirst = await notificationCount();
    expect((await fillDemo(t.platform)).notifications).toEqual({ notifications: 0 });
    expect(await notificationCount()).toBe(afterFirst);
    // The whole district twice (every module's demo, a week of sensor readings among them).
  }, 300_000);

  it('leaves notifications for admin and the 安委办 user', async () => {
    for (const client of [await t.admin(), await t.login('awb', DEMO_PASSWORD)]) {
      const list = await client.get('/api/notifications');
      expect(list.status).toBe(200);
      expect(list.body.total).toBeGreaterThanOrEqual(4);
      expect(list.body.unread).toBe(list.body.total);
    }
  });
});
