import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { hazardStandardClauses, hazardStandards } from './hazard-rules.tables.js';
import { hazards } from './index.js';

let t: TestApp;
let gridder: Client; // 网格员 of a grid in 新筑街办: runs the inspection
let plant: Client; // the enterprise inspected (under 新筑街办)
let other: Client; // an enterprise under 新合街办
let xinzhu: Client; // 新筑街办
let xinhe: Client; // 新合街办
let plantId: string;
let otherId: string;
let clauseId: string;
let sourceId: string;
let otherSourceId: string;

/** Inside the test boundary of 新筑街办 drawn below. */
const inXinzhu = { type: 'Point', coordinates: [109.08, 34.39] };
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function uploadPhoto(client: Client): Promise<string> {
  const boundary = `cs-${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="现场.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await client.request('POST', '/api/files', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function sourceWithMeasures(client: Client, name: string, measures: string[]): Promise<string> {
  const res = await client.post('/api/risk/sources', {
    name,
    category: 'hazardous_chemicals',
    geometry: inXinzhu,
    hazardFactors: ['22'],
    accidentTypes: ['08'],
  });
  expect(res.status).toBe(201);
  for (const description of measures) {
    const m = await client.post(`/api/risk/sources/${res.body.id}/measures`, {
      type: 'engineering',
      description,
      responsibleLevel: 'company',
      reviewCycleDays: 30,
    });
    expect(m.status).toBe(201);
  }
  return res.body.id;
}

beforeAll(async () => {
  t = await testApp({ now: '2026-05-12T09:00:00+08:00' });
  const admin = await t.admin();
  const xzjb = await t.orgId('XZJB');
  for (const [code, name, type, parent] of [
    ['QY-IN1', '西港测试餐饮有限公司', 'enterprise', 'XZJB'],
    ['QY-IN2', '西港另一企业有限公司', 'enterprise', 'XHJB'],
    ['WG-IN1', '新筑第一网格', 'grid', 'XZJB'],
  ] as const) {
    const res = await admin.post('/api/orgs', { code, name, type, parentId: await t.orgId(parent) });
    expect(res.status).toBe(201);
  }
  await t.platform.db.execute(
    sql`insert into boundaries (org_id, level, geom, source)
        values (${xzjb}, 'street', ST_Multi(ST_MakeEnvelope(109.07, 34.38, 109.09, 34.40, 4326)), 'drawn'),
               (${await t.orgId('WG-IN1')}, 'grid', ST_Multi(ST_MakeEnvelope(109.075, 34.385, 109.085, 34.395, 4326)), 'drawn')`,
  );
  plantId = await t.orgId('QY-IN1');
  otherId = await t.orgId('QY-IN2');
  gridder = await t.userIn('WG-IN1', ['grid_member'], 'in_grid');
  plant = await t.userIn('QY-IN1', ['enterprise'], 'in_plant');
  other = await t.userIn('QY-IN2', ['enterprise'], 'in_other');
  xinzhu = await t.userIn('XZJB', ['street'], 'in_xinzhu');
  xinhe = await t.userIn('XHJB', ['street'], 'in_xinhe');
  sourceId = await sourceWithMeasures(plant, '后厨燃气灶区', ['燃气灶具每日班前检漏', '可燃气体报警器每月测试']);
  otherSourceId = await sourceWithMeasures(other, '乙公司仓库', ['仓库每日巡查']);
  // A clause of the 判定标准 library, as an administrator would keep it.
  const [standard] = await t.platform.db
    .insert(hazardStandards)
    .values({
      code: 'TEST-GAS',
      name: '测试燃气判定标准',
      documentNumber: '测试〔2023〕1号',
      sector: 'gas',
      source: { zh: '测试', en: 'test' },
      confidence: 'U',
    })
    .returning();
  const [clause] = await t.platform.db
    .insert(hazardStandardClauses)
    .values({ standardId: standard!.id, number: '第五条（一）', text: '餐饮场所未安装可燃气体报警装置', position: 1 })
    .returning();
  clauseId = clause!.id;
});
afterAll(() => t.close());

const plan = (client: Client, body: Record<string, unknown> = {}) =>
  client.post('/api/hazard-inspections', {
    title: '餐饮场所燃气专项检查',
    targetOrgId: plantId,
    plannedOn: '2026-05-13',
    templateCode: 'gas_catering',
    clauseIds: [clauseId],
    ...body,
  });

describe('inspections', () => {
  let id: string;
  let items: { id: string; position: number; origin: string; text: string; controlMeasureId: string | null; clauseId: string | null }[];

  it("templates: 401 anonymous; the campaigns with each item's basis", async () => {
    expect((await t.anonymous.get('/api/hazard-inspections/templates')).status).toBe(401);
    const res = await gridder.get('/api/hazard-inspections/templates');
    expect(res.status).toBe(200);
    const codes = res.body.items.map((i: { code: string }) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['nine_small', 'ebike', 'group_rental', 'gas_catering', 'confined_space']));
    expect(res.body.items[0].items[0].basis).toMatchObject({ verified: false, source: expect.stringContaining('消防法') });
  });

  it('builds the checklist from the control measures, the chosen clause and the template', async () => {
    const res = await plan(gridder);
    expect(res.status).toBe(201);
    id = res.body.id;
    items = res.body.items;
    expect(res.body).toMatchObject({
      code: 'PC-2026-000001',
      status: 'planned',
      targetOrgName: '西港测试餐饮有限公司',
      inspectorOrgName: '新筑第一网格',
      itemCount: 8,
      answeredCount: 0,
      allowedActions: ['start', 'cancel'],
    });
    expect(items.map((i) => i.origin)).toEqual(['control_measure', 'control_measure', 'clause', ...Array(5).fill('template')]);
    expect(items[0]).toMatchObject({ position: 1, text: '后厨燃气灶区：燃气灶具每日班前检漏', result: 'pending' });
    expect(items[2]).toMatchObject({ clauseId, basis: '测试〔2023〕1号 第五条（一）', category: 'gas' });
    expect(items[3]!.text).toContain('可燃气体报警装置');
  });

  it('only the chosen risk sources of the target; 400 naming the field for what does not fit', async () => {
    const chosen = await plan(gridder, { templateCode: undefined, clauseIds: [], riskSourceIds: [sourceId] });
    expect(chosen.status).toBe(201);
    expect(chosen.body.items).toHaveLength(2);
    const cases: [Record<string, unknown>, string][] = [
      [{ targetOrgId: undefined }, 'targetOrgId'],
      [{ templateCode: 'no_such' }, 'templateCode'],
      [{ clauseIds: [randomUUID()] }, 'clauseIds.0'],
      [{ riskSourceIds: [otherSourceId] }, 'riskSourceIds.0'],
      [{ lng: 109.08 }, 'lat'],
    ];
    for (const [body, field] of cases) {
      const res = await plan(gridder, body);
      expect(res.status, field).toBe(400);
      expect(res.body.error.fields[0].field).toBe(field);
    }
  });

  it('422 for an empty checklist; 403 for a target or inspecting org out of reach; 401', async () => {
    const empty = await plan(gridder, { targetOrgId: undefined, placeName: '新筑广场', templateCode: undefined, clauseIds: [] });
    expect(empty.status).toBe(422);
    expect((await plan(other)).status).toBe(403);
    // An enterprise inspects itself only.
    expect((await plan(plant, { targetOrgId: otherId, clauseIds: [] })).status).toBe(403);
    expect((await plan(gridder, { inspectorOrgId: await t.orgId('XHJB') })).status).toBe(403);
    expect((await t.anonymous.post('/api/hazard-inspections', {})).status).toBe(401);
  });

  it('an item is answered only once started (409); 404 for an item of another inspection', async () => {
    expect((await gridder.put(`/api/hazard-inspections/${id}/items/${items[0]!.id}`, { result: 'pass' })).status).toBe(409);
    const started = await gridder.post(`/api/hazard-inspections/${id}/actions/start`);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'in_progress', allowedActions: ['complete', 'cancel', 'answer'] });
    expect((await gridder.put(`/api/hazard-inspections/${id}/items/${randomUUID()}`, { result: 'pass' })).status).toBe(404);
    expect((await gridder.put(`/api/hazard-inspections/${randomUUID()}/items/${items[0]!.id}`, { result: 'pass' })).status).toBe(404);
    expect((await gridder.put(`/api/hazard-inspections/${id}/items/${items[0]!.id}`, { result: 'maybe' })).status).toBe(400);
  });

  it('a failed item registers a hazard pre-filled from it, in the same transaction, linked both ways', async () => {
    const pass = await gridder.put(`/api/hazard-inspections/${id}/items/${items[0]!.id}`, { result: 'pass' });
    expect(pass.status).toBe(200);
    expect(pass.body.items[0]).toMatchObject({ result: 'pass', hazardId: null, answeredByName: '测试in_grid' });

    // A hazard that cannot be registered (no such responsible unit) leaves the item unanswered.
    const refused = await gridder.put(`/api/hazard-inspections/${id}/items/${items[1]!.id}`, {
      result: 'fail',
      hazard: { responsibleOrgId: randomUUID() },
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    const still = await gridder.get(`/api/hazard-inspections/${id}`);
    expect(still.body.items[1]).toMatchObject({ result: 'pending', hazardId: null });

    const photoId = await uploadPhoto(gridder);
    const failed = await gridder.put(`/api/hazard-inspections/${id}/items/${items[1]!.id}`, {
      result: 'fail',
      note: '报警器无电源指示',
      photoIds: [photoId],
      lng: 109.081,
      lat: 34.391,
    });
    expect(failed.status).toBe(200);
    const item = failed.body.items[1];
    expect(item).toMatchObject({
      result: 'fail',
      note: '报警器无电源指示',
      photos: [{ id: photoId }],
      hazardCode: expect.stringMatching(/^YH-2026-/),
    });
    const [hazard] = await t.platform.db.select().from(hazards).where(eq(hazards.id, item.hazardId));
    expect(hazard).toMatchObject({
      origin: 'inspection',
      originRef: id,
      title: '后厨燃气灶区：可燃气体报警器每月测试',
      level: '一般',
      responsibleOrgId: plantId,
      riskSourceId: sourceId,
      controlMeasureId: items[1]!.controlMeasureId,
      category: 'hazardous_chemicals',
      streetId: await t.orgId('XZJB'),
    });
    expect(hazard!.description).toContain('报警器无电源指示');
    expect(hazard!.geom).toEqual({ x: 109.081, y: 34.391 });
    expect(failed.body.failedCount).toBe(1);

    // The hazard of a clause carries the clause and the clause's category.
    // Neither the answer nor the inspection has a point: a grid member reports by area, so the place is asked for.
    const nowhere = await gridder.put(`/api/hazard-inspections/${id}/items/${items[2]!.id}`, { result: 'fail' });
    expect(nowhere.status).toBe(422);
    expect(nowhere.body.error.fields[0].field).toBe('lng');
    const byClause = await gridder.put(`/api/hazard-inspections/${id}/items/${items[2]!.id}`, { result: 'fail', lng: 109.08, lat: 34.39 });
    expect(byClause.status).toBe(200);
    const [clauseHazard] = await t.platform.db.select().from(hazards).where(eq(hazards.id, byClause.body.items[2].hazardId));
    expect(clauseHazard).toMatchObject({ standardClauseId: clauseId, category: 'gas', title: '餐饮场所未安装可燃气体报警装置' });
  });

  it('an item that made a hazard is not answered again (409)', async () => {
    const res = await gridder.put(`/api/hazard-inspections/${id}/items/${items[1]!.id}`, { result: 'pass' });
    expect(res.status).toBe(409);
    expect(res.body.error.message.zh).toMatch(/YH-2026-/);
  });

  it('completes only when every item is answered (422 naming them), then nothing changes (409)', async () => {
    const early = await gridder.post(`/api/hazard-inspections/${id}/actions/complete`, {});
    expect(early.status).toBe(422);
    expect(early.body.error.message.zh).toContain('第 4、5、6、7、8 项');
    for (const item of items.slice(3))
      expect((await gridder.put(`/api/hazard-inspections/${id}/items/${item.id}`, { result: 'na' })).status).toBe(200);
    const done = await gridder.post(`/api/hazard-inspections/${id}/actions/complete`, { summary: '发现隐患 2 项，已登记' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'completed',
      summary: '发现隐患 2 项，已登记',
      completedAt: expect.any(String),
      allowedActions: [],
    });
    expect(done.body.timeline.map((e: { action: string }) => e.action)).toEqual(['start', 'complete']);
    expect((await gridder.put(`/api/hazard-inspections/${id}/items/${items[0]!.id}`, { result: 'na' })).status).toBe(409);
    expect((await gridder.post(`/api/hazard-inspections/${id}/actions/cancel`, { reason: '重复' })).status).toBe(409);
  });

  it('scope: the target enterprise and the street read it; neither runs it; others do not see it', async () => {
    const mine = await plant.get('/api/hazard-inspections');
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(id);
    const seen = await plant.get(`/api/hazard-inspections/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.allowedActions).toEqual([]);
    expect((await xinzhu.get(`/api/hazard-inspections/${id}`)).status).toBe(200);
    expect((await xinhe.get(`/api/hazard-inspections/${id}`)).status).toBe(404);
    expect((await other.get(`/api/hazard-inspections/${id}`)).status).toBe(404);
    expect((await other.get('/api/hazard-inspections')).body.total).toBe(0);
    expect((await t.anonymous.get('/api/hazard-inspections')).status).toBe(401);
  });

  it("the target enterprise cannot run another org's inspection (403), but inspects itself", async () => {
    const planned = await plan(gridder, { title: '复查' });
    expect((await plant.post(`/api/hazard-inspections/${planned.body.id}/actions/start`)).status).toBe(403);
    expect((await plant.post(`/api/hazard-inspections/${planned.body.id}/actions/cancel`, { reason: '不需要' })).status).toBe(403);
    const self = await plan(plant, { title: '企业自查', clauseIds: [] });
    expect(self.status).toBe(201);
    expect(self.body).toMatchObject({ inspectorOrgId: plantId, allowedActions: ['start', 'cancel'] });
    const cancelled = await plant.post(`/api/hazard-inspections/${self.body.id}/actions/cancel`, { reason: '改期' });
    expect(cancelled.body.status).toBe('cancelled');
    expect((await plant.post(`/api/hazard-inspections/${self.body.id}/actions/cancel`, {})).status).toBe(409);
  });

  it('a place without an enterprise: a failed item needs the responsible unit (422), then registers', async () => {
    const planned = await plan(gridder, {
      title: '电动自行车停放充电检查',
      targetOrgId: undefined,
      placeName: '新筑小区 3 号楼',
      lng: 109.082,
      lat: 34.392,
      templateCode: 'ebike',
      clauseIds: [],
    });
    expect(planned.status).toBe(201);
    expect(planned.body).toMatchObject({ streetId: await t.orgId('XZJB'), lng: 109.082, lat: 34.392 });
    const pid = planned.body.id;
    const first = planned.body.items[0].id;
    await gridder.post(`/api/hazard-inspections/${pid}/actions/start`);
    const missing = await gridder.put(`/api/hazard-inspections/${pid}/items/${first}`, { result: 'fail' });
    expect(missing.status).toBe(422);
    expect(missing.body.error.fields[0].field).toBe('hazard.responsibleOrgId');
    const named = await gridder.put(`/api/hazard-inspections/${pid}/items/${first}`, {
      result: 'fail',
      hazard: { responsibleOrgId: await t.orgId('XZJB'), title: '3 号楼楼道停放电动自行车', deadline: '2026-05-15' },
    });
    expect(named.status).toBe(200);
    const [hazard] = await t.platform.db.select().from(hazards).where(eq(hazards.id, named.body.items[0].hazardId));
    expect(hazard).toMatchObject({
      title: '3 号楼楼道停放电动自行车',
      category: 'e_bike',
      placeName: '新筑小区 3 号楼',
      deadline: '2026-05-15',
      geom: { x: 109.082, y: 34.392 },
    });
    // The street sees it in its area, filtered by template.
    const listed = await xinzhu.get('/api/hazard-inspections?templateCode=ebike');
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([pid]);
  });

  it('exports the 排查记录台账 as xlsx with the filters: the outcome of each checklist and the hazards it made', async () => {
    const res = await plant.get('/api/hazard-inspections.xlsx?status=completed&q=燃气专项');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('排查记录台账')!;
    expect(String(sheet.getCell('A1').value)).toContain('共 1 次');
    expect(sheet.getRow(2).getCell(1).value).toBe('排查编号');
    const row = sheet.getRow(3).values as unknown[];
    const hazardCodes = (await t.platform.db.select({ code: hazards.code }).from(hazards).where(eq(hazards.originRef, id)))
      .map((h) => h.code)
      .sort();
    // 排查编号 … 被检查单位, 排查单位, 计划日期, 状态, then items: 8 in all, 1 passed, 2 failed, 5 not applicable, none open.
    expect(row.slice(1)).toEqual([
      'PC-2026-000001',
      '餐饮场所燃气专项检查',
      '西港测试餐饮有限公司',
      '',
      '',
      '新筑第一网格',
      '测试in_grid',
      expect.stringContaining('燃气'),
      '2026-05-13',
      '已完成',
      '2026-05-12',
      '2026-05-12',
      8,
      1,
      2,
      5,
      0,
      hazardCodes.join('、'),
      '发现隐患 2 项，已登记',
    ]);
    // Only what the caller may read.
    const forOther = await other.get('/api/hazard-inspections.xlsx?q=燃气专项');
    const none = new ExcelJS.Workbook();
    await none.xlsx.load(forOther.raw.rawPayload as unknown as ArrayBuffer);
    expect(String(none.getWorksheet('排查记录台账')!.getCell('A1').value)).toContain('共 0 次');
    expect((await t.anonymous.get('/api/hazard-inspections.xlsx')).status).toBe(401);
    expect((await plant.get('/api/hazard-inspections.xlsx?status=nonsense')).status).toBe(400);
  });
});

describe('planning within reach', () => {
  it('a grid member is refused at planning an enterprise outside its grid (422 naming it), not at the first failed item', async () => {
    // Registered under 新合街办 and not located: the failed items' hazards would be another street's to register.
    const elsewhere = await plan(gridder, { targetOrgId: otherId, clauseIds: [] });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error.fields[0]).toMatchObject({
      field: 'targetOrgId',
      message: { zh: expect.stringContaining('不在您的辖区内') },
    });
    // Its own street's enterprise, but at a place inside 新筑街办 outside the grid.
    const outside = await plan(gridder, { lng: 109.072, lat: 34.382 });
    expect(outside.status).toBe(422);
    expect(outside.body.error.fields[0].message.zh).toContain('位于新筑街道办事处');
    // 新合街办 plans its own enterprise; 新筑街办 does not plan 新合街办's.
    expect((await plan(xinhe, { targetOrgId: otherId, clauseIds: [] })).status).toBe(201);
    expect((await plan(xinzhu, { targetOrgId: otherId, clauseIds: [] })).status).toBe(422);
    expect((await plan(gridder, { lng: 109.08, lat: 34.39 })).status).toBe(201);
  });

  it("the inbox holds the inspections the caller's org is to carry out, late once the planned day is past", async () => {
    const planned = await plan(xinhe, { title: '乙公司仓库月度检查', targetOrgId: otherId, clauseIds: [] });
    expect(planned.status).toBe(201);
    const mine = (await xinhe.get('/api/inbox')).body.items.filter((i: { kind: string }) => i.kind === 'hazard.inspection');
    expect(mine).toContainEqual(
      expect.objectContaining({
        objectId: planned.body.id,
        title: { zh: `${planned.body.code} 乙公司仓库月度检查`, en: `${planned.body.code} 乙公司仓库月度检查` },
        kindLabel: { zh: '待开展排查', en: 'Inspections to carry out' },
        due: '2026-05-13',
        dueState: 'on_track',
        link: `/hazard-inspections/${planned.body.id}`,
      }),
    );
    // Neither the enterprise inspected nor another street is asked to carry it out.
    for (const client of [other, xinzhu])
      expect((await client.get('/api/inbox')).body.items.map((i: { objectId: string }) => i.objectId)).not.toContain(planned.body.id);
    // Started, it stays until completed; on the planned day it is due, the day after late; cancelled, it leaves.
    expect((await xinhe.post(`/api/hazard-inspections/${planned.body.id}/actions/start`)).status).toBe(200);
    const dueStateOn = async (when: string) => {
      // Sessions end after a while idle: the clock moved by a day, the street logs in again.
      t.clock.set(when);
      const later = await t.login('in_xinhe');
      const items = (await later.get('/api/inbox')).body.items as { objectId: string; dueState: string }[];
      return items.find((i) => i.objectId === planned.body.id)?.dueState;
    };
    expect(await dueStateOn('2026-05-13T09:00:00+08:00')).toBe('due_soon');
    expect(await dueStateOn('2026-05-14T09:00:00+08:00')).toBe('overdue');
    const later = await t.login('in_xinhe');
    expect((await later.post(`/api/hazard-inspections/${planned.body.id}/actions/cancel`, { reason: '企业停产' })).status).toBe(200);
    expect((await later.get('/api/inbox')).body.items.map((i: { objectId: string }) => i.objectId)).not.toContain(planned.body.id);
  });
});
