import { z } from 'zod';
import { fieldError } from '../errors.js';
import { type Bilingual, bi } from '../i18n.js';
import { colorOf, type Confidence, defaultLecMapping, type LevelThresholds, levelFor } from './grading.js';
import type { RiskColor, RiskLevel } from './levels.js';

/**
 * LEC (作业条件危险性评价法): D = L × E × C, with the standard value tables and D bands as reproduced
 * in full at m.aqrzj.com/doc/348231.html (regulations.md §6.2, verified except the row L = 0.1,
 * which is standard but was not in the excerpt).
 */
export const lecSource = bi(
  '作业条件危险性评价法（LEC）取值表，见 m.aqrzj.com/doc/348231.html',
  'LEC (job hazard evaluation) value tables, as at m.aqrzj.com/doc/348231.html',
);

/** One row of an LEC value table: the value and what it means. */
export interface LecValue {
  value: number;
  meaning: Bilingual;
  confidence: Confidence;
}

/** L — the likelihood of an accident (事故发生的可能性). */
export const lecL: readonly LecValue[] = [
  { value: 10, meaning: bi('完全可以预料', 'Fully expected'), confidence: 'V' },
  { value: 6, meaning: bi('相当可能', 'Quite possible'), confidence: 'V' },
  { value: 3, meaning: bi('可能，但不经常', 'Possible but unusual'), confidence: 'V' },
  { value: 1, meaning: bi('可能性小，完全意外', 'Unlikely, a pure accident'), confidence: 'V' },
  { value: 0.5, meaning: bi('很不可能，可以设想', 'Very unlikely but conceivable'), confidence: 'V' },
  { value: 0.2, meaning: bi('极不可能', 'Extremely unlikely'), confidence: 'V' },
  { value: 0.1, meaning: bi('实际不可能', 'Practically impossible'), confidence: 'U' },
];

/** E — how often people are exposed to the hazard (暴露于危险环境的频繁程度). */
export const lecE: readonly LecValue[] = [
  { value: 10, meaning: bi('连续暴露', 'Continuous exposure'), confidence: 'V' },
  { value: 6, meaning: bi('每天工作时间内暴露', 'Daily, during working hours'), confidence: 'V' },
  { value: 3, meaning: bi('每周一次或偶然暴露', 'Weekly or occasionally'), confidence: 'V' },
  { value: 2, meaning: bi('每月一次暴露', 'Monthly'), confidence: 'V' },
  { value: 1, meaning: bi('每年几次暴露', 'A few times a year'), confidence: 'V' },
  { value: 0.5, meaning: bi('非常罕见地暴露', 'Very rarely'), confidence: 'V' },
];

/** C — the consequence of an accident (发生事故可能造成的后果). */
export const lecC: readonly LecValue[] = [
  { value: 100, meaning: bi('大灾难，许多人死亡', 'Catastrophe, many deaths'), confidence: 'V' },
  { value: 40, meaning: bi('灾难，数人死亡', 'Disaster, several deaths'), confidence: 'V' },
  { value: 15, meaning: bi('非常严重，一人死亡', 'Very serious, one death'), confidence: 'V' },
  { value: 7, meaning: bi('严重，重伤', 'Serious, severe injury'), confidence: 'V' },
  { value: 3, meaning: bi('重大，致残', 'Considerable, disability'), confidence: 'V' },
  { value: 1, meaning: bi('引人注目，需要救护', 'Noticeable, first aid needed'), confidence: 'V' },
];

export const lecTables = { L: lecL, E: lecE, C: lecC } as const;
export type LecFactor = keyof typeof lecTables;

/**
 * One band of D (危险程度). The source writes ">320, 160–320, 70–160, 20–70, <20"; its ends are explicit
 * (320 is not in the top band, 20 is not in the bottom one) and the inner lines follow "以上 includes
 * the number": a band holds `min ≤ D < max`, except the top band, which holds D > 320 (so D = 320
 * is 高度危险).
 */
export interface LecBand {
  key: 'extreme' | 'high' | 'notable' | 'moderate' | 'slight';
  /** The band's lowest D (inclusive, except the top band's 320, exclusive); null for the bottom band. */
  min: number | null;
  /** The band's highest D (exclusive, except 320 in the 高度危险 band, inclusive); null for the top band. */
  max: number | null;
  meaning: Bilingual;
}

export const lecBands: readonly LecBand[] = [
  { key: 'extreme', min: 320, max: null, meaning: bi('极其危险，不能继续作业', 'Extremely dangerous, stop work') },
  { key: 'high', min: 160, max: 320, meaning: bi('高度危险，需立即整改', 'Highly dangerous, rectify at once') },
  { key: 'notable', min: 70, max: 160, meaning: bi('显著危险，需要整改', 'Notably dangerous, rectify') },
  { key: 'moderate', min: 20, max: 70, meaning: bi('一般危险，需要注意', 'Moderately dangerous, pay attention') },
  { key: 'slight', min: null, max: 20, meaning: bi('稍有危险，可以接受', 'Slightly dangerous, acceptable') },
];

/** The band of a D value; see `LecBand` for the side each boundary falls on. */
export function lecBandOf(D: number): LecBand {
  const [extreme, high, notable, moderate, slight] = lecBands as [LecBand, LecBand, LecBand, LecBand, LecBand];
  if (D > 320) return extreme;
  if (D >= 160) return high;
  if (D >= 70) return notable;
  if (D >= 20) return moderate;
  return slight;
}

const values = (factor: LecFactor) => lecTables[factor].map((row) => row.value);

/** Whether a number is one of a factor's table values. */
export const isLecValue = (factor: LecFactor, value: number): boolean => values(factor).includes(value);

const tableValue = (factor: LecFactor) =>
  z.number().refine((v) => isLecValue(factor, v), {
    message: `${factor} 须取表中的值：${values(factor).join('、')} / ${factor} must be one of ${values(factor).join(', ')}`,
  });

/** The input of an LEC assessment; a value not in its table is refused, naming the factor. */
export const lecInput = z.object({ L: tableValue('L'), E: tableValue('E'), C: tableValue('C') });
export type LecInput = z.infer<typeof lecInput>;

export interface LecResult {
  D: number;
  band: LecBand;
  level: RiskLevel;
  color: RiskColor;
}

/**
 * D rounded to 12 significant digits: the tables hold decimals (0.1, 0.2, 0.5) that binary floating
 * point cannot, so 0.1 × 6 × 100 would otherwise be 60.00000000000001.
 */
const exact = (x: number): number => Number(x.toPrecision(12));

/**
 * D = L × E × C, its band and its level under the given thresholds (the default LEC mapping unless
 * the administrator changed it). Throws a 400 naming the factor whose value is not in its table.
 */
export function lec(input: { L: number; E: number; C: number }, thresholds: LevelThresholds = defaultLecMapping.thresholds): LecResult {
  for (const factor of ['L', 'E', 'C'] as const) {
    if (!isLecValue(factor, input[factor]))
      throw fieldError(
        factor,
        `${factor} 须取表中的值：${values(factor).join('、')}`,
        `${factor} must be one of ${values(factor).join(', ')}`,
      );
  }
  const D = exact(input.L * input.E * input.C);
  const level = levelFor(D, thresholds);
  return { D, band: lecBandOf(D), level, color: colorOf(level) };
}
