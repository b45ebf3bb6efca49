import { z } from 'zod';
import { AppError } from '../errors.js';
import { type Bilingual, bi } from '../i18n.js';
import { addCalendarDays, shanghaiDateOf } from '../shanghai.js';
import { nameInput, textInput } from '../text.js';
import { defineWorkflow } from '../workflow/engine.js';
import type { AccidentGrade } from './grading.js';
import type { IncidentCategory } from './incident-types.js';
import type { EmergencySettings } from './settings.js';

/**
 * 事故报告、调查和批复的法定时限 — 《生产安全事故报告和调查处理条例》(国务院令第493号). The facts below are copied
 * from the project's reference (regulations.md §4.2, and its follow-up that verified Art. 12 and 29 against the
 * statute's text in LawRefBook/Laws, 行政法规/生产安全事故报告和调查处理条例(2007-04-09).md). Each rule names its article.
 */

/** Where a report goes: the district's 安全生产监督管理部门 first, then each level above it. */
export const reportLevels = ['district', 'city', 'province', 'state_council'] as const;
export type ReportLevel = (typeof reportLevels)[number];
export const reportLevelLabels: Record<ReportLevel, Bilingual> = {
  district: bi('区（县）应急管理部门', 'District emergency management'),
  city: bi('设区的市应急管理部门', 'City emergency management'),
  province: bi('省级应急管理部门', 'Provincial emergency management'),
  state_council: bi('国务院应急管理部门', 'State Council emergency management'),
};

/** 首报 (the unit's report), 上报 (each level of escalation), 续报, 补报 (Art. 13), 终报. */
export const reportKinds = ['first', 'escalation', 'follow_up', 'supplementary', 'final'] as const;
export type ReportKind = (typeof reportKinds)[number];
export const reportKindLabels: Record<ReportKind, Bilingual> = {
  first: bi('首报', 'First report'),
  escalation: bi('逐级上报', 'Escalation'),
  follow_up: bi('续报', 'Follow-up report'),
  supplementary: bi('补报', 'Supplementary report'),
  final: bi('终报', 'Final report'),
};

/** Art. 9: the unit head reports to the county-level 安全生产监督管理部门 within 1 hour of learning of the accident. */
export const FIRST_REPORT_HOURS = 1;
/** Art. 11: each level of escalation takes at most 2 hours. */
export const ESCALATION_HOURS = 2;
/** Art. 13: casualty changes within 30 days of the accident are reported; 7 days for road traffic and fire accidents. */
export const SUPPLEMENTARY_WINDOW_DAYS = 30;
export const SUPPLEMENTARY_WINDOW_DAYS_SHORT = 7;
const shortWindowCategories: readonly IncidentCategory[] = ['road_traffic', 'fire'];
/**
 * Art. 13 says 及时补报 without a limit. We apply Art. 9's one hour from the moment the change is recorded: a
 * local reading, shown as such beside the deadline.
 */
export const SUPPLEMENTARY_REPORT_HOURS = 1;
/** Art. 29: the investigation report within 60 days of the accident, extendable once by at most 60 days. */
export const INVESTIGATION_DAYS = 60;
export const INVESTIGATION_EXTENSION_MAX_DAYS = 60;
/** Art. 32: approval within 15 days of receiving the report; 30 for 特别重大, extendable by at most 30 days. */
export const APPROVAL_DAYS = 15;
export const APPROVAL_DAYS_MAJOR = 30;
export const APPROVAL_EXTENSION_MAX_DAYS = 30;

/** Each rule's source, shown beside its deadline. */
export const reportingRuleSources = {
  first: bi(
    '《生产安全事故报告和调查处理条例》第九条：单位负责人接到报告后1小时内报告县级以上安全生产监督管理部门',
    '493号令 Art. 9: the unit head reports within 1 hour of learning of the accident',
  ),
  escalation: bi(
    '第十条：特别重大、重大事故逐级上报至国务院，较大事故至省级，一般事故至设区的市级；第十一条：每级上报时间不得超过2小时',
    'Art. 10: 特别重大/重大 up to the State Council, 较大 to the province, 一般 to the city; Art. 11: at most 2 hours per level',
  ),
  supplementary: bi(
    '第十三条：自事故发生之日起30日内（道路交通、火灾事故7日内）伤亡人数发生变化的，应当及时补报；“及时”按第九条1小时执行（本地理解）',
    'Art. 13: casualty changes within 30 days (7 for road traffic and fire) are reported promptly; "promptly" read as Art. 9’s one hour (local reading)',
  ),
  follow_up: bi(
    '续报间隔见应急设置（较大涉险和一般事故每日至少一次，重大、特别重大每日至少两次；依据待核对）',
    'Follow-up interval from the emergency settings (at least daily, twice daily for 重大/特别重大; to be checked)',
  ),
  final: bi(
    '处置结束后一个续报间隔内终报（本地规定）',
    'The final report within one follow-up interval of the end of the response (local rule)',
  ),
  investigation: bi(
    '第二十九条：自事故发生之日起60日内提交事故调查报告；特殊情况经批准可延长，延长期限最长不超过60日',
    'Art. 29: the investigation report within 60 days of the accident, extendable by at most 60 days',
  ),
  approval: bi(
    '第三十二条：重大、较大、一般事故自收到报告之日起15日内批复；特别重大事故30日内，特殊情况可延长，最长不超过30日',
    'Art. 32: approval within 15 days of receipt; 特别重大 30 days, extendable by at most 30',
  ),
} as const satisfies Record<string, Bilingual>;

/** Art. 10: the levels above the district a grade's reports go to, in order. */
export function escalationLevels(grade: AccidentGrade): ReportLevel[] {
  if (grade === '一般') return ['city'];
  if (grade === '较大') return ['city', 'province'];
  return ['city', 'province', 'state_council'];
}

const addHours = (at: Date, hours: number): Date => new Date(at.getTime() + hours * 3_600_000);

/** Art. 9: when the unit's first report is due. */
export const firstReportDue = (learnedAt: Date): Date => addHours(learnedAt, FIRST_REPORT_HOURS);

/**
 * Art. 11: when a level's report is due: 2 hours after the level below reported, or, while it has not, 2 hours after
 * its report was due (a level that has not heard is still expected to have).
 */
export const escalationDue = (below: { dueAt: Date; submittedAt: Date | null }): Date =>
  addHours(below.submittedAt ?? below.dueAt, ESCALATION_HOURS);

/**
 * Art. 13: the last Asia/Shanghai day on which a casualty change still calls for a supplementary report. Periods
 * counted in days start the day after the event (民法典 Art. 201), so day 30 (7) after the accident's day is the last.
 */
export function supplementaryWindowLastDay(occurredAt: Date, category: IncidentCategory): string {
  const days = shortWindowCategories.includes(category) ? SUPPLEMENTARY_WINDOW_DAYS_SHORT : SUPPLEMENTARY_WINDOW_DAYS;
  return addCalendarDays(shanghaiDateOf(occurredAt), days);
}

/** Whether a casualty change recorded at `at` falls in the Art. 13 window. */
export const withinSupplementaryWindow = (occurredAt: Date, category: IncidentCategory, at: Date): boolean =>
  shanghaiDateOf(at) <= supplementaryWindowLastDay(occurredAt, category);

/** The 续报 interval the settings give an incident's grade. */
export const followUpHours = (
  grade: AccidentGrade,
  settings: Pick<EmergencySettings, 'followUpHoursMinor' | 'followUpHoursMajor'>,
): number => (grade === '重大' || grade === '特别重大' ? settings.followUpHoursMajor : settings.followUpHoursMinor);

/** The casualties a report states (Art. 12 item 4), compared to decide whether a supplementary report is owed. */
export interface Casualties {
  deaths: number;
  missing: number;
  seriousInjuries: number;
  minorInjuries: number;
}
const sameCasualties = (a: Casualties, b: Casualties): boolean =>
  a.deaths === b.deaths && a.missing === b.missing && a.seriousInjuries === b.seriousInjuries && a.minorInjuries === b.minorInjuries;

/** A report in an incident's schedule: submitted, or owed by `dueAt`. `seq` numbers the reports of one kind. */
export interface ScheduledReport {
  kind: ReportKind;
  level: ReportLevel;
  seq: number;
  dueAt: Date;
  submittedAt: Date | null;
  /** The casualties the report stated, for submitted reports. */
  casualties: Casualties | null;
}

/** What an incident's schedule is computed from. */
export interface ScheduleInput {
  grade: AccidentGrade;
  category: IncidentCategory;
  /** Whether the response goes on (续报 are owed) or has ended (终报 is owed). */
  phase: 'responding' | 'concluded';
  occurredAt: Date;
  learnedAt: Date;
  casualties: Casualties;
  /** The reports already in the schedule (submitted, or owed since an earlier computation). */
  reports: readonly ScheduledReport[];
  settings: Pick<EmergencySettings, 'followUpHoursMinor' | 'followUpHoursMajor'>;
  /**
   * When the grade first called for each level (from the grade history): a level owed only since a regrade cannot
   * have been reported before the district knew it was owed, so its 2 hours run from then at the earliest.
   */
  levelOwedSince?: Partial<Record<ReportLevel, Date>>;
  /** Now: when a new supplementary or final report starts its clock. */
  now: Date;
}

const key = (r: Pick<ScheduledReport, 'kind' | 'level' | 'seq'>): string => `${r.kind}:${r.level}:${r.seq}`;

/**
 * The reports an incident owes and has made, in order: the first report (Art. 9), each level of escalation its grade
 * requires (Art. 10–11), 续报 at the configured interval while the response goes on, a 补报 when the casualties differ
 * from the last report's within the Art. 13 window, and the 终报 once the response has ended. Submitted reports are
 * kept as they are; an owed report keeps its clock once started (a 补报's or 终报's `dueAt`), and one no longer owed
 * (a level the grade no longer reaches, a 续报 after the end) is left out.
 */
export function reportSchedule(input: ScheduleInput): ScheduledReport[] {
  const existing = new Map(input.reports.map((r) => [key(r), r]));
  const submitted = input.reports.filter((r) => r.submittedAt !== null);
  const out: ScheduledReport[] = [...submitted];
  const keep = (r: ScheduledReport) => {
    if (!existing.get(key(r))?.submittedAt) out.push(r);
  };
  const owed = (kind: ReportKind, level: ReportLevel, seq: number, dueAt: Date): ScheduledReport =>
    existing.get(key({ kind, level, seq })) ?? { kind, level, seq, dueAt, submittedAt: null, casualties: null };

  const first = existing.get('first:district:1') ?? owed('first', 'district', 1, firstReportDue(input.learnedAt));
  // The first report's clock follows the recorded time of learning, which may be corrected until it is submitted.
  keep(first.submittedAt ? first : { ...first, dueAt: firstReportDue(input.learnedAt) });

  let below: ScheduledReport = first;
  for (const level of escalationLevels(input.grade)) {
    const report = existing.get(key({ kind: 'escalation', level, seq: 1 }));
    const since = input.levelOwedSince?.[level];
    const due = new Date(Math.max(escalationDue(below).getTime(), since ? addHours(since, ESCALATION_HOURS).getTime() : 0));
    const next = report?.submittedAt ? report : { ...owed('escalation', level, 1, due), dueAt: due };
    keep(next);
    below = next;
  }

  const lastSubmitted = [...submitted]
    .filter((r) => r.kind !== 'escalation')
    .sort((a, b) => a.submittedAt!.getTime() - b.submittedAt!.getTime())
    .at(-1);
  const interval = followUpHours(input.grade, input.settings);
  const seqOf = (kind: ReportKind) => submitted.filter((r) => r.kind === kind).length + 1;

  if (input.phase === 'responding' && lastSubmitted) {
    const seq = seqOf('follow_up');
    keep({ ...owed('follow_up', 'district', seq, input.now), dueAt: addHours(lastSubmitted.submittedAt!, interval) });
  }

  // Art. 13: the figures differ from what was last reported. A 补报 already owed keeps its clock even past the window.
  const reported = lastSubmitted?.casualties;
  if (reported && !sameCasualties(reported, input.casualties)) {
    const seq = seqOf('supplementary');
    const pending = existing.get(key({ kind: 'supplementary', level: 'district', seq }));
    if (pending && !pending.submittedAt) keep(pending);
    else if (withinSupplementaryWindow(input.occurredAt, input.category, input.now))
      keep(owed('supplementary', 'district', seq, addHours(input.now, SUPPLEMENTARY_REPORT_HOURS)));
  }

  if (input.phase === 'concluded' && !submitted.some((r) => r.kind === 'final')) {
    keep(owed('final', 'district', 1, addHours(input.now, interval)));
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || reportKinds.indexOf(a.kind) - reportKinds.indexOf(b.kind));
}

/** A report's standing at an instant, for countdowns: owed and on time, owed and overdue, submitted on time or late. */
export type ReportState = 'open' | 'overdue' | 'on_time' | 'late';
export const reportStateLabels: Record<ReportState, Bilingual> = {
  open: bi('待报告', 'Due'),
  overdue: bi('已超时', 'Overdue'),
  on_time: bi('按时报告', 'On time'),
  late: bi('迟报', 'Late'),
};

/**
 * Where a report stands at `now`. Submitting exactly at the due instant is on time; a millisecond later is late. A
 * submitted report's lateness is decided by its submission time alone, so it never changes afterwards.
 */
export function reportStanding(report: { dueAt: Date; submittedAt: Date | null }, now: Date): { state: ReportState; msLeft: number } {
  const msLeft = report.dueAt.getTime() - (report.submittedAt ?? now).getTime();
  if (report.submittedAt) return { state: msLeft >= 0 ? 'on_time' : 'late', msLeft };
  return { state: msLeft >= 0 ? 'open' : 'overdue', msLeft };
}

/** Art. 12: what a report contains, in order; the document's sections. */
export const reportSections = ['unitOverview', 'scene', 'course', 'casualties', 'measures', 'other'] as const;
export type ReportSection = (typeof reportSections)[number];
export const reportSectionLabels: Record<ReportSection, Bilingual> = {
  unitOverview: bi('一、事故发生单位概况', '1. The unit'),
  scene: bi('二、事故发生的时间、地点以及事故现场情况', '2. Time, place and scene'),
  course: bi('三、事故的简要经过', '3. Brief course of events'),
  casualties: bi(
    '四、事故已经造成或者可能造成的伤亡人数（包括下落不明的人数）和初步估计的直接经济损失',
    '4. Casualties (including the missing) and the estimated direct loss',
  ),
  measures: bi('五、已经采取的措施', '5. Measures taken'),
  other: bi('六、其他应当报告的情况', '6. Other'),
};

/**
 * What the submitter writes for a report. Item 4 (casualties and loss) is always the record's figures, and items 3
 * and 5 default to the record's 简要经过 and 已采取的措施 when left empty.
 */
export const reportSubmission = z.object({
  unitOverview: textInput().min(2, '请填写事故发生单位概况 / describe the unit').max(4000),
  scene: textInput().min(2, '请填写事故现场情况 / describe the scene').max(4000),
  course: textInput().max(8000).optional(),
  measures: textInput().max(8000).optional(),
  other: textInput().max(4000).optional(),
  /** The person who signs the report (报告人) and a phone number to call back. */
  reporterName: nameInput().max(60),
  reporterPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\-\s]{5,20}$/, '请填写联系电话 / give a phone number'),
});
export type ReportSubmission = z.infer<typeof reportSubmission>;

/** 瞒报/谎报 (493号令 Art. 36 lists them among the acts it punishes, with 迟报 and 漏报 for unit heads in Art. 35). */
export const findingKinds = ['concealed', 'false'] as const;
export type FindingKind = (typeof findingKinds)[number];
export const findingKindLabels: Record<FindingKind, Bilingual> = {
  concealed: bi('瞒报', 'Concealment'),
  false: bi('谎报', 'False report'),
};

/** An Asia/Shanghai deadline day's standing on `today`: the deadline day itself is on time, the day after overdue. */
export function dayStanding(today: string, dueOn: string): { overdue: boolean; daysLeft: number } {
  const daysLeft = (Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
  return { overdue: daysLeft < 0, daysLeft };
}

/** Art. 29: the day the investigation report is due, counted from the accident's day. */
export const investigationDueOn = (occurredAt: Date): string => addCalendarDays(shanghaiDateOf(occurredAt), INVESTIGATION_DAYS);

/** Art. 29: an extension is granted once, to a later day at most 60 days after the original due day. */
export function checkInvestigationExtension(dueOn: string, extendedTo: string | null, requested: string): void {
  if (extendedTo)
    throw new AppError(
      'RULE_VIOLATION',
      bi('调查报告期限只能延长一次（条例第二十九条）', 'The report’s deadline may be extended only once (Art. 29)'),
    );
  if (requested <= dueOn)
    throw new AppError('RULE_VIOLATION', bi('延长后的期限须晚于原期限', 'The extended deadline must be later than the current one'));
  const limit = addCalendarDays(dueOn, INVESTIGATION_EXTENSION_MAX_DAYS);
  if (requested > limit)
    throw new AppError(
      'RULE_VIOLATION',
      bi(`延长期限最长不超过60日（最晚 ${limit}，条例第二十九条）`, `An extension is at most 60 days (by ${limit}, Art. 29)`),
      { details: { limit } },
    );
}

/** Art. 32: the day approval is due, counted from the day the report was received. */
export const approvalDueOn = (grade: AccidentGrade, receivedOn: string): string =>
  addCalendarDays(receivedOn, grade === '特别重大' ? APPROVAL_DAYS_MAJOR : APPROVAL_DAYS);

/** Art. 32: only a 特别重大 accident's approval may be extended, once, by at most 30 days. */
export function checkApprovalExtension(grade: AccidentGrade, dueOn: string, extendedTo: string | null, requested: string): void {
  if (grade !== '特别重大')
    throw new AppError(
      'RULE_VIOLATION',
      bi('只有特别重大事故的批复期限可以延长（条例第三十二条）', 'Only a 特别重大 accident’s approval may be extended (Art. 32)'),
    );
  if (extendedTo) throw new AppError('RULE_VIOLATION', bi('批复期限只能延长一次', 'The approval deadline may be extended only once'));
  if (requested <= dueOn)
    throw new AppError('RULE_VIOLATION', bi('延长后的期限须晚于原期限', 'The extended deadline must be later than the current one'));
  const limit = addCalendarDays(dueOn, APPROVAL_EXTENSION_MAX_DAYS);
  if (requested > limit)
    throw new AppError('RULE_VIOLATION', bi(`延长期限最长不超过30日（最晚 ${limit}）`, `An extension is at most 30 days (by ${limit})`), {
      details: { limit },
    });
}

const extensionInput = z.object({ extendedTo: z.iso.date(), reason: textInput().min(2, '请填写原因 / give a reason').max(2000) });

/**
 * An accident investigation (493号令 Chapter III): the team investigates until its report is submitted (Art. 29), the
 * government approves it (Art. 32). The deadlines' rules are checked by the functions above when an action is taken.
 */
export const investigationWorkflow = defineWorkflow({
  entity: 'incidentInvestigation',
  initial: 'investigating',
  states: {
    investigating: { label: bi('调查中', 'Investigating') },
    submitted: { label: bi('报告待批复', 'Report awaiting approval') },
    approved: { label: bi('已批复', 'Approved'), terminal: true },
  },
  actions: {
    extend: {
      label: bi('延长调查期限', 'Extend the deadline'),
      from: ['investigating'],
      to: 'investigating',
      permission: 'emergency.investigate',
      input: extensionInput,
    },
    submitReport: {
      label: bi('提交调查报告', 'Submit the report'),
      from: ['investigating'],
      to: 'submitted',
      permission: 'emergency.investigate',
      input: z.object({ summary: textInput().min(2, '请填写调查结论摘要 / summarise the findings').max(8000) }),
    },
    extendApproval: {
      label: bi('延长批复期限', 'Extend the approval deadline'),
      from: ['submitted'],
      to: 'submitted',
      permission: 'emergency.investigate',
      input: extensionInput,
    },
    approve: {
      label: bi('批复', 'Approve'),
      from: ['submitted'],
      to: 'approved',
      permission: 'emergency.investigate',
      input: z.object({ note: textInput().max(2000).optional() }),
    },
  },
});
export type InvestigationStatus = keyof typeof investigationWorkflow.states;
export const investigationStatuses = Object.keys(investigationWorkflow.states) as [InvestigationStatus, ...InvestigationStatus[]];
export type InvestigationAction = keyof typeof investigationWorkflow.actions;

/** 整改措施: a measure the approved report names for a unit, done by that unit. */
export const measureWorkflow = defineWorkflow({
  entity: 'incidentMeasure',
  initial: 'open',
  states: {
    open: { label: bi('整改中', 'Open') },
    done: { label: bi('已完成', 'Done'), terminal: true },
  },
  actions: {
    complete: {
      label: bi('完成整改', 'Mark done'),
      from: ['open'],
      to: 'done',
      permission: 'emergency.report',
      input: z.object({ note: textInput().min(2, '请说明整改情况 / say what was done').max(2000) }),
    },
  },
});
export type MeasureStatus = keyof typeof measureWorkflow.states;
export const measureStatuses = Object.keys(measureWorkflow.states) as [MeasureStatus, ...MeasureStatus[]];
