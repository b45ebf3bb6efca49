/**
 * Nearest-resource benchmark (issue #13): BENCH_NEAREST_RESOURCES resources (default 10 000: teams, experts,
 * stores with two items each, shelters and fire stations with engines, spread over the district) loaded by raw
 * batched inserts, then `GET /api/emergency/resources/nearest` (all kinds, limit 10) at BENCH_NEAREST_REQUESTS
 * seeded points through the real `citysafe start` — on PostgreSQL when DATABASE_URL is set (use a throw-away
 * database: the bench removes its rows afterwards, but adds them first), else the embedded PGlite in a temporary
 * folder — as the administrator, one request at a time. The same SQL (`nearestSql()`, the administrator's
 * reach) runs directly in this process on the same database at the same points; the ratio is what the HTTP
 * server adds. Targets: p99 under 150 ms on PostgreSQL, within 2× of the direct query. Prints one JSON object on
 * stdout; progress goes to stderr. Never run by the tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emergency } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { nearestSql } from '../packages/server/src/modules/emergency/resource.nearest.ts';
import { type Database, openDatabase, rows } from '../packages/server/src/platform/db.ts';
import { login, round, startServer, stopServer } from './server.ts';

const RESOURCES = Number(process.env.BENCH_NEAREST_RESOURCES ?? 10_000);
const REQUESTS = Number(process.env.BENCH_NEAREST_REQUESTS ?? 300);
const LIMIT = 10;
const BATCH = 2000;
const DATABASE_URL = process.env.DATABASE_URL || undefined;
/** The demo district's box (港务区). */
const DISTRICT = { west: 109.0, south: 34.3, east: 109.2, north: 34.5 };
/** Every bench row's name starts with it, so that it can be removed. */
const PREFIX = '压测';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** A seeded generator: every run loads the same resources and asks at the same points. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const percentile = (sorted: number[], p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!, 2);

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

async function clean(database: Database) {
  const like = `${PREFIX}%`;
  for (const table of ['emergency_teams', 'emergency_experts', 'emergency_stores', 'emergency_shelters', 'emergency_fire_stations'])
    await database.db.execute(sql`delete from ${sql.identifier(table)} where name like ${like}`);
}

/** The resources in batches, one kind in five each; returns the insert time. */
async function load(database: Database): Promise<number> {
  const { db } = database;
  await clean(database);
  const [org] = await rows<{ id: string }>(db, sql`select id from orgs order by path limit 1`);
  const next = random(13);
  const point = () =>
    `SRID=4326;POINT(${DISTRICT.west + next() * (DISTRICT.east - DISTRICT.west)} ${DISTRICT.south + next() * (DISTRICT.north - DISTRICT.south)})`;
  const started = performance.now();
  const per = Math.ceil(RESOURCES / 5);
  for (let from = 0; from < per; from += BATCH) {
    const n = Math.min(BATCH, per - from);
    const batch = Array.from({ length: n }, (_, i) => ({
      n: `${PREFIX}${from + i + 1}`,
      g: point(),
      k: emergency.teamKinds[(from + i) % 4],
      r: next(),
    }));
    const json = JSON.stringify(batch);
    await db.execute(sql`insert into emergency_teams (org_id, name, kind, members, geom, status)
      select ${org!.id}, n, k, 10, g::geometry, case when r < 0.8 then 'available' else 'dispatched' end
      from json_to_recordset(${json}::json) as t(n text, g text, k text, r float8)`);
    await db.execute(sql`insert into emergency_experts (org_id, name, specialities, geom, available)
      select ${org!.id}, n, '{fire}', g::geometry, r < 0.7 from json_to_recordset(${json}::json) as t(n text, g text, r float8)`);
    await db.execute(sql`with s as (insert into emergency_stores (org_id, name, geom)
        select ${org!.id}, n, g::geometry from json_to_recordset(${json}::json) as t(n text, g text) returning id)
      insert into emergency_supplies (store_id, name, unit, quantity) select s.id, v.name, '件', v.q from s
        cross join (values ('沙袋', 100), ('帐篷', 0)) as v(name, q)`);
    await db.execute(sql`insert into emergency_shelters (org_id, name, type, effective_area_m2, geom)
      select ${org!.id}, n, 'emergency', 2000 + r * 10000, g::geometry from json_to_recordset(${json}::json) as t(n text, g text, r float8)`);
    await db.execute(sql`with f as (insert into emergency_fire_stations (org_id, name, geom)
        select ${org!.id}, n, g::geometry from json_to_recordset(${json}::json) as t(n text, g text) returning id)
      insert into emergency_vehicles (station_id, plate, model) select f.id, 'B-' || left(f.id::text, 8), '水罐消防车' from f`);
  }
  const insertMs = Math.round(performance.now() - started);
  for (const table of [
    'emergency_teams',
    'emergency_experts',
    'emergency_stores',
    'emergency_supplies',
    'emergency_shelters',
    'emergency_fire_stations',
    'emergency_vehicles',
  ])
    await db.execute(sql`analyze ${sql.identifier(table)}`);
  return insertMs;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-bench-nearest-'));
  let database: Database | null = null;
  try {
    log('starting the server once to migrate and seed…');
    await stopServer(await startServer(dataDir, DATABASE_URL));
    database = await open(dataDir);
    log(`loading ${RESOURCES} resources…`);
    const insertMs = await load(database);
    const next = random(29);
    const points = Array.from({ length: REQUESTS }, () => ({
      lng: round(DISTRICT.west + next() * (DISTRICT.east - DISTRICT.west), 5),
      lat: round(DISTRICT.south + next() * (DISTRICT.north - DISTRICT.south), 5),
    }));
    // The administrator reaches every org: the direct query's reach is `true`, as the service's is for it.
    const direct = (p: { lng: number; lat: number }) =>
      rows(
        database!.db,
        nearestSql(p.lng, p.lat, emergency.resourceKinds, LIMIT, () => sql`true`),
      );
    log('direct SQL…');
    await timed(points.slice(0, 20), direct);
    const directTimes = await timed(points, direct);
    // PGlite takes one process: the server opens the data directory only after this process has closed it.
    if (!DATABASE_URL) {
      await database.close();
      database = null;
    }
    const server = await startServer(dataDir, DATABASE_URL);
    let serverTimes;
    try {
      const cookie = await login(server.url);
      const get = async (p: { lng: number; lat: number }) => {
        const res = await fetch(`${server.url}/api/emergency/resources/nearest?lng=${p.lng}&lat=${p.lat}&limit=${LIMIT}`, {
          headers: { cookie },
        });
        if (!res.ok) throw new Error(`nearest answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      };
      log('through the server…');
      await timed(points.slice(0, 20), get);
      serverTimes = await timed(points, get);
    } finally {
      await stopServer(server);
    }
    database ??= await open(dataDir);
    await clean(database);
    const result = {
      database: DATABASE_URL ? 'postgresql' : 'pglite',
      resources: RESOURCES,
      insertMs,
      nearest: {
        server: serverTimes,
        direct: directTimes,
        ratio: { p50: round(serverTimes.p50Ms / directTimes.p50Ms, 2), p99: round(serverTimes.p99Ms / directTimes.p99Ms, 2) },
      },
      targets: { p99UnderMs: 150, withinRatio: 2 },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const open = (dataDir: string): Promise<Database> =>
  openDatabase(DATABASE_URL ? { kind: 'postgres', url: DATABASE_URL } : { kind: 'pglite', dataDir });

await main();
