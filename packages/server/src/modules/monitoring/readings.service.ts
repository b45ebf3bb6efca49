import { AppError, bi, monitoring } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.js';
import { type Db, now, rows } from '../../platform/db.js';
import { loadDevice } from './device.service.js';

/** Charts and pages read at most this span at once (the hourly roll-up of a few years). */
const MAX_SPAN_MS = 5 * 366 * 86400_000;
/** Raw points one chart answers with at most; a longer span should ask for minutes or hours. */
const MAX_RAW_POINTS = 20_000;

type Range = { metric: string; from?: string | undefined; to?: string | undefined };

/** The time range asked for: default the last 24 hours up to now; `from` after `to` is a 400 naming `from`. */
function rangeOf(db: Db, q: Range): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : now(db);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 86400_000);
  if (from > to)
    throw new AppError('VALIDATION', undefined, { fields: [{ field: 'from', message: bi('开始时间晚于结束时间', 'from is after to') }] });
  if (to.getTime() - from.getTime() > MAX_SPAN_MS)
    throw new AppError('VALIDATION', undefined, {
      fields: [{ field: 'from', message: bi('时间跨度不能超过 5 年', 'The span is at most 5 years') }],
    });
  return { from, to };
}

async function deviceWithMetric(db: Db, actor: Actor, id: string, metric: string) {
  const device = await loadDevice(db, actor, id);
  if (!device.metrics.some((m) => m.key === metric))
    throw new AppError('VALIDATION', undefined, {
      fields: [{ field: 'metric', message: bi(`设备没有指标「${metric}」`, `The device has no metric "${metric}"`) }],
    });
  return device;
}

/**
 * Stored readings of one metric (the device's first when not named) in `[from, to]`, in time order (`-ts`: newest
 * first), a page at a time.
 */
export async function listReadings(
  db: Db,
  actor: Actor,
  id: string,
  q: Omit<Range, 'metric'> & { metric?: string | undefined; page: number; pageSize: number; sort?: 'ts' | '-ts' | undefined },
) {
  const metric = q.metric ?? (await loadDevice(db, actor, id)).metrics[0]!.key;
  await deviceWithMetric(db, actor, id, metric);
  const { from, to } = rangeOf(db, { ...q, metric });
  const where = sql`device_id = ${id} and metric = ${metric} and ts >= ${from.toISOString()}::timestamptz and ts <= ${to.toISOString()}::timestamptz`;
  const found = await rows<{ ts: Date; value: number; total: number }>(
    db,
    sql`select ts, value, count(*) over ()::int as total from monitoring_readings where ${where}
         order by ts ${sql.raw(q.sort === '-ts' ? 'desc' : 'asc')} limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const total =
    found[0]?.total ?? (await rows<{ n: number }>(db, sql`select count(*)::int as n from monitoring_readings where ${where}`))[0]!.n;
  return {
    items: found.map((r) => ({ ts: new Date(r.ts).toISOString(), value: Number(r.value) })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * A metric for charts: raw readings, or min/max/avg per minute or hour from the roll-ups (a year's chart reads
 * at most 8 784 rows of the hourly table). Without `bucket` the span chooses (`bucketForSpan`).
 */
export async function seriesOf(db: Db, actor: Actor, id: string, q: Range & { bucket?: monitoring.SeriesBucket | undefined }) {
  await deviceWithMetric(db, actor, id, q.metric);
  const { from, to } = rangeOf(db, q);
  const bucket = q.bucket ?? monitoring.bucketForSpan(to.getTime() - from.getTime());
  const range = sql`device_id = ${id} and metric = ${q.metric}`;
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  if (bucket === 'raw') {
    const found = await rows<{ ts: Date; value: number }>(
      db,
      sql`select ts, value from monitoring_readings where ${range} and ts >= ${fromIso}::timestamptz and ts <= ${toIso}::timestamptz
           order by ts limit ${MAX_RAW_POINTS}`,
    );
    return {
      bucket,
      points: found.map((r) => {
        const v = Number(r.value);
        return { ts: new Date(r.ts).toISOString(), min: v, max: v, avg: v, count: 1 };
      }),
    };
  }
  const table = sql.identifier(bucket === 'minute' ? 'monitoring_readings_minute' : 'monitoring_readings_hour');
  const found = await rows<{ bucket: Date; count: number; sum: number; min: number; max: number }>(
    db,
    sql`select bucket, count, sum, min, max from ${table} where ${range}
           and bucket >= ${fromIso}::timestamptz and bucket <= ${toIso}::timestamptz order by bucket limit ${MAX_RAW_POINTS}`,
  );
  return {
    bucket,
    points: found.map((r) => ({
      ts: new Date(r.bucket).toISOString(),
      min: Number(r.min),
      max: Number(r.max),
      avg: Number(r.sum) / Number(r.count),
      count: Number(r.count),
    })),
  };
}
