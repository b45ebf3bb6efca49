import { z } from 'zod';
import { type Bilingual, bi } from '../i18n.js';
import type { Confidence } from '../risk/grading.js';

/**
 * Who hears of an overdue hazard, from the nearest to the widest (the issue's ladder): the responsible
 * person (责任人), the responsible unit's managers (责任单位), the supervising department (行业监管部门)
 * and the district's safety committee office (安委办).
 */
export const escalationAudiences = ['responsiblePerson', 'unit', 'department', 'safetyOffice'] as const;
export type EscalationAudience = (typeof escalationAudiences)[number];

export const escalationAudienceLabels: Record<EscalationAudience, Bilingual> = {
  responsiblePerson: bi('隐患责任人', 'Responsible person'),
  unit: bi('责任单位', 'Responsible unit'),
  department: bi('行业监管部门', 'Supervising department'),
  safetyOffice: bi('安委办', 'Safety committee office'),
};

/** One step of the ladder: from `daysOverdue` days past the deadline on, `notify` is told too. */
export const escalationStep = z.object({
  daysOverdue: z.number().int().min(0).max(365),
  notify: z.enum(escalationAudiences),
});
export type EscalationStep = z.infer<typeof escalationStep>;

/**
 * The hazard module's settings an administrator with hazard.manage may change (`PUT /api/hazards/settings`).
 * The ladder's steps must widen the audience as the days grow: days strictly increasing, each audience once.
 */
export const hazardSettings = z.object({
  /** Days the regulator has for the on-site review after a unit applies to close a listed hazard (现场审查). */
  reviewDays: z.number().int().min(1).max(90),
  /** A hazard found within this many days after one of the same category at the same place is a repeat; 0 turns the flag off. */
  repeatWindowDays: z.number().int().min(0).max(730),
  /** A deadline this many days away or nearer is "due soon" (临期) and reminded. */
  dueSoonDays: z.number().int().min(0).max(60),
  escalation: z
    .array(escalationStep)
    .min(1)
    .max(escalationAudiences.length)
    .superRefine((steps, ctx) => {
      steps.forEach((step, i) => {
        const previous = steps[i - 1];
        if (previous && step.daysOverdue <= previous.daysOverdue)
          ctx.addIssue({
            code: 'custom',
            path: [i, 'daysOverdue'],
            message: '逾期天数须逐级增加 / Days overdue must increase from step to step',
          });
        if (steps.findIndex((s) => s.notify === step.notify) !== i)
          ctx.addIssue({
            code: 'custom',
            path: [i, 'notify'],
            message: '每个通知对象只能出现一次 / Each audience may appear once',
          });
      });
    }),
});
export type HazardSettings = z.infer<typeof hazardSettings>;

/** What a new installation starts from (sources and confidence of each value in `hazardSettingSources`). */
export const defaultHazardSettings: HazardSettings = {
  reviewDays: 10,
  repeatWindowDays: 90,
  dueSoonDays: 3,
  escalation: [
    { daysOverdue: 0, notify: 'responsiblePerson' },
    { daysOverdue: 3, notify: 'unit' },
    { daysOverdue: 7, notify: 'department' },
    { daysOverdue: 15, notify: 'safetyOffice' },
  ],
};

/** Where a setting's default comes from and how sure we are of it ([V]/[P]/[U] as in risk/grading.ts). */
export interface HazardSettingSource {
  label: Bilingual;
  source: Bilingual;
  confidence: Confidence;
}

/** Each setting's label, the source of its default and its confidence, shown beside the value in the UI. */
export const hazardSettingSources: Record<keyof HazardSettings, HazardSettingSource> = {
  reviewDays: {
    label: bi('现场审查期限（天）', 'On-site review period (days)'),
    source: bi(
      '收到挂牌督办隐患的复产（销号）申请后 10 日内现场审查：湖北、福建地方规定（regulations.md §5.1，已核实）；16号令对应条款号未核实',
      'On-site review within 10 days of the application to resume (close) a listed hazard: Hubei and Fujian local rules (regulations.md §5.1, verified); the 16号令 article numbers are unverified',
    ),
    confidence: 'V',
  },
  repeatWindowDays: {
    label: bi('重复隐患判定窗口（天）', 'Repeated-hazard window (days)'),
    source: bi(
      '本地选择：同一地点、同一类别的隐患在此天数内再次发现即标为重复隐患；未见国家规定',
      'A local choice: a hazard of the same category found at the same place within this many days is flagged as a repeat; no national rule was found',
    ),
    confidence: 'U',
  },
  dueSoonDays: {
    label: bi('临期提醒（天）', 'Due-soon reminder (days)'),
    source: bi(
      '本地选择：整改期限前若干天提醒责任人；未见国家规定',
      'A local choice: the responsible person is reminded this many days before the deadline; no national rule was found',
    ),
    confidence: 'U',
  },
  escalation: {
    label: bi('逾期逐级通知', 'Overdue escalation'),
    source: bi(
      '本地选择：逾期后依次通知责任人、责任单位、行业监管部门、安委办（议题 #11 的逐级要求）；天数未见国家规定',
      'A local choice: when overdue, the responsible person, the unit, the supervising department and the safety committee office are told in turn (issue #11); the day counts follow no national rule found',
    ),
    confidence: 'U',
  },
};

/** The audiences told about a hazard `daysOverdue` days past its deadline (every step reached so far). */
export function escalationAudiencesFor(daysOverdue: number, ladder: readonly EscalationStep[]): EscalationAudience[] {
  if (daysOverdue < 0) return [];
  return ladder.filter((step) => daysOverdue >= step.daysOverdue).map((step) => step.notify);
}
