import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';

export const READINGS_MAINTENANCE_JOB = 'monitoring.readingsMaintenance';
/** Days of raw readings (and per-minute roll-ups) kept; the hourly roll-up stays. Default of the design: 400 days. */
export const READINGS_RETENTION_DAYS = 400;
/** Month partitions made ahead of time, so that readings land in a month partition, not the default one. */
const MONTHS_AHEAD = 2;

/**
 * Makes the month partitions of the readings from this month to `MONTHS_AHEAD` ahead and drops those wholly older
 * than the retention. Returns what it did.
 */
export async function maintainReadings(platform: Platform): Promise<{ created: number; dropped: number }> {
  const at = platform.clock.now();
  let created = 0;
  for (let m = 0; m <= MONTHS_AHEAD; m++) {
    const month = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + m, 1));
    const [r] = await rows<{ made: boolean }>(
      platform.db,
      sql`select monitoring_readings_ensure_partition(${month.toISOString()}::timestamptz) as made`,
    );
    if (r?.made) created++;
  }
  const cutoff = new Date(at.getTime() - READINGS_RETENTION_DAYS * 86400_000);
  const [d] = await rows<{ dropped: number }>(
    platform.db,
    sql`select monitoring_readings_drop_before(${cutoff.toISOString()}::timestamptz) as dropped`,
  );
  return { created, dropped: d?.dropped ?? 0 };
}

/** Schedules the daily maintenance at the next 03:00 UTC (11:00 Asia/Shanghai is quiet enough), once per day. */
async function scheduleNext(platform: Platform): Promise<void> {
  const at = platform.clock.now();
  const next = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + (at.getUTCHours() >= 3 ? 1 : 0), 3));
  await platform.jobs.schedule(platform.db, READINGS_MAINTENANCE_JOB, {}, next, {
    uniqueKey: `${READINGS_MAINTENANCE_JOB}:${next.toISOString().slice(0, 10)}`,
  });
}

export async function registerReadingsJobs(platform: Platform): Promise<void> {
  platform.jobs.register(READINGS_MAINTENANCE_JOB, async () => {
    await scheduleNext(platform);
    await maintainReadings(platform);
  });
  await scheduleNext(platform);
}
