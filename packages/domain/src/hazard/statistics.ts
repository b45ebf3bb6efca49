import { type Bilingual, bi } from '../i18n.js';
import { addCalendarDays, shanghaiDateOf } from '../shanghai.js';
import type { HazardLevel } from './categories.js';

/**
 * 隐患排查治理统计 — the arithmetic of the hazard statistics (16号令 Art. 14: quarterly and annual
 * statistics tables, regulations.md §5.1 [U]; the "found, rectified, on-time rectification
 * rate, overdue, 挂牌督办 count and 销号 rate"). The server computes the same figures in SQL
 * (`modules/hazard/hazard-stats.ts`); `hazardStatsOf` is the reference its tests compare with.
 *
 * A period is a range of Asia/Shanghai calendar days, both ends included: [from 00:00+08, the day
 * after `to` 00:00+08) as instants. Every figure of a period, precisely:
 * - found: hazards whose `foundAt` lies in the period.
 * - rectified: hazards closed in the period (`closedAt` in it: a 一般 hazard verified, a 重大 one
 *   销号), whenever they were found.
 * - rectifiedWithDeadline: those of `rectified` that had a deadline (整改期限) — the denominator of
 *   the on-time rate: a hazard without a deadline can be neither on time nor late.
 * - rectifiedOnTime: those of `rectifiedWithDeadline` closed on or before their deadline day
 *   (Asia/Shanghai): closed on the deadline day counts on time, closed the next day does not.
 * - onTimeRate = rectifiedOnTime / rectifiedWithDeadline (null when nothing was closed with a deadline).
 * - overdue: hazards found before, and still open at, the period's as-of instant whose deadline day
 *   has ended by then. The as-of instant is the end of the period, or now while the period runs
 *   (never before its start): a hazard is overdue from 00:00 of the day after its deadline.
 * - listed: 重大 hazards under 挂牌督办 at some time in the period: listed before its end and not
 *   closed before its start (the caseload of the supervising bodies in the period).
 * - closedListed: those of `listed` closed (销号) in the period.
 * - closeRate = closedListed / listed (销号率; null when nothing was listed).
 * The rates are fractions 0…1, never rounded here (the xlsx and the page format them).
 */

/** An Asia/Shanghai calendar day, `YYYY-MM-DD`. */
type IsoDay = string;

/** A range of Asia/Shanghai calendar days, both ends included. */
export interface StatsPeriod {
  from: IsoDay;
  to: IsoDay;
}

/** What the statistics may be grouped by: one row per level, category, street, unit (责任单位), origin or month. */
export const hazardStatsGroupings = ['level', 'category', 'street', 'unit', 'origin', 'month'] as const;
export type HazardStatsGrouping = (typeof hazardStatsGroupings)[number];

export const hazardStatsGroupingLabels: Record<HazardStatsGrouping, Bilingual> = {
  level: bi('按等级', 'By level'),
  category: bi('按类别', 'By category'),
  street: bi('按街道', 'By street'),
  unit: bi('按责任单位', 'By responsible unit'),
  origin: bi('按来源', 'By origin'),
  month: bi('按月份', 'By month'),
};

/** The longest period the statistics take: ten years of months is 120 rows, and a longer span is a mistake. */
export const maxStatsPeriodDays = 3660;

const pad = (n: number): string => String(n).padStart(2, '0');
/** The last day of a month (month 1–12): the day before the first of the next. */
function lastDayOfMonth(year: number, month: number): IsoDay {
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
  return addCalendarDays(next, -1);
}

/** The quarter's days: Q1 01-01…03-31, Q2 04-01…06-30, Q3 07-01…09-30, Q4 10-01…12-31. */
export function quarterPeriod(year: number, quarter: 1 | 2 | 3 | 4): StatsPeriod {
  const first = (quarter - 1) * 3 + 1;
  return { from: `${year}-${pad(first)}-01`, to: lastDayOfMonth(year, first + 2) };
}

/** The calendar year's days, 01-01…12-31. */
export const yearPeriod = (year: number): StatsPeriod => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/** The quarter (1–4) an Asia/Shanghai day falls in. */
export const quarterOf = (day: IsoDay): 1 | 2 | 3 | 4 => (Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1) as 1 | 2 | 3 | 4;

/** 00:00 Asia/Shanghai of a calendar day, as an instant (UTC+8 without daylight saving since 1991). */
export const shanghaiMidnight = (day: IsoDay): Date => new Date(`${day}T00:00:00+08:00`);

/** The period as instants: [start, end), end being 00:00 of the day after `to`. */
export const periodInstants = (period: StatsPeriod): { start: Date; end: Date } => ({
  start: shanghaiMidnight(period.from),
  end: shanghaiMidnight(addCalendarDays(period.to, 1)),
});

/** The number of days of a period, both ends counted (1 for a single day; 0 or less when `to` is before `from`). */
export const periodDays = (period: StatsPeriod): number =>
  Math.round((shanghaiMidnight(period.to).getTime() - shanghaiMidnight(period.from).getTime()) / 86_400_000) + 1;

/** The instant at which overdue hazards are counted: the period's end, or now while it runs, never before its start. */
export function statsAsOf(period: StatsPeriod, now: Date): Date {
  const { start, end } = periodInstants(period);
  return new Date(Math.max(start.getTime(), Math.min(end.getTime(), now.getTime())));
}

/** The first instant at which a hazard with this deadline day is overdue: 00:00 Asia/Shanghai of the next day. */
export const overdueFrom = (deadline: IsoDay): Date => shanghaiMidnight(addCalendarDays(deadline, 1));

/** Closed on or before the deadline day (Asia/Shanghai): on time. */
export const closedOnTime = (closedAt: Date, deadline: IsoDay): boolean => shanghaiDateOf(closedAt) <= deadline;

/** A share as a fraction, null when there is nothing to divide by. */
export const shareOf = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** The months a period touches, each clipped to the period: the rows of `groupBy=month`, key `YYYY-MM`. */
export function monthsOf(period: StatsPeriod): Array<StatsPeriod & { key: string }> {
  const months: Array<StatsPeriod & { key: string }> = [];
  let year = Number(period.from.slice(0, 4));
  let month = Number(period.from.slice(5, 7));
  for (;;) {
    const key = `${year}-${pad(month)}`;
    if (key > period.to.slice(0, 7)) return months;
    const first = `${key}-01`;
    const last = lastDayOfMonth(year, month);
    months.push({ key, from: first < period.from ? period.from : first, to: last > period.to ? period.to : last });
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/** The facts of one hazard the statistics read. */
export interface HazardStatsFacts {
  level: HazardLevel;
  foundAt: Date;
  deadline: IsoDay | null;
  closedAt: Date | null;
  listedAt: Date | null;
}

/** The figures of one row (one group, or the totals). */
export interface HazardStatsFigures {
  found: number;
  rectified: number;
  rectifiedWithDeadline: number;
  rectifiedOnTime: number;
  onTimeRate: number | null;
  overdue: number;
  listed: number;
  closedListed: number;
  closeRate: number | null;
}

/** The figures of a period over some hazards, by the definitions above (the reference the SQL is tested against). */
export function hazardStatsOf(hazards: readonly HazardStatsFacts[], period: StatsPeriod, now: Date): HazardStatsFigures {
  const { start, end } = periodInstants(period);
  const asOf = statsAsOf(period, now);
  const within = (t: Date | null): t is Date => t !== null && t >= start && t < end;
  let found = 0;
  let rectified = 0;
  let rectifiedWithDeadline = 0;
  let rectifiedOnTime = 0;
  let overdue = 0;
  let listed = 0;
  let closedListed = 0;
  for (const h of hazards) {
    if (within(h.foundAt)) found += 1;
    if (within(h.closedAt)) {
      rectified += 1;
      if (h.deadline !== null) {
        rectifiedWithDeadline += 1;
        if (closedOnTime(h.closedAt, h.deadline)) rectifiedOnTime += 1;
      }
    }
    const openAtAsOf = h.foundAt < asOf && (h.closedAt === null || h.closedAt >= asOf);
    if (openAtAsOf && h.deadline !== null && overdueFrom(h.deadline) <= asOf) overdue += 1;
    const supervisedInPeriod =
      h.level === '重大' && h.listedAt !== null && h.listedAt < end && (h.closedAt === null || h.closedAt >= start);
    if (supervisedInPeriod) {
      listed += 1;
      if (within(h.closedAt)) closedListed += 1;
    }
  }
  return {
    found,
    rectified,
    rectifiedWithDeadline,
    rectifiedOnTime,
    onTimeRate: shareOf(rectifiedOnTime, rectifiedWithDeadline),
    overdue,
    listed,
    closedListed,
    closeRate: shareOf(closedListed, listed),
  };
}
