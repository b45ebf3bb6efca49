import { type Bilingual, bi } from '../i18n.js';
import { type SeedOrg, seedOrgs } from '../identity/orgs.js';
import { parseDeadline } from './deadline.js';
import { parseResponsible } from './responsible.js';
import type { CampaignTemplate, IsoDate } from './types.js';

/** Why a row of the plan needs an administrator's confirmation. */
export type FlagCode =
  /** Due before the plan was issued, in a step after the one that issues it, or in a task or phase. */
  | 'DEADLINE_BEFORE_ISSUE'
  /** A drafting step of 附件3 that precedes the issue step and was due before the issue date: expected, confirm it was done. */
  | 'PREPARED_BEFORE_ISSUE'
  /** A schedule step due before the step listed before it (附件3 is a sequence worked back from 2021-07-31). */
  | 'OUT_OF_ORDER'
  /** A phase that starts before the previous phase ends. */
  | 'PHASE_OVERLAP'
  /** 规划水平年 with no planning year set for the campaign. */
  | 'PLANNING_YEAR_REQUIRED'
  | 'DEADLINE_UNPARSED'
  /** A unit spelt differently from the org tree and read through an alias (工商局 → 工商分局). */
  | 'UNIT_NAME_VARIANT'
  | 'DUPLICATE_UNIT'
  | 'UNIT_UNRESOLVED';

export interface TemplateFlag {
  where: 'task' | 'schedule' | 'phase';
  seq: number;
  code: FlagCode;
  message: Bilingual;
}

export interface ConsistencyOptions {
  planningYear?: number;
  orgs?: readonly SeedOrg[];
}

const whereZh = { task: '任务', schedule: '日程', phase: '阶段' } as const;

/**
 * A step dated a year too early is the commonest slip in a schedule written at a year's turn
 * (附件3 row 12: "2020年3月31日前" between January and April 2021). The same day a year later is
 * offered in the message when it falls between the neighbouring steps; the data is not changed.
 */
const yearLaterFits = (end: IsoDate, previousEnd: IsoDate | undefined, nextEnd: IsoDate | undefined): IsoDate | undefined => {
  if (end.endsWith('-02-29')) return undefined;
  const later = `${Number(end.slice(0, 4)) + 1}${end.slice(4)}`;
  return (previousEnd === undefined || previousEnd <= later) && (nextEnd === undefined || later <= nextEnd) ? later : undefined;
};

/**
 * Finds what in a campaign plan an administrator must confirm before it is used: dates before the
 * plan's issue, steps out of order, overlapping phases, unit names read through aliases or listed
 * twice. It only reports; the plan is imported as printed.
 */
export const checkTemplate = (template: CampaignTemplate, options: ConsistencyOptions = {}): TemplateFlag[] => {
  const flags: TemplateFlag[] = [];
  const { issuedOn } = template;
  const orgs = options.orgs ?? seedOrgs;
  const orgName = new Map(orgs.map((o) => [o.code, o.name]));
  const flag = (where: TemplateFlag['where'], seq: number, code: FlagCode, zh: string, en: string): void => {
    flags.push({ where, seq, code, message: bi(`${whereZh[where]}第${seq}项：${zh}`, `${where} ${seq}: ${en}`) });
  };

  /** Reads a deadline and flags what cannot be dated; returns the range when there is one. */
  const dated = (where: TemplateFlag['where'], seq: number, text: string): { start: IsoDate; end: IsoDate } | undefined => {
    const result = parseDeadline(text, { issuedOn, planningYear: options.planningYear });
    if (!result.ok) {
      flag(where, seq, 'DEADLINE_UNPARSED', result.error.message.zh, result.error.message.en);
      return undefined;
    }
    const { deadline } = result;
    if (deadline.kind === 'planningYear' && 'needsPlanningYear' in deadline) {
      flag(
        where,
        seq,
        'PLANNING_YEAR_REQUIRED',
        `完成时限为“${text}”，请为本次创建设定规划水平年`,
        `deadline "${text}" needs the campaign's planning year`,
      );
    }
    return 'end' in deadline ? deadline : undefined;
  };

  const beforeIssue = (where: TemplateFlag['where'], seq: number, text: string, end: IsoDate, likelyMeant?: IsoDate): void =>
    flag(
      where,
      seq,
      'DEADLINE_BEFORE_ISSUE',
      `完成时限“${text}”（截至 ${end}）早于方案印发日期 ${issuedOn}，可能为笔误或方案晚于原计划印发，请确认` +
        (likelyMeant ? `；若为 ${likelyMeant}，则与前后步骤的次序相符` : ''),
      `"${text}" (ends ${end}) is before the plan was issued on ${issuedOn}: a typo, or the plan was issued later than planned; please confirm` +
        (likelyMeant ? `; ${likelyMeant} would fit between the steps before and after it` : ''),
    );

  const checkUnits = (where: TemplateFlag['where'], seq: number, text: string): void => {
    const parsed = parseResponsible(text, orgs);
    for (const v of parsed.variants) {
      const name = orgName.get(v.orgCode) ?? v.orgCode;
      flag(
        where,
        seq,
        'UNIT_NAME_VARIANT',
        `责任单位写作“${v.text}”，按“${name}”处理，请确认`,
        `unit written "${v.text}", read as ${name} (${v.orgCode}); please confirm`,
      );
    }
    for (const code of parsed.duplicates) {
      const name = orgName.get(code) ?? code;
      flag(
        where,
        seq,
        'DUPLICATE_UNIT',
        `责任单位“${name}”重复列出，按一个单位计`,
        `unit ${name} (${code}) is listed more than once; counted once`,
      );
    }
    for (const piece of parsed.unresolved) {
      flag(where, seq, 'UNIT_UNRESOLVED', `责任单位“${piece}”不在组织机构中`, `unit "${piece}" is not in the org tree`);
    }
  };

  for (const task of template.tasks) {
    checkUnits('task', task.seq, task.responsibleText);
    const range = dated('task', task.seq, task.deadlineText);
    if (range && range.end < issuedOn) beforeIssue('task', task.seq, task.deadlineText, range.end);
  }

  const rows = template.schedule.map((row) => {
    checkUnits('schedule', row.seq, row.responsibleText);
    return { row, range: dated('schedule', row.seq, row.deadlineText) };
  });
  const datedRows = rows.flatMap(({ row, range }) => (range ? [{ seq: row.seq, text: row.deadlineText, end: range.end }] : []));
  datedRows.forEach((step, i) => {
    const previous = datedRows[i - 1];
    const next = datedRows[i + 1];
    if (step.end < issuedOn) {
      if (step.seq < template.issueStepSeq) {
        flag(
          'schedule',
          step.seq,
          'PREPARED_BEFORE_ISSUE',
          `起草准备步骤，完成时限（截至 ${step.end}）早于方案印发日期 ${issuedOn}，属正常，请确认已完成`,
          `a drafting step before the plan's issue, due ${step.end} (the plan was issued on ${issuedOn}); expected, confirm it was done`,
        );
      } else beforeIssue('schedule', step.seq, step.text, step.end, yearLaterFits(step.end, previous?.end, next?.end));
    }
    if (previous && step.end < previous.end) {
      flag(
        'schedule',
        step.seq,
        'OUT_OF_ORDER',
        `完成时限“${step.text}”（截至 ${step.end}）早于前一步骤第${previous.seq}项（截至 ${previous.end}），请确认先后顺序`,
        `due "${step.text}" (ends ${step.end}), before the step before it, row ${previous.seq} (ends ${previous.end}); please confirm the order`,
      );
    }
  });

  let previousPhase: { seq: number; end: IsoDate } | undefined;
  for (const phase of template.phases) {
    const range = dated('phase', phase.seq, phase.periodText);
    if (!range) continue;
    if (range.end < issuedOn) beforeIssue('phase', phase.seq, phase.periodText, range.end);
    if (previousPhase && range.start <= previousPhase.end) {
      flag(
        'phase',
        phase.seq,
        'PHASE_OVERLAP',
        `“${phase.name}”自 ${range.start} 开始，早于第${previousPhase.seq}阶段结束（${previousPhase.end}），请确认`,
        `${phase.name} starts on ${range.start}, before phase ${previousPhase.seq} ends on ${previousPhase.end}; please confirm`,
      );
    }
    previousPhase = { seq: phase.seq, end: range.end };
  }
  return flags;
};
