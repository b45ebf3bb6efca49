import { z } from 'zod';
import { bi } from '../i18n.js';
import { textInput } from '../text.js';
import { defineWorkflow } from '../workflow/engine.js';

/** What a responsible unit sends to ask for more time: the new deadline (later than the current one) and why. */
export const hazardExtensionRequest = z.object({
  requestedDeadline: z.iso.date(),
  reason: textInput().min(2, '请填写延期原因 / give a reason').max(2000),
});
export type HazardExtensionRequest = z.infer<typeof hazardExtensionRequest>;

/**
 * A request to extend a hazard's deadline (整改期限, or the 挂牌督办 deadline of a listed 重大 hazard). The
 * responsible unit asks (hazard.rectify); the side that verifies a 一般 hazard (hazard.verify) or supervises a
 * 重大 one (hazard.supervise, checked by the server's policy on top of this permission) decides. Approval
 * moves the deadline in the same transaction; a refusal leaves it and says why.
 */
export const hazardExtensionWorkflow = defineWorkflow({
  entity: 'hazardExtension',
  initial: 'requested',
  states: {
    requested: { label: bi('待审批', 'Awaiting decision') },
    approved: { label: bi('已同意', 'Approved'), terminal: true },
    rejected: { label: bi('不同意', 'Rejected'), terminal: true },
  },
  actions: {
    approve: { label: bi('同意延期', 'Approve'), from: ['requested'], to: 'approved', permission: 'hazard.verify' },
    reject: {
      label: bi('不同意延期', 'Reject'),
      from: ['requested'],
      to: 'rejected',
      permission: 'hazard.verify',
      input: z.object({ reason: textInput().min(2, '请填写原因 / give a reason').max(2000) }),
    },
  },
});
export type HazardExtensionStatus = keyof typeof hazardExtensionWorkflow.states;
export const hazardExtensionStatuses = Object.keys(hazardExtensionWorkflow.states) as [HazardExtensionStatus, ...HazardExtensionStatus[]];
