import { z } from 'zod';
import { colorOf, defaultGradingConfig, directGradingInput, type GradingConfig } from './grading.js';
import { lec, lecInput } from './lec.js';
import type { RiskColor, RiskLevel } from './levels.js';
import { lsInput, lsMatrix } from './ls.js';

/**
 * One assessment of a risk source by any of the three methods: LEC, the LS matrix, or a direct
 * grading with its reason. The risk module stores it and keeps the level it gives.
 */
export const assessmentInput = z.discriminatedUnion('method', [
  lecInput.extend({ method: z.literal('lec') }),
  lsInput.extend({ method: z.literal('ls') }),
  directGradingInput.extend({ method: z.literal('direct') }),
]);
export type AssessmentInput = z.infer<typeof assessmentInput>;
export type AssessmentMethod = AssessmentInput['method'];

export interface AssessmentResult {
  method: AssessmentMethod;
  /** D for LEC, R for the LS matrix, null for a direct grading. */
  score: number | null;
  level: RiskLevel;
  color: RiskColor;
}

/** The level an assessment gives under the stored grading rules (the defaults unless changed). */
export function assess(input: AssessmentInput, config: GradingConfig = defaultGradingConfig): AssessmentResult {
  switch (input.method) {
    case 'lec': {
      const r = lec(input, config.lec.thresholds);
      return { method: 'lec', score: r.D, level: r.level, color: r.color };
    }
    case 'ls': {
      const r = lsMatrix(input, config.ls.thresholds);
      return { method: 'ls', score: r.R, level: r.level, color: r.color };
    }
    case 'direct':
      return { method: 'direct', score: null, level: input.level, color: colorOf(input.level) };
  }
}
