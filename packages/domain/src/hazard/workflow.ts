import { z } from 'zod';
import { type Bilingual, bi } from '../i18n.js';
import type { OrgType } from '../identity/orgs.js';
import { nameInput, textInput } from '../text.js';
import { defineWorkflow } from '../workflow/engine.js';
import { type HazardLevel, hazardLevelLabels, hazardLevels, stopWorkKinds } from './categories.js';

const photoIds = z.array(z.uuid()).max(30).default([]);
const reason = z.object({ reason: textInput().min(2, '请填写原因 / give a reason').max(2000) });
/** What was done: a rectification, an application to close, the review's finding. */
const note = z.object({ note: textInput().min(2, '请填写说明 / describe what was done').max(4000) });

/** 整改: what was done, with photos after the rectification (the verifier compares them with those as found). */
export const rectificationInput = note.extend({ photoIds });

/** 验收: an optional remark of the verifier. */
export const verificationInput = z.object({ note: textInput().max(4000).optional() });

/**
 * 挂牌督办 of a 重大 hazard by a government or a department (regulations.md §5.1, Hubei and Fujian local rules [V]):
 * the supervising body, the 责任领导, the deadline, whether it is published (公示), and the stop of work ordered
 * (16号令: 全部或者局部停产停业).
 */
export const listingInput = z.object({
  /** The org that supervises (district government office, 安委办 or a department). */
  supervisingOrgId: z.uuid(),
  /** The body as named in the notice, e.g. 西港区人民政府安全生产委员会. */
  supervisingBody: nameInput().min(2, '请填写督办机关 / name the supervising body').max(100),
  responsibleLeader: nameInput().min(2, '请填写责任领导 / name the responsible leader').max(50),
  deadline: z.iso.date(),
  publicNotice: z.boolean(),
  stopWork: z.enum(stopWorkKinds),
});
export type ListingInput = z.infer<typeof listingInput>;

/**
 * The kinds of org that list a hazard for supervision: the district and its government, its committees and their
 * offices, its departments and stationed agencies (消防救援 for 重大火灾隐患), and a street for its area — not
 * an enterprise, a group, a community or a grid.
 */
export const supervisingOrgTypes: readonly OrgType[] = [
  'district',
  'government',
  'committee',
  'committee_office',
  'department',
  'agency',
  'street',
];

/** The on-site review's finding (销号 or an order to correct), with its photos. */
const reviewNote = note.extend({ photoIds });
const reviewReason = reason.extend({ photoIds });

/** 评估 after the treatment (by the unit's own experts or a qualified 安全评价机构, regulations.md §5.1). */
export const assessmentInput = z.object({
  assessor: nameInput().min(2, '请填写评估人或评估机构 / name the assessor').max(100),
  conclusion: textInput().min(2, '请填写评估结论 / give the conclusion').max(4000),
  photoIds,
});

/**
 * 调整隐患等级: a 一般 hazard found to be 重大 (before it is rectified) starts the 重大 loop, with the basis its
 * creation would have needed (`majorBasis` or a clause, checked by the service: 422 naming `majorBasis`); a 重大
 * hazard found to be 一般 before it is listed (挂牌督办 makes the grading the supervising body's) starts the 一般
 * loop. `level` is the level it becomes: a second click on a stale page is a 409, not a silent no-op.
 */
export const reclassifyInput = reason.extend({
  level: z.enum(hazardLevels, { error: '隐患等级为“一般”或“重大” / level is 一般 or 重大' }),
  standardClauseId: z.uuid().nullable().optional(),
  majorBasis: textInput().max(2000).nullable().optional(),
});

/**
 * The life of a hazard (隐患), both loops in one machine (《安全生产事故隐患排查治理暂行规定》, 原安监总局令
 * 第16号, regulations.md §5.1):
 * - 一般事故隐患: registered → rectifying (or rectified on the spot) → awaiting verification → closed, returned
 *   for re-rectification with reasons;
 * - 重大事故隐患: registered → reported (Art. 14) → planned (治理方案, Art. 15, through PUT …/plan: the `system`
 *   action `submitPlan`) → listed (挂牌督办) → assessed → awaiting the on-site review (复产/销号申请) → closed
 *   (销号), or ordered to correct (back to listed).
 * - `reclassify` moves a hazard to the other loop's `registered` (一般 from registered or rectifying, 重大 from
 *   registered, reported or planned: the union below, each level's states being its own).
 * Which loop an action belongs to is `hazardActionLevels`: the states are shared (registered, closed), the level
 * decides.
 */
export const hazardWorkflow = defineWorkflow({
  entity: 'hazard',
  initial: 'registered',
  states: {
    registered: { label: bi('已登记', 'Registered') },
    rectifying: { label: bi('整改中', 'Being rectified') },
    awaiting_verification: { label: bi('待验收', 'Awaiting verification') },
    reported: { label: bi('已上报', 'Reported') },
    planned: { label: bi('已制定治理方案', 'Treatment plan made') },
    listed: { label: bi('挂牌督办中', 'Listed for supervision') },
    assessed: { label: bi('已评估', 'Assessed') },
    awaiting_review: { label: bi('待现场审查', 'Awaiting on-site review') },
    closed: { label: bi('已闭环', 'Closed'), terminal: true },
  },
  actions: {
    startRectification: { label: bi('开始整改', 'Start rectifying'), from: ['registered'], to: 'rectifying', permission: 'hazard.rectify' },
    rectifyOnSpot: {
      label: bi('立即整改', 'Rectified on the spot'),
      from: ['registered'],
      to: 'awaiting_verification',
      permission: 'hazard.rectify',
      input: rectificationInput,
    },
    submitRectification: {
      label: bi('提交整改', 'Submit the rectification'),
      from: ['rectifying'],
      to: 'awaiting_verification',
      permission: 'hazard.rectify',
      input: rectificationInput,
    },
    verify: {
      label: bi('验收通过', 'Verify'),
      from: ['awaiting_verification'],
      to: 'closed',
      permission: 'hazard.verify',
      input: verificationInput,
    },
    return: {
      label: bi('退回重新整改', 'Return for re-rectification'),
      from: ['awaiting_verification'],
      to: 'rectifying',
      permission: 'hazard.verify',
      input: reason,
    },
    report: { label: bi('上报', 'Report to the regulator'), from: ['registered'], to: 'reported', permission: 'hazard.report' },
    submitPlan: { label: bi('制定治理方案', 'Treatment plan made'), from: ['reported'], to: 'planned', permission: 'system' },
    list: {
      label: bi('挂牌督办', 'List for supervision'),
      from: ['planned'],
      to: 'listed',
      permission: 'hazard.supervise',
      input: listingInput,
    },
    submitAssessment: {
      label: bi('提交评估', 'Submit the assessment'),
      from: ['listed'],
      to: 'assessed',
      permission: 'hazard.rectify',
      input: assessmentInput,
    },
    applyClose: {
      label: bi('申请销号', 'Apply to close'),
      from: ['assessed'],
      to: 'awaiting_review',
      permission: 'hazard.rectify',
      input: note,
    },
    close: {
      label: bi('审查通过，销号', 'Reviewed on site, closed'),
      from: ['awaiting_review'],
      to: 'closed',
      permission: 'hazard.supervise',
      input: reviewNote,
    },
    orderCorrection: {
      label: bi('责令整改', 'Order correction'),
      from: ['awaiting_review'],
      to: 'listed',
      permission: 'hazard.supervise',
      input: reviewReason,
    },
    /**
     * Up to 重大 by whoever may register it as such (`hazard.report`, as at creation); down to 一般 only by the
     * supervising side (`hazard.supervise`, the policy's reach rule), since it releases the risk source's level.
     */
    reclassify: {
      label: bi('调整隐患等级', 'Reclassify'),
      from: ['registered', 'rectifying', 'reported', 'planned'],
      to: 'registered',
      permission: 'hazard.report',
      input: reclassifyInput,
    },
  },
});
export type HazardStatus = keyof typeof hazardWorkflow.states;
export const hazardStatuses = Object.keys(hazardWorkflow.states) as [HazardStatus, ...HazardStatus[]];
export type HazardAction = keyof typeof hazardWorkflow.actions;

/**
 * The loop each action belongs to: 一般 actions are refused on a 重大 hazard and the other way round; `both`
 * (reclassify) leads from either loop to the other.
 */
export const hazardActionLevels: Record<HazardAction, HazardLevel | 'both'> = {
  startRectification: '一般',
  rectifyOnSpot: '一般',
  submitRectification: '一般',
  verify: '一般',
  return: '一般',
  report: '重大',
  submitPlan: '重大',
  list: '重大',
  submitAssessment: '重大',
  applyClose: '重大',
  close: '重大',
  orderCorrection: '重大',
  reclassify: 'both',
};

/** The workflow's actions of one level's loop (with those of both), in declaration order. */
export const actionsForLevel = (level: HazardLevel): HazardAction[] =>
  (Object.keys(hazardActionLevels) as HazardAction[]).filter((action) => [level, 'both'].includes(hazardActionLevels[action]));

/**
 * Why an action does not fit a hazard's level (the 409 the policy answers), or null when it does. An action
 * name the workflow does not know is left to the engine (404).
 */
export function levelMismatch(level: HazardLevel, action: string): Bilingual | null {
  if (!Object.hasOwn(hazardActionLevels, action)) return null;
  const name = action as HazardAction;
  const own = hazardActionLevels[name];
  if (own === level || own === 'both') return null;
  const label = hazardWorkflow.actions[name].label;
  return bi(
    `这是${hazardLevelLabels[level].zh}，“${label.zh}”只适用于${hazardLevelLabels[own].zh}`,
    `This is a ${hazardLevelLabels[level].en.toLowerCase()}: “${label.en}” applies to a ${hazardLevelLabels[own].en.toLowerCase()} only`,
  );
}

/**
 * 一般隐患 are verified by someone other than the person who rectified them (the issue: "verification by someone
 * other than the rectifier"): the verifier's own work is not checked by himself.
 */
export const sameRectifierRule = bi(
  '验收人不能是整改人：整改由您本人提交，请由其他人员验收',
  'The verifier must not be the person who rectified: you submitted this rectification, someone else must verify it',
);

/**
 * The same separation on the 重大 loop: the on-site review that closes (销号) is not made by the person who submitted
 * the assessment. 安委办, a department or a street may act for a unit in its reach (a 九小场所 without an account of its
 * own), audited under their name; they then do not review their own work.
 */
export const sameAssessorRule = bi(
  '销号审查人不能是提交评估的人：评估由您本人提交，请由其他人员现场审查',
  'The on-site reviewer must not be the person who submitted the assessment: you submitted it, someone else must review it',
);

/** Whether a user may verify a rectification submitted by `rectifiedBy` (null: nobody recorded, e.g. pushed by a system). */
export const mayVerify = (rectifiedBy: string | null, userId: string | null): boolean => rectifiedBy === null || rectifiedBy !== userId;

/**
 * The six parts of a 重大事故隐患治理方案 (16号令 Art. 15 [V], regulations.md §5.1), in the order of the article,
 * with the contract's field names.
 */
export const hazardPlanParts = {
  goals: bi('治理的目标和任务', 'Goals and tasks'),
  methods: bi('采取的方法和措施', 'Methods and measures'),
  funding: bi('经费和物资的落实', 'Funding and materials'),
  organization: bi('负责治理的机构和人员', 'Organisation and people in charge'),
  timeline: bi('治理的时限和要求', 'Time limits and requirements'),
  safetyMeasures: bi('安全措施和应急预案', 'Safety measures and emergency plan'),
} as const satisfies Record<string, Bilingual>;
export type HazardPlanPart = keyof typeof hazardPlanParts;
export const hazardPlanPartNames = Object.keys(hazardPlanParts) as [HazardPlanPart, ...HazardPlanPart[]];

const planText = textInput().max(8000);

/**
 * The plan as sent (`PUT /api/hazards/{id}/plan`): each part may be missing or empty here, so that the answer is
 * the rule's 422 naming every missing part (`missingPlanParts`) rather than a 400 on the first one.
 */
export const hazardPlanDraft = z.object(
  Object.fromEntries(hazardPlanPartNames.map((part) => [part, planText.nullable().optional()])) as Record<
    HazardPlanPart,
    z.ZodOptional<z.ZodNullable<typeof planText>>
  >,
);
export type HazardPlanDraft = z.infer<typeof hazardPlanDraft>;

/** A complete plan: every part present and non-empty (as stored and shown). */
export const hazardPlan = z.object(
  Object.fromEntries(hazardPlanPartNames.map((part) => [part, z.string()])) as Record<HazardPlanPart, z.ZodString>,
);
export type HazardPlan = z.infer<typeof hazardPlan>;

/** The parts of a draft that are missing or empty (after the tidying of `textInput`), in the article's order. */
export const missingPlanParts = (draft: HazardPlanDraft): HazardPlanPart[] => hazardPlanPartNames.filter((part) => !draft[part]);

/** The message of a missing part, for the 422's `fields`. */
export const missingPlanPartMessage = (part: HazardPlanPart): Bilingual =>
  bi(`治理方案缺少“${hazardPlanParts[part].zh}”（16号令第十五条）`, `The plan lacks “${hazardPlanParts[part].en}” (Decree 16, Art. 15)`);

/** The states in which a 重大 hazard's plan may be written or revised: from the report until the hazard is assessed. */
export const planEditableStates: readonly HazardStatus[] = ['reported', 'planned', 'listed'];
