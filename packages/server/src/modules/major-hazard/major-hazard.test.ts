import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { tableColumns } from './major-hazard.xlsx.js';

let t: TestApp;
let admin: Client;
let plant: Client; // the enterprise that runs the installations
let other: Client; // another enterprise
let emergency: Client; // 应急管理局 (department: registers)
let xinzhu: Client; // 新筑街办, whose street the plant lies in
let xinhe: Client; // 新合街办
let streetId: string;

/** Inside the test boundary of 新筑街办 drawn below. */
const inXinzhu: [number, number] = [109.08, 34.39];

/** 液氨 30 t (Q 10, β 2) and 甲醇 1000 t (Q 500, β 1): S = 3 + 2 = 5. */
const inventory = [
  { substanceName: '液氨', quantityTonnes: 30, form: '储罐' },
  { substanceName: '甲醇', quantityTonnes: 1000, form: '储罐' },
];

beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T10:00:00+08:00' });
  admin = await t.admin();
  streetId = await t.orgId('XZJB');
  for (const [code, name] of [
    ['QY-MH1', '西港测试化工有限公司'],
    ['QY-MH2', '西港另一企业有限公司'],
  ]) {
    const res = await admin.post('/api/orgs', { code, name, type: 'enterprise', parentId: streetId });
    expect(res.status).toBe(201);
  }
  // A street boundary, as MAPSERVER's import would save it: the plant's street is computed from it.
  await t.platform.db.execute(
    sql`insert into boundaries (org_id, level, geom, source)
        values (${streetId}, 'street', ST_Multi(ST_MakeEnvelope(109.07, 34.38, 109.09, 34.40, 4326)), 'drawn')`,
  );
  plant = await t.userIn('QY-MH1', ['enterprise'], 'mh_plant');
  other = await t.userIn('QY-MH2', ['enterprise'], 'mh_other');
  emergency = await t.userIn('YJGLJ', ['department'], 'mh_yjglj');
  xinzhu = await t.userIn('XZJB', ['street'], 'mh_xinzhu');
  xinhe = await t.userIn('XHJB', ['street'], 'mh_xinhe');
});
afterAll(() => t.close());

const create = (client: Client, body: Record<string, unknown> = {}) =>
  client.post('/api/major-hazards', {
    name: '罐区一',
    unitKind: 'storage',
    location: inXinzhu,
    exposedPopulation: 60,
    inventory,
    ...body,
  });

describe('major hazard installations', () => {
  let id: string;

  it('401 anonymous, 403 without the action, 400 naming the field', async () => {
    expect((await t.anonymous.get('/api/major-hazards')).status).toBe(401);
    const grid = await t.userIn('XZJB', ['grid_member'], 'mh_grid');
    expect((await grid.get('/api/major-hazards')).status).toBe(403);
    const negative = await create(plant, { inventory: [{ substanceName: '液氨', quantityTonnes: -1 }] });
    expect(negative.status).toBe(400);
    expect(negative.body.error.fields[0].field).toBe('inventory.0.quantityTonnes');
    const unknown = await create(plant, { inventory: [{ substanceName: '某某溶剂', quantityTonnes: 5 }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].field).toBe('inventory.0.category');
    const onlyEnterprise = await create(emergency, { orgId: await t.orgId('XZJB') });
    expect(onlyEnterprise.status).toBe(400);
    expect(onlyEnterprise.body.error.fields[0].field).toBe('orgId');
  });

  it('creates a unit with its grade computed (S 5, α 1.5, R 12: 三级) and its street located', async () => {
    const res = await create(plant);
    expect(res.status).toBe(201);
    id = res.body.id;
    expect(res.body).toMatchObject({
      orgName: '西港测试化工有限公司',
      s: 5,
      alpha: 1.5,
      r: 12,
      grade: 3,
      isMajor: true,
      status: 'identified',
      streetId,
      allowedActions: ['declare', 'update', 'editInventory'],
    });
    expect(res.body.inventory).toEqual([
      expect.objectContaining({
        substanceName: '液氨',
        criticalQuantityTonnes: 10,
        ratio: 3,
        beta: 2,
        betaBy: 'table3',
        basis: '表1 第1项 氨',
      }),
      // 甲醇 is in 表1 but not 表3 and was given no category: β 1 stands in, flagged unverified.
      expect.objectContaining({
        substanceName: '甲醇',
        criticalQuantityTonnes: 500,
        ratio: 2,
        beta: 1,
        betaBy: 'default',
        betaConfidence: 'U',
      }),
    ]);
    expect(res.body.gradeChanges).toEqual([expect.objectContaining({ fromGrade: null, toGrade: 3, toS: 5, toR: 12, cause: 'created' })]);
  });

  it('recomputes the grade whenever the inventory or the exposed population changes, with the history', async () => {
    const before = (await plant.get(`/api/major-hazards/${id}`)).body;
    const ammonia = before.inventory[0].id;
    // 液氨 200 t: S = 20 + 2 = 22, R = 1.5 × (2 × 20 + 2) = 63: 二级.
    const raised = await plant.put(`/api/major-hazards/${id}/inventory/${ammonia}`, { substanceName: '液氨', quantityTonnes: 200 });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ s: 22, r: 63, grade: 2 });
    // 汽油 100 t (Q 200) given its category W5.1 (β 1.5): S 22.5, R = 1.5 × (40 + 2 + 0.75) = 64.125.
    const added = await plant.post(`/api/major-hazards/${id}/inventory`, { substanceName: '汽油', category: 'W5.1', quantityTonnes: 100 });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ s: 22.5, r: 64.125, grade: 2 });
    // Nobody within 500 m: α 0.5, R 21.375: 三级.
    const emptied = await plant.patch(`/api/major-hazards/${id}`, { exposedPopulation: 0 });
    expect(emptied.body).toMatchObject({ alpha: 0.5, r: 21.375, grade: 3 });
    const changes = emptied.body.gradeChanges.map((c: { fromGrade: number; toGrade: number; cause: string; actorName: string }) => [
      c.fromGrade,
      c.toGrade,
      c.cause,
      c.actorName,
    ]);
    // The substance added left the grade at 二级: no row for it.
    expect(changes).toEqual([
      [null, 3, 'created', '测试mh_plant'],
      [3, 2, 'inventory', '测试mh_plant'],
      [2, 3, 'population', '测试mh_plant'],
    ]);
    const unknown = await plant.post(`/api/major-hazards/${id}/inventory`, { substanceName: '某某溶剂', quantityTonnes: 5 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].field).toBe('category');
  });

  it('scope: the enterprise its own, the street its area, the registering department its district', async () => {
    expect((await plant.get('/api/major-hazards')).body.total).toBe(1);
    expect((await other.get('/api/major-hazards')).body.total).toBe(0);
    expect((await other.get(`/api/major-hazards/${id}`)).status).toBe(404);
    expect((await other.post(`/api/major-hazards/${id}/inventory`, { substanceName: '液氨', quantityTonnes: 1 })).status).toBe(404);
    const street = await xinzhu.get('/api/major-hazards');
    expect(street.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    // A street reads but does not declare for the enterprise.
    expect(street.body.items[0].allowedActions).toEqual([]);
    expect((await xinhe.get('/api/major-hazards')).body.total).toBe(0);
    expect((await xinhe.get(`/api/major-hazards/${id}`)).status).toBe(404);
    expect((await emergency.get(`/api/major-hazards?streetId=${streetId}&grade=3`)).body.total).toBe(1);
    expect((await emergency.get('/api/major-hazards?grade=1')).body.total).toBe(0);
    // The registering department reads and registers across the district, but keeping the unit's
    // data and declaring it stay with the enterprise (and those above it in the org tree).
    const seen = (await emergency.get(`/api/major-hazards/${id}`)).body;
    expect(seen.allowedActions).not.toContain('update');
    expect(seen.allowedActions).not.toContain('declare');
    expect((await emergency.post(`/api/major-hazards/${id}/inventory`, { substanceName: '液氨', quantityTonnes: 1 })).status).toBe(403);
    expect((await emergency.patch(`/api/major-hazards/${id}`, { exposedPopulation: 0 })).status).toBe(403);
  });

  it('workflow: declare, register with a number, re-declare after a grade change, return, write off', async () => {
    const declared = await plant.post(`/api/major-hazards/${id}/actions/declare`);
    expect(declared.body).toMatchObject({ status: 'declared', declaredOn: '2026-03-02' });
    expect((await plant.post(`/api/major-hazards/${id}/actions/register`, { registrationNo: '西港应急危备〔2026〕1号' })).status).toBe(403);
    expect((await emergency.post(`/api/major-hazards/${id}/actions/register`, {})).status).toBe(400);
    const registered = await emergency.post(`/api/major-hazards/${id}/actions/register`, { registrationNo: '西港应急危备〔2026〕1号' });
    expect(registered.body).toMatchObject({ status: 'registered', registeredOn: '2026-03-02', registrationNo: '西港应急危备〔2026〕1号' });
    expect((await plant.post(`/api/major-hazards/${id}/actions/declare`)).status).toBe(409);

    // A change of quantities that moves the grade asks for a new declaration.
    const detail = (await plant.get(`/api/major-hazards/${id}`)).body;
    const ammonia = detail.inventory.find((i: { substanceName: string }) => i.substanceName === '液氨').id;
    const regraded = await plant.put(`/api/major-hazards/${id}/inventory/${ammonia}`, { substanceName: '液氨', quantityTonnes: 30 });
    expect(regraded.body).toMatchObject({ status: 'changed', grade: 4 });
    expect(regraded.body.timeline.map((e: { action: string; actorName: string }) => [e.action, e.actorName])).toEqual([
      ['declare', '测试mh_plant'],
      ['register', '测试mh_yjglj'],
      ['change', '系统'],
    ]);
    expect((await plant.post(`/api/major-hazards/${id}/actions/declare`)).body.status).toBe('declared');
    expect((await emergency.post(`/api/major-hazards/${id}/actions/return`, {})).status).toBe(400);
    expect((await emergency.post(`/api/major-hazards/${id}/actions/return`, { reason: '缺少安全评估报告' })).body.status).toBe('returned');

    // Still a major hazard: it cannot be written off (422); with the stock gone it can.
    expect((await emergency.post(`/api/major-hazards/${id}/actions/writeOff`, { reason: '停用' })).status).toBe(422);
    let current = (await plant.get(`/api/major-hazards/${id}`)).body;
    for (const item of current.inventory) current = (await plant.delete(`/api/major-hazards/${id}/inventory/${item.id}`)).body;
    expect(current).toMatchObject({ s: 0, r: null, grade: null, isMajor: false, status: 'returned' });
    expect((await plant.post(`/api/major-hazards/${id}/actions/declare`)).status).toBe(422);
    const off = await emergency.post(`/api/major-hazards/${id}/actions/writeOff`, { reason: '储罐拆除，不再构成重大危险源' });
    expect(off.body.status).toBe('written_off');
    // Stock brought back makes it a major hazard again: back to 已辨识.
    const back = await plant.post(`/api/major-hazards/${id}/inventory`, { substanceName: '液化石油气', quantityTonnes: 60 });
    expect(back.body).toMatchObject({ s: 1.2, isMajor: true, status: 'identified' });
  });

  it('exports the 重大危险源辨识分级一览表 and the map points', async () => {
    const second = await create(plant, {
      name: '装卸区',
      unitKind: 'production',
      inventory: [{ substanceName: '汽油', quantityTonnes: 20 }],
    });
    expect(second.body).toMatchObject({ s: 0.1, grade: null, isMajor: false });
    const res = await emergency.get('/api/major-hazards.xlsx');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('重大危险源辨识分级一览表')!;
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(tableColumns.map((c) => c.header));
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    // Major hazards first by grade, then units that are not one.
    expect(row(3).slice(0, 4)).toEqual([1, '西港测试化工有限公司', '罐区一', '储存单元']);
    expect(row(3)[7]).toBe('液化石油气 60 t');
    expect(row(3).slice(8, 13)).toEqual([1.2, 0, 0.5, 0.6, '四级']);
    expect(row(4).slice(2, 3)).toEqual(['装卸区']);
    expect(row(4)[12]).toBe('不构成');
    expect(sheet.rowCount).toBe(4);
    expect((await other.get('/api/major-hazards.xlsx')).status).toBe(200);

    // The same reach in OGC API – Features, for GIS software.
    const ogc = await emergency.get('/api/ogc/collections/major-hazards/items');
    expect(ogc.status).toBe(200);
    expect(
      JSON.parse(ogc.raw.body).features.map((f: { properties: { name: string; grade: number | null } }) => [
        f.properties.name,
        f.properties.grade,
      ]),
    ).toEqual([
      ['罐区一', 4],
      ['装卸区', null],
    ]);
    expect(JSON.parse((await other.get('/api/ogc/collections/major-hazards/items')).raw.body).features).toEqual([]);

    const map = await xinzhu.get('/api/major-hazards.geojson?grade=4');
    expect(map.body.features).toEqual([
      expect.objectContaining({
        geometry: { type: 'Point', coordinates: inXinzhu },
        properties: expect.objectContaining({ grade: 4, name: '罐区一' }),
      }),
    ]);
  });

  it('a redrawn boundary takes its units with it: their street is computed again', async () => {
    // 新合 is drawn over the plant: the smallest covering street wins, and 新合街办 now sees the units.
    const drawn = await admin.put(`/api/map/boundaries/${await t.orgId('XHJB')}`, {
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [109.075, 34.385],
            [109.085, 34.385],
            [109.085, 34.395],
            [109.075, 34.395],
            [109.075, 34.385],
          ],
        ],
      },
    });
    expect(drawn.status).toBe(200);
    const seen = await xinhe.get('/api/major-hazards');
    expect(seen.body.items.map((i: { name: string; streetName: string }) => [i.name, i.streetName])).toEqual([
      ['罐区一', '新合街道办事处'],
      ['装卸区', '新合街道办事处'],
    ]);
    // 新筑街办 keeps them through the org tree: the enterprise is registered under it.
    expect((await xinzhu.get(`/api/major-hazards?streetId=${streetId}`)).body.total).toBe(0);
    expect((await xinzhu.get('/api/major-hazards')).body.total).toBe(2);
  });
});
