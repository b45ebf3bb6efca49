/**
 * 自评打分 endpoints: the scoring tree of a campaign (data an administrator imports, seeds and
 * edits), findings that deduct points until closed, and the score they leave. Points travel as
 * integers in hundredths of a point (`…Centi`: 0.5 分 = 50), like the tables and the calculator;
 * the xlsx speaks points as people write them.
 */
import { z } from 'zod';
import { nameInput, textInput } from '../text.js';
import {
  scoringConfidences,
  scoringFindingSources,
  scoringFindingStatuses,
  scoringFindingWorkflow,
  scoringKinds,
  scoringSupports,
} from '../campaign/scoring.js';
import {
  actionBodies,
  actionBody,
  allowedActions,
  bilingual,
  id,
  idParams,
  listQuery,
  ok,
  page,
  timelineEntry,
  timestamp,
  workflowActions,
} from './common.js';
import { endpoint, mediaType } from './endpoint.js';

export const scoringKind = z.enum(scoringKinds, { message: '类型为 item、bonus 或 veto / kind is item, bonus or veto' });
export const scoringConfidence = z.enum(scoringConfidences, { message: '可信度为 V、P 或 U / confidence is V, P or U' });
export const findingSource = z.enum(scoringFindingSources, {
  message: '来源为 self、expert 或 reviewer / source is self, expert or reviewer',
});
export const findingStatus = z.enum(scoringFindingStatuses);

/** Hundredths of a point; 1000 points is far above any item of a 100-point evaluation. */
const centi = z
  .number()
  .int('分值以 0.01 分为单位，须为整数 / points are in hundredths, a whole number')
  .min(0, '分值不能为负 / points cannot be negative')
  .max(100_000, '分值过大 / points too large');

export const scoringItemResult = z.object({
  fullCenti: z.number().int(),
  deductedCenti: z.number().int(),
  scoreCenti: z.number().int(),
  /** Points no lower item itemises: all of a leaf's; the rest of a partly known item. */
  ownCenti: z.number().int(),
  /** A 否决项 with an open finding. */
  triggered: z.boolean(),
});

/**
 * 已佐证得分 of an item (its lower items included): earned only by linked parts accepted with
 * evidence; `estimatedCenti` adds the open parts still on time; `atRiskCenti` is the rest of what
 * the findings leave (overdue, returned, accepted without evidence, or no task at all: 未佐证).
 */
export const scoringItemSupport = z.object({
  supportedCenti: z.number().int(),
  estimatedCenti: z.number().int(),
  atRiskCenti: z.number().int(),
  status: z.enum(scoringSupports),
  statusLabel: bilingual,
  /** The item's own linked parts by where they stand. */
  parts: z.object({
    supported: z.number().int(),
    open: z.number().int(),
    overdue: z.number().int(),
    returned: z.number().int(),
    no_evidence: z.number().int(),
  }),
  reason: bilingual,
});

export const scoringItem = z.object({
  id,
  campaignId: id,
  parentId: id.nullable(),
  code: z.string(),
  name: z.string(),
  kind: scoringKind,
  fullScoreCenti: z.number().int(),
  deductionPerFindingCenti: z.number().int().nullable(),
  capCenti: z.number().int().nullable(),
  /** V / P / U as in the reference of the rules; with `source`, where the values come from. */
  confidence: scoringConfidence,
  confidenceLabel: bilingual,
  source: z.string().nullable(),
  sortOrder: z.number().int(),
  /** 0 for a top-level item; the list is in tree order, parents before their lower items. */
  depth: z.number().int(),
  /** `scoreCenti` is full marks less the open findings: what the item could keep, not what it has earned (see `support`). */
  result: scoringItemResult,
  support: scoringItemSupport,
  openFindings: z.number().int(),
  taskIds: z.array(id),
  taskSeqs: z.array(z.number().int()),
  /** Distinct evidence files in the reports of the linked tasks. */
  evidenceFiles: z.number().int(),
  /** `addFinding`: the item takes findings (POST …/scoring/findings with its id). */
  allowedActions: allowedActions(['update', 'linkTasks', 'delete', 'addFinding']),
});
export type ScoringItem = z.infer<typeof scoringItem>;

export const scoringTotals = z.object({
  fullCenti: z.number().int(),
  /** Full marks less the open findings (扣分后上限), not an earned score: see `supportedCenti`. */
  scoreCenti: z.number().int(),
  /** 已佐证得分: the top-level 评分项's points supported by accepted parts with evidence. */
  supportedCenti: z.number().int(),
  /** 预估得分: supported plus the open parts' share if they are accepted on time. */
  estimatedCenti: z.number().int(),
  /** 风险扣分: what overdue, returned or unevidenced parts and 未佐证 items put at risk. */
  atRiskCenti: z.number().int(),
  /** Items whose own points no linked task serves (未佐证). */
  unsupportedItems: z.number().int(),
  bonusFullCenti: z.number().int(),
  bonusCenti: z.number().int(),
  vetoed: z.boolean(),
  vetoReasons: z.array(z.object({ itemId: id, code: z.string(), name: z.string(), findings: z.number().int() })),
});

export const scoring = z.object({
  campaignId: id,
  items: z.array(scoringItem),
  totals: scoringTotals,
  /** Items not verified against the official text (P or U): the UI shows them as 待核对. */
  unverifiedItems: z.number().int(),
  allowedActions: allowedActions(['createItem', 'createFinding', 'seed', 'import']),
});
export type Scoring = z.infer<typeof scoring>;

export const getScoring = endpoint({
  method: 'GET',
  path: '/api/campaigns/:id/scoring',
  permission: 'campaign.read',
  summary: '自评打分 / The scoring tree with each item’s score, sources, linked tasks and evidence, and the totals',
  tags: ['campaign-scoring'],
  params: idParams,
  response: scoring,
});

export const seedScoring = endpoint({
  method: 'POST',
  path: '/api/campaigns/:id/scoring/seed',
  permission: 'campaign.manage',
  summary: '载入评分细则初始数据 / Fill an empty tree with the seed (2019 standard as far as known) and its task links',
  tags: ['campaign-scoring'],
  params: idParams,
  response: scoring,
  status: 201,
});

const itemFields = {
  parentId: id.nullable(),
  code: nameInput().min(1, '请填写编码 / code required').max(32, '编码最长 32 字 / code up to 32 characters'),
  name: nameInput().min(1, '请填写名称 / name required').max(200, '名称最长 200 字 / name up to 200 characters'),
  kind: scoringKind,
  fullScoreCenti: centi,
  deductionPerFindingCenti: centi.nullable(),
  capCenti: centi.nullable(),
  confidence: scoringConfidence,
  source: textInput().max(500, '依据最长 500 字 / source up to 500 characters').nullable(),
  sortOrder: z.number().int().min(0).max(1_000_000),
};

export const createScoringItem = endpoint({
  method: 'POST',
  path: '/api/campaigns/:id/scoring/items',
  permission: 'campaign.manage',
  summary: '新增评分项 / Add an item to the tree (code unique in the campaign)',
  tags: ['campaign-scoring'],
  params: idParams,
  body: z
    .object({
      ...itemFields,
      parentId: itemFields.parentId.default(null),
      kind: itemFields.kind.default('item'),
      fullScoreCenti: itemFields.fullScoreCenti.default(0),
      deductionPerFindingCenti: itemFields.deductionPerFindingCenti.default(null),
      capCenti: itemFields.capCenti.default(null),
      // A value typed in by hand is unverified until someone checks it against the text.
      confidence: itemFields.confidence.default('U'),
      source: itemFields.source.default(null),
      sortOrder: itemFields.sortOrder.default(0),
    })
    .refine((b) => b.capCenti === null || b.capCenti <= b.fullScoreCenti, {
      path: ['capCenti'],
      message: '扣分上限不能超过分值 / the cap cannot exceed the points',
    }),
  response: scoringItem,
  status: 201,
  errors: ['CONFLICT'],
});

export const updateScoringItem = endpoint({
  method: 'PATCH',
  path: '/api/scoring-items/:id',
  permission: 'campaign.manage',
  summary: '修改评分项 / Change an item (the tree stays valid; an item with findings keeps its kind)',
  tags: ['campaign-scoring'],
  params: idParams,
  body: z.object(itemFields).partial(),
  response: scoringItem,
  errors: ['CONFLICT'],
});

export const deleteScoringItem = endpoint({
  method: 'DELETE',
  path: '/api/scoring-items/:id',
  permission: 'campaign.manage',
  summary: '删除评分项 / Delete an item without lower items and without findings',
  tags: ['campaign-scoring'],
  params: idParams,
  response: ok,
  errors: ['CONFLICT'],
});

export const linkScoringTasks = endpoint({
  method: 'PUT',
  path: '/api/scoring-items/:id/tasks',
  permission: 'campaign.manage',
  summary: '关联任务 / Set the tasks (and through their reports, the evidence) that serve an item',
  tags: ['campaign-scoring'],
  params: idParams,
  body: z.object({ taskIds: z.array(id).max(200, '最多关联 200 项任务 / at most 200 tasks') }),
  response: scoringItem,
});

export const scoringXlsx = endpoint({
  method: 'GET',
  path: '/api/campaigns/:id/scoring.xlsx',
  permission: 'campaign.read',
  summary: '导出评分细则 / The tree as xlsx (importable), with a sheet of the current scores',
  tags: ['campaign-scoring'],
  params: idParams,
  produces: [mediaType.xlsx],
});

export const importScoring = endpoint({
  method: 'POST',
  path: '/api/campaigns/:id/scoring/import',
  permission: 'campaign.manage',
  summary:
    '导入评分细则 / Replace the tree from xlsx (multipart field `file`; columns 编码, 上级编码, 名称, 类型, 分值, 每处扣分, 扣分上限, 可信度, 依据, 关联任务) while it has no findings; errors name the row: rows.<Excel row>.<field>',
  tags: ['campaign-scoring'],
  params: idParams,
  response: scoring,
  upload: { accept: [mediaType.xlsx] },
  errors: ['CONFLICT'],
});

export const finding = z.object({
  id,
  campaignId: id,
  itemId: id,
  itemCode: z.string(),
  itemName: z.string(),
  itemKind: scoringKind,
  source: findingSource,
  description: z.string(),
  count: z.number().int(),
  pointsCenti: z.number().int().nullable(),
  /** What the finding deducts (awards, on a 鼓励项) before the item's cap: points, or count × the item's rate. */
  effectivePointsCenti: z.number().int(),
  status: findingStatus,
  createdBy: z.string(),
  createdAt: timestamp,
  closedAt: timestamp.nullable(),
  allowedActions: allowedActions(workflowActions(scoringFindingWorkflow)),
});
export type Finding = z.infer<typeof finding>;

export const findingDetail = finding.extend({ timeline: z.array(timelineEntry) });

export const listFindings = endpoint({
  method: 'GET',
  path: '/api/campaigns/:id/scoring/findings',
  permission: 'campaign.read',
  summary: '扣分记录 / Findings of a campaign, newest first, by item, status and source',
  tags: ['campaign-scoring'],
  params: idParams,
  query: listQuery({
    sort: ['createdAt', 'count'],
    filters: { itemId: id.optional(), status: findingStatus.optional(), source: findingSource.optional() },
  }),
  response: page(finding),
});

export const createFinding = endpoint({
  method: 'POST',
  path: '/api/campaigns/:id/scoring/findings',
  permission: 'campaign.manage',
  summary: '记录扣分 / Record a finding against an item; it deducts until closed',
  tags: ['campaign-scoring'],
  params: idParams,
  body: z.object({
    itemId: id,
    source: findingSource,
    description: textInput().min(2, '请描述问题 / describe the finding').max(2000, '描述最长 2000 字 / up to 2000 characters'),
    count: z.number().int('处数须为整数 / count is a whole number').min(1, '至少 1 处 / at least 1').max(10_000).default(1),
    /** Points of this finding when the item has no per-finding rate, or the standard says otherwise. */
    pointsCenti: centi.nullable().default(null),
  }),
  response: findingDetail,
  status: 201,
});

/** The body of each action on a finding, keyed by the `:action` path parameter. */
export const findingActionBodies = actionBodies(scoringFindingWorkflow);

export const findingAction = endpoint({
  method: 'POST',
  path: '/api/scoring-findings/:id/actions/:action',
  permission: 'campaign.manage',
  summary: '扣分销号 / close (put right) or reopen a finding; the score follows',
  tags: ['campaign-scoring'],
  params: z.object({ id, action: z.string().min(1).max(64) }),
  body: actionBody(findingActionBodies),
  response: findingDetail,
});
