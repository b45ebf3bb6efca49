import { z } from 'zod';
import { hazardCategoryCodes, hazardLevels } from '../hazard/categories.js';
import { inspectionItemOrigins, inspectionResults, inspectionStatuses, inspectionWorkflow } from '../hazard/inspection.js';
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
import { fileMeta } from './platform.js';

const isoDate = z.iso.date();
const lng = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

/** Actions on an inspection: its workflow's, and answering an item of its checklist. */
export const inspectionActionNames = [...workflowActions(inspectionWorkflow), 'answer'] as const;

export const inspectionTemplateItem = z.object({
  text: z.string(),
  category: z.string(),
  basis: z.object({ rule: z.string(), source: z.string(), verified: z.boolean() }),
});

export const inspectionTemplate = z.object({
  code: z.string(),
  name: bilingual,
  appliesTo: bilingual,
  items: z.array(inspectionTemplateItem),
});

export const listInspectionTemplates = endpoint({
  method: 'GET',
  path: '/api/hazard-inspections/templates',
  permission: 'hazard.inspect',
  summary: "排查模板 / Checklist templates of the special campaigns (九小场所, 电动自行车, 燃气 …) with each item's basis",
  tags: ['hazard'],
  response: z.object({ items: z.array(inspectionTemplate) }),
});

/** One line of the checklist, with its answer and, when it failed, the hazard it made. */
export const inspectionItem = z.object({
  id,
  position: z.number().int(),
  text: z.string(),
  basis: z.string().nullable(),
  category: z.string().nullable(),
  origin: z.enum(inspectionItemOrigins),
  riskSourceId: id.nullable(),
  controlMeasureId: id.nullable(),
  clauseId: id.nullable(),
  result: z.enum(inspectionResults),
  note: z.string().nullable(),
  photos: z.array(fileMeta),
  hazardId: id.nullable(),
  hazardCode: z.string().nullable(),
  answeredByName: z.string().nullable(),
  answeredAt: timestamp.nullable(),
});
export type InspectionItem = z.infer<typeof inspectionItem>;

export const inspection = z.object({
  id,
  code: z.string(),
  title: z.string(),
  targetOrgId: id.nullable(),
  targetOrgName: z.string().nullable(),
  placeName: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  streetId: id.nullable(),
  streetName: z.string().nullable(),
  inspectorOrgId: id,
  inspectorOrgName: z.string(),
  inspectorId: id.nullable(),
  inspectorName: z.string().nullable(),
  templateCode: z.string().nullable(),
  plannedOn: isoDate,
  status: z.enum(inspectionStatuses),
  startedAt: timestamp.nullable(),
  completedAt: timestamp.nullable(),
  summary: z.string().nullable(),
  itemCount: z.number().int(),
  answeredCount: z.number().int(),
  failedCount: z.number().int(),
  updatedAt: timestamp,
  allowedActions: allowedActions(inspectionActionNames),
});
export type Inspection = z.infer<typeof inspection>;

export const inspectionDetail = inspection.extend({
  items: z.array(inspectionItem),
  timeline: z.array(timelineEntry),
});
export type InspectionDetail = z.infer<typeof inspectionDetail>;

export const inspectionListQuery = listQuery({
  sort: ['plannedOn', 'code', 'status', 'updatedAt'],
  filters: {
    status: z.enum(inspectionStatuses).optional(),
    templateCode: z.string().max(50).optional(),
    targetOrgId: id.optional(),
    streetId: id.optional(),
    /** `true`: only those the caller's own org runs. */
    mine: z.enum(['true', 'false']).optional(),
  },
});

export const listInspections = endpoint({
  method: 'GET',
  path: '/api/hazard-inspections',
  permission: 'hazard.read',
  summary: '排查任务列表 / Inspections: those the caller runs, of its own enterprise, or in its area',
  tags: ['hazard'],
  query: inspectionListQuery,
  response: page(inspection),
});

export const exportInspections = endpoint({
  method: 'GET',
  path: '/api/hazard-inspections.xlsx',
  permission: 'hazard.read',
  summary:
    '导出排查记录台账 / The inspection ledger (排查记录台账) as xlsx: target, date, items passed and failed, hazards registered; with the list filters',
  tags: ['hazard'],
  query: inspectionListQuery.omit({ page: true, pageSize: true }),
  produces: [mediaType.xlsx],
  errors: ['RULE_VIOLATION'],
});

export const getInspection = endpoint({
  method: 'GET',
  path: '/api/hazard-inspections/:id',
  permission: 'hazard.read',
  summary: '排查任务 / One inspection with its checklist, answers, photos, the hazards it made and its timeline',
  tags: ['hazard'],
  params: idParams,
  response: inspectionDetail,
});

export const createInspection = endpoint({
  method: 'POST',
  path: '/api/hazard-inspections',
  permission: 'hazard.inspect',
  summary: "新建排查任务 / Plan an inspection: its checklist is built from the target's control measures, chosen clauses and a template",
  tags: ['hazard'],
  body: z.object({
    title: nameInput().min(1).max(200),
    /** The enterprise inspected; its risk sources' control measures enter the checklist. */
    targetOrgId: id.optional(),
    /** A public place (or the enterprise's site) by name and point. */
    placeName: nameInput().min(1).max(200).optional(),
    lng: lng.optional(),
    lat: lat.optional(),
    /** The inspecting org; the caller's own by default. */
    inspectorOrgId: id.optional(),
    plannedOn: isoDate,
    templateCode: z.string().max(50).optional(),
    /** Clauses of the 判定标准 library to check. */
    clauseIds: z.array(id).max(100).default([]),
    /** The target's risk sources whose control measures are checked; all of the target's when left out. */
    riskSourceIds: z.array(id).max(200).optional(),
    /** Lines the inspector adds. */
    customItems: z.array(textInput().min(2).max(500)).max(50).default([]),
  }),
  response: inspectionDetail,
  status: 201,
  errors: ['RULE_VIOLATION'],
});

const itemParams = z.object({ id, itemId: id });

export const answerInspectionItem = endpoint({
  method: 'PUT',
  path: '/api/hazard-inspections/:id/items/:itemId',
  permission: 'hazard.inspect',
  summary: '填写排查项 / Answer one item: pass, fail (a hazard is registered from it) or not applicable, with a note and photos',
  tags: ['hazard'],
  params: itemParams,
  body: z.object({
    result: z.enum(['pass', 'fail', 'na']),
    note: textInput().max(2000).optional(),
    photoIds: z.array(id).max(9).default([]),
    /** Where the failure was seen (the device's location); the inspection's point otherwise. */
    lng: lng.optional(),
    lat: lat.optional(),
    /** What the hazard made from a failed item says, beyond what the item gives it. */
    hazard: z
      .object({
        title: nameInput().min(1).max(200).optional(),
        level: z.enum(hazardLevels).default('一般'),
        category: z.enum(hazardCategoryCodes).optional(),
        description: textInput().max(4000).optional(),
        deadline: isoDate.optional(),
        majorBasis: textInput().max(2000).optional(),
        /** 责任单位; the inspected enterprise by default (required for a place without one). */
        responsibleOrgId: id.optional(),
      })
      .optional(),
  }),
  response: inspectionDetail,
  errors: ['RULE_VIOLATION'],
});

/** What a client sends to answer an item. */
export type AnswerBody = z.input<typeof answerInspectionItem.body>;

/** The body of each workflow action, by name. */
export const inspectionActionBodies = actionBodies(inspectionWorkflow);

export const inspectionAction = endpoint({
  method: 'POST',
  path: '/api/hazard-inspections/:id/actions/:action',
  permission: 'hazard.inspect',
  summary: '开始、完成、取消排查 / Start, complete (every item answered) or cancel an inspection',
  tags: ['hazard'],
  params: actionParams,
  body: actionBody(inspectionActionBodies),
  response: inspectionDetail,
  errors: ['RULE_VIOLATION'],
});
