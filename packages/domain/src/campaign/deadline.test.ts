import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { campaignDeadline, type Deadline, type DeadlineResult, daysInMonth, parseDeadline, shanghaiDateOf } from './deadline.js';

const issuedOn = '2020-11-17';
const read = (text: string, planningYear?: number): Deadline => {
  const result = parseDeadline(text, { issuedOn, planningYear });
  if (!result.ok) throw new Error(result.error.message.en);
  return result.deadline;
};
const range = (text: string, planningYear?: number) => {
  const d = read(text, planningYear);
  return 'end' in d ? [d.kind, d.start, d.end] : [d.kind];
};
const failure = (result: DeadlineResult) => (result.ok ? undefined : result.error);

describe('parseDeadline', () => {
  it('reads a month, a month range and a year range', () => {
    expect(range('2020年12月')).toEqual(['month', '2020-12-01', '2020-12-31']);
    expect(range('2021 年 4 月')).toEqual(['month', '2021-04-01', '2021-04-30']);
    expect(range('2020年11月 -2021年7月')).toEqual(['monthRange', '2020-11-01', '2021-07-31']);
    expect(range('2021年6月-7月')).toEqual(['monthRange', '2021-06-01', '2021-07-31']);
    expect(range('2020 年-2021 年')).toEqual(['yearRange', '2020-01-01', '2021-12-31']);
    expect(range('2020年-2021年')).toEqual(['yearRange', '2020-01-01', '2021-12-31']);
  });

  it('tolerates spacing, full-width digits and other dashes', () => {
    for (const text of [
      '2020年11月-2021年7月',
      '2020 年 11 月 - 2021 年 7 月',
      '2020年11月—2021年7月',
      '2020年11月至2021年7月',
      '２０２０年１１月－２０２１年７月',
    ]) {
      expect(range(text), text).toEqual(['monthRange', '2020-11-01', '2021-07-31']);
    }
  });

  it('keeps the original text', () => {
    expect(read('2020 年 11 月 30 日前').text).toBe('2020 年 11 月 30 日前');
  });

  it('splits a month into 上旬 1–10, 中旬 11–20, 下旬 21 to the last day', () => {
    expect(range('2020 年 11 月上旬')).toEqual(['dekad', '2020-11-01', '2020-11-10']);
    expect(range('2020 年 10 月中旬')).toEqual(['dekad', '2020-10-11', '2020-10-20']);
    expect(range('2020 年 10 月下旬')).toEqual(['dekad', '2020-10-21', '2020-10-31']);
    expect(range('2020年11月下旬')).toEqual(['dekad', '2020-11-21', '2020-11-30']);
    expect(range('2021年2月下旬')).toEqual(['dekad', '2021-02-21', '2021-02-28']);
    expect(range('2024年2月下旬')).toEqual(['dekad', '2024-02-21', '2024-02-29']);
  });

  it('reads "…日前" as up to and including that day, from the issue date', () => {
    expect(range('2020 年 11 月 30 日前')).toEqual(['before', '2020-11-17', '2020-11-30']);
    expect(range('2021年6月15日前')).toEqual(['before', '2020-11-17', '2021-06-15']);
    expect(range('2020年12月底前')).toEqual(['before', '2020-11-17', '2020-12-31']);
    expect(range('2024年2月29日之前')).toEqual(['before', '2020-11-17', '2024-02-29']);
    // A day before the issue (附件3 row 12) keeps start ≤ end by collapsing to that day.
    expect(range('2020年3月31日前')).toEqual(['before', '2020-03-31', '2020-03-31']);
    expect(range('2020年11月17日前')).toEqual(['before', '2020-11-17', '2020-11-17']);
  });

  it('needs the campaign’s planning year for 规划水平年', () => {
    expect(read('规划水平年')).toEqual({ text: '规划水平年', kind: 'planningYear', needsPlanningYear: true });
    expect(range('规划水平年', 2035)).toEqual(['planningYear', '2020-11-17', '2035-12-31']);
    expect(failure(parseDeadline('规划水平年', { issuedOn, planningYear: 2019 }))?.message.zh).toContain('早于');
  });

  it('reads dates the state decides as unscheduled', () => {
    expect(read('按照国家确定时间实施')).toEqual({ text: '按照国家确定时间实施', kind: 'unscheduled' });
    expect(read('具体时间行程待定').kind).toBe('unscheduled');
  });

  it('refuses what is not a date, with a message in both languages', () => {
    for (const text of [
      '',
      '尽快',
      '2021年13月',
      '2021年2月29日前',
      '2021年4月31日前',
      '2021年7月-2021年3月',
      '2022年-2021年',
      '2021年0月上旬',
      '2021年4月15日',
    ]) {
      const error = failure(parseDeadline(text, { issuedOn }));
      expect(error, text).toBeDefined();
      expect(error!.text).toBe(text);
      expect(error!.message.zh).not.toBe('');
      expect(error!.message.en).not.toBe('');
    }
  });

  it('gives every form a range of real days with start ≤ end that contains the month named', () => {
    const form = fc.record({
      year: fc.integer({ min: 1990, max: 2100 }),
      month: fc.integer({ min: 1, max: 12 }),
      month2: fc.integer({ min: 1, max: 12 }),
      years: fc.integer({ min: 0, max: 5 }),
      dekad: fc.constantFrom('上', '中', '下'),
      day: fc.integer({ min: 1, max: 31 }),
      kind: fc.constantFrom('month', 'monthRange', 'yearRange', 'dekad', 'before'),
      space: fc.constantFrom('', ' '),
    });
    fc.assert(
      fc.property(form, ({ year, month, month2, years, dekad, day, kind, space }) => {
        const s = space;
        const endYear = year + years;
        const text = {
          month: `${year}${s}年${s}${month}${s}月`,
          monthRange: `${year}年${month}月${s}-${s}${endYear}年${month2}月`,
          yearRange: `${year}${s}年-${endYear}${s}年`,
          dekad: `${year}${s}年${s}${month}${s}月${dekad}旬`,
          before: `${year}${s}年${s}${month}${s}月${s}${day}${s}日前`,
        }[kind];
        const result = parseDeadline(text, { issuedOn });
        const impossible =
          (kind === 'before' && day > daysInMonth(year, month)) || (kind === 'monthRange' && years === 0 && month2 < month);
        if (impossible) return !result.ok;
        if (!result.ok || !('end' in result.deadline)) return false;
        const { start, end } = result.deadline;
        const valid = (d: string) => {
          const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
          return m >= 1 && m <= 12 && dd >= 1 && dd <= daysInMonth(y, m);
        };
        const monthNamed = `${year}-${String(month).padStart(2, '0')}`;
        const covers = kind === 'yearRange' || start.startsWith(monthNamed) || end.startsWith(monthNamed);
        return valid(start) && valid(end) && start <= end && covers;
      }),
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = parseDeadline(text, { issuedOn });
        return result.ok ? result.deadline.text === text : result.error.text === text;
      }),
    );
  });
});

describe('calendar helpers', () => {
  it('knows February in leap years', () => {
    expect([daysInMonth(2020, 2), daysInMonth(2021, 2), daysInMonth(2000, 2), daysInMonth(1900, 2)]).toEqual([29, 28, 29, 28]);
  });

  it('turns an instant into the Asia/Shanghai day (UTC+8)', () => {
    expect(shanghaiDateOf(new Date('2020-11-30T15:59:59.999Z'))).toBe('2020-11-30');
    expect(shanghaiDateOf(new Date('2020-11-30T16:00:00.000Z'))).toBe('2020-12-01');
  });
});

describe('campaignDeadline (a deadline as a campaign years later holds it)', () => {
  const issuedOn = '2020-11-17';
  it('moves the days by the shift and keeps the plan’s text', () => {
    expect(campaignDeadline('2020年12月', { issuedOn, shiftYears: 3 })).toEqual({
      text: '2020年12月',
      kind: 'month',
      start: '2023-12-01',
      end: '2023-12-31',
    });
  });
  it('reads 规划水平年 in the campaign’s own years', () => {
    expect(campaignDeadline('规划水平年', { issuedOn, shiftYears: 3, planningYear: 2030 })).toMatchObject({
      kind: 'planningYear',
      end: '2030-12-31',
    });
    expect(campaignDeadline('规划水平年', { issuedOn, shiftYears: 0 })).toEqual({
      text: '规划水平年',
      kind: 'planningYear',
      start: null,
      end: null,
    });
  });
  it('leaves dates the state decides unscheduled', () => {
    expect(campaignDeadline('按照国家确定时间实施', { issuedOn, shiftYears: 6 })).toMatchObject({
      kind: 'unscheduled',
      start: null,
      end: null,
    });
  });
});
