import { z } from 'zod';
import { hazardCategoryCodes } from '../hazard/categories.js';
import { hazardSettings } from '../hazard/settings.js';
import { confidences } from '../risk/grading.js';
import { nameInput, textInput } from '../text.js';
import { allowedActions, bilingual, id, idParams, timestamp } from './common.js';
import { endpoint } from './endpoint.js';

/** One clause of a 判定标准 as the library holds it. */
export const standardClause = z.object({
  id,
  standardId: id,
  number: z.string(),
  text: z.string(),
  position: z.number().int(),
  builtIn: z.boolean(),
  active: z.boolean(),
  allowedActions: allowedActions(['update', 'delete']),
});
export type StandardClause = z.infer<typeof standardClause>;

/** A 重大事故隐患判定标准 with its clauses, where it comes from and whether that was verified. */
export const hazardStandard = z.object({
  id,
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  issuer: z.string().nullable(),
  documentNumber: z.string().nullable(),
  /** A code of `hazard.hazardCategories`. */
  sector: z.string().nullable(),
  effectiveOn: z.iso.date().nullable(),
  source: bilingual,
  confidence: z.enum(confidences),
  builtIn: z.boolean(),
  active: z.boolean(),
  updatedAt: timestamp,
  clauses: z.array(standardClause),
  allowedActions: allowedActions(['update', 'delete', 'addClause']),
});
export type HazardStandard = z.infer<typeof hazardStandard>;

export const standardLibrary = z.object({
  items: z.array(hazardStandard),
  allowedActions: allowedActions(['create']),
});

/** What an administrator sets on a standard (its `code`, the key the seed finds it by, is fixed at creation). */
export const standardFields = z.object({
  name: nameInput().min(2).max(200),
  nameEn: nameInput().max(300).nullish(),
  issuer: nameInput().max(200).nullish(),
  documentNumber: nameInput().max(100).nullish(),
  sector: z.enum(hazardCategoryCodes).nullish(),
  effectiveOn: z.iso.date().nullish(),
  /** Where it comes from; the English text defaults to the Chinese one. */
  source: z.object({ zh: textInput().min(2).max(500), en: textInput().max(500).optional() }),
  confidence: z.enum(confidences),
});

export const standardCreate = standardFields.extend({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, {
      message: '代码为 2–40 位小写字母、数字或连字符 / The code is 2–40 lowercase letters, digits or hyphens',
    }),
});
export type StandardCreate = z.input<typeof standardCreate>;

export const standardUpdate = standardFields.extend({ active: z.boolean() });
export type StandardUpdate = z.input<typeof standardUpdate>;

export const clauseInput = z.object({
  number: nameInput().min(1).max(40),
  text: textInput().min(2).max(2000),
});
export const clauseUpdate = clauseInput.extend({ active: z.boolean() });
export type ClauseInput = z.input<typeof clauseInput>;
export type ClauseUpdate = z.input<typeof clauseUpdate>;

/** What DELETE did: a built-in entry, or one a hazard cites, is deactivated; any other is deleted. */
export const removal = z.object({ outcome: z.enum(['deleted', 'deactivated']) });

export const listStandards = endpoint({
  method: 'GET',
  path: '/api/hazards/standards',
  permission: 'hazard.read',
  summary:
    '重大事故隐患判定标准库（含条款、来源和核实情况） / The library of major-hazard criteria with their clauses, sources and confidence',
  tags: ['hazard'],
  response: standardLibrary,
});

export const createStandard = endpoint({
  method: 'POST',
  path: '/api/hazards/standards',
  permission: 'hazard.manage',
  summary: '新增判定标准 / Add a criteria document to the library',
  tags: ['hazard'],
  body: standardCreate,
  response: hazardStandard,
  status: 201,
  errors: ['CONFLICT'],
});

export const updateStandard = endpoint({
  method: 'PUT',
  path: '/api/hazards/standards/:id',
  permission: 'hazard.manage',
  summary: '修改或停用判定标准 / Edit, deactivate or reactivate a criteria document',
  tags: ['hazard'],
  params: idParams,
  body: standardUpdate,
  response: hazardStandard,
});

export const deleteStandard = endpoint({
  method: 'DELETE',
  path: '/api/hazards/standards/:id',
  permission: 'hazard.manage',
  summary: '删除判定标准（内置或已被隐患引用的改为停用） / Delete a criteria document (built-in or cited ones are deactivated)',
  tags: ['hazard'],
  params: idParams,
  response: removal,
});

export const addClause = endpoint({
  method: 'POST',
  path: '/api/hazards/standards/:id/clauses',
  permission: 'hazard.manage',
  summary: '新增判定条款 / Add a clause to a criteria document',
  tags: ['hazard'],
  params: idParams,
  body: clauseInput,
  response: standardClause,
  status: 201,
  errors: ['CONFLICT'],
});

export const updateClause = endpoint({
  method: 'PUT',
  path: '/api/hazards/standards/clauses/:id',
  permission: 'hazard.manage',
  summary: '修改或停用判定条款 / Edit, deactivate or reactivate a clause',
  tags: ['hazard'],
  params: idParams,
  body: clauseUpdate,
  response: standardClause,
  errors: ['CONFLICT'],
});

export const deleteClause = endpoint({
  method: 'DELETE',
  path: '/api/hazards/standards/clauses/:id',
  permission: 'hazard.manage',
  summary: '删除判定条款（内置或已被隐患引用的改为停用） / Delete a clause (built-in or cited ones are deactivated)',
  tags: ['hazard'],
  params: idParams,
  response: removal,
});

/** The settings in force, the defaults beside them, and who changed them last. */
export const hazardSettingsView = z.object({
  settings: hazardSettings,
  defaults: hazardSettings,
  updatedAt: timestamp.nullable(),
  updatedBy: z.string().nullable(),
  allowedActions: allowedActions(['update']),
});
export type HazardSettingsView = z.infer<typeof hazardSettingsView>;

export const getSettings = endpoint({
  method: 'GET',
  path: '/api/hazards/settings',
  permission: 'hazard.read',
  summary:
    '隐患规则设置（现场审查期限、重复隐患窗口、临期天数、逾期逐级通知） / The hazard settings: review period, repeat window, due-soon days, escalation',
  tags: ['hazard'],
  response: hazardSettingsView,
});

export const updateSettings = endpoint({
  method: 'PUT',
  path: '/api/hazards/settings',
  permission: 'hazard.manage',
  summary: '修改隐患规则设置（之后的隐患和提醒按新设置） / Change the hazard settings; later hazards and reminders follow them',
  tags: ['hazard'],
  body: hazardSettings,
  response: hazardSettingsView,
});
