import { type Bilingual, bi } from '../i18n.js';
import type { IsoDate } from './types.js';
import { shanghaiDateOf as shanghaiDay } from '../shanghai.js';

/** The forms of 完成时限 the seed uses. */
export type DeadlineKind = 'month' | 'monthRange' | 'yearRange' | 'dekad' | 'before' | 'planningYear' | 'unscheduled';

/**
 * A 完成时限 read into a range of Asia/Shanghai calendar days, both ends inclusive, with the
 * original text kept for display. 规划水平年 without a planning year, and dates the state
 * decides (按照国家确定时间实施), have no range.
 */
export type Deadline =
  | { text: string; kind: Exclude<DeadlineKind, 'unscheduled'>; start: IsoDate; end: IsoDate }
  | { text: string; kind: 'planningYear'; needsPlanningYear: true }
  | { text: string; kind: 'unscheduled' };

export type DeadlineResult = { ok: true; deadline: Deadline } | { ok: false; error: { text: string; message: Bilingual } };

export interface DeadlineOptions {
  /** The day the plan was issued (西港安城创〔2020〕1号: 2020-11-17). */
  issuedOn: IsoDate;
  /** 规划水平年: the target year of the plans a task refers to; each campaign sets its own. */
  planningYear?: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const day = (year: number, month: number, dayOfMonth: number): IsoDate => `${year}-${pad(month)}-${pad(dayOfMonth)}`;

/** Days in a month of the Gregorian calendar (February has 29 in leap years). */
export const daysInMonth = (year: number, month: number): number => {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
};

/** The Asia/Shanghai calendar day of an instant (see ../shanghai.ts). */
export const shanghaiDateOf = (instant: Date): IsoDate => shanghaiDay(instant);

/** Phrases meaning "no date set by this plan". */
const unscheduledTexts = ['按照国家确定时间实施', '具体时间行程待定', '待定'];

const dekads = { 上: [1, 10], 中: [11, 20], 下: [21, 31] } as const;

/**
 * The seed writes the same form with and without spaces ("2021 年 4 月", "2021年4月"), with full-width
 * digits in some copies, and with several dashes; reading a canonical form keeps one regex per kind.
 */
const canonical = (text: string): string =>
  text
    .replace(/\s+/g, '')
    .replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10))
    .replace(/[－—–~～至到]/g, '-');

const fail = (text: string, zh: string, en: string): DeadlineResult => ({ ok: false, error: { text, message: bi(zh, en) } });

/**
 * Reads a 完成时限 of 附件2/附件3 (or a phase period of 附件1 §三) into an inclusive range of days.
 * 上旬 is days 1–10, 中旬 11–20, 下旬 21 to the month's end. "…日前" and "…月底前" include the
 * day named and run from the plan's issue date, the first day the plan binds anyone; when the
 * named day lies before the issue date (a seed error that consistency.ts flags) the range is that
 * one day, so start ≤ end always holds. 规划水平年 likewise runs from the issue date to the end of
 * the planning year.
 */
export const parseDeadline = (text: string, options: DeadlineOptions): DeadlineResult => {
  const t = canonical(text);
  const ok = (deadline: Deadline): DeadlineResult => ({ ok: true, deadline });
  const badMonth = (...months: number[]): boolean => months.some((m) => m < 1 || m > 12);
  const badMonthText = (): DeadlineResult => fail(text, `完成时限“${text}”中的月份无效`, `Invalid month in deadline "${text}"`);

  if (unscheduledTexts.includes(t)) return ok({ text, kind: 'unscheduled' });

  if (t === '规划水平年') {
    const year = options.planningYear;
    if (year === undefined) return ok({ text, kind: 'planningYear', needsPlanningYear: true });
    if (!Number.isInteger(year) || year < Number(options.issuedOn.slice(0, 4))) {
      return fail(text, `规划水平年 ${year} 早于方案印发年份`, `Planning year ${year} is before the year the plan was issued`);
    }
    return ok({ text, kind: 'planningYear', start: options.issuedOn, end: day(year, 12, 31) });
  }

  let m = /^(\d{4})年(\d{1,2})月$/.exec(t);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (badMonth(mo)) return badMonthText();
    return ok({ text, kind: 'month', start: day(y, mo, 1), end: day(y, mo, daysInMonth(y, mo)) });
  }

  // "2020年11月-2021年7月", and "2021年6月-7月" where the second year is the first one's.
  m = /^(\d{4})年(\d{1,2})月-(?:(\d{4})年)?(\d{1,2})月$/.exec(t);
  if (m) {
    const [y1, mo1, mo2] = [Number(m[1]), Number(m[2]), Number(m[4])];
    const y2 = m[3] === undefined ? y1 : Number(m[3]);
    if (badMonth(mo1, mo2)) return badMonthText();
    if (y2 * 12 + mo2 < y1 * 12 + mo1) return fail(text, `完成时限“${text}”的结束早于开始`, `Deadline "${text}" ends before it starts`);
    return ok({ text, kind: 'monthRange', start: day(y1, mo1, 1), end: day(y2, mo2, daysInMonth(y2, mo2)) });
  }

  m = /^(\d{4})年-(\d{4})年$/.exec(t);
  if (m) {
    const [y1, y2] = [Number(m[1]), Number(m[2])];
    if (y2 < y1) return fail(text, `完成时限“${text}”的结束早于开始`, `Deadline "${text}" ends before it starts`);
    return ok({ text, kind: 'yearRange', start: day(y1, 1, 1), end: day(y2, 12, 31) });
  }

  m = /^(\d{4})年(\d{1,2})月([上中下])旬$/.exec(t);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (badMonth(mo)) return badMonthText();
    const [first, last] = dekads[m[3] as keyof typeof dekads];
    return ok({ text, kind: 'dekad', start: day(y, mo, first), end: day(y, mo, Math.min(last, daysInMonth(y, mo))) });
  }

  m = /^(\d{4})年(\d{1,2})月(?:(\d{1,2})日|底|末)之?前$/.exec(t);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (badMonth(mo)) return badMonthText();
    const d = m[3] === undefined ? daysInMonth(y, mo) : Number(m[3]);
    if (d < 1 || d > daysInMonth(y, mo))
      return fail(text, `完成时限“${text}”中的日期不存在`, `Deadline "${text}" names a day that does not exist`);
    const end = day(y, mo, d);
    return ok({ text, kind: 'before', start: end < options.issuedOn ? end : options.issuedOn, end });
  }

  return fail(text, `无法识别完成时限“${text}”`, `Unrecognised deadline "${text}"`);
};

/** Shifts a calendar day by whole years (a new campaign three years on); 29 Feb becomes 28 Feb. */
export function shiftYears(iso: IsoDate, years: number): IsoDate {
  if (years === 0) return iso;
  const y = Number(iso.slice(0, 4)) + years;
  const md = iso.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${y}-${md === '02-29' && !leap ? '02-28' : md}`;
}

/** A 完成时限 as a campaign holds it: the plan's text, its kind, and its days moved to the campaign's years. */
export interface CampaignDeadline {
  text: string;
  kind: DeadlineKind;
  start: IsoDate | null;
  end: IsoDate | null;
}

/**
 * Reads a 完成时限 (task, schedule step or phase) for a campaign that runs `shiftYears` after the
 * plan. The campaign's 规划水平年 is in its own years, so it is moved back before reading and the
 * result moved forward with every other date. Text the reader cannot place counts as unscheduled.
 */
export function campaignDeadline(
  text: string,
  options: { issuedOn: IsoDate; shiftYears: number; planningYear?: number | null },
): CampaignDeadline {
  const parsed = parseDeadline(text, {
    issuedOn: options.issuedOn,
    ...(options.planningYear ? { planningYear: options.planningYear - options.shiftYears } : {}),
  });
  const d = parsed.ok ? parsed.deadline : null;
  if (!d || !('start' in d)) return { text, kind: d?.kind ?? 'unscheduled', start: null, end: null };
  return { text, kind: d.kind, start: shiftYears(d.start, options.shiftYears), end: shiftYears(d.end, options.shiftYears) };
}
