import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';

let t: TestApp;
let office: Client; // 安委办
let emergency: Client; // 应急管理局
let transport: Client; // 交通运输局
let xinzhu: Client; // 新筑街办
let campaignId: string;

const progress = (percent: number, extra: Record<string, unknown> = {}) => ({ text: '已完成部署并开展排查', percent, ...extra });

beforeAll(async () => {
  // Spring 2022: the plan's 2020–2021 deadlines have passed.
  t = await testApp({ now: '2022-03-01T09:00:00+08:00' });
  office = await t.userIn('AWB', ['safety_office'], 'awb_office');
  emergency = await t.userIn('YJGLJ', ['department'], 'yjglj');
  transport = await t.userIn('JTYSJ', ['department'], 'jtysj');
  xinzhu = await t.userIn('XZJB', ['street'], 'xz_street');
});
afterAll(() => t.close());

async function taskBySeq(client: Client, seq: number) {
  const list = await client.get(`/api/campaigns/${campaignId}/tasks?pageSize=200`);
  const found = list.body.items.find((x: { seq: number }) => x.seq === seq);
  return (await client.get(`/api/campaign-tasks/${found.id}`)).body;
}

/** One unit's part of a task as the API returns it. */
type Part = {
  id: string;
  orgName: string;
  status: string;
  allowedActions: string[];
  extendedTo: string | null;
  extensionPending: boolean;
  reports: any[];
  extensions: any[];
  timeline: { action: string }[];
};
const partOf = (task: { assignments: Part[] }, orgName: string): Part => task.assignments.find((a) => a.orgName === orgName)!;

describe('creating a campaign from the seed plan', () => {
  it('401 anonymous, 403 for a department, 400 for bad input', async () => {
    expect((await t.anonymous.post('/api/campaigns', { title: 'x' })).status).toBe(401);
    expect((await emergency.post('/api/campaigns', { title: '创建工作' })).status).toBe(403);
    const bad = await office.post('/api/campaigns', { title: '创建工作', shiftYears: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('shiftYears');
  });

  it('安委办 creates the 2020–2021 campaign: 100 tasks with units, deadlines and targets', async () => {
    const res = await office.post('/api/campaigns', { title: '国家安全发展示范城市创建（2020—2021）', planningYear: 2025 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      documentNo: '西港安城创〔2020〕1号',
      issuedOn: '2020-11-17',
      totals: { total: 100, not_started: 100 },
      allowedActions: ['manage'],
    });
    campaignId = res.body.id;
    const list = await office.get(`/api/campaigns/${campaignId}/tasks?pageSize=200`);
    expect(list.body.total).toBe(100);
    const t20 = list.body.items.find((x: { seq: number }) => x.seq === 20);
    expect(t20.responsible).toEqual(expect.arrayContaining([expect.objectContaining({ orgName: '各派出所', viaOrgName: '平安办' })]));
    expect(t20.deadline).toEqual({ text: '2020年12月', kind: 'month', start: '2020-12-01', end: '2020-12-31' });
    const t2 = list.body.items.find((x: { seq: number }) => x.seq === 2);
    expect(t2.responsible.map((r: { orgName: string }) => r.orgName)).toContain('交安委办');
    const t12 = list.body.items.find((x: { seq: number }) => x.seq === 12);
    expect(t12.deadline).toMatchObject({ kind: 'planningYear', end: '2025-12-31' });
    const t8 = list.body.items.find((x: { seq: number }) => x.seq === 8);
    // The ledger leaves the targets to the task's own page.
    expect(t8).not.toHaveProperty('targets');
    expect((await office.get(`/api/campaign-tasks/${t8.id}`)).body.targets[0]).toMatchObject({ comparator: '>=', value: 100, unit: '%' });
    expect(t8.deadlineState).toBe('overdue');
  });

  it('a later campaign shifts dates by whole years', async () => {
    const res = await office.post('/api/campaigns', { title: '复评（2023—2024）', shiftYears: 3 });
    const list = await office.get(`/api/campaigns/${res.body.id}/tasks?section=1`);
    expect(list.body.items[0].deadline).toMatchObject({ start: '2023-11-01', end: '2024-07-31' });
    expect(list.body.total).toBe(5);
  });
});

describe('who sees what', () => {
  it('a department sees only its own tasks, and numbers of its own parts only', async () => {
    const mine = await emergency.get(`/api/campaigns/${campaignId}/tasks?pageSize=200`);
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBeGreaterThan(20);
    expect(mine.body.total).toBeLessThan(100);
    for (const task of mine.body.items) expect(task.responsible.map((r: { orgName: string }) => r.orgName)).toContain('应急管理局');
    const c = await emergency.get(`/api/campaigns/${campaignId}`);
    // Its numbers count the tasks it has a part of — as many as its ledger lists — and name the plan's hundred.
    expect(c.body.totals).toMatchObject({ scope: 'unit', total: mine.body.total, not_started: mine.body.total, planTasks: 100 });
    expect((await office.get(`/api/campaigns/${campaignId}`)).body.totals).toMatchObject({ scope: 'campaign', total: 100, planTasks: 100 });
    expect(c.body.allowedActions).toEqual([]);
  });

  it('a department cannot open a task it has no part in (404), nor read another unit’s reports', async () => {
    const all = await office.get(`/api/campaigns/${campaignId}/tasks?pageSize=200`);
    const notMine = all.body.items.find(
      (x: { responsible: { orgName: string }[] }) => !x.responsible.some((r) => r.orgName === '应急管理局'),
    );
    expect((await emergency.get(`/api/campaign-tasks/${notMine.id}`)).status).toBe(404);
  });

  it('filters by section, unit, status, deadline and text; validates the query', async () => {
    expect((await office.get(`/api/campaigns/${campaignId}/tasks?section=7`)).body.items.map((x: { seq: number }) => x.seq)).toEqual([100]);
    const byUnit = await office.get(`/api/campaigns/${campaignId}/tasks?pageSize=200&orgId=${await t.orgId('ZJFJ')}`);
    expect(byUnit.body.items.map((x: { seq: number }) => x.seq)).toContain(33);
    const text = await office.get(`/api/campaigns/${campaignId}/tasks?q=${encodeURIComponent('电梯')}`);
    expect(text.body.items.map((x: { seq: number }) => x.seq)).toEqual(expect.arrayContaining([33, 58]));
    expect((await office.get(`/api/campaigns/${campaignId}/tasks?status=not_started&pageSize=200`)).body.total).toBe(100);
    expect((await office.get(`/api/campaigns/${campaignId}/tasks?status=flying`)).status).toBe(400);
    expect((await office.get(`/api/campaigns/00000000-0000-4000-8000-000000000000/tasks`)).status).toBe(404);
  });
});

describe('a unit’s part: report, submit, return, resubmit, accept', () => {
  it('walks the whole workflow, with evidence, notifications and timeline', async () => {
    let task = await taskBySeq(emergency, 79); // 应急管理局 alone
    const part = partOf(task, '应急管理局');
    expect(part).toMatchObject({ status: 'not_started', allowedActions: ['report', 'submit', 'requestExtension'] });

    // Evidence: an attachment uploaded through /api/files.
    const boundary = 'cs-boundary';
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="监测系统建设方案.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = await emergency.request('POST', '/api/files', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(upload.status).toBe(201);

    expect((await emergency.post(`/api/campaign-assignments/${part.id}/actions/accept`, {})).status).toBe(403);
    expect((await emergency.post(`/api/campaign-assignments/${part.id}/actions/report`, { text: '', percent: 30 })).status).toBe(400);
    expect((await emergency.post(`/api/campaign-assignments/${part.id}/actions/report`, progress(130))).status).toBe(400);
    const reported = await emergency.post(
      `/api/campaign-assignments/${part.id}/actions/report`,
      progress(40, { fileIds: [upload.body.id] }),
    );
    expect(reported.status).toBe(200);
    expect(reported.body.assignment).toMatchObject({ id: part.id, status: 'in_progress', percent: 40 });
    expect(reported.body.report).toMatchObject({ kind: 'report', percent: 40, files: [{ name: '监测系统建设方案.pdf' }] });
    expect(reported.body.task).toMatchObject({ id: task.id, status: 'in_progress' });

    expect((await office.post(`/api/campaign-assignments/${part.id}/actions/accept`, {})).status).toBe(409);
    const submitted = await emergency.post(`/api/campaign-assignments/${part.id}/actions/submit`, progress(100));
    expect(submitted.body.assignment.status).toBe('submitted');
    expect(submitted.body.task.status).toBe('submitted');
    const officeInbox = await office.get('/api/notifications');
    expect(officeInbox.body.items[0].title).toContain('第79项任务');

    expect((await office.post(`/api/campaign-assignments/${part.id}/actions/return`, {})).status).toBe(400);
    const returned = await office.post(`/api/campaign-assignments/${part.id}/actions/return`, { reason: '缺少预测性维护推行的佐证资料' });
    expect(returned.body).toMatchObject({ assignment: { status: 'returned' }, report: null });
    const unitInbox = await emergency.get('/api/notifications');
    expect(unitInbox.body.items[0]).toMatchObject({ kind: 'campaign.return', body: expect.stringContaining('预测性维护') });

    await emergency.post(`/api/campaign-assignments/${part.id}/actions/submit`, progress(100));
    const accepted = await office.post(`/api/campaign-assignments/${part.id}/actions/accept`, {});
    expect(accepted.body.task).toMatchObject({ status: 'accepted', deadlineState: 'done', percent: 100 });
    task = (await office.get(`/api/campaign-tasks/${task.id}`)).body;
    expect(partOf(task, '应急管理局').timeline.map((e: { action: string }) => e.action)).toEqual([
      'report',
      'submit',
      'return',
      'submit',
      'accept',
    ]);
    expect((await emergency.post(`/api/campaign-assignments/${part.id}/actions/submit`, progress(100))).status).toBe(409);
    const c = await office.get(`/api/campaigns/${campaignId}`);
    expect(c.body.totals.accepted).toBe(1);
  });

  it('a task with several units is complete only when every unit is accepted', async () => {
    const multi = await taskBySeq(office, 43); // 应急管理局, 农水局, 交通运输局, 港口局, 经发局, 各街办
    expect(multi.assignments.length).toBeGreaterThan(3);
    const em = partOf(multi, '应急管理局');
    await emergency.post(`/api/campaign-assignments/${em.id}/actions/submit`, progress(100));
    const after = (await office.post(`/api/campaign-assignments/${em.id}/actions/accept`, {})).body;
    expect(after.task.status).toBe('in_progress');
    // The unit's numbers are its ledger's: each state counts what the ledger filtered by it lists (task 43 is in
    // progress there, however far the unit's own part went).
    const { totals } = (await emergency.get(`/api/campaigns/${campaignId}`)).body;
    expect(totals).toMatchObject({ scope: 'unit', accepted: 1 });
    for (const state of ['not_started', 'in_progress', 'submitted', 'accepted'] as const) {
      const listed = await emergency.get(`/api/campaigns/${campaignId}/tasks?status=${state}&pageSize=200`);
      expect(totals[state], state).toBe(listed.body.total);
    }
    expect(totals.total).toBe((await emergency.get(`/api/campaigns/${campaignId}/tasks?pageSize=200`)).body.total);
  });

  it('another unit cannot act on someone else’s part', async () => {
    const multi = await taskBySeq(office, 43);
    const other = partOf(multi, '交通运输局');
    expect((await emergency.post(`/api/campaign-assignments/${other.id}/actions/report`, progress(10))).status).toBe(403);
    expect((await xinzhu.post(`/api/campaign-assignments/${other.id}/actions/report`, progress(10))).status).toBe(403);
    const street = partOf(multi, '新筑街办');
    expect((await xinzhu.post(`/api/campaign-assignments/${street.id}/actions/report`, progress(10))).status).toBe(200);
    expect(
      (await emergency.post(`/api/campaign-assignments/00000000-0000-4000-8000-000000000000/actions/report`, progress(10))).status,
    ).toBe(404);
  });

  it('indicator values are checked against the task’s targets', async () => {
    const task = await taskBySeq(transport, 36);
    const part = partOf(task, '交通运输局');
    const bad = await transport.post(
      `/api/campaign-assignments/${part.id}/actions/report`,
      progress(50, { indicatorValues: [{ target: 9, value: 1 }] }),
    );
    expect(bad.status).toBe(400);
    const res = await transport.post(
      `/api/campaign-assignments/${part.id}/actions/report`,
      progress(50, {
        indicatorValues: [
          { target: 0, value: 96 },
          { target: 1, value: 99 },
        ],
      }),
    );
    const values = res.body.report.indicatorValues;
    expect(values.map((v: { met: boolean }) => v.met)).toEqual([
      task.targets[0].comparator === '>=' ? 96 >= task.targets[0].value : true,
      99 >= task.targets[1].value,
    ]);
  });

  it('an action answers what it changed, not every report the part ever had', async () => {
    const untouched = await emergency.get(`/api/campaigns/${campaignId}/tasks?status=not_started&pageSize=200`);
    const part = partOf(await taskBySeq(emergency, untouched.body.items[0].seq), '应急管理局');
    const sizes: number[] = [];
    for (let week = 1; week <= 5; week++) {
      const res = await emergency.post(`/api/campaign-assignments/${part.id}/actions/report`, progress(week * 10));
      expect(res.status).toBe(200);
      expect(res.body.report).toMatchObject({ assignmentId: part.id, percent: week * 10 });
      expect(res.body.assignment).toMatchObject({ id: part.id, percent: week * 10 });
      expect(res.body).not.toHaveProperty('assignments');
      sizes.push(JSON.stringify(res.body).length);
    }
    // The fifth answer is no bigger than the first; the task's page still reads all five.
    expect(sizes[4]).toBeLessThanOrEqual(sizes[0]! + 16);
    const detail = (await emergency.get(`/api/campaign-tasks/${untouched.body.items[0].id}`)).body;
    expect(partOf(detail, '应急管理局').reports.map((r: { percent: number }) => r.percent)).toEqual([10, 20, 30, 40, 50]);
  });
});

describe('deadline extensions', () => {
  it('request → approve moves the unit’s deadline; refuse needs a reason; one pending at a time', async () => {
    const task = await taskBySeq(transport, 38);
    const part = partOf(task, '交通运输局');
    expect(
      (await transport.post(`/api/campaign-assignments/${part.id}/extensions`, { requestedEnd: '2020-06-01', reason: '资金未到位' }))
        .status,
    ).toBe(400);
    const req = await transport.post(`/api/campaign-assignments/${part.id}/extensions`, {
      requestedEnd: '2030-06-30',
      reason: '检测单位排期',
    });
    expect(req.status).toBe(201);
    expect(
      (await transport.post(`/api/campaign-assignments/${part.id}/extensions`, { requestedEnd: '2030-07-30', reason: '再次申请' })).status,
    ).toBe(409);
    // While a request awaits a decision the unit is not offered another.
    expect(partOf(req.body, '交通运输局').allowedActions).not.toContain('requestExtension');
    const ext = partOf(req.body, '交通运输局').extensions[0];
    expect(ext).toMatchObject({ status: 'requested', allowedActions: [] });
    // The pending request is badged on the part and in the ledger's row, where 安委办 scans, until it is decided.
    const pendingIn = async () => {
      const ledger = (await office.get(`/api/campaigns/${campaignId}/tasks?pageSize=200`)).body.items;
      const row = ledger.find((x: { seq: number }) => x.seq === 38);
      return row.responsible.find((u: { orgName: string }) => u.orgName === '交通运输局').extensionPending;
    };
    expect(partOf(req.body, '交通运输局').extensionPending).toBe(true);
    expect(await pendingIn()).toBe(true);
    expect((await transport.post(`/api/campaign-extensions/${ext.id}/actions/approve`, {})).status).toBe(403);
    const approved = await office.post(`/api/campaign-extensions/${ext.id}/actions/approve`, {});
    expect(approved.status).toBe(200);
    expect(partOf(approved.body, '交通运输局')).toMatchObject({
      extendedTo: '2030-06-30',
      deadlineState: 'on_track',
      extensionPending: false,
    });
    expect(await pendingIn()).toBe(false);
    expect((await office.post(`/api/campaign-extensions/${ext.id}/actions/refuse`, { reason: '重复' })).status).toBe(409);

    const second = await transport.post(`/api/campaign-assignments/${part.id}/extensions`, { requestedEnd: '2031-01-31', reason: '再延' });
    const ext2 = partOf(second.body, '交通运输局').extensions[1];
    expect((await office.post(`/api/campaign-extensions/${ext2.id}/actions/refuse`, {})).status).toBe(400);
    const refused = await office.post(`/api/campaign-extensions/${ext2.id}/actions/refuse`, { reason: '无正当理由' });
    expect(partOf(refused.body, '交通运输局').extendedTo).toBe('2030-06-30');
  });
});

describe('schedule and ledger', () => {
  it('returns the 19 steps, the five phases and the flagged inconsistencies', async () => {
    const res = await emergency.get(`/api/campaigns/${campaignId}/schedule`);
    expect(res.status).toBe(200);
    expect(res.body.schedule).toHaveLength(19);
    expect(res.body.phases).toHaveLength(5);
    // Phases come as days too: the first, 动员部署阶段, is October 2020.
    expect(res.body.phases[0]).toMatchObject({ start: '2020-10-01', end: '2020-10-31' });
    expect(res.body.flags.some((f: { where: string; seq: number }) => f.where === 'schedule' && f.seq === 12)).toBe(true);
    expect(res.body.flags.some((f: { where: string; seq: number }) => f.where === 'task' && f.seq === 42)).toBe(true);
  });

  it('安委办 confirms a flagged inconsistency; the plan keeps the seed’s data', async () => {
    const before = await office.get(`/api/campaigns/${campaignId}/schedule`);
    const flag = before.body.flags.find((f: { key: string }) => f.key === 'schedule:12:DEADLINE_BEFORE_ISSUE');
    expect(flag).toMatchObject({ confirmation: null, allowedActions: ['confirm'] });
    const body = { key: flag.key, note: '应为2021年3月31日前，按原文保留' };
    expect((await emergency.post(`/api/campaigns/${campaignId}/flags/confirm`, body)).status).toBe(403);
    expect((await office.post(`/api/campaigns/${campaignId}/flags/confirm`, { key: 'nope' })).status).toBe(400);
    const res = await office.post(`/api/campaigns/${campaignId}/flags/confirm`, body);
    expect(res.status).toBe(200);
    expect(res.body.confirmation).toMatchObject({ by: '测试awb_office', note: body.note });
    expect((await office.post(`/api/campaigns/${campaignId}/flags/confirm`, body)).status).toBe(409);
    const keys = before.body.flags.map((f: { key: string }) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    const after = await emergency.get(`/api/campaigns/${campaignId}/schedule`);
    const row12 = after.body.schedule.find((r: { seq: number }) => r.seq === 12);
    expect(row12.deadline.text).toBe('2020年3月31日前');
    expect(after.body.flags.find((f: { key: string }) => f.key === flag.key)).toMatchObject({
      confirmation: { note: body.note },
      allowedActions: [],
    });
  });

  it('exports the ledger as xlsx that reads back', async () => {
    const res = await office.get(`/api/campaigns/${campaignId}/ledger.xlsx`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('工作台账'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('任务台账')!;
    expect(sheet.getRow(2).getCell(3).value).toBe('主要目标任务');
    expect(sheet.rowCount).toBe(102);
    const row79 = sheet.getRows(3, 100)!.find((r) => r.getCell(1).value === 79)!;
    expect(row79.getCell(8).value).toBe('已完成');
    const parts = wb.getWorksheet('责任单位进展')!;
    expect(parts.rowCount).toBeGreaterThan(100);
    // Each part with its task's text, the unit's latest progress and the evidence it filed.
    const part79 = parts.getRows(2, parts.rowCount - 1)!.find((r) => r.getCell(1).value === 79 && r.getCell(3).value === '应急管理局')!;
    expect(part79.getCell(2).value).toBe(row79.getCell(3).value);
    expect(part79.getCell(11).value).toBe('已完成部署并开展排查');
    expect(part79.getCell(12).value).toBe('监测系统建设方案.pdf');
    // Printed landscape, fitted to the width, the header on every page; the header filters.
    for (const [ws, header] of [
      [sheet, 2],
      [parts, 1],
    ] as const) {
      expect(ws.pageSetup).toMatchObject({
        orientation: 'landscape',
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: `${header}:${header}`,
      });
      expect(ws.autoFilter).toBeTruthy();
    }
    const mine = await emergency.get(`/api/campaigns/${campaignId}/ledger.xlsx`);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(mine.raw.rawPayload as unknown as ArrayBuffer);
    expect(wb2.getWorksheet('任务台账')!.rowCount).toBeLessThan(102);
  });
});
