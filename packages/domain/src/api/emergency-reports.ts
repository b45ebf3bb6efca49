import { z } from 'zod';
import {
  findingKinds,
  investigationStatuses,
  investigationWorkflow,
  measureStatuses,
  measureWorkflow,
  reportKinds,
  reportLevels,
  reportSubmission,
} from '../emergency/reporting.js';
import { textInput } from '../text.js';
import {
  actionBodies,
  actionBody,
  allowedActions,
  bilingual,
  id,
  idParams,
  listQuery,
  page,
  timestamp,
  workflowActions,
} from './common.js';
import { endpoint, mediaType } from './endpoint.js';

/**
 * The emergency module's reporting part (应急指挥 · 事故报告): the statutory reports each incident owes (493号令 Art.
 * 9–13) with their countdowns, submitting one (a Word document with the Art. 12 contents), 瞒报/谎报 findings, the
 * investigation (Art. 29, 32) and its 整改措施 tracked per unit.
 */

const isoDate = z.iso.date('日期格式为 YYYY-MM-DD，且须为有效日期 / a valid date as YYYY-MM-DD');

/** One report in an incident's schedule: owed (with its countdown) or made (on time or late, for ever). */
export const scheduledReport = z.object({
  id,
  kind: z.enum(reportKinds),
  level: z.enum(reportLevels),
  seq: z.number().int(),
  dueAt: timestamp,
  submittedAt: timestamp.nullable(),
  /** Decided when submitted and never changed; null while owed. */
  late: z.boolean().nullable(),
  state: z.enum(['open', 'overdue', 'on_time', 'late']),
  /** Milliseconds from now (or from the submission) to the due time; negative once past. */
  msLeft: z.number(),
  submittedBy: z.string().nullable(),
  /** The casualties the report stated (Art. 12 item 4), for a made report. */
  figures: z
    .object({ deaths: z.number(), missing: z.number(), seriousInjuries: z.number(), minorInjuries: z.number(), directLossWan: z.number() })
    .nullable(),
  /** The rule the deadline comes from. */
  source: bilingual,
  allowedActions: allowedActions(['submit']),
});
export type ScheduledReport = z.infer<typeof scheduledReport>;

/** A 瞒报/谎报 finding. */
export const finding = z.object({
  id,
  kind: z.enum(findingKinds),
  orgId: id.nullable(),
  orgName: z.string().nullable(),
  description: z.string(),
  foundOn: isoDate,
  recordedBy: z.string(),
  recordedAt: timestamp,
});
export type Finding = z.infer<typeof finding>;

/** 整改措施 for one unit. */
export const measure = z.object({
  id,
  incidentId: id,
  incidentCode: z.string(),
  orgId: id,
  orgName: z.string(),
  text: z.string(),
  deadline: isoDate,
  status: z.enum(measureStatuses),
  overdue: z.boolean(),
  doneAt: timestamp.nullable(),
  doneNote: z.string().nullable(),
  allowedActions: allowedActions(workflowActions(measureWorkflow)),
});
export type Measure = z.infer<typeof measure>;

/** The investigation with its deadlines (Art. 29, 32) and its measures. */
export const investigation = z.object({
  id,
  status: z.enum(investigationStatuses),
  dueOn: isoDate,
  extendedTo: isoDate.nullable(),
  /** The deadline that binds now: the extension, else the original. */
  reportDueOn: isoDate,
  reportOverdue: z.boolean(),
  extensionReason: z.string().nullable(),
  reportSubmittedOn: isoDate.nullable(),
  reportSummary: z.string().nullable(),
  approvalDueOn: isoDate.nullable(),
  approvalExtendedTo: isoDate.nullable(),
  approvalOverdue: z.boolean(),
  approvedOn: isoDate.nullable(),
  approvalNote: z.string().nullable(),
  sources: z.object({ investigation: bilingual, approval: bilingual }),
  measures: z.array(measure),
  allowedActions: allowedActions([...workflowActions(investigationWorkflow), 'addMeasure']),
});
export type Investigation = z.infer<typeof investigation>;

/** Everything the incident page's 报告与调查 panel shows. */
export const incidentReporting = z.object({
  incidentId: id,
  code: z.string(),
  /** The server's clock when answered: countdowns run from here. */
  now: timestamp,
  reports: z.array(scheduledReport),
  findings: z.array(finding),
  investigation: investigation.nullable(),
  allowedActions: allowedActions(['recordFinding', 'openInvestigation']),
});
export type IncidentReporting = z.infer<typeof incidentReporting>;

const incidentParams = idParams;
const reportParams = z.object({ id, reportId: id });

export const getReporting = endpoint({
  method: 'GET',
  path: '/api/emergency/incidents/:id/reports',
  permission: 'emergency.read',
  summary: '事故的报告时限、报告、瞒报谎报认定和调查 / An incident’s reports with their countdowns, findings and investigation',
  tags: ['emergency'],
  params: incidentParams,
  response: incidentReporting,
});

export const submitReport = endpoint({
  method: 'POST',
  path: '/api/emergency/incidents/:id/reports/:reportId/submit',
  permission: 'emergency.report',
  summary:
    '提交报告（首报、上报、续报、补报、终报），生成含条例第十二条内容的 Word 文书 / Submit a report; its Word document with the Art. 12 contents is generated from the record',
  tags: ['emergency'],
  params: reportParams,
  body: reportSubmission,
  response: incidentReporting,
  errors: ['CONFLICT'],
});

export const reportDocx = endpoint({
  method: 'GET',
  path: '/api/emergency/incidents/:id/reports/:reportId/document.docx',
  permission: 'emergency.read',
  summary: '报告文书（Word，提交时生成） / The report as issued, a Word document',
  tags: ['emergency'],
  params: reportParams,
  produces: [mediaType.docx],
});

export const recordFinding = endpoint({
  method: 'POST',
  path: '/api/emergency/incidents/:id/findings',
  permission: 'emergency.investigate',
  summary: '认定瞒报、谎报 / Record concealment or a false report',
  tags: ['emergency'],
  params: incidentParams,
  body: z.object({
    kind: z.enum(findingKinds, { error: '认定类型为瞒报或谎报 / kind is concealed or false' }),
    /** The unit found to have concealed or lied, when registered. */
    orgId: id.optional(),
    description: textInput().min(2, '请填写认定事实 / describe what was found').max(4000),
    foundOn: isoDate,
  }),
  response: incidentReporting,
  status: 201,
});

export const openInvestigation = endpoint({
  method: 'POST',
  path: '/api/emergency/incidents/:id/investigation',
  permission: 'emergency.investigate',
  summary: '成立事故调查（报告期限为事故发生之日起60日） / Open the investigation (report due 60 days after the accident)',
  tags: ['emergency'],
  params: incidentParams,
  body: z.object({}).strict(),
  response: incidentReporting,
  status: 201,
  errors: ['CONFLICT'],
});

/** The body of each investigation action, keyed by the `:action` path parameter. */
export const investigationActionBodies = actionBodies(investigationWorkflow);

export const investigationAction = endpoint({
  method: 'POST',
  path: '/api/emergency/incidents/:id/investigation/actions/:action',
  permission: 'emergency.investigate',
  summary: '调查：延期（一次，≤60日）、提交报告、批复延期（特别重大，≤30日）、批复 / Extend, submit the report, extend approval, approve',
  tags: ['emergency'],
  params: z.object({ id, action: z.string().min(1).max(64) }),
  body: actionBody(investigationActionBodies),
  response: incidentReporting,
});

export const addMeasure = endpoint({
  method: 'POST',
  path: '/api/emergency/incidents/:id/investigation/measures',
  permission: 'emergency.investigate',
  summary: '调查报告提出的整改措施，落实到单位 / A corrective measure of the report, for a named unit',
  tags: ['emergency'],
  params: incidentParams,
  body: z.object({
    orgId: id,
    text: textInput().min(2, '请填写整改措施 / describe the measure').max(4000),
    deadline: isoDate,
  }),
  response: incidentReporting,
  status: 201,
});

export const listMeasures = endpoint({
  method: 'GET',
  path: '/api/emergency/measures',
  permission: 'emergency.read',
  summary: '本单位的事故整改措施 / The corrective measures of the caller’s units',
  tags: ['emergency'],
  query: listQuery({ sort: ['deadline'], filters: { status: z.enum(measureStatuses).optional() } }),
  response: page(measure),
});

/** The body of each measure action, keyed by the `:action` path parameter. */
export const measureActionBodies = actionBodies(measureWorkflow);

export const measureAction = endpoint({
  method: 'POST',
  path: '/api/emergency/measures/:id/actions/:action',
  permission: 'emergency.report',
  summary: '整改措施完成 / The named unit marks its measure done',
  tags: ['emergency'],
  params: z.object({ id, action: z.string().min(1).max(64) }),
  body: actionBody(measureActionBodies),
  response: measure,
});
