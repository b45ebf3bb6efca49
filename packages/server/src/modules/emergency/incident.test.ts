import { randomUUID } from 'node:crypto';
import { emergency as rules } from '@citysafe/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Response, type TestApp, testApp } from '../../../test/harness.js';
import { areaBoundaries } from '../map/index.js';

/**
 * Incidents through the real app (design13: INCIDENT): recorded from every origin and graded by 493号令 Art. 3,
 * regraded with history when the figures change, their workflow (every allowed and refused step), the reach
 * (a street its area's incidents, an enterprise its own), the map, the ledger and the settings.
 */

let t: TestApp;
let office: Client; // 安委办: the district
let duty: Client; // 值班员: district reach, records and commands, does not investigate
let xinzhu: Client; // 新筑街办
let xinhe: Client; // 新合街办
let expert: Client; // reads only
let patrol: Client; // a grid member of 新筑街办
let plantA: Client; // an enterprise under 新筑街办
let plantB: Client; // an enterprise under 新合街办
let plantAId: string;
let plantBId: string;

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
const inXinzhu = { lng: 109.08, lat: 34.4 };
const inXinhe = { lng: 109.04, lat: 34.36 };

const body = (extra: Record<string, unknown> = {}) => ({
  title: '仓库火灾',
  category: 'fire',
  origin: 'phone_119',
  occurredAt: '2026-03-02T09:00:00+08:00',
  placeName: '新筑街道物流园',
  ...inXinzhu,
  ...extra,
});

async function record(client: Client, extra: Record<string, unknown> = {}) {
  const res = await client.post('/api/emergency/incidents', body(extra));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const act = (client: Client, id: string, action: string, input: Record<string, unknown> = {}) =>
  client.post(`/api/emergency/incidents/${id}/actions/${action}`, input);
const figures = (client: Client, id: string, f: Record<string, unknown>) => client.put(`/api/emergency/incidents/${id}/figures`, f);
const zero = { deaths: 0, missing: 0, seriousInjuries: 0, minorInjuries: 0, directLossWan: 0 };

async function enterprise(code: string, name: string, parentCode: string, location: [number, number]): Promise<[Client, string]> {
  const admin = await t.admin();
  const res = await admin.post('/api/orgs', { code, name, type: 'enterprise', parentId: await t.orgId(parentCode), location });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return [await t.userIn(code, ['enterprise']), res.body.id];
}

function expectField(res: Response, field: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  const named = (res.body.error.fields ?? []).find((f: { field: string }) => f.field === field);
  expect(named, JSON.stringify(res.body.error)).toBeTruthy();
  expect(named.message.zh).toBeTruthy();
  expect(named.message.en).toBeTruthy();
}

const codes = (page: { items: { code: string }[] }) => page.items.map((i) => i.code).sort();

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
  expert = await t.userIn('AWB', ['expert']);
  patrol = await t.userIn('XZJB', ['grid_member']);
  [plantA, plantAId] = await enterprise('YJ-A', '甲化工有限公司', 'XZJB', [109.07, 34.39]);
  [plantB, plantBId] = await enterprise('YJ-B', '乙物流有限公司', 'XHJB', [109.03, 34.35]);
});

afterAll(async () => {
  await t?.close();
});

describe('recording an incident', () => {
  it('records one from each origin, numbered per year, graded, placed in its street, learned now by default', async () => {
    const seen = new Set<string>();
    for (const origin of rules.incidentOrigins) {
      const client = origin === 'enterprise' ? plantA : origin === 'grid_member' ? patrol : duty;
      const i = await record(client, { origin, originRef: origin === 'alarm' ? 'ALM-0001' : null });
      expect(i.origin).toBe(origin);
      expect(i.code).toMatch(/^SG-2026-\d{4}$/);
      seen.add(i.code);
      expect(i).toMatchObject({ status: 'reported', grade: '一般', gradeDecidedBy: ['deaths', 'seriousInjuries', 'directLossWan'] });
      expect(i.street.id).toBe(await t.orgId('XZJB'));
      expect(i.learnedAt).toBe(i.createdAt);
      expect(i.gradeHistory).toHaveLength(1);
    }
    expect(seen.size).toBe(rules.incidentOrigins.length);
  });

  it('grades from the figures given and keeps the unit an enterprise records as its own', async () => {
    const i = await record(plantA, {
      title: '反应釜爆炸',
      category: 'production',
      origin: 'enterprise',
      deaths: 3,
      seriousInjuries: 2,
      directLossWan: 800,
      learnedAt: '2026-03-02T09:20:00+08:00',
      lng: undefined,
      lat: undefined,
    });
    expect(i).toMatchObject({ grade: '较大', gradeDecidedBy: ['deaths'], unitOrg: { id: plantAId } });
    // No point given: placed at the unit's location, in its street.
    expect([i.lng, i.lat]).toEqual([109.07, 34.39]);
    expect(i.street.id).toBe(await t.orgId('XZJB'));
  });

  it('names the wrong field in both languages (400)', async () => {
    expectField(await duty.post('/api/emergency/incidents', { ...body(), title: undefined }), 'title');
    expectField(await duty.post('/api/emergency/incidents', body({ category: 'meteor' })), 'category');
    expectField(await duty.post('/api/emergency/incidents', body({ origin: 'pigeon' })), 'origin');
    expectField(await duty.post('/api/emergency/incidents', body({ deaths: -1 })), 'deaths');
    expectField(await duty.post('/api/emergency/incidents', body({ seriousInjuries: 1.5 })), 'seriousInjuries');
    expectField(await duty.post('/api/emergency/incidents', body({ directLossWan: '100' })), 'directLossWan');
    expectField(await duty.post('/api/emergency/incidents', body({ lat: undefined })), 'lat');
    expectField(await duty.post('/api/emergency/incidents', body({ occurredAt: '2026-03-02 09:00' })), 'occurredAt');
    expectField(await duty.post('/api/emergency/incidents', body({ occurredAt: '2026-03-02T11:00:00+08:00' })), 'occurredAt');
    expectField(await duty.post('/api/emergency/incidents', body({ learnedAt: '2026-03-02T08:00:00+08:00' })), 'learnedAt');
    expectField(await duty.post('/api/emergency/incidents', body({ unitOrgId: randomUUID() })), 'unitOrgId');
    // GB 6441-1986 has 20 types (01–20) before 2026-07-01: 21 is not one of them.
    expectField(await duty.post('/api/emergency/incidents', body({ accidentType: '21' })), 'accidentType');
    expect((await duty.post('/api/emergency/incidents', body({ accidentType: '08' }))).status).toBe(201);
  });

  it('refuses the anonymous (401), a reader (403) and an enterprise recording for another unit (403)', async () => {
    expect((await t.anonymous.post('/api/emergency/incidents', body())).status).toBe(401);
    expect((await expert.post('/api/emergency/incidents', body())).status).toBe(403);
    const other = await plantA.post('/api/emergency/incidents', body({ unitOrgId: plantBId }));
    expect(other.status).toBe(403);
    expect(other.body.error.message.zh).toContain('本单位');
  });
});

describe('figures and the grade', () => {
  it('regrades on each change, keeping the history, and records the change on the timeline', async () => {
    const i = await record(duty, { title: '厂房坍塌', category: 'production', deaths: 2 });
    expect(i.grade).toBe('一般');
    const worse = await figures(xinzhu, i.id, { ...zero, deaths: 3, missing: 1, note: '一名伤者抢救无效死亡' });
    expect(worse.status, JSON.stringify(worse.body)).toBe(200);
    expect(worse.body).toMatchObject({ grade: '较大', gradeDecidedBy: ['deaths'], deaths: 3, missing: 1 });
    const loss = await figures(duty, i.id, { ...zero, deaths: 3, directLossWan: 5000 });
    expect(loss.body).toMatchObject({ grade: '重大', gradeDecidedBy: ['directLossWan'], missing: 0 });
    expect(loss.body.gradeHistory.map((h: { grade: string }) => h.grade)).toEqual(['一般', '较大', '重大']);
    expect(loss.body.gradeHistory[1]).toMatchObject({ deaths: 3, missing: 1, note: '一名伤者抢救无效死亡' });
    expect(loss.body.gradeHistory[1].changedBy).toBeTruthy();
    const steps = loss.body.timeline.filter((s: { action: string }) => s.action === 'changeFigures');
    expect(steps.map((s: { input: { gradeBefore: string; grade: string } }) => [s.input.gradeBefore, s.input.grade])).toEqual([
      ['一般', '较大'],
      ['较大', '重大'],
    ]);
    // Down again when the loss is assessed lower: the grade follows the figures both ways.
    const lower = await figures(duty, i.id, { ...zero, deaths: 3, directLossWan: 4999.99 });
    expect(lower.body.grade).toBe('较大');
    // The same figures again change nothing.
    const same = await figures(duty, i.id, { ...zero, deaths: 3, directLossWan: 4999.99 });
    expect(same.body.gradeHistory).toHaveLength(4);
  });

  it('refuses bad figures (400), a reader (403), one out of reach (404) and a closed incident (409)', async () => {
    const i = await record(duty, { title: '车辆追尾', category: 'road_traffic', origin: 'phone_110' });
    expectField(await figures(duty, i.id, { ...zero, deaths: -1 }), 'deaths');
    expectField(await figures(duty, i.id, { ...zero, minorInjuries: 'two' }), 'minorInjuries');
    expectField(await figures(duty, i.id, { deaths: 1 }), 'directLossWan');
    expect((await figures(expert, i.id, zero)).status).toBe(403);
    expect((await figures(xinhe, i.id, { ...zero, deaths: 1 })).status).toBe(404);
    expect((await act(duty, i.id, 'startResponse')).status).toBe(200);
    expect((await act(duty, i.id, 'conclude', { note: '现场清理完毕' })).status).toBe(200);
    expect((await act(duty, i.id, 'close', { note: '交警部门处理' })).status).toBe(200);
    const closed = await figures(duty, i.id, { ...zero, deaths: 1 });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('CONFLICT');
  });
});

describe('the incident workflow', () => {
  it('takes a production accident through response, investigation and closing, each step allowed only to whom it belongs', async () => {
    const i = await record(xinzhu, { title: '粉尘爆燃', category: 'production', origin: 'grid_member', unitOrgId: plantAId });
    expect(i.allowedActions).toEqual(['startResponse', 'changeFigures']);
    // The enterprise may not command, the other street does not see it, a reader cannot act.
    expect((await act(plantA, i.id, 'startResponse')).status).toBe(403);
    expect((await act(xinhe, i.id, 'startResponse')).status).toBe(404);
    expect((await act(expert, i.id, 'startResponse')).status).toBe(403);
    expect((await act(xinzhu, i.id, 'conclude', { note: '未开始' })).status).toBe(409);
    expect((await act(xinzhu, i.id, 'fly')).status).toBe(404);

    const responding = await act(xinzhu, i.id, 'startResponse');
    expect(responding.body).toMatchObject({ status: 'responding', allowedActions: ['conclude', 'changeFigures'] });
    expect((await act(xinzhu, i.id, 'startResponse')).status).toBe(409);
    expectField(await act(xinzhu, i.id, 'conclude', {}), 'note');
    const concluded = await act(xinzhu, i.id, 'conclude', { note: '明火扑灭，伤员送医' });
    expect(concluded.body.status).toBe('concluded');
    // A production accident is not closed before its investigation; the street may not investigate.
    expect(concluded.body.allowedActions).toEqual(['changeFigures']);
    const early = await act(xinzhu, i.id, 'close', { note: '结案' });
    expect(early.status).toBe(409);
    expect(early.body.error.message.zh).toContain('调查');
    expect((await act(xinzhu, i.id, 'startInvestigation')).status).toBe(403);

    const investigating = await act(office, i.id, 'startInvestigation');
    expect(investigating.body).toMatchObject({ status: 'investigating', allowedActions: ['close', 'changeFigures'] });
    // Closing an investigation needs emergency.investigate: the duty officer commands but does not investigate.
    expect((await act(duty, i.id, 'close', { note: '调查结束' })).status).toBe(403);
    const closed = await act(office, i.id, 'close', { note: '调查报告已批复' });
    expect(closed.body).toMatchObject({ status: 'closed', allowedActions: [] });
    expect(closed.body.timeline.map((s: { action: string }) => s.action)).toEqual([
      'startResponse',
      'conclude',
      'startInvestigation',
      'close',
    ]);
    expect((await act(office, i.id, 'startResponse')).status).toBe(409);
  });

  it('closes a fire directly when the response ends (no 493号令 investigation)', async () => {
    const i = await record(xinzhu);
    await act(xinzhu, i.id, 'startResponse');
    const concluded = await act(xinzhu, i.id, 'conclude', { note: '火已扑灭' });
    expect(concluded.body.allowedActions).toEqual(['close', 'changeFigures']);
    expectField(await act(xinzhu, i.id, 'close', {}), 'note');
    expect((await act(xinzhu, i.id, 'close', { note: '消防部门调查' })).body.status).toBe('closed');
  });
});

describe('reach', () => {
  it('shows a street the incidents in its area and not the other street’s; an enterprise only its own', async () => {
    const north = await record(office, { title: '新筑燃气泄漏', category: 'other', origin: 'phone_12350' });
    const south = await record(office, { title: '新合路面塌陷', category: 'natural_disaster', origin: 'phone_110', ...inXinhe });
    const own = await record(plantB, { title: '叉车伤人', category: 'production', origin: 'enterprise', ...inXinhe, seriousInjuries: 1 });

    const seenBy = async (client: Client) => codes((await client.get('/api/emergency/incidents?pageSize=200')).body);
    const zhu = await seenBy(xinzhu);
    expect(zhu).toContain(north.code);
    expect(zhu).not.toContain(south.code);
    expect(zhu).not.toContain(own.code);
    const he = await seenBy(xinhe);
    expect(he).toContain(south.code);
    expect(he).toContain(own.code);
    expect(he).not.toContain(north.code);
    expect(await seenBy(plantB)).toEqual([own.code]);
    expect(await seenBy(plantA)).not.toContain(own.code);
    expect((await seenBy(office)).length).toBeGreaterThanOrEqual(3);

    expect((await xinzhu.get(`/api/emergency/incidents/${south.id}`)).status).toBe(404);
    expect((await plantA.get(`/api/emergency/incidents/${own.id}`)).status).toBe(404);
    expect((await plantB.get(`/api/emergency/incidents/${own.id}`)).status).toBe(200);
    expect((await expert.get(`/api/emergency/incidents/${own.id}`)).status).toBe(200);
    expect((await t.anonymous.get('/api/emergency/incidents')).status).toBe(401);
  });

  it('filters and sorts the list; the map and the ledger follow the same reach', async () => {
    const street = await t.orgId('XHJB');
    const list = await office.get(`/api/emergency/incidents?streetId=${street}&sort=-grade&pageSize=200`);
    expect(list.status).toBe(200);
    expect(list.body.items.every((i: { street: { id: string } }) => i.street.id === street)).toBe(true);
    const graded = await office.get('/api/emergency/incidents?grade=较大');
    expect(graded.body.items.every((i: { grade: string }) => i.grade === '较大')).toBe(true);
    expect(graded.body.total).toBeGreaterThanOrEqual(1);
    const late = await office.get(`/api/emergency/incidents?from=${encodeURIComponent('2026-03-02T10:00:00+08:00')}`);
    expect(late.body.total).toBe(0);
    expectField(await office.get('/api/emergency/incidents?grade=huge'), 'query.grade');

    const map = await xinhe.get('/api/emergency/incidents.geojson');
    expect(map.status).toBe(200);
    expect(map.body.type).toBe('FeatureCollection');
    expect(map.body.features.length).toBeGreaterThan(0);
    for (const f of map.body.features) expect(f.geometry.coordinates[0]).toBeLessThan(109.06);

    const xlsx = await xinhe.request('GET', '/api/emergency/incidents.xlsx');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('事故台账')!;
    expect(sheet.getRow(2).getCell(1).value).toBe('事故编号');
    expect(sheet.rowCount - 2).toBe(map.body.features.length);
  });
});

describe('settings', () => {
  it('are read by every holder of emergency.read and changed by emergency.manage only', async () => {
    const read = await xinzhu.get('/api/emergency/settings');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ settings: rules.defaultEmergencySettings, allowedActions: [] });
    const changed = { ...rules.defaultEmergencySettings, followUpHoursMinor: 12 };
    expect((await xinzhu.put('/api/emergency/settings', changed)).status).toBe(403);
    expectField(await office.put('/api/emergency/settings', { ...changed, shelterAreaPerPerson: 0 }), 'shelterAreaPerPerson');
    const saved = await office.put('/api/emergency/settings', changed);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ settings: changed, allowedActions: ['update'] });
    expect(saved.body.updatedBy).toBeTruthy();
    expect((await xinzhu.get('/api/emergency/settings')).body.settings.followUpHoursMinor).toBe(12);
  });
});
