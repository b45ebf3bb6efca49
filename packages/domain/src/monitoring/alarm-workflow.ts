import { z } from 'zod';
import { bi } from '../i18n.js';
import { textInput } from '../text.js';
import { defineWorkflow } from '../workflow/engine.js';

/** 研判 and closing: what was found or done. */
const note = z.object({ note: textInput().min(2, '请填写说明 / describe what was found or done').max(4000) });

/** 处置派发: the responsible unit, its deadline and what it is to do. */
export const alarmDispatchInput = z.object({
  orgId: z.uuid({ error: '请选择处置单位 / choose the unit' }),
  deadline: z.iso.datetime({ offset: true, error: '请填写处置期限 / give the deadline' }),
  instructions: textInput().min(2, '请填写处置要求 / give the instructions').max(4000),
});
export type AlarmDispatchInput = z.infer<typeof alarmDispatchInput>;

/** 信息反馈: what the unit did. */
export const alarmAnswerInput = z.object({
  feedback: textInput().min(2, '请填写处置反馈 / describe what was done').max(4000),
});

/**
 * The life of an alarm (报警), 城市安全风险综合监测预警平台建设指南's 联动处置 (regulations.md §7): raised 报警中 →
 * acknowledged 已确认 (someone has seen it; escalation stops) → 研判: confirmed 研判属实 or dismissed 误报 → (confirmed)
 * dispatched 已派发处置 to the responsible unit with a deadline → answered 已反馈 → closed 已关闭 (归档).
 * A dismissed alarm is closed directly. Values returning to normal set `cleared_at` but never close an alarm:
 * closing is a person's decision.
 */
export const alarmWorkflow = defineWorkflow({
  entity: 'alarm',
  initial: 'raised',
  states: {
    raised: { label: bi('报警中', 'Raised') },
    acknowledged: { label: bi('已确认', 'Acknowledged') },
    confirmed: { label: bi('研判属实', 'Confirmed') },
    dismissed: { label: bi('误报', 'Dismissed as false') },
    dispatched: { label: bi('已派发处置', 'Dispatched') },
    answered: { label: bi('已反馈', 'Answered') },
    closed: { label: bi('已关闭', 'Closed'), terminal: true },
  },
  actions: {
    acknowledge: { label: bi('确认收到', 'Acknowledge'), from: ['raised'], to: 'acknowledged', permission: 'monitoring.alarm' },
    confirm: {
      label: bi('研判属实', 'Confirm'),
      from: ['acknowledged'],
      to: 'confirmed',
      permission: 'monitoring.alarm',
      input: note,
    },
    dismiss: {
      label: bi('判定误报', 'Dismiss as false'),
      from: ['acknowledged'],
      to: 'dismissed',
      permission: 'monitoring.alarm',
      input: note,
    },
    dispatch: {
      label: bi('派发处置', 'Dispatch'),
      from: ['confirmed'],
      to: 'dispatched',
      permission: 'monitoring.alarm',
      input: alarmDispatchInput,
    },
    answer: {
      label: bi('反馈处置结果', 'Answer'),
      from: ['dispatched'],
      to: 'answered',
      permission: 'monitoring.alarm',
      input: alarmAnswerInput,
    },
    close: {
      label: bi('关闭归档', 'Close'),
      from: ['answered', 'dismissed'],
      to: 'closed',
      permission: 'monitoring.alarm',
      input: note,
    },
  },
});
export type AlarmStatus = keyof typeof alarmWorkflow.states;
export const alarmStatuses = Object.keys(alarmWorkflow.states) as [AlarmStatus, ...AlarmStatus[]];
export type AlarmWorkflowAction = keyof typeof alarmWorkflow.actions;

/**
 * 转为隐患: a confirmed alarm opens a hazard (隐患) in the hazard module with the alarm linked. It leaves the alarm's
 * state as it is, so it is not a step of the workflow; it is offered among the alarm's actions from these states,
 * once (an alarm links one hazard), and is recorded on the alarm's timeline.
 */
export const openHazardAction = {
  name: 'openHazard',
  label: bi('转为隐患', 'Open a hazard'),
  from: ['confirmed', 'dispatched', 'answered'] as readonly AlarmStatus[],
  permission: 'monitoring.alarm',
} as const;
export const openHazardInput = z.object({
  title: textInput().min(2, '请填写隐患名称 / give the hazard a title').max(200).optional(),
  description: textInput().max(4000).optional(),
});

/** Every action an alarm's page may offer, the workflow's and the one beside it. */
export const alarmActions = [...(Object.keys(alarmWorkflow.actions) as AlarmWorkflowAction[]), openHazardAction.name] as const;
export type AlarmAction = (typeof alarmActions)[number];

/** An alarm still in the loop: anything not closed. Duplicates of the same rule and device fold into it. */
export const openAlarmStatuses: readonly AlarmStatus[] = alarmStatuses.filter((s) => s !== 'closed');

/**
 * The events of an alarm's life that are not steps of the workflow, as its timeline names them beside the steps:
 * raised by a rule, values back to normal, an escalation step, a hazard opened.
 */
export const alarmEventLabels = {
  raise: bi('产生报警', 'Raised'),
  clear: bi('监测值恢复正常', 'Values back to normal'),
  escalate: bi('未确认升级通知', 'Escalated, unacknowledged'),
  openHazard: openHazardAction.label,
} as const;
