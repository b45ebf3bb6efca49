/**
 * The real `citysafe start` as a child process, for the benchmarks: embedded PGlite in the given
 * data directory, ephemeral HTTP and MQTT ports, a known admin password. Timings therefore include
 * process start, and the memory read is the server's own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'packages/server/bin/citysafe.mjs');
export const ADMIN_PASSWORD = 'Bench-Admin#2026';
const START_TIMEOUT_MS = 180_000;

export interface Server {
  child: ChildProcess;
  pid: number;
  url: string;
  /** Wall time from spawning the process until /api/health first answered 200. */
  startMs: number;
  /** The embedded MQTT broker's address, as the server printed it. */
  mqttUrl: string | null;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Resident memory of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return round(kb / 1024);
}

/**
 * Starts `citysafe start` on an ephemeral port and waits until /api/health answers 200. On the
 * embedded PGlite unless `databaseUrl` names a PostgreSQL database (bench:api measures both).
 */
export async function startServer(dataDir: string, databaseUrl?: string): Promise<Server> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    MQTT_PORT: '0',
    CITYSAFE_DATA_DIR: dataDir,
    CITYSAFE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    // The benchmarks measure the server, not the rate limiter.
    CITYSAFE_LOGIN_RATE_LIMIT: '1000000',
    CITYSAFE_PUBLIC_RATE_LIMIT: '1000000',
    LOG_LEVEL: 'warn',
  };
  // The embedded default unless asked otherwise, even when the caller has PostgreSQL or a broker configured.
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  delete env.MQTT_URL;

  const started = performance.now();
  // BENCH_SERVER_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_SERVER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, cli, 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before answering:\n${output}`))),
  );

  const healthy = async (): Promise<string> => {
    for (;;) {
      const url = /running at (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        const res = await fetch(`${url}/api/health`).catch(() => null);
        await res?.arrayBuffer();
        if (res?.ok) return url;
      }
      // The process died: `exited` has already rejected the race with its output; stop polling.
      if (child.exitCode !== null || child.signalCode !== null) return '';
      if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`server not healthy after ${START_TIMEOUT_MS} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  try {
    const url = await Promise.race([healthy(), exited]);
    const mqttUrl = /^MQTT: (mqtt:\/\/\S+)/m.exec(output)?.[1] ?? null;
    return { child, pid: child.pid!, url, startMs: Math.round(performance.now() - started), mqttUrl };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

/** Stops the server as an operator would (SIGTERM), so the data directory is closed cleanly. */
export async function stopServer(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/** Logs in (admin by default); returns the session cookie (`cs_session=…`) for authenticated requests. */
export async function login(url: string, username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  return (await loginSession(url, username, password)).cookie;
}

/** Logs in; the session cookie and the CSRF token that cookie-authenticated writes carry. */
export async function loginSession(url: string, username: string, password: string): Promise<{ cookie: string; csrfToken: string }> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cs_session='));
  if (!cookie) throw new Error('login set no session cookie');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: cookie.split(';')[0]!, csrfToken };
}
