import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';

let t: TestApp;
let office: Client; // 安委办
let emergency: Client; // 应急管理局
let campaignId: string;

type Task = {
  id: string;
  seq: number;
  section: number;
  content: string;
  responsibleText: string;
  sectionTitle: string;
  status: string;
  deadlineState: string;
  percent: number;
  deadline: { end: string | null };
  responsible: { orgId: string; orgName: string; mine: boolean }[];
};

const tasksUrl = (query = '') => `/api/campaigns/${campaignId}/tasks?pageSize=200${query}`;
const seqs = (items: { seq: number }[]) => items.map((i) => i.seq);
const inFuture = (days: number) => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
const progress = (percent: number) => ({ text: '已完成部署并开展排查', percent });

/** Every task of the campaign as the office sees it, in the plan's order. */
async function allTasks(): Promise<Task[]> {
  const res = await office.get(tasksUrl());
  expect(res.body.total).toBe(100);
  return res.body.items;
}

beforeAll(async () => {
  t = await testApp();
  office = await t.userIn('AWB', ['safety_office'], 'lists_office');
  emergency = await t.userIn('YJGLJ', ['department'], 'lists_yj');
  campaignId = (await office.post('/api/campaigns', { title: '国家安全发展示范城市创建（2020—2021）' })).body.id;
  // Tasks in every state: 应急管理局 reports on a shared task, submits one of its own, and has the other accepted.
  const theirs: Task[] = (await emergency.get(tasksUrl())).body.items;
  const own = theirs.filter((x) => x.responsible.length === 1);
  const shared = theirs.find((x) => x.responsible.length > 1)!;
  expect(own.length).toBeGreaterThanOrEqual(2);
  const emergencyId = await t.orgId('YJGLJ');
  const partId = async (task: Task) =>
    (await emergency.get(`/api/campaign-tasks/${task.id}`)).body.assignments.find((a: { orgId: string }) => a.orgId === emergencyId)
      .id as string;
  const [reported, submitted, accepted] = [await partId(shared), await partId(own[0]!), await partId(own[1]!)];
  expect((await emergency.post(`/api/campaign-assignments/${reported}/actions/report`, progress(40))).status).toBe(200);
  expect((await emergency.post(`/api/campaign-assignments/${submitted}/actions/submit`, progress(90))).status).toBe(200);
  expect((await emergency.post(`/api/campaign-assignments/${accepted}/actions/submit`, progress(100))).status).toBe(200);
  expect((await office.post(`/api/campaign-assignments/${accepted}/actions/accept`, {})).status).toBe(200);
});
afterAll(() => t.close());

describe('the task list', () => {
  it('each status filter gives exactly the tasks the API presents with that status', async () => {
    const all = await allTasks();
    for (const status of ['not_started', 'in_progress', 'submitted', 'accepted']) {
      const res = await office.get(tasksUrl(`&status=${status}`));
      const expected = all.filter((x) => x.status === status);
      expect(expected.length, status).toBeGreaterThan(0);
      expect(seqs(res.body.items), status).toEqual(seqs(expected));
      expect(res.body.total).toBe(expected.length);
    }
  });

  it('each deadline filter gives exactly the tasks presented with that state, today and in the plan’s own days', async () => {
    // Four days before 2020-12-31, the plan's tasks are overdue, due soon and on track at once.
    for (const day of [null, '2020-12-27T10:00:00+08:00']) {
      if (day) t.clock.set(day);
      const all = await allTasks();
      const states = new Set(all.map((x) => x.deadlineState));
      if (day) expect([...states]).toEqual(expect.arrayContaining(['done', 'overdue', 'due_soon', 'on_track']));
      for (const deadline of ['done', 'overdue', 'due_soon', 'on_track', 'unscheduled']) {
        const res = await office.get(tasksUrl(`&deadline=${deadline}`));
        expect(seqs(res.body.items), `${day} ${deadline}`).toEqual(seqs(all.filter((x) => x.deadlineState === deadline)));
      }
    }
    t.clock.set(new Date());
  });

  it('sorts ascending and descending, empty deadlines last, ties in the plan’s order', async () => {
    const all = await allTasks();
    const byPercent = [...all].sort((a, b) => b.percent - a.percent || a.seq - b.seq);
    expect(byPercent[0]!.percent).toBe(100);
    expect(seqs((await office.get(tasksUrl('&sort=-percent'))).body.items)).toEqual(seqs(byPercent));
    const byPercentUp = [...all].sort((a, b) => a.percent - b.percent || a.seq - b.seq);
    expect(seqs((await office.get(tasksUrl('&sort=percent'))).body.items)).toEqual(seqs(byPercentUp));

    const end = (x: Task) => x.deadline.end ?? '';
    const blanksLast = (a: Task, b: Task) => Number(!a.deadline.end) - Number(!b.deadline.end);
    const byEnd = [...all].sort((a, b) => blanksLast(a, b) || end(a).localeCompare(end(b)) || a.seq - b.seq);
    expect(seqs((await office.get(tasksUrl('&sort=deadlineEnd'))).body.items)).toEqual(seqs(byEnd));
    const byEndDown = [...all].sort((a, b) => blanksLast(a, b) || end(b).localeCompare(end(a)) || a.seq - b.seq);
    expect(seqs((await office.get(tasksUrl('&sort=-deadlineEnd'))).body.items)).toEqual(seqs(byEndDown));

    const bySection = (await office.get(tasksUrl('&sort=-section'))).body.items as Task[];
    expect(bySection[0]!.section).toBe(Math.max(...all.map((x) => x.section)));
  });

  it('page 2 continues page 1 and the total counts every page', async () => {
    const all = await allTasks();
    const byPercent = [...all].sort((a, b) => b.percent - a.percent || a.seq - b.seq);
    const one = await office.get(`/api/campaigns/${campaignId}/tasks?sort=-percent&pageSize=7&page=1`);
    const two = await office.get(`/api/campaigns/${campaignId}/tasks?sort=-percent&pageSize=7&page=2`);
    expect(one.body).toMatchObject({ total: 100, page: 1, pageSize: 7 });
    expect(two.body).toMatchObject({ total: 100, page: 2, pageSize: 7 });
    expect([...seqs(one.body.items), ...seqs(two.body.items)]).toEqual(seqs(byPercent.slice(0, 14)));
    const beyond = await office.get(`/api/campaigns/${campaignId}/tasks?pageSize=50&page=3`);
    expect(beyond.body).toMatchObject({ items: [], total: 100 });
  });

  it('q searches the task text literally; filters combine; a unit’s list is its own tasks', async () => {
    const all = await allTasks();
    const text = (x: Task) => `${x.content}\n${x.responsibleText}\n${x.sectionTitle}`;
    const found = await office.get(tasksUrl(`&q=${encodeURIComponent('危险化学品')}`));
    const expected = all.filter((x) => text(x).includes('危险化学品'));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(100);
    expect(seqs(found.body.items)).toEqual(seqs(expected));
    // `%` is a character to find, not a wildcard.
    const percentSign = await office.get(tasksUrl(`&q=${encodeURIComponent('%')}`));
    expect(seqs(percentSign.body.items)).toEqual(seqs(all.filter((x) => text(x).includes('%'))));

    const emergencyId = await t.orgId('YJGLJ');
    const mine = all.filter((x) => x.responsible.some((r) => r.orgId === emergencyId));
    expect(seqs((await office.get(tasksUrl(`&orgId=${emergencyId}`))).body.items)).toEqual(seqs(mine));
    expect(seqs((await emergency.get(tasksUrl())).body.items)).toEqual(seqs(mine));
    const inSection = await office.get(tasksUrl(`&orgId=${emergencyId}&section=2&status=not_started`));
    expect(seqs(inSection.body.items)).toEqual(seqs(mine.filter((x) => x.section === 2 && x.status === 'not_started')));

    // Each part says whether it is the caller's: 安委办 reaches every unit; 应急管理局 only its own part of a shared task.
    expect(all.every((x) => x.responsible.every((r) => r.mine))).toBe(true);
    const theirs: Task[] = (await emergency.get(tasksUrl())).body.items;
    expect(theirs.some((x) => x.responsible.length > 1)).toBe(true);
    for (const task of theirs) for (const r of task.responsible) expect(r.mine).toBe(r.orgId === emergencyId);
  });

  it('refuses a sort the list does not offer, naming the field and the choices', async () => {
    const res = await office.get(`/api/campaigns/${campaignId}/tasks?sort=content`);
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([
      {
        field: 'query.sort',
        message: {
          zh: expect.stringContaining('seq、section、deadlineEnd、percent'),
          en: expect.stringContaining('seq, section, deadlineEnd, percent'),
        },
      },
    ]);
  });
});

describe('what the task list sends', () => {
  it('the ledger’s fields without the targets, which the task’s own page keeps', async () => {
    const [item] = (await office.get(`/api/campaigns/${campaignId}/tasks?pageSize=1`)).body.items;
    expect(Object.keys(item).sort()).toEqual(
      [
        'allowedActions',
        'campaignId',
        'content',
        'deadline',
        'deadlineState',
        'id',
        'percent',
        'responsible',
        'responsibleGroups',
        'responsibleText',
        'section',
        'sectionTitle',
        'seq',
        'status',
      ].sort(),
    );
    const withTargets = (await allTasks()).find((x) => x.content.includes('%'));
    const detail = await office.get(`/api/campaign-tasks/${withTargets!.id}`);
    expect(detail.body.targets.length).toBeGreaterThan(0);
  });

  it('compressed when the client accepts it and the JSON is above a kilobyte; small answers as they are', async () => {
    const plain = await office.get(tasksUrl());
    // Straight through inject: the harness's client would read the compressed bytes as JSON.
    const accepting = async (url: string, encoding: string) =>
      t.app.inject({ method: 'GET', url, headers: { cookie: `cs_session=${office.auth.cookie}`, 'accept-encoding': encoding } });
    const sent = await accepting(tasksUrl(), 'br, gzip');
    expect(sent.headers['content-encoding']).toBe('br');
    expect(sent.rawPayload.length).toBeLessThan(plain.raw.rawPayload.length / 4);
    expect(JSON.parse(zlib.brotliDecompressSync(sent.rawPayload).toString('utf8'))).toEqual(plain.body);
    const gzipped = await accepting(tasksUrl(), 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(gzipped.rawPayload).toString('utf8'))).toEqual(plain.body);

    const small = await accepting('/api/health', 'br, gzip');
    expect(small.rawPayload.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toMatchObject({ status: expect.any(String) });
  });
});

describe('the campaign list', () => {
  beforeAll(async () => {
    await office.post('/api/campaigns', { title: '复评（2023—2024）', shiftYears: 3 });
    await office.post('/api/campaigns', { title: '安全生产专项整治', shiftYears: 1 });
  });

  it('sorts by title and creation, pages, searches and filters in the database', async () => {
    const titles = (res: { body: { items: { title: string }[] } }) => res.body.items.map((c) => c.title);
    const all = await office.get('/api/campaigns?sort=title');
    expect(all.body.total).toBe(3);
    const sorted = titles(all);
    expect((await office.get('/api/campaigns?sort=-title')).body.items.map((c: { title: string }) => c.title)).toEqual(
      [...sorted].reverse(),
    );
    // Newest first by default.
    expect(titles(await office.get('/api/campaigns'))[0]).toBe('安全生产专项整治');
    expect(titles(await office.get('/api/campaigns?sort=createdAt'))[0]).toBe('国家安全发展示范城市创建（2020—2021）');

    const one = await office.get('/api/campaigns?sort=title&pageSize=2&page=1');
    const two = await office.get('/api/campaigns?sort=title&pageSize=2&page=2');
    expect([...titles(one), ...titles(two)]).toEqual(sorted);
    expect(two.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });

    expect(titles(await office.get(`/api/campaigns?q=${encodeURIComponent('复评')}`))).toEqual(['复评（2023—2024）']);
    expect((await office.get('/api/campaigns?status=closed')).body).toMatchObject({ items: [], total: 0 });
    expect((await office.get('/api/campaigns?status=active')).body.total).toBe(3);
    // A department of the district sees its district's campaigns.
    expect((await emergency.get('/api/campaigns')).body.total).toBe(3);
  });

  it('refuses a sort the list does not offer', async () => {
    const res = await office.get('/api/campaigns?sort=documentNo');
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('query.sort');
  });
});

describe('the supervision list', () => {
  const notices: Record<string, string> = {};

  beforeAll(async () => {
    const all = await allTasks();
    const emergencyId = await t.orgId('YJGLJ');
    const theirs = all.filter((x) => x.responsible.some((r) => r.orgId === emergencyId));
    const issue = async (task: Task, content: string, days: number) => {
      const res = await office.post(`/api/campaign-tasks/${task.id}/supervisions`, {
        orgId: emergencyId,
        content,
        responseDue: inFuture(days),
      });
      expect(res.status).toBe(201);
      notices[content] = res.body.id;
    };
    await issue(theirs[2]!, '督办甲：报送监测系统建设进展', 20);
    await issue(theirs[0]!, '督办乙：补充佐证资料', 5);
    await issue(theirs[1]!, '督办丙：说明延误原因', 12);
    const answered = await emergency.post(`/api/campaign-supervisions/${notices['督办乙：补充佐证资料']}/actions/answer`, {
      response: '已补充佐证资料',
    });
    expect(answered.status).toBe(200);
  });

  const contents = (res: { body: { items: { content: string }[] } }) => res.body.items.map((s) => s.content);
  const url = (query: string) => `/api/campaigns/${campaignId}/supervisions?${query}`;

  it('newest number first by default; sorts by answer date and task both ways', async () => {
    expect(contents(await office.get(url('')))).toEqual(['督办丙：说明延误原因', '督办乙：补充佐证资料', '督办甲：报送监测系统建设进展']);
    const byDue = ['督办乙：补充佐证资料', '督办丙：说明延误原因', '督办甲：报送监测系统建设进展'];
    expect(contents(await office.get(url('sort=responseDue')))).toEqual(byDue);
    expect(contents(await office.get(url('sort=-responseDue')))).toEqual([...byDue].reverse());
    const seqOrder = (await office.get(url('sort=taskSeq'))).body.items.map((s: { taskSeq: number }) => s.taskSeq);
    expect(seqOrder).toEqual([...seqOrder].sort((a, b) => a - b));
    const seqDown = (await office.get(url('sort=-taskSeq'))).body.items.map((s: { taskSeq: number }) => s.taskSeq);
    expect(seqDown).toEqual([...seqOrder].reverse());
  });

  it('pages, searches, filters; the unit sees its notices', async () => {
    const one = await office.get(url('sort=responseDue&pageSize=2&page=1'));
    const two = await office.get(url('sort=responseDue&pageSize=2&page=2'));
    expect(one.body).toMatchObject({ total: 3, page: 1 });
    expect([...contents(one), ...contents(two)]).toEqual(['督办乙：补充佐证资料', '督办丙：说明延误原因', '督办甲：报送监测系统建设进展']);
    expect(contents(await office.get(url(`q=${encodeURIComponent('延误')}`)))).toEqual(['督办丙：说明延误原因']);
    // The answer is searched too.
    expect(contents(await office.get(url(`q=${encodeURIComponent('已补充')}`)))).toEqual(['督办乙：补充佐证资料']);
    expect(contents(await office.get(url('status=answered')))).toEqual(['督办乙：补充佐证资料']);
    expect((await office.get(url('status=issued'))).body.total).toBe(2);
    expect((await office.get(url(`orgId=${await t.orgId('JTYSJ')}`))).body.total).toBe(0);
    expect((await emergency.get(url(''))).body.total).toBe(3);
    const other = await t.userIn('JTYSJ', ['department'], 'lists_jt');
    expect((await other.get(url(''))).body).toMatchObject({ items: [], total: 0 });
  });

  it('refuses a sort the list does not offer', async () => {
    const res = await office.get(url('sort=-content'));
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('query.sort');
  });
});
