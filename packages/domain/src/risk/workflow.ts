import { z } from 'zod';
import { bi } from '../i18n.js';
import { textInput } from '../text.js';
import { defineWorkflow } from '../workflow/engine.js';

const reason = z.object({ reason: textInput().min(2, '请填写原因 / give a reason').max(2000) });

/**
 * The census of a risk source (风险源普查辨识建档): the enterprise or department that registers it
 * fills in and assesses it as a draft and submits it; the responsible department reviews it (审核)
 * or returns it with reasons; a returned source is corrected and submitted again. A reviewed source
 * that has changed (a new process, a new assessment) is reopened by its registrant and goes round
 * again, so that what the registry shows as reviewed is what was reviewed. The street's
 * confirmation of the location is its own action outside this machine (`confirmLocation`), since
 * it can happen in any state and is undone only by moving the source.
 */
export const riskSourceWorkflow = defineWorkflow({
  entity: 'riskSource',
  initial: 'draft',
  states: {
    draft: { label: bi('草稿', 'Draft') },
    submitted: { label: bi('待审核', 'Submitted') },
    returned: { label: bi('已退回', 'Returned') },
    reviewed: { label: bi('已审核', 'Reviewed') },
  },
  actions: {
    submit: { label: bi('提交审核', 'Submit for review'), from: ['draft', 'returned'], to: 'submitted', permission: 'risk.register' },
    review: { label: bi('审核通过', 'Approve'), from: ['submitted'], to: 'reviewed', permission: 'risk.review' },
    return: { label: bi('退回修改', 'Return'), from: ['submitted'], to: 'returned', permission: 'risk.review', input: reason },
    reopen: { label: bi('重新修订', 'Reopen for revision'), from: ['reviewed'], to: 'draft', permission: 'risk.register', input: reason },
  },
});
export type RiskSourceStatus = keyof typeof riskSourceWorkflow.states;
export const riskSourceStatuses = Object.keys(riskSourceWorkflow.states) as [RiskSourceStatus, ...RiskSourceStatus[]];
