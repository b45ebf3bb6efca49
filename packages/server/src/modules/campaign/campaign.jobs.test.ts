import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { rows } from '../../platform/db.js';
import { checkDeadlines, DEADLINE_JOB, nextMorning } from './campaign.jobs.js';

let t: TestApp;
let office: Client;
let emergency: Client;
let campaignId: string;

// Spring 2022: every deadline of the 2020–2021 plan has passed.
const SPRING_2022 = '2022-03-01T09:00:00+08:00';

beforeAll(async () => {
  t = await testApp({ now: SPRING_2022 });
  office = await t.userIn('AWB', ['safety_office'], 'awb');
  emergency = await t.userIn('YJGLJ', ['department'], 'yj');
  campaignId = (await office.post('/api/campaigns', { title: '创建工作' })).body.id;
});
afterAll(() => t.close());

describe('daily deadline check', () => {
  it('runs at 08:00 Asia/Shanghai, i.e. midnight UTC', () => {
    expect(nextMorning(new Date('2026-11-29T10:00:00Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(nextMorning(new Date('2026-11-29T23:59:59Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(nextMorning(new Date('2026-11-30T00:00:00Z')).toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('is scheduled once at start-up as a durable job', async () => {
    const [pending] = await rows<{ n: number }>(
      t.platform.db,
      sql`select count(*)::int as n from jobs where kind = ${DEADLINE_JOB} and status = 'pending'`,
    );
    expect(pending!.n).toBe(1);
  });

  it('notifies each unit of its overdue parts once, and 安委办 of overdue ones', async () => {
    // On the platform's date (spring 2022) every part of the 2020–2021 plan is overdue.
    const sent = await checkDeadlines(t.platform);
    expect(sent).toBeGreaterThan(100);
    const unit = await emergency.get('/api/notifications?pageSize=200');
    expect(unit.body.items.every((n: { kind: string }) => n.kind === 'campaign.overdue')).toBe(true);
    expect(unit.body.items.some((n: { title: string }) => n.title.includes('应急管理局'))).toBe(true);
    expect((await office.get('/api/notifications')).body.total).toBe(sent);
    expect(await checkDeadlines(t.platform)).toBe(0);
    // Over a hundred parts, each notified in its own transaction: slow on a busy machine.
  }, 120_000);

  it('an approved extension makes the part on time again; when it nears, the unit hears once more', async () => {
    const list = await emergency.get(`/api/campaigns/${campaignId}/tasks?pageSize=200`);
    const task79 = list.body.items.find((x: { seq: number }) => x.seq === 79);
    const detail = (await emergency.get(`/api/campaign-tasks/${task79.id}`)).body;
    const part = detail.assignments[0];
    const soon = new Date(t.clock.now().getTime() + 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const req = await emergency.post(`/api/campaign-assignments/${part.id}/extensions`, { requestedEnd: soon, reason: '设备到货延迟' });
    await office.post(`/api/campaign-extensions/${req.body.assignments[0].extensions[0].id}/actions/approve`, {});
    expect(await checkDeadlines(t.platform)).toBe(1);
    const latest = (await emergency.get('/api/notifications')).body.items[0];
    expect(latest).toMatchObject({ kind: 'campaign.dueSoon', title: expect.stringContaining('第79项任务临近时限') });
  });
});
