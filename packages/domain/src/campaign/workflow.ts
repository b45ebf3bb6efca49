import { z } from 'zod';
import { textInput } from '../text.js';
import { bi } from '../i18n.js';
import { defineWorkflow } from '../workflow/engine.js';

const reason = z.object({ reason: textInput().min(2, '请填写原因 / give a reason').max(2000) });

/** A progress report's content: what was done, how far, the indicator values reached, the evidence. */
export const progressInput = z.object({
  text: textInput().min(2, '请填写工作进展 / describe the progress').max(5000),
  percent: z.number().int().min(0).max(100),
  /** Actual values against the task's targets, by target index. */
  indicatorValues: z
    .array(z.object({ target: z.number().int().min(0), value: z.number() }))
    .max(50)
    .default([]),
  /** 佐证资料: attachments uploaded through /api/files. */
  fileIds: z.array(z.uuid()).max(30).default([]),
});
export type ProgressInput = z.infer<typeof progressInput>;

/**
 * One responsible unit's part of one task (任务分解 × 责任单位). The unit reports progress and
 * submits; 安委办 accepts or returns it with reasons; a task is complete when every unit's part is
 * accepted. 安委办 may reopen an accepted part when a later check finds it wanting.
 */
export const assignmentWorkflow = defineWorkflow({
  entity: 'campaignAssignment',
  initial: 'not_started',
  states: {
    not_started: { label: bi('未开始', 'Not started') },
    in_progress: { label: bi('推进中', 'In progress') },
    submitted: { label: bi('已报送', 'Submitted') },
    returned: { label: bi('已退回', 'Returned') },
    accepted: { label: bi('已验收', 'Accepted'), terminal: true },
  },
  actions: {
    report: {
      label: bi('报送进展', 'Report progress'),
      from: ['not_started', 'in_progress', 'returned'],
      to: 'in_progress',
      permission: 'campaign.report',
      input: progressInput,
    },
    submit: {
      label: bi('提交验收', 'Submit for acceptance'),
      // A unit that finished in one go submits without an interim report.
      from: ['not_started', 'in_progress', 'returned'],
      to: 'submitted',
      permission: 'campaign.report',
      input: progressInput,
    },
    accept: { label: bi('验收通过', 'Accept'), from: ['submitted'], to: 'accepted', permission: 'campaign.manage' },
    return: { label: bi('退回', 'Return'), from: ['submitted'], to: 'returned', permission: 'campaign.manage', input: reason },
    reopen: { label: bi('重新打开', 'Reopen'), from: ['accepted'], to: 'in_progress', permission: 'campaign.manage', input: reason },
  },
});
export type AssignmentStatus = keyof typeof assignmentWorkflow.states;
export const assignmentStatuses = Object.keys(assignmentWorkflow.states) as [AssignmentStatus, ...AssignmentStatus[]];

/** A unit asks for more time; 安委办 approves (the unit's deadline moves) or refuses. */
export const extensionWorkflow = defineWorkflow({
  entity: 'campaignExtension',
  initial: 'requested',
  states: {
    requested: { label: bi('待审批', 'Awaiting decision') },
    approved: { label: bi('已同意', 'Approved'), terminal: true },
    refused: { label: bi('不同意', 'Refused'), terminal: true },
  },
  actions: {
    approve: { label: bi('同意延期', 'Approve'), from: ['requested'], to: 'approved', permission: 'campaign.manage' },
    refuse: { label: bi('不同意延期', 'Refuse'), from: ['requested'], to: 'refused', permission: 'campaign.manage', input: reason },
  },
});
export type ExtensionStatus = keyof typeof extensionWorkflow.states;

/** Status of a whole task, from its units' parts. */
export type TaskStatus = 'not_started' | 'in_progress' | 'submitted' | 'accepted';
export const taskStatuses = ['not_started', 'in_progress', 'submitted', 'accepted'] as const;

/**
 * A task is accepted when every unit's part is accepted, submitted when every part is at least
 * submitted, not started while no unit has begun, and in progress otherwise.
 */
export function taskStatusOf(parts: readonly AssignmentStatus[]): TaskStatus {
  if (parts.length === 0 || parts.every((p) => p === 'not_started')) return 'not_started';
  if (parts.every((p) => p === 'accepted')) return 'accepted';
  if (parts.every((p) => p === 'accepted' || p === 'submitted')) return 'submitted';
  return 'in_progress';
}

/** How many days before its deadline a part counts as due soon. */
export const DUE_SOON_DAYS = 7;

export type DeadlineState = 'done' | 'overdue' | 'due_soon' | 'on_track' | 'unscheduled';

const dayNumber = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/**
 * Where a part stands against its deadline on a given Asia/Shanghai day. The deadline day itself
 * is still on time ("2020年12月" means by the end of 31 December); overdue starts the day after.
 */
export function deadlineState(today: string, end: string | null, done: boolean): DeadlineState {
  if (done) return 'done';
  if (!end) return 'unscheduled';
  const left = dayNumber(end) - dayNumber(today);
  if (left < 0) return 'overdue';
  if (left <= DUE_SOON_DAYS) return 'due_soon';
  return 'on_track';
}
