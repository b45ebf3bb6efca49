import { z } from 'zod';
import { majorHazardInput } from '../major-hazard/calculator.js';
import { riskColors, riskLevelShortZh, riskLevels } from '../risk/levels.js';
import { lecInput } from '../risk/lec.js';
import { endpoint } from './endpoint.js';

/**
 * The public calculators (no login): LEC and GB 18218-2018 major-hazard identification and grading.
 * They compute from the tables in the domain package and store nothing; the rate limit for public
 * routes applies.
 */

const levelZh = z.enum(riskLevels.map((l) => riskLevelShortZh[l]) as ['重大', '较大', '一般', '低']);

export const lec = endpoint({
  method: 'POST',
  path: '/api/calc/lec',
  permission: 'public',
  summary:
    'LEC 作业条件危险性评价：D = L × E × C 及其风险等级和颜色 / LEC job hazard evaluation: D = L × E × C with its risk level and colour',
  tags: ['calc'],
  body: lecInput,
  response: z.object({
    D: z.number(),
    /** 重大 / 较大 / 一般 / 低. */
    level: levelZh,
    color: z.enum(riskColors),
    /** The level's code as the risk module stores it. */
    levelCode: z.enum(riskLevels),
    /** The D band of the LEC table (极其危险 … 稍有危险). */
    band: z.object({ key: z.string(), zh: z.string(), en: z.string() }),
    /** Whether the D → level mapping used was verified against its source (the default is not). */
    mappingVerified: z.boolean(),
  }),
});

/** One substance of the unit as the calculator counted it. */
export const majorHazardItem = z.object({
  criticalQuantityTonnes: z.number(),
  beta: z.number(),
  ratio: z.number(),
  quantityTonnes: z.number(),
  matchedBy: z.enum(['name', 'cas', 'category']),
  betaBy: z.enum(['table3', 'table4', 'default']),
  /** The 表1 row (number and name) when matched there. */
  table1No: z.number().int().nullable(),
  name: z.string().nullable(),
  /** The 表2 code whose Q was used when counted by category. */
  category: z.string().nullable(),
});
export type MajorHazardItem = z.infer<typeof majorHazardItem>;

export const majorHazard = endpoint({
  method: 'POST',
  path: '/api/calc/major-hazard',
  permission: 'public',
  summary:
    '重大危险源辨识与分级（GB 18218-2018）：S、α、β、R 及等级 / Major hazard identification and grading (GB 18218-2018): S, α, β, R and grade',
  tags: ['calc'],
  body: majorHazardInput,
  response: z.object({
    S: z.number(),
    R: z.number(),
    alpha: z.number(),
    /** 一级 (1) … 四级 (4); null below S = 1. */
    grade: z.literal([1, 2, 3, 4]).nullable(),
    isMajorHazard: z.boolean(),
    /** One per substance, in the order given. */
    items: z.array(majorHazardItem),
  }),
});
