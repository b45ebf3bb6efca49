import { hazard as rules } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { hazards } from './hazard.tables.js';

/**
 * The statistics through the real app: the arithmetic at its boundaries (closed on the deadline day
 * on time, the next day late; a quarter's first and last day; overdue at the quarter's end), months,
 * reach (a street sees only its area's figures), the map layer, the 16号令 tables read back with
 * exceljs, and that the static paths are not taken for a hazard id.
 *
 * The hazards are written straight into the table with the instants under test: what is tested is
 * what the statistics read of them; the loops that put hazards in those states have their own tests.
 */

let t: TestApp;
let office: Client;
let xinzhu: Client;
let xinhe: Client;
const AFTER_Q2 = '2026-08-01T10:00:00+08:00';
const Q2 = '/api/hazards/stats?from=2026-04-01&to=2026-06-30';
const at = (iso: string) => new Date(iso);

type Row = typeof hazards.$inferInsert;
const facts: { street: 'XZJB' | 'XHJB'; facts: rules.HazardStatsFacts }[] = [];
let seq = 0;

async function hazard(street: 'XZJB' | 'XHJB', over: Partial<Row>): Promise<void> {
  seq += 1;
  const row: Row = {
    code: `YH-2026-${String(seq).padStart(6, '0')}`,
    title: `统计测试隐患${seq}`,
    level: '一般',
    status: over.closedAt ? 'closed' : 'rectifying',
    origin: 'grid_patrol',
    category: 'fire',
    responsibleOrgId: await t.orgId('LGJT'),
    reportedOrgId: await t.orgId(street),
    streetId: await t.orgId(street),
    foundAt: at('2026-04-10T09:00:00+08:00'),
    ...over,
  };
  await t.platform.db.insert(hazards).values(row);
  await t.platform.db.execute(
    sql`update hazards set geom = ST_SetSRID(ST_MakePoint(${street === 'XZJB' ? 109.05 : 109.15}, 34.4), 4326) where code = ${row.code}`,
  );
  facts.push({
    street,
    facts: {
      level: row.level,
      foundAt: row.foundAt,
      deadline: row.deadline ?? null,
      closedAt: row.closedAt ?? null,
      listedAt: row.listedAt ?? null,
    },
  });
}

beforeAll(async () => {
  t = await testApp({ now: AFTER_Q2 });
  office = await t.userIn('AWB', ['safety_office']);
  xinzhu = await t.userIn('XZJB', ['street']);
  xinhe = await t.userIn('XHJB', ['street']);
  // 新筑: the boundaries of Q2 and of the deadline day.
  await hazard('XZJB', { foundAt: at('2026-03-31T23:59:59+08:00') });
  await hazard('XZJB', { foundAt: at('2026-04-01T00:00:00+08:00'), deadline: '2026-05-10', closedAt: at('2026-05-10T23:59:00+08:00') });
  await hazard('XZJB', { deadline: '2026-05-10', closedAt: at('2026-05-11T00:00:00+08:00') });
  await hazard('XZJB', { foundAt: at('2026-06-30T23:59:59+08:00'), deadline: '2026-06-30' });
  await hazard('XZJB', { foundAt: at('2026-07-01T00:00:00+08:00'), category: 'gas' });
  await hazard('XZJB', { closedAt: at('2026-06-01T10:00:00+08:00'), category: null });
  await hazard('XZJB', {
    level: '重大',
    status: 'closed',
    category: 'gas',
    foundAt: at('2026-02-01T09:00:00+08:00'),
    deadline: '2026-06-30',
    listedAt: at('2026-02-20T09:00:00+08:00'),
    closedAt: at('2026-06-20T09:00:00+08:00'),
  });
  // 新合: a listed major hazard open across the quarter, and one overdue since April.
  await hazard('XHJB', {
    level: '重大',
    status: 'listed',
    category: 'hazardous_chemicals',
    foundAt: at('2026-04-15T09:00:00+08:00'),
    deadline: '2026-09-30',
    listedAt: at('2026-05-15T09:00:00+08:00'),
  });
  await hazard('XHJB', { deadline: '2026-04-20' });
});
beforeEach(() => t.clock.set(AFTER_Q2));
afterAll(async () => {
  await t?.close();
});

const reference = (street?: 'XZJB' | 'XHJB', period = rules.quarterPeriod(2026, 2), now = at(AFTER_Q2)) =>
  rules.hazardStatsOf(
    facts.filter((f) => street === undefined || f.street === street).map((f) => f.facts),
    period,
    now,
  );

describe('GET /api/hazards/stats', () => {
  it('counts a quarter as the domain defines it: on time on the deadline day, late the next; found on its first and last day', async () => {
    const res = await office.get(`${Q2}&groupBy=level`);
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject({
      found: 6,
      rectified: 4,
      rectifiedWithDeadline: 3,
      rectifiedOnTime: 2,
      overdue: 2,
      listed: 2,
      closedListed: 1,
      closeRate: 0.5,
    });
    expect(res.body.totals.onTimeRate).toBeCloseTo(2 / 3);
    expect(res.body.totals).toMatchObject(reference());
    expect(res.body.rows.map((r: { key: string }) => r.key)).toEqual(['一般', '重大']);
    expect(res.body.asOf).toBe('2026-06-30T16:00:00.000Z');
  });

  it('counts overdue as of now while the period runs: not on the deadline day itself', async () => {
    t.clock.set('2026-06-30T12:00:00+08:00');
    const res = await office.get(`${Q2}&groupBy=street`);
    expect(res.status).toBe(200);
    expect(res.body.totals.overdue).toBe(1);
    expect(res.body.totals).toMatchObject(reference(undefined, rules.quarterPeriod(2026, 2), at('2026-06-30T12:00:00+08:00')));
  });

  it('names streets and categories, the unlocated and uncategorised included', async () => {
    const streets = await office.get(`${Q2}&groupBy=street`);
    expect(Object.fromEntries(streets.body.rows.map((r: { label: string; found: number }) => [r.label, r.found]))).toEqual({
      新筑街办: 4,
      新合街办: 2,
    });
    const categories = await office.get(`${Q2}&groupBy=category`);
    expect(categories.body.rows.map((r: { label: string }) => r.label)).toEqual(
      expect.arrayContaining(['消防安全', '燃气安全', '危险化学品', '未分类']),
    );
  });

  it('gives every month of the period a row, and totals that count a listed hazard once', async () => {
    const res = await office.get('/api/hazards/stats?from=2026-04-01&to=2026-07-31&groupBy=month');
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: { key: string }) => r.key)).toEqual(['2026-04', '2026-05', '2026-06', '2026-07']);
    const listed = res.body.rows.map((r: { listed: number }) => r.listed);
    expect(listed).toEqual([1, 2, 2, 1]);
    expect(res.body.totals.listed).toBe(2);
    expect(res.body.rows[3].found).toBe(1);
    for (const [i, month] of rules.monthsOf({ from: '2026-04-01', to: '2026-07-31' }).entries()) {
      expect(res.body.rows[i]).toMatchObject(reference(undefined, month));
    }
  });

  it('keeps a street to its own area', async () => {
    const mine = await xinzhu.get(`${Q2}&groupBy=street`);
    expect(mine.status).toBe(200);
    expect(mine.body.rows.map((r: { label: string }) => r.label)).toEqual(['新筑街办']);
    expect(mine.body.totals).toMatchObject(reference('XZJB'));
    const theirs = await xinhe.get(`${Q2}&groupBy=level`);
    expect(theirs.body.totals).toMatchObject(reference('XHJB'));
    expect(theirs.body.totals.found).toBe(2);
  });

  it('refuses a period that ends before it starts, and an unknown grouping, with the field', async () => {
    const backwards = await office.get('/api/hazards/stats?from=2026-06-30&to=2026-04-01');
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('to');
    expect((await office.get('/api/hazards/stats?groupBy=colour')).status).toBe(400);
    expect((await t.anonymous.get(Q2)).status).toBe(401);
  });

  it('answers the static paths beside GET /api/hazards/:id, which would refuse them as ids', async () => {
    expect((await office.get('/api/hazards/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    for (const path of ['/api/hazards/stats', '/api/hazards/map.geojson', '/api/hazards/stats/annual.xlsx?year=2026']) {
      const res = await office.get(path);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
    }
  });

  it('defaults to this year up to today', async () => {
    const res = await office.get('/api/hazards/stats');
    expect(res.body).toMatchObject({ from: '2026-01-01', to: '2026-08-01', groupBy: 'level' });
  });
});

describe('GET /api/hazards/map.geojson', () => {
  it('sends the located hazards in reach with status and level, not taken for a hazard id', async () => {
    const all = await office.get('/api/hazards/map.geojson?from=2026-04-01&to=2026-06-30');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ type: 'FeatureCollection', truncated: false, limit: 5000 });
    expect(all.body.features).toHaveLength(6);
    const mine = await xinhe.get('/api/hazards/map.geojson');
    expect(mine.body.features.map((f: { properties: { level: string; status: string } }) => f.properties)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: '重大', status: 'listed', overdue: false }),
        expect.objectContaining({ level: '一般', status: 'rectifying', overdue: true }),
      ]),
    );
    expect(mine.body.features).toHaveLength(2);
    const listed = await office.get('/api/hazards/map.geojson?status=listed');
    expect(listed.body.features).toHaveLength(1);
    expect(listed.body.features[0].geometry.coordinates).toEqual([109.15, 34.4]);
    expect((await office.get('/api/hazards/map.geojson?status=nonsense')).status).toBe(400);
  });
});

describe('the 16号令 statistics tables', () => {
  const read = async (bytes: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    return wb.worksheets[0]!;
  };
  const rowOf = (sheet: ExcelJS.Worksheet, label: string) => {
    let found: ExcelJS.Row | undefined;
    sheet.eachRow((r) => {
      if (r.getCell(1).value === label) found = r;
    });
    return found!;
  };

  it('writes the quarter by category and level with its title, unit, period, totals and signature line', async () => {
    const res = await office.get('/api/hazards/stats/quarterly.xlsx?year=2026&quarter=2');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const sheet = await read(res.raw.rawPayload);
    expect(sheet.getCell('A1').value).toBe('隐患排查治理情况统计表（2026年第2季度）');
    expect(String(sheet.getCell('A2').value)).toContain('统计期间：2026-04-01 至 2026-06-30');
    expect(String(sheet.getCell('A2').value)).toContain('填报单位：');
    // 一般: found, rectified, on time, rate, overdue; 重大: the same, then listed, 销号, rate.
    const total = rowOf(sheet, '合计');
    const values = (total.values as unknown[]).slice(2);
    expect(values.slice(0, 5)).toEqual([5, 3, 1, 0.5, 2]);
    expect(values.slice(5)).toEqual([1, 1, 1, 1, 0, 2, 1, 0.5]);
    const fire = (rowOf(sheet, '消防安全').values as unknown[]).slice(2, 7);
    expect(fire).toEqual([4, 2, 1, 0.5, 2]);
    let signature = false;
    sheet.eachRow((r) => {
      if (String(r.getCell(1).value).startsWith('单位负责人（签字）')) signature = true;
    });
    expect(signature).toBe(true);
  });

  it('writes the year, within the caller’s reach, and refuses a quarter 5', async () => {
    const res = await xinhe.get('/api/hazards/stats/annual.xlsx?year=2026');
    expect(res.status).toBe(200);
    const sheet = await read(res.raw.rawPayload);
    expect(sheet.getCell('A1').value).toBe('隐患排查治理情况统计表（2026年度）');
    expect(String(sheet.getCell('A2').value)).toContain('新合街道办事处');
    const total = (rowOf(sheet, '合计').values as unknown[]).slice(2);
    expect(total[0]).toBe(1);
    expect(total[5]).toBe(1);
    expect((await office.get('/api/hazards/stats/quarterly.xlsx?year=2026&quarter=5')).status).toBe(400);
  });
});
