/**
 * 工作通报: numbered per issuing office and year (第N期, the way offices print 简报 and 通报), each about a chosen
 * period — a month, a quarter or dates of the office's choice — whose figures it reports.
 */

export type BulletinPeriod =
  { kind: 'month'; month: string } | { kind: 'quarter'; quarter: string } | { kind: 'custom'; from: string; to: string };

/** The longest custom period: a bulletin reports on a stretch of the campaign, not on all of it at once. */
export const BULLETIN_MAX_DAYS = 366;

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The first and last day (inclusive, YYYY-MM-DD) of a period, or the reason it is not one. Quarters are calendar
 * quarters ('2026-Q1' = January–March), as 季度 are counted in reports.
 */
export function bulletinDates(period: BulletinPeriod): { from: string; to: string } | { error: string } {
  if (period.kind === 'month') {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period.month);
    if (!m) return { error: 'month' };
    const [year, month] = [Number(m[1]), Number(m[2])];
    return { from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${pad(lastDayOf(year, month))}` };
  }
  if (period.kind === 'quarter') {
    const m = /^(\d{4})-Q([1-4])$/.exec(period.quarter);
    if (!m) return { error: 'quarter' };
    const year = Number(m[1]);
    const first = (Number(m[2]) - 1) * 3 + 1;
    return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(first + 2)}-${pad(lastDayOf(year, first + 2))}` };
  }
  if (period.from > period.to) return { error: 'to' };
  const days = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 + 1;
  if (days > BULLETIN_MAX_DAYS) return { error: 'to' };
  return { from: period.from, to: period.to };
}

/** How the period is named in the bulletin: 2026年3月, 2026年第一季度, 2026年3月1日至2026年4月15日. */
export function bulletinPeriodText(period: BulletinPeriod, dates: { from: string; to: string }): string {
  const day = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  if (period.kind === 'month') return `${dates.from.slice(0, 4)}年${Number(dates.from.slice(5, 7))}月`;
  if (period.kind === 'quarter') return `${dates.from.slice(0, 4)}年第${'一二三四'[Number(period.quarter.slice(-1)) - 1]}季度`;
  return `${day(dates.from)}至${day(dates.to)}`;
}

/** The issue as printed under the title: 2026年第3期. */
export const bulletinIssueNo = (year: number, n: number): string => `${year}年第${n}期`;
