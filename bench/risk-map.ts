/**
 * Four-colour map benchmark (`npm run bench:map`): BENCH_MAP_SOURCES risk sources (default
 * 100 000: points, with some pipelines and sites as lines and polygons, at the four levels) over
 * the two streets of the district, loaded by raw batched inserts (timed), then through the real
 * `citysafe start` — on PostgreSQL when DATABASE_URL is set (use a throw-away database: the bench
 * removes its rows afterwards, but adds them first), else the embedded PGlite in a temporary folder:
 *   - vector tiles (`GET /api/risk/tiles/{z}/{x}/{y}.pbf`), a fixed mix of zooms 10–16 over the
 *     district, as the administrator;
 *   - the registry's first page (`GET /api/risk/sources`) with filters.
 * Each is also run directly, in this process, on the same database and with the same reach: the
 * tile's SQL (`riskTile()`, ST_AsMVT on PostgreSQL) and the list's service (`listSources()`); the
 * ratio of the two is what the HTTP server adds. Requests go one at a time (latency, not
 * throughput). Targets (issue #10): a tile p99 under 100 ms on PostgreSQL, within 2× of the direct
 * query. Prints one JSON object on stdout; progress goes to stderr. Never run by the tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { risk } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { listSources } from '../packages/server/src/modules/risk/risk.service.ts';
import { riskTile, type TileAddress } from '../packages/server/src/modules/risk/tiles.ts';
import { systemActor } from '../packages/server/src/platform/actor.ts';
import { type Database, openDatabase, rows } from '../packages/server/src/platform/db.ts';
import { ADMIN_PASSWORD, login, round, startServer, stopServer } from './server.ts';

const SOURCES = Number(process.env.BENCH_MAP_SOURCES ?? 100_000);
const TILES_PER_ZOOM = Number(process.env.BENCH_MAP_TILES_PER_ZOOM ?? 40);
const LIST_REQUESTS = Number(process.env.BENCH_MAP_LIST_REQUESTS ?? 100);
const BATCH = 5000;
const DATABASE_URL = process.env.DATABASE_URL || undefined;
/** The demo district's box (港务区, about 18 km × 22 km), split between its two streets at the middle meridian. */
const DISTRICT = { west: 109.0, south: 34.3, east: 109.2, north: 34.5 };
const MIDDLE = (DISTRICT.west + DISTRICT.east) / 2;
const CODE_PREFIX = 'BENCH-';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** A seeded generator, so that every run loads the same sources and asks for the same tiles. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const percentile = (sorted: number[], p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!, 2);

/** p50/p99 of one timed call per item, one at a time. */
async function timed<T>(
  items: T[],
  call: (item: T) => Promise<unknown>,
): Promise<{ requests: number; p50Ms: number; p99Ms: number; meanMs: number }> {
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

const wkt = {
  square: (w: number, s: number, d: number) => `POLYGON((${w} ${s},${w + d} ${s},${w + d} ${s + d},${w} ${s + d},${w} ${s}))`,
};

/** The streets' boundaries (where the database has none) and the sources, in batches; returns the insert time. */
async function load(database: Database): Promise<{ insertMs: number; boundariesAdded: string[] }> {
  const { db } = database;
  await db.execute(sql`delete from risk_sources where code like ${`${CODE_PREFIX}%`}`);
  const streets = await rows<{ id: string; code: string }>(
    db,
    sql`select id, code from orgs where code in ('XZJB', 'XHJB') order by code desc`,
  );
  const streetId = Object.fromEntries(streets.map((s) => [s.code, s.id])) as Record<'XZJB' | 'XHJB', string>;
  const halves = { XZJB: [DISTRICT.west, MIDDLE], XHJB: [MIDDLE, DISTRICT.east] } as const;
  const boundariesAdded: string[] = [];
  for (const code of ['XZJB', 'XHJB'] as const) {
    const [w, e] = halves[code];
    const added = await rows<{ id: string }>(
      db,
      sql`insert into boundaries (org_id, level, geom, source)
          values (${streetId[code]}, 'street', ST_Multi(ST_GeomFromText(${`POLYGON((${w} ${DISTRICT.south},${e} ${DISTRICT.south},${e} ${DISTRICT.north},${w} ${DISTRICT.north},${w} ${DISTRICT.south}))`}, 4326)), 'demo')
          on conflict (org_id) do nothing returning id`,
    );
    boundariesAdded.push(...added.map((a) => a.id));
  }
  // Responsible units: the departments and enterprises the database has.
  const units = (
    await rows<{ id: string }>(db, sql`select id from orgs where type in ('department', 'enterprise') order by code limit 60`)
  ).map((u) => u.id);
  const next = random(10);
  const levels = ['major', 'significant', 'general', 'general', 'low', 'low', 'low', 'low', 'low', null];
  const started = performance.now();
  for (let from = 0; from < SOURCES; from += BATCH) {
    const batch = [];
    for (let i = from; i < Math.min(SOURCES, from + BATCH); i++) {
      const lon = DISTRICT.west + next() * (DISTRICT.east - DISTRICT.west);
      const lat = DISTRICT.south + next() * (DISTRICT.north - DISTRICT.south);
      const shape = next();
      const w =
        shape < 0.9
          ? `POINT(${lon} ${lat})`
          : shape < 0.97
            ? `LINESTRING(${lon} ${lat},${lon + 0.002} ${lat + 0.001},${lon + 0.004} ${lat + 0.001})`
            : wkt.square(lon, lat, 0.0005);
      batch.push({
        c: `${CODE_PREFIX}${String(i + 1).padStart(6, '0')}`,
        n: `压测风险源${i + 1}`,
        cat: risk.riskCategoryCodes[Math.floor(next() * risk.riskCategoryCodes.length)],
        w,
        o: units[Math.floor(next() * units.length)],
        st: lon < MIDDLE ? streetId.XZJB : streetId.XHJB,
        l: levels[Math.floor(next() * levels.length)],
      });
    }
    await db.execute(sql`insert into risk_sources (code, name, category, geom, org_id, street_id, level, assessed_level, status)
      select c, n, cat, ST_GeomFromText(w, 4326), o, st, l, l, 'reviewed'
        from json_to_recordset(${JSON.stringify(batch)}::json) as t(c text, n text, cat text, w text, o uuid, st uuid, l text)`);
  }
  const insertMs = Math.round(performance.now() - started);
  await db.execute(sql`analyze risk_sources`);
  return { insertMs, boundariesAdded };
}

/** A fixed mix of tiles over the district: TILES_PER_ZOOM at each zoom from 10 to 16. */
function tileMix(): TileAddress[] {
  const next = random(20);
  const tileX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
  const tileY = (lat: number, z: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
  };
  const tiles: TileAddress[] = [];
  for (let z = 10; z <= 16; z++) {
    const [x0, x1] = [tileX(DISTRICT.west, z), tileX(DISTRICT.east, z)];
    const [y0, y1] = [tileY(DISTRICT.north, z), tileY(DISTRICT.south, z)];
    for (let i = 0; i < TILES_PER_ZOOM; i++) {
      tiles.push({ z, x: x0 + Math.floor(next() * (x1 - x0 + 1)), y: y0 + Math.floor(next() * (y1 - y0 + 1)) });
    }
  }
  // Interleaved, as a map asks for them while zooming in and out.
  return tiles
    .map((t) => ({ t, k: next() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.t);
}

/** The registry's first page with the filters people use. */
function listMix(streetIds: string[]): Record<string, string>[] {
  const variants: Record<string, string>[] = [
    { level: 'major' },
    { category: 'hazardous_chemicals', level: 'general' },
    { streetId: streetIds[0]! },
    { level: 'significant', sort: '-updatedAt' },
  ];
  return Array.from({ length: LIST_REQUESTS }, (_, i) => variants[i % variants.length]!);
}

const ratio = (server: { p50Ms: number; p99Ms: number }, direct: { p50Ms: number; p99Ms: number }) => ({
  p50: round(server.p50Ms / direct.p50Ms, 2),
  p99: round(server.p99Ms / direct.p99Ms, 2),
});

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-bench-map-'));
  let database: Database | null = null;
  let boundariesAdded: string[] = [];
  try {
    // First start: migrations and the seed (the org tree), then the data is loaded beside it.
    log('starting the server once to migrate and seed…');
    await stopServer(await startServer(dataDir, DATABASE_URL));
    database = await open(dataDir);
    log(`loading ${SOURCES} risk sources…`);
    const loaded = await load(database);
    boundariesAdded = loaded.boundariesAdded;
    const streetIds = (await rows<{ id: string }>(database.db, sql`select id from orgs where code in ('XZJB', 'XHJB') order by code`)).map(
      (r) => r.id,
    );
    const tiles = tileMix();
    const lists = listMix(streetIds);

    log('direct: the tile SQL and the list service in this process…');
    const directOf = async (db: Database) => {
      // Warm: plans, caches and the buffer pool as under use.
      for (const t of tiles.slice(0, 20)) await riskTile(db.db, db.kind, systemActor, t, {});
      const tile = await timed(tiles, (t) => riskTile(db.db, db.kind, systemActor, t, {}));
      const list = await timed(lists, (q) => listSources(db.db, systemActor, { page: 1, pageSize: 20, ...q } as never));
      return { tile, list };
    };
    // PGlite is one process's: the server may open it only once this one has let go.
    const directBefore = await directOf(database);
    if (!DATABASE_URL) {
      await database.close();
      database = null;
    }

    log('through the server…');
    const server = await startServer(dataDir, DATABASE_URL);
    let viaServer;
    let tileBytes = 0;
    let emptyTiles = 0;
    const byZoom: Record<number, number> = {};
    try {
      const cookie = await login(server.url, 'admin', ADMIN_PASSWORD);
      const get = async (p: string) => {
        const res = await fetch(`${server.url}${p}`, { headers: { cookie } });
        const body = await res.arrayBuffer();
        if (res.status !== 200 && res.status !== 204) throw new Error(`GET ${p} answered ${res.status}: ${Buffer.from(body).toString()}`);
        return { status: res.status, bytes: body.byteLength };
      };
      const tilePath = (t: TileAddress) => `/api/risk/tiles/${t.z}/${t.x}/${t.y}.pbf`;
      for (const t of tiles.slice(0, 20)) await get(tilePath(t));
      const tile = await timed(tiles, async (t) => {
        const res = await get(tilePath(t));
        tileBytes += res.bytes;
        if (res.status === 204) emptyTiles++;
      });
      // The same tiles again by zoom: where the time goes (clusters over the whole district at low zoom).
      for (let z = 10; z <= 16; z++) {
        const of = tiles.filter((t) => t.z === z);
        byZoom[z] = (await timed(of, (t) => get(tilePath(t)))).p99Ms;
      }
      const list = await timed(lists, (q) => get(`/api/risk/sources?${new URLSearchParams({ page: '1', pageSize: '20', ...q })}`));
      viaServer = { tile, list };
    } finally {
      await stopServer(server);
    }
    database ??= await open(dataDir);
    // Direct again after the server, so that the ratio is not of two different moments of a busy machine.
    const directAfter = await directOf(database);
    const best = (a: { p50Ms: number; p99Ms: number }, b: { p50Ms: number; p99Ms: number }) => (a.p99Ms <= b.p99Ms ? a : b);
    const direct = { tile: best(directBefore.tile, directAfter.tile), list: best(directBefore.list, directAfter.list) };

    const result = {
      database: DATABASE_URL ? 'postgresql' : 'pglite',
      sources: SOURCES,
      insert: { ms: loaded.insertMs, rowsPerSecond: Math.round(SOURCES / (loaded.insertMs / 1000)), batch: BATCH },
      tiles: {
        zooms: '10–16',
        server: viaServer.tile,
        direct: direct.tile,
        ratio: ratio(viaServer.tile, direct.tile),
        serverP99MsByZoom: byZoom,
        meanBytes: Math.round(tileBytes / tiles.length),
        empty: emptyTiles,
      },
      list: { server: viaServer.list, direct: direct.list, ratio: ratio(viaServer.list, direct.list) },
      targets: {
        tileP99Under100Ms: viaServer.tile.p99Ms < 100,
        tileWithin2xOfDirect: viaServer.tile.p99Ms <= 2 * direct.tile.p99Ms,
      },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    if (database && DATABASE_URL) {
      log('removing the benchmark rows…');
      await database.db.execute(sql`delete from risk_sources where code like ${`${CODE_PREFIX}%`}`);
      for (const id of boundariesAdded) await database.db.execute(sql`delete from boundaries where id = ${id}`);
    }
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
