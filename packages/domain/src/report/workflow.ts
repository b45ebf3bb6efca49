import { z } from 'zod';
import { type Bilingual, bi } from '../i18n.js';
import { nameInput, textInput } from '../text.js';
import { defineWorkflow } from '../workflow/engine.js';

/**
 * 不予受理 grounds (regulations.md §10, the MEM 举报 mini-program's notice [P]): the matter is already accepted (a
 * duplicate); no clear target or facts; not a 举报 (a suggestion, 政府信息公开, 复议 or 诉讼, handled elsewhere);
 * outside 安全生产 altogether; `other` with the reason written out.
 */
export const refusalGrounds = ['already_accepted', 'no_target_or_facts', 'other_procedure', 'not_safety', 'other'] as const;
export type RefusalGround = (typeof refusalGrounds)[number];
export const refusalGroundLabels: Record<RefusalGround, Bilingual> = {
  already_accepted: bi('该事项已受理', 'The matter is already accepted'),
  no_target_or_facts: bi('无明确举报对象或事实', 'No clear target or facts'),
  other_procedure: bi(
    '属于建议、政府信息公开、行政复议或诉讼等事项',
    'A suggestion, a request for government information, an administrative review or a lawsuit',
  ),
  not_safety: bi('不属于安全生产举报范围', 'Not a matter of work safety'),
  other: bi('其他', 'Other'),
};

/**
 * What handling found (the issue and standards.md §8): a hazard created or linked in the hazard loop; the 违法行为
 * passed to enforcement; 转办 to the unit it belongs to (named, the reporter sees it); 关闭-未解决 with its reason,
 * which is not 办结 in the closure rate; the report not borne out; resolved otherwise.
 */
export const reportOutcomes = ['hazard', 'enforcement', 'transferred', 'unresolved', 'not_established', 'resolved'] as const;
export type ReportOutcome = (typeof reportOutcomes)[number];
export const reportOutcomeLabels: Record<ReportOutcome, Bilingual> = {
  hazard: bi('已纳入隐患闭环', 'Taken into the hazard loop'),
  enforcement: bi('已移交执法', 'Passed to enforcement'),
  transferred: bi('已转办', 'Transferred'),
  unresolved: bi('关闭-未解决', 'Closed, unresolved'),
  not_established: bi('举报不属实', 'Not borne out'),
  resolved: bi('已解决', 'Resolved'),
};
/** Outcomes that count as 办结 in the closure rate: everything but 关闭-未解决. */
export const settledOutcomes: readonly ReportOutcome[] = reportOutcomes.filter((outcome) => outcome !== 'unresolved');

const reason = textInput().min(2, '请填写原因 / give a reason').max(2000);

export const refuseInput = z.object({
  ground: z.enum(refusalGrounds, { error: '请选择不予受理的理由 / choose the ground' }),
  reason,
});
export const assignInput = z.object({ orgId: z.uuid({ error: '请选择承办单位 / choose the unit' }) });

/** A hazard registered from the report (the hazard loop's `insertHazard`, origin 公众举报). */
/**
 * Whether the reporter's photos go with the hazard a report becomes, by the kind of unit that answers for it: to a
 * government unit, yes (they show what was reported); to the reported enterprise, no — what a photo shows (from where,
 * of whom) can point at the reporter, whose identity must never reach the reported unit; the handling office keeps
 * them on the report. A project choice that follows from that confidentiality, not a regulation's text.
 */
export const reportPhotosGoWithHazard = (responsibleOrgType: string): boolean => responsibleOrgType !== 'enterprise';

export const reportHazardInput = z.object({
  title: nameInput().min(2).max(200).optional(),
  level: z.enum(['一般', '重大']),
  responsibleOrgId: z.uuid(),
  majorBasis: textInput().max(2000).nullable().optional(),
  deadline: z.iso.date().nullable().optional(),
});

export const handleInput = z
  .object({
    outcome: z.enum(reportOutcomes, { error: '请选择办理结果 / choose the outcome' }),
    note: textInput().min(2, '请填写办理情况 / describe what was done').max(4000),
    /** outcome 'hazard': an existing hazard to link… */
    hazardId: z.uuid().optional(),
    /** …or one to register. */
    hazard: reportHazardInput.optional(),
    /** outcome 'transferred': the unit it was passed to (转办), shown to the reporter. */
    transferredTo: nameInput().min(2).max(200).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'hazard' && !v.hazardId === !v.hazard)
      ctx.addIssue({ code: 'custom', path: ['hazardId'], message: '请关联一条隐患或登记新隐患（二选一）/ link a hazard or register one' });
    if (v.outcome !== 'hazard' && (v.hazardId || v.hazard))
      ctx.addIssue({
        code: 'custom',
        path: ['hazardId'],
        message: '只有“纳入隐患闭环”才关联隐患 / only the hazard outcome links a hazard',
      });
    if (v.outcome === 'transferred' && !v.transferredTo)
      ctx.addIssue({ code: 'custom', path: ['transferredTo'], message: '请填写转办单位 / name the unit' });
  });

export const verifyInput = z.object({ note: textInput().max(4000).optional() });
export const returnInput = z.object({ reason });
export const closeInput = z.object({ reply: textInput().min(2, '请填写答复举报人的内容 / write the reply to the reporter').max(4000) });

/** The one extension (regulations.md §10, Shandong: ≤ 30 days with approval, the reporter told why). */
export const maxExtensionDays = 30;
export const extendInput = z.object({
  days: z
    .number()
    .int()
    .min(1, '延期天数至少 1 天 / at least one day')
    .max(maxExtensionDays, `延期不超过 ${maxExtensionDays} 天 / at most ${maxExtensionDays} days`),
  reason,
});
export const mergeInput = z.object({ duplicateOf: z.uuid() });

/**
 * The life of a public report (举报, issue #14; regulations.md §10): received → accepted (受理) or refused (不予受理,
 * with a §10 ground) → assigned (交办) to the responsible department or street → handled (the outcome, the hazard
 * created or linked) → verified (核查) → closed (办结, with the reply to the reporter). A duplicate of the same place
 * and category is merged into the first (it ends refused as already accepted, linked by `duplicate_of`).
 * `extend` approves the one extension of the 60 days (by report.manage; the service refuses a second);
 * `return` sends a handling that does not hold back to the unit.
 */
export const reportWorkflow = defineWorkflow({
  entity: 'report',
  initial: 'received',
  states: {
    received: { label: bi('已接收', 'Received') },
    accepted: { label: bi('已受理', 'Accepted') },
    refused: { label: bi('不予受理', 'Refused'), terminal: true },
    assigned: { label: bi('已交办', 'Assigned') },
    handled: { label: bi('已办理', 'Handled') },
    verified: { label: bi('已核查', 'Verified') },
    closed: { label: bi('已办结', 'Closed'), terminal: true },
  },
  actions: {
    accept: { label: bi('受理', 'Accept'), from: ['received'], to: 'accepted', permission: 'report.handle' },
    refuse: { label: bi('不予受理', 'Refuse'), from: ['received'], to: 'refused', permission: 'report.handle', input: refuseInput },
    merge: {
      label: bi('合并为重复举报', 'Merge as a duplicate'),
      from: ['received'],
      to: 'refused',
      permission: 'report.handle',
      input: mergeInput,
    },
    assign: {
      label: bi('交办', 'Assign'),
      from: ['accepted', 'assigned'],
      to: 'assigned',
      permission: 'report.handle',
      input: assignInput,
    },
    handle: {
      label: bi('办理', 'Record the handling'),
      from: ['assigned'],
      to: 'handled',
      permission: 'report.handle',
      input: handleInput,
    },
    return: {
      label: bi('退回重办', 'Return for handling'),
      from: ['handled'],
      to: 'assigned',
      permission: 'report.handle',
      input: returnInput,
    },
    verify: { label: bi('核查通过', 'Verify'), from: ['handled'], to: 'verified', permission: 'report.handle', input: verifyInput },
    close: { label: bi('办结并答复', 'Close and reply'), from: ['verified'], to: 'closed', permission: 'report.handle', input: closeInput },
    extend: {
      label: bi('批准延期', 'Approve an extension'),
      from: ['assigned'],
      to: 'assigned',
      permission: 'report.manage',
      input: extendInput,
    },
  },
});
export type ReportStatus = keyof typeof reportWorkflow.states;
export const reportStatuses = Object.keys(reportWorkflow.states) as [ReportStatus, ...ReportStatus[]];
export type ReportAction = keyof typeof reportWorkflow.actions;
/** The states in which the 60-day clock runs (accepted, not yet closed). */
export const openReportStatuses: readonly ReportStatus[] = ['accepted', 'assigned', 'handled', 'verified'];
