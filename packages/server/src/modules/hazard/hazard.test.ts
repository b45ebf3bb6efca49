import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type TestApp, testApp } from '../../../test/harness.js';
import { auditLog } from '../../platform/platform.tables.js';
import { areaBoundaries } from '../map/index.js';
import { hazardStandardClauses, hazards } from './index.js';

let t: TestApp;
let office: Client; // 安委办: sees the district
let xinzhu: Client; // 新筑街办
let xinhe: Client; // 新合街办
let emergency: Client; // 应急管理局: a department with nothing under it, sees its sector
let expert: Client; // reads only
let patrol: Client; // a grid member of 新筑街办
let plantA: Client; // an enterprise under 新筑街办
let plantB: Client; // an enterprise under 新合街办
let plantAId: string;
let plantBId: string;
let emergencyId: string;

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
const inXinzhu = { lng: 109.08, lat: 34.4 };
const inXinhe = { lng: 109.04, lat: 34.36 };

/** A 1×1 PNG, as a phone's camera would upload it. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function photo(client: Client): Promise<string> {
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

const body = (extra: Record<string, unknown> = {}) => ({
  title: '消防通道堵塞',
  level: '一般',
  responsibleOrgId: plantAId,
  foundAt: '2026-03-02T09:00:00+08:00',
  ...inXinzhu,
  ...extra,
});

async function create(client: Client, extra: Record<string, unknown> = {}) {
  const res = await client.post('/api/hazards', body(extra));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function enterprise(code: string, name: string, parentCode: string, location: [number, number]): Promise<[Client, string]> {
  const admin = await t.admin();
  const res = await admin.post('/api/orgs', { code, name, type: 'enterprise', parentId: await t.orgId(parentCode), location });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return [await t.userIn(code, ['enterprise']), res.body.id];
}

const ids = (page: { items: { id: string }[] }) => page.items.map((h) => h.id).sort();

beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T10:00:00+08:00' });
  await t.platform.db.insert(areaBoundaries).values([
    { orgId: await t.orgId('XZJB'), level: 'street', geom: square([109.06, 34.38, 109.1, 34.42]), source: 'drawn' },
    { orgId: await t.orgId('XHJB'), level: 'street', geom: square([109.02, 34.34, 109.06, 34.38]), source: 'drawn' },
  ]);
  office = await t.userIn('AWB', ['safety_office']);
  xinzhu = await t.userIn('XZJB', ['street']);
  xinhe = await t.userIn('XHJB', ['street']);
  emergency = await t.userIn('YJGLJ', ['department']);
  expert = await t.userIn('AWB', ['expert']);
  patrol = await t.userIn('XZJB', ['grid_member']);
  [plantA, plantAId] = await enterprise('HZ-A', '甲化工有限公司', 'XZJB', [109.07, 34.39]);
  [plantB, plantBId] = await enterprise('HZ-B', '乙物流有限公司', 'XHJB', [109.03, 34.35]);
  emergencyId = await t.orgId('YJGLJ');
});

afterAll(async () => {
  await t?.close();
});

describe('creating a hazard', () => {
  it('refuses the anonymous (401) and a role without hazard.report (403)', async () => {
    expect((await t.anonymous.get('/api/hazards')).status).toBe(401);
    expect((await t.anonymous.post('/api/hazards', body())).status).toBe(401);
    const res = await expert.post('/api/hazards', body());
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('names the wrong field in both languages (400)', async () => {
    const missing = await plantA.post('/api/hazards', { ...body(), title: undefined });
    expect(missing.status).toBe(400);
    const title = missing.body.error.fields.find((f: { field: string }) => f.field === 'title');
    expect(title.message.zh).toBeTruthy();
    expect(title.message.en).toBeTruthy();

    const level = await plantA.post('/api/hazards', body({ level: '较大' }));
    expect(level.status).toBe(400);
    expect(level.body.error.fields).toContainEqual({
      field: 'level',
      message: { zh: '隐患等级为“一般”或“重大”', en: 'level is 一般 or 重大' },
    });

    const half = await plantA.post('/api/hazards', { ...body(), lat: undefined });
    expect(half.status).toBe(400);
    expect(half.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['lat']);

    const date = await plantA.post('/api/hazards', body({ deadline: '2026-02-30' }));
    expect(date.status).toBe(400);
    expect(date.body.error.fields[0].field).toBe('deadline');

    const future = await plantA.post('/api/hazards', body({ foundAt: '2026-03-03T00:00:00+08:00' }));
    expect(future.status).toBe(400);
    expect(future.body.error.fields).toEqual([
      { field: 'foundAt', message: { zh: '发现时间不能晚于今天', en: 'foundAt cannot be later than today' } },
    ]);

    const unit = await plantA.post('/api/hazards', body({ responsibleOrgId: randomUUID() }));
    expect(unit.status).toBe(400);
    expect(unit.body.error.fields[0].field).toBe('responsibleOrgId');
  });

  it('refuses a unit outside the reporter’s reach (403)', async () => {
    const res = await plantB.post('/api/hazards', body());
    expect(res.status).toBe(403);
    expect(res.body.error.message.zh).toContain('不能为该单位登记隐患');
  });

  it('creates a hazard with its code, areas from the point and the caller’s origin (201)', async () => {
    const h = await create(plantA);
    expect(h.code).toMatch(/^YH-2026-\d{6}$/);
    expect(h.status).toBe('registered');
    expect(h.origin).toBe('self_check');
    expect(h.street.id).toBe(await t.orgId('XZJB'));
    expect(h.responsibleOrg).toEqual({ id: plantAId, name: '甲化工有限公司' });
    expect(h.reportedOrg.id).toBe(plantAId);
    expect(h.externalId).toBeNull();
    expect(h.overdue).toBe(false);
    // A 一般 hazard may also be found to be 重大 before it is rectified (reclassify).
    expect(h.allowedActions).toEqual(['startRectification', 'rectifyOnSpot', 'reclassify']);
    expect(h.timeline).toEqual([]);
    const audited = await t.platform.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'hazard.create'), eq(auditLog.entityId, h.id)));
    expect(audited).toHaveLength(1);

    expect((await create(patrol)).origin).toBe('grid_patrol');
    const byDepartment = await create(emergency);
    expect(byDepartment.origin).toBe('department_check');
    // The reporting department supervises what it found unless another is named.
    expect(byDepartment.department).toEqual({ id: emergencyId, name: '应急管理局' });
  });

  it('without a point, takes the areas from the responsible unit’s location', async () => {
    const h = await create(plantA, { lng: undefined, lat: undefined });
    expect([h.lng, h.lat]).toEqual([109.07, 34.39]);
    expect(h.street.id).toBe(await t.orgId('XZJB'));
  });

  it('stores each optional field', async () => {
    const source = await plantA.post('/api/risk/sources', {
      name: '1号甲类仓库',
      category: 'hazardous_chemicals',
      geometry: { type: 'Point', coordinates: [inXinzhu.lng, inXinzhu.lat] },
    });
    expect(source.status).toBe(201);
    const measured = await plantA.post(`/api/risk/sources/${source.body.id}/measures`, {
      type: 'engineering',
      description: '可燃气体报警器',
      responsibleLevel: 'company',
      reviewCycleDays: 30,
    });
    expect(measured.status).toBe(201);
    const measureId = measured.body.measures[0].id;
    const [clause] = await t.platform.db.select({ id: hazardStandardClauses.id }).from(hazardStandardClauses).limit(1);
    const fileId = await photo(plantA);
    const h = await create(plantA, {
      description: '仓库东侧消防通道被货物堵塞约 20 米',
      category: 'fire',
      deadline: '2026-03-09',
      externalId: 'ERP-OPT-1',
      origin: 'campaign',
      originRef: 'ZX-2026-01',
      placeName: '1号仓库东侧',
      riskSourceId: source.body.id,
      controlMeasureId: measureId,
      standardClauseId: clause!.id,
      majorBasis: '《工贸企业重大事故隐患判定标准》第四条',
      responsiblePerson: '王五',
      responsiblePhone: '029-12345678',
      departmentId: emergencyId,
      photoIds: [fileId],
    });
    expect(h).toMatchObject({
      description: '仓库东侧消防通道被货物堵塞约 20 米',
      category: 'fire',
      deadline: '2026-03-09',
      externalId: 'ERP-OPT-1',
      sourceOrg: { id: plantAId },
      origin: 'campaign',
      originRef: 'ZX-2026-01',
      placeName: '1号仓库东侧',
      riskSourceId: source.body.id,
      riskSource: { id: source.body.id, name: '1号甲类仓库' },
      controlMeasureId: measureId,
      standardClauseId: clause!.id,
      majorBasis: '《工贸企业重大事故隐患判定标准》第四条',
      responsiblePerson: '王五',
      responsiblePhone: '029-12345678',
      department: { id: emergencyId },
      lng: inXinzhu.lng,
      lat: inXinzhu.lat,
    });
    expect(h.photos).toHaveLength(1);
    expect(h.photos[0]).toMatchObject({ stage: 'found', file: { id: fileId, mimeType: 'image/png' } });

    // The photo is served within the hazard's reach, and only as a photo of this hazard.
    const got = await plantA.get(`/api/hazards/${h.id}/photos/${fileId}`);
    expect(got.status).toBe(200);
    expect(got.raw.rawPayload.equals(png)).toBe(true);
    expect((await plantB.get(`/api/hazards/${h.id}/photos/${fileId}`)).status).toBe(404);
    expect((await plantA.get(`/api/hazards/${h.id}/photos/${await photo(plantA)}`)).status).toBe(404);

    // A control measure belongs to its source; a photo must be the caller's to cite.
    const wrongMeasure = await plantA.post('/api/hazards', body({ controlMeasureId: measureId }));
    expect(wrongMeasure.status).toBe(400);
    expect(wrongMeasure.body.error.fields[0].field).toBe('controlMeasureId');
    const foreignPhoto = await plantB.post('/api/hazards', body({ responsibleOrgId: plantBId, photoIds: [fileId] }));
    expect(foreignPhoto.status).toBe(400);
    expect(foreignPhoto.body.error.fields[0].field).toBe('photoIds.0');
  });

  it('needs the basis of a 重大 hazard (422) and raises its risk source to 重大', async () => {
    const bare = await plantA.post('/api/hazards', body({ level: '重大' }));
    expect(bare.status).toBe(422);
    expect(bare.body.error.fields[0].field).toBe('majorBasis');

    const source = await plantA.post('/api/risk/sources', {
      name: '液氨储罐区',
      category: 'hazardous_chemicals',
      geometry: { type: 'Point', coordinates: [inXinzhu.lng, inXinzhu.lat] },
    });
    expect(source.body.level).toBeNull();
    const h = await create(plantA, { level: '重大', majorBasis: '液氨储罐区未设置泄漏报警', riskSourceId: source.body.id });
    // The 重大 loop: the unit reports it (16号令 Art. 14); the 一般 steps are not offered.
    expect(h.allowedActions).toEqual(['report']);
    const raised = await plantA.get(`/api/risk/sources/${source.body.id}`);
    expect(raised.body.level).toBe('major');
    expect(raised.body.raisers[0]).toMatchObject({ originKind: 'hazard.major', originId: h.id, closedAt: null });
  });

  it('flags a repeat of an open hazard of the same place and category', async () => {
    const first = await create(plantA, { category: 'electrical', title: '配电箱无防护' });
    const again = await create(plantA, { category: 'electrical', title: '配电箱仍无防护', foundAt: '2026-03-02T09:30:00+08:00' });
    expect(again.repeatOf).toEqual({ id: first.id, code: first.code });
  });
});

describe('pushes from an enterprise system', () => {
  it('answers 201 first, then 200 with the same id; a changed payload updates only the enterprise’s fields, audited', async () => {
    const first = await plantA.post('/api/hazards', body({ externalId: 'ERP-100', deadline: '2026-03-20' }));
    expect(first.status).toBe(201);
    const again = await plantA.post('/api/hazards', body({ externalId: 'ERP-100', deadline: '2026-03-20' }));
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.code).toBe(first.body.code);
    const unchanged = await t.platform.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'hazard.update'), eq(auditLog.entityId, first.body.id)));
    expect(unchanged).toHaveLength(0);

    const changed = await plantA.post(
      '/api/hazards',
      body({
        externalId: 'ERP-100',
        title: '消防通道堵塞（已部分清理）',
        deadline: '2026-03-25',
        ...inXinhe,
        level: '重大',
        majorBasis: '企业系统改为重大',
        responsibleOrgId: plantBId,
      }),
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      id: first.body.id,
      title: '消防通道堵塞（已部分清理）',
      deadline: '2026-03-25',
      lng: inXinhe.lng,
      street: { id: await t.orgId('XHJB') },
      level: '一般',
      responsibleOrg: { id: plantAId },
      status: 'registered',
    });
    const [update] = await t.platform.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'hazard.update'), eq(auditLog.entityId, first.body.id)));
    expect(update!.before).toMatchObject({ title: '消防通道堵塞', deadline: '2026-03-20' });
    expect(update!.after).toMatchObject({ title: '消防通道堵塞（已部分清理）', deadline: '2026-03-25' });
    expect(Object.keys(update!.after as object)).not.toContain('level');

    // Another enterprise's system has its own numbering: the same external id is another hazard.
    const other = await plantB.post('/api/hazards', body({ externalId: 'ERP-100', responsibleOrgId: plantBId, ...inXinhe }));
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('takes pushes from the enterprise system’s API token', async () => {
    const token = await plantA.post('/api/tokens', { name: '企业隐患系统', actions: ['hazard.report', 'hazard.read'] });
    expect(token.status).toBe(201);
    const system = new Client(t, { bearer: token.body.token });
    const first = await system.post('/api/hazards', body({ externalId: 'ERP-TOKEN-1' }));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ externalId: 'ERP-TOKEN-1', sourceOrg: { id: plantAId }, origin: 'self_check' });
    const again = await system.post('/api/hazards', body({ externalId: 'ERP-TOKEN-1' }));
    expect([again.status, again.body.id]).toEqual([200, first.body.id]);
  });

  it('gives one hazard for concurrent pushes of the same external id', async () => {
    const pushes = await Promise.all(Array.from({ length: 6 }, () => plantA.post('/api/hazards', body({ externalId: 'ERP-RACE' }))));
    expect(pushes.map((p) => p.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(pushes.map((p) => p.body.id)).size).toBe(1);
    const stored = await t.platform.db.select().from(hazards).where(eq(hazards.externalId, 'ERP-RACE'));
    expect(stored).toHaveLength(1);
  });

  it('answers each item of a batch on its own and keeps the good ones', async () => {
    const res = await plantA.post('/api/hazards/batch', {
      hazards: [
        body({ externalId: 'ERP-B1', title: '灭火器过期' }),
        { ...body({ externalId: 'ERP-B2' }), title: '' },
        body({ externalId: 'ERP-100', title: '消防通道堵塞（已清理）' }),
        body({ externalId: 'ERP-B3', responsibleOrgId: plantBId }),
        body({ externalId: 'ERP-B4', level: '重大' }),
        body({ externalId: 'ERP-B5', title: '应急照明损坏' }),
      ],
    });
    expect(res.status).toBe(200);
    const results = res.body.results;
    expect(results.map((r: { index: number; status: number }) => [r.index, r.status])).toEqual([
      [0, 201],
      [1, 400],
      [2, 200],
      [3, 403],
      [4, 422],
      [5, 201],
    ]);
    expect(results[1].error.fields[0].field).toBe('title');
    expect(results[4].error.fields[0].field).toBe('majorBasis');
    expect((await plantA.get(`/api/hazards/${results[0].id}`)).body.title).toBe('灭火器过期');
    expect((await plantA.get(`/api/hazards/${results[2].id}`)).body.title).toBe('消防通道堵塞（已清理）');
    expect((await plantA.get(`/api/hazards/${results[5].id}`)).body.code).toBe(results[5].code);
    const kept = await t.platform.db
      .select({ externalId: hazards.externalId })
      .from(hazards)
      .where(sql`${hazards.externalId} like 'ERP-B%'`);
    expect(kept.map((k) => k.externalId).sort()).toEqual(['ERP-B1', 'ERP-B5']);

    const tooMany = await plantA.post('/api/hazards/batch', { hazards: Array.from({ length: 501 }, () => body()) });
    expect(tooMany.status).toBe(400);
  });
});

describe('reach', () => {
  let ofA: string; // plantA's, in 新筑, supervised by 应急管理局
  let ofB: string; // plantB's, in 新合
  let ofBInXinzhu: string; // plantB's, found in 新筑

  beforeAll(async () => {
    ofA = (await create(plantA, { title: '甲：安全出口锁闭', departmentId: emergencyId })).id;
    ofB = (await create(plantB, { title: '乙：叉车未年检', responsibleOrgId: plantBId, ...inXinhe })).id;
    ofBInXinzhu = (await create(plantB, { title: '乙：新筑堆场照明损坏', responsibleOrgId: plantBId })).id;
  });

  it('a street reports in its area for a unit outside its tree, not elsewhere', async () => {
    const found = await xinzhu.post('/api/hazards', body({ title: '乙：新筑路边堆放危化品', responsibleOrgId: plantBId }));
    expect(found.status).toBe(201);
    expect(found.body.origin).toBe('department_check');
    const elsewhere = await xinzhu.post('/api/hazards', body({ responsibleOrgId: plantBId, ...inXinhe }));
    expect(elsewhere.status).toBe(403);
  });

  it('an enterprise sees only its hazards', async () => {
    const list = (await plantB.get('/api/hazards?pageSize=200')).body;
    expect(list.items.every((h: { responsibleOrg: { id: string } }) => h.responsibleOrg.id === plantBId)).toBe(true);
    expect(ids(list)).toEqual(expect.arrayContaining([ofB, ofBInXinzhu]));
    expect((await plantB.get(`/api/hazards/${ofA}`)).status).toBe(404);
  });

  it('a street sees its area, whoever answers for the hazard; another street’s is 404', async () => {
    const list = (await xinzhu.get('/api/hazards?pageSize=200')).body;
    expect(ids(list)).toEqual(expect.arrayContaining([ofA, ofBInXinzhu]));
    expect(ids(list)).not.toContain(ofB);
    expect((await xinzhu.get(`/api/hazards/${ofB}`)).status).toBe(404);
    expect((await xinhe.get(`/api/hazards/${ofA}`)).status).toBe(404);
    // The street verifies in its area but does not rectify for a unit outside its tree.
    expect((await xinzhu.get(`/api/hazards/${ofBInXinzhu}`)).body.allowedActions).toEqual([]);
  });

  it('a department sees its sector', async () => {
    const list = (await emergency.get('/api/hazards?pageSize=200')).body;
    expect(ids(list)).toContain(ofA);
    expect(ids(list)).not.toContain(ofB);
    expect((await emergency.get(`/api/hazards/${ofB}`)).status).toBe(404);
  });

  it('安委办 sees the district; an unknown id is 404', async () => {
    const list = (await office.get('/api/hazards?pageSize=200')).body;
    expect(ids(list)).toEqual(expect.arrayContaining([ofA, ofB, ofBInXinzhu]));
    expect((await office.get(`/api/hazards/${randomUUID()}`)).status).toBe(404);
  });
});

describe('the ledger', () => {
  let codes: string[];

  beforeAll(async () => {
    t.clock.set('2026-03-02T10:00:00+08:00');
    codes = [];
    for (const [title, deadline, level, category] of [
      ['台账：配电箱门缺失', '2026-03-05', '一般', 'electrical'],
      ['台账：燃气软管老化', '2026-03-03', '一般', 'gas'],
      ['台账：有限空间无警示', '2026-03-10', '重大', 'confined_space'],
    ] as const) {
      const h = await create(plantB, {
        title,
        deadline,
        level,
        category,
        responsibleOrgId: plantBId,
        ...inXinhe,
        ...(level === '重大' ? { majorBasis: '有限空间作业未审批' } : {}),
      });
      codes.push(h.code);
    }
  });

  it('filters, sorts and pages', async () => {
    const all = (await plantB.get('/api/hazards?q=台账&sort=deadline')).body;
    expect(all.total).toBe(3);
    expect(all.items.map((h: { deadline: string }) => h.deadline)).toEqual(['2026-03-03', '2026-03-05', '2026-03-10']);
    const desc = (await plantB.get('/api/hazards?q=台账&sort=-deadline')).body;
    expect(desc.items[0].deadline).toBe('2026-03-10');
    const byCode = (await plantB.get('/api/hazards?q=台账&sort=code')).body;
    expect(byCode.items.map((h: { code: string }) => h.code)).toEqual([...codes].sort());
    const byLevel = (await plantB.get('/api/hazards?q=台账&sort=-level')).body;
    expect(byLevel.items[0].level).toBe('重大');

    const second = (await plantB.get('/api/hazards?q=台账&sort=deadline&pageSize=2&page=2')).body;
    expect(second).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(second.items.map((h: { deadline: string }) => h.deadline)).toEqual(['2026-03-10']);

    expect((await plantB.get('/api/hazards?q=台账&level=重大')).body.total).toBe(1);
    expect((await plantB.get('/api/hazards?q=台账&category=gas')).body.items[0].title).toBe('台账：燃气软管老化');
    expect((await plantB.get('/api/hazards?q=台账&status=registered&origin=self_check')).body.total).toBe(3);
    expect((await plantB.get(`/api/hazards?q=台账&streetId=${await t.orgId('XHJB')}`)).body.total).toBe(3);
    expect((await plantB.get(`/api/hazards?responsibleOrgId=${plantAId}`)).body.total).toBe(0);
    expect((await plantB.get('/api/hazards?sort=title')).status).toBe(400);
  });

  it('exports the 台账 as xlsx with the filters', async () => {
    const res = await plantB.get('/api/hazards.xlsx?q=台账&sort=deadline');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('隐患台账')!;
    expect(String(sheet.getCell('A1').value)).toContain('共 3 项');
    expect(sheet.getRow(2).getCell(1).value).toBe('隐患编号');
    const rows = [3, 4, 5].map((r) => sheet.getRow(r));
    expect(rows.map((r) => r.getCell(2).value)).toEqual(['台账：燃气软管老化', '台账：配电箱门缺失', '台账：有限空间无警示']);
    expect(rows[2]!.getCell(3).value).toBe('重大事故隐患');
    expect(rows[0]!.getCell(7).value).toBe('乙物流有限公司');
    expect(rows[0]!.getCell(16).value).toBe('2026-03-03');
    // Only what the caller may see.
    const forA = await plantA.get('/api/hazards.xlsx?q=台账');
    const other = new ExcelJS.Workbook();
    await other.xlsx.load(forA.raw.rawPayload as unknown as ArrayBuffer);
    expect(String(other.getWorksheet('隐患台账')!.getCell('A1').value)).toContain('共 0 项');
  });

  it('counts a hazard overdue from the day after its deadline', async () => {
    // Sessions end after a while idle: the clock moved by days, the enterprise logs in again.
    t.clock.set('2026-03-05T23:00:00+08:00');
    let later = await t.login(plantB.user!.username);
    const onDay = (await later.get('/api/hazards?q=台账&overdue=true')).body;
    expect(onDay.items.map((h: { title: string }) => h.title)).toEqual(['台账：燃气软管老化']);
    t.clock.set('2026-03-06T00:30:00+08:00');
    later = await t.login(plantB.user!.username);
    const next = (await later.get('/api/hazards?q=台账&overdue=true&sort=deadline')).body;
    expect(next.items.map((h: { title: string; overdue: boolean }) => [h.title, h.overdue])).toEqual([
      ['台账：燃气软管老化', true],
      ['台账：配电箱门缺失', true],
    ]);
    expect((await later.get('/api/hazards?q=台账&overdue=false')).body.total).toBe(1);
  });
});

describe('boundaries changed', () => {
  it('hazards take their areas again when a boundary is redrawn', async () => {
    // The clock may have moved on: everyone logs in anew.
    const admin = await t.admin();
    const plant = await t.login(plantA.user!.username);
    const street = await t.login(xinhe.user!.username);
    const h = await create(plant, { title: '边界变更测试', lng: 109.081, lat: 34.401 });
    expect(h.street.id).toBe(await t.orgId('XZJB'));
    expect((await street.get(`/api/hazards/${h.id}`)).status).toBe(404);
    // 新合's area redrawn as a small square inside 新筑's: the smallest area covering the point wins.
    const redrawn = await admin.put(`/api/map/boundaries/${await t.orgId('XHJB')}`, {
      geometry: square([109.075, 34.395, 109.085, 34.405]),
    });
    expect(redrawn.status).toBe(200);
    const seen = await street.get(`/api/hazards/${h.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.street.id).toBe(await t.orgId('XHJB'));
  });
});
