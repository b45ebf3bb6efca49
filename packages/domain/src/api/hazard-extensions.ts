import { z } from 'zod';
import { hazardExtensionRequest, hazardExtensionWorkflow } from '../hazard/extension.js';
import { actionBodies, actionBody, allowedActions, id, timestamp, workflowActions } from './common.js';
import { endpoint } from './endpoint.js';

const isoDate = z.iso.date('日期格式为 YYYY-MM-DD，且须为有效日期 / a valid date as YYYY-MM-DD');

/** A hazard's binding deadline on today's Asia/Shanghai day (domain `hazardDeadlineStanding`). */
export const deadlineStanding = z.object({
  /** The 挂牌督办 deadline of a listed 重大 hazard, else the 整改期限. */
  deadline: isoDate.nullable(),
  /** Which column an approved extension moves. */
  field: z.enum(['deadline', 'supervisionDeadline']),
  state: z.enum(['on_time', 'due_soon', 'overdue', 'none', 'closed']),
  daysLeft: z.number().int().nullable(),
  daysOverdue: z.number().int(),
});

/** One extension request with its decision. */
export const extension = z.object({
  id,
  hazardId: id,
  /** The deadline when it was asked for, and the one asked for. */
  previousDeadline: isoDate.nullable(),
  requestedDeadline: isoDate,
  field: z.enum(['deadline', 'supervisionDeadline']),
  reason: z.string(),
  status: z.enum(['requested', 'approved', 'rejected']),
  requestedBy: z.string(),
  requestedAt: timestamp,
  decidedBy: z.string().nullable(),
  decidedAt: timestamp.nullable(),
  /** The reason given for a rejection. */
  decisionNote: z.string().nullable(),
  allowedActions: allowedActions(workflowActions(hazardExtensionWorkflow)),
});

/** A hazard's extensions, newest first, its deadline now and whether the caller may ask for another. */
export const extensions = z.object({
  hazardId: id,
  standing: deadlineStanding,
  allowedActions: allowedActions(['request']),
  items: z.array(extension),
});
export type Extension = z.infer<typeof extension>;
export type Extensions = z.infer<typeof extensions>;

const hazardParams = z.object({ id });

export const listExtensions = endpoint({
  method: 'GET',
  path: '/api/hazards/:id/extensions',
  permission: 'hazard.read',
  summary: '隐患延期申请记录 / A hazard’s extension requests and its deadline now',
  tags: ['hazard'],
  params: hazardParams,
  response: extensions,
});

export const requestExtension = endpoint({
  method: 'POST',
  path: '/api/hazards/:id/extensions',
  permission: 'hazard.rectify',
  summary: '申请延期整改 / The responsible unit asks to move the deadline',
  tags: ['hazard'],
  params: hazardParams,
  body: hazardExtensionRequest,
  response: extensions,
  status: 201,
  errors: ['CONFLICT', 'INVALID_TRANSITION', 'RULE_VIOLATION'],
});

/** The body of each decision, keyed by the `:action` path parameter. */
export const extensionActionBodies = actionBodies(hazardExtensionWorkflow);

export const extensionAction = endpoint({
  method: 'POST',
  path: '/api/hazards/:id/extensions/:extensionId/actions/:action',
  permission: 'hazard.verify',
  summary: '审批延期 / Approve or reject an extension (重大: the supervising side)',
  tags: ['hazard'],
  params: z.object({ id, extensionId: id, action: z.string().min(1).max(64) }),
  body: actionBody(extensionActionBodies),
  response: extensions,
});
