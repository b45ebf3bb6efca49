/**
 * The database goes away under write load and comes back (`npm run test:outage`, its own CI step).
 *
 * It needs a PostgreSQL it may stop, so it makes its own throw-away cluster (initdb into a temporary
 * folder, pg_ctl on a free port; as root through `runuser -u postgres`) instead of the shared one
 * the other tests use, and runs the real `citysafe start` as a child process against it, so that a
 * crash shows as a dead process rather than a dead test runner. PostgreSQL 15 binaries are read
 * from PG_BIN (default /usr/lib/postgresql/15/bin).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const ADMIN_PASSWORD = 'Outage-Admin#2026';
const root = path.resolve(import.meta.dirname, '../../../..');
const cli = path.join(root, 'packages/server/bin/citysafe.mjs');
const asRoot = process.getuid?.() === 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A PostgreSQL binary, as the postgres user when we are root (PostgreSQL refuses to run as root). */
function pgRun(binary: string, args: string[]): void {
  const file = path.join(PG_BIN, binary);
  if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' });
  else execFileSync(file, args, { stdio: 'pipe' });
}

let pgRoot: string;
let pgPort: number;
let databaseUrl: string;
let server: ChildProcess;
let output = '';
let url: string;

const pgStart = () =>
  pgRun('pg_ctl', [
    '-D',
    `${pgRoot}/data`,
    '-l',
    `${pgRoot}/log`,
    '-w',
    '-o',
    `-p ${pgPort} -k ${pgRoot} -c listen_addresses=127.0.0.1`,
    'start',
  ]);
// `fast`: every backend is told 57P01 "terminating connection due to administrator command", as in a restart.
const pgStop = () => pgRun('pg_ctl', ['-D', `${pgRoot}/data`, '-m', 'fast', '-w', 'stop']);

async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  pgRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-outage-'));
  if (asRoot) execFileSync('chown', ['postgres:postgres', pgRoot]);
  pgPort = await freePort();
  pgRun('initdb', ['-D', `${pgRoot}/data`, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  pgStart();
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${pgPort}/postgres` });
  await admin.connect();
  await admin.query('create database citysafe_outage');
  await admin.end();
  databaseUrl = `postgres://postgres@127.0.0.1:${pgPort}/citysafe_outage`;

  const dataDir = path.join(pgRoot, 'citysafe');
  server = spawn(process.execPath, [cli, 'start'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      MQTT_PORT: '0',
      CITYSAFE_DATA_DIR: dataDir,
      CITYSAFE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CITYSAFE_LOGIN_RATE_LIMIT: '100000',
      CITYSAFE_PUBLIC_RATE_LIMIT: '100000',
      CITYSAFE_JOBS_POLL_MS: '200',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  server.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  for (let waited = 0; ; waited += 100) {
    const found = /running at (http:\/\/\S+)/.exec(output)?.[1];
    if (found) {
      url = found;
      break;
    }
    if (server.exitCode !== null) throw new Error(`citysafe start exited (${server.exitCode}):\n${output}`);
    if (waited > 120_000) throw new Error(`citysafe start did not come up:\n${output}`);
    await sleep(100);
  }
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (pgRoot && fs.existsSync(`${pgRoot}/data/postmaster.pid`)) pgStop();
  if (pgRoot) fs.rmSync(pgRoot, { recursive: true, force: true });
});

/** The answers a request may give while the database comes and goes: done, or 503 to retry later. */
interface Answer {
  status: number;
  retryAfter: string | null;
  code: string | null;
  message: { zh: string; en: string } | null;
}

async function call(method: string, pathname: string, headers: Record<string, string>, body?: unknown): Promise<Answer & { json: any }> {
  const res = await fetch(`${url}${pathname}`, {
    method,
    headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    // A request that hangs is a failure too: the pool gives up connecting after 5 s and answers 503.
    signal: AbortSignal.timeout(20_000),
  });
  const json: any = await res.json().catch(() => null);
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    code: json?.error?.code ?? null,
    message: json?.error?.message ?? null,
    json,
  };
}

/** Reads an event stream until `wanted` shows up in it or the time is out. */
async function streamUntil(stream: Response, wanted: string, ms: number): Promise<boolean> {
  const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
  let seen = '';
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      const next = await Promise.race([reader.read(), sleep(deadline - Date.now()).then(() => null)]);
      if (!next || next.done) return false;
      seen += next.value;
      if (seen.includes(wanted)) return true;
    }
    return false;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

it('survives PostgreSQL stopping and starting under write load: 503 meanwhile, then everything resumes', async () => {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith('cs_session='))!
    .split(';')[0]!;
  const { csrfToken, user } = (await login.json()) as { csrfToken: string; user: { id: string } };
  const asAdmin = { cookie, 'x-csrf-token': csrfToken };
  const [parent] = await sql<{ id: string }>(`select id from orgs where code = 'XZJB'`);

  // Write load: four clients creating orgs one after another until told to stop.
  const acknowledged: string[] = [];
  const answers: Answer[] = [];
  let writing = true;
  let serial = 0;
  const writer = async () => {
    while (writing) {
      const code = `OUT-${++serial}`;
      const answer = await call('POST', '/api/orgs', asAdmin, { code, name: `断库测试${code}`, type: 'grid', parentId: parent!.id });
      answers.push(answer);
      if (answer.status === 201) acknowledged.push(code);
      else await sleep(100);
    }
  };
  const writers = Promise.all([writer(), writer(), writer(), writer()]);

  await sleep(1500);
  pgStop();
  const health: Answer[] = [];
  for (let i = 0; i < 3; i++) {
    health.push(await call('GET', '/api/health', {}));
    await sleep(500);
  }
  pgStart();
  for (let waited = 0; ; waited += 250) {
    const answer = await call('GET', '/api/health', {});
    health.push(answer);
    if (answer.status === 200) break;
    if (waited > 30_000) throw new Error(`health did not come back: ${JSON.stringify(answer)}\n${output}`);
    await sleep(250);
  }
  await sleep(1500);
  writing = false;
  await writers;

  // The process lived through it.
  expect(server.exitCode, output).toBeNull();
  expect(server.signalCode, output).toBeNull();

  // Every write was done or refused with 503 and Retry-After (never a 500), and some were refused.
  for (const answer of answers) {
    expect([201, 503], JSON.stringify(answer)).toContain(answer.status);
    if (answer.status === 503) {
      expect(answer.code).toBe('UNAVAILABLE');
      expect(answer.message?.zh).toContain('数据库');
      expect(answer.message?.en).toContain('database');
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    }
  }
  expect(answers.some((a) => a.status === 503)).toBe(true);
  expect(answers.filter((a) => a.status === 201).length).toBeGreaterThan(acknowledged.length / 2);

  // Every acknowledged write is in the database.
  const stored = await sql<{ code: string }>(`select code from orgs where code like 'OUT-%'`);
  const storedCodes = new Set(stored.map((r) => r.code));
  expect(acknowledged.filter((code) => !storedCodes.has(code))).toEqual([]);

  // Health went 503 ("down", with Retry-After) while the database was away, and 200 once it was back.
  const down = health.find((h) => h.status === 503);
  expect(down).toBeDefined();
  expect(down!.retryAfter).not.toBeNull();
  expect(health.at(-1)!.status).toBe(200);

  // A job scheduled after the restart runs: the job runner polls on by itself.
  const [job] = await sql<{ id: number }>(
    `insert into jobs (kind, payload, run_at) values ('campaign.deadlineCheck', '{}', now()) returning id`,
  );
  let status = '';
  for (let waited = 0; waited < 20_000 && status !== 'done'; waited += 200) {
    await sleep(200);
    status = (await sql<{ status: string }>('select status from jobs where id = $1', [job!.id]))[0]!.status;
  }
  expect(status).toBe('done');

  // Notifications reach an event stream again: the LISTEN connection came back by itself.
  const stream = await fetch(`${url}/api/notifications/stream`, { headers: { cookie } });
  expect(stream.status).toBe(200);
  const arrived = streamUntil(stream, '恢复后通知', 20_000);
  let sent = 0;
  const sender = (async () => {
    // Sent until it arrives: the listener reconnects within about a second of the database's return.
    for (let i = 0; i < 20; i++) {
      const res = await call('POST', '/api/notifications', asAdmin, { title: '恢复后通知', body: '', userIds: [user.id] });
      if (res.status === 201 || res.status === 200) sent++;
      if (await Promise.race([arrived, sleep(1000).then(() => false)])) return;
    }
  })();
  expect(await arrived).toBe(true);
  await sender;
  expect(sent).toBeGreaterThan(0);
  expect(server.exitCode, output).toBeNull();
});
