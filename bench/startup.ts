/**
 * Start-up benchmark of the embedded default (`npm run bench`): the real `citysafe start` as a child
 * process on PGlite in a fresh data directory.
 *
 * - cold: first start (PGlite init, PostGIS, migrations, first-start seed) until /api/health answers;
 * - warm: the same data directory started again;
 * - for each: the server's resident memory (VmRSS of the child) right after start and after
 *   200 sequential GET /api/health and 200 authenticated GET /api/orgs, with p50/p95 latency.
 *
 * Prints one JSON object on stdout; progress goes to stderr. Never run by the tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { login, round, rssMiB, startServer, stopServer } from './server.ts';

const REQUESTS = 200;

function percentile(sorted: number[], p: number): number {
  const index = Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[index] ?? NaN, 2);
}

/** Sends `n` GET requests one after the other; returns their p50/p95 latency in ms. */
async function sequential(n: number, url: string, headers: Record<string, string> = {}) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  }
  times.sort((a, b) => a - b);
  return { requests: n, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
}

/** One start of the server on `dataDir`: start time, memory, request latencies. */
async function run(dataDir: string) {
  const server = await startServer(dataDir);
  try {
    const rssAfterStartMiB = rssMiB(server.pid);
    const health = await sequential(REQUESTS, `${server.url}/api/health`);
    const cookie = await login(server.url);
    const orgs = await sequential(REQUESTS, `${server.url}/api/orgs`, { cookie });
    return { startMs: server.startMs, rssAfterStartMiB, rssAfterRequestsMiB: rssMiB(server.pid), health, orgs };
  } finally {
    await stopServer(server);
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-bench-'));
try {
  console.error(`bench: cold start in ${dataDir}…`);
  const cold = await run(dataDir);
  console.error('bench: warm start (same data directory)…');
  const warm = await run(dataDir);
  console.log(
    JSON.stringify({ benchmark: 'startup', database: 'pglite', node: process.version, cpus: os.cpus().length, cold, warm }, null, 2),
  );
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
