import ExcelJS from 'exceljs';
import { desc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../test/harness.js';
import { rowHash } from './audit.js';
import { rows } from './db.js';
import { auditLog } from './platform.tables.js';

let t: TestApp;
let admin: Client;
let office: Client; // 安委办
let street: Client; // 新筑街办
let taskId: string;
let partId: string;
let seq: number;
let unitName: string;
const reason = '佐证材料不全，请补充现场照片';

// The platform's tests reach the identity module's tables only through SQL (platform/ imports no module).
const orgName = async (code: string) =>
  (await rows<{ name: string }>(t.platform.db, sql`select name from orgs where code = ${code}`))[0]!.name;

interface Entry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string;
  actorOrgName: string | null;
  action: string;
  actionLabel: { zh: string; en: string };
  entityType: string;
  entityLabel: { zh: string; en: string };
  entityId: string | null;
  module: string | null;
  sentence: { zh: string; en: string };
  link: string | null;
  changes: { field: string; before: unknown; after: unknown }[];
}

async function log(by: Client, query: string): Promise<{ items: Entry[]; total: number }> {
  const res = await by.get(`/api/audit?pageSize=200&${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

beforeAll(async () => {
  t = await testApp({ now: '2021-03-01T09:00:00+08:00' });
  admin = await t.admin();
  office = await t.userIn('AWB', ['safety_office'], 'awb_reader');
  street = await t.userIn('XZJB', ['street'], 'xz_reporter');
  const c = await office.post('/api/campaigns', { title: '创建工作' });
  expect(c.status).toBe(201);
  const streetOrg = await t.orgId('XZJB');
  const tasks = (await street.get(`/api/campaigns/${c.body.id}/tasks?pageSize=1&orgId=${streetOrg}`)).body.items;
  taskId = tasks[0].id;
  const detail = (await street.get(`/api/campaign-tasks/${taskId}`)).body;
  seq = detail.seq;
  const part = detail.assignments.find((a: { orgId: string }) => a.orgId === streetOrg);
  partId = part.id;
  unitName = part.orgName;
  const submitted = await street.post(`/api/campaign-assignments/${partId}/actions/submit`, { text: '已完成', percent: 100 });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const returned = await office.post(`/api/campaign-assignments/${partId}/actions/return`, { reason });
  expect(returned.status, JSON.stringify(returned.body)).toBe(200);
  // Four days later the street submits again: the date filters tell the two submissions apart.
  // (The sessions of four days ago have lapsed: everyone signs in again.)
  t.clock.set('2021-03-05T10:00:00+08:00');
  [admin, office, street] = await Promise.all([t.admin(), t.login('awb_reader'), t.login('xz_reporter')]);
  const again = await street.post(`/api/campaign-assignments/${partId}/actions/submit`, { text: '已补充照片', percent: 100 });
  expect(again.status, JSON.stringify(again.body)).toBe(200);
});
afterAll(() => t.close());

describe('a row reads as a sentence', () => {
  it('names who (with their org), what was done to which object, and why, with a link to it', async () => {
    const { items } = await log(office, 'action=campaignAssignment.return');
    expect(items).toHaveLength(1);
    const row = items[0]!;
    const awb = await orgName('AWB');
    expect(row.actorOrgName).toBe(awb);
    expect(row.actionLabel).toEqual({ zh: '退回', en: 'Return' });
    expect(row.entityLabel.zh).toBe('责任单位任务');
    expect(row.module).toBe('campaign');
    expect(row.link).toBe(`/campaign/tasks/${taskId}`);
    expect(row.sentence.zh).toBe(`测试awb_reader（${awb}）退回 责任单位任务 第${seq}项任务 ${unitName}：${reason}`);
    expect(row.sentence.en).toBe(`测试awb_reader (${awb}): Return — A unit's part of a task No. ${seq}, ${unitName}. ${reason}`);
    // A transition changes the part's state: the edit shows it, before → after.
    expect(row.changes).toContainEqual({ field: 'status', before: 'submitted', after: 'returned' });
  });

  it('shows the fields an edit changed, and only those', async () => {
    const id = await t.orgId('XZJB');
    const before = await orgName('XZJB');
    const res = await admin.patch(`/api/orgs/${id}`, { name: '新筑街道办事处（更名）' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const row = (await log(admin, 'action=org.update')).items[0]!;
    expect(row.changes).toContainEqual({ field: 'name', before, after: '新筑街道办事处（更名）' });
    expect(row.changes.map((c) => c.field)).not.toContain('code');
    expect(row.link).toBe(`/orgs?id=${id}`);
    expect(row.sentence.zh).toContain('修改组织机构 新筑街道办事处（更名）');
    // A creation has nothing to compare with.
    expect((await log(admin, 'action=campaign.create')).items[0]!.changes).toEqual([]);
  });
});

describe('filters', () => {
  it('by person', async () => {
    const all = await log(office, '');
    const mine = await log(office, `actorId=${street.user!.id}`);
    expect(mine.total).toBeGreaterThanOrEqual(2);
    expect(mine.total).toBeLessThan(all.total);
    expect(mine.items.every((r) => r.actorId === street.user!.id)).toBe(true);
  });

  it('by org: the people of the org and of the orgs under it', async () => {
    const streetRows = await log(office, `orgId=${await t.orgId('XZJB')}`);
    expect(new Set(streetRows.items.map((r) => r.actorId))).toEqual(new Set([street.user!.id]));
    const district = await log(office, `orgId=${await t.orgId('GWQ')}`);
    expect(new Set(district.items.map((r) => r.actorId))).toEqual(new Set([street.user!.id, office.user!.id, admin.user!.id]));
  });

  it('by module', async () => {
    const campaignRows = await log(admin, 'module=campaign');
    expect(campaignRows.total).toBeGreaterThanOrEqual(4);
    expect(campaignRows.items.every((r) => r.module === 'campaign')).toBe(true);
    const identityRows = await log(admin, 'module=identity');
    expect(identityRows.items.map((r) => r.entityType)).toContain('org');
    expect(identityRows.items.every((r) => ['org', 'user', 'role', 'apiToken'].includes(r.entityType))).toBe(true);
    expect((await log(admin, 'module=nothing')).total).toBe(0);
  });

  it('by action and object type', async () => {
    const submits = await log(office, 'action=campaignAssignment.submit');
    expect(submits.total).toBe(2);
    expect(submits.items.every((r) => r.action === 'campaignAssignment.submit')).toBe(true);
    const parts = await log(office, 'entityType=campaignAssignment');
    expect(parts.total).toBe(3);
  });

  it('by date range', async () => {
    const from = encodeURIComponent('2021-03-04T00:00:00+08:00');
    const to = encodeURIComponent('2021-03-02T00:00:00+08:00');
    const later = await log(office, `action=campaignAssignment.submit&from=${from}`);
    expect(later.total).toBe(1);
    expect(later.items[0]!.at.slice(0, 13)).toBe('2021-03-05T02');
    const earlier = await log(office, `action=campaignAssignment.submit&to=${to}`);
    expect(earlier.total).toBe(1);
    expect(earlier.items[0]!.at < '2021-03-02').toBe(true);
  });

  it('offers every module, object type and action with its labels', async () => {
    const res = await office.get('/api/audit/labels');
    expect(res.status).toBe(200);
    expect(res.body.modules).toContainEqual({ key: 'campaign', label: { zh: '创建工作', en: expect.any(String) } });
    expect(res.body.objects).toContainEqual({
      key: 'campaignAssignment',
      label: { zh: '责任单位任务', en: "A unit's part of a task" },
      module: 'campaign',
    });
    expect(res.body.actions).toContainEqual({ key: 'campaignAssignment.return', label: { zh: '退回', en: 'Return' }, module: 'campaign' });
  });
});

describe('scope', () => {
  it('a district office reads its district, not another district’s', async () => {
    const otherId = crypto.randomUUID();
    await t.platform.db.execute(
      sql`insert into orgs (id, code, name, type, path) values (${otherId}, 'OTHERDIST', '另一区', 'district', ${`/${otherId}/`})`,
    );
    const otherOffice = await t.userIn('OTHERDIST', ['safety_office'], 'other_office');
    const theirs = await log(otherOffice, '');
    expect(theirs.total).toBeGreaterThan(0);
    expect(theirs.items.every((r) => r.actorId === otherOffice.user!.id)).toBe(true);
    expect((await log(office, `actorId=${otherOffice.user!.id}`)).total).toBe(0);
    expect((await log(admin, `actorId=${otherOffice.user!.id}`)).total).toBe(theirs.total);
    // Naming the other district's org as a filter does not widen the reach.
    expect((await log(office, `orgId=${otherId}`)).total).toBe(0);
  });

  it('refuses the export to those without audit.read', async () => {
    expect((await street.get('/api/audit.xlsx')).status).toBe(403);
    expect((await street.get('/api/audit/labels')).status).toBe(403);
    expect((await t.anonymous.get('/api/audit.xlsx')).status).toBe(401);
  });
});

describe('xlsx export', () => {
  it('holds the filtered rows, newest first, under Chinese headers', async () => {
    const list = await log(office, 'module=campaign');
    const res = await office.get('/api/audit.xlsx?module=campaign');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(String(res.headers['content-disposition'])).toContain('.xlsx');
    const wb = new ExcelJS.Workbook();
    // exceljs's typings predate Node's generic Buffer; the bytes are what it reads.
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('审计日志')!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['时间', '操作人', '所在单位', '模块', '操作', '对象类型', '对象编号', '说明', '变更', '链接', 'IP']);
    expect(sheet.rowCount - 1).toBe(list.total);
    list.items.forEach((item, i) => {
      const row = values(i + 2);
      expect(row[1]).toBe(item.actorName);
      expect(row[3]).toBe('创建工作');
      expect(row[4]).toBe(item.actionLabel.zh);
      expect(row[7]).toBe(item.sentence.zh);
    });
    const returned = list.items.findIndex((r) => r.action === 'campaignAssignment.return');
    expect(values(returned + 2)[0]).toMatch(/^2021-03-01 09:\d\d:\d\d$/);
    expect(values(returned + 2)[8]).toBe('status：submitted → returned');
  });

  it('refuses a selection over the cap with 422, saying how many rows matched', async () => {
    // Chained exactly as audit() chains them, a thousand rows per statement: the verification below reads them all.
    const bulk = 10_001;
    const [last] = await t.platform.db.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    let prevHash = last!.hash;
    const at = t.clock.now();
    for (let start = 0; start < bulk; start += 1000) {
      const batch = [];
      for (let i = start; i < Math.min(bulk, start + 1000); i++) {
        const content = {
          at: at.toISOString(),
          actorId: null,
          actorName: '系统',
          ip: null,
          action: 'bulk.row',
          entityType: 'bulkRow',
          entityId: String(i),
          before: null,
          after: null,
        };
        const hash = rowHash(prevHash, content);
        batch.push({ ...content, at, prevHash, hash });
        prevHash = hash;
      }
      await t.platform.db.insert(auditLog).values(batch);
    }
    const res = await admin.get('/api/audit.xlsx?entityType=bulkRow');
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('RULE_VIOLATION');
    expect(res.body.error.message.zh).toContain(`${bulk} 条`);
    expect((await admin.get('/api/audit.xlsx?entityType=bulkRow&action=nothing')).status).toBe(200);
  });
});

describe('chain verification', () => {
  it('still verifies every row, the bulk ones included', async () => {
    const res = await office.get('/api/audit/verify');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, firstBrokenId: null });
    expect(res.body.rows).toBeGreaterThan(10_001);
  });
});
