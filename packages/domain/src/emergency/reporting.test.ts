import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import {
  approvalDueOn,
  checkApprovalExtension,
  checkInvestigationExtension,
  dayStanding,
  escalationDue,
  escalationLevels,
  firstReportDue,
  investigationDueOn,
  reportSchedule,
  reportStanding,
  type ScheduledReport,
  type ScheduleInput,
  supplementaryWindowLastDay,
  withinSupplementaryWindow,
} from './reporting.js';

const at = (iso: string) => new Date(iso);
const minutes = (base: Date, m: number) => new Date(base.getTime() + m * 60_000);
const days = (base: Date, d: number) => new Date(base.getTime() + d * 86_400_000);
/** 2026-03-10 10:00 Asia/Shanghai. */
const occurredAt = at('2026-03-10T02:00:00Z');
const learnedAt = at('2026-03-10T02:20:00Z');
const none = { deaths: 0, missing: 0, seriousInjuries: 0, minorInjuries: 0 };
const settings = { followUpHoursMinor: 24, followUpHoursMajor: 12 };

const base = (over: Partial<ScheduleInput> = {}): ScheduleInput => ({
  grade: '一般',
  category: 'production',
  phase: 'responding',
  occurredAt,
  learnedAt,
  casualties: none,
  reports: [],
  settings,
  now: learnedAt,
  ...over,
});
const submitted = (r: Omit<ScheduledReport, 'casualties'>, casualties = none): ScheduledReport => ({ ...r, casualties });
const kinds = (s: ScheduledReport[]) => s.map((r) => `${r.kind}:${r.level}:${r.seq}`);

describe('Art. 9: the first report within 1 hour of learning', () => {
  it('is due 60 minutes after learned_at: at 59 minutes it is open, at 61 overdue', () => {
    const due = firstReportDue(learnedAt);
    expect(due.toISOString()).toBe('2026-03-10T03:20:00.000Z');
    expect(reportStanding({ dueAt: due, submittedAt: null }, minutes(learnedAt, 59))).toEqual({ state: 'open', msLeft: 60_000 });
    expect(reportStanding({ dueAt: due, submittedAt: null }, minutes(learnedAt, 61)).state).toBe('overdue');
  });
  it('a report made at 59 minutes is on time for ever, one at 61 late for ever, one at exactly 60 on time', () => {
    const due = firstReportDue(learnedAt);
    const later = days(learnedAt, 400);
    expect(reportStanding({ dueAt: due, submittedAt: minutes(learnedAt, 59) }, later).state).toBe('on_time');
    expect(reportStanding({ dueAt: due, submittedAt: minutes(learnedAt, 61) }, later).state).toBe('late');
    expect(reportStanding({ dueAt: due, submittedAt: minutes(learnedAt, 60) }, later).state).toBe('on_time');
  });
});

describe('Art. 10–11: how far up each grade goes, 2 hours per level', () => {
  it('一般 to the city, 较大 to the province, 重大 and 特别重大 to the State Council', () => {
    expect(escalationLevels('一般')).toEqual(['city']);
    expect(escalationLevels('较大')).toEqual(['city', 'province']);
    expect(escalationLevels('重大')).toEqual(['city', 'province', 'state_council']);
    expect(escalationLevels('特别重大')).toEqual(['city', 'province', 'state_council']);
  });
  it('each level is due 2 hours after the one below reported, or after it was due while it has not', () => {
    const first = { dueAt: firstReportDue(learnedAt), submittedAt: null };
    expect(escalationDue(first).toISOString()).toBe('2026-03-10T05:20:00.000Z');
    expect(escalationDue({ ...first, submittedAt: minutes(learnedAt, 30) }).toISOString()).toBe('2026-03-10T04:50:00.000Z');
  });
  it('a 重大 accident owes four reports, each 2 hours after the last, until the lower levels report', () => {
    const s = reportSchedule(base({ grade: '重大' }));
    expect(kinds(s)).toEqual(['first:district:1', 'escalation:city:1', 'escalation:province:1', 'escalation:state_council:1']);
    expect(s.map((r) => r.dueAt.toISOString().slice(11, 16))).toEqual(['03:20', '05:20', '07:20', '09:20']);
    const after = reportSchedule(
      base({
        grade: '重大',
        reports: [
          submitted({ kind: 'first', level: 'district', seq: 1, dueAt: firstReportDue(learnedAt), submittedAt: minutes(learnedAt, 30) }),
          submitted({ kind: 'escalation', level: 'city', seq: 1, dueAt: at('2026-03-10T04:50:00Z'), submittedAt: minutes(learnedAt, 90) }),
        ],
      }),
    );
    expect(after.find((r) => r.level === 'province')!.dueAt.toISOString()).toBe('2026-03-10T05:50:00.000Z');
    expect(after.find((r) => r.level === 'state_council')!.dueAt.toISOString()).toBe('2026-03-10T07:50:00.000Z');
  });
  it('a level owed only since a regrade is due 2 hours after the regrade at the earliest', () => {
    const first = submitted({
      kind: 'first',
      level: 'district',
      seq: 1,
      dueAt: firstReportDue(learnedAt),
      submittedAt: minutes(learnedAt, 30),
    });
    const city = submitted({ kind: 'escalation', level: 'city', seq: 1, dueAt: learnedAt, submittedAt: minutes(learnedAt, 60) });
    const regradedAt = days(learnedAt, 2);
    const s = reportSchedule(base({ grade: '较大', reports: [first, city], levelOwedSince: { city: learnedAt, province: regradedAt } }));
    expect(s.find((r) => r.level === 'province')!.dueAt).toEqual(minutes(regradedAt, 120));
  });
  it('a grade lowered before a level reported no longer owes that level; one that reported stays', () => {
    const province = submitted({ kind: 'escalation', level: 'province', seq: 1, dueAt: learnedAt, submittedAt: learnedAt });
    const s = reportSchedule(base({ grade: '一般', reports: [province] }));
    expect(kinds(s)).toEqual(['escalation:province:1', 'first:district:1', 'escalation:city:1']);
  });
});

describe('续报 at the settings’ interval, 终报 when concluded', () => {
  const first = submitted({
    kind: 'first',
    level: 'district',
    seq: 1,
    dueAt: firstReportDue(learnedAt),
    submittedAt: minutes(learnedAt, 40),
  });
  it('the next 续报 is due one interval after the last report: 24 h for 一般, 12 h for 重大', () => {
    const minor = reportSchedule(base({ reports: [first] })).find((r) => r.kind === 'follow_up')!;
    expect(minor.dueAt).toEqual(days(minutes(learnedAt, 40), 1));
    const major = reportSchedule(base({ grade: '重大', reports: [first] })).find((r) => r.kind === 'follow_up')!;
    expect(major.dueAt).toEqual(minutes(learnedAt, 40 + 12 * 60));
  });
  it('numbers the 续报 and stops them once the response ends; then a 终报 is owed one interval later', () => {
    const f1 = submitted({ kind: 'follow_up', level: 'district', seq: 1, dueAt: learnedAt, submittedAt: days(learnedAt, 1) });
    expect(reportSchedule(base({ reports: [first, f1] })).find((r) => r.kind === 'follow_up' && !r.submittedAt)!.seq).toBe(2);
    const now = days(learnedAt, 2);
    const ended = reportSchedule(base({ reports: [first, f1], phase: 'concluded', now }));
    expect(ended.filter((r) => r.kind === 'follow_up').length).toBe(1);
    expect(ended.find((r) => r.kind === 'final')!.dueAt).toEqual(days(now, 1));
  });
  it('no 续报 is owed before the first report', () => {
    expect(reportSchedule(base()).some((r) => r.kind === 'follow_up')).toBe(false);
  });
});

describe('Art. 13: 补报 when casualties change within 30 days (7 for road traffic and fire)', () => {
  it('the window ends on day 30 (7) after the accident’s day, Asia/Shanghai', () => {
    expect(supplementaryWindowLastDay(occurredAt, 'production')).toBe('2026-04-09');
    expect(supplementaryWindowLastDay(occurredAt, 'road_traffic')).toBe('2026-03-17');
    expect(supplementaryWindowLastDay(occurredAt, 'fire')).toBe('2026-03-17');
    expect(withinSupplementaryWindow(occurredAt, 'production', days(occurredAt, 30))).toBe(true);
    expect(withinSupplementaryWindow(occurredAt, 'production', days(occurredAt, 31))).toBe(false);
    expect(withinSupplementaryWindow(occurredAt, 'fire', days(occurredAt, 7))).toBe(true);
    expect(withinSupplementaryWindow(occurredAt, 'fire', days(occurredAt, 8))).toBe(false);
  });
  const first = submitted({ kind: 'first', level: 'district', seq: 1, dueAt: firstReportDue(learnedAt), submittedAt: learnedAt });
  const died = { ...none, deaths: 1 };
  it('a change on day 30 owes a 补报 due 1 hour later; on day 31 none', () => {
    const day30 = days(occurredAt, 30);
    const s = reportSchedule(base({ reports: [first], casualties: died, now: day30 }));
    expect(s.find((r) => r.kind === 'supplementary')!.dueAt).toEqual(minutes(day30, 60));
    expect(
      reportSchedule(base({ reports: [first], casualties: died, now: days(occurredAt, 31) })).some((r) => r.kind === 'supplementary'),
    ).toBe(false);
  });
  it('for a fire: day 7 owes one, day 8 does not', () => {
    const fire = (d: number) => reportSchedule(base({ category: 'fire', reports: [first], casualties: died, now: days(occurredAt, d) }));
    expect(fire(7).some((r) => r.kind === 'supplementary')).toBe(true);
    expect(fire(8).some((r) => r.kind === 'supplementary')).toBe(false);
  });
  it('a 补报 owed keeps its clock after the window; figures equal to the last report owe none', () => {
    const owed: ScheduledReport = {
      kind: 'supplementary',
      level: 'district',
      seq: 1,
      dueAt: days(occurredAt, 29),
      submittedAt: null,
      casualties: null,
    };
    const s = reportSchedule(base({ reports: [first, owed], casualties: died, now: days(occurredAt, 40) }));
    expect(s.find((r) => r.kind === 'supplementary')!.dueAt).toEqual(days(occurredAt, 29));
    expect(reportSchedule(base({ reports: [first], now: days(occurredAt, 3) })).some((r) => r.kind === 'supplementary')).toBe(false);
  });
});

describe('Art. 29: the investigation report in 60 days, one extension of at most 60', () => {
  it('is due on day 60 after the accident’s day: day 60 on time, day 61 overdue', () => {
    const due = investigationDueOn(occurredAt);
    expect(due).toBe('2026-05-09');
    expect(dayStanding('2026-05-09', due)).toEqual({ overdue: false, daysLeft: 0 });
    expect(dayStanding('2026-05-10', due)).toEqual({ overdue: true, daysLeft: -1 });
  });
  const refusal = (f: () => void) => {
    try {
      f();
    } catch (e) {
      return e instanceof AppError ? `${e.status}` : 'other';
    }
    return 'none';
  };
  it('accepts 60 days more, refuses 61, a second extension and one not later', () => {
    expect(refusal(() => checkInvestigationExtension('2026-05-09', null, '2026-07-08'))).toBe('none');
    expect(refusal(() => checkInvestigationExtension('2026-05-09', null, '2026-07-09'))).toBe('422');
    expect(refusal(() => checkInvestigationExtension('2026-05-09', '2026-06-01', '2026-06-02'))).toBe('422');
    expect(refusal(() => checkInvestigationExtension('2026-05-09', null, '2026-05-09'))).toBe('422');
  });
  it('Art. 32: approval in 15 days, 30 for 特别重大 which alone may be extended by at most 30', () => {
    expect(approvalDueOn('较大', '2026-05-01')).toBe('2026-05-16');
    expect(dayStanding('2026-05-16', '2026-05-16').overdue).toBe(false);
    expect(dayStanding('2026-05-17', '2026-05-16').overdue).toBe(true);
    expect(approvalDueOn('特别重大', '2026-05-01')).toBe('2026-05-31');
    expect(refusal(() => checkApprovalExtension('特别重大', '2026-05-31', null, '2026-06-30'))).toBe('none');
    expect(refusal(() => checkApprovalExtension('特别重大', '2026-05-31', null, '2026-07-01'))).toBe('422');
    expect(refusal(() => checkApprovalExtension('重大', '2026-05-16', null, '2026-05-20'))).toBe('422');
  });
});
