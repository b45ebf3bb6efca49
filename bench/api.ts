/**
 * Throughput benchmark (`npm run bench:api`): autocannon against the real `citysafe start` with
 * the demo data (a campaign of the seed plan, about 100 tasks), on PostgreSQL when DATABASE_URL is
 * set (else the embedded PGlite in a temporary folder). Measured, each for BENCH_DURATION_S
 * (default 10) with BENCH_CONNECTIONS (default 50):
 *   - GET /api/users as admin (at least 20 users: the bench adds some when the demo has fewer);
 *   - GET /api/campaigns/{id}/tasks as admin (the ledger's first page);
 *   - the report action (POST /api/campaign-assignments/{id}/actions/report) as a department.
 * On PostgreSQL each read also runs beside its bare replay (bench/replay.ts, a process of its own):
 * the request's SQL statements, captured from one request through an in-process platform on the
 * same database, replayed by a bare Fastify route that answers the same JSON; the ratio of the two
 * is the server's own overhead. For the write, the database's own time per transaction is measured
 * by replaying its statements on one connection, rolled back. BENCH_GZIP=1 sends
 * `accept-encoding: gzip` as browsers do. Prints one JSON object; loopback only; never run by the tests.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import type { ReplayPlan, Statement } from './replay.ts';
import { ADMIN_PASSWORD, loginSession, round, rssMiB, startServer, stopServer } from './server.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const GZIP = process.env.BENCH_GZIP === '1';
const DATABASE_URL = process.env.DATABASE_URL || undefined;
const DEMO_PASSWORD = 'CitySafe-Demo#2026';
const MIN_USERS = 20;

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'packages/server/bin/citysafe.mjs');
// pg turns each parameter into its wire text with this; the captured values are replayed as sent.
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue: (v: unknown) => string | null };

interface Request {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

async function load(url: string, request: Omit<Request, 'path'>) {
  const headers = { ...request.headers, ...(GZIP ? { 'accept-encoding': 'gzip' } : {}) };
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    method: request.method,
    headers,
    body: request.body,
  });
  return {
    requestsPerSecond: round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    bytesPerRequest: result.requests.total ? Math.round(result.throughput.total / result.requests.total) : 0,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** Runs `citysafe demo` to completion with the server's environment. */
async function fillDemo(dataDir: string): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, CITYSAFE_DATA_DIR: dataDir, CITYSAFE_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if (DATABASE_URL) env.DATABASE_URL = DATABASE_URL;
  const child = spawn(process.execPath, [cli, 'demo'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`citysafe demo exited ${code}:\n${err}`);
}

async function json<T>(url: string, headers: Record<string, string>, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, headers: { ...headers, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** The three requests, with the data they need made ready through the API. */
async function prepare(url: string): Promise<Record<'users' | 'tasks' | 'report', Request>> {
  const admin = await loginSession(url, 'admin', ADMIN_PASSWORD);
  const asAdmin = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
  const users = await json<{ total: number; items: { username: string; orgId: string }[] }>(`${url}/api/users?pageSize=100`, asAdmin);
  const orgId = users.items.find((u) => u.username === 'awb')!.orgId;
  for (let i = users.total; i < MIN_USERS; i++) {
    const body = {
      username: `bench_${i}`,
      password: DEMO_PASSWORD,
      displayName: `压测用户${i}`,
      orgId,
      roles: ['expert'],
      mustChangePassword: false,
    };
    await json(`${url}/api/users`, asAdmin, { method: 'POST', body: JSON.stringify(body) });
  }
  const campaigns = await json<{ items: { id: string }[] }>(`${url}/api/campaigns`, asAdmin);
  const campaignId = campaigns.items[0]!.id;

  const department = await loginSession(url, 'yjglj', DEMO_PASSWORD);
  const asDepartment = { cookie: department.cookie, 'x-csrf-token': department.csrfToken };
  const mine = await json<{ items: { id: string; responsible: { orgId: string; status: string }[] }[] }>(
    `${url}/api/campaigns/${campaignId}/tasks`,
    asDepartment,
  );
  let assignmentId: string | undefined;
  for (const task of mine.items) {
    const detail = await json<{ assignments: { id: string; allowedActions: string[] }[] }>(
      `${url}/api/campaign-tasks/${task.id}`,
      asDepartment,
    );
    assignmentId = detail.assignments.find((a) => a.allowedActions.includes('report'))?.id;
    if (assignmentId) break;
  }
  if (!assignmentId) throw new Error('the demo department has no part it may report on');
  return {
    users: { method: 'GET', path: '/api/users', headers: { cookie: admin.cookie } },
    tasks: { method: 'GET', path: `/api/campaigns/${campaignId}/tasks`, headers: { cookie: admin.cookie } },
    report: {
      method: 'POST',
      path: `/api/campaign-assignments/${assignmentId}/actions/report`,
      headers: { ...asDepartment, 'content-type': 'application/json' },
      body: JSON.stringify({ text: '压测：本周进展已报送 / bench progress report', percent: 40 }),
    },
  };
}

/**
 * Runs each request once through an in-process platform on the same database and records every
 * statement its connections ran, with the values as pg sent them.
 */
async function capture(requests: Record<string, Request>): Promise<Record<string, { statements: Statement[]; body: string }>> {
  const { loadConfig } = await import('../packages/server/src/platform/config.ts');
  const { createPlatform } = await import('../packages/server/src/index.ts');
  const running = await createPlatform({ config: { ...loadConfig(process.env), logLevel: 'warn' }, mqtt: false, jobs: false });
  let recording: Statement[] | null = null;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
    if (recording) {
      // pg takes (text, values), ({ text, values }) or, as drizzle calls it, ({ text, rowMode }, values).
      const q = (typeof config === 'string' ? { text: config } : config) as { text: string; values?: unknown[]; rowMode?: 'array' };
      const values = q.values ?? (Array.isArray(rest[0]) ? (rest[0] as unknown[]) : []);
      recording.push({ text: q.text, values: values.map(prepareValue), ...(q.rowMode ? { rowMode: q.rowMode } : {}) });
    }
    return (query as (...a: unknown[]) => unknown).call(this, config, ...rest);
  } as typeof query;
  try {
    const captured: Record<string, { statements: Statement[]; body: string }> = {};
    for (const [name, r] of Object.entries(requests)) {
      // Once unrecorded first: caches and once-a-minute bookkeeping settle as under load.
      await running.app.inject({ method: r.method, url: r.path, headers: r.headers, payload: r.body });
      recording = [];
      const res = await running.app.inject({ method: r.method, url: r.path, headers: r.headers, payload: r.body });
      captured[name] = { statements: recording, body: res.body };
      recording = null;
      if (res.statusCode >= 300) throw new Error(`${r.method} ${r.path} answered ${res.statusCode}: ${res.body}`);
    }
    return captured;
  } finally {
    pg.Client.prototype.query = query;
    await running.close();
  }
}

/** The database's own time for a transaction: its statements on one connection, rolled back, averaged. */
async function databaseTimeMs(statements: Statement[], rounds = 200): Promise<number> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const started = performance.now();
    for (let i = 0; i < rounds; i++) {
      for (const s of statements) {
        const text = /^\s*commit\s*$/i.test(s.text) ? 'rollback' : s.text;
        await client.query({ text, values: s.values, ...(s.rowMode ? { rowMode: s.rowMode } : {}) }).catch((e: Error) => {
          throw new Error(`${e.message}: ${s.text} ${JSON.stringify(s.values)}`);
        });
      }
    }
    return round((performance.now() - started) / rounds, 2);
  } finally {
    await client.end();
  }
}

async function startReplay(plan: ReplayPlan): Promise<{ url: string; stop: () => Promise<void> }> {
  const file = path.join(os.tmpdir(), `citysafe-replay-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(plan));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/replay.ts'), file], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = /replay at (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`replay exited ${code}`)));
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(file, { force: true });
    },
  };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-bench-api-'));
try {
  console.error(`bench:api: filling the demo data (${DATABASE_URL ? 'PostgreSQL' : 'PGlite'})…`);
  await fillDemo(dataDir);
  const server = await startServer(dataDir, DATABASE_URL);
  try {
    const requests = await prepare(server.url);
    const captured = DATABASE_URL ? await capture(requests) : null;
    const replay = captured
      ? await startReplay({ databaseUrl: DATABASE_URL!, routes: { users: captured.users!, tasks: captured.tasks! } })
      : null;
    const endpoints: Record<string, unknown> = {};
    let failed = 0;
    try {
      for (const [name, r] of Object.entries(requests)) {
        console.error(`bench:api: ${r.method} ${r.path}, ${CONNECTIONS} connections, ${DURATION_S} s…`);
        const server_ = await load(`${server.url}${r.path}`, r);
        failed += server_.non2xx + server_.errors;
        const statements = captured?.[name]?.statements;
        const entry: Record<string, unknown> = {
          server: server_,
          statementsPerRequest: statements?.filter((s) => !/^\s*(begin|commit)\s*$/i.test(s.text)).length ?? null,
          jsonBytes: captured?.[name] ? Buffer.byteLength(captured[name].body) : null,
        };
        if (replay && r.method === 'GET') {
          console.error(`bench:api: bare replay of ${name}…`);
          const bare = await load(`${replay.url}/replay/${name}`, { method: 'GET', headers: {} });
          failed += bare.non2xx + bare.errors;
          entry.bareReplay = bare;
          entry.overhead = round(bare.requestsPerSecond / server_.requestsPerSecond, 2);
        }
        if (statements && r.method === 'POST') entry.databaseMsPerTransaction = await databaseTimeMs(statements);
        endpoints[name] = entry;
      }
    } finally {
      await replay?.stop();
    }
    const result = {
      benchmark: 'api',
      database: DATABASE_URL ? 'postgres' : 'pglite',
      node: process.version,
      cpus: os.cpus().length,
      connections: CONNECTIONS,
      durationS: DURATION_S,
      gzip: GZIP,
      endpoints,
      rssAfterMiB: rssMiB(server.pid),
    };
    console.log(JSON.stringify(result, null, 2));
    if (failed > 0) process.exitCode = 1;
  } finally {
    await stopServer(server);
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
