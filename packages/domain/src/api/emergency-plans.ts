/** 应急指挥 › 预案、响应和演练: plans by level, activation for an incident, the command page's data, drills. */
import { z } from 'zod';
import { incidentCategories } from '../emergency/incident-types.js';
import {
  commandLogKinds,
  drillActionResults,
  drillKinds,
  drillStatuses,
  drillWorkflow,
  markGeometry,
  markKinds,
  planContent,
  planKinds,
  planReviewStates,
  planStatuses,
  responseLevels,
} from '../emergency/plans.js';
import { nameInput, textInput } from '../text.js';
import {
  actionBodies,
  actionBody,
  actionParams,
  allowedActions,
  id,
  idParams,
  listQuery,
  ok,
  page,
  timestamp,
  workflowActions,
} from './common.js';
import { endpoint } from './endpoint.js';

const isoDate = z.iso.date();

export const planActionNames = ['edit', 'activate', 'drill'] as const;

export const planSummary = z.object({
  id,
  orgId: id,
  orgName: z.string(),
  title: z.string(),
  kind: z.enum(planKinds),
  categories: z.array(z.string()),
  version: z.number().int(),
  issuedOn: isoDate,
  reviewDueOn: isoDate,
  reviewState: z.enum(planReviewStates),
  status: z.enum(planStatuses),
  /** The response levels the plan defines (for activation). */
  levels: z.array(z.enum(responseLevels)),
  updatedAt: timestamp,
  allowedActions: allowedActions(planActionNames),
});
export type PlanSummary = z.infer<typeof planSummary>;

export const planRevision = z.object({
  id,
  version: z.number().int(),
  title: z.string(),
  issuedOn: isoDate,
  note: z.string().nullable(),
  drillId: id.nullable(),
  revisedByName: z.string(),
  revisedAt: timestamp,
});

export const planDetail = planSummary.extend({
  content: planContent,
  revisions: z.array(planRevision),
});
export type PlanDetail = z.infer<typeof planDetail>;

export const listPlans = endpoint({
  method: 'GET',
  path: '/api/emergency/plans',
  permission: 'emergency.read',
  summary: "应急预案列表 / Plans: the district's own and those of the units in the caller's reach",
  tags: ['emergency'],
  query: listQuery({
    sort: ['title', 'issuedOn', 'reviewDueOn', 'kind'],
    filters: {
      kind: z.enum(planKinds).optional(),
      status: z.enum(planStatuses).optional(),
      orgId: id.optional(),
      /** Plans that cover this incident category. */
      category: z.enum(incidentCategories).optional(),
    },
  }),
  response: page(planSummary),
});

export const getPlan = endpoint({
  method: 'GET',
  path: '/api/emergency/plans/:id',
  permission: 'emergency.read',
  summary: '应急预案 / One plan: roles × levels × actions, review date, revision history',
  tags: ['emergency'],
  params: idParams,
  response: planDetail,
});

const planFields = {
  title: nameInput().min(1).max(200),
  kind: z.enum(planKinds),
  categories: z.array(z.enum(incidentCategories)).max(10).default([]),
  content: planContent,
};

export const createPlan = endpoint({
  method: 'POST',
  path: '/api/emergency/plans',
  permission: 'emergency.plan',
  summary: '新建预案 / Issue a plan; its review falls due settings.planReviewYears after issue',
  tags: ['emergency'],
  body: z.object({
    ...planFields,
    /** The owner; the caller's own org by default. */
    orgId: id.optional(),
    issuedOn: isoDate,
  }),
  response: planDetail,
  status: 201,
  errors: ['RULE_VIOLATION'],
});

export const revisePlan = endpoint({
  method: 'PUT',
  path: '/api/emergency/plans/:id',
  permission: 'emergency.plan',
  summary: '修订预案 / Revise a plan: a new version, kept in the history; the review date restarts from the revision',
  tags: ['emergency'],
  params: idParams,
  body: z.object({
    ...planFields,
    status: z.enum(planStatuses).default('active'),
    issuedOn: isoDate,
    note: textInput().min(2).max(2000),
    /** The evaluated drill whose findings this revision answers. */
    drillId: id.optional(),
  }),
  response: planDetail,
  errors: ['RULE_VIOLATION'],
});

export const responseTask = z.object({
  id,
  actionKey: z.string(),
  text: z.string(),
  dueAt: timestamp,
  doneAt: timestamp.nullable(),
  note: z.string().nullable(),
  overdue: z.boolean(),
  allowedActions: allowedActions(['complete'] as const),
});

export const responseRole = z.object({
  id,
  roleKey: z.string(),
  roleName: z.string(),
  holderId: id,
  holderName: z.string(),
  tasks: z.array(responseTask),
});

export const response = z.object({
  id,
  planId: id,
  planTitle: z.string(),
  planVersion: z.number().int(),
  level: z.enum(responseLevels),
  activatedAt: timestamp,
  activatedByName: z.string(),
  endedAt: timestamp.nullable(),
  roles: z.array(responseRole),
});
export type Response = z.infer<typeof response>;

export const commandView = z.object({
  incident: z.object({
    id,
    code: z.string(),
    title: z.string(),
    status: z.string(),
    grade: z.string(),
    category: z.string(),
    placeName: z.string().nullable(),
    lng: z.number().nullable(),
    lat: z.number().nullable(),
    occurredAt: timestamp,
  }),
  responses: z.array(response),
  logCount: z.number().int(),
  markCount: z.number().int(),
  allowedActions: allowedActions(['activate', 'log', 'mark'] as const),
});
export type CommandView = z.infer<typeof commandView>;

export const getCommand = endpoint({
  method: 'GET',
  path: '/api/emergency/incidents/:id/command',
  permission: 'emergency.read',
  summary: '指挥页 / The command page of an incident: its responses with roles and tasks',
  tags: ['emergency'],
  params: idParams,
  response: commandView,
});

export const activatePlan = endpoint({
  method: 'POST',
  path: '/api/emergency/incidents/:id/responses',
  permission: 'emergency.command',
  summary: '启动预案 / Activate a plan at a level: roles filled, tasks made, the incident moved to responding',
  tags: ['emergency'],
  params: idParams,
  body: z.object({
    planId: id,
    level: z.enum(responseLevels),
    /** A holder for every role of the plan that has actions at the level. */
    roles: z
      .array(z.object({ roleKey: z.string().min(1).max(40), holderId: id }))
      .min(1)
      .max(30),
  }),
  response: commandView,
  status: 201,
  errors: ['RULE_VIOLATION', 'CONFLICT'],
});

export const completeTask = endpoint({
  method: 'POST',
  path: '/api/emergency/response-tasks/:id/complete',
  permission: 'emergency.read',
  summary: '完成响应任务 / Mark a task done: only the holder of its role',
  tags: ['emergency'],
  params: idParams,
  body: z.object({ note: textInput().max(1000).optional() }),
  response: commandView,
  errors: ['CONFLICT'],
});

export const logEntry = z.object({
  id,
  at: timestamp,
  authorName: z.string(),
  kind: z.enum(commandLogKinds),
  text: z.string(),
});
export type LogEntry = z.infer<typeof logEntry>;

export const listCommandLog = endpoint({
  method: 'GET',
  path: '/api/emergency/incidents/:id/log',
  permission: 'emergency.read',
  summary: '指挥日志 / The command log of an incident, newest first by default',
  tags: ['emergency'],
  params: idParams,
  query: listQuery({ sort: ['at'], filters: { kind: z.enum(commandLogKinds).optional() }, pageSize: { default: 50, max: 500 } }),
  response: page(logEntry),
});

export const addLogEntry = endpoint({
  method: 'POST',
  path: '/api/emergency/incidents/:id/log',
  permission: 'emergency.command',
  summary: '写指挥日志 / Write a decision, order or report into the command log',
  tags: ['emergency'],
  params: idParams,
  body: z.object({ kind: z.enum(commandLogKinds), text: textInput().min(1).max(4000) }),
  response: logEntry,
  status: 201,
});

export const mark = z.object({
  id,
  geometry: markGeometry,
  kind: z.enum(markKinds),
  note: z.string().nullable(),
  authorName: z.string(),
  at: timestamp,
});
export type Mark = z.infer<typeof mark>;

export const listMarks = endpoint({
  method: 'GET',
  path: '/api/emergency/incidents/:id/marks',
  permission: 'emergency.read',
  summary: '态势标绘 / The situation marks of an incident (points, lines, areas)',
  tags: ['emergency'],
  params: idParams,
  response: z.object({ items: z.array(mark) }),
});

export const addMark = endpoint({
  method: 'POST',
  path: '/api/emergency/incidents/:id/marks',
  permission: 'emergency.command',
  summary: '标绘 / Draw a point, line or area with a note on the incident map',
  tags: ['emergency'],
  params: idParams,
  body: z.object({ geometry: markGeometry, kind: z.enum(markKinds), note: textInput().max(1000).optional() }),
  response: mark,
  status: 201,
  errors: ['RULE_VIOLATION'],
});

export const deleteMark = endpoint({
  method: 'DELETE',
  path: '/api/emergency/marks/:id',
  permission: 'emergency.command',
  summary: '删除标绘 / Remove a situation mark',
  tags: ['emergency'],
  params: idParams,
  response: ok,
});

export const drillActionNames = workflowActions(drillWorkflow);

export const drill = z.object({
  id,
  planId: id,
  planTitle: z.string(),
  orgId: id,
  orgName: z.string(),
  title: z.string(),
  kind: z.enum(drillKinds),
  plannedOn: isoDate,
  heldOn: isoDate.nullable(),
  status: z.enum(drillStatuses),
  summary: z.string().nullable(),
  participants: z.number().int().nullable(),
  findings: z.string().nullable(),
  revisionId: id.nullable(),
  updatedAt: timestamp,
  allowedActions: allowedActions([...drillActionNames, 'revise'] as const),
});
export type Drill = z.infer<typeof drill>;

export const drillDetail = drill.extend({
  /** Every action of the plan with the drill's evaluation of it (null until evaluated). */
  actions: z.array(
    z.object({
      key: z.string(),
      roleName: z.string(),
      level: z.enum(responseLevels),
      text: z.string(),
      result: z.enum(drillActionResults).nullable(),
      note: z.string().nullable(),
    }),
  ),
});
export type DrillDetail = z.infer<typeof drillDetail>;

export const listDrills = endpoint({
  method: 'GET',
  path: '/api/emergency/drills',
  permission: 'emergency.read',
  summary: '演练列表 / Drills of the units in reach',
  tags: ['emergency'],
  query: listQuery({
    sort: ['plannedOn', 'title', 'status'],
    filters: {
      planId: id.optional(),
      status: z.enum(drillStatuses).optional(),
      year: z.coerce.number().int().min(2000).max(2100).optional(),
    },
  }),
  response: page(drill),
});

export const getDrill = endpoint({
  method: 'GET',
  path: '/api/emergency/drills/:id',
  permission: 'emergency.read',
  summary: '演练 / One drill with its evaluation against the plan’s actions',
  tags: ['emergency'],
  params: idParams,
  response: drillDetail,
});

export const createDrill = endpoint({
  method: 'POST',
  path: '/api/emergency/drills',
  permission: 'emergency.plan',
  summary: '计划演练 / Plan a drill of a plan',
  tags: ['emergency'],
  body: z.object({
    planId: id,
    title: nameInput().min(1).max(200),
    kind: z.enum(drillKinds),
    plannedOn: isoDate,
    /** The unit holding it; the caller's own org by default. */
    orgId: id.optional(),
  }),
  response: drillDetail,
  status: 201,
});

export const drillActionBodies = actionBodies(drillWorkflow);

export const drillAction = endpoint({
  method: 'POST',
  path: '/api/emergency/drills/:id/actions/:action',
  permission: 'emergency.plan',
  summary: '演练实施、评估、取消 / Record a drill as held, evaluate it against the plan’s actions, or cancel it',
  tags: ['emergency'],
  params: actionParams,
  body: actionBody(drillActionBodies),
  response: drillDetail,
  errors: ['RULE_VIOLATION'],
});

export const drillYear = endpoint({
  method: 'GET',
  path: '/api/emergency/drills/yearly',
  permission: 'emergency.read',
  summary: '年度演练次数 / Drills held per unit in a year against settings.drillsPerYear',
  tags: ['emergency'],
  query: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
  response: z.object({
    year: z.number().int(),
    target: z.number().int(),
    items: z.array(z.object({ orgId: id, orgName: z.string(), held: z.number().int(), met: z.boolean(), short: z.number().int() })),
  }),
});
