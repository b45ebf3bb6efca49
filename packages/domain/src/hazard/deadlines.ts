import { type Bilingual, bi } from '../i18n.js';
import { addCalendarDays } from '../shanghai.js';
import { type EscalationAudience, type EscalationStep, escalationAudiencesFor } from './settings.js';
import { quarterPeriod, yearPeriod } from './statistics.js';

/**
 * Where a hazard stands against its deadline on an Asia/Shanghai calendar day. The deadline day itself
 * is still on time (整改期限 "2026-05-10" means by the end of that day); overdue starts the day after.
 * `none`: no deadline set; `closed`: the hazard left the loop, so no deadline binds it any more.
 */
export type HazardDeadlineState = 'on_time' | 'due_soon' | 'overdue' | 'none' | 'closed';

export const hazardDeadlineStateLabels: Record<HazardDeadlineState, Bilingual> = {
  on_time: bi('未到期', 'On time'),
  due_soon: bi('临期', 'Due soon'),
  overdue: bi('已逾期', 'Overdue'),
  none: bi('未设期限', 'No deadline'),
  closed: bi('已闭环', 'Closed'),
};

export interface HazardDeadlineStanding {
  state: HazardDeadlineState;
  /** Days from today to the deadline (0 on the day itself, negative once overdue); null without a deadline. */
  daysLeft: number | null;
  /** Days past the deadline (1 on the first overdue day); 0 while not overdue. */
  daysOverdue: number;
}

const dayNumber = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/** Calendar days from `from` to `to` (both `YYYY-MM-DD`). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/**
 * The standing of a deadline on `today`: due soon when `dueSoonDays` days away or nearer (the deadline
 * day included), overdue from the day after it.
 */
export function hazardDeadlineStanding(
  today: string,
  deadline: string | null,
  options: { closed: boolean; dueSoonDays: number },
): HazardDeadlineStanding {
  if (options.closed) return { state: 'closed', daysLeft: deadline ? daysBetween(today, deadline) : null, daysOverdue: 0 };
  if (!deadline) return { state: 'none', daysLeft: null, daysOverdue: 0 };
  const daysLeft = daysBetween(today, deadline);
  if (daysLeft < 0) return { state: 'overdue', daysLeft, daysOverdue: -daysLeft };
  return { state: daysLeft <= options.dueSoonDays ? 'due_soon' : 'on_time', daysLeft, daysOverdue: 0 };
}

/** The fields of a hazard its binding deadline depends on. */
export interface HazardDeadlineFields {
  deadline: string | null;
  supervisionDeadline: string | null;
}

/**
 * The deadline that binds a hazard: once a 重大 hazard is listed (挂牌督办), the deadline the supervising
 * body set replaces the unit's own 整改期限; otherwise the 整改期限.
 */
export const bindingDeadline = (h: HazardDeadlineFields): string | null => h.supervisionDeadline ?? h.deadline;

/** Which of the two columns an extension of this hazard moves (see `bindingDeadline`). */
export const deadlineColumnOf = (h: HazardDeadlineFields): 'supervisionDeadline' | 'deadline' =>
  h.supervisionDeadline ? 'supervisionDeadline' : 'deadline';

/**
 * One notice of the daily check, sent once per hazard and deadline: `dueSoon` to the responsible person
 * before the deadline, then one per step of the ladder (`overdue:<audience>`) as the days overdue reach it.
 * A moved deadline (an approved extension) starts a fresh series, because the deadline is part of the key.
 */
export type DeadlineNoticeStep = 'dueSoon' | `overdue:${EscalationAudience}`;

export interface DeadlineNotice {
  step: DeadlineNoticeStep;
  /** Who is told: the responsible person before the deadline, then each audience the ladder reached. */
  audience: EscalationAudience;
}

/**
 * The notices a hazard calls for on `today` (the daily check sends those not sent yet). Steps whose day
 * has passed are still listed, so a check that did not run for a few days catches up, and a ladder of
 * step 0 and step 3 sends both on the fourth overdue day if the check only runs then.
 */
export function deadlineNotices(standing: HazardDeadlineStanding, settings: { escalation: readonly EscalationStep[] }): DeadlineNotice[] {
  if (standing.state === 'due_soon') return [{ step: 'dueSoon', audience: 'responsiblePerson' }];
  if (standing.state !== 'overdue') return [];
  return escalationAudiencesFor(standing.daysOverdue, settings.escalation).map((audience) => ({
    step: `overdue:${audience}`,
    audience,
  }));
}

/** The on-site review (现场审查) after an application to close: due `reviewDays` after the application day. */
export const reviewDueOn = (appliedOn: string, reviewDays: number): string => addCalendarDays(appliedOn, reviewDays);

// ---- 16号令 Art. 14 statistics tables ----

/**
 * 《安全生产事故隐患排查治理暂行规定》 (原安监总局令第16号) Art. 14 [U, regulations.md §5.1]: a unit reports its
 * quarterly analysis table by the 15th of the month after each quarter (the first month of the next
 * quarter) and its annual table by 31 January of the next year, both signed by its principal.
 */
export const STATISTICS_SOURCE = bi(
  '《安全生产事故隐患排查治理暂行规定》（原安监总局令第16号）第十四条：每季度隐患排查治理统计分析表于下一季度15日前、全年的于下一年1月31日前报送（条款号未核实）',
  'Provisions on hazard investigation and governance (former SAWS Order No. 16) Art. 14: quarterly analysis tables by the 15th of the next quarter, annual ones by 31 January of the next year (article number unverified)',
);

export type StatisticsTableKind = 'quarterly' | 'annual';

export interface StatisticsTableDue {
  kind: StatisticsTableKind;
  year: number;
  /** 1–4 for a quarterly table; null for the annual one. */
  quarter: number | null;
  /** `2026-Q3` or `2026`: names the table and keys its reminders. */
  period: string;
  /** First and last day covered. */
  from: string;
  to: string;
  /** The last day it may be reported on. */
  dueOn: string;
}

/** The quarterly table of `year`/`quarter` (its days as the statistics count them): due on the 15th of the month after the quarter (Q4: 15 January). */
export function quarterlyStatisticsTable(year: number, quarter: number): StatisticsTableDue {
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new RangeError(`quarter ${quarter}`);
  const { from, to } = quarterPeriod(year, quarter as 1 | 2 | 3 | 4);
  const dueOn = addCalendarDays(to, 15);
  return { kind: 'quarterly', year, quarter, period: `${year}-Q${quarter}`, from, to, dueOn };
}

/** The annual table of `year`: due on 31 January of the next year. */
export const annualStatisticsTable = (year: number): StatisticsTableDue => ({
  kind: 'annual',
  year,
  quarter: null,
  period: String(year),
  ...yearPeriod(year),
  dueOn: `${year + 1}-01-31`,
});

/**
 * The statistics tables whose period has ended by `today` and whose due day is today or later: what
 * the units and the departments are to report now (in due order). Between the 16th of the month after
 * a quarter and the quarter's end nothing is open, except the annual table in January.
 */
export function statisticsTablesOpen(today: string): StatisticsTableDue[] {
  const year = Number(today.slice(0, 4));
  const candidates = [
    quarterlyStatisticsTable(year - 1, 4),
    annualStatisticsTable(year - 1),
    ...[1, 2, 3].map((q) => quarterlyStatisticsTable(year, q)),
  ];
  return candidates.filter((t) => t.to < today && today <= t.dueOn).sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

/** How many days before a statistics table is due its reminder goes out (a local choice: one working week). */
export const STATISTICS_REMIND_DAYS = 7;

/** The open tables to remind of on `today`: due within `remindDays` days (the due day included). */
export const statisticsTablesToRemind = (today: string, remindDays = STATISTICS_REMIND_DAYS): StatisticsTableDue[] =>
  statisticsTablesOpen(today).filter((t) => daysBetween(today, t.dueOn) <= remindDays);
