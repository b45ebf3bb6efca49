import { describe, expect, it } from 'vitest';
import { bulletinDates, bulletinIssueNo, bulletinPeriodText } from './bulletin.js';

describe('通报 periods', () => {
  it('a month runs from its first to its last day, February by the calendar', () => {
    expect(bulletinDates({ kind: 'month', month: '2026-02' })).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(bulletinDates({ kind: 'month', month: '2028-02' })).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(bulletinDates({ kind: 'month', month: '2026-12' })).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(bulletinDates({ kind: 'month', month: '2026-13' })).toEqual({ error: 'month' });
  });

  it('a quarter is a calendar quarter', () => {
    expect(bulletinDates({ kind: 'quarter', quarter: '2026-Q1' })).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(bulletinDates({ kind: 'quarter', quarter: '2026-Q2' })).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(bulletinDates({ kind: 'quarter', quarter: '2026-Q4' })).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(bulletinDates({ kind: 'quarter', quarter: '2026-Q5' })).toEqual({ error: 'quarter' });
  });

  it('custom dates run forwards and at most a year (366 days)', () => {
    expect(bulletinDates({ kind: 'custom', from: '2026-03-01', to: '2026-03-01' })).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(bulletinDates({ kind: 'custom', from: '2026-03-02', to: '2026-03-01' })).toEqual({ error: 'to' });
    expect(bulletinDates({ kind: 'custom', from: '2026-01-01', to: '2027-01-01' })).toEqual({ from: '2026-01-01', to: '2027-01-01' });
    expect(bulletinDates({ kind: 'custom', from: '2026-01-01', to: '2027-01-02' })).toEqual({ error: 'to' });
  });

  it('names the period and the issue as offices print them', () => {
    const q = { kind: 'quarter', quarter: '2026-Q3' } as const;
    expect(bulletinPeriodText(q, { from: '2026-07-01', to: '2026-09-30' })).toBe('2026年第三季度');
    expect(bulletinPeriodText({ kind: 'month', month: '2026-03' }, { from: '2026-03-01', to: '2026-03-31' })).toBe('2026年3月');
    const c = { kind: 'custom', from: '2026-03-01', to: '2026-04-15' } as const;
    expect(bulletinPeriodText(c, c)).toBe('2026年3月1日至2026年4月15日');
    expect(bulletinIssueNo(2026, 3)).toBe('2026年第3期');
  });
});
