import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { officeText as docxText } from '../../../test/office.js';

let t: TestApp;
let office: Client;
let emergency: Client;
let transport: Client;
let campaignId: string;
let task79: { id: string };

const inFuture = (days: number) => new Date(t.clock.now().getTime() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  // Spring 2022: the plan's 2020–2021 deadlines have passed (the bulletin names overdue units); notices are numbered in 2022.
  t = await testApp({ now: '2022-03-01T09:00:00+08:00' });
  office = await t.userIn('AWB', ['safety_office'], 'awb');
  emergency = await t.userIn('YJGLJ', ['department'], 'yj');
  transport = await t.userIn('JTYSJ', ['department'], 'jt');
  campaignId = (await office.post('/api/campaigns', { title: '国家安全发展示范城市创建工作' })).body.id;
  const list = await office.get(`/api/campaigns/${campaignId}/tasks?pageSize=200`);
  task79 = list.body.items.find((x: { seq: number }) => x.seq === 79);
});
afterAll(() => t.close());

describe('督办 supervision notices', () => {
  let noticeId: string;

  it('401, 403 for a department, 400 for a unit not responsible or a past date', async () => {
    const body = { orgId: await t.orgId('YJGLJ'), content: '加快重大危险源安全监测监控系统建设', responseDue: inFuture(10) };
    expect((await t.anonymous.post(`/api/campaign-tasks/${task79.id}/supervisions`, body)).status).toBe(401);
    expect((await emergency.post(`/api/campaign-tasks/${task79.id}/supervisions`, body)).status).toBe(403);
    const notResponsible = await office.post(`/api/campaign-tasks/${task79.id}/supervisions`, { ...body, orgId: await t.orgId('JTYSJ') });
    expect(notResponsible.status).toBe(400);
    expect(notResponsible.body.error.fields[0].field).toBe('orgId');
    expect((await office.post(`/api/campaign-tasks/${task79.id}/supervisions`, { ...body, responseDue: '2020-01-01' })).status).toBe(400);
    expect((await office.post(`/api/campaign-tasks/00000000-0000-4000-8000-000000000000/supervisions`, body)).status).toBe(404);
  });

  it('issues numbered notices and notifies the unit', async () => {
    const body = { orgId: await t.orgId('YJGLJ'), content: '加快重大危险源安全监测监控系统建设', responseDue: inFuture(10) };
    const first = await office.post(`/api/campaign-tasks/${task79.id}/supervisions`, body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      docNo: '西港安委办督〔2022〕1号',
      status: 'issued',
      taskSeq: 79,
      orgName: '应急管理局',
      allowedActions: [],
    });
    const second = await office.post(`/api/campaign-tasks/${task79.id}/supervisions`, { ...body, content: '第二次督办：尽快报送进展' });
    expect(second.body.docNo).toBe('西港安委办督〔2022〕2号');
    noticeId = first.body.id;
    // Numbers run per issuing office and year, across campaigns: the printed number names no campaign.
    const later = (await office.post('/api/campaigns', { title: '复评', shiftYears: 3 })).body.id;
    const laterTask = (await office.get(`/api/campaigns/${later}/tasks?pageSize=200`)).body.items.find(
      (x: { seq: number }) => x.seq === 79,
    );
    const third = await office.post(`/api/campaign-tasks/${laterTask.id}/supervisions`, body);
    expect(third.body.docNo).toBe('西港安委办督〔2022〕3号');
    const inbox = await emergency.get('/api/notifications');
    expect(inbox.body.items[0].title).toContain('督办通知');
  });

  it('the notice is a Word document with the number, the unit, the task and the answer date', async () => {
    const res = await emergency.get(`/api/campaign-supervisions/${noticeId}/notice.docx`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('wordprocessingml');
    const text = await docxText(res.raw.rawPayload);
    expect(text).toContain('督办通知书');
    expect(text).toContain('督〔');
    expect(text).toContain('应急管理局：');
    expect(text).toContain('任务分解表第79项');
    expect(text).toContain('加快重大危险源安全监测监控系统建设');
    expect(text).toContain('西安国际港务区安全生产委员会办公室');
  });

  it('only the unit answers; 安委办 sends back or closes; other units see nothing', async () => {
    expect((await transport.get(`/api/campaign-supervisions/${noticeId}`)).status).toBe(404);
    expect((await transport.get(`/api/campaigns/${campaignId}/supervisions`)).body.total).toBe(0);
    expect((await emergency.get(`/api/campaigns/${campaignId}/supervisions`)).body.total).toBe(2);
    expect((await office.post(`/api/campaign-supervisions/${noticeId}/actions/answer`, { response: '已完成' })).status).toBe(403);
    expect((await emergency.post(`/api/campaign-supervisions/${noticeId}/actions/answer`, {})).status).toBe(400);
    expect((await emergency.post(`/api/campaign-supervisions/${noticeId}/actions/close`, {})).status).toBe(403);
    const answered = await emergency.post(`/api/campaign-supervisions/${noticeId}/actions/answer`, {
      response: '监测监控系统已完成招标，预计下月上线',
    });
    expect(answered.body).toMatchObject({ status: 'answered', response: expect.stringContaining('招标') });
    expect((await office.get('/api/notifications')).body.items[0].title).toContain('已答复督办');
    expect((await office.post(`/api/campaign-supervisions/${noticeId}/actions/reject`, {})).status).toBe(400);
    const back = await office.post(`/api/campaign-supervisions/${noticeId}/actions/reject`, { reason: '请附招标文件' });
    expect(back.body.status).toBe('issued');
    await emergency.post(`/api/campaign-supervisions/${noticeId}/actions/answer`, { response: '已附招标文件' });
    const closed = await office.post(`/api/campaign-supervisions/${noticeId}/actions/close`, {});
    expect(closed.body.status).toBe('closed');
    expect(closed.body.timeline.map((e: { action: string }) => e.action)).toEqual(['answer', 'reject', 'answer', 'close']);
    expect((await office.post(`/api/campaign-supervisions/${noticeId}/actions/close`, {})).status).toBe(409);
    expect((await office.get(`/api/campaigns/${campaignId}/supervisions?status=closed`)).body.total).toBe(1);
  });
});

describe('考核 and 通报', () => {
  it('ranks units by completion and timeliness, counting supervision notices', async () => {
    const res = await emergency.get(`/api/campaigns/${campaignId}/assessment`);
    expect(res.status).toBe(200);
    expect(res.body.weights).toMatchObject({ completion: 60, timeliness: 40, source: { zh: expect.stringContaining('待安委办确认') } });
    const yj = res.body.items.find((u: { orgName: string }) => u.orgName === '应急管理局');
    expect(yj.supervisions).toBe(2);
    expect(res.body.items.map((u: { rank: number }) => u.rank)).toEqual(res.body.items.map((_: unknown, i: number) => i + 1));
    const scores = res.body.items.map((u: { score: number }) => u.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('the bulletin is a Word document with totals, sections, ranking and overdue tasks; 403 for units', async () => {
    expect((await emergency.get(`/api/campaigns/${campaignId}/bulletin.docx`)).status).toBe(403);
    const res = await office.get(`/api/campaigns/${campaignId}/bulletin.docx`);
    expect(res.status).toBe(200);
    const text = await docxText(res.raw.rawPayload);
    expect(text).toContain('推进情况的通报');
    expect(text).toContain('共分解任务100项');
    expect(text).toContain('一、城市安全状况显著改善');
    expect(text).toContain('各单位推进情况及排名');
    expect(text).toContain('应急管理局');
    expect(text).toContain('逾期单位');
  });
});
