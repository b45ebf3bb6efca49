import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { orgs } from '../identity/index.js';

let t: TestApp;
let office: Client; // 安委办 of the district
let emergency: Client; // 应急管理局, a department: reads, does not manage
let subOffice: Client; // 安委办 of a district nested in this one: sees the campaign, does not manage it
let stranger: Client; // 安委办 of another district: does not know the campaign exists
let campaignId: string;
const nobody = '00000000-0000-4000-8000-000000000000';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A multipart body with one file in field `field`. */
function multipart(name: string, bytes: Buffer, field = 'file', type = XLSX) {
  const boundary = `cs-${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (client: Client, url: string, name: string, bytes: Buffer, field?: string) => {
  const m = multipart(name, bytes, field);
  return client.request('POST', url, m.body, m.headers);
};

/** A workbook with the columns of the import and the given data rows. */
async function workbook(
  rows: unknown[][],
  header = ['编码', '上级编码', '名称', '类型(评分项/鼓励项/否决项)', '分值', '每处扣分', '扣分上限', '可信度(V/P/U)', '依据', '关联任务'],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('评分细则');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readSheet(bytes: Buffer, name: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet(name)!;
  const out: string[][] = [];
  sheet.eachRow((row) => out.push(Array.from({ length: 10 }, (_, i) => row.getCell(i + 1).text)));
  return out;
}

type Item = {
  id: string;
  code: string;
  parentId: string | null;
  result: { fullCenti: number; deductedCenti: number; scoreCenti: number; ownCenti: number; triggered: boolean };
} & Record<string, any>;
const scoring = async (client: Client = office, id = campaignId) =>
  (await client.get(`/api/campaigns/${id}/scoring`)).body as {
    items: Item[];
    totals: any;
    allowedActions: string[];
    unverifiedItems: number;
  };
const itemByCode = async (code: string, id = campaignId) => (await scoring(office, id)).items.find((i) => i.code === code)!;

/** Strips ids so that two trees compare by content: parents by code, tasks by number. */
const shape = (items: Item[]) => {
  const codeOf = new Map(items.map((i) => [i.id, i.code]));
  return items.map((i) => ({
    code: i.code,
    parent: i.parentId ? codeOf.get(i.parentId) : null,
    name: i.name,
    kind: i.kind,
    full: i.fullScoreCenti,
    rate: i.deductionPerFindingCenti,
    cap: i.capCenti,
    confidence: i.confidence,
    source: i.source,
    tasks: i.taskSeqs,
  }));
};

beforeAll(async () => {
  t = await testApp();
  office = await t.userIn('AWB', ['safety_office'], 'sc_office');
  emergency = await t.userIn('YJGLJ', ['department'], 'sc_yjglj');
  const admin = await t.admin();
  const nested = await admin.post('/api/orgs', { code: 'SUBDIST', name: '下辖功能区', type: 'district', parentId: await t.orgId('GWQ') });
  expect(nested.status).toBe(201);
  subOffice = await t.userIn('SUBDIST', ['safety_office'], 'sc_sub');
  // A second root: the API nests every new org under an existing one, so another city's district is written directly.
  const otherId = randomUUID();
  await t.platform.db.insert(orgs).values({ id: otherId, code: 'OTHERDIST', name: '另一区', type: 'district', path: `/${otherId}/` });
  stranger = await t.userIn('OTHERDIST', ['safety_office'], 'sc_other');
  const created = await office.post('/api/campaigns', { title: '国家安全发展示范城市创建（2020—2021）', planningYear: 2025 });
  expect(created.status).toBe(201);
  campaignId = created.body.id;
});
afterAll(() => t.close());

describe('seeding the tree', () => {
  it('401, 403 for a department and for a district outside the campaign’s, 404 unknown or out of reach', async () => {
    expect((await t.anonymous.post(`/api/campaigns/${campaignId}/scoring/seed`)).status).toBe(401);
    expect((await emergency.post(`/api/campaigns/${campaignId}/scoring/seed`)).status).toBe(403);
    expect((await subOffice.post(`/api/campaigns/${campaignId}/scoring/seed`)).status).toBe(403);
    expect((await stranger.post(`/api/campaigns/${campaignId}/scoring/seed`)).status).toBe(404);
    expect((await office.post(`/api/campaigns/${nobody}/scoring/seed`)).status).toBe(404);
    expect((await office.post(`/api/campaigns/not-a-uuid/scoring/seed`)).status).toBe(400);
  });

  it('fills the empty tree with the seed and its task links; a second time is 409', async () => {
    const empty = await scoring();
    expect(empty).toMatchObject({ items: [], totals: { fullCenti: 0, scoreCenti: 0, vetoed: false } });
    expect(empty.allowedActions).toEqual(expect.arrayContaining(['seed', 'import']));
    const res = await office.post(`/api/campaigns/${campaignId}/scoring/seed`);
    expect(res.status).toBe(201);
    expect(res.body.totals).toMatchObject({
      fullCenti: 10000,
      scoreCenti: 10000,
      bonusFullCenti: 500,
      bonusCenti: 0,
      vetoed: false,
      vetoReasons: [],
    });
    const top = res.body.items.filter((i: Item) => i.depth === 0);
    expect(top.map((i: Item) => [i.name, i.fullScoreCenti, i.confidence])).toEqual([
      ['城市安全源头治理', 1800, 'V'],
      ['城市安全风险防控', 3200, 'V'],
      ['城市安全监督管理', 1600, 'P'],
      ['城市安全保障能力', 1600, 'P'],
      ['城市安全应急救援', 1400, 'P'],
      ['城市安全状况', 400, 'P'],
      ['鼓励项', 500, 'P'],
    ]);
    const p1 = res.body.items.find((i: Item) => i.code === '(1)');
    expect(p1).toMatchObject({ depth: 2, deductionPerFindingCenti: 50, capCenti: 200, taskSeqs: [6], confidence: 'V' });
    expect(p1.source).toContain('安委办〔2020〕2号');
    const unverified = res.body.items.find((i: Item) => i.code === '(8)');
    expect(unverified.confidenceLabel.zh).toContain('待核对');
    expect(unverified.source).toContain('待核对');
    expect(res.body.items.find((i: Item) => i.code === '二').result).toMatchObject({ fullCenti: 3200, ownCenti: 1600 });
    expect(res.body.items.find((i: Item) => i.code === '七').taskSeqs).toEqual([100]);
    expect(res.body.unverifiedItems).toBeGreaterThan(0);
    expect((await office.post(`/api/campaigns/${campaignId}/scoring/seed`)).status).toBe(409);
  });

  it('a department reads the tree without actions; another district gets 404', async () => {
    const res = await emergency.get(`/api/campaigns/${campaignId}/scoring`);
    expect(res.status).toBe(200);
    expect(res.body.allowedActions).toEqual([]);
    expect(res.body.items.every((i: Item) => i.allowedActions.length === 0)).toBe(true);
    expect((await t.anonymous.get(`/api/campaigns/${campaignId}/scoring`)).status).toBe(401);
    expect((await stranger.get(`/api/campaigns/${campaignId}/scoring`)).status).toBe(404);
    expect((await office.get(`/api/campaigns/${nobody}/scoring`)).status).toBe(404);
    expect((await office.get(`/api/campaigns/x/scoring`)).status).toBe(400);
  });
});

describe('editing items', () => {
  it('creates an item: 401/400/403/404/409 and 201', async () => {
    const url = `/api/campaigns/${campaignId}/scoring/items`;
    const body = { code: '否1', name: '评价期内发生较大及以上生产安全事故（待核对）', kind: 'veto' };
    expect((await t.anonymous.post(url, body)).status).toBe(401);
    expect((await emergency.post(url, body)).status).toBe(403);
    expect((await subOffice.post(url, body)).status).toBe(403);
    expect((await stranger.post(url, body)).status).toBe(404);
    const badCap = await office.post(url, { code: 'x', name: 'x', fullScoreCenti: 100, capCenti: 200 });
    expect(badCap.status).toBe(400);
    expect(badCap.body.error.fields[0]).toMatchObject({
      field: 'capCenti',
      message: { zh: '扣分上限不能超过分值', en: 'the cap cannot exceed the points' },
    });
    expect((await office.post(url, { code: 'x', name: 'x', fullScoreCenti: 0.5 })).body.error.fields[0].field).toBe('fullScoreCenti');
    expect((await office.post(url, { code: 'x', name: 'x', kind: 'maybe' })).status).toBe(400);
    expect((await office.post(url, { code: '(1)', name: '重复' })).status).toBe(409);
    const parent = await itemByCode('1');
    const over = await office.post(url, { code: '(x)', name: '超出上级', parentId: parent.id, fullScoreCenti: 100 });
    expect(over.status).toBe(400);
    expect(over.body.error.fields[0].field).toBe('fullScoreCenti');
    const wrongKind = await office.post(url, {
      code: '(y)',
      name: '加分放在扣分项下',
      parentId: (await itemByCode('三')).id,
      kind: 'bonus',
      fullScoreCenti: 100,
    });
    expect(wrongKind.body.error.fields[0].field).toBe('kind');
    expect((await office.post(url, { code: '(z)', name: 'z', parentId: nobody })).body.error.fields[0].field).toBe('parentId');
    const res = await office.post(url, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'veto',
      confidence: 'U',
      depth: 0,
      result: { triggered: false },
      allowedActions: ['update', 'linkTasks', 'delete', 'addFinding'],
    });
  });

  it('updates an item: 401/400/403/404/409 and 200, keeping the tree valid', async () => {
    const item = await itemByCode('(8)');
    const url = `/api/scoring-items/${item.id}`;
    expect((await t.anonymous.patch(url, { name: 'x' })).status).toBe(401);
    expect((await emergency.patch(url, { name: 'x' })).status).toBe(403);
    expect((await subOffice.patch(url, { name: 'x' })).status).toBe(403);
    expect((await stranger.patch(url, { name: 'x' })).status).toBe(404);
    expect((await office.patch(`/api/scoring-items/${nobody}`, { name: 'x' })).status).toBe(404);
    expect((await office.patch(url, { capCenti: 200 })).body.error.fields[0].field).toBe('capCenti');
    expect((await office.patch(url, { fullScoreCenti: 200 })).body.error.fields[0].field).toBe('fullScoreCenti');
    expect((await office.patch(url, { code: '(7)' })).status).toBe(409);
    // Moving 城市安全规划 under its own lower item would make a cycle.
    const planning = await itemByCode('1');
    expect(
      (await office.patch(`/api/scoring-items/${planning.id}`, { parentId: (await itemByCode('(1)')).id })).body.error.fields[0].field,
    ).toBe('parentId');
    const res = await office.patch(url, {
      name: '城市地下综合管廊',
      confidence: 'P',
      source: '《国家安全发展示范城市评价细则(2019版)》征求意见稿，待核对',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '城市地下综合管廊', confidence: 'P', fullScoreCenti: 100 });
  });

  it('links tasks: evidence of the tasks’ reports counts for the item', async () => {
    const item = await itemByCode('(3)');
    const url = `/api/scoring-items/${item.id}/tasks`;
    const tasks = (await office.get(`/api/campaigns/${campaignId}/tasks?pageSize=200`)).body.items as { id: string; seq: number }[];
    const t79 = tasks.find((x) => x.seq === 79)!;
    expect((await t.anonymous.put(url, { taskIds: [t79.id] })).status).toBe(401);
    expect((await emergency.put(url, { taskIds: [t79.id] })).status).toBe(403);
    expect((await stranger.put(url, { taskIds: [t79.id] })).status).toBe(404);
    expect((await office.put(`/api/scoring-items/${nobody}/tasks`, { taskIds: [] })).status).toBe(404);
    expect((await office.put(url, { taskIds: ['nope'] })).status).toBe(400);
    expect((await office.put(url, { taskIds: [t79.id, nobody] })).body.error.fields[0].field).toBe('taskIds.1');

    // 应急管理局 reports on task 79 with two attachments.
    const pdf = (n: number) => Buffer.from(`%PDF-1.4\n% ${n}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
    const files = [];
    for (const n of [1, 2]) {
      const m = multipart(`佐证${n}.pdf`, pdf(n), 'file', 'application/pdf');
      files.push((await emergency.request('POST', '/api/files', m.body, m.headers)).body.id);
    }
    const task = (await emergency.get(`/api/campaign-tasks/${t79.id}`)).body;
    const part = task.assignments.find((a: { orgName: string }) => a.orgName === '应急管理局');
    expect(
      (await emergency.post(`/api/campaign-assignments/${part.id}/actions/report`, { text: '已完成部署', percent: 50, fileIds: files }))
        .status,
    ).toBe(200);

    const res = await office.put(url, { taskIds: [t79.id, t79.id] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ taskSeqs: [79], evidenceFiles: 2 });
    expect((await office.put(url, { taskIds: [] })).body).toMatchObject({ taskSeqs: [], evidenceFiles: 0 });
  });
});

describe('findings and the score', () => {
  const findingsUrl = () => `/api/campaigns/${campaignId}/scoring/findings`;
  const record = (itemId: string, extra: Record<string, unknown> = {}) =>
    office.post(findingsUrl(), { itemId, source: 'self', description: '自查发现问题', ...extra });

  it('records a finding: 401/400/403/404/422 and 201', async () => {
    const p1 = await itemByCode('(1)');
    const body = { itemId: p1.id, source: 'expert', description: '缺少排水防涝专项规划', count: 1 };
    expect((await t.anonymous.post(findingsUrl(), body)).status).toBe(401);
    expect((await emergency.post(findingsUrl(), body)).status).toBe(403);
    expect((await subOffice.post(findingsUrl(), body)).status).toBe(403);
    expect((await stranger.post(findingsUrl(), body)).status).toBe(404);
    expect((await office.post(`/api/campaigns/${nobody}/scoring/findings`, body)).status).toBe(404);
    expect((await office.post(findingsUrl(), { ...body, source: 'rumour' })).body.error.fields[0].field).toBe('source');
    expect((await office.post(findingsUrl(), { ...body, count: 0 })).body.error.fields[0].field).toBe('count');
    expect((await office.post(findingsUrl(), { ...body, itemId: nobody })).body.error.fields[0].field).toBe('itemId');
    // No per-finding rate on 市政安全设施: the finding must carry its points.
    expect((await record((await itemByCode('(4)')).id)).body.error.fields[0].field).toBe('pointsCenti');
    // 城市安全规划 is itemised in full: findings go on its lower items.
    expect((await record((await itemByCode('1')).id, { pointsCenti: 50 })).status).toBe(422);
    const res = await office.post(findingsUrl(), body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ itemCode: '(1)', status: 'open', effectivePointsCenti: 50, allowedActions: ['close'], timeline: [] });
  });

  it('deductions are capped per item and the parents and total follow', async () => {
    const p1 = await itemByCode('(1)');
    await record(p1.id, { count: 9, description: '专项规划均未中期评估' }); // 4.5 points, capped at 2
    const p3 = await itemByCode('(3)');
    await record(p3.id, { count: 2, description: '缺电梯、游乐设施安全管理办法' });
    const view = await scoring();
    const byCode = new Map(view.items.map((i) => [i.code, i]));
    expect(byCode.get('(1)')!.result).toMatchObject({ deductedCenti: 200, scoreCenti: 0 });
    expect(byCode.get('(1)')!.openFindings).toBe(2);
    expect(byCode.get('(3)')!.result).toMatchObject({ deductedCenti: 40, scoreCenti: 60 });
    expect(byCode.get('1')!.result).toMatchObject({ fullCenti: 500, deductedCenti: 240, scoreCenti: 260 });
    expect(byCode.get('一')!.result.scoreCenti).toBe(1560);
    expect(view.totals).toMatchObject({ fullCenti: 10000, scoreCenti: 9760 });
    // A finding on the part of 城市安全风险防控 that no known lower item covers.
    await record(byCode.get('二')!.id, { pointsCenti: 150, description: '燃气管网监测未覆盖' });
    expect((await scoring()).totals.scoreCenti).toBe(9610);
  });

  it('the bonus is separate and capped', async () => {
    const bonus = await itemByCode('七');
    await record(bonus.id, { source: 'reviewer', pointsCenti: 300, description: '城市安全科技项目获省级奖励' });
    await record(bonus.id, { source: 'reviewer', pointsCenti: 300, description: '全国综合减灾示范社区' });
    const view = await scoring();
    expect(view.totals).toMatchObject({ scoreCenti: 9610, bonusFullCenti: 500, bonusCenti: 500 });
  });

  it('a veto condition with an open finding voids the result', async () => {
    const veto = await itemByCode('否1');
    const res = await record(veto.id, { source: 'reviewer', description: '2020年发生较大生产安全事故一起' });
    expect(res.status).toBe(201);
    const view = await scoring();
    expect(view.totals).toMatchObject({ vetoed: true, scoreCenti: 9610, vetoReasons: [{ itemId: veto.id, code: '否1', findings: 1 }] });
    expect(view.items.find((i) => i.code === '否1')!.result.triggered).toBe(true);
  });

  it('lists findings by item, status and source; validates the query', async () => {
    const all = await emergency.get(findingsUrl());
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(7);
    expect(all.body.items.every((f: { allowedActions: string[] }) => f.allowedActions.length === 0)).toBe(true);
    const p1 = await itemByCode('(1)');
    expect((await office.get(`${findingsUrl()}?itemId=${p1.id}`)).body.total).toBe(2);
    expect((await office.get(`${findingsUrl()}?source=reviewer`)).body.total).toBe(3);
    expect((await office.get(`${findingsUrl()}?status=closed`)).body.total).toBe(0);
    expect((await office.get(`${findingsUrl()}?q=${encodeURIComponent('中期评估')}`)).body.total).toBe(1);
    expect((await office.get(`${findingsUrl()}?status=gone`)).status).toBe(400);
    expect((await office.get(`${findingsUrl()}?sort=description`)).status).toBe(400);
    expect((await t.anonymous.get(findingsUrl())).status).toBe(401);
    expect((await stranger.get(findingsUrl())).status).toBe(404);
  });

  it('closing findings raises the score; reopening lowers it; both on the timeline and audited', async () => {
    const list = (await office.get(`${findingsUrl()}?pageSize=50`)).body.items as { id: string; itemCode: string; description: string }[];
    const capped = list.find((f) => f.description === '专项规划均未中期评估')!;
    const url = (id: string, action: string) => `/api/scoring-findings/${id}/actions/${action}`;
    expect((await t.anonymous.post(url(capped.id, 'close'))).status).toBe(401);
    expect((await emergency.post(url(capped.id, 'close'))).status).toBe(403);
    expect((await subOffice.post(url(capped.id, 'close'))).status).toBe(403);
    expect((await stranger.post(url(capped.id, 'close'))).status).toBe(404);
    expect((await office.post(url(nobody, 'close'))).status).toBe(404);
    expect((await office.post(url(capped.id, 'fly'))).status).toBe(404);
    expect((await office.post(url(capped.id, 'reopen'), { reason: '复查' })).status).toBe(409);

    const before = (await scoring()).totals.scoreCenti;
    const closed = await office.post(url(capped.id, 'close'), { note: '已完成中期评估' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', allowedActions: ['reopen'] });
    expect(closed.body.closedAt).not.toBeNull();
    // 9 instances capped at 2 points closed; 1 instance (0.5) is still open on (1).
    const afterClose = (await scoring()).totals.scoreCenti;
    expect(afterClose).toBe(before + 150);
    expect((await office.post(url(capped.id, 'close'))).status).toBe(409);
    expect((await office.post(url(capped.id, 'reopen'), {})).status).toBe(400);
    const reopened = await office.post(url(capped.id, 'reopen'), { reason: '复核发现中期评估报告未经审定' });
    expect(reopened.body).toMatchObject({ status: 'open', closedAt: null });
    expect(reopened.body.timeline.map((e: { action: string }) => e.action)).toEqual(['close', 'reopen']);
    expect((await scoring()).totals.scoreCenti).toBe(before);

    const veto = list.find((f) => f.itemCode === '否1')!;
    await office.post(url(veto.id, 'close'), { note: '经核查事故发生在评价期外' });
    expect((await scoring()).totals).toMatchObject({ vetoed: false, vetoReasons: [] });

    const admin = await t.admin();
    const trail = await admin.get(`/api/audit?entityId=${capped.id}`);
    expect(trail.body.items.map((r: { action: string }) => r.action)).toEqual([
      'scoringFinding.reopen',
      'scoringFinding.close',
      'scoringFinding.create',
    ]);
  });

  it('an item with findings keeps its kind and cannot be deleted; delete rules and 200', async () => {
    const p1 = await itemByCode('(1)');
    expect((await office.patch(`/api/scoring-items/${p1.id}`, { kind: 'bonus' })).status).toBe(409);
    expect((await office.delete(`/api/scoring-items/${p1.id}`)).status).toBe(409);
    expect((await office.delete(`/api/scoring-items/${(await itemByCode('2')).id}`)).status).toBe(409); // has lower items
    const spare = await office.post(`/api/campaigns/${campaignId}/scoring/items`, {
      code: '否2',
      name: '瞒报谎报事故（待核对）',
      kind: 'veto',
    });
    const url = `/api/scoring-items/${spare.body.id}`;
    expect((await t.anonymous.delete(url)).status).toBe(401);
    expect((await emergency.delete(url)).status).toBe(403);
    expect((await subOffice.delete(url)).status).toBe(403);
    expect((await stranger.delete(url)).status).toBe(404);
    expect((await office.delete(`/api/scoring-items/${nobody}`)).status).toBe(404);
    expect((await office.delete(url)).body).toEqual({ ok: true });
    expect((await office.delete(url)).status).toBe(404);
  });
});

describe('xlsx', () => {
  let second: string;

  beforeAll(async () => {
    second = (await office.post('/api/campaigns', { title: '复评（2023—2024）', shiftYears: 3 })).body.id;
    expect((await office.post(`/api/campaigns/${second}/scoring/seed`)).status).toBe(201);
  });

  it('exports the tree as xlsx that reads back', async () => {
    expect((await t.anonymous.get(`/api/campaigns/${second}/scoring.xlsx`)).status).toBe(401);
    expect((await stranger.get(`/api/campaigns/${second}/scoring.xlsx`)).status).toBe(404);
    const res = await emergency.get(`/api/campaigns/${second}/scoring.xlsx`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toBe(XLSX);
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('评分细则'));
    const rows = await readSheet(res.raw.rawPayload, '评分细则');
    expect(rows[0]).toEqual([
      '编码',
      '上级编码',
      '名称',
      '类型(评分项/鼓励项/否决项)',
      '分值',
      '每处扣分',
      '扣分上限',
      '可信度(V/P/U)',
      '依据',
      '关联任务',
    ]);
    expect(rows.find((r) => r[0] === '(1)')!.slice(0, 8)).toEqual([
      '(1)',
      '1',
      '城市总体规划及防灾减灾等专项规划',
      '评分项',
      '2',
      '0.5',
      '2',
      'V',
    ]);
    expect(rows.find((r) => r[0] === '七')!.slice(3, 5)).toEqual(['鼓励项', '5']);
    const scores = await readSheet(res.raw.rawPayload, '自评得分');
    expect(scores.some((r) => r[1] === '总分' && r[5] === '100')).toBe(true);
  });

  it('export → import is the same tree', async () => {
    const before = await scoring(office, second);
    const file = (await office.get(`/api/campaigns/${second}/scoring.xlsx`)).raw.rawPayload;
    const res = await upload(office, `/api/campaigns/${second}/scoring/import`, '评分细则.xlsx', file);
    expect(res.status).toBe(200);
    expect(shape(res.body.items)).toEqual(shape(before.items));
    expect(res.body.items[0].id).not.toBe(before.items[0]!.id);
    expect(res.body.totals).toEqual(before.totals);
  });

  it('imports a tree written by hand, including a veto condition', async () => {
    const file = await workbook([
      ['A', '', '源头治理', '评分项', 18, '', '', 'v', '细则', ''],
      ['A1', 'A', '规划', '', '5', 0.5, 2, '', '', '6、7'],
      ['X', '', '特色', '鼓励项', 5, '', '', 'P', '', 100],
      ['V1', '', '瞒报事故', '否决项', '', '', '', 'U', '管理办法（待核对）', ''],
      [],
    ]);
    const res = await upload(office, `/api/campaigns/${second}/scoring/import`, 'hand.xlsx', file);
    expect(res.status).toBe(200);
    expect(shape(res.body.items)).toEqual([
      {
        code: 'A',
        parent: null,
        name: '源头治理',
        kind: 'item',
        full: 1800,
        rate: null,
        cap: null,
        confidence: 'V',
        source: '细则',
        tasks: [],
      },
      { code: 'A1', parent: 'A', name: '规划', kind: 'item', full: 500, rate: 50, cap: 200, confidence: 'U', source: null, tasks: [6, 7] },
      {
        code: 'X',
        parent: null,
        name: '特色',
        kind: 'bonus',
        full: 500,
        rate: null,
        cap: null,
        confidence: 'P',
        source: null,
        tasks: [100],
      },
      {
        code: 'V1',
        parent: null,
        name: '瞒报事故',
        kind: 'veto',
        full: 0,
        rate: null,
        cap: null,
        confidence: 'U',
        source: '管理办法（待核对）',
        tasks: [],
      },
    ]);
  });

  it('bad rows → 400 naming each Excel row and field', async () => {
    const file = await workbook([
      ['A', '', '源头治理', '评分项', 18, '', '', 'V', '', ''],
      ['A1', 'A', '规划', '评分项', 20, '', '', 'V', '', ''],
      ['A2', 'Q', '', '附加项', 'two', '0.125', '', 'X', '', '6,abc'],
      ['A', '', '重复', '评分项', 1, '', 3, '', '', 999],
    ]);
    const res = await upload(office, `/api/campaigns/${second}/scoring/import`, 'bad.xlsx', file);
    expect(res.status).toBe(400);
    const fields = res.body.error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'rows.4.name',
        'rows.4.kind',
        'rows.4.fullScore',
        'rows.4.deductionPerFinding',
        'rows.4.confidence',
        'rows.4.tasks',
      ]),
    );
    // Cell errors are reported first; the tree's rules once every cell reads.
    const tree = await upload(
      office,
      `/api/campaigns/${second}/scoring/import`,
      'tree.xlsx',
      await workbook([
        ['A', '', '源头治理', '评分项', 18, '', '', 'V', '', ''],
        ['A1', 'A', '规划', '评分项', 20, '', '', 'V', '', ''],
        ['A2', 'Q', '无上级', '评分项', 1, '', '', 'V', '', ''],
        ['A', '', '重复', '评分项', 1, '', 3, '', '', 999],
      ]),
    );
    expect(tree.status).toBe(400);
    expect(tree.body.error.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['rows.2.fullScore', 'rows.4.parentCode', 'rows.5.code', 'rows.5.cap', 'rows.5.tasks']),
    );
    const noColumns = await upload(office, `/api/campaigns/${second}/scoring/import`, 'cols.xlsx', await workbook([['A']], ['编码']));
    expect(noColumns.body.error.fields[0]).toMatchObject({ field: 'file', message: { zh: expect.stringContaining('名称') } });
    const empty = await upload(office, `/api/campaigns/${second}/scoring/import`, 'empty.xlsx', await workbook([]));
    expect(empty.body.error.fields[0].field).toBe('file');
  });

  it('refuses what is not xlsx: 415 for other types and for a non-multipart body, 400 without the file', async () => {
    const url = `/api/campaigns/${second}/scoring/import`;
    expect((await upload(office, url, '评分.txt', Buffer.from('编码,名称\nA,源头治理\n'))).status).toBe(415);
    expect((await upload(office, url, '评分.xlsx', Buffer.from('%PDF-1.4\n%%EOF\n'))).status).toBe(415);
    expect((await office.post(url, { rows: [] })).status).toBe(415);
    expect((await upload(office, url, 'x.xlsx', await workbook([]), 'attachment')).status).toBe(400);
  });

  it('import: 401/403/404, and 409 once findings exist', async () => {
    const url = `/api/campaigns/${second}/scoring/import`;
    const file = await workbook([['A', '', '源头治理', '评分项', 18, '', '', 'V', '', '']]);
    expect((await upload(t.anonymous, url, 'a.xlsx', file)).status).toBe(401);
    expect((await upload(emergency, url, 'a.xlsx', file)).status).toBe(403);
    expect((await upload(subOffice, url, 'a.xlsx', file)).status).toBe(403);
    expect((await upload(stranger, url, 'a.xlsx', file)).status).toBe(404);
    expect((await upload(office, `/api/campaigns/${nobody}/scoring/import`, 'a.xlsx', file)).status).toBe(404);
    const item = await itemByCode('A1', second);
    expect(
      (await office.post(`/api/campaigns/${second}/scoring/findings`, { itemId: item.id, source: 'self', description: '缺规划' })).status,
    ).toBe(201);
    expect((await scoring(office, second)).allowedActions).not.toContain('import');
    expect((await upload(office, url, 'a.xlsx', file)).status).toBe(409);
  });
});

describe('已佐证得分: a score earned by accepted, evidenced parts', () => {
  it('splits each item over its linked parts: supported, estimated if on time, at risk; 未佐证 without links', async () => {
    // Task 9 (消防站, 4 units) is due by the end of April 2021; the check runs in March, then in May.
    t.clock.set('2021-03-01T09:00:00+08:00');
    const c = await office.post('/api/campaigns', { title: '佐证检验（2020—2021）', planningYear: 2020 });
    expect((await office.post(`/api/campaigns/${c.body.id}/scoring/seed`)).status).toBe(201);
    const tasks = (await office.get(`/api/campaigns/${c.body.id}/tasks?pageSize=200`)).body.items as { id: string; seq: number }[];
    const t9 = tasks.find((x) => x.seq === 9)!;
    const item = (await scoring(office, c.body.id)).items.find((i) => i.code === '(6)')!;
    expect((await office.put(`/api/scoring-items/${item.id}/tasks`, { taskIds: [t9.id] })).status).toBe(200);

    const parts = (await office.get(`/api/campaign-tasks/${t9.id}`)).body.assignments as { id: string; orgId: string }[];
    const partOf = async (code: string) => {
      const orgId = await t.orgId(code);
      return parts.find((p) => p.orgId === orgId)!.id;
    };
    const unit = async (code: string) => t.userIn(code, ['department'], `sc_${code.toLowerCase()}`);
    const act = async (client: Client, code: string, action: string, body: object = {}) => {
      const res = await client.post(`/api/campaign-assignments/${await partOf(code)}/actions/${action}`, body);
      expect(res.status).toBe(200);
    };
    const m = multipart('消防站验收.pdf', Buffer.from('%PDF-1.4\n% 9\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'file', 'application/pdf');
    const file = (await emergency.request('POST', '/api/files', m.body, m.headers)).body.id;
    // 应急管理局: accepted with evidence. 交通运输局: returned. 消防救援大队: accepted without evidence. 资源规划局: open.
    await act(emergency, 'YJGLJ', 'submit', { text: '消防站布局评估完成', percent: 100, fileIds: [file] });
    await act(office, 'YJGLJ', 'accept');
    const transport = await unit('JTYSJ');
    await act(transport, 'JTYSJ', 'submit', { text: '消防通道整治完成', percent: 100 });
    await act(office, 'JTYSJ', 'return', { reason: '缺少整治台账' });
    const fire = await unit('XFJYDD');
    await act(fire, 'XFJYDD', 'submit', { text: '四有五有达标', percent: 100 });
    await act(office, 'XFJYDD', 'accept');

    const before = await scoring(office, c.body.id);
    const six = before.items.find((i) => i.code === '(6)')!;
    // 2 points over 4 parts: one supported (0.5), one open on time (estimated 1), returned and unevidenced at risk.
    expect(six.support).toMatchObject({
      supportedCenti: 50,
      estimatedCenti: 100,
      atRiskCenti: 100,
      status: 'at_risk',
      parts: { supported: 1, open: 1, overdue: 0, returned: 1, no_evidence: 1 },
    });
    expect(six.support.reason.zh).toContain('被退回 1');
    // (8) has no task and no evidence: 未佐证, nothing earned, all at risk.
    expect(before.items.find((i) => i.code === '(8)')!.support).toMatchObject({
      supportedCenti: 0,
      estimatedCenti: 0,
      atRiskCenti: 100,
      status: 'unsupported',
      statusLabel: { zh: '未佐证' },
    });
    // No finding yet: the old score still reads full marks (it is an upper bound); the earned score does not.
    expect(before.totals).toMatchObject({ scoreCenti: 10000 });
    expect(before.totals.supportedCenti).toBeLessThan(500);
    expect(before.totals.estimatedCenti + before.totals.atRiskCenti).toBe(before.totals.scoreCenti);
    expect(before.totals.unsupportedItems).toBeGreaterThanOrEqual(3);

    // Past the deadline the open part is overdue: its share moves from the estimate to the risk.
    t.clock.set('2021-05-10T09:00:00+08:00');
    const after = (await scoring(office, c.body.id)).items.find((i) => i.code === '(6)')!;
    expect(after.support).toMatchObject({ supportedCenti: 50, estimatedCenti: 50, atRiskCenti: 150, parts: { open: 0, overdue: 1 } });
    expect(after.support.reason.zh).toContain('逾期 1');

    const xlsx = await office.get(`/api/campaigns/${c.body.id}/scoring.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('自评得分')!;
    const header = (sheet.getRow(2).values as string[]).slice(1);
    expect(header.slice(5, 11)).toEqual(['扣分后可得', '已佐证得分', '预估得分', '风险扣分', '佐证状态', '原因']);
    const rowOf = (code: string) => {
      let found: string[] = [];
      sheet.eachRow((r) => {
        if (r.getCell(1).text.trim() === code) found = Array.from({ length: 11 }, (_, i) => r.getCell(i + 1).text);
      });
      return found;
    };
    expect(rowOf('(6)').slice(5, 10)).toEqual(['2', '0.5', '0.5', '1.5', '有风险']);
    expect(rowOf('(8)').slice(6, 10)).toEqual(['0', '0', '1', '未佐证']);
  });
});
