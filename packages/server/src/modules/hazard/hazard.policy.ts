import { bi, hazard as rules } from '@citysafe/domain';
import type { Actor } from '../../platform/actor.js';
import { allowIf, forbidden, refuse, type Verdict, workflowPolicy } from '../../platform/policy.js';
import { type HazardReach, hazardInReach } from './hazard.scope.js';

/** A hazard as its policy sees it: level, state, who rectified it, and the orgs its reach is made of. */
export interface HazardObject {
  level: rules.HazardLevel;
  status: rules.HazardStatus;
  rectifiedBy: string | null;
  reach: HazardReach;
}

/** 409 when the action belongs to the other level's loop (一般 actions on a 重大 hazard and the other way round). */
const levelFits = (h: HazardObject, action: string): Verdict => {
  const mismatch = rules.levelMismatch(h.level, action);
  return mismatch ? refuse('CONFLICT', mismatch) : true;
};

/**
 * The loops of a hazard: each action is taken by a holder of its permission whose reach covers the
 * hazard for that permission (`hazardInReach`: the responsible unit rectifies, the street and the
 * supervising department verify, the department and 安委办 list and review), on the loop of its level,
 * and a rectification is verified (an assessment reviewed and closed) by someone other than the person who
 * submitted it; a 重大 hazard is reclassified as 一般 by a holder of `hazard.supervise` whose reach covers it.
 */
export const hazardPolicy = workflowPolicy(rules.hazardWorkflow, {
  state: (h: HazardObject) => h.status,
  reach: (actor, h, action) => {
    const fits = levelFits(h, action);
    if (fits !== true) return fits;
    const permission = rules.hazardWorkflow.actions[action].permission;
    if (permission !== 'system' && !hazardInReach(actor, permission, h.reach)) return forbidden;
    // Down to 一般 releases the risk source's raised level and the 重大 loop's oversight: the supervising side's call.
    if (action === 'reclassify' && h.level === '重大' && !hazardInReach(actor, 'hazard.supervise', h.reach)) return forbidden;
    if (action === 'verify' && h.status === 'awaiting_verification' && !rules.mayVerify(h.rectifiedBy, actor.userId))
      return refuse('RULE_VIOLATION', rules.sameRectifierRule);
    // `rectifiedBy` of a 重大 hazard is who submitted its assessment (possibly 安委办 acting for the unit).
    if (action === 'close' && h.status === 'awaiting_review' && !rules.mayVerify(h.rectifiedBy, actor.userId))
      return refuse('RULE_VIOLATION', rules.sameAssessorRule);
    return true;
  },
  others: {
    /** 治理方案 (PUT …/plan): written by the unit for a 重大 hazard, from its report until it is assessed. */
    savePlan: (actor: Actor, h: HazardObject): Verdict => {
      if (!hazardInReach(actor, 'hazard.rectify', h.reach) || !('hazard.rectify' in actor.grants || actor.kind === 'system'))
        return forbidden;
      if (h.level !== '重大')
        return refuse(
          'CONFLICT',
          bi('这是一般事故隐患：治理方案只适用于重大事故隐患', 'This is a general hazard: a treatment plan applies to a major hazard only'),
        );
      return allowIf(
        rules.planEditableStates.includes(h.status),
        refuse(
          'INVALID_TRANSITION',
          bi(
            `当前状态为“${rules.hazardWorkflow.states[h.status].label.zh}”，不能修改治理方案`,
            `The plan cannot be changed while the state is “${rules.hazardWorkflow.states[h.status].label.en}”`,
          ),
        ),
      );
    },
  },
});
