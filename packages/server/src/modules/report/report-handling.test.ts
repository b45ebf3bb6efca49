import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { anonymous } from '../../platform/actor.js';
import { rows } from '../../platform/db.js';
import { checkReportEscalations } from './report-handling.jobs.js';
import { createReport, seedReportCategories } from './report-intake.service.js';

let t: TestApp;
let admin: Client; // holds report.identity (the administrator holds every action)
let office: Client; // 安委办: triage, verification, closing; no report.identity
let xinzhu: Client; // 新筑街办: handles what is assigned to it
let xinhe: Client; // 新合街办: another street
let xinzhuId: string;
let plantId: string;

const inXinzhu = { lng: 109.08, lat: 34.39 };
const outside = { lng: 109.5, lat: 34.9 };
/** The identity a real-name reporter gives: it must appear nowhere but behind report.identity. */
const reporter = { name: '王举报', phone: '13912345678', idNumber: '61011319800101123X', contact: 'wang@example.com' };
const secrets = [reporter.name, reporter.phone, reporter.idNumber, reporter.contact];

async function file(body: Record<string, unknown> = {}): Promise<{ id: string; code: string }> {
  const created = await t.platform.db.transaction((tx) =>
    createReport(tx, anonymous(null), {
      category: 'major_hazard',
      description: '某化工厂液氨储罐区无泄漏报警装置，夜间有刺鼻气味',
      ...inXinzhu,
      address: '新筑街道港务大道 88 号',
      reportedOrgName: '西港举报测试化工有限公司',
      anonymous: false,
      reporter,
      photoIds: [],
      channel: 'web',
      ...body,
    } as Parameters<typeof createReport>[2]),
  );
  return { id: created.id, code: created.code };
}

const act = (client: Client, id: string, action: string, body: Record<string, unknown> = {}) =>
  client.post(`/api/reports/${id}/actions/${action}`, body);
const expectNoIdentity = (what: string, text: string) => {
  for (const secret of secrets) expect(text, `${what} carries ${secret}`).not.toContain(secret);
};
/** Sessions end when idle: after the clock jumps days ahead, the people log in again. */
const relogin = async () => {
  admin = await t.admin();
  office = await t.login('rh_awb');
  xinzhu = await t.login('rh_xinzhu');
  xinhe = await t.login('rh_xinhe');
};

beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T10:00:00+08:00' });
  await t.platform.db.transaction((tx) => seedReportCategories(tx));
  admin = await t.admin();
  xinzhuId = await t.orgId('XZJB');
  expect(
    (await admin.post('/api/orgs', { code: 'QY-RH1', name: '西港举报测试化工有限公司', type: 'enterprise', parentId: xinzhuId })).status,
  ).toBe(201);
  plantId = await t.orgId('QY-RH1');
  await t.platform.db.execute(
    sql`insert into boundaries (org_id, level, geom, source)
        values (${xinzhuId}, 'street', ST_Multi(ST_MakeEnvelope(109.07, 34.38, 109.09, 34.40, 4326)), 'drawn')`,
  );
  office = await t.userIn('AWB', ['safety_office'], 'rh_awb');
  xinzhu = await t.userIn('XZJB', ['street'], 'rh_xinzhu');
  xinhe = await t.userIn('XHJB', ['street'], 'rh_xinhe');
});
afterAll(() => t.close());

describe('the life of a report', () => {
  it('received → accepted → assigned → handled (a hazard registered) → verified → closed with a reply', async () => {
    const r = await file();
    let d = (await office.get(`/api/reports/${r.id}`)).body;
    expect(d).toMatchObject({ status: 'received', code: r.code, anonymous: false, street: { id: xinzhuId } });
    expect(d.allowedActions).toEqual(['accept', 'refuse', 'merge']);
    // A street does not triage: acceptance and assignment are 安委办's.
    expect((await act(xinzhu, r.id, 'accept')).status).toBe(403);

    d = (await act(office, r.id, 'accept')).body;
    expect(d.status).toBe('accepted');
    // 60 days from acceptance (the category's handle days).
    expect(Date.parse(d.dueAt) - Date.parse(d.acceptedAt)).toBe(60 * 24 * 3600 * 1000);
    expect((await act(office, r.id, 'assign', { orgId: plantId })).status).toBe(400);
    d = (await act(office, r.id, 'assign', { orgId: xinzhuId })).body;
    expect(d).toMatchObject({ status: 'assigned', assignedOrg: { id: xinzhuId } });

    // The outcome 'hazard' needs a hazard: one linked or one registered.
    expect((await act(xinzhu, r.id, 'handle', { outcome: 'hazard', note: '现场核实属实' })).status).toBe(400);
    const handled = await act(xinzhu, r.id, 'handle', {
      outcome: 'hazard',
      note: '现场核实属实，已登记隐患并责令整改',
      hazard: { level: '一般', responsibleOrgId: plantId, deadline: '2026-03-20' },
    });
    expect(handled.status, JSON.stringify(handled.body)).toBe(200);
    expect(handled.body.status).toBe('handled');
    const hazardId = handled.body.hazard.id as string;
    // Linked both ways: the hazard names the report as its origin.
    const hazard = (await office.get(`/api/hazards/${hazardId}`)).body;
    expect(hazard).toMatchObject({ origin: 'public_report', originRef: r.code, responsibleOrg: { id: plantId } });
    // The hazard's page asks which reports it came from: those in the caller's reach, never the reporter.
    const fromHazard = await office.get(`/api/reports?hazardId=${hazardId}`);
    expect(fromHazard.status).toBe(200);
    expect(fromHazard.body.items.map((i: { code: string }) => i.code)).toEqual([r.code]);
    expectNoIdentity('the hazard’s reports', JSON.stringify(fromHazard.body));
    expect((await xinzhu.get(`/api/reports?hazardId=${hazardId}`)).body.items).toHaveLength(1);
    expect((await xinhe.get(`/api/reports?hazardId=${hazardId}`)).body.items).toEqual([]);

    // The unit that handled does not verify its own work.
    expect((await act(xinzhu, r.id, 'verify')).status).toBe(403);
    expect((await act(office, r.id, 'verify', { note: '复核属实' })).body.status).toBe('verified');
    expect((await act(office, r.id, 'close', {})).status).toBe(400);
    d = (await act(office, r.id, 'close', { reply: '经核查，举报属实，已责令企业限期整改。感谢您的举报。' })).body;
    expect(d).toMatchObject({ status: 'closed', outcome: 'hazard', reply: expect.stringContaining('属实') });
    expect(d.timeline.map((e: { action: string }) => e.action)).toEqual(['accept', 'assign', 'handle', 'verify', 'close']);
    expect(d.allowedActions).toEqual([]);
  });

  it('refused with a §10 ground: the reporter reads the ground and the reason; a refused report takes no further step', async () => {
    const r = await file({ description: '建议在港务大道增设更多的路灯和绿化带' });
    expect((await act(office, r.id, 'refuse', { reason: '属于建议' })).status).toBe(400);
    const d = (await act(office, r.id, 'refuse', { ground: 'other_procedure', reason: '属于城市建设建议，请向 12345 反映' })).body;
    expect(d.status).toBe('refused');
    expect(d.reply).toContain('属于建议、政府信息公开、行政复议或诉讼等事项');
    expect((await act(office, r.id, 'accept')).status).toBe(409);
  });

  it('a duplicate is merged into the first report of the same category, not lost', async () => {
    const first = await file();
    const second = await file({ anonymous: true, reporter: null });
    expect((await act(office, second.id, 'merge', { duplicateOf: second.id })).status).toBe(400);
    const merged = (await act(office, second.id, 'merge', { duplicateOf: first.id })).body;
    expect(merged).toMatchObject({ status: 'refused', duplicateOf: { id: first.id, code: first.code } });
    expect(merged.reply).toContain(first.code);
    const original = (await office.get(`/api/reports/${first.id}`)).body;
    expect(original.duplicates.map((x: { id: string }) => x.id)).toEqual([second.id]);
    const otherCategory = await file({ category: 'violation' });
    expect((await act(office, otherCategory.id, 'merge', { duplicateOf: first.id })).status).toBe(422);
  });

  it('transferred (转办) names the unit and the reporter is told', async () => {
    const a = await file();
    await act(office, a.id, 'accept');
    await act(office, a.id, 'assign', { orgId: xinzhuId });
    expect((await act(xinzhu, a.id, 'handle', { outcome: 'transferred', note: '属燃气主管部门职责' })).status).toBe(400);
    const d = (await act(xinzhu, a.id, 'handle', { outcome: 'transferred', note: '属燃气主管部门职责', transferredTo: '区住建局' })).body;
    expect(d).toMatchObject({ outcome: 'transferred', transferredTo: '区住建局' });
    expect(d.messages.at(-1)).toMatchObject({ author: 'office', body: expect.stringContaining('区住建局') });
  });
});

describe('the limits', () => {
  it('one extension of at most 30 days by report.manage, the reporter told why; a second is refused; late steps show as overdue', async () => {
    t.clock.set('2026-04-01T10:00:00+08:00');
    await relogin();
    const r = await file();
    await act(office, r.id, 'accept');
    await act(office, r.id, 'assign', { orgId: xinzhuId });
    // A street handles but does not approve extensions.
    expect((await act(xinzhu, r.id, 'extend', { days: 10, reason: '需要第三方检测' })).status).toBe(403);
    expect((await act(office, r.id, 'extend', { days: 31, reason: '需要第三方检测' })).status).toBe(400);
    const before = (await office.get(`/api/reports/${r.id}`)).body.dueAt as string;
    const d = (await act(office, r.id, 'extend', { days: 30, reason: '需要第三方检测机构出具报告' })).body;
    expect(Date.parse(d.dueAt) - Date.parse(before)).toBe(30 * 24 * 3600 * 1000);
    expect(d).toMatchObject({ extended: true, extensionReason: '需要第三方检测机构出具报告' });
    expect(d.messages.at(-1).body).toContain('延期理由：需要第三方检测机构出具报告');
    const again = await act(office, r.id, 'extend', { days: 5, reason: '仍需检测' });
    expect(again.status).toBe(409);

    // 60 + 30 days after acceptance, one day more: overdue, and the queue's filter finds it.
    t.clock.set('2026-07-01T10:00:00+08:00');
    await relogin();
    const late = (await office.get(`/api/reports?overdue=true&pageSize=200`)).body.items as { id: string }[];
    expect(late.map((x) => x.id)).toContain(r.id);
    const onTime = (await office.get(`/api/reports?overdue=false&pageSize=200`)).body.items as { id: string }[];
    expect(onTime.map((x) => x.id)).not.toContain(r.id);

    // The late step escalates once per step and limit: 安委办 and the assigned street are told; the inbox marks it.
    expect(await checkReportEscalations(t.platform)).toBeGreaterThan(0);
    expect(await checkReportEscalations(t.platform)).toBe(0);
    const bell = (await xinzhu.get('/api/notifications')).body.items as { kind: string; title: string; link: string }[];
    expect(bell).toContainEqual(
      expect.objectContaining({ kind: 'report.overdue', title: `举报 ${r.code} 超过办理时限`, link: `/reports/${r.id}` }),
    );
    const inbox = (await xinzhu.get('/api/inbox')).body.items as { kind: string; objectId: string; dueState: string }[];
    expect(inbox).toContainEqual(expect.objectContaining({ kind: 'report.handle', objectId: r.id, dueState: 'overdue' }));
    const officeInbox = (await office.get('/api/inbox')).body.items as { kind: string }[];
    expect(officeInbox.map((i) => i.kind)).toContain('report.accept');
  });
});

describe('the limits as settings', () => {
  it('report.manage narrows the extension within the rule’s 30 days; an extension beyond it is refused', async () => {
    const read = await xinzhu.get('/api/reports/limits');
    expect(read.body).toMatchObject({ extensionDays: 30, maxExtensions: 1, sources: { handle: { zh: expect.stringContaining('60 日') } } });
    const limits = { extensionDays: 15, maxExtensions: 1, dueSoonDays: 7, escalateAfterDays: 0 };
    expect((await xinzhu.put('/api/reports/limits', limits)).status).toBe(403);
    expect((await office.put('/api/reports/limits', { ...limits, extensionDays: 31 })).status).toBe(400);
    expect((await office.put('/api/reports/limits', limits)).status).toBe(200);
    const r = await file();
    await act(office, r.id, 'accept');
    await act(office, r.id, 'assign', { orgId: xinzhuId });
    const tooLong = await act(office, r.id, 'extend', { days: 20, reason: '需要第三方检测' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message.zh).toContain('15');
    expect((await act(office, r.id, 'extend', { days: 15, reason: '需要第三方检测' })).status).toBe(200);
    expect((await office.put('/api/reports/limits', { ...limits, extensionDays: 30 })).status).toBe(200);
  });
});

describe('scope and the reporter’s identity', () => {
  it('a street sees the reports in its area or assigned to it, another street does not', async () => {
    const inArea = await file();
    const elsewhere = await file({ ...outside, address: '区外某地' });
    const seen = (await xinzhu.get(`/api/reports?pageSize=200`)).body.items.map((x: { id: string }) => x.id);
    expect(seen).toContain(inArea.id);
    expect(seen).not.toContain(elsewhere.id);
    expect((await xinhe.get(`/api/reports?pageSize=200`)).body.items.map((x: { id: string }) => x.id)).not.toContain(inArea.id);
    expect((await xinhe.get(`/api/reports/${inArea.id}`)).status).toBe(404);
    expect((await act(xinhe, inArea.id, 'accept')).status).toBe(404);
    // Assigned to 新合 later: now it sees it.
    await act(office, elsewhere.id, 'accept');
    await act(office, elsewhere.id, 'assign', { orgId: await t.orgId('XHJB') });
    expect((await xinhe.get(`/api/reports/${elsewhere.id}`)).status).toBe(200);
  });

  it('is behind report.identity, audited; absent from the list, the detail, the export, the stats, the audit and the notifications', async () => {
    const r = await file();
    expect((await office.get(`/api/reports/${r.id}/reporter`)).status).toBe(403);
    const seen = await admin.get(`/api/reports/${r.id}/reporter`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ anonymous: false, name: reporter.name, phone: reporter.phone });
    const [audited] = await rows<{ n: number }>(
      t.platform.db,
      sql`select count(*)::int as n from audit_log where action = 'report.identity' and entity_id = ${r.id}`,
    );
    expect(audited!.n).toBe(1);

    await act(office, r.id, 'accept');
    await act(office, r.id, 'assign', { orgId: xinzhuId });
    for (const client of [office, admin, xinzhu]) {
      expectNoIdentity('list', JSON.stringify((await client.get(`/api/reports?pageSize=200`)).body));
      expectNoIdentity('detail', JSON.stringify((await client.get(`/api/reports/${r.id}`)).body));
    }
    expectNoIdentity('stats', JSON.stringify((await admin.get(`/api/reports/stats?from=2026-01-01&to=2026-12-31`)).body));

    const res = await admin.get('/api/reports.xlsx');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain(r.code);
    expectNoIdentity('xlsx', cells.join('|'));

    // Audit rows of the steps, notifications and queued robot messages: never the identity.
    const [logged] = await rows<{ text: string }>(
      t.platform.db,
      sql`select coalesce(string_agg(coalesce(before::text, '') || coalesce(after::text, ''), '|'), '') as text from audit_log where entity_id = ${r.id}`,
    );
    expectNoIdentity('audit', logged!.text);
    const [notified] = await rows<{ text: string }>(
      t.platform.db,
      sql`select coalesce(string_agg(title || body, '|'), '') as text from notifications`,
    );
    expectNoIdentity('notifications', notified!.text);
    const [queued] = await rows<{ text: string }>(
      t.platform.db,
      sql`select coalesce(string_agg(payload::text, '|'), '') as text from jobs`,
    );
    expectNoIdentity('webhook jobs', queued!.text);
  });
});

describe('bulk triage', () => {
  it('assigns many at once, each answered on its own (a refused one does not undo the others)', async () => {
    const a = await file();
    const b = await file();
    const c = await file();
    await act(office, a.id, 'accept');
    await act(office, b.id, 'accept');
    // c is still received: it cannot be assigned before it is accepted.
    const res = await office.post('/api/reports/bulk', { action: 'assign', ids: [a.id, b.id, c.id], orgId: xinzhuId });
    expect(res.status).toBe(200);
    expect(res.body.results.map((x: { status: number }) => x.status)).toEqual([200, 200, 409]);
    expect((await office.get(`/api/reports/${a.id}`)).body.status).toBe('assigned');
    expect((await office.get(`/api/reports/${c.id}`)).body.status).toBe('received');
    expect((await xinzhu.post('/api/reports/bulk', { action: 'accept', ids: [c.id] })).body.results[0].status).toBe(403);
    const refused = await office.post('/api/reports/bulk', {
      action: 'refuse',
      ids: [c.id],
      ground: 'no_target_or_facts',
      reason: '无具体地点和单位',
    });
    expect(refused.body.results).toEqual([{ id: c.id, status: 200 }]);
  });
});

/** Walks a report to closed with the given outcome. */
async function closeReport(outcome: string, body: Record<string, unknown> = {}): Promise<{ id: string; code: string }> {
  const r = await file(body);
  await act(office, r.id, 'accept');
  await act(office, r.id, 'assign', { orgId: xinzhuId });
  const handled = await act(xinzhu, r.id, 'handle', { outcome, note: '已办理' });
  expect(handled.status, JSON.stringify(handled.body)).toBe(200);
  await act(office, r.id, 'verify');
  expect((await act(office, r.id, 'close', { reply: '已办结，感谢举报' })).status).toBe(200);
  return r;
}

describe('rewards', () => {
  it('15 % of the fine within 3 000 … 300 000元, approved then paid, once per report; the public notice carries no personal data', async () => {
    t.clock.set('2026-08-03T10:00:00+08:00');
    await relogin();
    const small = await closeReport('enforcement', { category: 'violation' });
    const big = await closeReport('enforcement', { category: 'violation' });
    const concealed = await closeReport('enforcement', { category: 'concealed_accident' });

    expect((await office.post(`/api/reports/${small.id}/rewards`, { basis: { kind: 'fine', fine: 10_000 } })).body.amount).toBe(3_000);
    expect((await office.post(`/api/reports/${small.id}/rewards`, { basis: { kind: 'fine', fine: 50_000 } })).status).toBe(409);
    const proposed = await office.post(`/api/reports/${big.id}/rewards`, { basis: { kind: 'fine', fine: 3_000_000 } });
    expect(proposed.body).toMatchObject({ amount: 300_000, status: 'proposed' });
    const wrongBasis = await office.post(`/api/reports/${concealed.id}/rewards`, { basis: { kind: 'fine', fine: 10_000 } });
    expect(wrongBasis.status).toBe(422);
    const perDeath = await office.post(`/api/reports/${concealed.id}/rewards`, {
      basis: { kind: 'concealed_accident', grade: '特别重大', concealedDeaths: 6 },
    });
    expect(perDeath.body.amount).toBe(300_000);

    const id = proposed.body.id as string;
    // Paying before approval is out of order; the approval is 安委办's (report.reward).
    expect((await office.post(`/api/report-rewards/${id}/actions/pay`, { paymentRef: 'ZF-2026-001' })).status).toBe(409);
    expect((await xinzhu.post(`/api/report-rewards/${id}/actions/approve`, {})).status).toBe(403);
    expect((await office.post(`/api/report-rewards/${id}/actions/approve`, {})).body.status).toBe('approved');
    expect((await office.post(`/api/report-rewards/${id}/actions/pay`, {})).status).toBe(400);
    const paid = await office.post(`/api/report-rewards/${id}/actions/pay`, { paymentRef: 'ZF-2026-001' });
    expect(paid.body).toMatchObject({ status: 'paid', paymentRef: 'ZF-2026-001' });

    const notice = await t.anonymous.get('/api/public/report-rewards');
    expect(notice.status).toBe(200);
    expect(notice.body.items).toEqual([
      { code: big.code, categoryName: expect.any(Object), amount: 300_000, paidOn: '2026-08-03', street: expect.any(String) },
    ]);
    expectNoIdentity('public notice', JSON.stringify(notice.body));
    expect(JSON.stringify(notice.body)).not.toContain('西港举报测试化工有限公司');
  });

  it('not for a duplicate, nor a report not closed', async () => {
    const open = await file({ category: 'violation' });
    expect((await office.post(`/api/reports/${open.id}/rewards`, { basis: { kind: 'fine', fine: 10_000 } })).status).toBe(422);
  });
});

describe('statistics', () => {
  it('办结率 = 办结 ÷ 受理 in the period, 关闭-未解决 apart; on time its own figure', async () => {
    t.clock.set('2026-10-05T10:00:00+08:00');
    await relogin();
    await closeReport('resolved');
    await closeReport('resolved');
    await closeReport('unresolved');
    const received = await file();
    await act(office, received.id, 'accept');
    const stats = (await office.get(`/api/reports/stats?from=2026-10-01&to=2026-10-31`)).body;
    expect(stats.total).toMatchObject({ received: 4, accepted: 4, closed: 2, unresolved: 1, onTime: 2, closureRate: 0.5, onTimeRate: 1 });
    expect(stats.byMonth).toEqual([expect.objectContaining({ key: '2026-10', accepted: 4 })]);
    expect(stats.byStreet[0]).toMatchObject({ key: xinzhuId, received: 4 });
    // 新合 sees none of 新筑's reports in its figures.
    expect((await xinhe.get(`/api/reports/stats?from=2026-10-01&to=2026-10-31`)).body.total.received).toBe(0);

    const res = await office.get('/api/reports/stats.xlsx?month=2026-10');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['汇总', '按类别', '按街道', '按承办单位']);
    expect(wb.getWorksheet('汇总')!.getRow(4).values).toEqual(expect.arrayContaining(['合计', 4, 4, 0, 2, 1, 2, '50.0%', '100.0%']));
  });
});
