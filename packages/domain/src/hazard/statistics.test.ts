import { describe, expect, it } from 'vitest';
import {
  closedOnTime,
  type HazardStatsFacts,
  hazardStatsOf,
  monthsOf,
  overdueFrom,
  periodDays,
  periodInstants,
  quarterOf,
  quarterPeriod,
  shareOf,
  statsAsOf,
  yearPeriod,
} from './statistics.js';

const at = (iso: string) => new Date(iso);
const general = (facts: Partial<HazardStatsFacts>): HazardStatsFacts => ({
  level: '一般',
  foundAt: at('2026-04-01T09:00:00+08:00'),
  deadline: null,
  closedAt: null,
  listedAt: null,
  ...facts,
});

describe('statistics periods (Asia/Shanghai)', () => {
  it('gives each quarter its first and last day, February of a leap year included', () => {
    expect(quarterPeriod(2026, 1)).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(quarterPeriod(2026, 2)).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(quarterPeriod(2026, 3)).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(quarterPeriod(2026, 4)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(yearPeriod(2028)).toEqual({ from: '2028-01-01', to: '2028-12-31' });
    expect(periodDays(quarterPeriod(2028, 1))).toBe(91);
    expect(periodDays(quarterPeriod(2027, 1))).toBe(90);
    expect(quarterOf('2026-03-31')).toBe(1);
    expect(quarterOf('2026-04-01')).toBe(2);
    expect(quarterOf('2026-12-31')).toBe(4);
  });

  it('runs a period from 00:00+08 of its first day to 00:00+08 after its last', () => {
    const { start, end } = periodInstants(quarterPeriod(2026, 2));
    expect(start.toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(end.toISOString()).toBe('2026-06-30T16:00:00.000Z');
  });

  it('counts overdue at the end of a finished period, now in a running one, never before its start', () => {
    const q2 = quarterPeriod(2026, 2);
    expect(statsAsOf(q2, at('2026-08-01T00:00:00Z')).toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(statsAsOf(q2, at('2026-05-05T03:00:00Z')).toISOString()).toBe('2026-05-05T03:00:00.000Z');
    expect(statsAsOf(q2, at('2026-01-05T03:00:00Z')).toISOString()).toBe('2026-03-31T16:00:00.000Z');
  });

  it('splits a period into its months, clipped at both ends, across a year end', () => {
    expect(monthsOf({ from: '2026-11-15', to: '2027-02-10' })).toEqual([
      { key: '2026-11', from: '2026-11-15', to: '2026-11-30' },
      { key: '2026-12', from: '2026-12-01', to: '2026-12-31' },
      { key: '2027-01', from: '2027-01-01', to: '2027-01-31' },
      { key: '2027-02', from: '2027-02-01', to: '2027-02-10' },
    ]);
    expect(monthsOf({ from: '2028-02-29', to: '2028-02-29' })).toEqual([{ key: '2028-02', from: '2028-02-29', to: '2028-02-29' }]);
  });
});

describe('on time and overdue', () => {
  it('counts a hazard closed on its deadline day (Shanghai) on time, the next day not', () => {
    expect(closedOnTime(at('2026-05-10T23:59:59+08:00'), '2026-05-10')).toBe(true);
    // 15:59 UTC is still 23:59 in Shanghai; 16:00 UTC is the next day there.
    expect(closedOnTime(at('2026-05-10T15:59:59Z'), '2026-05-10')).toBe(true);
    expect(closedOnTime(at('2026-05-10T16:00:00Z'), '2026-05-10')).toBe(false);
    expect(closedOnTime(at('2026-05-11T00:00:00+08:00'), '2026-05-10')).toBe(false);
  });

  it('makes a hazard overdue from 00:00 Shanghai of the day after its deadline', () => {
    expect(overdueFrom('2026-05-10').toISOString()).toBe('2026-05-10T16:00:00.000Z');
    expect(overdueFrom('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('divides only by something', () => {
    expect(shareOf(0, 0)).toBeNull();
    expect(shareOf(17, 20)).toBe(0.85);
  });
});

describe('hazardStatsOf', () => {
  const q2 = quarterPeriod(2026, 2);
  const after = at('2026-08-01T00:00:00Z');

  it('counts found on the quarter’s first and last day, not the day before or after', () => {
    const hazards = [
      general({ foundAt: at('2026-03-31T23:59:59+08:00') }),
      general({ foundAt: at('2026-04-01T00:00:00+08:00') }),
      general({ foundAt: at('2026-06-30T23:59:59+08:00') }),
      general({ foundAt: at('2026-07-01T00:00:00+08:00') }),
    ];
    expect(hazardStatsOf(hazards, q2, after).found).toBe(2);
  });

  it('rates on time over the hazards closed in the period with a deadline', () => {
    const hazards = [
      general({ deadline: '2026-05-10', closedAt: at('2026-05-10T22:00:00+08:00') }),
      general({ deadline: '2026-05-10', closedAt: at('2026-05-11T08:00:00+08:00') }),
      // No deadline: rectified, but in neither part of the rate.
      general({ closedAt: at('2026-05-12T08:00:00+08:00') }),
      // Found before the quarter, closed in it: counts.
      general({ foundAt: at('2026-01-05T08:00:00+08:00'), deadline: '2026-01-31', closedAt: at('2026-04-02T08:00:00+08:00') }),
      // Closed after the quarter: not in its figures.
      general({ deadline: '2026-06-30', closedAt: at('2026-07-01T00:00:00+08:00') }),
    ];
    const figures = hazardStatsOf(hazards, q2, after);
    expect(figures).toMatchObject({ found: 4, rectified: 4, rectifiedWithDeadline: 3, rectifiedOnTime: 1 });
    expect(figures.onTimeRate).toBeCloseTo(1 / 3);
  });

  it('counts overdue at the quarter’s end: deadline on the last day and still open is overdue, closed late after it too', () => {
    const hazards = [
      general({ deadline: '2026-06-30' }),
      general({ deadline: '2026-07-01' }),
      general({ deadline: '2026-06-30', closedAt: at('2026-07-02T10:00:00+08:00') }),
      general({ deadline: '2026-06-30', closedAt: at('2026-06-30T10:00:00+08:00') }),
      general({ deadline: null }),
    ];
    expect(hazardStatsOf(hazards, q2, after).overdue).toBe(2);
    // While the quarter runs, on the deadline day itself nothing is overdue yet.
    expect(hazardStatsOf(hazards, q2, at('2026-06-30T12:00:00+08:00')).overdue).toBe(0);
  });

  it('rates 销号 over the 重大 hazards under supervision in the period', () => {
    const major = (facts: Partial<HazardStatsFacts>) => general({ level: '重大', ...facts });
    const hazards = [
      major({ listedAt: at('2026-02-01T10:00:00+08:00'), closedAt: at('2026-05-01T10:00:00+08:00') }),
      major({ listedAt: at('2026-04-10T10:00:00+08:00') }),
      major({ listedAt: at('2026-01-10T10:00:00+08:00'), closedAt: at('2026-03-31T10:00:00+08:00') }),
      major({ listedAt: at('2026-07-01T00:00:00+08:00') }),
      major({}),
    ];
    const figures = hazardStatsOf(hazards, q2, after);
    expect(figures).toMatchObject({ listed: 2, closedListed: 1, closeRate: 0.5 });
  });
});
