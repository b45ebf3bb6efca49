import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../test/harness.js';
import { recordBackup } from './health-widget.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ now: '2021-06-01T09:00:00+08:00' });
});
afterAll(() => t?.close());

/** Adds a job row as the runner leaves it: failed for good, or pending again after an error. */
async function job(kind: string, status: 'failed' | 'pending', finishedAt: string | null, lastError: string) {
  await t.platform.db.execute(
    sql`insert into jobs (kind, run_at, status, attempts, max_attempts, last_error, finished_at)
        values (${kind}, ${'2021-06-01T09:00:00+08:00'}, ${status}, 1, 5, ${lastError}, ${finishedAt})`,
  );
}

describe('GET /api/platform/health (the administrator’s 工作台 widget)', () => {
  it('is for the administrator only', async () => {
    expect((await t.anonymous.get('/api/platform/health')).status).toBe(401);
    const office = await t.userIn('AWB', ['safety_office']);
    expect((await office.get('/api/platform/health')).status).toBe(403);
  });

  it('counts failing jobs by kind, webhook deliveries apart, within the last 7 days; disk and last backup', async () => {
    const admin = await t.admin();
    const before = await admin.get('/api/platform/health');
    expect(before.status).toBe(200);
    expect(before.body.lastBackup).toBeNull();
    expect(before.body.disk.usedBytes).toBeGreaterThan(0);
    expect(before.body.disk.totalBytes).toBeGreaterThan(before.body.disk.freeBytes);

    await job('webhook.deliver', 'failed', '2021-05-31T10:00:00+08:00', 'HTTP 502');
    await job('webhook.deliver', 'pending', null, 'timeout');
    await job('campaign.deadlineCheck', 'failed', '2021-05-30T10:00:00+08:00', 'boom');
    // Failed eight days ago: dealt with or forgotten, no longer on the widget.
    await job('campaign.deadlineCheck', 'failed', '2021-05-24T08:00:00+08:00', 'old');
    await recordBackup(t.platform.db, '/var/backups/citysafe-20210601.gz');

    const res = await admin.get('/api/platform/health');
    // The clock runs on from the date the test set.
    expect(res.body.checkedAt).toMatch(/^2021-06-01T01:0/);
    expect(res.body.webhookDeliveries).toEqual({ failed: 1, retrying: 1 });
    expect(res.body.jobs).toMatchObject({ failed: 2, retrying: 1 });
    expect(res.body.jobs.byKind).toEqual([
      { kind: 'campaign.deadlineCheck', failed: 1, retrying: 0, lastError: 'boom', lastAt: '2021-05-30T02:00:00.000Z' },
      expect.objectContaining({ kind: 'webhook.deliver', failed: 1, retrying: 1 }),
    ]);
    expect(res.body.lastBackup).toEqual({ at: expect.stringMatching(/^2021-06-01T01:0/), file: '/var/backups/citysafe-20210601.gz' });
  });
});
