import { z } from 'zod';
import { type Bilingual, bi } from '../i18n.js';
import { addCalendarDays } from '../shanghai.js';
import { nameInput, textInput } from '../text.js';
import { defineWorkflow } from '../workflow/engine.js';

/**
 * 应急预案: the kinds of plan by level (《突发事件应急预案管理办法》2024: 总体、专项、部门; 生产经营单位: 综合/专项
 * and 现场处置方案 under GB/T 29639-2020), the response levels Ⅰ–Ⅳ (Ⅰ the highest), the roles of a plan and what each
 * role does at each level, review dates and the drill workflow.
 */
export const planKinds = ['overall', 'special', 'department', 'enterprise', 'onsite'] as const;
export type PlanKind = (typeof planKinds)[number];
export const planKindLabels: Record<PlanKind, Bilingual> = {
  overall: bi('总体应急预案', 'Overall plan'),
  special: bi('专项应急预案', 'Special plan'),
  department: bi('部门应急预案', 'Department plan'),
  enterprise: bi('企业应急预案', 'Enterprise plan'),
  onsite: bi('现场处置方案', 'On-site response procedure'),
};

/** Response levels, Ⅰ the gravest (特别重大) down to Ⅳ (一般), as in the national plan system. */
export const responseLevels = ['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'] as const;
export type ResponseLevel = (typeof responseLevels)[number];
export const responseLevelLabels: Record<ResponseLevel, Bilingual> = {
  Ⅰ: bi('Ⅰ级响应', 'Level Ⅰ response'),
  Ⅱ: bi('Ⅱ级响应', 'Level Ⅱ response'),
  Ⅲ: bi('Ⅲ级响应', 'Level Ⅲ response'),
  Ⅳ: bi('Ⅳ级响应', 'Level Ⅳ response'),
};

/** A plan's status: in force, or withdrawn (kept for the history of responses and drills that used it). */
export const planStatuses = ['active', 'retired'] as const;
export type PlanStatus = (typeof planStatuses)[number];

/** A short key naming a role or an action inside one plan (stable across revisions, so drills compare). */
const planKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, { message: '只能用小写字母、数字、- 和 _ / lower-case letters, digits, - and _ only' });

/** One thing a role does at one response level, and how long after activation it is due. */
export const planAction = z.object({
  key: planKey,
  level: z.enum(responseLevels),
  text: textInput().min(2).max(500),
  /** Due this many minutes after the plan is activated. */
  withinMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
});
export type PlanAction = z.infer<typeof planAction>;

/** A role of the plan (总指挥, 现场指挥, 抢险救援组 …) with its actions at each level. */
export const planRole = z.object({
  key: planKey,
  name: nameInput().min(1).max(100),
  actions: z.array(planAction).max(50),
});
export type PlanRole = z.infer<typeof planRole>;

/**
 * What a plan prescribes: its roles × levels × actions. Keys are unique within the plan (roles by key, actions by
 * key across roles: a drill's evaluation names an action by its key alone), and every level the plan claims
 * (`levels`) gives at least one action, so an activation at that level always makes tasks.
 */
export const planContent = z
  .object({
    levels: z.array(z.enum(responseLevels)).min(1).max(4),
    roles: z.array(planRole).min(1).max(30),
  })
  .superRefine((content, ctx) => {
    const roleKeys = new Set<string>();
    const actionKeys = new Set<string>();
    content.roles.forEach((role, r) => {
      if (roleKeys.has(role.key)) ctx.addIssue({ code: 'custom', path: ['roles', r, 'key'], message: '角色代码重复 / duplicate role key' });
      roleKeys.add(role.key);
      role.actions.forEach((action, a) => {
        if (actionKeys.has(action.key))
          ctx.addIssue({ code: 'custom', path: ['roles', r, 'actions', a, 'key'], message: '措施代码重复 / duplicate action key' });
        actionKeys.add(action.key);
        if (!content.levels.includes(action.level))
          ctx.addIssue({
            code: 'custom',
            path: ['roles', r, 'actions', a, 'level'],
            message: '该响应级别不在预案的响应级别中 / level not among the plan’s levels',
          });
      });
    });
    for (const level of new Set(content.levels)) {
      if (!content.roles.some((role) => role.actions.some((a) => a.level === level)))
        ctx.addIssue({ code: 'custom', path: ['levels'], message: `${level}级响应没有任何措施 / level ${level} has no action` });
    }
  });
export type PlanContent = z.infer<typeof planContent>;

/** One task an activation makes: a role's action at the activated level, due `withinMinutes` after activation. */
export interface ResponseTaskDraft {
  roleKey: string;
  actionKey: string;
  text: string;
  dueAt: Date;
}

/** The tasks activating a plan at a level makes: every role's actions of exactly that level, in plan order. */
export function responseTasksOf(content: PlanContent, level: ResponseLevel, activatedAt: Date): ResponseTaskDraft[] {
  return content.roles.flatMap((role) =>
    role.actions
      .filter((a) => a.level === level)
      .map((a) => ({
        roleKey: role.key,
        actionKey: a.key,
        text: a.text,
        dueAt: new Date(activatedAt.getTime() + a.withinMinutes * 60_000),
      })),
  );
}

/** Every action of the plan by key, with its role: what a drill is evaluated against. */
export const planActionsOf = (content: PlanContent): (PlanAction & { roleKey: string; roleName: string })[] =>
  content.roles.flatMap((role) => role.actions.map((a) => ({ ...a, roleKey: role.key, roleName: role.name })));

/** The day a plan issued (or last reviewed) on `issuedOn` is due for review: `years` later, 29 Feb → 1 Mar. */
export function planReviewDueOn(issuedOn: string, years: number): string {
  const [y, m, d] = issuedOn.split('-').map(Number) as [number, number, number];
  const due = new Date(Date.UTC(y + years, m - 1, d));
  return due.toISOString().slice(0, 10);
}

export const planReviewStates = ['current', 'due_soon', 'overdue'] as const;
export type PlanReviewState = (typeof planReviewStates)[number];
export const planReviewStateLabels: Record<PlanReviewState, Bilingual> = {
  current: bi('有效', 'Current'),
  due_soon: bi('即将到期评估', 'Review due soon'),
  overdue: bi('逾期未评估', 'Review overdue'),
};

/** Where a plan stands on `today`: overdue after its due day, due soon within `noticeDays` of it (inclusive). */
export function planReviewState(today: string, reviewDueOn: string, noticeDays: number): PlanReviewState {
  if (today > reviewDueOn) return 'overdue';
  return addCalendarDays(today, noticeDays) >= reviewDueOn ? 'due_soon' : 'current';
}

/** A kind of command-log entry (指挥日志). */
export const commandLogKinds = ['decision', 'order', 'report', 'note'] as const;
export type CommandLogKind = (typeof commandLogKinds)[number];
export const commandLogKindLabels: Record<CommandLogKind, Bilingual> = {
  decision: bi('决策', 'Decision'),
  order: bi('指令', 'Order'),
  report: bi('情况报告', 'Situation report'),
  note: bi('记录', 'Note'),
};

/** A kind of situation mark (态势标绘). */
export const markKinds = ['command_post', 'danger_zone', 'cordon', 'route', 'evacuation', 'staging', 'other'] as const;
export type MarkKind = (typeof markKinds)[number];
export const markKindLabels: Record<MarkKind, Bilingual> = {
  command_post: bi('指挥部', 'Command post'),
  danger_zone: bi('危险区域', 'Danger zone'),
  cordon: bi('警戒线', 'Cordon'),
  route: bi('救援路线', 'Rescue route'),
  evacuation: bi('疏散区域', 'Evacuation area'),
  staging: bi('集结点', 'Staging point'),
  other: bi('其他', 'Other'),
};

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const samePosition = (a: readonly number[], b: readonly number[]) => a[0] === b[0] && a[1] === b[1];
const ring = z
  .array(position)
  .min(4, { message: '面的每个环至少4个点（首尾相同） / a ring needs at least 4 positions' })
  .max(5000)
  .refine((r) => samePosition(r[0]!, r[r.length - 1]!), { message: '面的环必须闭合（首尾相同） / a ring must be closed' });

/** A situation mark's geometry: a point, a line (≥ 2 distinct positions) or a polygon (closed rings), WGS-84. */
export const markGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: position }),
  z.object({
    type: z.literal('LineString'),
    coordinates: z
      .array(position)
      .min(2, { message: '线至少2个点 / a line needs at least 2 positions' })
      .max(5000)
      .refine((line) => line.some((p) => !samePosition(p, line[0]!)), {
        message: '线的点不能全部相同 / a line needs two distinct positions',
      }),
  }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1).max(50) }),
]);
export type MarkGeometry = z.infer<typeof markGeometry>;

/** A drill's form (演练形式). */
export const drillKinds = ['tabletop', 'live'] as const;
export type DrillKind = (typeof drillKinds)[number];
export const drillKindLabels: Record<DrillKind, Bilingual> = {
  tabletop: bi('桌面推演', 'Tabletop'),
  live: bi('实战演练', 'Live'),
};

/** How an action of the plan went in a drill. */
export const drillActionResults = ['done', 'partly', 'missed', 'not_tested'] as const;
export type DrillActionResult = (typeof drillActionResults)[number];
export const drillActionResultLabels: Record<DrillActionResult, Bilingual> = {
  done: bi('落实', 'Done'),
  partly: bi('部分落实', 'Partly done'),
  missed: bi('未落实', 'Missed'),
  not_tested: bi('未检验', 'Not tested'),
};

export const drillHoldInput = z.object({
  heldOn: z.iso.date(),
  summary: textInput().min(2).max(4000),
  participants: z.number().int().min(1).max(100_000).optional(),
});

export const drillEvaluation = z.object({
  actionKey: z.string().min(1).max(40),
  result: z.enum(drillActionResults),
  note: textInput().max(1000).optional(),
});
export type DrillEvaluation = z.infer<typeof drillEvaluation>;

export const drillEvaluateInput = z.object({
  evaluations: z.array(drillEvaluation).min(1).max(500),
  /** 存在问题: what the drill showed the plan lacks. */
  findings: textInput().max(4000).optional(),
});

/** 演练: planned → held (桌面推演 or 实战) → evaluated against the plan's actions; a planned drill may be cancelled. */
export const drillWorkflow = defineWorkflow({
  entity: 'emergencyDrill',
  initial: 'planned',
  states: {
    planned: { label: bi('计划中', 'Planned') },
    held: { label: bi('已实施', 'Held') },
    evaluated: { label: bi('已评估', 'Evaluated'), terminal: true },
    cancelled: { label: bi('已取消', 'Cancelled'), terminal: true },
  },
  actions: {
    hold: { label: bi('记录实施', 'Record as held'), from: ['planned'], to: 'held', permission: 'emergency.plan', input: drillHoldInput },
    evaluate: {
      label: bi('评估', 'Evaluate'),
      from: ['held'],
      to: 'evaluated',
      permission: 'emergency.plan',
      input: drillEvaluateInput,
    },
    cancel: {
      label: bi('取消', 'Cancel'),
      from: ['planned'],
      to: 'cancelled',
      permission: 'emergency.plan',
      input: z.object({ reason: textInput().min(2).max(500) }),
    },
  },
});
export type DrillStatus = keyof typeof drillWorkflow.states;
export const drillStatuses = Object.keys(drillWorkflow.states) as [DrillStatus, ...DrillStatus[]];

/**
 * Checks a drill's evaluation against the plan: every key names an action of the plan, none twice. Returns the
 * offending keys (empty when it is sound).
 */
export function drillEvaluationProblems(
  content: PlanContent,
  evaluations: readonly DrillEvaluation[],
): { unknown: string[]; repeated: string[] } {
  const known = new Set(planActionsOf(content).map((a) => a.key));
  const seen = new Set<string>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  for (const e of evaluations) {
    if (!known.has(e.actionKey)) unknown.push(e.actionKey);
    else if (seen.has(e.actionKey)) repeated.push(e.actionKey);
    seen.add(e.actionKey);
  }
  return { unknown, repeated };
}

/** A unit's drills in one year against the target (`settings.drillsPerYear`): held counts held or evaluated drills. */
export function drillYearStanding(held: number, target: number): { held: number; target: number; met: boolean; short: number } {
  return { held, target, met: held >= target, short: Math.max(0, target - held) };
}
