import { AppError, type Bilingual, bi } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.js';
import { rows } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { sha256 } from '../../platform/auth.js';
import { actorFromToken } from '../identity/index.js';
import { boundDeviceCode, type IngestDevice, ingestDevicesByCode, mayPublishFor } from './device.service.js';

/** One stored reading as the rules see it, after the flush that stored it has committed. */
export interface StoredReading {
  deviceId: string;
  deviceType: IngestDevice['type'];
  orgId: string;
  metric: string;
  ts: Date;
  value: number;
  /** Older than the newest reading already stored for this device and metric: rules must not raise on it. */
  late: boolean;
}

export type ReadingsListener = (platform: Platform, batch: StoredReading[]) => Promise<void> | void;
const listeners: ReadingsListener[] = [];

/**
 * Registers an in-process listener called after each committed flush with the readings it stored (duplicates
 * left out), in time order per (device, metric). Listeners run one after the other and before the next flush,
 * so a listener sees every device's readings in order; a listener's error is logged and does not stop the ingest.
 */
export function onReadingsStored(listener: ReadingsListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

/** Why one item or value of a payload was refused. */
export interface Rejection {
  index: number;
  field: string;
  message: Bilingual;
}

/** How long a flush waits for more rows, and the most rows one flush writes. */
const FLUSH_MS = 50;
const FLUSH_ROWS = 5000;
/** Readings stamped further ahead of the platform's clock than this are refused: a device clock gone wrong. */
const FUTURE_SLACK_MS = 5 * 60_000;
/**
 * A flush that fails (the database restarting, a dropped connection) puts its rows back at the head of the buffer and
 * is tried again after 100 ms, 200 ms, … up to 5 s between attempts: readings the broker has already acknowledged are
 * not thrown away on the first error. After this many attempts in a row the batch is given up, logged as lost.
 */
const FLUSH_ATTEMPTS = 10;
const retryDelayMs = (failures: number) => Math.min(5_000, 100 * 2 ** (failures - 1));
/** `last_seen_at` is written at most this often per device: offline takes 3 intervals, so seconds do not matter. */
const LAST_SEEN_EVERY_MS = 5_000;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

interface Pending {
  device: IngestDevice;
  metric: string;
  ts: Date;
  value: number;
}

/** A caller waiting for its readings (rows `start` to `end` of the buffer's sequence) to be written. */
interface Waiter {
  start: number;
  end: number;
  keys: string[];
  stored: number;
  resolve: (stored: number) => void;
  reject: (err: unknown) => void;
}

const keyOf = (deviceId: string, metric: string, ms: number) => `${deviceId}|${metric}|${ms}`;

/**
 * The ingest of one platform: validated readings are buffered and written in batches (every 50 ms or 5 000 rows)
 * by one statement that inserts the readings (`on conflict do nothing`: idempotent by device, metric and time)
 * and, from the rows actually inserted, adds to the per-minute and per-hour roll-ups.
 */
export class Ingest {
  private buffer: Pending[] = [];
  /** Rows ever buffered, and ever flushed: a row's place in this sequence tells which flush wrote it. */
  private buffered = 0;
  private flushed = 0;
  private waiters: Waiter[] = [];
  private malformed = new Map<string, { count: number; reason: string; at: Date }>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  /** The newest stored time per device and metric (ms), to flag late readings; read from the table on first sight. */
  private readonly newest = new Map<string, number>();
  private readonly lastSeenWritten = new Map<string, number>();
  private stopped = false;
  /** Flushes failed in a row: while above zero the next attempt waits (`retryDelayMs`). */
  private failures = 0;

  constructor(private readonly platform: Platform) {}

  /**
   * Validates one payload of a device (a `{ ts, values }` object or an array of them) and buffers its readings.
   * Returns what was buffered and what was refused; a refusal is counted on the device (its page shows it).
   * Resolves `stored` once the readings are committed, with how many were new (not duplicates).
   */
  async accept(code: string, payload: unknown, at: Date): Promise<{ buffered: number; rejected: Rejection[]; stored: Promise<number> }> {
    const device = (await ingestDevicesByCode(this.platform.db, [code])).get(code) ?? null;
    if (!device)
      return {
        buffered: 0,
        rejected: [{ index: 0, field: 'device', message: bi(`未登记的设备「${code}」`, `Unknown device "${code}"`) }],
        stored: Promise.resolve(0),
      };
    return this.acceptFor(device, Array.isArray(payload) ? payload : [payload], at, 0, false);
  }

  /** Validates and buffers items of one device; with `wait`, `stored` resolves once they are written. */
  acceptFor(device: IngestDevice, items: unknown[], at: Date, indexOffset: number, wait: boolean) {
    const rejected: Rejection[] = [];
    const keys: string[] = [];
    const start = this.buffered;
    if (device.status === 'disabled') {
      rejected.push({ index: indexOffset, field: 'device', message: bi('设备已停用', 'The device is disabled') });
    } else {
      items.forEach((item, i) => {
        const index = indexOffset + i;
        const refuse = (field: string, message: Bilingual) => rejected.push({ index, field, message });
        if (typeof item !== 'object' || item === null || Array.isArray(item))
          return refuse('', bi('每条数据须为对象', 'Each item must be an object'));
        const { ts, values } = item as { ts?: unknown; values?: unknown };
        if (typeof ts !== 'string' || !ISO_DATE_TIME.test(ts) || Number.isNaN(Date.parse(ts)))
          return refuse('ts', bi('时间须为带时区的 ISO 8601 时间', 'ts must be an ISO 8601 date-time with an offset'));
        const time = new Date(ts);
        // Year 0000 parses here but not in the database, where it would fail the whole batch of every device.
        if (time.getTime() < 0) return refuse('ts', bi('时间早于 1970 年', 'ts is before 1970'));
        if (time.getTime() > at.getTime() + FUTURE_SLACK_MS) return refuse('ts', bi('时间晚于当前时间', 'ts is in the future'));
        if (typeof values !== 'object' || values === null || Array.isArray(values))
          return refuse('values', bi('values 须为「指标: 数值」对象', 'values must be an object of metric: number'));
        for (const [metric, value] of Object.entries(values)) {
          if (!device.metrics.has(metric)) {
            refuse(`values.${metric}`, bi(`设备没有指标「${metric}」`, `The device has no metric "${metric}"`));
          } else if (typeof value !== 'number' || !Number.isFinite(value)) {
            refuse(`values.${metric}`, bi('数值须为有限数字', 'The value must be a finite number'));
          } else {
            this.buffer.push({ device, metric, ts: time, value });
            this.buffered++;
            if (wait) keys.push(keyOf(device.id, metric, time.getTime()));
          }
        }
      });
    }
    if (rejected.length > 0) this.countMalformed(device, rejected, at);
    const end = this.buffered;
    const stored =
      keys.length === 0
        ? Promise.resolve(0)
        : new Promise<number>((resolve, reject) => this.waiters.push({ start, end, keys, stored: 0, resolve, reject }));
    // The flush logs its own errors: a caller that stops waiting leaves no unhandled rejection.
    stored.catch(() => undefined);
    this.schedule();
    return { buffered: end - start, rejected, stored };
  }

  /** Counts a refused payload (or part of one) on the device, written with the next flush. */
  countMalformed(device: { id: string }, rejected: Rejection[], at: Date): void {
    const first = rejected[0]!;
    // Control characters (a NUL in a metric name) are taken out: no text column accepts a NUL, and the write would fail.
    const reason = `${first.field ? `${first.field}: ` : ''}${first.message.zh} / ${first.message.en}`
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .slice(0, 300);
    const entry = this.malformed.get(device.id);
    this.malformed.set(device.id, { count: (entry?.count ?? 0) + 1, reason, at });
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped || this.flushing) return;
    if (this.failures > 0) {
      if (!this.timer)
        this.timer = setTimeout(() => {
          this.timer = null;
          if (!this.flushing) this.flushing = this.flushLoop();
        }, retryDelayMs(this.failures));
    } else if (this.buffer.length >= FLUSH_ROWS) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.flushing = this.flushLoop();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        if (!this.flushing) this.flushing = this.flushLoop();
      }, FLUSH_MS);
    }
  }

  /** Writes batches until the buffer is empty (a full batch right away, a partial one after FLUSH_MS). */
  private async flushLoop(): Promise<void> {
    try {
      while (this.buffer.length > 0 || this.malformed.size > 0) {
        if (!(await this.flushOnce())) break;
        if (this.buffer.length < FLUSH_ROWS) break;
      }
    } finally {
      this.flushing = null;
      if (this.buffer.length > 0 || this.malformed.size > 0) this.schedule();
    }
  }

  /** Flushes now and waits for everything buffered so far to be written (tests, shutdown). */
  async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.flushing || this.buffer.length > 0 || this.malformed.size > 0) {
      if (this.flushing) await this.flushing;
      else this.flushing = this.flushLoop();
    }
  }

  async stop(): Promise<void> {
    await this.drain();
    this.stopped = true;
  }

  /** Writes one batch; false when it failed and its rows wait in the buffer for the next attempt. */
  private async flushOnce(): Promise<boolean> {
    const batch = this.buffer.splice(0, FLUSH_ROWS);
    const batchStart = this.flushed;
    const batchEnd = batchStart + batch.length;
    this.flushed = batchEnd;
    // The waiters with rows in this batch; those whose last row is in it are done after it.
    const touched = this.waiters.filter((w) => w.start < batchEnd);
    const done = touched.filter((w) => w.end <= batchEnd);
    this.waiters = this.waiters.filter((w) => w.end > batchEnd);
    const malformed = this.malformed;
    this.malformed = new Map();
    const { db } = this.platform;
    const at = this.platform.clock.now();
    try {
      let inserted: { device_id: string; metric: string; ts: Date; value: number }[] = [];
      if (batch.length > 0) {
        await this.loadNewest(batch);
        const seen = this.devicesToMarkSeen(batch, at.getTime());
        inserted = await rows(
          db,
          sql`with input as (
                select * from unnest(${toArray(batch.map((r) => r.device.id))}::uuid[], ${toArray(batch.map((r) => r.metric))}::text[],
                                     ${toArray(batch.map((r) => r.ts.toISOString()))}::timestamptz[], ${toArray(batch.map((r) => r.value))}::float8[])
                       as t(device_id, metric, ts, value)
              ), ins as (
                insert into monitoring_readings (device_id, metric, ts, value, received_at)
                select device_id, metric, ts, value, ${at.toISOString()}::timestamptz from input
                on conflict do nothing
                returning device_id, metric, ts, value
              ), minute as (
                insert into monitoring_readings_minute as r (device_id, metric, bucket, count, sum, min, max)
                select device_id, metric, to_timestamp(floor(extract(epoch from ts) / 60) * 60), count(*), sum(value), min(value), max(value)
                  from ins group by 1, 2, 3
                on conflict (device_id, metric, bucket) do update
                   set count = r.count + excluded.count, sum = r.sum + excluded.sum,
                       min = least(r.min, excluded.min), max = greatest(r.max, excluded.max)
              ), hour as (
                insert into monitoring_readings_hour as r (device_id, metric, bucket, count, sum, min, max)
                select device_id, metric, to_timestamp(floor(extract(epoch from ts) / 3600) * 3600), count(*), sum(value), min(value), max(value)
                  from ins group by 1, 2, 3
                on conflict (device_id, metric, bucket) do update
                   set count = r.count + excluded.count, sum = r.sum + excluded.sum,
                       min = least(r.min, excluded.min), max = greatest(r.max, excluded.max)
              ), seen as (
                update monitoring_devices set last_seen_at = ${at.toISOString()}::timestamptz
                 where id = any(${toArray(seen)}::uuid[])
              )
              select device_id, metric, ts, value from ins`,
        );
        for (const id of seen) this.lastSeenWritten.set(id, at.getTime());
      }
      if (malformed.size > 0) await this.writeMalformed(malformed);
      const stored = new Set(inserted.map((r) => keyOf(r.device_id, r.metric, new Date(r.ts).getTime())));
      for (const w of touched) w.stored += w.keys.filter((k) => stored.has(k)).length;
      for (const w of done) w.resolve(w.stored);
      this.failures = 0;
      if (inserted.length > 0) await this.tell(batch, stored);
      return true;
    } catch (err) {
      this.failures++;
      if (this.failures < FLUSH_ATTEMPTS) {
        this.platform.log.warn({ err, rows: batch.length, attempt: this.failures }, 'monitoring ingest flush failed; will retry');
        // Back as they were: the rows at the head of the buffer, their waiters waiting, the counts to write.
        this.buffer.unshift(...batch);
        this.flushed = batchStart;
        this.waiters.push(...done);
        for (const [id, m] of malformed) {
          const later = this.malformed.get(id);
          this.malformed.set(id, later ? { ...later, count: later.count + m.count } : m);
        }
        return false;
      }
      this.platform.log.error({ err, rows: batch.length, attempts: this.failures }, 'monitoring ingest flush failed; readings lost');
      for (const w of touched) w.reject(err);
      return true;
    }
  }

  /** The devices of the batch whose `last_seen_at` was not written in the last few seconds. */
  private devicesToMarkSeen(batch: Pending[], atMs: number): string[] {
    const ids = new Set<string>();
    for (const r of batch) {
      const last = this.lastSeenWritten.get(r.device.id);
      if (last === undefined || atMs - last >= LAST_SEEN_EVERY_MS || atMs < last) ids.add(r.device.id);
    }
    return [...ids];
  }

  /** Reads the newest stored time of each (device, metric) not yet seen by this process, in one statement. */
  private async loadNewest(batch: Pending[]): Promise<void> {
    const unseen = new Map<string, { deviceId: string; metric: string }>();
    for (const r of batch) {
      const k = `${r.device.id}|${r.metric}`;
      if (!this.newest.has(k)) unseen.set(k, { deviceId: r.device.id, metric: r.metric });
    }
    if (unseen.size === 0) return;
    const list = [...unseen.values()];
    const found = await rows<{ device_id: string; metric: string; newest: Date | null }>(
      this.platform.db,
      sql`select k.device_id, k.metric,
                 (select max(r.ts) from monitoring_readings r where r.device_id = k.device_id and r.metric = k.metric) as newest
            from unnest(${toArray(list.map((l) => l.deviceId))}::uuid[], ${toArray(list.map((l) => l.metric))}::text[]) as k(device_id, metric)`,
    );
    for (const f of found)
      this.newest.set(`${f.device_id}|${f.metric}`, f.newest ? new Date(f.newest).getTime() : Number.NEGATIVE_INFINITY);
  }

  /** Hands the stored readings to the listeners, in time order per (device, metric), flagging the late ones. */
  private async tell(batch: Pending[], stored: Set<string>): Promise<void> {
    const fresh = batch
      .filter((r) => stored.delete(keyOf(r.device.id, r.metric, r.ts.getTime())))
      .sort((a, b) =>
        a.device.id < b.device.id
          ? -1
          : a.device.id > b.device.id
            ? 1
            : a.metric < b.metric
              ? -1
              : a.metric > b.metric
                ? 1
                : a.ts.getTime() - b.ts.getTime(),
      );
    const out: StoredReading[] = [];
    for (const r of fresh) {
      const k = `${r.device.id}|${r.metric}`;
      const newest = this.newest.get(k) ?? Number.NEGATIVE_INFINITY;
      const ms = r.ts.getTime();
      out.push({
        deviceId: r.device.id,
        deviceType: r.device.type,
        orgId: r.device.orgId,
        metric: r.metric,
        ts: r.ts,
        value: r.value,
        late: ms < newest,
      });
      if (ms > newest) this.newest.set(k, ms);
    }
    for (const listener of listeners) {
      try {
        await listener(this.platform, out);
      } catch (err) {
        this.platform.log.error({ err }, 'a monitoring readings listener failed');
      }
    }
  }

  private async writeMalformed(malformed: Map<string, { count: number; reason: string; at: Date }>): Promise<void> {
    const list = [...malformed.entries()];
    await rows(
      this.platform.db,
      sql`update monitoring_devices d
             set malformed_count = d.malformed_count + m.n, last_malformed_at = m.at, last_malformed_reason = m.reason
            from unnest(${toArray(list.map(([id]) => id))}::uuid[], ${toArray(list.map(([, m]) => m.count))}::int[],
                        ${toArray(list.map(([, m]) => m.at.toISOString()))}::timestamptz[], ${toArray(list.map(([, m]) => m.reason))}::text[])
                 as m(id, n, at, reason)
           where d.id = m.id`,
    );
  }
}

/** A JS array as one array parameter (drizzle would otherwise expand it into a list of parameters). */
const toArray = (values: unknown[]) => sql.param(values);

const ingests = new WeakMap<Platform, Ingest>();

/** The ingest of a platform (one per platform: its buffer, its flush timer). */
export function ingestOf(platform: Platform): Ingest {
  let ingest = ingests.get(platform);
  if (!ingest) {
    ingest = new Ingest(platform);
    ingests.set(platform, ingest);
  }
  return ingest;
}

/**
 * Takes one MQTT message of `citysafe/telemetry/<code>`: parses, validates and buffers it. Never throws: a payload
 * that is not JSON or does not fit is counted on the device and logged; an unknown device is logged only.
 */
export async function ingestMessage(platform: Platform, code: string, payload: Buffer): Promise<void> {
  try {
    const at = platform.clock.now();
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString('utf8'));
    } catch {
      const device = (await ingestDevicesByCode(platform.db, [code])).get(code);
      if (device)
        ingestOf(platform).countMalformed(device, [{ index: 0, field: '', message: bi('不是有效的 JSON', 'Not valid JSON') }], at);
      else platform.log.warn({ code }, 'telemetry for an unknown device');
      return;
    }
    const { rejected } = await ingestOf(platform).accept(code, parsed, at);
    if (rejected.length > 0) platform.log.warn({ code, rejected: rejected.slice(0, 5) }, 'telemetry refused in part');
  } catch (err) {
    platform.log.error({ err, code }, 'telemetry message failed');
  }
}

/** `ingestReadings(platform, code, items)`: the same path as MQTT for other callers (simulator, demo). */
export async function ingestReadings(platform: Platform, deviceCode: string, items: unknown[]) {
  const result = await ingestOf(platform).accept(deviceCode, items, platform.clock.now());
  return { accepted: result.buffered, rejected: result.rejected, stored: await result.stored };
}

/**
 * `POST /api/telemetry`: items each naming their device; a token bound to a device publishes for it alone, other
 * callers for the devices in their telemetry.publish reach. Waits for the flush, so the answer counts duplicates.
 */
export async function ingestHttp(platform: Platform, actor: Actor, boundCode: string | null, body: unknown) {
  const items = Array.isArray(body) ? body : [body];
  const codes = [
    ...new Set(
      items
        .map((i) => (typeof i === 'object' && i !== null ? (i as { device?: unknown }).device : undefined))
        .filter((c): c is string => typeof c === 'string'),
    ),
  ];
  const found = await ingestDevicesByCode(platform.db, codes);
  const ingest = ingestOf(platform);
  const at = platform.clock.now();
  const rejected: Rejection[] = [];
  const waits: Promise<number>[] = [];
  let buffered = 0;
  items.forEach((item, index) => {
    const code = typeof item === 'object' && item !== null ? (item as { device?: unknown }).device : undefined;
    if (typeof code !== 'string')
      return rejected.push({ index, field: 'device', message: bi('缺少设备编码', 'The device code is missing') });
    const device = found.get(code);
    if (!device || !mayPublishFor(actor, device) || (boundCode !== null && boundCode !== code))
      return rejected.push({
        index,
        field: 'device',
        message: bi(`无权上报设备「${code}」的数据`, `You may not publish for device "${code}"`),
      });
    const result = ingest.acceptFor(device, [item], at, index, true);
    rejected.push(...result.rejected);
    buffered += result.buffered;
    waits.push(result.stored);
  });
  let stored = 0;
  try {
    for (const n of await Promise.all(waits)) stored += n;
  } catch {
    throw new AppError('UNAVAILABLE', bi('监测数据暂时无法写入，请稍后重发', 'Readings cannot be stored now; send them again later'));
  }
  return { accepted: stored, duplicates: buffered - stored, rejected };
}

/** Subscribes the platform's MQTT connection to the telemetry topics and feeds the ingest. */
export async function subscribeTelemetry(platform: Platform, client: import('mqtt').MqttClient): Promise<void> {
  const prefix = 'citysafe/telemetry/';
  client.on('message', (topic, payload) => {
    if (!topic.startsWith(prefix)) return;
    const code = topic.slice(prefix.length);
    if (code.includes('/')) return;
    void ingestMessage(platform, code, payload);
  });
  await client.subscribeAsync(`${prefix}+`, { qos: 0 });
}

/** Answers of the broker's publish check, per token and topic, kept a few seconds (a device publishes often). */
const GUARD_CACHE_MS = 10_000;

/**
 * The embedded broker's check of a device connection's publish on `citysafe/telemetry/<code>`: a token bound to a
 * device publishes on that device's topic only; a token bound to none (a gateway's) on the topics of the devices
 * in its holder's telemetry.publish reach. Unknown devices are let through (the ingest logs them).
 */
export function telemetryGuard(platform: Platform): (secret: string, code: string) => Promise<boolean> {
  const cache = new Map<string, { ok: boolean; at: number }>();
  return async (secret, code) => {
    const key = `${sha256(secret)}|${code}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < GUARD_CACHE_MS) return hit.ok;
    const bound = await boundDeviceCode(platform.db, secret);
    let ok: boolean;
    if (bound !== null) ok = bound === code;
    else {
      const device = (await ingestDevicesByCode(platform.db, [code])).get(code);
      const actor = device ? await actorFromToken(platform.db, secret, null) : null;
      ok = !device || (actor !== null && mayPublishFor(actor, device));
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { ok, at: Date.now() });
    return ok;
  };
}
