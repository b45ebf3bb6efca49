import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { fillDemo } from '../../modules.js';
import { DEMO_PASSWORD } from '../identity/index.js';
import { DEMO_CAMPAIGN_TITLE } from './campaign.demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('campaign demo data', () => {
  it('adds one campaign in mid-course, once', async () => {
    expect((await fillDemo(t.platform)).campaign).toEqual({ campaigns: 1 });
    expect((await fillDemo(t.platform)).campaign).toEqual({ campaigns: 0 });
    const office = await t.login('awb', DEMO_PASSWORD);
    const list = await office.get('/api/campaigns');
    expect(list.body.items.filter((x: { title: string }) => x.title === DEMO_CAMPAIGN_TITLE)).toHaveLength(1);
    // The whole district twice (every module's demo, a week of sensor readings among them).
  }, 300_000);

  it('shows a campaign in mid-course: some tasks done, some overdue, a 督办 outstanding, an extension awaiting a decision', async () => {
    const office = await t.login('awb', DEMO_PASSWORD);
    const list = await office.get('/api/campaigns');
    const c = list.body.items.find((x: { title: string }) => x.title.includes('2026'));
    expect(c.totals.accepted).toBeGreaterThanOrEqual(2);
    expect(c.totals.submitted + c.totals.in_progress).toBeGreaterThanOrEqual(3);
    expect(c.totals.overdue).toBeGreaterThanOrEqual(1);
    const notices = await office.get(`/api/campaigns/${c.id}/supervisions?status=issued`);
    expect(notices.body.total).toBe(1);
    const tasks = await office.get(`/api/campaigns/${c.id}/tasks?pageSize=200`);
    const t38 = tasks.body.items.find((x: { seq: number }) => x.seq === 38);
    const detail = await office.get(`/api/campaign-tasks/${t38.id}`);
    expect(detail.body.assignments[0].extensions[0]).toMatchObject({ status: 'requested', allowedActions: ['approve', 'refuse'] });
    const scoring = await office.get(`/api/campaigns/${c.id}/scoring`);
    expect(scoring.status).toBe(200);
    expect(scoring.body.items.length).toBeGreaterThan(10);
    // 已佐证得分: a handful of accepted parts with evidence earn a few points, not the 99 that full marks less two
    // findings read; what the open parts could still earn is the estimate, the overdue and unlinked parts the risk.
    const totals = scoring.body.totals;
    expect(totals.supportedCenti).toBeGreaterThan(200);
    expect(totals.supportedCenti).toBeLessThan(1500);
    expect(totals.scoreCenti - totals.supportedCenti).toBeGreaterThan(8000);
    expect(totals.estimatedCenti + totals.atRiskCenti).toBe(totals.scoreCenti);
    expect(totals.unsupportedItems).toBeGreaterThan(0);
  });
});
