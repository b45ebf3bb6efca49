import { z } from 'zod';
import { hazardLevels } from '../hazard/categories.js';
import { hazardStatsGroupings, maxStatsPeriodDays, periodDays } from '../hazard/statistics.js';
import { hazardStatuses } from '../hazard/workflow.js';
import { id } from './common.js';
import { endpoint, mediaType } from './endpoint.js';

const isoDate = z.iso.date('日期格式为 YYYY-MM-DD，且须为有效日期 / a valid date as YYYY-MM-DD');

/** `to` before `from`, or a period longer than ten years, is refused with the field named. */
function checkPeriod(v: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (v.from === undefined || v.to === undefined) return;
  const days = periodDays({ from: v.from, to: v.to });
  if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期 / to must not be before from' });
  if (days > maxStatsPeriodDays) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: '统计期间不能超过十年 / the period may span ten years at most' });
  }
}

/** A period of Asia/Shanghai days, both ends included (`from`, `to`), with the query's other fields. */
const period = <S extends z.ZodRawShape>(shape: S) =>
  z.object({ from: isoDate.optional(), to: isoDate.optional() }).extend(shape).superRefine(checkPeriod);

/** One row of the statistics (a group or the totals); the definitions are in domain `hazard/statistics.ts`. */
export const hazardStatsRow = z.object({
  /** The group's key: a level, a category or origin code, a street or unit id, a month `YYYY-MM`; '' for none. */
  key: z.string(),
  /** The group's name as people read it (the org's name, the category's Chinese label, the month). */
  label: z.string(),
  found: z.number().int(),
  rectified: z.number().int(),
  /** The denominator of `onTimeRate`: closed in the period with a deadline. */
  rectifiedWithDeadline: z.number().int(),
  rectifiedOnTime: z.number().int(),
  /** 0…1, null when nothing was closed with a deadline. */
  onTimeRate: z.number().nullable(),
  overdue: z.number().int(),
  /** 重大 hazards under 挂牌督办 at some time in the period. */
  listed: z.number().int(),
  /** Of those, 销号 in the period. */
  closedListed: z.number().int(),
  /** 销号率 0…1, null when nothing was listed. */
  closeRate: z.number().nullable(),
});
export type HazardStatsRow = z.infer<typeof hazardStatsRow>;

export const hazardStats = z.object({
  from: isoDate,
  to: isoDate,
  groupBy: z.enum(hazardStatsGroupings),
  /** The instant overdue hazards are counted at: the period's end, or now while it runs. */
  asOf: z.string(),
  rows: z.array(hazardStatsRow),
  /** The whole period (for months: not the sum of the months — overdue and listed are counted once). */
  totals: hazardStatsRow,
});
export type HazardStats = z.infer<typeof hazardStats>;

export const getStats = endpoint({
  method: 'GET',
  path: '/api/hazards/stats',
  permission: 'hazard.read',
  summary:
    '隐患统计分析 / Found, rectified, on-time rate, overdue, 挂牌督办 and 销号 rate by level, category, street, unit, origin or month, within the caller’s reach (period defaults to this year)',
  tags: ['hazard'],
  query: period({ groupBy: z.enum(hazardStatsGroupings).default('level') }),
  response: hazardStats,
});

/** At most this many points in one answer of the map layer; the rest is announced by `truncated`. */
export const mapLayerLimit = 5000;

export const hazardFeature = z.object({
  type: z.literal('Feature'),
  id,
  geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }),
  properties: z.object({
    id,
    code: z.string(),
    title: z.string(),
    level: z.enum(hazardLevels),
    status: z.enum(hazardStatuses),
    overdue: z.boolean(),
  }),
});

export const getMapLayer = endpoint({
  method: 'GET',
  path: '/api/hazards/map.geojson',
  permission: 'hazard.read',
  summary: `隐患分布图 / Located hazards as GeoJSON points with status and level, within the caller’s reach, found in the period; the newest ${mapLayerLimit} at most (truncated says so)`,
  tags: ['hazard'],
  query: period({
    status: z.enum(hazardStatuses).optional(),
    level: z.enum(hazardLevels).optional(),
  }),
  response: z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(hazardFeature),
    /** True when more hazards matched than `limit`: the newest found are sent. */
    truncated: z.boolean(),
    limit: z.number().int(),
  }),
});

const year = z.coerce.number().int().min(2000, '年份须在 2000 到 2100 之间 / year must be within 2000..2100').max(2100);

export const quarterlyTable = endpoint({
  method: 'GET',
  path: '/api/hazards/stats/quarterly.xlsx',
  permission: 'hazard.read',
  summary: '隐患排查治理季度统计表 / The quarterly statistics table (16号令 Art. 14) as xlsx, by category and level',
  tags: ['hazard'],
  query: z.object({ year, quarter: z.coerce.number().int().min(1, '季度为 1–4 / quarter is 1–4').max(4, '季度为 1–4 / quarter is 1–4') }),
  produces: [mediaType.xlsx],
});

export const annualTable = endpoint({
  method: 'GET',
  path: '/api/hazards/stats/annual.xlsx',
  permission: 'hazard.read',
  summary: '隐患排查治理年度统计表 / The annual statistics table (16号令 Art. 14) as xlsx, by category and level',
  tags: ['hazard'],
  query: z.object({ year }),
  produces: [mediaType.xlsx],
});
