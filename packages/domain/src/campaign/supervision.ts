import { z } from 'zod';
import { textInput } from '../text.js';
import { bi } from '../i18n.js';
import { defineWorkflow } from '../workflow/engine.js';

/**
 * 督办: 安委办 issues a numbered supervision notice to a unit on a task, with a date by which the
 * unit must answer in writing; 安委办 closes it when the answer suffices or sends it back.
 */
export const supervisionWorkflow = defineWorkflow({
  entity: 'campaignSupervision',
  initial: 'issued',
  states: {
    issued: { label: bi('待答复', 'Awaiting answer') },
    answered: { label: bi('已答复', 'Answered') },
    closed: { label: bi('已办结', 'Closed'), terminal: true },
  },
  actions: {
    answer: {
      label: bi('答复督办', 'Answer'),
      from: ['issued'],
      to: 'answered',
      permission: 'campaign.report',
      input: z.object({
        response: textInput().min(2, '请填写办理情况 / describe what was done').max(5000),
        fileIds: z.array(z.uuid()).max(30).default([]),
      }),
    },
    close: { label: bi('办结', 'Close'), from: ['answered'], to: 'closed', permission: 'campaign.manage' },
    reject: {
      label: bi('退回重新办理', 'Send back'),
      from: ['answered'],
      to: 'issued',
      permission: 'campaign.manage',
      input: z.object({ reason: textInput().min(2, '请填写原因 / give a reason').max(2000) }),
    },
  },
});
export type SupervisionStatus = keyof typeof supervisionWorkflow.states;
export const supervisionStatuses = Object.keys(supervisionWorkflow.states) as [SupervisionStatus, ...SupervisionStatus[]];

/** 督办通知书 number as printed: 西港安委办督〔2026〕3号. */
export const supervisionNo = (prefix: string, year: number, n: number): string => `${prefix}督〔${year}〕${n}号`;

/**
 * 考核 weights. 附件3 step 7 asks the district for its own 考核细则, which the seed does not give,
 * so these are defaults: completion counts most, then timeliness, and each supervision notice a
 * unit needed costs points. Keep them in one place so a district's rules replace them.
 */
export const assessmentWeights = {
  completion: 60,
  timeliness: 40,
  perSupervision: 2,
  source: bi(
    '默认权重（区考核细则未给出，见附件3第7项），待安委办确认',
    'Default weights (the district’s 考核细则 is not in the seed, see 附件3 step 7); to be confirmed by 安委办',
  ),
} as const;

export interface UnitTally {
  parts: number;
  accepted: number;
  overdue: number;
  /**
   * Parts not overdue now that were overdue on some day: accepted after their deadline, or saved by an extension
   * approved after it had passed (the days stay on the record, `overdueDays`).
   */
  late: number;
  /** Days the unit's parts were overdue in all, from the history (`overdueDays`). */
  overdueDays?: number;
  supervisions: number;
}

/**
 * A unit's assessment score out of 100: the share of its parts accepted, the share handled on
 * time (neither overdue now nor overdue on any earlier day), less points per supervision notice; never below 0.
 */
export function assessmentScore(
  t: UnitTally,
  w: { completion: number; timeliness: number; perSupervision: number } = assessmentWeights,
): number {
  if (t.parts === 0) return 0;
  const completion = (t.accepted / t.parts) * w.completion;
  const timeliness = (1 - (t.overdue + t.late) / t.parts) * w.timeliness;
  return Math.max(0, Math.round((completion + timeliness - t.supervisions * w.perSupervision) * 10) / 10);
}
