import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';

/**
 * 佐证材料 archive for the 上级复核 (GET /api/campaigns/:id/evidence.zip): the units' evidence files in folders by task
 * (or scoring item) and unit, an index workbook read back with exceljs, and what each caller may read.
 */

let t: TestApp;
let office: Client;
let first: Client; // a unit with a part in the shared task
let second: Client; // another unit of the same task
let campaignId: string;
let task: { id: string; seq: number; content: string; responsible: { orgId: string; orgName: string }[] };

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);

async function upload(client: Client, name: string, bytes: Buffer): Promise<string> {
  const res = await client.upload(name, bytes, 'application/pdf');
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const partOf = async (client: Client, orgId: string) =>
  (await client.get(`/api/campaign-tasks/${task.id}`)).body.assignments.find((a: { orgId: string }) => a.orgId === orgId).id as string;

async function archive(client: Client, query = '') {
  const res = await client.get(`/api/campaigns/${campaignId}/evidence.zip${query}`);
  return res;
}

async function opened(client: Client, query = '') {
  const res = await archive(client, query);
  expect(res.status, res.body?.error?.message?.en).toBe(200);
  expect(res.headers['content-type']).toBe('application/zip');
  const zip = await JSZip.loadAsync(res.raw.rawPayload);
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await zip.file('佐证材料清单.xlsx')!.async('nodebuffer')) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('佐证材料清单')!;
  const rows: string[][] = [];
  sheet.eachRow((row, n) => {
    if (n > 2) rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
  });
  return { zip, names, rows, header: sheet.getRow(2).values as unknown[], disposition: String(res.headers['content-disposition']) };
}

beforeAll(async () => {
  t = await testApp({ now: '2020-11-20T09:00:00+08:00' });
  office = await t.userIn('AWB', ['safety_office'], 'ev_office');
  campaignId = (await office.post('/api/campaigns', { title: '国家安全发展示范城市创建工作' })).body.id;
  const tasks = (await office.get(`/api/campaigns/${campaignId}/tasks?pageSize=200`)).body.items as (typeof task & {
    responsible: { orgId: string; orgName: string; orgType?: string }[];
  })[];
  // A task shared by two departments: each reads its own evidence, 安委办 both.
  const departments = new Set(
    ((await office.get('/api/orgs?pageSize=2000')).body.items as { id: string; type: string }[])
      .filter((o) => o.type === 'department')
      .map((o) => o.id),
  );
  task = tasks.find((x) => x.responsible.filter((r) => departments.has(r.orgId)).length >= 2)!;
  expect(task).toBeDefined();
  const [a, b] = task.responsible.filter((r) => departments.has(r.orgId));
  first = await t.userIn((await office.get(`/api/orgs/${a!.orgId}`)).body.code, ['department'], 'ev_first');
  second = await t.userIn((await office.get(`/api/orgs/${b!.orgId}`)).body.code, ['department'], 'ev_second');
  task.responsible = [a!, b!];

  // The first unit reports twice, each time with a file named 照片说明.pdf, then submits and is accepted; the second
  // reports once.
  const firstPart = await partOf(first, a!.orgId);
  for (const [i, text] of ['第一次', '第二次'].entries()) {
    const fileId = await upload(first, '照片说明.pdf', pdf(text));
    const res = await first.post(`/api/campaign-assignments/${firstPart}/actions/report`, {
      text: `${text}报送`,
      percent: 40 + i * 20,
      fileIds: [fileId],
    });
    expect(res.status).toBe(200);
  }
  const plan = await upload(first, '整改方案.pdf', pdf('方案'));
  expect(
    (await first.post(`/api/campaign-assignments/${firstPart}/actions/submit`, { text: '已完成', percent: 100, fileIds: [plan] })).status,
  ).toBe(200);
  expect((await office.post(`/api/campaign-assignments/${firstPart}/actions/accept`, {})).status).toBe(200);
  const secondPart = await partOf(second, b!.orgId);
  const theirs = await upload(second, '检查记录.pdf', pdf('检查'));
  expect(
    (await second.post(`/api/campaign-assignments/${secondPart}/actions/report`, { text: '开展检查', percent: 30, fileIds: [theirs] }))
      .status,
  ).toBe(200);
});
afterAll(() => t.close());

describe('the evidence archive', () => {
  it('holds every unit’s files for 安委办, in folders by task and unit, with the index', async () => {
    const { zip, names, rows, header, disposition } = await opened(office);
    const folder = `${String(task.seq).padStart(3, '0')} `;
    const [a, b] = task.responsible;
    expect(names).toHaveLength(5);
    expect(names[0]).toBe('佐证材料清单.xlsx');
    const firstFiles = names.filter((n) => n.startsWith(folder) && n.includes(`/${a!.orgName}/`));
    // Two reports' files of the same name are both kept, the second numbered.
    expect(firstFiles.map((n) => n.split('/').at(-1)).sort()).toEqual(['整改方案.pdf', '照片说明 (2).pdf', '照片说明.pdf']);
    expect(names.filter((n) => n.includes(`/${b!.orgName}/`)).map((n) => n.split('/').at(-1))).toEqual(['检查记录.pdf']);
    // The bytes are the stored files'.
    const second = firstFiles.find((n) => n.endsWith('照片说明 (2).pdf'))!;
    expect((await zip.file(second)!.async('nodebuffer')).toString()).toContain('第二次');
    expect(disposition).toContain(encodeURIComponent('佐证材料'));

    expect(header.slice(1)).toEqual([
      '评分项',
      '任务序号',
      '主要目标任务',
      '责任单位',
      '报送类型',
      '文件名',
      '压缩包内位置',
      '上传人',
      '上传时间',
      '验收时间',
    ]);
    expect(rows).toHaveLength(4);
    const plan = rows.find((r) => r[5] === '整改方案.pdf')!;
    expect(plan.slice(1, 5)).toEqual([String(task.seq), task.content, a!.orgName, '提交验收']);
    expect(plan[6]).toBe(firstFiles.find((n) => n.endsWith('整改方案.pdf')));
    expect(plan[8]).toMatch(/^2020-11-20 \d{2}:\d{2}:\d{2}$/);
    expect(plan[9]).toMatch(/^2020-11-20 /);
    expect(rows.find((r) => r[5] === '检查记录.pdf')![9]).toBe('未验收');
  });

  it('holds a unit’s own parts only for the unit, and one unit’s when asked for it', async () => {
    const [a, b] = task.responsible;
    const own = await opened(first);
    expect(own.names.filter((n) => n.endsWith('.pdf'))).toHaveLength(3);
    expect(own.names.some((n) => n.includes(`/${b!.orgName}/`))).toBe(false);
    const theirs = await opened(office, `?orgId=${b!.orgId}`);
    expect(theirs.rows.map((r) => r[5])).toEqual(['检查记录.pdf']);
    // Another unit's archive is not the caller's to ask for: 404, like its records.
    const refused = await archive(first, `?orgId=${b!.orgId}`);
    expect(refused.status).toBe(404);
    // No unit of the campaign: 404.
    expect((await archive(office, '?orgId=00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await opened(office, `?orgId=${a!.orgId}`)).rows.map((r) => r[5]).sort()).toEqual([
      '整改方案.pdf',
      '照片说明.pdf',
      '照片说明.pdf',
    ]);
  });

  it('by scoring item: its tasks’ evidence in the item’s folder, the item in the index', async () => {
    const scoring = (await office.post(`/api/campaigns/${campaignId}/scoring/seed`, {})).body;
    const item = (scoring.items as { id: string; code: string; name: string; parentId: string | null }[]).find((i) => i.parentId !== null)!;
    expect((await office.put(`/api/scoring-items/${item.id}/tasks`, { taskIds: [task.id] })).status).toBe(200);
    const parent = scoring.items.find((i: { id: string }) => i.id === item.parentId);
    // Asked for the item's parent: the lower item's folder holds the task.
    const { names, rows, disposition } = await opened(office, `?itemId=${parent.id}`);
    expect(names.filter((n) => n.endsWith('.pdf'))).toHaveLength(4);
    expect(names.filter((n) => n.endsWith('.pdf')).every((n) => n.startsWith(`${item.code} `))).toBe(true);
    expect(rows.every((r) => r[0] === item.code)).toBe(true);
    expect(decodeURIComponent(disposition)).toContain(parent.code);
    // An item with no task: the index alone.
    const other = scoring.items.find((i: { id: string; parentId: string | null }) => i.parentId === null && i.id !== parent.id);
    const empty = await opened(office, `?itemId=${other.id}`);
    expect(empty.names).toEqual(['佐证材料清单.xlsx']);
    expect((await archive(office, '?itemId=00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('is refused without a login (401), for a campaign that does not exist (404) and for a bad id (400)', async () => {
    expect((await t.anonymous.get(`/api/campaigns/${campaignId}/evidence.zip`)).status).toBe(401);
    expect((await office.get('/api/campaigns/00000000-0000-4000-8000-000000000000/evidence.zip')).status).toBe(404);
    expect((await office.get(`/api/campaigns/${campaignId}/evidence.zip?itemId=abc`)).status).toBe(400);
  });
});
