import { describe, expect, it } from 'vitest';
import {
  checkInWindowError,
  defaultGridSettings,
  distanceM,
  gridSettings,
  isDue,
  isFarCheckIn,
  nextDueOn,
  patrolIntervalDays,
  patrolRecord,
} from './patrol.js';

describe('patrol interval by risk level', () => {
  it('visits red places most often and places without a level as blue', () => {
    expect(patrolIntervalDays('major', defaultGridSettings)).toBe(1);
    expect(patrolIntervalDays('significant', defaultGridSettings)).toBe(3);
    expect(patrolIntervalDays('general', defaultGridSettings)).toBe(7);
    expect(patrolIntervalDays('low', defaultGridSettings)).toBe(30);
    expect(patrolIntervalDays(null, defaultGridSettings)).toBe(30);
  });
  it('takes the administrator’s values', () => {
    const settings = { ...defaultGridSettings, intervalDays: { ...defaultGridSettings.intervalDays, major: 2 } };
    expect(patrolIntervalDays('major', settings)).toBe(2);
  });
  it('refuses an interval under one day or over a year, and duplicate category codes', () => {
    const bad = (intervalDays: object) =>
      gridSettings.safeParse({ ...defaultGridSettings, intervalDays: { ...defaultGridSettings.intervalDays, ...intervalDays } });
    expect(bad({ major: 0 }).success).toBe(false);
    expect(bad({ low: 366 }).success).toBe(false);
    expect(bad({ low: 365 }).success).toBe(true);
    const twice = gridSettings.safeParse({
      ...defaultGridSettings,
      caseCategories: [defaultGridSettings.caseCategories[0], defaultGridSettings.caseCategories[0]],
    });
    expect(twice.success).toBe(false);
  });
});

describe('next due day (Asia/Shanghai)', () => {
  it('is today for a place never visited', () => {
    expect(nextDueOn(null, 7, '2026-03-02')).toBe('2026-03-02');
    expect(isDue('2026-03-02', '2026-03-02')).toBe(true);
  });
  it('counts from the Shanghai day of the last visit, not the UTC one', () => {
    // 23:30 UTC on 1 March is 07:30 on 2 March in Shanghai.
    expect(nextDueOn(new Date('2026-03-01T23:30:00Z'), 1, '2026-03-02')).toBe('2026-03-03');
    expect(nextDueOn(new Date('2026-03-01T15:59:59Z'), 1, '2026-03-02')).toBe('2026-03-02');
  });
  it('is due on the due day and after, not the day before', () => {
    const due = nextDueOn(new Date('2026-03-02T09:00:00+08:00'), 7, '2026-03-08');
    expect(due).toBe('2026-03-09');
    expect(isDue(due, '2026-03-08')).toBe(false);
    expect(isDue(due, '2026-03-09')).toBe(true);
    expect(isDue(due, '2026-03-20')).toBe(true);
  });
});

describe('check-in distance', () => {
  it('measures metres by haversine', () => {
    // 0.001° of latitude is about 111 m everywhere.
    expect(distanceM({ lng: 109.08, lat: 34.39 }, { lng: 109.08, lat: 34.391 })).toBeCloseTo(111.2, 0);
    expect(distanceM({ lng: 109.08, lat: 34.39 }, { lng: 109.08, lat: 34.39 })).toBe(0);
  });
  it('is far only beyond the radius, and never without a location', () => {
    expect(isFarCheckIn(200, 200)).toBe(false);
    expect(isFarCheckIn(200.1, 200)).toBe(true);
    expect(isFarCheckIn(null, 200)).toBe(false);
  });
});

describe('the window of an offline check-in', () => {
  const now = new Date('2026-03-02T10:00:00+08:00');
  it('accepts up to 7 days back and 5 minutes ahead', () => {
    expect(checkInWindowError(new Date(now.getTime() - 7 * 86_400_000), now)).toBeNull();
    expect(checkInWindowError(new Date(now.getTime() + 5 * 60_000), now)).toBeNull();
  });
  it('refuses older or further ahead, in both languages', () => {
    const old = checkInWindowError(new Date(now.getTime() - 7 * 86_400_000 - 1000), now);
    expect(old?.zh).toContain('7 天');
    expect(old?.en).toContain('7 days');
    expect(checkInWindowError(new Date(now.getTime() + 5 * 60_000 + 1000), now)?.en).toContain('future');
  });
});

describe('a place’s patrol record over a period', () => {
  it('plans one visit per interval, rounded up', () => {
    expect(patrolRecord({ visitDays: [], lastBefore: null, interval: 7, from: '2026-03-01', to: '2026-03-28' }).planned).toBe(4);
    expect(patrolRecord({ visitDays: [], lastBefore: null, interval: 7, from: '2026-03-01', to: '2026-03-29' }).planned).toBe(5);
    expect(patrolRecord({ visitDays: [], lastBefore: null, interval: 1, from: '2026-03-01', to: '2026-03-01' }).planned).toBe(1);
  });
  it('counts visits up to the plan and on time within the interval of the one before', () => {
    const r = patrolRecord({
      visitDays: ['2026-03-03', '2026-03-10', '2026-03-25', '2026-03-26', '2026-03-27'],
      lastBefore: '2026-02-27',
      interval: 7,
      from: '2026-03-01',
      to: '2026-03-28',
    });
    // 02-27 → 03-03 (4 days) on time, → 03-10 (7) on time, → 03-25 (15) late, then 1 and 1 day: on time.
    expect(r).toEqual({ planned: 4, done: 4, visits: 5, onTime: 4 });
  });
  it('measures the first visit from the period’s start when there was none before', () => {
    expect(patrolRecord({ visitDays: ['2026-03-07'], lastBefore: null, interval: 7, from: '2026-03-01', to: '2026-03-07' }).onTime).toBe(1);
    expect(patrolRecord({ visitDays: ['2026-03-08'], lastBefore: null, interval: 7, from: '2026-03-01', to: '2026-03-08' }).onTime).toBe(0);
  });
});
