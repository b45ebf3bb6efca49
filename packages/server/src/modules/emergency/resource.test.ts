import { randomUUID } from 'node:crypto';
import { mediaType } from '@citysafe/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';

let t: TestApp;
let dept: Client; // 应急管理局: the district's resources
let xinzhu: Client; // 新筑街办
let xinhe: Client; // 新合街办
let grid: Client; // a grid member: reads, writes nothing
let duty: Client; // the duty officer: commands (dispatches)
let incidentId: string;

/** Near 新筑街道's centre. */
const incidentAt: [number, number] = [109.08, 34.39];

function multipart(bytes: Buffer) {
  const boundary = `cs-${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="import.xlsx"\r\nContent-Type: ${mediaType.xlsx}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (client: Client, url: string, bytes: Buffer) => {
  const m = multipart(bytes);
  return client.request('POST', url, m.body, m.headers);
};

const team = (extra: Record<string, unknown> = {}) => ({
  name: '测试救援队',
  kind: 'professional',
  members: 10,
  location: [109.081, 34.391],
  ...extra,
});

beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T10:00:00+08:00' });
  dept = await t.userIn('YJGLJ', ['department'], 'rs_yjglj');
  xinzhu = await t.userIn('XZJB', ['street'], 'rs_xinzhu');
  xinhe = await t.userIn('XHJB', ['street'], 'rs_xinhe');
  grid = await t.userIn('XZJB', ['grid_member'], 'rs_grid');
  duty = await t.userIn('YJGLJ', ['duty_officer'], 'rs_duty');
  const res = await duty.post('/api/emergency/incidents', {
    title: '测试仓库火灾',
    category: 'fire',
    origin: 'phone_119',
    occurredAt: '2026-03-02T09:30:00+08:00',
    lng: incidentAt[0],
    lat: incidentAt[1],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  incidentId = res.body.id;
});
afterAll(() => t.close());

describe('registers: create, change, scope', () => {
  it('401 anonymous, 403 without emergency.resource, 400 naming the field', async () => {
    expect((await t.anonymous.get('/api/emergency/teams')).status).toBe(401);
    expect((await grid.post('/api/emergency/teams', team())).status).toBe(403);
    const bad = await xinzhu.post('/api/emergency/teams', team({ kind: 'army' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('kind');
  });

  it('a street registers its own team; another street reads it but may not change it', async () => {
    const created = await xinzhu.post('/api/emergency/teams', team({ name: '新筑街道应急分队' }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.orgName).toContain('新筑');
    expect(created.body.allowedActions).toContain('update');
    const list = await xinhe.get('/api/emergency/teams?q=新筑街道应急分队');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].allowedActions).not.toContain('update');
    expect((await xinhe.patch(`/api/emergency/teams/${created.body.id}`, { members: 3 })).status).toBe(403);
    const changed = await xinzhu.patch(`/api/emergency/teams/${created.body.id}`, { members: 12 });
    expect(changed.status).toBe(200);
    expect(changed.body.members).toBe(12);
    // Registering for another street's org is outside the street's reach.
    const foreign = await xinzhu.post('/api/emergency/teams', team({ orgId: await t.orgId('XHJB') }));
    expect(foreign.status).toBe(403);
  });

  it('a shelter holds effective area ÷ 1.5 m² per person, and serves streets only', async () => {
    const street = await t.orgId('XZJB');
    const res = await xinzhu.post('/api/emergency/shelters', {
      name: '测试广场避难场所',
      type: 'fixed_short',
      effectiveAreaM2: 3000,
      servedAreaIds: [street],
      location: [109.082, 34.392],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.capacity).toBe(2000);
    expect(res.body.servedAreas.map((a: { id: string }) => a.id)).toEqual([street]);
    const notArea = await xinzhu.post('/api/emergency/shelters', {
      name: '错误场所',
      type: 'emergency',
      effectiveAreaM2: 100,
      servedAreaIds: [await t.orgId('YJGLJ')],
      location: [109.082, 34.392],
    });
    expect(notArea.status).toBe(400);
    expect(notArea.body.error.fields[0].field).toBe('servedAreaIds');
    const map = await grid.get('/api/emergency/shelters.geojson');
    expect(map.body.features.some((f: { properties: { name: string } }) => f.properties.name === '测试广场避难场所')).toBe(true);
  });

  it('exports a register as xlsx with the import columns', async () => {
    const res = await grid.request('GET', '/api/emergency/teams.xlsx');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('救援队伍')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('队伍名称');
    const names = sheet.getColumn(1).values;
    expect(names).toContain('新筑街道应急分队');
  });
});

describe('import with row-level errors', () => {
  async function sheet(rows: (string | number)[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('救援队伍');
    ws.addRow(['队伍名称', '队伍类型', '人数', '联系电话', '经度', '纬度']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('lists each bad row with its column; commits nothing unless only the valid rows are asked for', async () => {
    const file = await sheet([
      ['导入队伍甲', '志愿者队伍', 20, '13900000000', 109.07, 34.39],
      ['导入队伍乙', '民兵', 5, '13900000001', 109.07, 34.39],
      ['导入队伍丙', '社会救援力量', 8, '13900000002', 200, 34.39],
    ]);
    const preview = await upload(xinzhu, '/api/emergency/teams/import/preview', file);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ total: 3, valid: 1, imported: 0 });
    expect(preview.body.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [3, '队伍类型'],
      [4, '经度'],
    ]);
    const refused = await upload(xinzhu, '/api/emergency/teams/import', file);
    expect(refused.status).toBe(422);
    expect((await xinzhu.get('/api/emergency/teams?q=导入队伍')).body.total).toBe(0);
    const partial = await upload(xinzhu, '/api/emergency/teams/import?validOnly=true', file);
    expect(partial.status).toBe(200);
    expect(partial.body.imported).toBe(1);
    const list = await xinzhu.get('/api/emergency/teams?q=导入队伍');
    expect(list.body.items.map((i: { name: string; kind: string }) => [i.name, i.kind])).toEqual([['导入队伍甲', 'volunteer']]);
  });
});

describe('nearest resources', () => {
  it('orders every kind by distance in metres, with availability', async () => {
    for (const [name, lng] of [
      ['最近队伍', 109.0301],
      ['较远队伍', 109.04],
      ['最远队伍', 109.05],
    ] as const)
      expect((await dept.post('/api/emergency/teams', team({ name, location: [lng, 34.36] }))).status).toBe(201);
    // West of every other team of this file, so these three come first.
    const res = await grid.get('/api/emergency/resources/nearest?lng=109.03&lat=34.36&kinds=team&limit=50');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const items = res.body.items as { name: string; distanceM: number; kind: string; available: boolean }[];
    const distances = items.map((i) => i.distanceM);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(items[0]!.name).toBe('最近队伍');
    // 0.0001° of longitude at 34.36° N is about 9.2 m.
    expect(items[0]!.distanceM).toBeGreaterThan(5);
    expect(items[0]!.distanceM).toBeLessThan(15);
    const names = items.map((i) => i.name);
    expect(names.indexOf('较远队伍')).toBeLessThan(names.indexOf('最远队伍'));
    expect(items.every((i) => i.kind === 'team' && i.available)).toBe(true);
    // Ranked in metres, not degrees: 0.0011° east (≈ 101 m at 34.4° N) is nearer than 0.001° north (≈ 111 m).
    await dept.post('/api/emergency/teams', team({ name: '东侧队伍', location: [109.0211, 34.42] }));
    await dept.post('/api/emergency/teams', team({ name: '北侧队伍', location: [109.02, 34.421] }));
    const one = await grid.get('/api/emergency/resources/nearest?lng=109.02&lat=34.42&kinds=team&limit=1');
    expect(one.body.items.map((i: { name: string }) => i.name)).toEqual(['东侧队伍']);
    expect(one.body.items[0].distanceM).toBeGreaterThan(95);
    expect(one.body.items[0].distanceM).toBeLessThan(105);
    const all = await grid.get(`/api/emergency/resources/nearest?lng=${incidentAt[0]}&lat=${incidentAt[1]}&limit=100`);
    expect(new Set(all.body.items.map((i: { kind: string }) => i.kind))).toContain('shelter');
    expect((await grid.get('/api/emergency/resources/nearest?lng=109&lat=34&kinds=tank')).status).toBe(400);
  });
});

describe('supplies and dispatch', () => {
  let storeId: string;
  let supplyId: string;

  it('a store and an item with opening stock; movements write receipts; taking more than the stock is a 409', async () => {
    const store = await dept.post('/api/emergency/stores', { name: '测试储备库', location: [109.079, 34.389] });
    expect(store.status, JSON.stringify(store.body)).toBe(201);
    storeId = store.body.id;
    const item = await dept.post('/api/emergency/supplies', { storeId, name: '测试沙袋', unit: '个', quantity: 10, minQuantity: 2 });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    supplyId = item.body.id;
    const lend = await dept.post(`/api/emergency/supplies/${supplyId}/movements`, { kind: 'lend', quantity: 4, counterparty: '新筑街道' });
    expect(lend.status, JSON.stringify(lend.body)).toBe(201);
    expect(lend.body.supply.quantity).toBe(6);
    expect(lend.body.movement.receiptNo).toMatch(/^JC-20260302-\d{6}$/);
    const tooMuch = await dept.post(`/api/emergency/supplies/${supplyId}/movements`, { kind: 'out', quantity: 7 });
    expect(tooMuch.status).toBe(409);
    const back = await dept.post(`/api/emergency/supplies/${supplyId}/movements`, { kind: 'return', quantity: 4 });
    expect(back.body.supply.quantity).toBe(10);
    const moves = await grid.get(`/api/emergency/supplies/${supplyId}/movements`);
    expect(moves.body.items.map((m: { kind: string }) => m.kind)).toEqual(['return', 'lend', 'in']);
    expect((await xinhe.post(`/api/emergency/supplies/${supplyId}/movements`, { kind: 'out', quantity: 1 })).status).toBe(403);
  });

  it('concurrent dispatches never take the stock below zero: the ones that find it short get 409', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 6 }, () =>
        duty.post('/api/emergency/dispatches', { incidentId, kind: 'supply', resourceId: supplyId, quantity: 3 }),
      ),
    );
    const statuses = attempts.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(3);
    const after = await grid.get(`/api/emergency/supplies?storeId=${storeId}`);
    expect(after.body.items[0].quantity).toBe(1);
    expect(after.body.items[0].stockState).toBe('low');
    const sent = await duty.get(`/api/emergency/dispatches?incidentId=${incidentId}`);
    expect(sent.body.items.filter((d: { kind: string }) => d.kind === 'supply')).toHaveLength(3);
    // What was sent where tells of the incident: a street whose area it is not in gets a 404, as for an unknown id.
    expect((await xinhe.get(`/api/emergency/dispatches?incidentId=${incidentId}`)).status).toBe(404);
  });

  it('a dispatch to an incident outside the caller’s command reach reads as one to no incident: 400, nothing sent', async () => {
    const created = await dept.post('/api/emergency/teams', team({ name: '越界调派测试队' }));
    expect(created.status).toBe(201);
    // 新合街办 commands in its own area; the fire is in 新筑's, and a made-up id is nowhere.
    for (const id of [incidentId, randomUUID()]) {
      const refused = await xinhe.post('/api/emergency/dispatches', { incidentId: id, kind: 'team', resourceId: created.body.id });
      expect(refused.status).toBe(400);
      expect(refused.body.error.fields[0].field).toBe('incidentId');
    }
    expect((await grid.get(`/api/emergency/teams?q=越界调派测试队`)).body.items[0].status).toBe('available');
    expect((await duty.get(`/api/emergency/dispatches?incidentId=${randomUUID()}`)).status).toBe(404);
  });

  it('a team is dispatched once (409 the second time), and is available again when it returns', async () => {
    const created = await dept.post('/api/emergency/teams', team({ name: '调派测试队' }));
    const id = created.body.id;
    expect((await grid.post('/api/emergency/dispatches', { incidentId, kind: 'team', resourceId: id })).status).toBe(403);
    const [a, b] = await Promise.all([
      duty.post('/api/emergency/dispatches', { incidentId, kind: 'team', resourceId: id }),
      duty.post('/api/emergency/dispatches', { incidentId, kind: 'team', resourceId: id }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const sent = a.status === 201 ? a.body : b.body;
    expect((await grid.get(`/api/emergency/teams?q=调派测试队`)).body.items[0].status).toBe('dispatched');
    const back = await duty.post(`/api/emergency/dispatches/${sent.id}/return`, {});
    expect(back.status).toBe(200);
    expect(back.body.returnedAt).not.toBeNull();
    expect((await grid.get(`/api/emergency/teams?q=调派测试队`)).body.items[0].status).toBe('available');
    expect((await duty.post(`/api/emergency/dispatches/${sent.id}/return`, {})).status).toBe(409);
    const noQuantity = await duty.post('/api/emergency/dispatches', { incidentId, kind: 'supply', resourceId: supplyId });
    expect(noQuantity.status).toBe(400);
    expect(noQuantity.body.error.fields[0].field).toBe('quantity');
  });

  it('low stock and expiry are inbox items of the keeping unit', async () => {
    await dept.post('/api/emergency/supplies', { storeId, name: '测试饮用水', unit: '箱', quantity: 50, expiresOn: '2026-03-10' });
    const inbox = await dept.get('/api/inbox');
    const kinds = inbox.body.items.map((i: { kind: string; title: { zh: string } }) => `${i.kind} ${i.title.zh}`);
    expect(kinds.some((k: string) => k.startsWith('emergency.supplyLow') && k.includes('测试沙袋'))).toBe(true);
    expect(kinds.some((k: string) => k.startsWith('emergency.supplyExpiry') && k.includes('测试饮用水'))).toBe(true);
    const other = await xinhe.get('/api/inbox');
    expect(other.body.items.some((i: { kind: string }) => i.kind.startsWith('emergency.supply'))).toBe(false);
  });
});
