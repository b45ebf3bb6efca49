import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';

/** A day `n` days after `day` (YYYY-MM-DD), as an instant at 10:00 in Shanghai. */
const dayAfter = (day: string, n: number) => new Date(Date.parse(`${day}T10:00:00+08:00`) + n * 86_400_000).toISOString();

let t: TestApp;
let office: Client;
let unit: Client;
let campaignId: string;
let unitOrgId: string;
let taskId: string;
let deadline: string;

beforeAll(async () => {
  t = await testApp({ now: '2020-11-20T09:00:00+08:00' });
  office = await t.userIn('AWB', ['safety_office'], 'fair_office');
  campaignId = (await office.post('/api/campaigns', { title: '国家安全发展示范城市创建工作' })).body.id;
  // A unit with a single part of the plan, whose task has a deadline: its ranking is that part's story alone.
  const ranking = (await office.get(`/api/campaigns/${campaignId}/assessment`)).body.items as { orgId: string; parts: number }[];
  const tasks = (await office.get(`/api/campaigns/${campaignId}/tasks?pageSize=200`)).body.items as {
    id: string;
    deadline: { end: string | null };
    responsible: { orgId: string }[];
  }[];
  const single = ranking
    .filter((r) => r.parts === 1)
    .map((r) => ({ orgId: r.orgId, task: tasks.find((x) => x.responsible.some((o) => o.orgId === r.orgId) && x.deadline.end) }))
    .find((r) => r.task);
  expect(single).toBeDefined();
  unitOrgId = single!.orgId;
  taskId = single!.task!.id;
  deadline = single!.task!.deadline.end!;
  const org = (await office.get(`/api/orgs/${unitOrgId}`)).body;
  unit = await t.userIn(org.code, ['department'], 'fair_unit');
});
afterAll(() => t.close());

const mine = async () =>
  ((await office.get(`/api/campaigns/${campaignId}/assessment`)).body.items as { orgId: string }[]).find((r) => r.orgId === unitOrgId)!;
const partId = async () =>
  (await unit.get(`/api/campaign-tasks/${taskId}`)).body.assignments.find((a: { orgId: string }) => a.orgId === unitOrgId).id as string;

describe('fair 考核: overdue days from the history', () => {
  it('an extension asked after the deadline is late, and its approval does not erase the days already overdue', async () => {
    const id = await partId();
    // Five days after the deadline the unit asks for a month more; 安委办 approves the next day.
    t.clock.set(dayAfter(deadline, 5));
    unit = await t.login('fair_unit');
    office = await t.login('fair_office');
    expect(await mine()).toMatchObject({ overdue: 1, late: 0, overdueDays: 5 });
    const asked = await unit.post(`/api/campaign-assignments/${id}/extensions`, {
      requestedEnd: dayAfter(deadline, 30).slice(0, 10),
      reason: '设备采购延迟',
    });
    expect(asked.status).toBe(201);
    const extension = asked.body.assignments.find((a: { orgId: string }) => a.orgId === unitOrgId).extensions[0];
    expect(extension.late).toBe(true);

    t.clock.set(dayAfter(deadline, 6));
    unit = await t.login('fair_unit');
    office = await t.login('fair_office');
    expect((await office.post(`/api/campaign-extensions/${extension.id}/actions/approve`, {})).status).toBe(200);
    const told = (await unit.get('/api/notifications')).body.items.map((n: { title: string }) => n.title);
    expect(told.some((title: string) => title.includes('逾期后提出的延期申请已同意'))).toBe(true);

    // Accepted within the new deadline: not overdue now, but the six days before the approval stay on the record.
    t.clock.set(dayAfter(deadline, 10));
    unit = await t.login('fair_unit');
    office = await t.login('fair_office');
    expect((await unit.post(`/api/campaign-assignments/${id}/actions/submit`, { text: '已完成并报送佐证资料', percent: 100 })).status).toBe(
      200,
    );
    expect((await office.post(`/api/campaign-assignments/${id}/actions/accept`, {})).status).toBe(200);
    const after = await mine();
    expect(after).toMatchObject({ parts: 1, accepted: 1, overdue: 0, late: 1, overdueDays: 6 });
    // Completion full, timeliness lost: not the full score an on-time unit gets.
    expect((after as unknown as { score: number }).score).toBe(60);
  });

  it('an extension asked in time is not late', async () => {
    const today = t.clock.now().toISOString().slice(0, 10);
    const tasks = (await office.get(`/api/campaigns/${campaignId}/tasks?pageSize=200`)).body.items as {
      id: string;
      deadline: { end: string | null };
      responsible: { orgId: string }[];
    }[];
    const later = tasks.find((x) => x.deadline.end && x.deadline.end > today && x.responsible.length > 0);
    expect(later).toBeDefined();
    const orgId = later!.responsible[0]!.orgId;
    const other = await t.userIn((await office.get(`/api/orgs/${orgId}`)).body.code, ['department'], 'fair_other');
    const part = (await other.get(`/api/campaign-tasks/${later!.id}`)).body.assignments.find((a: { orgId: string }) => a.orgId === orgId);
    const asked = await other.post(`/api/campaign-assignments/${part.id}/extensions`, {
      requestedEnd: '2030-12-31',
      reason: '等待上级批复',
    });
    expect(asked.status).toBe(201);
    expect(asked.body.assignments.find((a: { orgId: string }) => a.orgId === orgId).extensions[0].late).toBe(false);
  });
});
