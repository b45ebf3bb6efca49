import { bi } from '../i18n.js';
import { defineWorkflow } from '../workflow/engine.js';

/**
 * The life of a hazard (隐患), both loops in one machine (《安全生产事故隐患排查治理暂行规定》, 原安监总局令
 * 第16号, regulations.md §5.1):
 * - 一般事故隐患: registered → rectifying (or rectified on the spot) → awaiting verification → closed, returned
 *   for re-rectification with reasons;
 * - 重大事故隐患: registered → reported (Art. 14) → planned (治理方案, Art. 15, through PUT …/plan) → listed
 *   (挂牌督办) → assessed → awaiting the on-site review (复产/销号申请) → closed (销号), or ordered to correct.
 * (Skeleton by the LEAD: LOOP fills in the inputs, the level guard and the tests.)
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
    },
    submitRectification: {
      label: bi('提交整改', 'Submit the rectification'),
      from: ['rectifying'],
      to: 'awaiting_verification',
      permission: 'hazard.rectify',
    },
    verify: { label: bi('验收通过', 'Verify'), from: ['awaiting_verification'], to: 'closed', permission: 'hazard.verify' },
    return: {
      label: bi('退回重新整改', 'Return for re-rectification'),
      from: ['awaiting_verification'],
      to: 'rectifying',
      permission: 'hazard.verify',
    },
    report: { label: bi('上报', 'Report to the regulator'), from: ['registered'], to: 'reported', permission: 'hazard.report' },
    submitPlan: { label: bi('制定治理方案', 'Treatment plan made'), from: ['reported'], to: 'planned', permission: 'system' },
    list: { label: bi('挂牌督办', 'List for supervision'), from: ['planned'], to: 'listed', permission: 'hazard.supervise' },
    submitAssessment: { label: bi('提交评估', 'Submit the assessment'), from: ['listed'], to: 'assessed', permission: 'hazard.rectify' },
    applyClose: { label: bi('申请销号', 'Apply to close'), from: ['assessed'], to: 'awaiting_review', permission: 'hazard.rectify' },
    close: {
      label: bi('审查通过，销号', 'Reviewed on site, closed'),
      from: ['awaiting_review'],
      to: 'closed',
      permission: 'hazard.supervise',
    },
    orderCorrection: { label: bi('责令整改', 'Order correction'), from: ['awaiting_review'], to: 'listed', permission: 'hazard.supervise' },
  },
});
export type HazardStatus = keyof typeof hazardWorkflow.states;
export const hazardStatuses = Object.keys(hazardWorkflow.states) as [HazardStatus, ...HazardStatus[]];
