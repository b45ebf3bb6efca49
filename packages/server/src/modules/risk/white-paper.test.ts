import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { officeText } from '../../../test/office.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { rows } from '../../platform/db.js';

let t: TestApp;
let office: Client;
let xinzhu: Client;
let xinhe: Client;
let department: Client;

/** The text of a .docx: the runs of word/document.xml joined. */
async function docxText(bytes: Buffer): Promise<{ text: string; zip: JSZip }> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return { text: [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''), zip };
}

/** Size and pixel colours of a PNG written by platform/map-image.ts (truecolour, unfiltered scanlines). */
function readPng(png: Buffer): { width: number; height: number; count: (rgb: [number, number, number]) => number } {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  return {
    width,
    height,
    count: ([r, g, b]) => {
      let n = 0;
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const i = y * (width * 3 + 1) + 1 + x * 3;
          if (raw[i] === r && raw[i + 1] === g && raw[i + 2] === b) n++;
        }
      return n;
    },
  };
}

const RED: [number, number, number] = [0xd4, 0x38, 0x0d];
const ORANGE: [number, number, number] = [0xfa, 0x8c, 0x16];

const box = (w: number, s: number, e: number, n: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
});

async function boundary(orgCode: string, level: string, geometry: object) {
  await t.platform.db.execute(
    sql`insert into boundaries (org_id, level, geom, source)
      values (${await t.orgId(orgCode)}, ${level}, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326)), 'demo')`,
  );
}

/** A risk source written directly, as the census would leave it (the white paper reads the registry, not the workflow). */
async function source(s: {
  code: string;
  name: string;
  category: string;
  level: string | null;
  geometry: object;
  org: string;
  street: string;
  status?: string;
}) {
  const [row] = await rows<{ id: string }>(
    t.platform.db,
    sql`insert into risk_sources (code, name, category, geom, org_id, street_id, assessed_level, level, status, responsible_person)
        values (${s.code}, ${s.name}, ${s.category}, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(s.geometry)}), 4326),
          ${await t.orgId(s.org)}, ${await t.orgId(s.street)}, ${s.level}, ${s.level}, ${s.status ?? 'reviewed'}, '张工')
        returning id`,
  );
  return row!.id;
}

async function measure(sourceId: string, type: string, description: string) {
  await t.platform.db.execute(
    sql`insert into risk_control_measures (source_id, type, description, responsible_level, responsible_unit, review_cycle_days, next_review_on)
      values (${sourceId}, ${type}, ${description}, 'company', '应急管理局', 30, '2026-04-01')`,
  );
}

beforeAll(async () => {
  t = await testApp({ now: '2026-03-01T09:00:00+08:00' });
  office = await t.userIn('AWB', ['safety_office'], 'awb');
  xinzhu = await t.userIn('XZJB', ['street'], 'xz');
  xinhe = await t.userIn('XHJB', ['street'], 'xh');
  department = await t.userIn('YJGLJ', ['department'], 'yj');
  await boundary('GWQ', 'district', box(109.0, 34.3, 109.2, 34.45));
  await boundary('XZJB', 'street', box(109.0, 34.3, 109.1, 34.45));
  await boundary('XHJB', 'street', box(109.1, 34.3, 109.2, 34.45));
  const tanks = await source({
    code: 'FX-2026-0001',
    name: '港务区油库储罐区',
    category: 'hazardous_chemicals',
    level: 'major',
    geometry: { type: 'Point', coordinates: [109.05, 34.35] },
    org: 'YJGLJ',
    street: 'XZJB',
  });
  await measure(tanks, 'engineering', '储罐区设置可燃气体检测报警和紧急切断装置');
  await measure(tanks, 'emergency', '编制储罐火灾专项应急预案并每半年演练');
  await t.platform.db.execute(
    sql`insert into risk_assessments (source_id, method, inputs, score, level, assessor_name, assessed_at)
      values (${tanks}, 'lec', '{"L":6,"E":6,"C":15}', '540', 'major', '张工', '2026-02-20T10:00:00+08:00')`,
  );
  await source({
    code: 'FX-2026-0002',
    name: '新合燃气中压管线',
    category: 'lifeline',
    level: 'significant',
    geometry: {
      type: 'LineString',
      coordinates: [
        [109.12, 34.4],
        [109.18, 34.4],
      ],
    },
    org: 'JTYSJ',
    street: 'XHJB',
  });
  await source({
    code: 'FX-2026-0003',
    name: '新筑渣土受纳场',
    category: 'spoil_ground',
    level: 'general',
    geometry: box(109.02, 34.31, 109.04, 34.33),
    org: 'YJGLJ',
    street: 'XZJB',
  });
  await source({
    code: 'FX-2026-0004',
    name: '港务区商业中心',
    category: 'crowded_place',
    level: 'low',
    geometry: { type: 'Point', coordinates: [109.15, 34.33] },
    org: 'JTYSJ',
    street: 'XHJB',
  });
  // Not reviewed yet: not part of the registry the white paper reports.
  await source({
    code: 'FX-2026-0005',
    name: '未审核的风险源',
    category: 'construction',
    level: 'major',
    geometry: { type: 'Point', coordinates: [109.06, 34.36] },
    org: 'YJGLJ',
    street: 'XZJB',
    status: 'submitted',
  });
});
afterAll(() => t.close());

describe('城市安全风险白皮书', () => {
  let first: string;

  it('401 without a session, 403 for those who may not issue it', async () => {
    expect((await t.anonymous.post('/api/risk/white-papers', {})).status).toBe(401);
    expect((await department.post('/api/risk/white-papers', {})).status).toBe(403);
    expect((await xinzhu.post('/api/risk/white-papers', {})).status).toBe(403);
    expect((await office.post('/api/risk/white-papers', { extra: 1 })).status).toBe(400);
  });

  it('the first edition counts the reviewed sources of the district and says it is the first', async () => {
    const res = await office.post('/api/risk/white-papers', {});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: '西安国际港务区城市安全风险白皮书（2026年版）',
      year: 2026,
      sequence: 1,
      orgName: '西安国际港务区',
      total: 4,
      byLevel: { major: 1, significant: 1, general: 1, low: 1, unrated: 0 },
      changes: null,
    });
    first = res.body.id;

    const doc = await office.get(`/api/risk/white-papers/${first}/document.docx`);
    expect(doc.status).toBe(200);
    expect(String(doc.headers['content-type'])).toContain('wordprocessingml');
    const { text, zip } = await docxText(doc.raw.rawPayload);
    // LibreOffice, an office suite someone else wrote, opens it and reads the same title, totals and change note.
    const read = await officeText(doc.raw.rawPayload);
    expect(read).toContain('西安国际港务区城市安全风险白皮书\n（2026年版）');
    expect(read).toContain('经审核的风险源共4个，其中重大风险1个、较大风险1个、一般风险1个、低风险1个');
    expect(read).toContain('本版为首次发布');
    expect(text).toContain('西安国际港务区城市安全风险白皮书');
    expect(text).toContain('（2026年版）');
    expect(text).toContain('西安国际港务区安全生产委员会办公室');
    expect(text).toContain('2026年3月1日');
    expect(text).toContain('经审核的风险源共4个，其中重大风险1个、较大风险1个、一般风险1个、低风险1个');
    // 表2 by category (重大 较大 一般 低 未评级 合计): 危险化学品 has its one major source; the unreviewed construction site is absent.
    expect(text).toContain('危险化学品100001');
    expect(text).not.toContain('建筑施工');
    expect(text).not.toContain('未审核的风险源');
    // 表3 by street: 新筑 has the major and the general source, 新合 the significant and the low one.
    expect(text).toContain('新筑街道办事处101002');
    expect(text).toContain('新合街道办事处010102');
    // 表4 and the controls of the major risk.
    expect(text).toContain('1FX-2026-0001港务区油库储罐区危险化学品重大风险新筑街道办事处应急管理局');
    expect(text).toContain('2FX-2026-0002新合燃气中压管线');
    expect(text).toContain('工程技术措施：储罐区设置可燃气体检测报警和紧急切断装置（公司级管控，应急管理局负责）');
    expect(text).toContain('应急处置措施：编制储罐火灾专项应急预案并每半年演练');
    expect(text).toContain('管控措施：尚未登记'); // the significant pipeline has none
    expect(text).toContain('本版为首次发布');
    expect(text).toContain('已登记工程技术措施1项，覆盖风险源1个，其中重大风险1个');
    expect(text).toContain('作业条件危险性分析法（LEC，D=L×E×C）1个');
    expect(text).toContain('D≥320为重大风险');
    expect(text).toContain('未核实');

    const media = Object.keys(zip.files).filter((f) => /^word\/media\/.+\.png$/.test(f));
    expect(media).toHaveLength(1);
    const png = readPng(await zip.file(media[0]!)!.async('nodebuffer'));
    expect([png.width, png.height]).toEqual([1600, 1200]);
    expect(png.count(RED)).toBeGreaterThan(50); // the major point
    expect(png.count(ORANGE)).toBeGreaterThan(50); // the significant line
  });

  it('the next edition says what changed since the previous one', async () => {
    t.clock.set('2026-09-01T09:00:00+08:00');
    // Half a year on, the sessions of March have expired.
    office = await t.login('awb');
    xinzhu = await t.login('xz');
    xinhe = await t.login('xh');
    department = await t.login('yj');
    const yard = await source({
      code: 'FX-2026-0006',
      name: '新筑液氨制冷车间',
      category: 'industry_trade',
      level: 'major',
      geometry: { type: 'Point', coordinates: [109.08, 34.42] },
      org: 'YJGLJ',
      street: 'XZJB',
    });
    await measure(yard, 'engineering', '液氨管道设置泄漏检测和喷淋装置');
    await t.platform.db.execute(sql`update risk_sources set level = 'significant' where code = 'FX-2026-0003'`);
    await t.platform.db.execute(sql`update risk_sources set status = 'draft' where code = 'FX-2026-0004'`);

    // The district adopts its own LEC mapping: the method note states the rules in force.
    const grading = {
      lec: { thresholds: { major: 400, significant: 200, general: 70 }, source: { zh: '本区细则', en: 'District rules' }, verified: true },
      ls: (await office.get('/api/risk/settings')).body.grading.ls,
    };
    expect((await office.put('/api/risk/settings', grading)).status).toBe(200);

    const res = await office.post('/api/risk/white-papers', {});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: '西安国际港务区城市安全风险白皮书（2026年第2版）',
      sequence: 2,
      total: 4,
      byLevel: { major: 2, significant: 2, general: 0, low: 0 },
      changes: { previousTitle: '西安国际港务区城市安全风险白皮书（2026年版）', added: 1, removed: 1, levelChanged: 1, totalDelta: 0 },
    });
    const { text, zip } = await docxText((await office.get(`/api/risk/white-papers/${res.body.id}/document.docx`)).raw.rawPayload);
    expect(text).toContain('与《西安国际港务区城市安全风险白皮书（2026年版）》相比，风险源总数持平；新增1个，销号1个，等级调整1个');
    // 表5: 重大 1 → 2, 一般 1 → 0.
    expect(text).toContain('重大风险12+1');
    expect(text).toContain('一般风险10-1');
    expect(text).toContain('FX-2026-0006新筑液氨制冷车间重大风险');
    expect(text).toContain('FX-2026-0004港务区商业中心低风险');
    expect(text).toContain('FX-2026-0003新筑渣土受纳场一般风险较大风险');
    expect(text).toContain('2026年9月1日');
    expect(text).toContain('D≥400为重大风险');
    expect(text).toContain('（本区细则；已核实）');
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(readPng(await zip.file(media[0]!)!.async('nodebuffer')).count(RED)).toBeGreaterThan(100);

    // The first edition is kept as issued.
    const old = await docxText((await office.get(`/api/risk/white-papers/${first}/document.docx`)).raw.rawPayload);
    expect(old.text).toContain('本版为首次发布');
    expect(old.text).not.toContain('FX-2026-0006');
  });

  it('keeps the issued document through the JSON form backups carry it in', async () => {
    // Backups write each row as to_jsonb (bytea as \\x hex text) and restore with jsonb_populate_recordset.
    const [back] = await rows<{ same: boolean; size: number }>(
      t.platform.db,
      sql`select (jsonb_populate_record(null::risk_white_papers, to_jsonb(w))).document = w.document as same, length(w.document) as size
        from risk_white_papers w where w.id = ${first}`,
    );
    expect(back).toEqual({ same: true, size: expect.any(Number) });
    expect(back!.size).toBeGreaterThan(10_000);
  });

  it('is published to the units of the district; 404 for an unknown edition', async () => {
    const list = await xinhe.get('/api/risk/white-papers');
    expect(list.status).toBe(200);
    expect(list.body.items.map((w: { sequence: number }) => w.sequence)).toEqual([2, 1]);
    expect(list.body.items[0].changes.added).toBe(1);
    expect((await department.get(`/api/risk/white-papers/${first}/document.docx`)).status).toBe(200);
    expect((await office.get('/api/risk/white-papers/00000000-0000-4000-8000-000000000000/document.docx')).status).toBe(404);
    expect((await t.anonymous.get('/api/risk/white-papers')).status).toBe(401);
  });

  it('is generated over what the caller may see', async () => {
    // A street office given risk.manage: its edition covers its street and counts only the sources there.
    const admin = await t.admin();
    const roles = (await admin.get('/api/roles')).body.items as { code: string; scope: string; actions: string[] }[];
    const street = roles.find((r) => r.code === 'street')!;
    expect((await admin.put('/api/roles/street', { scope: street.scope, actions: [...street.actions, 'risk.manage'] })).status).toBe(200);
    const res = await xinzhu.post('/api/risk/white-papers', {});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: '新筑街道办事处城市安全风险白皮书（2026年版）',
      total: 3,
      byLevel: { major: 2, significant: 1 },
      changes: null,
    });
    const { text } = await docxText((await xinzhu.get(`/api/risk/white-papers/${res.body.id}/document.docx`)).raw.rawPayload);
    expect(text).not.toContain('新合燃气中压管线');
    // Another street neither sees it listed nor downloads it; the district office does.
    expect((await xinhe.get(`/api/risk/white-papers/${res.body.id}/document.docx`)).status).toBe(404);
    expect((await xinhe.get('/api/risk/white-papers')).body.total).toBe(2);
    expect((await office.get('/api/risk/white-papers')).body.total).toBe(3);
  });
});
