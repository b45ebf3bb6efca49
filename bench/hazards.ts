/**
 * Hazard benchmark (`npm run bench:hazards`): BENCH_HAZARDS hazards (default 1 000 000) over five
 * years and the two streets of the district — nearly all closed but the recent ones, the rest across the loops' states,
 * one in fifty 重大 with 挂牌督办 — filled by one `insert … select from generate_series` (timed), then,
 * through the real `citysafe start` (on PostgreSQL when DATABASE_URL is set — use a throw-away
 * database: the bench removes its rows afterwards, but adds them first — else the embedded PGlite):
 *   - the ledger's first page filtered by street and status, sorted by deadline (`GET /api/hazards`);
 *   - the statistics of the last year by each grouping (`GET /api/hazards/stats`), read from the rollup the
 *     database keeps (`hazard_stats_daily`; the fill's time includes its triggers); also counted from the rows
 *     directly (`statsFromRows`, as before the rollup), after checking that both give the same figures;
 *   - the map layer by status and level (`GET /api/hazards/map.geojson`).
 * Each is also run directly, in this process, on the same database and with the same reach (the
 * services `listHazards`, `hazardStats`, `hazardMapLayer`: the same SQL); the ratio of the two is what
 * the HTTP server adds. Requests go one at a time (latency, not throughput). Targets (issue #11): list
 * and statistics p99 under 200 ms on PostgreSQL, within 2× of the direct query. Prints one JSON
 * object on stdout; progress goes to stderr. Never run by the tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hazard as rules, shanghaiDateOf } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { hazardMapLayer, hazardStats } from '../packages/server/src/modules/hazard/hazard-stats.ts';
import { listHazards } from '../packages/server/src/modules/hazard/hazard.service.ts';
import { systemActor } from '../packages/server/src/platform/actor.ts';
import { type Database, openDatabase, rows } from '../packages/server/src/platform/db.ts';
import { ADMIN_PASSWORD, login, round, startServer, stopServer } from './server.ts';

const HAZARDS = Number(process.env.BENCH_HAZARDS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_HAZARD_REQUESTS ?? 60);
const DATABASE_URL = process.env.DATABASE_URL || undefined;
const CODE_PREFIX = 'BENCH-';
/** The demo district's box, split between its two streets at the middle meridian (as bench/risk-map.ts). */
const DISTRICT = { west: 109.0, south: 34.3, east: 109.2, north: 34.5 };

const log = (line: string) => process.stderr.write(`${line}\n`);
const percentile = (sorted: number[], p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!, 2);

/** p50/p99 of one timed call per item, one at a time. */
async function timed<T>(items: T[], call: (item: T) => Promise<unknown>) {
  const ms: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await call(item);
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return {
    requests: ms.length,
    p50Ms: percentile(ms, 50),
    p99Ms: percentile(ms, 99),
    meanMs: round(ms.reduce((a, b) => a + b, 0) / ms.length, 2),
  };
}

const open = (dataDir: string): Promise<Database> =>
  openDatabase(DATABASE_URL ? { kind: 'postgres', url: DATABASE_URL } : { kind: 'pglite', dataDir });

/**
 * The hazards in one statement. Each row's facts come from its number through cheap hashes, so every
 * run loads the same data: found over the last five years; a deadline 7–60 days later; 85 % of the last
 * half-year's closed and 99 % of older ones, three in four of those on time; one in fifty 重大, listed a week after it was found.
 */
async function load(database: Database): Promise<number> {
  const { db } = database;
  await db.execute(sql`delete from hazards where code like ${`${CODE_PREFIX}%`}`);
  const started = performance.now();
  await db.execute(sql`
    with streets as (select array_agg(id order by code) as ids from orgs where code in ('XHJB', 'XZJB')),
    -- Responsible units: the departments, groups and enterprises the database has.
    units as (
      select array_agg(id order by code) as ids
        from (select id, code from orgs where type in ('department', 'enterprise', 'group') order by code limit 60) u
    ),
    base as (
      select i,
             ((i * 2654435761::bigint) % 1000003) / 1000003.0 as r1,
             ((i * 40503::bigint + 7) % 999983) / 999983.0 as r2,
             ((i * 69069::bigint + 1) % 1000033) / 1000033.0 as r3
        from generate_series(1, ${HAZARDS}) i
    ),
    facts as (
      select i, r1, r2, r3,
             now() - (r1 * 1825 || ' days')::interval as found_at,
             7 + floor(r2 * 54)::int as days_given,
             i % 50 = 0 as major,
             -- Hazards pile up only recently: of those found more than half a year ago, one in a hundred is still open.
             r3 < case when r1 * 1825 > 180 then 0.99 else 0.85 end as closed
        from base
    )
    insert into hazards (code, title, level, status, origin, category, responsible_org_id, reported_org_id, street_id,
                         geom, found_at, deadline, closed_at, listed_at)
    select ${CODE_PREFIX} || lpad(i::text, 7, '0'),
           '压测隐患' || i,
           case when major then '重大' else '一般' end,
           case when closed then 'closed'
                when major then (array['reported', 'planned', 'listed', 'assessed', 'awaiting_review'])[1 + (i / 50) % 5]
                else (array['registered', 'rectifying', 'awaiting_verification'])[1 + i % 3] end,
           (array['self_check', 'inspection', 'grid_patrol', 'public_report', 'monitoring', 'campaign', 'department_check'])[1 + i % 7],
           (array['fire', 'electrical', 'gas', 'hazardous_chemicals', 'special_equipment', 'confined_space', 'construction',
                  'road_transport', 'crowded_place', 'e_bike', 'other'])[1 + i % 11],
           units.ids[1 + i % cardinality(units.ids)],
           streets.ids[1 + i % 2], streets.ids[1 + i % 2],
           ST_SetSRID(ST_MakePoint(${DISTRICT.west} + (i % 2) * 0.1 + r2 * 0.1, ${DISTRICT.south} + r3 * 0.2), 4326),
           found_at,
           (found_at + (days_given || ' days')::interval)::date,
           case when closed then least(now(), found_at + ((case when r2 < 0.75 then days_given * r1 else days_given + 1 + r1 * 30 end) || ' days')::interval) end,
           case when major and (closed or (i / 50) % 5 >= 2) then found_at + interval '7 days' end
      from facts, streets, units`);
  const insertMs = Math.round(performance.now() - started);
  await db.execute(sql`analyze hazards`);
  return insertMs;
}

const ratio = (server: { p50Ms: number; p99Ms: number }, direct: { p50Ms: number; p99Ms: number }) => ({
  p50: round(server.p50Ms / direct.p50Ms, 2),
  p99: round(server.p99Ms / direct.p99Ms, 2),
});

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-bench-hazards-'));
  let database: Database | null = null;
  try {
    log('starting the server once to migrate and seed…');
    await stopServer(await startServer(dataDir, DATABASE_URL));
    database = await open(dataDir);
    log(`loading ${HAZARDS} hazards…`);
    const insertMs = await load(database);
    const streetIds = (await rows<{ id: string }>(database.db, sql`select id from orgs where code in ('XZJB', 'XHJB') order by code`)).map(
      (r) => r.id,
    );

    const today = shanghaiDateOf(new Date());
    const lastYear = { from: `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`, to: today };
    const statuses = ['rectifying', 'registered', 'awaiting_verification', 'listed'] as const;
    const lists = Array.from({ length: REQUESTS }, (_, i) => ({
      streetId: streetIds[i % 2]!,
      status: statuses[i % statuses.length]!,
      sort: (i % 3 === 0 ? '-deadline' : 'deadline') as 'deadline' | '-deadline',
    }));
    const stats = Array.from({ length: REQUESTS }, (_, i) => ({ ...lastYear, groupBy: rules.hazardStatsGroupings[i % 6]! }));
    const maps = Array.from({ length: REQUESTS }, (_, i) =>
      i % 3 === 0
        ? { level: '重大' as const }
        : i % 3 === 1
          ? { status: 'rectifying' as const }
          : { status: 'listed' as const, ...lastYear },
    );

    log('direct: the services in this process…');
    const directOf = async (db: Database) => {
      // Warm: plans, caches and the buffer pool as under use.
      for (const q of lists.slice(0, 5)) await listHazards(db.db, systemActor, { page: 1, pageSize: 20, ...q });
      for (const q of stats.slice(0, 6)) await hazardStats(db.db, systemActor, q);
      return {
        list: await timed(lists, (q) => listHazards(db.db, systemActor, { page: 1, pageSize: 20, ...q })),
        stats: await timed(stats, (q) => hazardStats(db.db, systemActor, q)),
        map: await timed(maps, (q) => hazardMapLayer(db.db, systemActor, q)),
      };
    };
    const directBefore = await directOf(database);
    // The rollup's figures are the rows' (hazard-stats.rollup.test.ts), checked here once per grouping at full size.
    for (const q of stats.slice(0, 6)) {
      const figures = (a: Awaited<ReturnType<typeof hazardStats>>) => ({ rows: a.rows, totals: a.totals });
      const [rollup, counted] = [
        await hazardStats(database.db, systemActor, q, 'rollup'),
        await hazardStats(database.db, systemActor, q, 'hazards'),
      ];
      if (JSON.stringify(figures(rollup)) !== JSON.stringify(figures(counted)))
        throw new Error(`the rollup and the rows differ by ${q.groupBy}`);
    }
    log('direct: the statistics counted from the rows…');
    const statsFromRows = await timed(stats, (q) => hazardStats(database!.db, systemActor, q, 'hazards'));
    if (!DATABASE_URL) {
      await database.close();
      database = null;
    }

    log('through the server…');
    const server = await startServer(dataDir, DATABASE_URL);
    let viaServer;
    let mapBytes = 0;
    try {
      const cookie = await login(server.url, 'admin', ADMIN_PASSWORD);
      const get = async (p: string, query: Record<string, string>) => {
        const res = await fetch(`${server.url}${p}?${new URLSearchParams(query)}`, { headers: { cookie } });
        const body = await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET ${p} answered ${res.status}: ${Buffer.from(body).toString()}`);
        return body.byteLength;
      };
      for (const q of lists.slice(0, 5)) await get('/api/hazards', { page: '1', pageSize: '20', ...q });
      for (const q of stats.slice(0, 6)) await get('/api/hazards/stats', q);
      viaServer = {
        list: await timed(lists, (q) => get('/api/hazards', { page: '1', pageSize: '20', ...q })),
        stats: await timed(stats, (q) => get('/api/hazards/stats', q)),
        map: await timed(maps, async (q) => {
          mapBytes += await get('/api/hazards/map.geojson', Object.fromEntries(Object.entries(q).map(([k, v]) => [k, String(v)])));
        }),
      };
    } finally {
      await stopServer(server);
    }
    database ??= await open(dataDir);
    // Direct again after the server, so that the ratio is not of two different moments of a busy machine.
    const directAfter = await directOf(database);
    const best = (a: { p50Ms: number; p99Ms: number }, b: { p50Ms: number; p99Ms: number }) => (a.p99Ms <= b.p99Ms ? a : b);
    const direct = {
      list: best(directBefore.list, directAfter.list),
      stats: best(directBefore.stats, directAfter.stats),
      map: best(directBefore.map, directAfter.map),
    };
    const part = (k: 'list' | 'stats' | 'map') => ({ server: viaServer[k], direct: direct[k], ratio: ratio(viaServer[k], direct[k]) });
    const result = {
      database: DATABASE_URL ? 'postgresql' : 'pglite',
      hazards: HAZARDS,
      insert: { ms: insertMs, rowsPerSecond: Math.round(HAZARDS / (insertMs / 1000)) },
      list: part('list'),
      stats: { period: lastYear, groupings: rules.hazardStatsGroupings, ...part('stats'), statsFromRows },
      map: { ...part('map'), meanBytes: Math.round(mapBytes / maps.length) },
      targets: {
        listP99Under200Ms: viaServer.list.p99Ms < 200,
        listWithin2xOfDirect: viaServer.list.p99Ms <= 2 * direct.list.p99Ms,
        statsP99Under200Ms: viaServer.stats.p99Ms < 200,
        statsWithin2xOfDirect: viaServer.stats.p99Ms <= 2 * direct.stats.p99Ms,
      },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    if (database && DATABASE_URL) {
      log('removing the benchmark rows…');
      await database.db.execute(sql`delete from hazards where code like ${`${CODE_PREFIX}%`}`);
    }
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
