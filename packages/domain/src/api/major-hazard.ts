import { z } from 'zod';
import { hazardCategoryCodes } from '../major-hazard/gb18218.js';
import { installationStatuses, installationWorkflow, unitKinds } from '../major-hazard/workflow.js';
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

const isoDate = z.iso.date();
const grade = z.number().int().min(1).max(4);

/** WGS-84 [longitude, latitude]. */
export const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,20}$/, '电话号码格式不正确 / invalid phone number');

/** One 包保责任人: name, post and phone. */
export const responsiblePerson = z.object({
  name: nameInput().min(1).max(50),
  post: nameInput().min(1).max(50),
  phone,
});

/** 包保责任人: 主要负责人, 技术负责人, 操作负责人 (each may be named later). */
export const responsiblePersons = z.object({
  main: responsiblePerson.nullable(),
  technical: responsiblePerson.nullable(),
  operational: responsiblePerson.nullable(),
});
export type ResponsiblePersons = z.infer<typeof responsiblePersons>;

/** One substance of the inventory as entered: named (表1, by name or CAS) or by its 表2 category. */
export const inventoryInput = z.object({
  substanceName: nameInput().min(1).max(100),
  cas: z
    .string()
    .trim()
    .regex(/^\d{2,7}-\d{2}-\d$/, 'CAS 号格式为 数字-数字-校验位 / a CAS number such as 7664-41-7')
    .nullable()
    .optional(),
  /** A 表2 category code (W5.4, J3 …): required for a substance not named in 表1. */
  category: z.enum(hazardCategoryCodes).nullable().optional(),
  /** The greatest quantity present at any time, in tonnes. */
  quantityTonnes: z.number().min(0, '数量不能为负 / the quantity cannot be negative').max(10_000_000),
  form: nameInput().max(50).nullable().optional(),
  note: textInput().max(500).nullable().optional(),
});
export type InventoryInput = z.infer<typeof inventoryInput>;

/** How sure the reference is of a tabulated value: [V] verified, [P] partly, [U] unverified. */
export const sourceFlag = z.enum(['V', 'P', 'U']);

/** One substance with its GB 18218 figures: Q (临界量), q/Q and β. */
export const inventoryItem = z.object({
  id,
  substanceName: z.string(),
  cas: z.string().nullable(),
  category: z.string().nullable(),
  quantityTonnes: z.number(),
  form: z.string().nullable(),
  note: z.string().nullable(),
  /** Q, t (表1 or 表2). */
  criticalQuantityTonnes: z.number(),
  /** q/Q. */
  ratio: z.number(),
  /** β (表3 or 表4). */
  beta: z.number(),
  /** How Q was found: 表1 by name or CAS, or 表2 by category. */
  matchedBy: z.enum(['name', 'cas', 'category']),
  /** The 表1 row (`表1 第1项 氨`) or 表2 category (`表2 W5.4`) whose Q was used. */
  basis: z.string(),
  /** Where β came from: 表3, 表4, or 1 by default (a 表1 substance given without its category). */
  betaBy: z.enum(['table3', 'table4', 'default']),
  /** How sure the reference is of Q and of β: anything but V is shown as 未核实. */
  criticalQuantityConfidence: sourceFlag,
  betaConfidence: sourceFlag,
});
export type InventoryItem = z.infer<typeof inventoryItem>;

/** Actions on an installation: its workflow's, and those of its own endpoints. */
export const installationActionNames = [...workflowActions(installationWorkflow), 'update', 'editInventory'] as const;

export const installation = z.object({
  id,
  orgId: id,
  orgName: z.string(),
  name: z.string(),
  unitKind: z.enum(unitKinds),
  location: lngLat,
  address: z.string().nullable(),
  streetId: id.nullable(),
  streetName: z.string().nullable(),
  communityId: id.nullable(),
  communityName: z.string().nullable(),
  gridId: id.nullable(),
  gridName: z.string().nullable(),
  exposedPopulation: z.number().int(),
  /** S = Σ q/Q; a major hazard at S ≥ 1. */
  s: z.number(),
  /** R = α Σ β q/Q, null when not a major hazard. */
  r: z.number().nullable(),
  alpha: z.number(),
  grade: grade.nullable(),
  isMajor: z.boolean(),
  status: z.enum(installationStatuses),
  declaredOn: isoDate.nullable(),
  registeredOn: isoDate.nullable(),
  registrationNo: z.string().nullable(),
  responsible: responsiblePersons,
  updatedAt: timestamp,
  allowedActions: allowedActions(installationActionNames),
});
export type Installation = z.infer<typeof installation>;

/** One change of the grade: when, by whose change, from and to. */
export const gradeChange = z.object({
  id: z.string(),
  fromGrade: grade.nullable(),
  toGrade: grade.nullable(),
  fromS: z.number().nullable(),
  toS: z.number(),
  fromR: z.number().nullable(),
  toR: z.number().nullable(),
  cause: z.enum(['created', 'inventory', 'population']),
  actorName: z.string(),
  at: timestamp,
});

export const installationDetail = installation.extend({
  inventory: z.array(inventoryItem),
  gradeChanges: z.array(gradeChange),
  timeline: z.array(timelineEntry),
});
export type InstallationDetail = z.infer<typeof installationDetail>;

const filters = {
  /** 1–4, or `none` for units that are not a major hazard. */
  grade: z.enum(['1', '2', '3', '4', 'none']).optional(),
  streetId: id.optional(),
  orgId: id.optional(),
  status: z.enum(installationStatuses).optional(),
};

export const installationListQuery = listQuery({ sort: ['name', 'grade', 'r', 's', 'updatedAt', 'declaredOn'], filters });

export const listInstallations = endpoint({
  method: 'GET',
  path: '/api/major-hazards',
  permission: 'majorHazard.read',
  summary: '重大危险源列表 / Major hazard installations (filter by grade, street, enterprise, status)',
  tags: ['majorHazard'],
  query: installationListQuery,
  response: page(installation),
});

export const installationsXlsx = endpoint({
  method: 'GET',
  path: '/api/major-hazards.xlsx',
  permission: 'majorHazard.read',
  summary: '导出重大危险源辨识分级一览表 / The identification and grading table as xlsx (same filters as the list)',
  tags: ['majorHazard'],
  query: z.object({ q: z.string().trim().max(100).optional(), ...filters }),
  produces: [mediaType.xlsx],
});

export const installationFeature = z.object({
  type: z.literal('Feature'),
  id,
  geometry: z.object({ type: z.literal('Point'), coordinates: lngLat }),
  properties: z.object({
    id,
    name: z.string(),
    orgName: z.string(),
    grade: grade.nullable(),
    isMajor: z.boolean(),
    status: z.enum(installationStatuses),
    r: z.number().nullable(),
  }),
});

export const installationsGeoJson = endpoint({
  method: 'GET',
  path: '/api/major-hazards.geojson',
  permission: 'majorHazard.read',
  summary: '重大危险源电子地图 / Installations as GeoJSON points with their grade (same filters as the list)',
  tags: ['majorHazard'],
  query: z.object({ q: z.string().trim().max(100).optional(), ...filters }),
  response: z.object({ type: z.literal('FeatureCollection'), features: z.array(installationFeature) }),
});

export const getInstallation = endpoint({
  method: 'GET',
  path: '/api/major-hazards/:id',
  permission: 'majorHazard.read',
  summary: '重大危险源 / One installation with its inventory, q/Q and β per substance, grade history and timeline',
  tags: ['majorHazard'],
  params: idParams,
  response: installationDetail,
});

const installationFields = {
  name: nameInput().min(1).max(100),
  unitKind: z.enum(unitKinds),
  location: lngLat,
  address: textInput().max(200).nullable().optional(),
  /** People within 500 m (GB 18218-2018 表5). */
  exposedPopulation: z.number().int().min(0).max(10_000_000),
  responsible: responsiblePersons.optional(),
};

export const createInstallation = endpoint({
  method: 'POST',
  path: '/api/major-hazards',
  permission: 'majorHazard.declare',
  summary: '新增重大危险源辨识单元 / Add a unit with its inventory (its grade is computed)',
  tags: ['majorHazard'],
  body: z.object({
    /** The enterprise; an enterprise's own user may leave it out. */
    orgId: id.optional(),
    ...installationFields,
    inventory: z.array(inventoryInput).max(200).default([]),
  }),
  response: installationDetail,
  status: 201,
  errors: ['RULE_VIOLATION'],
});

export const updateInstallation = endpoint({
  method: 'PATCH',
  path: '/api/major-hazards/:id',
  permission: 'majorHazard.declare',
  summary: '修改重大危险源 / Change a unit (a new exposed population re-grades it)',
  tags: ['majorHazard'],
  params: idParams,
  body: z.object(installationFields).partial(),
  response: installationDetail,
});

export const addInventoryItem = endpoint({
  method: 'POST',
  path: '/api/major-hazards/:id/inventory',
  permission: 'majorHazard.declare',
  summary: '添加危险物质 / Add a substance (the grade is recomputed)',
  tags: ['majorHazard'],
  params: idParams,
  body: inventoryInput,
  response: installationDetail,
  status: 201,
});

const itemParams = z.object({ id, itemId: id });

export const updateInventoryItem = endpoint({
  method: 'PUT',
  path: '/api/major-hazards/:id/inventory/:itemId',
  permission: 'majorHazard.declare',
  summary: '修改危险物质 / Change a substance (the grade is recomputed)',
  tags: ['majorHazard'],
  params: itemParams,
  body: inventoryInput,
  response: installationDetail,
});

export const deleteInventoryItem = endpoint({
  method: 'DELETE',
  path: '/api/major-hazards/:id/inventory/:itemId',
  permission: 'majorHazard.declare',
  summary: '删除危险物质 / Remove a substance (the grade is recomputed)',
  tags: ['majorHazard'],
  params: itemParams,
  response: installationDetail,
});

/** The body of each workflow action, by name. */
export const installationActionBodies = actionBodies(installationWorkflow);

export const installationAction = endpoint({
  method: 'POST',
  path: '/api/major-hazards/:id/actions/:action',
  permission: 'majorHazard.read',
  summary: '申报、登记备案、退回、核销 / Declare, register, return or write off an installation',
  tags: ['majorHazard'],
  params: actionParams,
  body: actionBody(installationActionBodies),
  response: installationDetail,
  errors: ['RULE_VIOLATION'],
});
