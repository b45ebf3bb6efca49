import { z } from 'zod';
import { controlMeasureTypeCodes, hazardFactorCodes, responsibleLevelCodes, riskCategoryCodes } from '../risk/categories.js';
import { directGradingInput, gradingConfig } from '../risk/grading.js';
import { lecInput } from '../risk/lec.js';
import { lsInput } from '../risk/ls.js';
import { riskLevels } from '../risk/levels.js';
import { riskSourceStatuses, riskSourceWorkflow } from '../risk/workflow.js';
import { nameInput, textInput } from '../text.js';
import {
  actionBodies,
  actionBody,
  actionParams,
  allowedActions,
  id,
  idParams,
  listQuery,
  page,
  timelineEntry,
  timestamp,
  workflowActions,
} from './common.js';
import { endpoint, mediaType } from './endpoint.js';

const isoDate = z.iso.date('日期格式为 YYYY-MM-DD，且须为有效日期 / a valid date as YYYY-MM-DD');

const lonMessage = '经度须在 -180 到 180 之间 / longitude must be within -180..180';
const latMessage = '纬度须在 -90 到 90 之间 / latitude must be within -90..90';
/**
 * A position [longitude, latitude] (an optional height is kept). An array refined rather than a
 * tuple: the response serializer's JSON Schema has no strict form of a tuple with a rest.
 */
const position = z
  .array(z.number())
  .min(2, '坐标为 [经度, 纬度] / a position is [longitude, latitude]')
  .max(3)
  .superRefine((p, ctx) => {
    if (p[0]! < -180 || p[0]! > 180) ctx.addIssue({ code: 'custom', path: [0], message: lonMessage });
    if (p[1]! < -90 || p[1]! > 90) ctx.addIssue({ code: 'custom', path: [1], message: latMessage });
  });
const ring = z.array(position).min(4, '面的每个环至少 4 个点且首尾相同 / a ring needs at least 4 positions, first = last');
const maxParts = 2000;

/**
 * A risk source's location as a GeoJSON geometry in WGS-84 (RFC 7946: longitude first): a point, a
 * line (a pipeline, a road section) or a polygon (a site, a spoil ground), or their multi forms.
 */
export const geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: position }),
  z.object({ type: z.literal('MultiPoint'), coordinates: z.array(position).min(1).max(maxParts) }),
  z.object({
    type: z.literal('LineString'),
    coordinates: z.array(position).min(2, '线至少 2 个点 / a line needs at least 2 positions').max(20000),
  }),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(position).min(2)).min(1).max(maxParts) }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1).max(maxParts) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1).max(maxParts) }),
]);
export type Geometry = z.infer<typeof geometry>;

export const riskLevel = z.enum(riskLevels);
export const riskSourceStatus = z.enum(riskSourceStatuses);
export const assessmentMethod = z.enum(['lec', 'ls', 'direct']);

/** An org named in a source: the responsible unit, or the street / community / grid it lies in. */
const orgRef = z.object({ id, name: z.string() }).nullable();

/** A risk source as the registry lists it (风险清单). */
export const riskSource = z.object({
  id,
  code: z.string(),
  name: z.string(),
  category: z.string(),
  org: z.object({ id, name: z.string() }),
  street: orgRef,
  community: orgRef,
  grid: orgRef,
  address: z.string().nullable(),
  responsiblePerson: z.string().nullable(),
  assessedLevel: riskLevel.nullable(),
  /** Displayed level: the assessed one raised by open hazards or alarms (`risk.displayedLevel`). */
  level: riskLevel.nullable(),
  status: riskSourceStatus,
  locationConfirmedAt: timestamp.nullable(),
  /** Point, line or polygon; on the list too, so that a page of the list can be shown on a map. */
  geometry,
  updatedAt: timestamp,
  /**
   * The workflow's actions, and the source's own: `update` (PATCH), `assess` (POST …/assessments),
   * `addMeasure` (POST …/measures), `confirmLocation` (the street).
   */
  allowedActions: allowedActions([...workflowActions(riskSourceWorkflow), 'update', 'assess', 'addMeasure', 'confirmLocation']),
});
export type RiskSource = z.infer<typeof riskSource>;

export const assessment = z.object({
  id,
  method: assessmentMethod,
  /** {L,E,C} for LEC, {L,S} for LS, {} for a direct grading. */
  inputs: z.record(z.string(), z.number()),
  /** D (LEC) or R (LS); null for a direct grading. */
  score: z.number().nullable(),
  level: riskLevel,
  reason: z.string().nullable(),
  assessorName: z.string(),
  assessedAt: timestamp,
});
export type Assessment = z.infer<typeof assessment>;

export const controlMeasure = z.object({
  id,
  type: z.enum(controlMeasureTypeCodes),
  description: z.string(),
  responsibleLevel: z.enum(responsibleLevelCodes),
  responsibleUnit: z.string().nullable(),
  responsiblePerson: z.string().nullable(),
  reviewCycleDays: z.number().int(),
  nextReviewOn: isoDate,
  allowedActions: allowedActions(['update', 'delete']),
});
export type ControlMeasure = z.infer<typeof controlMeasure>;

/** An open or closed record of another module that raises the source's displayed level. */
export const levelRaiser = z.object({
  id,
  originModule: z.string(),
  originKind: z.string(),
  originId: z.string(),
  raiseTo: riskLevel,
  reason: z.string().nullable(),
  openedAt: timestamp,
  closedAt: timestamp.nullable(),
});

export const riskSourceDetail = riskSource.extend({
  responsiblePhone: z.string().nullable(),
  description: z.string().nullable(),
  hazardFactors: z.array(z.string()),
  accidentTypes: z.array(z.string()),
  /** Newest first; the first one set `assessedLevel`. */
  assessments: z.array(assessment),
  measures: z.array(controlMeasure),
  /** Open raisers first, then the last closed ones. */
  raisers: z.array(levelRaiser),
  locationConfirmedBy: z.string().nullable(),
  createdAt: timestamp,
  timeline: z.array(timelineEntry),
});
export type RiskSourceDetail = z.infer<typeof riskSourceDetail>;

/** The filters of the registry, shared by the list and its xlsx export. */
export const sourceFilters = {
  category: z.enum(riskCategoryCodes).optional(),
  level: riskLevel.optional(),
  status: riskSourceStatus.optional(),
  orgId: id.optional(),
  streetId: id.optional(),
  communityId: id.optional(),
  gridId: id.optional(),
  /** `true`: only sources whose location the street has confirmed; `false`: only those awaiting it. */
  locationConfirmed: z.enum(['true', 'false']).optional(),
};

export const listSources = endpoint({
  method: 'GET',
  path: '/api/risk/sources',
  permission: 'risk.read',
  summary: '风险源清单 / Risk sources (an enterprise sees its own; a department its units; a street those in its area)',
  tags: ['risk'],
  query: listQuery({ sort: ['code', 'name', 'level', 'category', 'status', 'updatedAt'], filters: sourceFilters }),
  response: page(riskSource),
});

export const getSource = endpoint({
  method: 'GET',
  path: '/api/risk/sources/:id',
  permission: 'risk.read',
  summary: '风险源详情 / One risk source with its assessments, control measures, raisers and timeline',
  tags: ['risk'],
  params: idParams,
  response: riskSourceDetail,
});

const sourceFields = {
  name: nameInput().min(2).max(200),
  category: z.enum(riskCategoryCodes),
  geometry,
  address: textInput().max(300).nullable().optional(),
  /** The responsible unit; an enterprise registers for itself (its own org when absent). */
  orgId: id.optional(),
  responsiblePerson: nameInput().max(50).nullable().optional(),
  responsiblePhone: z.string().trim().max(30).nullable().optional(),
  description: textInput().max(5000).nullable().optional(),
  hazardFactors: z.array(z.enum(hazardFactorCodes)).max(20).default([]),
  /** Codes of the GB 6441 edition in force (`risk.accidentTypeEditionOn`). */
  accidentTypes: z
    .array(z.string().regex(/^\d{2}$/, '事故类型编码为两位数字 / accident type codes are two digits'))
    .max(30)
    .default([]),
};

export const sourceInput = z.object(sourceFields);
export type SourceInput = z.input<typeof sourceInput>;

export const createSource = endpoint({
  method: 'POST',
  path: '/api/risk/sources',
  permission: 'risk.register',
  summary: '登记风险源 / Register a risk source (street, community and grid computed from its location)',
  tags: ['risk'],
  body: sourceInput,
  response: riskSourceDetail,
  status: 201,
});

export const updateSource = endpoint({
  method: 'PATCH',
  path: '/api/risk/sources/:id',
  permission: 'risk.register',
  summary: '修改风险源 / Edit a risk source (a move recomputes its areas and asks the street to confirm again)',
  tags: ['risk'],
  params: idParams,
  body: z.object({
    name: sourceFields.name.optional(),
    category: sourceFields.category.optional(),
    geometry: geometry.optional(),
    address: sourceFields.address,
    responsiblePerson: sourceFields.responsiblePerson,
    responsiblePhone: sourceFields.responsiblePhone,
    description: sourceFields.description,
    hazardFactors: z.array(z.enum(hazardFactorCodes)).max(20).optional(),
    accidentTypes: sourceFields.accidentTypes.unwrap().optional(),
  }),
  response: riskSourceDetail,
  errors: ['CONFLICT'],
});

export const sourceActionBodies = actionBodies(riskSourceWorkflow);

export const sourceAction = endpoint({
  method: 'POST',
  path: '/api/risk/sources/:id/actions/:action',
  permission: 'risk.read',
  summary: '风险源审核流程 / A census action: submit, review, return (reason), reopen (reason)',
  tags: ['risk'],
  params: actionParams,
  body: actionBody(sourceActionBodies),
  response: riskSourceDetail,
});

export const confirmLocation = endpoint({
  method: 'POST',
  path: '/api/risk/sources/:id/confirm-location',
  permission: 'risk.confirmLocation',
  summary: '街道确认位置 / The street confirms where the source is',
  tags: ['risk'],
  params: idParams,
  response: riskSourceDetail,
  errors: ['CONFLICT'],
});

const note = textInput().max(2000).optional();

/**
 * An assessment: LEC {L,E,C} (values of the LEC tables), LS {L,S} (each 1–5) or a direct grading
 * with its reason — CALC's `risk.assessmentInput`, with an optional note on the scored methods.
 */
export const assessInput = z.discriminatedUnion('method', [
  lecInput.extend({ method: z.literal('lec'), reason: note }),
  lsInput.extend({ method: z.literal('ls'), reason: note }),
  directGradingInput.extend({ method: z.literal('direct') }),
]);
export type AssessInput = z.input<typeof assessInput>;

export const assessSource = endpoint({
  method: 'POST',
  path: '/api/risk/sources/:id/assessments',
  permission: 'risk.register',
  summary: '评估风险源 / Assess a source (LEC, LS or direct); the latest assessment sets its assessed level',
  tags: ['risk'],
  params: idParams,
  body: assessInput,
  response: riskSourceDetail,
  status: 201,
});

export const measureInput = z.object({
  type: z.enum(controlMeasureTypeCodes),
  description: textInput().min(2).max(2000),
  responsibleLevel: z.enum(responsibleLevelCodes),
  responsibleUnit: nameInput().max(100).nullable().optional(),
  responsiblePerson: nameInput().max(50).nullable().optional(),
  reviewCycleDays: z.number().int().min(1).max(3660),
  /** The first review; from today plus the cycle when absent. */
  nextReviewOn: isoDate.optional(),
});
export type MeasureInput = z.input<typeof measureInput>;

export const addMeasure = endpoint({
  method: 'POST',
  path: '/api/risk/sources/:id/measures',
  permission: 'risk.register',
  summary: '添加管控措施 / Add a control measure',
  tags: ['risk'],
  params: idParams,
  body: measureInput,
  response: riskSourceDetail,
  status: 201,
});

export const updateMeasure = endpoint({
  method: 'PATCH',
  path: '/api/risk/measures/:id',
  permission: 'risk.register',
  summary: '修改管控措施 / Edit a control measure',
  tags: ['risk'],
  params: idParams,
  body: measureInput.partial(),
  response: riskSourceDetail,
});

export const deleteMeasure = endpoint({
  method: 'DELETE',
  path: '/api/risk/measures/:id',
  permission: 'risk.register',
  summary: '删除管控措施 / Delete a control measure',
  tags: ['risk'],
  params: idParams,
  response: riskSourceDetail,
});

/** The grading rules in force, with the defaults and where they come from. */
export const gradingSettings = z.object({
  grading: gradingConfig,
  defaults: gradingConfig,
  updatedAt: timestamp.nullable(),
  updatedBy: z.string().nullable(),
  allowedActions: allowedActions(['update']),
});

export const getSettings = endpoint({
  method: 'GET',
  path: '/api/risk/settings',
  permission: 'risk.read',
  summary: '风险分级规则 / The grading rules in force (LEC and LS thresholds) with their sources',
  tags: ['risk'],
  response: gradingSettings,
});

export const updateSettings = endpoint({
  method: 'PUT',
  path: '/api/risk/settings',
  permission: 'risk.manage',
  summary: '修改风险分级规则 / Change the grading rules; later assessments use them, earlier ones keep theirs',
  tags: ['risk'],
  body: gradingConfig,
  response: gradingSettings,
});

export const importTemplate = endpoint({
  method: 'GET',
  path: '/api/risk/sources/import-template.xlsx',
  permission: 'risk.register',
  summary: '风险源导入模板 / The xlsx template of the bulk import, with the codes as lists',
  tags: ['risk'],
  produces: [mediaType.xlsx],
});

/** One problem of one row of an import: the Excel row number, the column and what is wrong. */
export const importError = z.object({ row: z.number().int(), field: z.string(), message: z.object({ zh: z.string(), en: z.string() }) });

export const importReport = z.object({
  total: z.number().int(),
  valid: z.number().int(),
  errors: z.array(importError),
  /** The rows read (first 200), with the Excel row and whether each is valid, for the preview. */
  rows: z.array(z.object({ row: z.number().int(), name: z.string(), category: z.string(), orgName: z.string(), valid: z.boolean() })),
  /** Sources created: 0 for a preview, and for a commit refused because of errors. */
  imported: z.number().int(),
});
export type ImportReport = z.infer<typeof importReport>;

export const previewImport = endpoint({
  method: 'POST',
  path: '/api/risk/sources/import/preview',
  permission: 'risk.register',
  summary: '导入预检 / Check an xlsx of sources row by row; nothing is saved',
  tags: ['risk'],
  upload: { accept: [mediaType.xlsx] },
  response: importReport,
});

export const commitImport = endpoint({
  method: 'POST',
  path: '/api/risk/sources/import',
  permission: 'risk.register',
  summary: '导入风险源 / Import an xlsx of sources: nothing when a row has errors, unless validOnly=true imports the valid rows',
  tags: ['risk'],
  query: z.object({ validOnly: z.enum(['true', 'false']).default('false') }),
  upload: { accept: [mediaType.xlsx] },
  response: importReport,
  errors: ['RULE_VIOLATION'],
});

export const exportSources = endpoint({
  method: 'GET',
  path: '/api/risk/sources.xlsx',
  permission: 'risk.read',
  summary: '导出风险清单 / The registry (风险清单) as xlsx, with the list filters',
  tags: ['risk'],
  query: listQuery({ sort: ['code', 'name', 'level', 'category', 'status', 'updatedAt'], filters: sourceFilters }).omit({
    page: true,
    pageSize: true,
  }),
  produces: [mediaType.xlsx],
  errors: ['RULE_VIOLATION'],
});
