import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { rows } from '../../platform/db.js';
import { reportPhoto } from '../../../test/report-intake.photo.js';
import { checkGridCaseOverdue } from './grid-cases.jobs.js';

let t: TestApp;
let admin: Client;
let office: Client; // 安委办: the district
let xinzhu: Client; // 新筑街办: has grid G1
let xinhe: Client; // 新合街办: has grid G2
let member1: Client; // grid member of G1
let member2: Client; // grid member of G2
let jfj: Client; // 经发局: the department an enterprise of G1 answers to
let g1: string;
let g2: string;
let jfjId: string;
let plant: string; // enterprise in G1 under 经发局, with a 重大 risk source
let bridge: string; // risk source in G1 of no enterprise of the grid (blue)
let shop: string; // enterprise in G2

const inG1 = { lng: 109.08, lat: 34.39 };
const NOW = '2026-03-02T10:00:00+08:00';

const visitBody = (over: Record<string, unknown> = {}) => ({
  clientId: randomUUID(),
  placeKey: `enterprise:${plant}`,
  startedAt: '2026-03-02T09:50:00+08:00',
  checkedInAt: '2026-03-02T09:55:00+08:00',
  location: { ...inG1, accuracyM: 15 },
  checklist: [{ key: 'cm:x', text: '储罐区液位报警', result: 'problem', note: '报警器未通电' }],
  ...over,
});

beforeAll(async () => {
  t = await testApp({ now: NOW });
  admin = await t.admin();
  const xz = await t.orgId('XZJB');
  const xh = await t.orgId('XHJB');
  jfjId = await t.orgId('JFJ');
  const org = async (body: Record<string, unknown>) => {
    const res = await admin.post('/api/orgs', body);
    expect(res.status).toBe(201);
    return t.orgId(body.code as string);
  };
  g1 = await org({ code: 'GT-G1', name: '测试网格一', type: 'grid', parentId: xz, gridCode: '610111010001901' });
  g2 = await org({ code: 'GT-G2', name: '测试网格二', type: 'grid', parentId: xh, gridCode: '610111011001901' });
  plant = await org({ code: 'QY-GT1', name: '港区测试化工厂', type: 'enterprise', parentId: jfjId, location: [inG1.lng, inG1.lat] });
  shop = await org({ code: 'QY-GT2', name: '新合测试小超市', type: 'enterprise', parentId: xh, location: [109.21, 34.31] });
  const db = t.platform.db;
  await db.execute(sql`insert into boundaries (org_id, level, geom, source) values
    (${g1}, 'grid', ST_Multi(ST_MakeEnvelope(109.07, 34.38, 109.09, 34.40, 4326)), 'drawn'),
    (${g2}, 'grid', ST_Multi(ST_MakeEnvelope(109.20, 34.30, 109.22, 34.32, 4326)), 'drawn')`);
  const [rs] = await rows<{ id: string }>(
    db,
    sql`insert into risk_sources (code, name, category, geom, org_id, grid_id, level, assessed_level, status) values
      ('FX-GT-1', '液氨储罐区', 'hazardous_chemicals', ST_SetSRID(ST_MakePoint(109.0801, 34.3901), 4326), ${plant}, ${g1}, 'major', 'major', 'reviewed')
      returning id`,
  );
  await db.execute(sql`insert into risk_control_measures (source_id, type, description, responsible_level, review_cycle_days, next_review_on)
    values (${rs!.id}, 'engineering', '储罐区设置液位和泄漏报警并保持有效', 'company', 30, '2026-04-01')`);
  const [b] = await rows<{ id: string }>(
    db,
    sql`insert into risk_sources (code, name, category, geom, org_id, grid_id, level, assessed_level, status) values
      ('FX-GT-2', '灞河人行桥', 'bridge_tunnel', ST_SetSRID(ST_MakePoint(109.085, 34.385), 4326), ${xz}, ${g1}, 'low', 'low', 'reviewed')
      returning id`,
  );
  bridge = b!.id;
  office = await t.userIn('AWB', ['safety_office'], 'gt_awb');
  xinzhu = await t.userIn('XZJB', ['street'], 'gt_xinzhu');
  xinhe = await t.userIn('XHJB', ['street'], 'gt_xinhe');
  member1 = await t.userIn('GT-G1', ['grid_member'], 'gt_member1');
  member2 = await t.userIn('GT-G2', ['grid_member'], 'gt_member2');
  jfj = await t.userIn('JFJ', ['department'], 'gt_jfj');
});
afterAll(() => t.close());

describe('grids and the day’s route', () => {
  it('gives a grid member the places of their grid by level, with interval, next due and checklist', async () => {
    const res = await member1.get('/api/grid/route');
    expect(res.status).toBe(200);
    expect(res.body.date).toBe('2026-03-02');
    expect(res.body.grid).toEqual({ id: g1, code: '610111010001901', name: '测试网格一' });
    const keys = res.body.places.map((p: { key: string }) => p.key);
    // The enterprise's own risk source folds into it; the bridge of no enterprise is a place of its own.
    expect(keys).toEqual([`enterprise:${plant}`, `risk_source:${bridge}`]);
    const [p, b] = res.body.places;
    expect(p).toMatchObject({ riskLevel: 'major', intervalDays: 1, due: true, done: false, lastVisitAt: null, nextDueOn: '2026-03-02' });
    expect(p.checklist[0]).toMatchObject({ origin: 'control_measure', text: '液氨储罐区：储罐区设置液位和泄漏报警并保持有效' });
    expect(p.checklist[0].key).toMatch(/^cm:/);
    expect(p.checklist.some((i: { key: string }) => i.key.startsWith('tpl:hazardous_chemicals:'))).toBe(true);
    expect(b).toMatchObject({ riskLevel: 'low', intervalDays: 30, type: 'risk_source' });
  });

  it('puts today’s patrol in the member’s inbox as one item', async () => {
    const inbox = await member1.get('/api/inbox');
    expect(inbox.status).toBe(200);
    const items = inbox.body.items.filter((i: { kind: string }) => i.kind === 'grid.patrol');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ title: { zh: '今日巡查 2 处' }, link: '/grid/patrol', due: '2026-03-02' });
    expect((await xinzhu.get('/api/inbox')).body.items.filter((i: { kind: string }) => i.kind === 'grid.patrol')).toEqual([]);
  });

  it('shows a street its grids only, and another street’s grid not at all', async () => {
    const list = await xinzhu.get('/api/grid/grids');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((g: { id: string }) => g.id);
    expect(ids).toContain(g1);
    expect(ids).not.toContain(g2);
    const mine = list.body.items.find((g: { id: string }) => g.id === g1);
    expect(mine).toMatchObject({
      street: { name: expect.any(String) },
      counts: { enterprises: 1, riskSources: 1, places: 2 },
      dueToday: 2,
    });
    expect(mine.members.map((m: { name: string }) => m.name)).toHaveLength(1);
    expect((await xinhe.get(`/api/grid/grids/${g1}`)).status).toBe(404);
    expect((await member2.get(`/api/grid/grids/${g1}`)).status).toBe(404);
    expect((await member2.get(`/api/grid/route?gridId=${g1}`)).status).toBe(404);
    const detail = await xinzhu.get(`/api/grid/grids/${g1}`);
    expect(detail.body.geometry.type).toBe('MultiPolygon');
    expect(detail.body.places).toHaveLength(2);
  });

  it('asks a street that reaches several grids to name one (422), and answers when it does', async () => {
    const office2 = await office.get('/api/grid/route');
    expect(office2.status).toBe(422);
    expect(office2.body.error.message.en).toContain('gridId');
    expect((await office.get(`/api/grid/route?gridId=${g2}`)).body.places.map((p: { id: string }) => p.id)).toEqual([shop]);
  });
});

describe('visits posted from the phone', () => {
  it('records a visit once, whatever the number of posts, with its findings once', async () => {
    const body = visitBody({
      findings: [
        { clientId: randomUUID(), kind: 'hazard', title: '液氨储罐液位报警器未通电', level: '一般' },
        { clientId: randomUUID(), kind: 'case', title: '厂区门口消防通道堆放杂物', category: 'fire_access' },
        { clientId: randomUUID(), kind: 'lead', title: '疑似未经批准扩建储罐', description: '东侧新增两台储罐' },
      ],
    });
    const first = await member1.post('/api/grid/visits', body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      clientId: body.clientId,
      placeKey: `enterprise:${plant}`,
      farCheckIn: false,
      memberName: expect.any(String),
    });
    expect(first.body.distanceM).toBeLessThan(5);
    expect(first.body.findings.map((f: { kind: string }) => f.kind)).toEqual(['hazard', 'case', 'lead']);
    const again = await member1.post('/api/grid/visits', body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const db = t.platform.db;
    const [visits] = await rows<{ n: number }>(db, sql`select count(*)::int as n from grid_visits where client_id = ${body.clientId}`);
    expect(visits!.n).toBe(1);
    const found = await rows<{ origin: string; level: string }>(
      db,
      sql`select origin, level from hazards where origin_ref = ${first.body.id}`,
    );
    expect(found).toEqual([{ origin: 'grid_patrol', level: '一般' }]);
    const cases = await rows<{ kind: string; status: string; assigned_org_id: string | null }>(
      db,
      sql`select kind, status, assigned_org_id from grid_cases where visit_id = ${first.body.id} order by kind`,
    );
    // The lead goes to the department the enterprise answers to, never as an inspection.
    expect(cases).toEqual([
      { kind: 'case', status: 'registered', assigned_org_id: null },
      { kind: 'lead', status: 'dispatched', assigned_org_id: jfjId },
    ]);
    const [inspections] = await rows<{ n: number }>(db, sql`select count(*)::int as n from hazard_inspections`);
    expect(inspections!.n).toBe(0);
    const route = await member1.get('/api/grid/route');
    expect(route.body.places[0]).toMatchObject({ done: true, due: true, nextDueOn: '2026-03-03' });
  });

  it('refuses the same client id for another place (409)', async () => {
    const body = visitBody();
    expect((await member1.post('/api/grid/visits', body)).status).toBe(201);
    const other = await member1.post('/api/grid/visits', { ...body, placeKey: `risk_source:${bridge}` });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('CONFLICT');
  });

  it('accepts a visit queued offline for up to 7 days and refuses older or future ones (422, both languages)', async () => {
    const late = await member1.post(
      '/api/grid/visits',
      visitBody({ startedAt: '2026-02-23T09:00:00+08:00', checkedInAt: '2026-02-23T09:05:00+08:00' }),
    );
    expect(late.status).toBe(422);
    expect(late.body.error.message.zh).toContain('7 天');
    expect(late.body.error.message.en).toContain('7 days');
    const ahead = await member1.post('/api/grid/visits', visitBody({ checkedInAt: '2026-03-02T10:10:00+08:00' }));
    expect(ahead.status).toBe(422);
    const offline = await member1.post(
      '/api/grid/visits',
      visitBody({ placeKey: `risk_source:${bridge}`, startedAt: '2026-02-24T09:00:00+08:00', checkedInAt: '2026-02-24T09:05:00+08:00' }),
    );
    expect(offline.status).toBe(201);
    expect(offline.body.receivedAt).not.toBe(offline.body.checkedInAt);
  });

  it('records a far check-in instead of refusing it', async () => {
    const far = await member1.post('/api/grid/visits', visitBody({ location: { lng: 109.08, lat: 34.4, accuracyM: 30 } }));
    expect(far.status).toBe(201);
    expect(far.body.farCheckIn).toBe(true);
    expect(far.body.distanceM).toBeGreaterThan(1000);
  });

  it('refuses a place of another grid (403), a lead about a non-enterprise (422) and malformed input (400)', async () => {
    expect((await member2.post('/api/grid/visits', visitBody())).status).toBe(403);
    const lead = await member1.post(
      '/api/grid/visits',
      visitBody({ placeKey: `risk_source:${bridge}`, findings: [{ clientId: randomUUID(), kind: 'lead', title: '桥面裂缝' }] }),
    );
    expect(lead.status).toBe(422);
    const bad = await member1.post('/api/grid/visits', visitBody({ placeKey: 'shop-1', checkedInAt: 'yesterday' }));
    expect(bad.status).toBe(400);
    const fields = bad.body.error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['placeKey', 'checkedInAt']));
    expect(bad.body.error.fields[0].message.zh).toBeTruthy();
    expect(bad.body.error.fields[0].message.en).toBeTruthy();
    // A street office has grid.patrol but a department does not.
    expect((await jfj.post('/api/grid/visits', visitBody())).status).toBe(403);
  });

  it('lists visits and check-ins within reach only', async () => {
    const mine = await member1.get('/api/grid/visits');
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBeGreaterThanOrEqual(4);
    expect((await member2.get('/api/grid/visits')).body.total).toBe(0);
    expect((await xinhe.get(`/api/grid/visits/${mine.body.items[0].id}`)).status).toBe(404);
    expect((await xinzhu.get(`/api/grid/visits/${mine.body.items[0].id}`)).status).toBe(200);
    const map = await xinzhu.get('/api/grid/checkins');
    expect(map.body.type).toBe('FeatureCollection');
    // Today's check-ins only: the one queued from 24 February is not on today's map.
    expect(map.body.features.length).toBe(mine.body.total - 1);
    expect(map.body.features[0].geometry.type).toBe('Point');
    expect((await xinhe.get('/api/grid/checkins')).body.features).toEqual([]);
  });
});

describe('grid cases', () => {
  const act = (c: Client, id: string, action: string, body: Record<string, unknown> = {}) =>
    c.post(`/api/grid/cases/${id}/actions/${action}`, body);

  it('goes 立案 → 派遣 → 处置 → 核查 → 结案 with a deadline from the category, refusing steps out of turn (409)', async () => {
    const created = await member1.post('/api/grid/cases', { title: '小区电动车楼道充电', category: 'ebike', gridId: g1, location: inG1 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'registered',
      kind: 'case',
      code: expect.stringMatching(/^WG-2026-\d{6}$/),
      allowedActions: [],
    });
    const id = created.body.id;
    expect((await act(member1, id, 'dispatch', { orgId: jfjId })).status).toBe(403);
    expect((await act(xinhe, id, 'dispatch', { orgId: jfjId })).status).toBe(404);
    expect((await act(xinzhu, id, 'handle', { note: '已处置完毕' })).status).toBe(409);
    const dispatched = await act(xinzhu, id, 'dispatch', { orgId: jfjId, note: '请经发局处置' });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body).toMatchObject({ status: 'dispatched', assignedOrg: { id: jfjId }, overdue: false });
    expect(new Date(dispatched.body.deadline).getTime() - new Date(NOW).getTime()).toBeGreaterThanOrEqual(72 * 3600_000);
    // The street dispatches and verifies; the unit assigned handles.
    expect((await act(xinzhu, id, 'handle', { note: '已处置' })).status).toBe(403);
    expect((await act(jfj, id, 'handle', { note: '已清理楼道并张贴告知' })).body.status).toBe('handled');
    expect((await act(xinzhu, id, 'return', { note: '复查仍有车辆充电' })).body.status).toBe('dispatched');
    expect((await act(jfj, id, 'handle', { note: '加装充电桩，劝离车辆' })).body.status).toBe('handled');
    expect((await act(xinzhu, id, 'verify', { note: '现场核查已整改' })).body.status).toBe('verified');
    const closed = await act(xinzhu, id, 'close', { note: '结案' });
    expect(closed.body.status).toBe('closed');
    expect(closed.body.timeline.map((e: { action: string }) => e.action)).toEqual([
      'dispatch',
      'handle',
      'return',
      'handle',
      'verify',
      'close',
    ]);
    const again = await act(xinzhu, id, 'close', { note: '结案' });
    expect(again.status).toBe(409);
    expect(again.body.error.message.en).toBeTruthy();
    expect((await act(xinzhu, id, 'fly')).status).toBe(404);
  });

  it('lets a department see the leads passed to it, marks overdue ones, and cancels from registered only', async () => {
    const leads = await jfj.get('/api/grid/cases?kind=lead');
    expect(leads.body.items.length).toBe(1);
    expect(leads.body.items[0]).toMatchObject({ kind: 'lead', enterprise: { id: plant }, allowedActions: ['handle'] });
    expect((await xinhe.get('/api/grid/cases')).body.items).toEqual([]);
    const handle = (await jfj.get('/api/inbox')).body.items.filter((i: { kind: string }) => i.kind === 'grid.handle');
    expect(handle.map((i: { objectId: string }) => i.objectId)).toEqual([leads.body.items[0].id]);
    t.clock.set('2026-03-06T10:00:00+08:00');
    const office2 = await t.login('gt_awb');
    const overdue = await office2.get('/api/grid/cases?overdue=true');
    expect(overdue.body.items.map((c: { kind: string }) => c.kind)).toEqual(['lead']);
    // A department handles what is dispatched to it and registers nothing itself: grid.patrol is the members', the
    // streets' and 安委办's.
    const fresh = await (await t.login('gt_jfj')).post('/api/grid/cases', { title: '井盖缺失', category: 'urgent', gridId: g1 });
    expect(fresh.status).toBe(403);
    const xz = await t.login('gt_xinzhu');
    const registered = (await xz.get('/api/grid/cases?kind=case&status=registered')).body.items[0];
    expect((await act(xz, registered.id, 'cancel', { reason: '重复上报' })).body.status).toBe('cancelled');
    expect((await act(xz, registered.id, 'cancel', { reason: '重复上报' })).status).toBe(409);
    const unknown = await (await t.login('gt_member1')).post('/api/grid/cases', { title: '井盖缺失', category: 'no_such', gridId: g1 });
    expect(unknown.status).toBe(422);
    t.clock.set(NOW);
  });
});

describe('settings and 考核', () => {
  it('shows each value’s source as unverified and takes an administrator’s change', async () => {
    office = await t.login('gt_awb');
    const view = await office.get('/api/grid/settings');
    expect(view.status).toBe(200);
    expect(view.body.settings.intervalDays).toEqual({ major: 1, significant: 3, general: 7, low: 30, none: 30 });
    expect(view.body.sources.intervalDays).toMatchObject({ verified: false, isDefault: true });
    expect(view.body.sources.intervalDays.text.zh).toContain('非法规规定');
    const m1 = await t.login('gt_member1');
    expect((await m1.put('/api/grid/settings', view.body.settings)).status).toBe(403);
    const changed = { ...view.body.settings, intervalDays: { ...view.body.settings.intervalDays, major: 2 } };
    const saved = await office.put('/api/grid/settings', changed);
    expect(saved.status).toBe(200);
    expect(saved.body.sources.intervalDays.isDefault).toBe(false);
    expect((await m1.get('/api/grid/route')).body.places[0].intervalDays).toBe(2);
    const bad = await office.put('/api/grid/settings', { ...changed, checkInRadiusM: 1 });
    expect(bad.status).toBe(400);
    expect((await office.put('/api/grid/settings', { ...changed, intervalDays: view.body.settings.intervalDays })).status).toBe(200);
  });

  it('figures each member’s plan, visits, coverage, findings and on-time rate, and exports them', async () => {
    const xz = await t.login('gt_xinzhu');
    const stats = await xz.get('/api/grid/stats?from=2026-02-23&to=2026-03-02');
    expect(stats.status).toBe(200);
    expect(stats.body.members).toHaveLength(1);
    const m = stats.body.members[0];
    // 8 days: the 重大 plant daily (8), the blue bridge once (1).
    expect(m).toMatchObject({ grid: { id: g1 }, planned: 9, coverage: 1, hazardsFound: 1, casesFound: 2 });
    expect(m.done).toBe(2);
    expect(stats.body.totals.members).toBe(1);
    const xlsx = await xz.request('GET', '/api/grid/stats.xlsx?from=2026-02-23&to=2026-03-02');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect((await xz.get('/api/grid/stats?from=2026-03-02&to=2026-02-01')).status).toBe(422);
  });
});

// Last in the file: these add a place to G1 and a lead, which the counts above do not expect.
describe('photos, leads about a risk source’s owner, overdue and racing posts', () => {
  const upload = async (client: Client, name: string) => {
    const res = await client.upload(name, reportPhoto(), 'image/jpeg');
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it('refuses a photo the member may not cite, and shows a visit’s and a case’s photos to whoever reads them', async () => {
    const m1 = await t.login('gt_member1');
    const m2 = await t.login('gt_member2');
    const othersPhoto = await upload(m2, '别人的.jpg');
    const onVisit = await m1.post('/api/grid/visits', visitBody({ photoFileIds: [othersPhoto] }));
    expect(onVisit.status).toBe(400);
    expect(onVisit.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['photoFileIds.0']);
    const onFinding = await m1.post(
      '/api/grid/visits',
      visitBody({ findings: [{ clientId: randomUUID(), kind: 'case', title: '消防通道堆物', photoFileIds: [othersPhoto] }] }),
    );
    expect(onFinding.status).toBe(400);
    expect(onFinding.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['findings.0.photoFileIds.0']);

    const visitPhoto = await upload(m1, '厂区.jpg');
    const leadPhoto = await upload(m1, '储罐.jpg');
    const posted = await m1.post(
      '/api/grid/visits',
      visitBody({
        photoFileIds: [visitPhoto],
        findings: [{ clientId: randomUUID(), kind: 'lead', title: '储罐区新增管线', photoFileIds: [leadPhoto] }],
      }),
    );
    expect(posted.status).toBe(201);
    const xz = await t.login('gt_xinzhu');
    const photo = await xz.get(`/api/grid/visits/${posted.body.id}/photos/${visitPhoto}`);
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect((await (await t.login('gt_xinhe')).get(`/api/grid/visits/${posted.body.id}/photos/${visitPhoto}`)).status).toBe(404);
    // A file the visit does not cite is not served through it, even to someone who may read both.
    expect((await xz.get(`/api/grid/visits/${posted.body.id}/photos/${leadPhoto}`)).status).toBe(404);

    // The department the lead went to cannot read the member's file as a file, only through its case; and the street
    // reads the department's handling photo through the case as well.
    const lead = posted.body.findings[0].ref.id as string;
    const dept = await t.login('gt_jfj');
    expect((await dept.get(`/api/files/${leadPhoto}`)).status).toBe(404);
    expect((await dept.get(`/api/grid/cases/${lead}/photos/${leadPhoto}`)).status).toBe(200);
    const handledPhoto = await upload(dept, '整改后.jpg');
    const handled = await dept.post(`/api/grid/cases/${lead}/actions/handle`, { note: '已核实并责令整改', photoFileIds: [handledPhoto] });
    expect(handled.body.photoFileIds).toEqual([leadPhoto, handledPhoto]);
    expect((await xz.get(`/api/grid/cases/${lead}/photos/${handledPhoto}`)).status).toBe(200);
    expect((await xz.get(`/api/grid/cases/${lead}/photos/${othersPhoto}`)).status).toBe(404);
  });

  it('passes a lead from a risk source to the enterprise that owns it, and marks it overdue in the department’s inbox', async () => {
    // An enterprise of 经发局 outside the grid whose risk source stands inside it: the source is a place of its own.
    const created = await admin.post('/api/orgs', {
      code: 'QY-GT3',
      name: '港区测试仓储公司',
      type: 'enterprise',
      parentId: jfjId,
      location: [109.3, 34.5],
    });
    expect(created.status).toBe(201);
    const depot = await t.orgId('QY-GT3');
    const [tank] = await rows<{ id: string }>(
      t.platform.db,
      sql`insert into risk_sources (code, name, category, geom, org_id, grid_id, level, assessed_level, status) values
        ('FX-GT-3', '港区测试油罐', 'hazardous_chemicals', ST_SetSRID(ST_MakePoint(109.0802, 34.3902), 4326), ${depot}, ${g1}, 'significant', 'significant', 'reviewed')
        returning id`,
    );
    const m1 = await t.login('gt_member1');
    expect((await m1.get('/api/grid/route')).body.places.map((p: { key: string }) => p.key)).toContain(`risk_source:${tank!.id}`);
    const posted = await m1.post(
      '/api/grid/visits',
      visitBody({ placeKey: `risk_source:${tank!.id}`, findings: [{ clientId: randomUUID(), kind: 'lead', title: '油罐区疑似私接管线' }] }),
    );
    expect(posted.status).toBe(201);
    const dept = await t.login('gt_jfj');
    const lead = await dept.get(`/api/grid/cases/${posted.body.findings[0].ref.id}`);
    expect(lead.body).toMatchObject({
      kind: 'lead',
      status: 'dispatched',
      enterprise: { id: depot },
      assignedOrg: { id: jfjId },
      overdue: false,
    });
    const inboxItem = async () =>
      (await (await t.login('gt_jfj')).get('/api/inbox')).body.items.find((i: { objectId: string }) => i.objectId === lead.body.id);
    expect(await inboxItem()).toMatchObject({ kind: 'grid.handle', dueState: 'on_track' });
    // The first category (紧急问题, 24 h) applies; a day and an hour later it is overdue.
    t.clock.set(new Date(new Date(NOW).getTime() + 25 * 3600_000).toISOString());
    expect(await inboxItem()).toMatchObject({ kind: 'grid.handle', dueState: 'overdue' });
    expect((await (await t.login('gt_jfj')).get(`/api/grid/cases/${lead.body.id}`)).body.overdue).toBe(true);
    // The hourly check tells the department it was dispatched to and the grid's street, once per deadline.
    expect(await checkGridCaseOverdue(t.platform)).toBeGreaterThan(0);
    expect(await checkGridCaseOverdue(t.platform)).toBe(0);
    for (const username of ['gt_jfj', 'gt_xinzhu']) {
      const told = (await (await t.login(username)).get('/api/notifications')).body.items.filter(
        (n: { link: string | null }) => n.link === `/grid/cases/${lead.body.id}`,
      );
      expect(told, username).toHaveLength(1);
      expect(told[0].title).toBe(`网格事件 ${lead.body.code} 超过处置时限`);
    }
    // Not the other street.
    const elsewhere = (await (await t.login('gt_xinhe')).get('/api/notifications')).body.items;
    expect(elsewhere.some((n: { link: string | null }) => n.link === `/grid/cases/${lead.body.id}`)).toBe(false);
    t.clock.set(NOW);
  });

  // On PostgreSQL the two posts race each other; the embedded database serves them one after the other.
  it('records a visit posted twice at once only once, with its findings once', async () => {
    const m1 = await t.login('gt_member1');
    const body = visitBody({ findings: [{ clientId: randomUUID(), kind: 'hazard', title: '储罐区静电接地断开' }] });
    const both = await Promise.all([m1.post('/api/grid/visits', body), m1.post('/api/grid/visits', body)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(both[0]!.body).toEqual(both[1]!.body);
    const db = t.platform.db;
    const [visits] = await rows<{ n: number }>(db, sql`select count(*)::int as n from grid_visits where client_id = ${body.clientId}`);
    expect(visits!.n).toBe(1);
    const [found] = await rows<{ n: number }>(db, sql`select count(*)::int as n from hazards where origin_ref = ${both[0]!.body.id}`);
    expect(found!.n).toBe(1);
  });
});
