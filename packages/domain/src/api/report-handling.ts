import { z } from 'zod';
import { reportChannels } from '../report/categories.js';
import { reportLimitSettings } from '../report/limits.js';
import { rewardBasisInput, rewardStatuses } from '../report/rewards.js';
import { refuseInput, reportOutcomes, reportStatuses, reportWorkflow } from '../report/workflow.js';
import { nameInput, textInput } from '../text.js';
import {
  actionBodies,
  actionBody,
  actionParams,
  allowedActions,
  bilingual,
  id,
  idParams,
  listQuery,
  page,
  timelineEntry,
  timestamp,
  workflowActions,
} from './common.js';
import { endpoint, mediaType } from './endpoint.js';
import { reportCategoryCode, reporterInput } from './report.js';

/**
 * 举报 › handling: the office's queue, one report's page and its steps, bulk triage, questions to the reporter,
 * the export, rewards and statistics. NONE of these carries the reporter's identity except `getReporter`, which
 * needs report.identity and is audited; a test reads every other response for it.
 */

const orgRef = z.object({ id, name: z.string() });
export const reportStatus = z.enum(reportStatuses);
export const reportOutcome = z.enum(reportOutcomes);
export const reportActionNames = workflowActions(reportWorkflow);
export const reportActionBodies = actionBodies(reportWorkflow);

/** A report as the queue shows it. */
export const reportItem = z.object({
  id,
  code: z.string(),
  category: z.string(),
  categoryName: bilingual,
  title: z.string().nullable(),
  /** The first line of the description, for the queue. */
  summary: z.string(),
  address: z.string().nullable(),
  placeName: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  street: orgRef.nullable(),
  reportedOrgName: z.string().nullable(),
  anonymous: z.boolean(),
  channel: z.enum(reportChannels),
  status: reportStatus,
  outcome: reportOutcome.nullable(),
  assignedOrg: orgRef.nullable(),
  receivedAt: timestamp,
  acceptDueAt: timestamp,
  /** The limit of handling in force (the extended one when there is one). */
  dueAt: timestamp.nullable(),
  extended: z.boolean(),
  /** The limit of the step it waits for is past. */
  overdue: z.boolean(),
  duplicateOf: z.object({ id, code: z.string() }).nullable(),
  closedAt: timestamp.nullable(),
  allowedActions: allowedActions(reportActionNames),
});
export type ReportItem = z.infer<typeof reportItem>;

export const reportMessage = z.object({ id, author: z.enum(['office', 'reporter']), body: z.string(), createdAt: timestamp });

export const rewardStatus = z.enum(rewardStatuses);
export const rewardActionNames = ['approve', 'reject', 'pay'] as const;

export const reward = z.object({
  id,
  report: z.object({ id, code: z.string(), category: z.string() }),
  status: rewardStatus,
  basis: rewardBasisInput,
  /** 元, computed by the 举报奖励办法's arithmetic from the basis. */
  amount: z.number(),
  note: z.string().nullable(),
  proposedBy: z.string(),
  proposedAt: timestamp,
  decidedBy: z.string().nullable(),
  decidedAt: timestamp.nullable(),
  paidAt: timestamp.nullable(),
  /** The payment record (voucher number, how it was paid). */
  paymentRef: z.string().nullable(),
  allowedActions: allowedActions(rewardActionNames),
});
export type Reward = z.infer<typeof reward>;

export const reportDetail = reportItem.extend({
  description: z.string(),
  communityId: id.nullable(),
  acceptedAt: timestamp.nullable(),
  extensionReason: z.string().nullable(),
  transferredTo: z.string().nullable(),
  hazard: z.object({ id, code: z.string(), status: z.string() }).nullable(),
  /** Reports merged into this one. */
  duplicates: z.array(z.object({ id, code: z.string(), receivedAt: timestamp })),
  reply: z.string().nullable(),
  photos: z.array(
    z.object({ fileId: id, name: z.string(), mimeType: z.string(), exifLng: z.number().nullable(), exifLat: z.number().nullable() }),
  ),
  messages: z.array(reportMessage),
  rewards: z.array(reward),
  /** Whether the caller holds report.identity (the page offers "查看举报人" then; the identity itself is not here). */
  mayViewIdentity: z.boolean(),
  timeline: z.array(timelineEntry),
});
export type ReportDetail = z.infer<typeof reportDetail>;

export const reportFilters = {
  status: reportStatus.optional(),
  category: reportCategoryCode.optional(),
  streetId: id.optional(),
  assignedOrgId: id.optional(),
  /** `true`: only those whose waiting step is past its limit. */
  overdue: z.enum(['true', 'false']).optional(),
  /** Only those that created or were linked to this hazard (the hazard's page shows the reports it came from). */
  hazardId: id.optional(),
};
export const reportSorts = ['receivedAt', 'dueAt', 'code'] as const;

export const listReports = endpoint({
  method: 'GET',
  path: '/api/reports',
  permission: 'report.read',
  summary: '举报办理台账 / Reports (a street or department sees those assigned to it or in its area); never the reporter',
  tags: ['report'],
  query: listQuery({ sort: reportSorts, filters: reportFilters }),
  response: page(reportItem),
});

export const exportReports = endpoint({
  method: 'GET',
  path: '/api/reports.xlsx',
  permission: 'report.read',
  summary: '导出举报台账 / The reports as xlsx, streamed (the list’s filters and order; never the reporter)',
  tags: ['report'],
  query: listQuery({ sort: reportSorts, filters: reportFilters }).omit({ page: true, pageSize: true }),
  produces: [mediaType.xlsx],
});

export const getReport = endpoint({
  method: 'GET',
  path: '/api/reports/:id',
  permission: 'report.read',
  summary: '举报详情 / One report with its steps, photos, messages and rewards (not the reporter)',
  tags: ['report'],
  params: idParams,
  response: reportDetail,
});

export const getReportPhoto = endpoint({
  method: 'GET',
  path: '/api/reports/:id/photos/:fileId',
  permission: 'report.read',
  summary: '举报照片 / A photo of a report within the caller’s reach (its metadata was removed at upload)',
  tags: ['report'],
  params: z.object({ id, fileId: id }),
  produces: [mediaType.binary],
});

/** The identity of a real-name reporter; an anonymous report answers all null. */
export const reporterIdentity = reporterInput.extend({ name: z.string().nullable(), anonymous: z.boolean() });

export const getReporter = endpoint({
  method: 'GET',
  path: '/api/reports/:id/reporter',
  permission: 'report.identity',
  summary: '查看举报人身份 / The reporter’s identity (report.identity; every view audited)',
  tags: ['report'],
  params: idParams,
  response: reporterIdentity,
});

export const reportAction = endpoint({
  method: 'POST',
  path: '/api/reports/:id/actions/:action',
  permission: 'report.read',
  summary: '举报办理 / A step: accept, refuse, merge, assign, handle, return, verify, close, extend',
  tags: ['report'],
  params: actionParams,
  body: actionBody(reportActionBodies),
  response: reportDetail,
  errors: ['CONFLICT', 'INVALID_TRANSITION', 'RULE_VIOLATION'],
});

export const postReportMessage = endpoint({
  method: 'POST',
  path: '/api/reports/:id/messages',
  permission: 'report.handle',
  summary: '向举报人提问或说明 / A question or a note to the reporter, seen when they track the report',
  tags: ['report'],
  params: idParams,
  body: z.object({ body: textInput().min(2, '请填写内容 / write the message').max(2000) }),
  response: reportMessage,
  status: 201,
});

/** Bulk triage from the queue: one action on many reports, each answered on its own. */
export const bulkReportInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), ids: z.array(id).min(1).max(200), orgId: id }),
  z.object({ action: z.literal('merge'), ids: z.array(id).min(1).max(200), duplicateOf: id }),
  z.object({
    action: z.literal('refuse'),
    ids: z.array(id).min(1).max(200),
    ground: refuseInput.shape.ground,
    reason: refuseInput.shape.reason,
  }),
  z.object({ action: z.literal('accept'), ids: z.array(id).min(1).max(200) }),
]);
export const bulkReportResult = z.object({
  results: z.array(
    z.object({
      id,
      status: z.union([z.literal(200), z.literal(403), z.literal(404), z.literal(409), z.literal(400), z.literal(422)]),
      error: z.object({ code: z.string(), message: bilingual }).optional(),
    }),
  ),
});

export const bulkReports = endpoint({
  method: 'POST',
  path: '/api/reports/bulk',
  permission: 'report.handle',
  summary: '批量分拣 / Accept, assign, merge or refuse many reports from the queue (each done or refused on its own)',
  tags: ['report'],
  body: bulkReportInput,
  response: bulkReportResult,
});

export const getReportLimits = endpoint({
  method: 'GET',
  path: '/api/reports/limits',
  permission: 'report.read',
  summary: '举报办理时限设置 / The district’s report limits (extension days, due-soon, escalation) with their sources',
  tags: ['report'],
  response: reportLimitSettings.extend({ sources: z.record(z.string(), bilingual) }),
});

export const putReportLimits = endpoint({
  method: 'PUT',
  path: '/api/reports/limits',
  permission: 'report.manage',
  summary: '修改举报办理时限设置 / Change the report limits (within the rule: one extension of at most 30 days)',
  tags: ['report'],
  body: reportLimitSettings,
  response: reportLimitSettings.extend({ sources: z.record(z.string(), bilingual) }),
});

// ── rewards ───────────────────────────────────────────────────────────

export const proposeReward = endpoint({
  method: 'POST',
  path: '/api/reports/:id/rewards',
  permission: 'report.handle',
  summary: '提出举报奖励 / Propose the reward of a closed report (amount computed by the 举报奖励办法; first valid reporter only)',
  tags: ['report'],
  params: idParams,
  body: z.object({ basis: rewardBasisInput, note: textInput().max(2000).nullable().optional() }),
  response: reward,
  status: 201,
  errors: ['CONFLICT', 'RULE_VIOLATION'],
});

export const listRewards = endpoint({
  method: 'GET',
  path: '/api/report-rewards',
  permission: 'report.read',
  summary: '举报奖励 / Rewards proposed, approved and paid (the caller’s reports)',
  tags: ['report'],
  query: listQuery({ sort: ['proposedAt', 'amount'], filters: { status: rewardStatus.optional() } }),
  response: page(reward),
});

export const rewardAction = endpoint({
  method: 'POST',
  path: '/api/report-rewards/:id/actions/:action',
  permission: 'report.reward',
  summary: '审批、发放举报奖励 / Approve, reject or record the payment of a reward',
  tags: ['report'],
  params: z.object({ id, action: z.enum(rewardActionNames) }),
  body: z.object({
    note: textInput().max(2000).nullable().optional(),
    /** With `pay`: the voucher or transfer number. */
    paymentRef: nameInput().max(100).optional(),
  }),
  response: reward,
  errors: ['CONFLICT', 'INVALID_TRANSITION'],
});

/** A paid reward as the public notice shows it: no name, no contact, no unit reported. */
export const publicReward = z.object({
  code: z.string(),
  categoryName: bilingual,
  amount: z.number(),
  paidOn: z.string(),
  street: z.string().nullable(),
});

export const publicRewards = endpoint({
  method: 'GET',
  path: '/api/public/report-rewards',
  permission: 'public',
  summary: '举报奖励公示 / Paid rewards, without personal data (no login)',
  tags: ['report'],
  query: listQuery({ sort: ['paidOn'] }),
  response: page(publicReward),
});

// ── statistics ─────────────────────────────────────────────────────────

export const statsQuery = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
});

/** One row of figures: received, accepted, refused, closed (办结, not 关闭-未解决), unresolved, closed on time. */
export const reportFigures = z.object({
  received: z.number().int(),
  accepted: z.number().int(),
  refused: z.number().int(),
  closed: z.number().int(),
  unresolved: z.number().int(),
  onTime: z.number().int(),
  overdueOpen: z.number().int(),
  /** 办结率 = closed ÷ accepted in the period; null when nothing was accepted. */
  closureRate: z.number().nullable(),
  /** 按期办结率 = closed on time ÷ closed. */
  onTimeRate: z.number().nullable(),
});
export const reportStatsRow = reportFigures.extend({ key: z.string(), name: bilingual });

export const reportStats = z.object({
  from: z.string(),
  to: z.string(),
  total: reportFigures,
  byCategory: z.array(reportStatsRow),
  byStreet: z.array(reportStatsRow),
  byUnit: z.array(reportStatsRow),
  byMonth: z.array(reportStatsRow),
  rewards: z.object({ paidCount: z.number().int(), paidAmount: z.number() }),
});
export type ReportStats = z.infer<typeof reportStats>;

export const getReportStats = endpoint({
  method: 'GET',
  path: '/api/reports/stats',
  permission: 'report.read',
  summary: '举报统计 / Received, accepted, closed, on time, 办结率 by category, street, unit and month (the caller’s reports)',
  tags: ['report'],
  query: statsQuery,
  response: reportStats,
});

export const exportReportStats = endpoint({
  method: 'GET',
  path: '/api/reports/stats.xlsx',
  permission: 'report.read',
  summary: '举报月报 / The monthly report statistics as xlsx',
  tags: ['report'],
  query: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式为 YYYY-MM / a month as YYYY-MM') }),
  produces: [mediaType.xlsx],
});
