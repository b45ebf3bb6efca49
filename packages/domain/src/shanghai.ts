/**
 * Asia/Shanghai civil time. China has kept UTC+8 without daylight saving since 1991, so a fixed
 * offset is exact and needs no time-zone database.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The Asia/Shanghai calendar day of an instant, `YYYY-MM-DD`. */
export const shanghaiDateOf = (instant: Date): string => new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

/** The calendar day `days` after `day` (both `YYYY-MM-DD`): a review due a cycle after today. */
export function addCalendarDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The first `hour`:00 Asia/Shanghai strictly after `after`: when a daily job runs next. */
export function nextShanghaiHour(after: Date, hour: number): Date {
  const local = new Date(after.getTime() + SHANGHAI_OFFSET_MS);
  local.setUTCHours(hour, 0, 0, 0);
  const at = new Date(local.getTime() - SHANGHAI_OFFSET_MS);
  return at > after ? at : new Date(at.getTime() + DAY_MS);
}
