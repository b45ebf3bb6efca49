/**
 * Ingest benchmark (`npm run bench:monitoring-ingest`): BENCH_DEVICES simulated gas monitoring points (default 200)
 * publish over MQTT to the real `citysafe start` — each BENCH_RATE times a second (default 10, within the broker's
 * per-connection allowance) a batch of BENCH_BATCH samples (default 10) of three metrics, through one gateway token —
 * for BENCH_DURATION_S seconds (default 20), with threshold rules on every metric of the type (none crossed: each
 * reading is evaluated, no alarm is raised). The stored rate is the readings the server committed divided by the span
 * of their `received_at`; then, in the same run and on the same database, the same number of rows is inserted raw
 * (`insert … select from unnest(…) on conflict do nothing`, 5 000 rows a statement, one connection, no roll-ups, no
 * rules) and the ratio of the two is the figure. On PostgreSQL when DATABASE_URL is set, and always on the embedded
 * PGlite in a temporary folder. Prints one JSON object; loopback only; never run by the tests.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { simulate } from '../packages/server/src/modules/monitoring/simulate.ts';
import { type Database, openDatabase, rows } from '../packages/server/src/platform/db.ts';
import { adminClient, benchMetrics, drained, gatewayToken, orgIdOf, registerDevices } from './monitoring.ts';
import { round, rssMiB, startServer, stopServer } from './server.ts';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const BATCH = Number(process.env.BENCH_BATCH ?? 10);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);
const DATABASE_URL = process.env.DATABASE_URL || undefined;
const RAW_BATCH = 5000;
/** ThingsBoard's published single-node figure on PostgreSQL (standards.md §4): 3 333 data points/s at 20 % CPU of 4 vCPUs. */
const THINGSBOARD_POINTS_PER_SECOND = 3333;

/** The readings the measured run stored (received after the warm-up): how many and over what span of commit times. */
async function storedSpan(database: Database, deviceIds: string[], since: Date) {
  const [row] = await rows<{ n: number; first: string; last: string }>(
    database.db,
    sql`select count(*)::int as n, min(received_at)::text as first, max(received_at)::text as last
          from monitoring_readings where device_id = any(${sql.param(deviceIds)}::uuid[]) and received_at > ${since.toISOString()}::timestamptz`,
  );
  const seconds = (new Date(row!.last).getTime() - new Date(row!.first).getTime()) / 1000;
  return { stored: row!.n, seconds };
}

/**
 * The same number of rows inserted raw on one connection, in statements of RAW_BATCH rows: a device id, a metric of
 * three, a timestamp and a value per row, each column one array parameter as the ingest sends them. The rows are
 * deleted afterwards.
 */
async function rawInsert(database: Database, total: number): Promise<number> {
  const devices = Array.from({ length: DEVICES }, () => crypto.randomUUID());
  const metrics = benchMetrics.map((m) => m.key);
  const start = Date.now() - 3_600_000;
  let written = 0;
  const began = performance.now();
  for (let offset = 0; offset < total; offset += RAW_BATCH) {
    const n = Math.min(RAW_BATCH, total - offset);
    const ids: string[] = [];
    const keys: string[] = [];
    const times: string[] = [];
    const values: number[] = [];
    for (let i = 0; i < n; i++) {
      const k = offset + i;
      ids.push(devices[k % DEVICES]!);
      keys.push(metrics[Math.floor(k / DEVICES) % metrics.length]!);
      times.push(new Date(start + Math.floor(k / (DEVICES * metrics.length))).toISOString());
      values.push(round(Math.random() * 10, 3));
    }
    await database.db.execute(
      sql`insert into monitoring_readings (device_id, metric, ts, value, received_at)
          select *, now() from unnest(${sql.param(ids)}::uuid[], ${sql.param(keys)}::text[], ${sql.param(times)}::timestamptz[], ${sql.param(values)}::float8[])
          on conflict do nothing`,
    );
    written += n;
  }
  const seconds = (performance.now() - began) / 1000;
  await database.db.execute(sql`delete from monitoring_readings where device_id = any(${sql.param(devices)}::uuid[])`);
  return written / seconds;
}

async function run(kind: 'postgres' | 'pglite') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-bench-ingest-'));
  const server = await startServer(dataDir, kind === 'postgres' ? DATABASE_URL : undefined);
  // The server's warnings and errors (LOG_LEVEL warn) go to stderr, beside the JSON on stdout, each line cut short.
  const forward = (chunk: string) => process.stderr.write(chunk.replace(/^(.{400}).*$/gm, '$1…'));
  server.child.stdout?.on('data', forward);
  server.child.stderr?.on('data', forward);
  const { ids, published, warm, rssAfter } = await (async () => {
    try {
      const api = await adminClient(server.url);
      const orgId = await orgIdOf(api, 'CGJ');
      const prefix = `BENCH-${Date.now().toString(36)}`;
      const devices = await registerDevices(api, { prefix, count: DEVICES, type: 'gas', orgId, metrics: benchMetrics });
      const ids = devices.map((d) => d.id);
      // Rules on: every reading of the type's three metrics is evaluated against a line it does not reach.
      for (const [metric, op, threshold] of [
        ['gas_lel', '>=', 20],
        ['pressure', '<', 0.05],
        ['temperature', '>', 60],
      ] as const) {
        await api.post('/api/alarm-rules', { name: `压测规则 ${metric}`, deviceType: 'gas', metric, op, threshold, level: 'yellow' });
      }
      const token = await gatewayToken(api, `压测网关 ${prefix}`);
      if (!server.mqttUrl) throw new Error('the server started no MQTT broker');
      // Warm-up: each device publishes a little first, so that the server knows the devices and the token before the
      // load (a cold start is measured by neither figure); its readings are left out of the count.
      await simulate({ url: server.mqttUrl, token, devices, scenario: 'normal', rate: 1, durationSeconds: 3, leadSeconds: 0 });
      await drained(api, ids[ids.length - 1]!, 'gas_lel');
      const warm = new Date();
      const published = await simulate({
        url: server.mqttUrl,
        token,
        devices,
        scenario: 'normal',
        rate: RATE,
        batch: BATCH,
        durationSeconds: DURATION_S,
        leadSeconds: 0,
      });
      // A busy server may pause between flushes: five quiet seconds mean the backlog is written.
      await drained(api, ids[ids.length - 1]!, 'gas_lel', 5000);
      return { ids, published, warm, rssAfter: rssMiB(server.pid) };
    } finally {
      await stopServer(server);
    }
  })();
  // The server is stopped: on PGlite the bench may now open its data directory.
  const database = await openDatabase(kind === 'postgres' ? { kind, url: DATABASE_URL! } : { kind, dataDir });
  try {
    const { stored, seconds } = await storedSpan(database, ids, warm);
    const storedPerSecond = stored / seconds;
    const rawPerSecond = await rawInsert(database, stored);
    return {
      devices: DEVICES,
      offeredPerSecond: Math.round(published.readings / published.seconds),
      published: published.readings,
      connectionsClosedByBroker: published.refused,
      storedShare: round(stored / published.readings, 3),
      stored,
      storedPerSecond: Math.round(storedPerSecond),
      rawInsertPerSecond: Math.round(rawPerSecond),
      ratioToRaw: round(storedPerSecond / rawPerSecond, 2),
      serverRssMiB: rssAfter,
      versusThingsBoard: round(storedPerSecond / THINGSBOARD_POINTS_PER_SECOND, 1),
    };
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const result: Record<string, unknown> = {
  setup: {
    devices: DEVICES,
    publishesPerDevicePerSecond: RATE,
    samplesPerPublish: BATCH,
    metrics: benchMetrics.length,
    seconds: DURATION_S,
  },
  targets: { postgresReadingsPerSecond: 50_000, ratioToRaw: 0.5 },
  thingsBoardPointsPerSecond: THINGSBOARD_POINTS_PER_SECOND,
};
if (DATABASE_URL) result.postgres = await run('postgres');
// BENCH_PGLITE=0 leaves the embedded database out (PostgreSQL only).
if (process.env.BENCH_PGLITE !== '0') result.pglite = await run('pglite');
console.log(JSON.stringify(result, null, 2));
