import { z } from 'zod';
import { accidentGrades, gradingCriteria } from '../emergency/grading.js';
import { incidentCategories, incidentOrigins } from '../emergency/incident-types.js';
import { emergencySettings } from '../emergency/settings.js';
import { incidentStatuses, incidentWorkflow } from '../emergency/workflow.js';
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

/**
 * The emergency module's incident part (应急指挥 · 事故接报): the public 493号令 grade calculator, incidents recorded
 * from any origin and graded from their figures, their workflow, and the module's settings.
 */

const isoDateTime = z.iso.datetime({
  offset: true,
  message: '时间格式为 ISO 8601，如 2026-03-01T09:30:00+08:00 / an ISO 8601 date-time such as 2026-03-01T09:30:00+08:00',
});

export const accidentGrade = z.enum(accidentGrades, {
  error: '事故等级为特别重大、重大、较大或一般 / grade is 特别重大, 重大, 较大 or 一般',
});
export const gradingCriterion = z.enum(gradingCriteria);
export const incidentStatus = z.enum(incidentStatuses);
export const incidentCategory = z.enum(incidentCategories, { error: '事故类别不在列表中 / unknown incident category' });
export const incidentOrigin = z.enum(incidentOrigins, { error: '接报来源不在列表中 / unknown origin' });

/** A count of people: a whole number ≥ 0 (a string, a fraction or a negative is a 400 naming the field). */
const count = (zh: string, en: string) =>
  z
    .number({ error: `${zh}须为数字 / ${en} must be a number` })
    .int(`${zh}须为整数 / ${en} must be a whole number`)
    .min(0, `${zh}不能为负数 / ${en} cannot be negative`)
    .max(1_000_000, `${zh}过大 / ${en} is too large`);

/** 直接经济损失 in 万元, at most two decimals as stored (numeric(14, 2)). */
const lossWan = z
  .number({ error: '直接经济损失须为数字（万元） / directLossWan must be a number (10 000 yuan)' })
  .min(0, '直接经济损失不能为负数 / directLossWan cannot be negative')
  .max(999_999_999_999, '直接经济损失过大 / directLossWan is too large');

/** The three figures 493号令 Art. 3 grades on. */
export const gradingInput = z.object({
  deaths: count('死亡人数', 'deaths'),
  seriousInjuries: count('重伤人数', 'seriousInjuries'),
  directLossWan: lossWan,
});

export const calcAccidentGrade = endpoint({
  method: 'POST',
  path: '/api/calc/accident-grade',
  permission: 'public',
  summary:
    '事故等级计算（国务院令第493号第三条）：死亡、重伤、直接经济损失（万元）取最高等级 / Accident grade (Decree 493, Art. 3): the highest grade reached on deaths, serious injuries and direct loss (10 000 yuan)',
  tags: ['calc'],
  body: gradingInput,
  response: z.object({
    grade: accidentGrade,
    /** The criteria whose own grade equals the result (all three when none reaches 较大). */
    decidedBy: z.array(gradingCriterion),
  }),
});

/** All figures of an incident: the three graded on, missing people and minor injuries (Art. 12 (4)). */
export const incidentFigures = gradingInput.extend({
  missing: count('失踪人数', 'missing'),
  minorInjuries: count('轻伤人数', 'minorInjuries'),
});
export type IncidentFigures = z.infer<typeof incidentFigures>;

/**
 * What records an incident. Areas (street, community, grid) are computed from `lng`/`lat`, never sent; an
 * enterprise records its own incidents (its org is the unit). Figures default to 0.
 */
export const incidentInput = z
  .object({
    title: nameInput().min(2).max(200),
    category: incidentCategory,
    origin: incidentOrigin,
    originRef: z.string().trim().max(100).nullable().optional(),
    /** A GB 6441 accident type code. */
    accidentType: z.string().trim().max(20).nullable().optional(),
    occurredAt: isoDateTime,
    /** When the unit head learned of it (Art. 9's clock); by default the time it is recorded. */
    learnedAt: isoDateTime.optional(),
    summary: textInput().max(5000).nullable().optional(),
    measuresTaken: textInput().max(5000).nullable().optional(),
    placeName: nameInput().max(200).nullable().optional(),
    lng: z.number().min(-180, '经度须在 -180 到 180 之间 / longitude must be within -180..180').max(180).optional(),
    lat: z.number().min(-90, '纬度须在 -90 到 90 之间 / latitude must be within -90..90').max(90).optional(),
    /** 事故发生单位 when it is registered. */
    unitOrgId: id.nullable().optional(),
    /** 事故发生单位 in words when it is not. */
    unitName: nameInput().max(200).nullable().optional(),
    ...incidentFigures.partial().shape,
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
export type IncidentInput = z.input<typeof incidentInput>;
export type IncidentInputParsed = z.output<typeof incidentInput>;

const orgRef = z.object({ id, name: z.string() });

export const incidentActionNames = workflowActions(incidentWorkflow);

/** An incident as lists and the map show it. */
export const incident = z.object({
  id,
  code: z.string(),
  title: z.string(),
  category: incidentCategory,
  origin: incidentOrigin,
  status: incidentStatus,
  grade: accidentGrade,
  gradeDecidedBy: z.array(gradingCriterion),
  occurredAt: timestamp,
  learnedAt: timestamp,
  placeName: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  street: orgRef.nullable(),
  community: orgRef.nullable(),
  grid: orgRef.nullable(),
  unitOrg: orgRef.nullable(),
  unitName: z.string().nullable(),
  deaths: z.number().int(),
  missing: z.number().int(),
  seriousInjuries: z.number().int(),
  minorInjuries: z.number().int(),
  directLossWan: z.number(),
  updatedAt: timestamp,
  allowedActions: allowedActions([...incidentActionNames, 'changeFigures']),
});
export type Incident = z.infer<typeof incident>;

/** One grading of an incident: at its record, then at each change of its figures. */
export const gradeHistoryEntry = z.object({
  changedAt: timestamp,
  deaths: z.number().int(),
  missing: z.number().int(),
  seriousInjuries: z.number().int(),
  minorInjuries: z.number().int(),
  directLossWan: z.number(),
  grade: accidentGrade,
  decidedBy: z.array(gradingCriterion),
  note: z.string().nullable(),
  changedBy: z.string().nullable(),
});

export const incidentDetail = incident.extend({
  originRef: z.string().nullable(),
  accidentType: z.string().nullable(),
  summary: z.string().nullable(),
  measuresTaken: z.string().nullable(),
  reportedBy: z.string().nullable(),
  reportedOrg: orgRef,
  createdAt: timestamp,
  /** Oldest first. */
  gradeHistory: z.array(gradeHistoryEntry),
  timeline: z.array(timelineEntry),
});
export type IncidentDetail = z.infer<typeof incidentDetail>;

export const incidentFilters = {
  status: incidentStatus.optional(),
  grade: accidentGrade.optional(),
  category: incidentCategory.optional(),
  streetId: id.optional(),
  /** Occurred on or after this instant. */
  from: isoDateTime.optional(),
  /** Occurred before this instant. */
  to: isoDateTime.optional(),
};
export const incidentSorts = ['occurredAt', 'grade', 'code'] as const;

export const listIncidents = endpoint({
  method: 'GET',
  path: '/api/emergency/incidents',
  permission: 'emergency.read',
  summary: '事故/突发事件列表 / Incidents (a street sees those in its area; an enterprise its own)',
  tags: ['emergency'],
  query: listQuery({ sort: incidentSorts, filters: incidentFilters }),
  response: page(incident),
});

export const getIncident = endpoint({
  method: 'GET',
  path: '/api/emergency/incidents/:id',
  permission: 'emergency.read',
  summary: '事故详情 / One incident with its grade history and timeline',
  tags: ['emergency'],
  params: idParams,
  response: incidentDetail,
});

export const createIncident = endpoint({
  method: 'POST',
  path: '/api/emergency/incidents',
  permission: 'emergency.report',
  summary: '事故接报 / Record an incident (graded by Decree 493, Art. 3, from its figures)',
  tags: ['emergency'],
  body: incidentInput,
  response: incidentDetail,
  status: 201,
  errors: ['RULE_VIOLATION'],
});

export const changeFigures = endpoint({
  method: 'PUT',
  path: '/api/emergency/incidents/:id/figures',
  permission: 'emergency.report',
  summary: '核报伤亡和损失 / Change the casualties and loss: the grade is recomputed and the history kept',
  tags: ['emergency'],
  params: idParams,
  body: incidentFigures.extend({ note: textInput().max(2000).nullable().optional() }),
  response: incidentDetail,
  errors: ['CONFLICT'],
});

export const incidentActionBodies = actionBodies(incidentWorkflow);

export const incidentAction = endpoint({
  method: 'POST',
  path: '/api/emergency/incidents/:id/actions/:action',
  permission: 'emergency.read',
  summary: '事故处置流程 / A step of the incident: start the response, conclude, investigate, close',
  tags: ['emergency'],
  params: actionParams,
  body: actionBody(incidentActionBodies),
  response: incidentDetail,
});

export const exportIncidents = endpoint({
  method: 'GET',
  path: '/api/emergency/incidents.xlsx',
  permission: 'emergency.read',
  summary: '导出事故台账 / The incidents as xlsx, with the list filters',
  tags: ['emergency'],
  query: listQuery({ sort: incidentSorts, filters: incidentFilters }).omit({ page: true, pageSize: true }),
  produces: [mediaType.xlsx],
  errors: ['RULE_VIOLATION'],
});

export const incidentFeature = z.object({
  type: z.literal('Feature'),
  id,
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.object({
    id,
    code: z.string(),
    title: z.string(),
    grade: accidentGrade,
    status: incidentStatus,
    category: incidentCategory,
    occurredAt: timestamp,
  }),
});

export const incidentsGeoJson = endpoint({
  method: 'GET',
  path: '/api/emergency/incidents.geojson',
  permission: 'emergency.read',
  summary: '事故分布图 / Incidents with a place as GeoJSON points (same filters as the list)',
  tags: ['emergency'],
  query: z.object({ q: z.string().trim().max(100).optional(), ...incidentFilters }),
  response: z.object({ type: z.literal('FeatureCollection'), features: z.array(incidentFeature) }),
});

/** The settings in force, the defaults beside them, and who changed them last. */
export const emergencySettingsView = z.object({
  settings: emergencySettings,
  defaults: emergencySettings,
  updatedAt: timestamp.nullable(),
  updatedBy: z.string().nullable(),
  allowedActions: allowedActions(['update']),
});
export type EmergencySettingsView = z.infer<typeof emergencySettingsView>;

export const getSettings = endpoint({
  method: 'GET',
  path: '/api/emergency/settings',
  permission: 'emergency.read',
  summary: '应急指挥设置（续报间隔、避难面积、消防到达时间、预案评估、演练、物资临期） / The emergency settings',
  tags: ['emergency'],
  response: emergencySettingsView,
});

export const updateSettings = endpoint({
  method: 'PUT',
  path: '/api/emergency/settings',
  permission: 'emergency.manage',
  summary: '修改应急指挥设置 / Change the emergency settings',
  tags: ['emergency'],
  body: emergencySettings,
  response: emergencySettingsView,
});
