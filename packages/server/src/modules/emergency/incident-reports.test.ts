import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { officeText } from '../../../test/office.js';
import { areaBoundaries } from '../map/index.js';
import { checkReportDeadlines } from './incident-reports.jobs.js';

/**
 * Statutory reporting through the real app (design13: REPORTS): the schedule each incident owes with the clock at
 * every boundary (Art. 9 1 h, Art. 11 2 h per level, Art. 13 30/7 days, Art. 29 60 + 60 days, Art. 32 15/30 days),
 * lateness kept for ever, the Word document read by LibreOffice, findings, the investigation and its measures, the
 * reach, the reminders and the inbox.
 */

let t: TestApp;
let office: Client; // 安委办: investigates
let duty: Client; // 值班员: records
let xinzhu: Client; // 新筑街办: reports and escalates within its street
let xinhe: Client; // 新合街办: another street
let plantA: Client; // an enterprise under 新筑街办
let plantB: Client; // an enterprise under 新合街办
let plantAId: string;

const square = ([w, s, e, n]: [number, number, number, number]) => ({
  type: 'MultiPolygon' as const,
  coordinates: [
    [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  ],
});

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;
const at = (base: string, ms: number) => new Date(new Date(base).getTime() + ms);
/**
 * The clock runs on after it is set, so a report submitted or a change made "at" an instant happens a moment later:
 * due times computed from it are within a few seconds of the instant's.
 */
const expectNear = (iso: string, expected: Date) => expect(Math.abs(new Date(iso).getTime() - expected.getTime())).toBeLessThan(15_000);
const submission = {
  unitOverview: '甲化工有限公司，危险化学品生产企业，从业人员120人。',
  scene: '二号车间反应釜区域，现场已封控。',
  reporterName: '张三',
  reporterPhone: '029-12345678',
};

/** The instant the clock was last set to. */
let current = new Date('2026-03-02T10:00:00+08:00');

/**
 * Sets the clock and logs everyone in again: a session idle past its limit on the new date is over, as it would be
 * in life, and the tests jump months.
 */
async function travel(when: string | Date): Promise<void> {
  current = new Date(when);
  t.clock.set(current);
  const again = (c: Client) => t.login(c.user!.username);
  [office, duty, xinzhu, xinhe, plantA, plantB] = [
    await again(office),
    await again(duty),
    await again(xinzhu),
    await again(xinhe),
    await again(plantA),
    await again(plantB),
  ];
}

/** Records an incident occurred and learned at the instant the clock was set to, and returns its id. */
async function record(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await duty.post('/api/emergency/incidents', {
    title: '反应釜泄漏',
    category: 'production',
    origin: 'phone_119',
    occurredAt: current.toISOString(),
    learnedAt: current.toISOString(),
    placeName: '新筑街道甲化工',
    unitOrgId: plantAId,
    lng: 109.08,
    lat: 34.4,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

const reporting = async (client: Client, id: string) => {
  const res = await client.get(`/api/emergency/incidents/${id}/reports`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
type Report = { id: string; kind: string; level: string; seq: number; dueAt: string; state: string; late: boolean | null; msLeft: number };
const find = (r: { reports: Report[] }, kind: string, level = 'district', seq = 1) =>
  r.reports.find((x) => x.kind === kind && x.level === level && x.seq === seq);
const submit = (client: Client, id: string, reportId: string, extra: Record<string, unknown> = {}) =>
  client.post(`/api/emergency/incidents/${id}/reports/${reportId}/submit`, { ...submission, ...extra });
const invAction = (client: Client, id: string, action: string, input: Record<string, unknown> = {}) =>
  client.post(`/api/emergency/incidents/${id}/investigation/actions/${action}`, input);

beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T10:00:00+08:00' });
  await t.platform.db.insert(areaBoundaries).values([
    { orgId: await t.orgId('XZJB'), level: 'street', geom: square([109.06, 34.38, 109.1, 34.42]), source: 'drawn' },
    { orgId: await t.orgId('XHJB'), level: 'street', geom: square([109.02, 34.34, 109.06, 34.38]), source: 'drawn' },
  ]);
  office = await t.userIn('AWB', ['safety_office']);
  duty = await t.userIn('AWB', ['duty_officer']);
  xinzhu = await t.userIn('XZJB', ['street']);
  xinhe = await t.userIn('XHJB', ['street']);
  const admin = await t.admin();
  const a = await admin.post('/api/orgs', {
    code: 'BG-A',
    name: '甲化工有限公司',
    type: 'enterprise',
    parentId: await t.orgId('XZJB'),
    location: [109.07, 34.39],
  });
  const b = await admin.post('/api/orgs', {
    code: 'BG-B',
    name: '乙物流有限公司',
    type: 'enterprise',
    parentId: await t.orgId('XHJB'),
    location: [109.03, 34.35],
  });
  expect(a.status).toBe(201);
  expect(b.status).toBe(201);
  plantAId = a.body.id;
  plantA = await t.userIn('BG-A', ['enterprise']);
  plantB = await t.userIn('BG-B', ['enterprise']);
});

afterAll(async () => {
  await t?.close();
});

describe('Art. 9: the first report within one hour', () => {
  it('counts down from learned_at: open at 59 minutes, submitted then it is on time for ever', async () => {
    await travel('2026-03-02T10:00:00+08:00');
    const id = await record();
    const first = find(await reporting(xinzhu, id), 'first')!;
    expect(first.dueAt).toBe(new Date('2026-03-02T11:00:00+08:00').toISOString());
    await travel(at('2026-03-02T10:00:00+08:00', 59 * MINUTE));
    const before = find(await reporting(xinzhu, id), 'first')!;
    expect(before.state).toBe('open');
    expect(before.msLeft).toBeGreaterThan(50_000);
    const res = await submit(plantA, id, first.id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(find(res.body, 'first')).toMatchObject({ state: 'on_time', late: false });
    // The next 续报 is owed one interval (24 h for 一般, the default setting) after it.
    expectNear(find(res.body, 'follow_up')!.dueAt, at('2026-03-02T10:00:00+08:00', 59 * MINUTE + DAY));
    await travel('2026-09-01T10:00:00+08:00');
    expect(find(await reporting(xinzhu, id), 'first')).toMatchObject({ state: 'on_time', late: false });
    // A second submission of the same report: 409.
    expect((await submit(plantA, id, first.id)).status).toBe(409);
  });

  it('at 61 minutes it is overdue; submitted then it is late for ever, whatever changes afterwards', async () => {
    await travel('2026-03-03T10:00:00+08:00');
    const id = await record();
    await travel(at('2026-03-03T10:00:00+08:00', 61 * MINUTE));
    const first = find(await reporting(xinzhu, id), 'first')!;
    expect(first.state).toBe('overdue');
    const res = await submit(xinzhu, id, first.id);
    expect(find(res.body, 'first')).toMatchObject({ state: 'late', late: true });
    expect(
      (
        await duty.put(`/api/emergency/incidents/${id}/figures`, {
          deaths: 0,
          missing: 0,
          seriousInjuries: 0,
          minorInjuries: 1,
          directLossWan: 1,
        })
      ).status,
    ).toBe(200);
    await travel('2027-03-03T10:00:00+08:00');
    expect(find(await reporting(office, id), 'first')).toMatchObject({ state: 'late', late: true });
  });
});

describe('Art. 10–11: escalation as far as the grade requires, 2 hours per level', () => {
  it('a 较大 accident goes to the city and the province, each due 2 hours after the level below reported', async () => {
    const start = '2026-03-04T08:00:00+08:00';
    await travel(start);
    const id = await record({ deaths: 3 });
    let r = await reporting(xinzhu, id);
    expect(r.reports.map((x: Report) => `${x.kind}:${x.level}`)).toEqual(['first:district', 'escalation:city', 'escalation:province']);
    expect(find(r, 'escalation', 'city')!.dueAt).toBe(at(start, 3 * HOUR).toISOString());
    // Nobody escalates past a level that has not reported (409), and an enterprise does not escalate (403).
    expect((await submit(xinzhu, id, find(r, 'escalation', 'city')!.id)).status).toBe(409);
    await travel(at(start, 30 * MINUTE));
    r = (await submit(plantA, id, find(r, 'first')!.id)).body;
    const city = find(r, 'escalation', 'city')!;
    expectNear(city.dueAt, at(start, 150 * MINUTE));
    expect((await submit(plantA, id, city.id)).status).toBe(403);
    await travel(at(start, 149 * MINUTE));
    r = (await submit(xinzhu, id, city.id)).body;
    expect(find(r, 'escalation', 'city')).toMatchObject({ state: 'on_time', late: false });
    const province = find(r, 'escalation', 'province')!;
    expectNear(province.dueAt, at(start, 269 * MINUTE));
    await travel(at(start, 271 * MINUTE));
    r = (await submit(xinzhu, id, province.id)).body;
    expect(find(r, 'escalation', 'province')).toMatchObject({ state: 'late', late: true });
    expect(find(r, 'escalation', 'state_council')).toBeUndefined();
  });

  it('a 重大 accident also goes to the State Council', async () => {
    await travel('2026-03-05T08:00:00+08:00');
    const id = await record({ deaths: 10 });
    const r = await reporting(office, id);
    expect(find(r, 'escalation', 'state_council')!.dueAt).toBe(new Date('2026-03-05T15:00:00+08:00').toISOString());
  });
});

describe('Art. 13: 补报 when casualties change within 30 days (7 for road traffic and fire)', () => {
  /** Records an incident, reports it at once, and changes its casualties `days` days later. */
  async function changedAfter(days: number, category: string) {
    const start = '2026-04-01T09:00:00+08:00';
    await travel(start);
    const id = await record({ category });
    await submit(xinzhu, id, find(await reporting(xinzhu, id), 'first')!.id);
    await travel(at(start, days * DAY));
    const res = await duty.put(`/api/emergency/incidents/${id}/figures`, {
      deaths: 1,
      missing: 0,
      seriousInjuries: 0,
      minorInjuries: 0,
      directLossWan: 0,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { id, supplementary: find(await reporting(xinzhu, id), 'supplementary'), changedAt: at(start, days * DAY) };
  }

  it('day 30 owes a 补报 due an hour later; day 31 does not', async () => {
    const day30 = await changedAfter(30, 'production');
    expectNear(day30.supplementary!.dueAt, new Date(day30.changedAt.getTime() + HOUR));
    expect((await changedAfter(31, 'production')).supplementary).toBeUndefined();
  });

  it('for road traffic and fire: day 7 owes one, day 8 does not', async () => {
    expect((await changedAfter(7, 'road_traffic')).supplementary).toBeDefined();
    expect((await changedAfter(8, 'road_traffic')).supplementary).toBeUndefined();
    expect((await changedAfter(7, 'fire')).supplementary).toBeDefined();
    expect((await changedAfter(8, 'fire')).supplementary).toBeUndefined();
  });

  it('the 补报 states the new figures and is no longer owed once made', async () => {
    const { id, supplementary } = await changedAfter(2, 'production');
    const res = await submit(xinzhu, id, supplementary!.id);
    expect(res.status).toBe(200);
    expect(res.body.reports.find((x: Report) => x.id === supplementary!.id).figures.deaths).toBe(1);
    expect(
      res.body.reports.filter((x: { kind: string; submittedAt: string | null }) => x.kind === 'supplementary' && !x.submittedAt),
    ).toEqual([]);
  });
});

describe('the Word document', () => {
  it('is generated from the record with the six Art. 12 items and the figures, and LibreOffice opens it', async () => {
    await travel('2026-05-10T14:00:00+08:00');
    const id = await record({
      deaths: 2,
      missing: 1,
      seriousInjuries: 4,
      minorInjuries: 7,
      directLossWan: 356.5,
      summary: '14时许反应釜法兰泄漏引发闪燃。',
    });
    const first = find(await reporting(xinzhu, id), 'first')!;
    expect((await xinzhu.get(`/api/emergency/incidents/${id}/reports/${first.id}/document.docx`)).status).toBe(404);
    await submit(xinzhu, id, first.id, { measures: '已疏散周边群众200人。' });
    const doc = await xinzhu.get(`/api/emergency/incidents/${id}/reports/${first.id}/document.docx`);
    expect(doc.status).toBe(200);
    expect(doc.headers['content-type']).toContain('wordprocessingml');
    const text = await officeText(doc.raw.rawPayload);
    for (const expected of [
      '首报',
      '一、事故发生单位概况',
      '甲化工有限公司，危险化学品生产企业',
      '二、事故发生的时间、地点以及事故现场情况',
      '三、事故的简要经过',
      '14时许反应釜法兰泄漏引发闪燃。',
      '四、事故已经造成或者可能造成的伤亡人数',
      '死亡2人、下落不明1人、重伤4人、轻伤7人',
      '356.50万元',
      '五、已经采取的措施',
      '已疏散周边群众200人。',
      '六、其他应当报告的情况',
      '张三',
    ])
      expect(text).toContain(expected);
  });
});

describe('reach', () => {
  it('another street can neither read nor submit; an enterprise sees only its own', async () => {
    await travel('2026-05-11T09:00:00+08:00');
    const id = await record();
    const first = find(await reporting(xinzhu, id), 'first')!;
    expect((await xinhe.get(`/api/emergency/incidents/${id}/reports`)).status).toBe(404);
    expect((await submit(xinhe, id, first.id)).status).toBe(404);
    expect((await plantB.get(`/api/emergency/incidents/${id}/reports`)).status).toBe(404);
    expect((await t.anonymous.get(`/api/emergency/incidents/${id}/reports`)).status).toBe(401);
    expect((await xinhe.get(`/api/emergency/incidents/${id}/reports/${first.id}/document.docx`)).status).toBe(404);
    expect((await reporting(plantA, id)).reports.length).toBeGreaterThan(0);
  });
});

describe('reminders and the inbox', () => {
  it('tells the reporters when due soon and overdue and the district an hour later, each once; the inbox lists it', async () => {
    const start = '2026-05-12T09:00:00+08:00';
    await travel(start);
    const id = await record();
    const inbox = await xinzhu.get('/api/inbox');
    expect(
      inbox.body.items.some(
        (i: { kind: string; link: string }) => i.kind === 'emergency.report' && i.link === `/emergency/incidents/${id}`,
      ),
    ).toBe(true);
    await travel(at(start, 40 * MINUTE));
    expect((await checkReportDeadlines(t.platform)).reports).toBeGreaterThanOrEqual(1);
    const before = (await xinzhu.get('/api/notifications')).body.total;
    await travel(at(start, 62 * MINUTE));
    await checkReportDeadlines(t.platform);
    const afterOverdue = (await xinzhu.get('/api/notifications')).body;
    expect(afterOverdue.total).toBe(before + 1);
    expect(afterOverdue.items.some((n: { title: string }) => n.title.includes('已超过法定时限'))).toBe(true);
    // Run again: nothing new for the street.
    await checkReportDeadlines(t.platform);
    expect((await xinzhu.get('/api/notifications')).body.total).toBe(before + 1);
    await travel(at(start, 121 * MINUTE));
    await checkReportDeadlines(t.platform);
    const told = (await duty.get('/api/notifications')).body.items;
    expect(told.some((n: { title: string }) => n.title.includes('仍未报送'))).toBe(true);
  });
});

describe('findings, the investigation (Art. 29, 32) and its measures', () => {
  it('records 瞒报/谎报 by investigators only', async () => {
    await travel('2026-05-13T09:00:00+08:00');
    const id = await record();
    const f = { kind: 'concealed', orgId: plantAId, description: '企业隐瞒一名重伤人员。', foundOn: '2026-05-13' };
    expect((await xinzhu.post(`/api/emergency/incidents/${id}/findings`, f)).status).toBe(403);
    expect((await office.post(`/api/emergency/incidents/${id}/findings`, { ...f, kind: 'late' })).status).toBe(400);
    const res = await office.post(`/api/emergency/incidents/${id}/findings`, f);
    expect(res.status).toBe(201);
    expect(res.body.findings).toMatchObject([{ kind: 'concealed', orgName: '甲化工有限公司' }]);
  });

  it('the report is due on day 60: on time that day, overdue the next; one extension of at most 60 days', async () => {
    await travel('2026-03-02T09:00:00+08:00');
    const id = await record();
    const long = await record();
    expect((await xinzhu.post(`/api/emergency/incidents/${id}/investigation`, {})).status).toBe(403);
    let r = (await office.post(`/api/emergency/incidents/${id}/investigation`, {})).body;
    expect(r.investigation).toMatchObject({ status: 'investigating', dueOn: '2026-05-01', reportDueOn: '2026-05-01' });
    expect((await office.post(`/api/emergency/incidents/${id}/investigation`, {})).status).toBe(409);
    await travel('2026-05-01T23:00:00+08:00');
    expect((await reporting(office, id)).investigation.reportOverdue).toBe(false);
    await travel('2026-05-02T00:30:00+08:00');
    expect((await reporting(office, id)).investigation.reportOverdue).toBe(true);

    // With the extension (the longest: 60 days), day 120 is on time and day 121 overdue.
    await office.post(`/api/emergency/incidents/${long}/investigation`, {});
    const tooLong = await invAction(office, long, 'extend', { extendedTo: '2026-07-01', reason: '需技术鉴定' });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.message.zh).toContain('60');
    r = (await invAction(office, long, 'extend', { extendedTo: '2026-06-30', reason: '需技术鉴定' })).body;
    expect(r.investigation).toMatchObject({ extendedTo: '2026-06-30', reportDueOn: '2026-06-30', reportOverdue: false });
    expect((await invAction(office, long, 'extend', { extendedTo: '2026-06-29', reason: '再次延期' })).status).toBe(422);
    await travel('2026-06-30T20:00:00+08:00');
    expect((await reporting(office, long)).investigation.reportOverdue).toBe(false);
    await travel('2026-07-01T08:00:00+08:00');
    expect((await reporting(office, long)).investigation.reportOverdue).toBe(true);
  });

  it('approval is due 15 days after the report (30 for 特别重大, extendable by at most 30), then measures are tracked per unit', async () => {
    await travel('2026-06-01T09:00:00+08:00');
    const id = await record({ deaths: 3 });
    await office.post(`/api/emergency/incidents/${id}/investigation`, {});
    let r = (await invAction(office, id, 'submitReport', { summary: '直接原因为法兰垫片老化。' })).body;
    expect(r.investigation).toMatchObject({ status: 'submitted', reportSubmittedOn: '2026-06-01', approvalDueOn: '2026-06-16' });
    expect((await invAction(office, id, 'extendApproval', { extendedTo: '2026-06-20', reason: '延期' })).status).toBe(422);
    await travel('2026-06-16T18:00:00+08:00');
    expect((await reporting(office, id)).investigation.approvalOverdue).toBe(false);
    await travel('2026-06-17T08:00:00+08:00');
    expect((await reporting(office, id)).investigation.approvalOverdue).toBe(true);
    r = (await invAction(office, id, 'approve', { note: '同意调查报告' })).body;
    expect(r.investigation).toMatchObject({ status: 'approved', approvedOn: '2026-06-17' });

    const m = await office.post(`/api/emergency/incidents/${id}/investigation/measures`, {
      orgId: plantAId,
      text: '更换全部老化法兰垫片',
      deadline: '2026-07-17',
    });
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    const measureId = m.body.investigation.measures[0].id;
    // The unit named sees it in its list and its inbox, and completes it; another unit cannot.
    const mine = (await plantA.get('/api/emergency/measures')).body;
    expect(mine.items.map((x: { id: string }) => x.id)).toContain(measureId);
    expect(mine.items.find((x: { id: string }) => x.id === measureId).allowedActions).toEqual(['complete']);
    expect((await plantA.get('/api/inbox')).body.items.some((i: { kind: string }) => i.kind === 'emergency.measure')).toBe(true);
    expect((await plantB.post(`/api/emergency/measures/${measureId}/actions/complete`, { note: '已更换' })).status).toBe(404);
    expect((await xinzhu.post(`/api/emergency/measures/${measureId}/actions/complete`, { note: '已更换' })).status).toBe(403);
    const done = await plantA.post(`/api/emergency/measures/${measureId}/actions/complete`, { note: '已更换' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', allowedActions: [] });
    expect((await plantA.post(`/api/emergency/measures/${measureId}/actions/complete`, { note: '已更换' })).status).toBe(409);
  });

  it('a 特别重大 accident’s approval: day 30 on time, day 31 overdue; extended once by at most 30 days', async () => {
    await travel('2026-07-01T09:00:00+08:00');
    const id = await record({ deaths: 30 });
    await office.post(`/api/emergency/incidents/${id}/investigation`, {});
    let r = (await invAction(office, id, 'submitReport', { summary: '调查完毕' })).body;
    expect(r.investigation.approvalDueOn).toBe('2026-07-31');
    await travel('2026-07-31T20:00:00+08:00');
    expect((await reporting(office, id)).investigation.approvalOverdue).toBe(false);
    await travel('2026-08-01T08:00:00+08:00');
    expect((await reporting(office, id)).investigation.approvalOverdue).toBe(true);
    expect((await invAction(office, id, 'extendApproval', { extendedTo: '2026-08-31', reason: '延期' })).status).toBe(422);
    r = (await invAction(office, id, 'extendApproval', { extendedTo: '2026-08-30', reason: '延期' })).body;
    expect(r.investigation).toMatchObject({ approvalExtendedTo: '2026-08-30', approvalOverdue: false });
    expect((await invAction(office, id, 'extendApproval', { extendedTo: '2026-08-29', reason: '再次' })).status).toBe(422);
  });
});
