import { describe, expect, it } from 'vitest';
import {
  annualStatisticsTable,
  bindingDeadline,
  deadlineColumnOf,
  deadlineNotices,
  hazardDeadlineStanding,
  quarterlyStatisticsTable,
  reviewDueOn,
  statisticsTablesOpen,
  statisticsTablesToRemind,
} from './deadlines.js';
import { defaultHazardSettings } from './settings.js';

const open = { closed: false, dueSoonDays: 3 };

describe('a hazard deadline on a given day', () => {
  it('is on time more than dueSoonDays away, due soon from dueSoonDays away to the day itself', () => {
    expect(hazardDeadlineStanding('2026-05-06', '2026-05-10', open)).toEqual({ state: 'on_time', daysLeft: 4, daysOverdue: 0 });
    expect(hazardDeadlineStanding('2026-05-07', '2026-05-10', open)).toEqual({ state: 'due_soon', daysLeft: 3, daysOverdue: 0 });
    expect(hazardDeadlineStanding('2026-05-10', '2026-05-10', open)).toEqual({ state: 'due_soon', daysLeft: 0, daysOverdue: 0 });
  });

  it('is overdue from the day after the deadline, counting the days', () => {
    expect(hazardDeadlineStanding('2026-05-11', '2026-05-10', open)).toEqual({ state: 'overdue', daysLeft: -1, daysOverdue: 1 });
    expect(hazardDeadlineStanding('2026-06-01', '2026-05-10', open).daysOverdue).toBe(22);
  });

  it('counts across month, year and leap-day boundaries', () => {
    expect(hazardDeadlineStanding('2028-03-01', '2028-02-28', open).daysOverdue).toBe(2);
    expect(hazardDeadlineStanding('2027-03-01', '2027-02-28', open).daysOverdue).toBe(1);
    expect(hazardDeadlineStanding('2026-12-29', '2027-01-01', open)).toMatchObject({ state: 'due_soon', daysLeft: 3 });
  });

  it('with dueSoonDays 0 only the deadline day is due soon', () => {
    expect(hazardDeadlineStanding('2026-05-09', '2026-05-10', { closed: false, dueSoonDays: 0 }).state).toBe('on_time');
    expect(hazardDeadlineStanding('2026-05-10', '2026-05-10', { closed: false, dueSoonDays: 0 }).state).toBe('due_soon');
  });

  it('a closed hazard or one without a deadline is never due', () => {
    expect(hazardDeadlineStanding('2026-06-01', '2026-05-10', { closed: true, dueSoonDays: 3 }).state).toBe('closed');
    expect(hazardDeadlineStanding('2026-06-01', null, open)).toEqual({ state: 'none', daysLeft: null, daysOverdue: 0 });
  });

  it('a listed hazard is bound by the 挂牌督办 deadline, and an extension moves that one', () => {
    expect(bindingDeadline({ deadline: '2026-05-10', supervisionDeadline: null })).toBe('2026-05-10');
    expect(bindingDeadline({ deadline: '2026-05-10', supervisionDeadline: '2026-08-31' })).toBe('2026-08-31');
    expect(deadlineColumnOf({ deadline: '2026-05-10', supervisionDeadline: '2026-08-31' })).toBe('supervisionDeadline');
    expect(deadlineColumnOf({ deadline: null, supervisionDeadline: null })).toBe('deadline');
  });
});

describe('the escalation ladder (defaults: person at once, unit 3, department 7, 安委办 15 days overdue)', () => {
  const on = (today: string) =>
    deadlineNotices(hazardDeadlineStanding(today, '2026-05-10', open), defaultHazardSettings).map((n) => n.step);

  it('reminds the responsible person while due soon, nobody before', () => {
    expect(on('2026-05-06')).toEqual([]);
    expect(on('2026-05-07')).toEqual(['dueSoon']);
    expect(on('2026-05-10')).toEqual(['dueSoon']);
  });

  it('climbs one audience at each step, on the step day and not the day before', () => {
    expect(on('2026-05-11')).toEqual(['overdue:responsiblePerson']);
    expect(on('2026-05-12')).toEqual(['overdue:responsiblePerson']);
    expect(on('2026-05-13')).toEqual(['overdue:responsiblePerson', 'overdue:unit']);
    expect(on('2026-05-16')).toEqual(['overdue:responsiblePerson', 'overdue:unit']);
    expect(on('2026-05-17')).toEqual(['overdue:responsiblePerson', 'overdue:unit', 'overdue:department']);
    expect(on('2026-05-24')).toHaveLength(3);
    expect(on('2026-05-25')).toEqual(['overdue:responsiblePerson', 'overdue:unit', 'overdue:department', 'overdue:safetyOffice']);
  });

  it('follows a ladder an administrator changed', () => {
    const ladder = {
      escalation: [
        { daysOverdue: 1, notify: 'unit' as const },
        { daysOverdue: 2, notify: 'safetyOffice' as const },
      ],
    };
    expect(deadlineNotices(hazardDeadlineStanding('2026-05-11', '2026-05-10', open), ladder)).toEqual([
      { step: 'overdue:unit', audience: 'unit' },
    ]);
    expect(deadlineNotices(hazardDeadlineStanding('2026-05-12', '2026-05-10', open), ladder)).toHaveLength(2);
  });
});

describe('the on-site review', () => {
  it('is due reviewDays after the application, across a month end', () => {
    expect(reviewDueOn('2026-05-25', 10)).toBe('2026-06-04');
    expect(reviewDueOn('2026-12-28', 10)).toBe('2027-01-07');
  });
});

describe('16号令 Art. 14 statistics tables', () => {
  it('a quarterly table covers its quarter and is due on the 15th of the month after it', () => {
    expect(quarterlyStatisticsTable(2026, 1)).toMatchObject({
      period: '2026-Q1',
      from: '2026-01-01',
      to: '2026-03-31',
      dueOn: '2026-04-15',
    });
    expect(quarterlyStatisticsTable(2026, 2)).toMatchObject({ from: '2026-04-01', to: '2026-06-30', dueOn: '2026-07-15' });
    expect(quarterlyStatisticsTable(2026, 3)).toMatchObject({ to: '2026-09-30', dueOn: '2026-10-15' });
    expect(quarterlyStatisticsTable(2026, 4)).toMatchObject({ period: '2026-Q4', to: '2026-12-31', dueOn: '2027-01-15' });
    expect(() => quarterlyStatisticsTable(2026, 5)).toThrow(RangeError);
  });

  it('the annual table is due on 31 January of the next year', () => {
    expect(annualStatisticsTable(2026)).toMatchObject({ period: '2026', from: '2026-01-01', to: '2026-12-31', dueOn: '2027-01-31' });
  });

  it('a table is open from the day after its period to its due day, both boundaries checked', () => {
    const periods = (today: string) => statisticsTablesOpen(today).map((t) => t.period);
    expect(periods('2026-03-31')).toEqual([]);
    expect(periods('2026-04-01')).toEqual(['2026-Q1']);
    expect(periods('2026-04-15')).toEqual(['2026-Q1']);
    expect(periods('2026-04-16')).toEqual([]);
    expect(periods('2027-01-01')).toEqual(['2026-Q4', '2026']);
    expect(periods('2027-01-15')).toEqual(['2026-Q4', '2026']);
    expect(periods('2027-01-16')).toEqual(['2026']);
    expect(periods('2027-01-31')).toEqual(['2026']);
    expect(periods('2027-02-01')).toEqual([]);
  });

  it('reminds within seven days of the due day, the due day included', () => {
    expect(statisticsTablesToRemind('2026-04-07')).toEqual([]);
    expect(statisticsTablesToRemind('2026-04-08').map((t) => t.period)).toEqual(['2026-Q1']);
    expect(statisticsTablesToRemind('2026-04-15').map((t) => t.period)).toEqual(['2026-Q1']);
    expect(statisticsTablesToRemind('2027-01-23').map((t) => t.period)).toEqual([]);
    expect(statisticsTablesToRemind('2027-01-24').map((t) => t.period)).toEqual(['2026']);
    expect(statisticsTablesToRemind('2027-01-10').map((t) => t.period)).toEqual(['2026-Q4']);
  });
});
