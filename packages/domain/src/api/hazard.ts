import { z } from 'zod';
import { hazardCategoryCodes, hazardLevels, hazardOrigins, hazardPhotoStages, stopWorkKinds } from '../hazard/categories.js';
import { hazardPlanDraft, hazardStatuses, hazardWorkflow } from '../hazard/workflow.js';
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
import { deadlineStanding } from './hazard-extensions.js';
import { fileMeta } from './platform.js';

const isoDate = z.iso.date('日期格式为 YYYY-MM-DD，且须为有效日期 / a valid date as YYYY-MM-DD');
const isoDateTime = z.iso.datetime({
  offset: true,
  message: '时间格式为 ISO 8601，如 2026-03-01T09:30:00+08:00 / an ISO 8601 date-time such as 2026-03-01T09:30:00+08:00',
});

export const hazardLevel = z.enum(hazardLevels, { error: '隐患等级为“一般”或“重大” / level is 一般 or 重大' });
export const hazardStatus = z.enum(hazardStatuses);
export const hazardOrigin = z.enum(hazardOrigins);
export const hazardCategory = z.enum(hazardCategoryCodes);
export const hazardPhotoStage = z.enum(hazardPhotoStages);

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,20}$/, '电话号码格式不正确 / invalid phone number');

/**
 * What creates a hazard (an enterprise system pushes the same, with its `externalId`). Areas (street,
 * community, grid) are computed from `lng`/`lat` (or the responsible unit's location), never sent.
 */
export const hazardInput = z
  .object({
    title: nameInput().min(2).max(200),
    level: hazardLevel,
    /** 责任单位: an enterprise reports for itself. */
    responsibleOrgId: id,
    foundAt: isoDateTime,
    description: textInput().max(5000).nullable().optional(),
    category: hazardCategory.nullable().optional(),
    lng: z.number().min(-180, '经度须在 -180 到 180 之间 / longitude must be within -180..180').max(180).optional(),
    lat: z.number().min(-90, '纬度须在 -90 到 90 之间 / latitude must be within -90..90').max(90).optional(),
    /** 整改期限. */
    deadline: isoDate.nullable().optional(),
    /** The enterprise system's own id: pushing it again answers 200 with the same hazard. */
    externalId: z.string().trim().min(1).max(100).optional(),
    /** Default from the caller: an enterprise → self_check, a grid member → grid_patrol, a department → department_check. */
    origin: hazardOrigin.optional(),
    originRef: z.string().trim().max(100).nullable().optional(),
    placeName: nameInput().max(200).nullable().optional(),
    riskSourceId: id.nullable().optional(),
    controlMeasureId: id.nullable().optional(),
    /** A clause of the 判定标准 library; a 重大 hazard needs it or `majorBasis`. */
    standardClauseId: id.nullable().optional(),
    majorBasis: textInput().max(2000).nullable().optional(),
    responsiblePerson: nameInput().max(50).nullable().optional(),
    responsiblePhone: phone.nullable().optional(),
    /** 行业监管部门; by default the reporter's org when it is a department. */
    departmentId: id.nullable().optional(),
    /** Photos as found (uploaded first through POST /api/files). */
    photoIds: z.array(id).max(20).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.lng === undefined) !== (v.lat === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [v.lng === undefined ? 'lng' : 'lat'],
        message: '经度和纬度须同时给出 / lng and lat go together',
      });
    }
  });
export type HazardInput = z.input<typeof hazardInput>;
export type HazardInputParsed = z.output<typeof hazardInput>;

/** The fields an enterprise's own system owns: a push of a known `externalId` updates these only. */
export const enterpriseOwnedFields = [
  'title',
  'description',
  'category',
  'lng',
  'lat',
  'placeName',
  'responsiblePerson',
  'responsiblePhone',
  'deadline',
] as const satisfies readonly (keyof HazardInputParsed)[];

const orgRef = z.object({ id, name: z.string() });

/** Actions on a hazard: its workflow's, and `savePlan` (PUT …/plan, 治理方案). */
export const hazardActionNames = [...workflowActions(hazardWorkflow), 'savePlan'] as const;

/** A hazard as lists show it (隐患台账). */
export const hazard = z.object({
  id,
  code: z.string(),
  title: z.string(),
  level: hazardLevel,
  status: hazardStatus,
  origin: hazardOrigin,
  originRef: z.string().nullable(),
  /** Set when it came from an enterprise's own system. */
  externalId: z.string().nullable(),
  category: z.string().nullable(),
  placeName: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  street: orgRef.nullable(),
  community: orgRef.nullable(),
  grid: orgRef.nullable(),
  responsibleOrg: orgRef,
  department: orgRef.nullable(),
  foundAt: timestamp,
  deadline: isoDate.nullable(),
  /** Past its deadline (Asia/Shanghai) and not closed. */
  overdue: z.boolean(),
  /**
   * Its binding deadline (the 挂牌督办 one once listed) on today's Asia/Shanghai day, due soon by the settings'
   * `dueSoonDays`: what the list's tag shows, so that it agrees with the reminders.
   */
  deadlineStanding,
  riskSourceId: id.nullable(),
  repeatOf: z.object({ id, code: z.string() }).nullable(),
  updatedAt: timestamp,
  allowedActions: allowedActions(hazardActionNames),
});
export type Hazard = z.infer<typeof hazard>;

/** 治理方案: the six parts of 16号令 Art. 15. */
export const hazardPlan = z.object({
  goals: z.string(),
  methods: z.string(),
  funding: z.string(),
  organization: z.string(),
  timeline: z.string(),
  safetyMeasures: z.string(),
});

export const hazardPhoto = z.object({ stage: hazardPhotoStage, addedAt: timestamp, file: fileMeta });

export const hazardDetail = hazard.extend({
  description: z.string().nullable(),
  sourceOrg: orgRef.nullable(),
  riskSource: z.object({ id, code: z.string(), name: z.string() }).nullable(),
  controlMeasureId: id.nullable(),
  standardClauseId: id.nullable(),
  majorBasis: z.string().nullable(),
  responsiblePerson: z.string().nullable(),
  responsiblePhone: z.string().nullable(),
  reportedBy: z.string().nullable(),
  reportedOrg: orgRef,
  plan: hazardPlan.nullable(),
  /** The plan was made while the hazard was 重大 and kept when it was reclassified 一般: on record, not in force. */
  planSuperseded: z.boolean(),
  planUpdatedAt: timestamp.nullable(),
  /** 挂牌督办; null until listed. */
  supervision: z
    .object({
      supervisingOrg: orgRef.nullable(),
      supervisingBody: z.string().nullable(),
      responsibleLeader: z.string().nullable(),
      deadline: isoDate.nullable(),
      publicNotice: z.boolean(),
      listedAt: timestamp.nullable(),
      stopWork: z.enum(stopWorkKinds).nullable(),
    })
    .nullable(),
  rectifiedBy: z.string().nullable(),
  rectifiedAt: timestamp.nullable(),
  verifiedBy: z.string().nullable(),
  closedAt: timestamp.nullable(),
  reviewDueOn: isoDate.nullable(),
  photos: z.array(hazardPhoto),
  createdAt: timestamp,
  timeline: z.array(timelineEntry),
});
export type HazardDetail = z.infer<typeof hazardDetail>;

/** The filters of the 台账, shared by the list and its xlsx export. */
export const hazardFilters = {
  status: hazardStatus.optional(),
  level: hazardLevel.optional(),
  streetId: id.optional(),
  category: hazardCategory.optional(),
  origin: hazardOrigin.optional(),
  responsibleOrgId: id.optional(),
  riskSourceId: id.optional(),
  /** `true`: only those past their deadline and not closed. */
  overdue: z.enum(['true', 'false']).optional(),
};
export const hazardSorts = ['deadline', 'foundAt', 'code', 'level'] as const;

export const listHazards = endpoint({
  method: 'GET',
  path: '/api/hazards',
  permission: 'hazard.read',
  summary: '隐患台账 / Hazards (an enterprise sees its own; a street those in its area; a department its sector)',
  tags: ['hazard'],
  query: listQuery({ sort: hazardSorts, filters: hazardFilters }),
  response: page(hazard),
});

export const getHazard = endpoint({
  method: 'GET',
  path: '/api/hazards/:id',
  permission: 'hazard.read',
  summary: '隐患详情 / One hazard with its photos, plan, supervision and timeline',
  tags: ['hazard'],
  params: idParams,
  response: hazardDetail,
});

export const createHazard = endpoint({
  method: 'POST',
  path: '/api/hazards',
  permission: 'hazard.report',
  summary:
    '登记隐患 / Register a hazard (201); an enterprise system pushing a known externalId gets 200 and the same hazard, its own fields updated',
  tags: ['hazard'],
  body: hazardInput,
  response: hazardDetail,
  status: 201,
  alsoStatus: [200],
  errors: ['RULE_VIOLATION'],
});

/** One answer of a batch: the item's index, its status as a single POST would have answered, the id or the error. */
export const batchResult = z.object({
  index: z.number().int(),
  status: z.union([z.literal(200), z.literal(201), z.literal(400), z.literal(403), z.literal(404), z.literal(409), z.literal(422)]),
  id: id.optional(),
  code: z.string().optional(),
  error: z
    .object({
      code: z.string(),
      message: bilingual,
      fields: z.array(z.object({ field: z.string(), message: bilingual })).optional(),
    })
    .optional(),
});

export const maxBatch = 500;

export const createHazardsBatch = endpoint({
  method: 'POST',
  path: '/api/hazards/batch',
  permission: 'hazard.report',
  summary: '批量推送隐患 / Push up to 500 hazards at once (backfills); each answered on its own, the good ones kept',
  tags: ['hazard'],
  // Each item is checked on its own (a bad one must not refuse the others), so the items are only objects here.
  body: z.object({
    hazards: z
      .array(z.record(z.string(), z.unknown()))
      .min(1)
      .max(maxBatch, `一次最多推送 ${maxBatch} 条 / at most ${maxBatch} hazards at once`),
  }),
  response: z.object({ results: z.array(batchResult) }),
});

export const downloadPhoto = endpoint({
  method: 'GET',
  path: '/api/hazards/:id/photos/:fileId',
  permission: 'hazard.read',
  summary: '下载隐患照片 / A photo of a hazard the caller may read',
  tags: ['hazard'],
  params: z.object({ id, fileId: id }),
  produces: [mediaType.binary],
});

export const exportHazards = endpoint({
  method: 'GET',
  path: '/api/hazards.xlsx',
  permission: 'hazard.read',
  summary: '导出隐患台账 / The hazard ledger (隐患台账) as xlsx, with the list filters',
  tags: ['hazard'],
  query: listQuery({ sort: hazardSorts, filters: hazardFilters }).omit({ page: true, pageSize: true }),
  produces: [mediaType.xlsx],
  errors: ['RULE_VIOLATION'],
});

export const hazardActionBodies = actionBodies(hazardWorkflow);

export const hazardAction = endpoint({
  method: 'POST',
  path: '/api/hazards/:id/actions/:action',
  permission: 'hazard.read',
  summary: '隐患闭环流程 / A step of the loop (一般: rectify, verify, return; 重大: report, list, assess, apply, close, order correction)',
  tags: ['hazard'],
  params: actionParams,
  body: actionBody(hazardActionBodies),
  response: hazardDetail,
});

export const savePlan = endpoint({
  method: 'PUT',
  path: '/api/hazards/:id/plan',
  permission: 'hazard.rectify',
  summary: '保存治理方案 / The treatment plan of a major hazard with its six required parts (16号令 Art. 15)',
  tags: ['hazard'],
  params: idParams,
  // Parts optional here: a missing or empty one is the rule's 422 naming each, not a 400.
  body: hazardPlanDraft,
  response: hazardDetail,
  errors: ['CONFLICT', 'INVALID_TRANSITION', 'RULE_VIOLATION'],
});
