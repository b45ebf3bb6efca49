/**
 * Alarm latency benchmark (`npm run bench:monitoring-alarm`): from the MQTT publish of a reading that crosses a
 * threshold to the alarm's `notification` event on the SSE stream (`/api/notifications/stream`) of a logged-in
 * 值班 (duty officer) session — the people a new alarm reaches at once — through the real `citysafe start`, while
 * BENCH_BACKGROUND readings a second (default 10 000) of ordinary water-network values flow in from 100 other
 * devices with rules on. BENCH_ALARMS alarms (default 50), one at a time, each on a device of its own (a second
 * crossing on the same device folds into the open alarm and tells nobody again), a random 100–400 ms apart. On
 * PostgreSQL when DATABASE_URL is set, and always on the embedded PGlite. Prints p50/p99/max in ms as JSON; target
 * p99 ≤ 1 000 ms. Loopback only; never run by the tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import type { MetricStream } from '../packages/server/src/modules/monitoring/simulate.ts';
import { simulate } from '../packages/server/src/modules/monitoring/simulate.ts';
import { adminClient, drained, gatewayToken, orgIdOf, registerDevices } from './monitoring.ts';
import { loginSession, round, startServer, stopServer } from './server.ts';

const ALARMS = Number(process.env.BENCH_ALARMS ?? 50);
const BACKGROUND = Number(process.env.BENCH_BACKGROUND ?? 10_000);
const DATABASE_URL = process.env.DATABASE_URL || undefined;
const BACKGROUND_DEVICES = 100;
const BACKGROUND_BATCH = 5;
const DUTY_PASSWORD = 'Bench-Duty#2026';
const TIMEOUT_MS = 15_000;

const stream = (key: string, unit: string, base: number, daily: number, noise: number): MetricStream => ({
  key,
  unit,
  base,
  daily,
  peakHour: 8,
  noise,
  decimals: 3,
  min: 0,
});
const waterMetrics = [stream('pressure', 'MPa', 0.32, -0.03, 0.004), stream('flow', 'm³/h', 950, 450, 30)];
const gasMetrics = [stream('gas_lel', '%LEL', 0.6, 0.2, 0.3)];

/** Reads an SSE stream and hands each `notification` event's data to the listener currently waiting. */
async function notificationStream(url: string, cookie: string) {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/notifications/stream`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
  // A holder rather than a plain variable: the reading loop and `next` both change it.
  const waiting: { current: { match: (data: string) => boolean; resolve: (at: number) => void } | null } = { current: null };
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      const at = performance.now();
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!/^event: notification$/m.test(block)) continue;
        const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
        if (waiting.current?.match(data)) {
          waiting.current.resolve(at);
          waiting.current = null;
        }
      }
    }
  })();
  return {
    next(match: (data: string) => boolean): Promise<number> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no alarm event within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        waiting.current = {
          match,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
      });
    },
    close: () => controller.abort(),
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function run(kind: 'postgres' | 'pglite') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-bench-alarm-'));
  const server = await startServer(dataDir, kind === 'postgres' ? DATABASE_URL : undefined);
  // The server's warnings and errors (LOG_LEVEL warn) go to stderr, beside the JSON on stdout, each line cut short.
  const forward = (chunk: string) => process.stderr.write(chunk.replace(/^(.{400}).*$/gm, '$1…'));
  server.child.stdout?.on('data', forward);
  server.child.stderr?.on('data', forward);
  const stop = new AbortController();
  try {
    if (!server.mqttUrl) throw new Error('the server started no MQTT broker');
    const api = await adminClient(server.url);
    const prefix = `LAT-${Date.now().toString(36)}`;
    const duty = `bench_duty_${Date.now().toString(36)}`;
    await api.post('/api/users', {
      username: duty,
      password: DUTY_PASSWORD,
      displayName: '压测值班员',
      orgId: await orgIdOf(api, 'YJGLJ'),
      roles: ['duty_officer'],
      mustChangePassword: false,
    });
    const background = await registerDevices(api, {
      prefix: `${prefix}-W`,
      count: BACKGROUND_DEVICES,
      type: 'water',
      orgId: await orgIdOf(api, 'SWJ'),
      metrics: waterMetrics,
    });
    const targets = await registerDevices(api, {
      prefix: `${prefix}-G`,
      count: ALARMS,
      type: 'gas',
      orgId: await orgIdOf(api, 'CGJ'),
      metrics: gasMetrics,
    });
    await api.post('/api/alarm-rules', {
      name: '压测供水低压',
      deviceType: 'water',
      metric: 'pressure',
      op: '<',
      threshold: 0.05,
      level: 'orange',
    });
    await api.post('/api/alarm-rules', {
      name: '压测可燃气体',
      deviceType: 'gas',
      metric: 'gas_lel',
      op: '>=',
      threshold: 20,
      level: 'red',
    });
    const token = await gatewayToken(api, `压测网关 ${prefix}`);

    const { cookie } = await loginSession(server.url, duty, DUTY_PASSWORD);
    const events = await notificationStream(server.url, cookie);
    const rate = BACKGROUND / (BACKGROUND_DEVICES * BACKGROUND_BATCH * waterMetrics.length);
    const load = simulate({
      url: server.mqttUrl,
      token,
      devices: background,
      scenario: 'normal',
      rate,
      batch: BACKGROUND_BATCH,
      durationSeconds: 0,
      leadSeconds: 0,
      signal: stop.signal,
    });
    // The background flow settles before the first alarm.
    await new Promise((resolve) => setTimeout(resolve, 3000));

    const gateway = await mqtt.connectAsync(server.mqttUrl, { username: 'bench-alarm', password: token, reconnectPeriod: 0 });
    const latencies: number[] = [];
    for (const target of targets) {
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 300));
      const heard = events.next((data) => data.includes(target.code) || data.includes(target.name));
      const sent = performance.now();
      gateway.publish(`citysafe/telemetry/${target.code}`, JSON.stringify({ ts: new Date().toISOString(), values: { gas_lel: 35 } }), {
        qos: 0,
      });
      latencies.push((await heard) - sent);
    }
    await gateway.endAsync();
    stop.abort();
    const published = await load;
    await drained(api, background[background.length - 1]!.id, 'pressure');
    events.close();
    latencies.sort((a, b) => a - b);
    return {
      alarms: latencies.length,
      backgroundReadingsPerSecond: Math.round(published.readings / published.seconds),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies[latencies.length - 1]!),
    };
  } finally {
    stop.abort();
    await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const result: Record<string, unknown> = { target: { p99Ms: 1000 }, backgroundReadingsPerSecond: BACKGROUND };
if (DATABASE_URL) result.postgres = await run('postgres');
// BENCH_PGLITE=0 leaves the embedded database out (PostgreSQL only).
if (process.env.BENCH_PGLITE !== '0') result.pglite = await run('pglite');
console.log(JSON.stringify(result, null, 2));
