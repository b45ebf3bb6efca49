import { describe, expect, it } from 'vitest';
import { addCalendarDays, nextShanghaiHour, shanghaiDateOf } from './shanghai.js';

describe('Asia/Shanghai civil time', () => {
  it('reads the calendar day at UTC+8: 16:00 UTC is already the next day', () => {
    expect(shanghaiDateOf(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(shanghaiDateOf(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
  });

  it('gives the next hour strictly after the instant, the same day or the next', () => {
    expect(nextShanghaiHour(new Date('2026-12-01T07:59:59+08:00'), 8).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(nextShanghaiHour(new Date('2026-12-01T08:00:00+08:00'), 8).toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(nextShanghaiHour(new Date('2026-12-01T07:00:00+08:00'), 6).toISOString()).toBe('2026-12-01T22:00:00.000Z');
    expect(nextShanghaiHour(new Date('2026-11-30T23:30:00+08:00'), 0).toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('counts calendar days across month, year and leap-day ends', () => {
    expect(addCalendarDays('2026-11-30', 30)).toBe('2026-12-30');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2027-02-28', 1)).toBe('2027-03-01');
  });
});
