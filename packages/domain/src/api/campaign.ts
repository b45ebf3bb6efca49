import { z } from 'zod';
import { nameInput, textInput } from '../text.js';
import { supervisionStatuses, supervisionWorkflow } from '../campaign/supervision.js';
import { assignmentStatuses, assignmentWorkflow, extensionWorkflow, progressInput, taskStatuses } from '../campaign/workflow.js';
import {
  actionBodies,
  actionBody,
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

/** A calendar day that exists (no 30 February), as YYYY-MM-DD. */
const isoDate = z.iso.date('日期格式为 YYYY-MM-DD，且须为有效日期 / a valid date as YYYY-MM-DD');

export const deadlineState = z.enum(['done', 'overdue', 'due_soon', 'on_track', 'unscheduled']);

export const campaignTarget = z.object({
  name: z.string(),
  comparator: z.enum(['>=', '>', '=', '<=', '<']),
  value: z.number(),
  unit: z.string(),
  text: z.string(),
});

const counts = z.object({
  total: z.number().int(),
  not_started: z.number().int(),
  in_progress: z.number().int(),
  submitted: z.number().int(),
  accepted: z.number().int(),
  overdue: z.number().int(),
  /** Every task of the plan, whoever has a part of it (the 通报's denominator). */
  planTasks: z.number().int(),
  /**
   * `campaign`: the numbers count every task (安委办, or anyone who sees the whole campaign); `unit`: only the tasks the
   * caller's unit has a part of — the tasks the unit's charts, lists and ledger show, each in its ledger state.
   */
  scope: z.enum(['campaign', 'unit']),
});

export const campaign = z.object({
  id,
  title: z.string(),
  documentNo: z.string(),
  issuedOn: isoDate,
  planningYear: z.number().int().nullable(),
  shiftYears: z.number().int(),
  status: z.enum(['active', 'closed']),
  createdAt: timestamp,
  /** The tasks' states and overdue count, over the whole plan or the caller's unit's own parts (`totals.scope`). */
  totals: counts,
  /** `manage`: the caller runs this campaign (安委办 of its district). */
  allowedActions: allowedActions(['manage']),
});
export type Campaign = z.infer<typeof campaign>;

export const listCampaigns = endpoint({
  method: 'GET',
  path: '/api/campaigns',
  permission: 'campaign.read',
  summary: '创建工作列表 / Campaigns',
  tags: ['campaign'],
  query: listQuery({ sort: ['createdAt', 'title', 'issuedOn'], filters: { status: z.enum(['active', 'closed']).optional() } }),
  response: page(campaign),
});

export const getCampaign = endpoint({
  method: 'GET',
  path: '/api/campaigns/:id',
  permission: 'campaign.read',
  summary: '创建工作 / One campaign with its totals',
  tags: ['campaign'],
  params: idParams,
  response: campaign,
});

export const createCampaign = endpoint({
  method: 'POST',
  path: '/api/campaigns',
  permission: 'campaign.manage',
  summary: '新建创建工作 / Create a campaign from the seed plan, shifting dates by whole years and mapping renamed units',
  tags: ['campaign'],
  body: z.object({
    title: nameInput().min(2).max(200),
    /** 规划水平年 for tasks whose deadline is the planning target year. */
    planningYear: z.number().int().min(2000).max(2100).nullable().optional(),
    /** 0 for the 2020–2021 campaign of the seed; 3 for the re-evaluation three years on. */
    shiftYears: z.number().int().min(0).max(30).default(0),
    /** Org code in the plan → org id now, for units renamed or merged since. */
    orgMapping: z.record(z.string(), id).default({}),
  }),
  response: campaign,
  status: 201,
  errors: ['RULE_VIOLATION'],
});

/** A responsible unit of a task with where its own part stands, for per-unit charts and rankings. */
export const responsibleUnit = z.object({
  orgId: id,
  orgName: z.string(),
  viaOrgName: z.string().nullable(),
  status: z.enum(assignmentStatuses),
  percent: z.number().int(),
  deadlineState,
  /** An extension request of this part awaits 安委办's decision (badged in the ledger). */
  extensionPending: z.boolean(),
  /**
   * The caller's own part (its org within the caller's reach): a unit's overview charts and ranks its own parts, not
   * the other units' parts of the tasks it shares with them. True for every part for whoever sees the whole campaign.
   */
  mine: z.boolean(),
});

export const assignment = z.object({
  id,
  taskId: id,
  orgId: id,
  orgName: z.string(),
  viaOrgName: z.string().nullable(),
  status: z.enum(assignmentStatuses),
  percent: z.number().int(),
  deadlineEnd: isoDate.nullable(),
  extendedTo: isoDate.nullable(),
  deadlineState,
  lastReportAt: timestamp.nullable(),
  /** An extension request of this part awaits 安委办's decision (badged on the part's card). */
  extensionPending: z.boolean(),
  /** The part's workflow actions, and `requestExtension` (POST …/extensions). */
  allowedActions: allowedActions([...workflowActions(assignmentWorkflow), 'requestExtension']),
});

export const task = z.object({
  id,
  campaignId: id,
  seq: z.number().int(),
  section: z.number().int(),
  sectionTitle: z.string(),
  content: z.string(),
  responsibleText: z.string(),
  responsible: z.array(responsibleUnit),
  /** Groups the seed names that are no single org (e.g. 负有安全生产监管职责的部门), kept as text. */
  responsibleGroups: z.array(z.string()),
  deadline: z.object({ text: z.string(), kind: z.string(), start: isoDate.nullable(), end: isoDate.nullable() }),
  targets: z.array(campaignTarget),
  status: z.enum(taskStatuses),
  deadlineState,
  percent: z.number().int(),
  /** `issueSupervision`: POST /api/campaign-tasks/:id/supervisions. */
  allowedActions: allowedActions(['issueSupervision']),
});

/**
 * A task as the ledger lists it: what its columns, filters and export show. Its targets are read
 * on the task's own page (`getTask`): a hundred tasks' targets were a tenth of the ledger's bytes.
 */
export const taskListItem = task.omit({ targets: true });
export type CampaignTask = z.infer<typeof taskListItem>;

export const listTasks = endpoint({
  method: 'GET',
  path: '/api/campaigns/:id/tasks',
  permission: 'campaign.read',
  summary: '任务台账 / Tasks of a campaign (a unit sees the tasks it is responsible for)',
  tags: ['campaign'],
  params: idParams,
  query: listQuery({
    sort: ['seq', 'section', 'deadlineEnd', 'percent'],
    pageSize: { default: 100, max: 200 },
    filters: {
      section: z.coerce.number().int().min(1).max(20).optional(),
      orgId: id.optional(),
      status: z.enum(taskStatuses).optional(),
      deadline: deadlineState.optional(),
    },
  }),
  response: page(taskListItem),
});

export const report = z.object({
  id,
  assignmentId: id,
  kind: z.enum(['report', 'submit']),
  text: z.string(),
  percent: z.number().int(),
  indicatorValues: z.array(z.object({ target: z.number().int(), value: z.number(), met: z.boolean() })),
  files: z.array(z.object({ id, name: z.string(), sizeBytes: z.number().int() })),
  authorName: z.string(),
  createdAt: timestamp,
});

export const extension = z.object({
  id,
  assignmentId: id,
  requestedEnd: isoDate,
  reason: z.string(),
  status: z.enum(['requested', 'approved', 'refused']),
  requestedBy: z.string(),
  decidedBy: z.string().nullable(),
  createdAt: timestamp,
  /** Asked for after the deadline then in force had passed (逾期后申请): marked in the request and the decision. */
  late: z.boolean(),
  allowedActions: allowedActions(workflowActions(extensionWorkflow)),
});

export const taskDetail = task.extend({
  assignments: z.array(assignment.extend({ reports: z.array(report), extensions: z.array(extension), timeline: z.array(timelineEntry) })),
});

export const getTask = endpoint({
  method: 'GET',
  path: '/api/campaign-tasks/:id',
  permission: 'campaign.read',
  summary: '任务详情 / One task with each unit’s part, reports, evidence and timeline',
  tags: ['campaign'],
  params: idParams,
  response: taskDetail,
});

/** The body of each action on a unit's part, keyed by the `:action` path parameter. */
export const assignmentActionBodies = actionBodies(assignmentWorkflow);

/**
 * What an action on a part changed: the task's own state (its status and percent follow its
 * parts'), the part, and the report or submission the action made. Not the task's whole history:
 * a part reported on weekly answered every report it ever had (176 KB after a few hundred);
 * `getTask` reads everything.
 */
export const assignmentChange = z.object({
  task: taskListItem,
  assignment,
  report: report.nullable(),
});
export type AssignmentChange = z.infer<typeof assignmentChange>;

export const assignmentAction = endpoint({
  method: 'POST',
  path: '/api/campaign-assignments/:id/actions/:action',
  permission: 'campaign.read',
  summary: '任务流转 / report, submit, accept, return or reopen one unit’s part',
  tags: ['campaign'],
  params: z.object({ id, action: z.string().min(1).max(64) }),
  body: actionBody(assignmentActionBodies),
  response: assignmentChange,
});

export const requestExtension = endpoint({
  method: 'POST',
  path: '/api/campaign-assignments/:id/extensions',
  permission: 'campaign.report',
  summary: '申请延期 / A unit asks to move its deadline',
  tags: ['campaign'],
  params: idParams,
  body: z.object({ requestedEnd: isoDate, reason: textInput().min(2).max(2000) }),
  response: taskDetail,
  status: 201,
  errors: ['CONFLICT', 'INVALID_TRANSITION'],
});

/** The body of each decision on an extension, keyed by the `:action` path parameter. */
export const extensionActionBodies = actionBodies(extensionWorkflow);

export const extensionAction = endpoint({
  method: 'POST',
  path: '/api/campaign-extensions/:id/actions/:action',
  permission: 'campaign.manage',
  summary: '审批延期 / approve or refuse an extension',
  tags: ['campaign'],
  params: z.object({ id, action: z.string().min(1).max(64) }),
  body: actionBody(extensionActionBodies),
  response: taskDetail,
});

export const scheduleRow = z.object({
  seq: z.number().int(),
  content: z.string(),
  responsibleText: z.string(),
  deadline: z.object({ text: z.string(), kind: z.string(), start: isoDate.nullable(), end: isoDate.nullable() }),
  deadlineState,
});

export const phase = z.object({
  seq: z.number().int(),
  name: z.string(),
  /** The period as the plan prints it. */
  periodText: z.string(),
  content: z.string(),
  /** The period as days, moved to the campaign's years; null when the plan sets no date. */
  start: isoDate.nullable(),
  end: isoDate.nullable(),
});

export const flag = z.object({
  /** `where:seq:code`, the flag's stable name. */
  key: z.string(),
  where: z.string(),
  seq: z.number().int(),
  code: z.string(),
  message: bilingual,
  /** Who confirmed it, when, and what they concluded; null while unconfirmed. */
  confirmation: z.object({ by: z.string(), at: timestamp, note: z.string().nullable() }).nullable(),
  allowedActions: allowedActions(['confirm']),
});

export const getSchedule = endpoint({
  method: 'GET',
  path: '/api/campaigns/:id/schedule',
  permission: 'campaign.read',
  summary: '日程安排与阶段 / The 19-step schedule, the five phases, and the seed’s inconsistencies flagged for confirmation',
  tags: ['campaign'],
  params: idParams,
  response: z.object({ schedule: z.array(scheduleRow), phases: z.array(phase), flags: z.array(flag) }),
});

export const confirmFlag = endpoint({
  method: 'POST',
  path: '/api/campaigns/:id/flags/confirm',
  permission: 'campaign.manage',
  summary: '核对确认 / Confirm an inconsistency the import found in the plan (the data stays as the seed has it)',
  tags: ['campaign'],
  params: idParams,
  body: z.object({ key: z.string().min(1).max(100), note: textInput().max(1000).nullable().optional() }),
  response: flag,
  errors: ['CONFLICT'],
});

export const ledgerXlsx = endpoint({
  method: 'GET',
  path: '/api/campaigns/:id/ledger.xlsx',
  permission: 'campaign.read',
  summary: '导出工作台账 / The task ledger as xlsx (what the caller may see)',
  tags: ['campaign'],
  params: idParams,
  produces: [mediaType.xlsx],
});

export const evidenceZip = endpoint({
  method: 'GET',
  path: '/api/campaigns/:id/evidence.zip',
  permission: 'campaign.read',
  summary:
    '导出佐证材料 / The evidence archive for the 上级复核: a zip of the evidence files (by scoring item or task, then unit) with an index xlsx; what the caller may read, optionally one scoring item or one unit',
  tags: ['campaign'],
  params: idParams,
  query: z.object({
    /** One scoring item (and its lower items): folders by item. */
    itemId: id.optional(),
    /** One responsible unit's parts. */
    orgId: id.optional(),
  }),
  produces: [mediaType.zip],
  errors: ['NOT_FOUND'],
});

export const progressBody = progressInput;

// ---- 督办 supervision notices ----

export const supervision = z.object({
  id,
  campaignId: id,
  taskId: id,
  taskSeq: z.number().int(),
  orgId: id,
  orgName: z.string(),
  docNo: z.string(),
  content: z.string(),
  responseDue: isoDate,
  overdue: z.boolean(),
  status: z.enum(supervisionStatuses),
  response: z.string().nullable(),
  responseFiles: z.array(z.object({ id, name: z.string(), sizeBytes: z.number().int() })),
  issuedBy: z.string(),
  createdAt: timestamp,
  answeredAt: timestamp.nullable(),
  allowedActions: allowedActions(workflowActions(supervisionWorkflow)),
  timeline: z.array(timelineEntry),
});

export const listSupervisions = endpoint({
  method: 'GET',
  path: '/api/campaigns/:id/supervisions',
  permission: 'campaign.read',
  summary: '督办台账 / Supervision notices of a campaign (a unit sees those addressed to it)',
  tags: ['campaign'],
  params: idParams,
  query: listQuery({
    sort: ['createdAt', 'responseDue', 'taskSeq'],
    filters: { status: z.enum(supervisionStatuses).optional(), orgId: id.optional() },
  }),
  response: page(supervision),
});

export const issueSupervision = endpoint({
  method: 'POST',
  path: '/api/campaign-tasks/:id/supervisions',
  permission: 'campaign.manage',
  summary: '下发督办通知 / Issue a numbered supervision notice to a responsible unit of the task',
  tags: ['campaign'],
  params: idParams,
  body: z.object({
    orgId: id,
    content: textInput().min(4, '请填写督办事项 / describe what is required').max(5000),
    responseDue: isoDate,
  }),
  response: supervision,
  status: 201,
});

export const getSupervision = endpoint({
  method: 'GET',
  path: '/api/campaign-supervisions/:id',
  permission: 'campaign.read',
  summary: '督办通知 / One supervision notice',
  tags: ['campaign'],
  params: idParams,
  response: supervision,
});

/** The body of each action on a notice, keyed by the `:action` path parameter. */
export const supervisionActionBodies = actionBodies(supervisionWorkflow);

export const supervisionAction = endpoint({
  method: 'POST',
  path: '/api/campaign-supervisions/:id/actions/:action',
  permission: 'campaign.read',
  summary: '督办流转 / answer, close or send back a notice',
  tags: ['campaign'],
  params: z.object({ id, action: z.string().min(1).max(64) }),
  body: actionBody(supervisionActionBodies),
  response: supervision,
});

export const supervisionDocx = endpoint({
  method: 'GET',
  path: '/api/campaign-supervisions/:id/notice.docx',
  permission: 'campaign.read',
  summary: '督办通知书（Word）/ The notice as a Word document',
  tags: ['campaign'],
  params: idParams,
  produces: [mediaType.docx],
});

// ---- 通报 and 考核 ----

export const bulletinDocx = endpoint({
  method: 'GET',
  path: '/api/campaigns/:id/bulletin.docx',
  permission: 'campaign.manage',
  summary: '工作通报草稿（Word，截至今日、未编号）/ The bulletin as things stand today, before it is issued with a number',
  tags: ['campaign'],
  params: idParams,
  produces: [mediaType.docx],
});

/** The period a 通报 reports on: a month (YYYY-MM), a calendar quarter (YYYY-Qn) or two dates. */
export const bulletinPeriod = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('month'), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式为 YYYY-MM / a month as YYYY-MM') }),
  z.object({ kind: z.literal('quarter'), quarter: z.string().regex(/^\d{4}-Q[1-4]$/, '季度格式为 YYYY-Q1…Q4 / a quarter as YYYY-Q1…Q4') }),
  z.object({ kind: z.literal('custom'), from: isoDate, to: isoDate }),
]);

export const campaignBulletin = z.object({
  id,
  campaignId: id,
  year: z.number().int(),
  number: z.number().int(),
  /** As printed: 2026年第3期. */
  issueNo: z.string(),
  periodKind: z.enum(['month', 'quarter', 'custom']),
  periodFrom: z.string(),
  periodTo: z.string(),
  /** As printed: 2026年第一季度. */
  periodText: z.string(),
  issuedBy: z.string(),
  issuedAt: timestamp,
});

export const issueBulletin = endpoint({
  method: 'POST',
  path: '/api/campaigns/:id/bulletins',
  permission: 'campaign.manage',
  summary: '印发工作通报 / Issue a numbered bulletin (第N期 per office and year) about a month, a quarter or chosen dates',
  tags: ['campaign'],
  params: idParams,
  body: bulletinPeriod,
  response: campaignBulletin,
  status: 201,
});

export const listBulletins = endpoint({
  method: 'GET',
  path: '/api/campaigns/:id/bulletins',
  permission: 'campaign.manage',
  summary: '已印发的工作通报 / The bulletins issued for a campaign, newest first',
  tags: ['campaign'],
  params: idParams,
  query: listQuery({ sort: ['issuedAt'] }),
  response: page(campaignBulletin),
});

export const issuedBulletinDocx = endpoint({
  method: 'GET',
  path: '/api/campaign-bulletins/:id/bulletin.docx',
  permission: 'campaign.manage',
  summary: '工作通报（Word）/ An issued bulletin: its number, and the period’s progress by section and unit',
  tags: ['campaign'],
  params: idParams,
  produces: [mediaType.docx],
});

export const unitAssessment = z.object({
  rank: z.number().int(),
  orgId: id,
  orgName: z.string(),
  parts: z.number().int(),
  accepted: z.number().int(),
  overdue: z.number().int(),
  /** Parts not overdue now that were overdue on some day (accepted late, or extended after the deadline). */
  late: z.number().int(),
  /** Days the unit's parts were overdue in all, from the history. */
  overdueDays: z.number().int(),
  supervisions: z.number().int(),
  score: z.number(),
});

export const getAssessment = endpoint({
  method: 'GET',
  path: '/api/campaigns/:id/assessment',
  permission: 'campaign.read',
  summary: '单位考核 / Units ranked by completion and timeliness, with the weights used and their source',
  tags: ['campaign'],
  params: idParams,
  response: z.object({
    items: z.array(unitAssessment),
    weights: z.object({ completion: z.number(), timeliness: z.number(), perSupervision: z.number(), source: bilingual }),
  }),
});
