/**
 * Throughput benchmark (`npm run bench:api`): autocannon against the real `citysafe start` on
 * embedded PGlite, 10 connections for 10 s each on GET /api/health (no database) and an
 * authenticated GET /api/orgs (session lookup + a paginated query). Prints one JSON object.
 * Loopback only; never run by the tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { login, round, rssMiB, startServer, stopServer } from './server.ts';

const CONNECTIONS = 10;
const DURATION_S = 10;

async function load(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  return {
    requestsPerSecond: round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-bench-api-'));
try {
  const server = await startServer(dataDir);
  try {
    console.error(`bench:api: GET /api/health, ${CONNECTIONS} connections, ${DURATION_S} s…`);
    const health = await load(`${server.url}/api/health`);
    const cookie = await login(server.url);
    console.error(`bench:api: GET /api/orgs (admin session), ${CONNECTIONS} connections, ${DURATION_S} s…`);
    const orgs = await load(`${server.url}/api/orgs`, { cookie });
    const result = {
      benchmark: 'api',
      database: 'pglite',
      node: process.version,
      cpus: os.cpus().length,
      connections: CONNECTIONS,
      durationS: DURATION_S,
      health,
      orgs,
      rssAfterMiB: rssMiB(server.pid),
    };
    console.log(JSON.stringify(result, null, 2));
    if (health.non2xx + health.errors + orgs.non2xx + orgs.errors > 0) process.exitCode = 1;
  } finally {
    await stopServer(server);
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
