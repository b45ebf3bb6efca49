import { api, hazard as rules } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { systemActor } from '../../platform/actor.js';
import { bindClock, rows } from '../../platform/db.js';
import { figuresByCategoryAndLevel, hazardStats, statsSourceFor } from './hazard-stats.js';
import { hazards } from './hazard.tables.js';

/**
 * The statistics' rollup (`hazard_stats_daily`, kept by the database's triggers on `hazards`) gives
 * the same answers as counting the hazards, after writes of every kind: many rows in one statement
 * and one at a time, closes (one after the clock's now), reopenings, level changes with and without
 * 挂牌督办, deadlines moved and removed, groups changed, edits the statistics do not read, deletes. Each
 * answer — every grouping, the 16号令 tables' category × level, periods past, running, future, of a
 * day, across months and years — is compared whole (rows, labels, order, totals), at a clock within a
 * day and at 00:00, and the totals with the domain's definitions over the rows. The writes go straight
 * to the table: the triggers see every writer alike, and the services' own writes have their tests.
 * Runs on PGlite, and on PostgreSQL with DATABASE_URL.
 */

type StatsQuery = z.output<typeof api.hazardStats.getStats.query>;
type Row = typeof hazards.$inferInsert;

const WITHIN_A_DAY = '2026-08-15T10:30:00+08:00';
const AT_MIDNIGHT = '2026-09-01T00:00:00+08:00';
const periods: rules.StatsPeriod[] = [
  rules.yearPeriod(2025),
  rules.yearPeriod(2026),
  rules.quarterPeriod(2025, 4),
  ...([1, 2, 3, 4] as const).map((q) => rules.quarterPeriod(2026, q)),
  { from: '2025-08-16', to: '2026-08-15' },
  { from: '2026-03-15', to: '2026-03-15' },
  { from: '2024-12-20', to: '2025-01-10' },
  { from: '2026-08-01', to: '2026-08-31' },
];

let t: TestApp;
let office: Client;
let street: Client;
let units: string[];
let streets: (string | null)[];

/** A fixed sequence of fractions (a linear congruential generator), so that every run writes the same hazards. */
function fractions(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

const dayMs = 86_400_000;
const shanghaiDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Hazards found across 2024-12 … 2026-08, a third still open, one in six 重大 (most of those listed). */
function hazardRows(count: number, seed: number): Row[] {
  const next = fractions(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const first = new Date('2024-12-01T00:00:00+08:00').getTime();
  const last = new Date('2026-08-15T10:00:00+08:00').getTime();
  return Array.from({ length: count }, (_, i) => {
    const foundAt = new Date(first + Math.floor(next() * (last - first)));
    const deadline = next() < 0.15 ? null : shanghaiDay(new Date(foundAt.getTime() + Math.floor(next() * 40 - 3) * dayMs));
    const closedAt = next() < 0.35 ? null : new Date(Math.min(last, foundAt.getTime() + Math.floor(next() * 60 * dayMs)));
    const major = next() < 1 / 6;
    const listedAt = major && next() < 0.8 ? new Date(foundAt.getTime() + Math.floor(next() * 10 * dayMs)) : null;
    return {
      code: `YH-R${seed}-${String(i).padStart(5, '0')}`,
      title: `汇总测试隐患${i}`,
      level: major ? '重大' : '一般',
      status: closedAt ? 'closed' : listedAt ? 'listed' : 'rectifying',
      origin: pick(rules.hazardOrigins),
      category: next() < 0.1 ? null : pick(rules.hazardCategories.slice(0, 4)).code,
      responsibleOrgId: pick(units),
      reportedOrgId: units[0]!,
      streetId: pick(streets),
      foundAt,
      deadline,
      closedAt,
      listedAt: listedAt && closedAt && listedAt > closedAt ? closedAt : listedAt,
    };
  });
}

const codes = async (where: ReturnType<typeof sql>) =>
  (await rows<{ code: string }>(t.platform.db, sql`select code from hazards where ${where} order by code`)).map((r) => r.code);

/** Every grouping of every period, from the rollup and from the rows: the same answers. */
async function expectRollupToMatchTheRows(): Promise<void> {
  const db = t.platform.db;
  for (const moment of [WITHIN_A_DAY, AT_MIDNIGHT]) {
    // A stopped clock: both answers as of the same instant, and 00:00 stays 00:00.
    bindClock(db, { now: () => new Date(moment) });
    const facts = (
      await rows<{ level: rules.HazardLevel; found_at: Date; deadline: string | null; closed_at: Date | null; listed_at: Date | null }>(
        db,
        sql`select level, found_at, deadline::text as deadline, closed_at, listed_at from hazards`,
      )
    ).map((h) => ({
      level: h.level,
      foundAt: new Date(h.found_at),
      deadline: h.deadline,
      closedAt: h.closed_at && new Date(h.closed_at),
      listedAt: h.listed_at && new Date(h.listed_at),
    }));
    for (const period of periods) {
      for (const groupBy of rules.hazardStatsGroupings) {
        const q: StatsQuery = { ...period, groupBy };
        const fromRollup = await hazardStats(db, systemActor, q, 'rollup');
        expect(fromRollup, `${moment} ${period.from}…${period.to} by ${groupBy}`).toEqual(await hazardStats(db, systemActor, q, 'hazards'));
        const { onTimeRate, closeRate, ...counts } = rules.hazardStatsOf(facts, period, new Date(moment));
        expect(fromRollup.totals, `${moment} ${period.from}…${period.to} by ${groupBy}`).toMatchObject(counts);
        expect(fromRollup.totals.onTimeRate ?? -1).toBeCloseTo(onTimeRate ?? -1);
        expect(fromRollup.totals.closeRate ?? -1).toBeCloseTo(closeRate ?? -1);
      }
      expect(await figuresByCategoryAndLevel(db, systemActor, period, 'rollup')).toEqual(
        await figuresByCategoryAndLevel(db, systemActor, period, 'hazards'),
      );
    }
  }
  bindClock(db, t.clock);
}

beforeAll(async () => {
  t = await testApp({ now: WITHIN_A_DAY });
  office = await t.userIn('AWB', ['safety_office']);
  street = await t.userIn('XZJB', ['street']);
  units = [await t.orgId('LGJT'), await t.orgId('YJGLJ'), await t.orgId('JTYSJ'), await t.orgId('XZJB')];
  streets = [await t.orgId('XZJB'), await t.orgId('XHJB'), null];
});
afterAll(async () => {
  await t?.close();
});

describe('the statistics rollup', () => {
  it('answers as the rows do after inserts, transitions, level changes, moved deadlines and groups, and deletes', async () => {
    const db = t.platform.db;
    // Many rows in one statement, then one at a time.
    await db.insert(hazards).values(hazardRows(160, 1));
    for (const row of hazardRows(8, 2)) await db.insert(hazards).values(row);
    // Found this morning already past their deadline: overdue now, not at 00:00 (one closed this evening, after now).
    const [late, lateClosedTonight] = hazardRows(2, 3);
    await db.insert(hazards).values({
      ...late!,
      status: 'rectifying',
      foundAt: new Date('2026-08-15T08:00:00+08:00'),
      deadline: '2026-08-10',
      closedAt: null,
    });
    await db.insert(hazards).values({
      ...lateClosedTonight!,
      status: 'closed',
      foundAt: new Date('2026-08-15T09:00:00+08:00'),
      deadline: '2026-08-01',
      closedAt: new Date('2026-08-15T20:00:00+08:00'),
      listedAt: null,
    });
    await expectRollupToMatchTheRows();

    // Closes: on their deadline day, the day after, and one after the clock's now (counted while the period runs).
    const open = await codes(sql`closed_at is null and deadline is not null and level = '一般'`);
    // (23:00 and 01:00 in Asia/Shanghai, written at UTC+8: PGlite has no time-zone database.)
    await db.execute(sql`update hazards set status = 'closed', closed_at = greatest(found_at, (deadline::timestamp + interval '15 hours') at time zone 'UTC')
                          where code in (${sql.join(open.slice(0, 6), sql`, `)})`);
    await db.execute(sql`update hazards set status = 'closed', closed_at = greatest(found_at, (deadline::timestamp + interval '17 hours') at time zone 'UTC')
                          where code in (${sql.join(open.slice(6, 12), sql`, `)})`);
    await db.execute(sql`update hazards set status = 'closed', closed_at = ${new Date('2026-08-15T18:00:00+08:00').toISOString()}::timestamptz
                          where code = ${open[12]!}`);
    // Reopened (a verification refused), 一般 → 重大 listed and 重大 → 一般 before listing, deadlines moved and removed.
    const closed = await codes(sql`closed_at is not null and listed_at is null`);
    await db.execute(
      sql`update hazards set status = 'rectifying', closed_at = null where code in (${sql.join(closed.slice(0, 8), sql`, `)})`,
    );
    const general = await codes(sql`level = '一般' and closed_at is null`);
    await db.execute(sql`update hazards set level = '重大', status = 'listed', listed_at = found_at + interval '2 days'
                          where code in (${sql.join(general.slice(0, 5), sql`, `)})`);
    const majorUnlisted = await codes(sql`level = '重大' and listed_at is null`);
    await db.execute(sql`update hazards set level = '一般' where code in (${sql.join(majorUnlisted.slice(0, 3), sql`, `)})`);
    await db.execute(sql`update hazards set deadline = deadline + 10 where code in (${sql.join(general.slice(5, 15), sql`, `)})`);
    await db.execute(sql`update hazards set deadline = null where code in (${sql.join(general.slice(15, 18), sql`, `)})`);
    // Another group: category, street, responsible unit; and an edit the statistics do not read.
    await db.execute(sql`update hazards set category = 'gas', street_id = null, responsible_org_id = ${units[1]!}
                          where code in (${sql.join(
                            (await codes(sql`true`)).filter((_, i) => i % 9 === 0),
                            sql`, `,
                          )})`);
    await db.execute(sql`update hazards set title = title || '（改）'`);
    await expectRollupToMatchTheRows();

    await db.execute(
      sql`delete from hazards where code in (${sql.join(
        (await codes(sql`true`)).filter((_, i) => i % 7 === 3),
        sql`, `,
      )})`,
    );
    await expectRollupToMatchTheRows();

    // What the triggers kept is what the migration's backfill computes from the rows.
    const kept = sql`select dim, day::text as day, key, found, rectified, rectified_with_deadline, rectified_on_time, overdue_change
                       from hazard_stats_daily
                      where found <> 0 or rectified <> 0 or rectified_with_deadline <> 0 or rectified_on_time <> 0 or overdue_change <> 0
                      order by dim, day, key`;
    const incremental = await rows(db, kept);
    expect(incremental.length).toBeGreaterThan(100);
    await db.execute(sql`select hazard_stats_rebuild()`);
    expect(await rows(db, kept)).toEqual(incremental);
    // Some eight hundred answers compared: minutes on a loaded machine, not the default half-minute.
  }, 300_000);

  it('is read by callers who reach every hazard, and a street counts its own rows', async () => {
    t.clock.set(WITHIN_A_DAY);
    const q = '/api/hazards/stats?from=2026-01-01&to=2026-08-15&groupBy=level';
    const figures = async (client: Client) => {
      const res = await client.get(q);
      expect(res.status).toBe(200);
      return { rows: res.body.rows, totals: res.body.totals };
    };
    const before = { office: await figures(office), street: await figures(street) };
    expect(before.office.totals.found).toBeGreaterThan(0);
    expect(await statsSourceFor(t.platform.db, systemActor)).toBe('rollup');
    // Emptied behind the triggers' back, the rollup shows through the office's answer, not the street's.
    await t.platform.db.execute(sql`delete from hazard_stats_daily`);
    expect((await figures(office)).totals.found).toBe(0);
    expect(await figures(street)).toEqual(before.street);
    await t.platform.db.execute(sql`select hazard_stats_rebuild()`);
    expect(await figures(office)).toEqual(before.office);
  });
});
