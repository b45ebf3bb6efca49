import { z } from 'zod';
import { fieldError } from '../errors.js';
import { type Bilingual, bi } from '../i18n.js';
import { colorOf, defaultLsMapping, type LevelThresholds, levelFor } from './grading.js';
import type { RiskColor, RiskLevel } from './levels.js';

/**
 * LS matrix (风险矩阵法): R = L × S, likelihood and severity each scored 1–5 (regulations.md §6.3).
 * The thresholds differ between sources, so they are data (`lsPresets`, the stored mapping).
 */
export const lsScores = [1, 2, 3, 4, 5] as const;

/** What each score usually means; the wording varies between sources (unverified). */
export const lsLikelihood: Record<(typeof lsScores)[number], Bilingual> = {
  1: bi('极不可能', 'Very unlikely'),
  2: bi('不太可能', 'Unlikely'),
  3: bi('可能', 'Possible'),
  4: bi('很可能', 'Likely'),
  5: bi('几乎肯定', 'Almost certain'),
};

export const lsSeverity: Record<(typeof lsScores)[number], Bilingual> = {
  1: bi('轻微', 'Negligible'),
  2: bi('较小', 'Minor'),
  3: bi('中等', 'Moderate'),
  4: bi('严重', 'Major'),
  5: bi('灾难性', 'Catastrophic'),
};

const score = (factor: 'L' | 'S') =>
  z
    .number()
    .int({ message: `${factor} 须为 1–5 的整数 / ${factor} must be a whole number from 1 to 5` })
    .min(1, { message: `${factor} 须为 1–5 的整数 / ${factor} must be a whole number from 1 to 5` })
    .max(5, { message: `${factor} 须为 1–5 的整数 / ${factor} must be a whole number from 1 to 5` });

export const lsInput = z.object({ L: score('L'), S: score('S') });
export type LsInput = z.infer<typeof lsInput>;

export interface LsResult {
  R: number;
  level: RiskLevel;
  color: RiskColor;
}

/** R = L × S and its level under the thresholds (default: variant A). Throws a 400 naming a score outside 1–5. */
export function lsMatrix(input: { L: number; S: number }, thresholds: LevelThresholds = defaultLsMapping.thresholds): LsResult {
  for (const factor of ['L', 'S'] as const) {
    const v = input[factor];
    if (!Number.isInteger(v) || v < 1 || v > 5)
      throw fieldError(factor, `${factor} 须为 1–5 的整数`, `${factor} must be a whole number from 1 to 5`);
  }
  const R = input.L * input.S;
  const level = levelFor(R, thresholds);
  return { R, level, color: colorOf(level) };
}
