import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { systemActor } from '../../platform/actor.js';
import { areaBoundaries } from '../map/index.js';
import { raiseRiskLevel, releaseRiskLevel } from './index.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let t: TestApp;
let office: Client; // 安委办: reviews and changes the grading rules
let xinzhu: Client; // 新筑街办
let xinhe: Client; // 新合街办
let emergency: Client; // 应急管理局 (a department with nothing under it)
let expert: Client; // reads only
let plantA: Client; // an enterprise under 新筑街办
let plantB: Client; // an enterprise under 新合街办

/** A square [west, south, east, north] as a one-part MultiPolygon. */
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
const inXinzhu = { type: 'Point', coordinates: [109.08, 34.4] };
const inXinhe = { type: 'Point', coordinates: [109.04, 34.36] };

async function enterprise(code: string, name: string, parentCode: string): Promise<Client> {
  const admin = await t.admin();
  const res = await admin.post('/api/orgs', { code, name, type: 'enterprise', parentId: await t.orgId(parentCode) });
  if (res.status !== 201) throw new Error(`org ${code}: ${res.status} ${JSON.stringify(res.body)}`);
  return t.userIn(code, ['enterprise']);
}

function multipart(name: string, bytes: Buffer) {
  const boundary = `cs-${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${XLSX}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (client: Client, url: string, bytes: Buffer) => {
  const m = multipart('风险源.xlsx', bytes);
  return client.request('POST', url, m.body, m.headers);
};

const source = (extra: Record<string, unknown> = {}) => ({
  name: '1号甲类仓库',
  category: 'hazardous_chemicals',
  geometry: inXinzhu,
  hazardFactors: ['22'],
  accidentTypes: ['08'],
  ...extra,
});

beforeAll(async () => {
  // Before 2026-07-01: accident types are those of GB 6441-1986.
  t = await testApp({ now: '2026-03-02T09:00:00+08:00' });
  const db = t.platform.db;
  await db.insert(areaBoundaries).values([
    { orgId: await t.orgId('XZJB'), level: 'street', geom: square([109.06, 34.38, 109.1, 34.42]), source: 'drawn' },
    { orgId: await t.orgId('XHJB'), level: 'street', geom: square([109.02, 34.34, 109.06, 34.38]), source: 'drawn' },
  ]);
  office = await t.userIn('AWB', ['safety_office']);
  xinzhu = await t.userIn('XZJB', ['street']);
  xinhe = await t.userIn('XHJB', ['street']);
  emergency = await t.userIn('YJGLJ', ['department']);
  expert = await t.userIn('AWB', ['expert']);
  plantA = await enterprise('QY-TA', '测试甲化工有限公司', 'XZJB');
  plantB = await enterprise('QY-TB', '测试乙物流有限公司', 'XHJB');
});
afterAll(() => t.close());

describe('registering a risk source', () => {
  it('401 anonymous, 403 without risk.register, 400 naming the field in both languages', async () => {
    expect((await t.anonymous.post('/api/risk/sources', source())).status).toBe(401);
    expect((await expert.post('/api/risk/sources', source())).status).toBe(403);
    const bad = await plantA.post('/api/risk/sources', source({ name: '', geometry: { type: 'Point', coordinates: [200, 34] } }));
    expect(bad.status).toBe(400);
    const fields = bad.body.error.fields.map((f: { field: string }) => f.field);
    expect(fields).toContain('name');
    expect(fields).toContain('geometry.coordinates.0');
    const lon = bad.body.error.fields.find((f: { field: string }) => f.field === 'geometry.coordinates.0');
    expect(lon.message.zh).toMatch(/经度/);
    expect(lon.message.en).toMatch(/longitude/);
  });

  it('400 for an accident type not in the edition in force', async () => {
    const res = await plantA.post('/api/risk/sources', source({ accidentTypes: ['25'] }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('accidentTypes.0');
    expect(res.body.error.fields[0].message.zh).toMatch(/GB 6441-1986/);
  });

  it('an enterprise registers its own source; the street is computed from the location', async () => {
    const res = await plantA.post('/api/risk/sources', source());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: 'FX-2026-0001',
      status: 'draft',
      org: { name: '测试甲化工有限公司' },
      street: { id: await t.orgId('XZJB') },
      level: null,
      geometry: inXinzhu,
      allowedActions: ['submit', 'update', 'assess', 'addMeasure'],
    });
  });

  it('an enterprise cannot register for another unit (403)', async () => {
    const res = await plantA.post('/api/risk/sources', source({ orgId: await t.orgId('QY-TB') }));
    expect(res.status).toBe(403);
  });
});

describe('scope', () => {
  let ownId: string;
  let acrossId: string;
  beforeAll(async () => {
    ownId = (await plantB.post('/api/risk/sources', source({ name: '乙公司堆场', category: 'industry_trade', geometry: inXinhe }))).body.id;
    // Enterprise A (under 新筑) answers for a pipeline section lying in 新合.
    acrossId = (await plantA.post('/api/risk/sources', source({ name: '甲公司输送管线', category: 'oil_gas_pipeline', geometry: inXinhe })))
      .body.id;
  });

  const names = async (client: Client) =>
    ((await client.get('/api/risk/sources?pageSize=200')).body.items as { name: string }[]).map((s) => s.name).sort();

  it('an enterprise sees only its own sources; another’s is 404', async () => {
    expect(await names(plantB)).toEqual(['乙公司堆场']);
    expect((await plantB.get(`/api/risk/sources/${acrossId}`)).status).toBe(404);
    expect(await names(plantA)).toEqual(['1号甲类仓库', '甲公司输送管线']);
  });

  it('a street sees the sources in its area, whoever answers for them', async () => {
    expect(await names(xinhe)).toEqual(['乙公司堆场', '甲公司输送管线']);
    // 新筑 sees its enterprise's sources (its subtree), including the one lying in 新合.
    expect(await names(xinzhu)).toEqual(['1号甲类仓库', '甲公司输送管线']);
    const across = await xinhe.get(`/api/risk/sources/${acrossId}`);
    expect(across.status).toBe(200);
    expect(across.body.street.id).toBe(await t.orgId('XHJB'));
    // 新合 sees it but does not edit another street's enterprise's entry.
    expect(across.body.allowedActions).toEqual(['confirmLocation']);
    expect((await xinhe.patch(`/api/risk/sources/${acrossId}`, { name: '改名' })).status).toBe(403);
  });

  it('a department sees its subtree only; 安委办 the district', async () => {
    expect(await names(emergency)).toEqual([]);
    expect((await emergency.get(`/api/risk/sources/${ownId}`)).status).toBe(404);
    expect((await names(office)).length).toBe(3);
  });

  it('filters by street and status; a sort the list does not declare is 400', async () => {
    const xh = (await office.get(`/api/risk/sources?streetId=${await t.orgId('XHJB')}`)).body;
    expect(xh.total).toBe(2);
    expect((await office.get('/api/risk/sources?sort=geom')).status).toBe(400);
  });

  it('moving a source recomputes its street and asks for confirmation again', async () => {
    expect((await xinhe.post(`/api/risk/sources/${ownId}/confirm-location`)).status).toBe(200);
    const moved = await plantB.patch(`/api/risk/sources/${ownId}`, { geometry: inXinzhu });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ street: { id: await t.orgId('XZJB') }, locationConfirmedAt: null });
    // 新筑 now sees it by area; 新合 still does, the enterprise being under it.
    expect(await names(xinzhu)).toContain('乙公司堆场');
    expect(await names(xinhe)).toEqual(['乙公司堆场', '甲公司输送管线']);
  });
});

describe('the census workflow', () => {
  let id: string;
  beforeAll(async () => {
    id = (await plantA.post('/api/risk/sources', source({ name: '液氨储罐区' }))).body.id;
  });

  it('a source is assessed before it is submitted (422)', async () => {
    const res = await plantA.post(`/api/risk/sources/${id}/actions/submit`);
    expect(res.status).toBe(422);
  });

  it('400 for an LEC value not in the tables, naming the field', async () => {
    const res = await plantA.post(`/api/risk/sources/${id}/assessments`, { method: 'lec', L: 4, E: 6, C: 15 });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('L');
  });

  it('LEC D = 6 × 6 × 15 = 540 is 重大 under the defaults; control measures are added', async () => {
    const res = await plantA.post(`/api/risk/sources/${id}/assessments`, { method: 'lec', L: 6, E: 6, C: 15 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ assessedLevel: 'major', level: 'major' });
    expect(res.body.assessments[0]).toMatchObject({ method: 'lec', score: 540, level: 'major', inputs: { L: 6, E: 6, C: 15 } });
    const m = await plantA.post(`/api/risk/sources/${id}/measures`, {
      type: 'engineering',
      description: '储罐区设置可燃气体报警和紧急切断',
      responsibleLevel: 'company',
      responsiblePerson: '吴强',
      reviewCycleDays: 30,
    });
    expect(m.status).toBe(201);
    expect(m.body.measures[0]).toMatchObject({ type: 'engineering', nextReviewOn: '2026-04-01', allowedActions: ['update', 'delete'] });
  });

  it('submit → under review nothing is edited (409) → street confirms the location once → return needs a reason', async () => {
    const submitted = await plantA.post(`/api/risk/sources/${id}/actions/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    expect((await plantA.patch(`/api/risk/sources/${id}`, { name: '改名' })).status).toBe(409);
    expect((await plantA.post(`/api/risk/sources/${id}/assessments`, { method: 'direct', level: 'low', reason: '测试' })).status).toBe(409);
    // 待办: 安委办 has the source to review, the street its location to confirm.
    const inboxOf = async (client: Client, kind: string) =>
      ((await client.get('/api/inbox')).body.items as { kind: string; objectId: string }[])
        .filter((i) => i.kind === kind)
        .map((i) => i.objectId);
    expect(await inboxOf(office, 'risk.review')).toContain(id);
    expect(await inboxOf(xinzhu, 'risk.confirmLocation')).toContain(id);
    expect(await inboxOf(xinhe, 'risk.confirmLocation')).not.toContain(id);
    // The street may not review (its roles lack risk.review).
    expect((await xinzhu.post(`/api/risk/sources/${id}/actions/review`)).status).toBe(403);
    const confirmed = await xinzhu.post(`/api/risk/sources/${id}/confirm-location`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.locationConfirmedAt).not.toBeNull();
    expect((await xinzhu.post(`/api/risk/sources/${id}/confirm-location`)).status).toBe(409);
    expect(await inboxOf(xinzhu, 'risk.confirmLocation')).not.toContain(id);
    const noReason = await office.post(`/api/risk/sources/${id}/actions/return`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0].field).toBe('reason');
  });

  it('returned → corrected and resubmitted → reviewed; the timeline keeps every step', async () => {
    expect((await office.post(`/api/risk/sources/${id}/actions/return`, { reason: '请补充管控措施' })).body.status).toBe('returned');
    const returned = ((await plantA.get('/api/inbox')).body.items as { kind: string; objectId: string }[]).filter(
      (i) => i.kind === 'risk.returned',
    );
    expect(returned.map((i) => i.objectId)).toEqual([id]);
    expect(((await office.get('/api/inbox')).body.items as { kind: string }[]).some((i) => i.kind === 'risk.returned')).toBe(false);
    expect((await plantA.patch(`/api/risk/sources/${id}`, { description: '已补充' })).status).toBe(200);
    expect((await plantA.post(`/api/risk/sources/${id}/actions/submit`)).status).toBe(200);
    const reviewed = await office.post(`/api/risk/sources/${id}/actions/review`);
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.status).toBe('reviewed');
    expect(reviewed.body.timeline.map((s: { action: string }) => s.action)).toEqual(['submit', 'return', 'submit', 'review']);
    // 安委办 registers too (district-wide), so it may reopen as the enterprise may.
    expect(reviewed.body.allowedActions).toEqual(['reopen']);
    expect((await xinhe.get(`/api/risk/sources/${id}`)).status).toBe(404);
    expect((await plantA.get(`/api/risk/sources/${id}`)).body.allowedActions).toEqual(['reopen']);
    expect((await office.post(`/api/risk/sources/${id}/actions/review`)).status).toBe(409);
  });
});

describe('grading settings', () => {
  it('defaults with their sources; only risk.manage changes them', async () => {
    const res = await plantA.get('/api/risk/settings');
    expect(res.status).toBe(200);
    expect(res.body.grading.lec.thresholds).toEqual({ major: 320, significant: 160, general: 70 });
    expect(res.body.grading.lec.source.zh).toMatch(/LEC/);
    expect(res.body.allowedActions).toEqual([]);
    expect((await plantA.put('/api/risk/settings', res.body.grading)).status).toBe(403);
  });

  it('a change affects the next assessment, not the earlier ones; inverted thresholds are 400', async () => {
    const id = (await plantA.post('/api/risk/sources', source({ name: '分级规则测试' }))).body.id;
    expect((await plantA.post(`/api/risk/sources/${id}/assessments`, { method: 'lec', L: 6, E: 6, C: 15 })).body.level).toBe('major');
    const current = (await office.get('/api/risk/settings')).body;
    const bad = await office.put('/api/risk/settings', {
      ...current.grading,
      lec: { ...current.grading.lec, thresholds: { major: 100, significant: 160, general: 70 } },
    });
    expect(bad.status).toBe(400);
    const changed = await office.put('/api/risk/settings', {
      ...current.grading,
      lec: { ...current.grading.lec, thresholds: { major: 600, significant: 160, general: 70 }, verified: false },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.grading.lec.thresholds.major).toBe(600);
    const again = await plantA.post(`/api/risk/sources/${id}/assessments`, { method: 'lec', L: 6, E: 6, C: 15 });
    expect(again.body.level).toBe('significant');
    expect(again.body.assessments.map((a: { level: string }) => a.level)).toEqual(['significant', 'major']);
    // The audit log names the change and links the rules' page.
    const log = await (await t.admin()).get('/api/audit?entityType=riskSettings');
    expect(log.body.items[0]).toMatchObject({ action: 'riskSettings.update', link: '/risk/settings' });
    await office.put('/api/risk/settings', current.grading);
  });
});

describe('the dynamic level', () => {
  it('an open 重大隐患 raises a low source to 重大 until it is closed; an alarm to its colour', async () => {
    const created = await plantA.post('/api/risk/sources', source({ name: '动态等级测试' }));
    const id = created.body.id;
    await plantA.post(`/api/risk/sources/${id}/assessments`, { method: 'direct', level: 'low', reason: '日常检查' });
    const db = t.platform.db;
    expect(
      await db.transaction((tx) =>
        raiseRiskLevel(tx, systemActor, { sourceId: id, originKind: 'monitoring.alarm.orange', originId: 'A-1' }),
      ),
    ).toBe('significant');
    expect(
      await db.transaction((tx) => raiseRiskLevel(tx, systemActor, { sourceId: id, originKind: 'hazard.major', originId: 'H-1' })),
    ).toBe('major');
    // The same record again changes nothing.
    await db.transaction((tx) => raiseRiskLevel(tx, systemActor, { sourceId: id, originKind: 'hazard.major', originId: 'H-1' }));
    let seen = (await plantA.get(`/api/risk/sources/${id}`)).body;
    expect(seen).toMatchObject({ assessedLevel: 'low', level: 'major' });
    expect(seen.raisers.filter((r: { closedAt: string | null }) => r.closedAt === null)).toHaveLength(2);
    // The map's filter reads the displayed level.
    const majors = (await plantA.get('/api/risk/sources?level=major&pageSize=200')).body.items.map((s: { id: string }) => s.id);
    expect(majors).toContain(id);

    await db.transaction((tx) => releaseRiskLevel(tx, systemActor, { originKind: 'hazard.major', originId: 'H-1' }));
    expect((await plantA.get(`/api/risk/sources/${id}`)).body.level).toBe('significant');
    await db.transaction((tx) => releaseRiskLevel(tx, systemActor, { originKind: 'monitoring.alarm.orange', originId: 'A-1' }));
    seen = (await plantA.get(`/api/risk/sources/${id}`)).body;
    expect(seen.level).toBe('low');
    expect(seen.raisers.every((r: { closedAt: string | null }) => r.closedAt !== null)).toBe(true);
  });

  it('an unknown kind of raiser is refused', async () => {
    const id = (await plantA.get('/api/risk/sources?pageSize=1')).body.items[0].id;
    await expect(
      t.platform.db.transaction((tx) => raiseRiskLevel(tx, systemActor, { sourceId: id, originKind: 'hazard.general', originId: 'x' })),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

async function sheet(rows: unknown[][]): Promise<Buffer> {
  const template = await plantA.get('/api/risk/sources/import-template.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template.raw.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('风险源')!;
  ws.spliceRows(2, 1);
  rows.forEach((r, i) => {
    ws.getRow(i + 2).values = r as ExcelJS.CellValue[];
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('bulk import from xlsx', () => {
  const total = async () => (await office.get('/api/risk/sources?pageSize=1')).body.total as number;

  it('the template downloads with its columns and code list', async () => {
    const res = await plantA.get('/api/risk/sources/import-template.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('风险源')!.getCell('A1').value).toBe('名称*');
    expect(wb.getWorksheet('代码表')!.getCell('A2').value).toBe('危险化学品');
  });

  it('a file with bad rows: every error named by row and column, nothing saved; the valid rows only when chosen', async () => {
    const file = await sheet([
      ['导入甲', '危险化学品', '测试甲化工有限公司', 109.07, 34.39, '', '', '', '', '', '22', '火灾', 'LEC', 3, 6, 7],
      ['导入乙', '不存在的类别', '测试甲化工有限公司', 109.07, 34.39],
      ['导入丙', '建筑施工', '测试乙物流有限公司', 109.07, 34.39],
      ['导入丁', '桥梁隧道', '测试甲化工有限公司', 'abc', 34.39],
    ]);
    const before = await total();
    const preview = await upload(plantA, '/api/risk/sources/import/preview', file);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ total: 4, valid: 1, imported: 0 });
    const errors = preview.body.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`);
    expect(errors).toEqual(expect.arrayContaining(['3:类别', '4:责任单位', '5:经度']));
    expect(await total()).toBe(before);

    const refused = await upload(plantA, '/api/risk/sources/import', file);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.report.valid).toBe(1);
    expect(await total()).toBe(before);

    const done = await upload(plantA, '/api/risk/sources/import?validOnly=true', file);
    expect(done.status).toBe(200);
    expect(done.body.imported).toBe(1);
    expect(await total()).toBe(before + 1);
    const imported = (await plantA.get('/api/risk/sources?q=导入甲')).body.items[0];
    // D = 3 × 6 × 7 = 126: 一般 under the defaults; street computed from the point.
    expect(imported).toMatchObject({ level: 'general', street: { id: await t.orgId('XZJB') } });
  });
});

describe('xlsx export of the registry (风险清单)', () => {
  it('holds what the caller may see, with the list filters', async () => {
    const res = await xinhe.get('/api/risk/sources.xlsx');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('风险清单')!;
    expect(ws.getRow(2).getCell(1).value).toBe('编码');
    const names: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 2) names.push(String(row.getCell(2).value));
    });
    expect(names.sort()).toEqual(['乙公司堆场', '甲公司输送管线']);

    const majors = await office.get('/api/risk/sources.xlsx?level=major');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(majors.raw.rawPayload as unknown as ArrayBuffer);
    const rows: string[] = [];
    wb2.getWorksheet('风险清单')!.eachRow((row, n) => {
      if (n > 2) rows.push(String(row.getCell(12).value));
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows)).toEqual(new Set(['重大风险']));
  });
});

describe('boundaries changed', () => {
  it('sources take their areas again when a boundary is redrawn, in the same transaction', async () => {
    const admin = await t.admin();
    const id = (
      await plantA.post('/api/risk/sources', source({ name: '边界变更测试', geometry: { type: 'Point', coordinates: [109.081, 34.401] } }))
    ).body.id;
    expect((await office.get(`/api/risk/sources/${id}`)).body.street.id).toBe(await t.orgId('XZJB'));
    // 新合's area redrawn as a small square inside 新筑's: the smallest area covering the point wins.
    const redrawn = await admin.put(`/api/map/boundaries/${await t.orgId('XHJB')}`, {
      geometry: square([109.075, 34.395, 109.085, 34.405]),
    });
    expect(redrawn.status).toBe(200);
    const seen = await xinhe.get(`/api/risk/sources/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.street.id).toBe(await t.orgId('XHJB'));
  });
});
