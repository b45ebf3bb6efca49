import { z } from 'zod';
import { type Bilingual, bi } from '../i18n.js';
import { textInput } from '../text.js';
import { type RiskColor, type RiskLevel, riskLevelInfo, riskLevels } from './levels.js';

/**
 * How sure the project is of a fact taken from the reference (regulations.md): `V` verified against
 * the source text, `P` partly (a secondary source only), `U` unverified (background knowledge).
 * Anything not `V` is shown as 未核实 / unverified in the UI.
 */
export const confidences = ['V', 'P', 'U'] as const;
export type Confidence = (typeof confidences)[number];

/** Where a table or a threshold comes from, and how sure we are of it. */
export interface Sourced {
  source: Bilingual;
  confidence: Confidence;
}

/**
 * Thresholds from a score (LEC's D, the LS matrix's R) to a level: a score at or above `major` is
 * 重大, at or above `significant` 较大, at or above `general` 一般, below it 低. Each threshold
 * belongs to the level it opens ("以上" includes the number, regulations.md's rule for all
 * thresholds), so with the default LEC mapping D = 320 is 重大, D = 160 较大, D = 70 一般.
 */
export const levelThresholds = z
  .object({
    major: z.number().positive(),
    significant: z.number().positive(),
    general: z.number().positive(),
  })
  .refine((t) => t.major > t.significant && t.significant > t.general, {
    message: '阈值须满足 重大 > 较大 > 一般 / Thresholds must decrease: major > significant > general',
  });
export type LevelThresholds = z.infer<typeof levelThresholds>;

/**
 * A score → level mapping as an administrator may store it (the risk module keeps one per method):
 * the thresholds, where they come from, and whether that source was verified (shown in the UI).
 */
export const levelMapping = z.object({
  thresholds: levelThresholds,
  /** A named preset it was taken from (`lsPresets`), or absent when the administrator set the numbers. */
  preset: z.string().max(40).optional(),
  source: z.object({ zh: z.string().trim().min(1).max(500), en: z.string().trim().min(1).max(500) }),
  verified: z.boolean(),
});
export type LevelMapping = z.infer<typeof levelMapping>;

/** The level of a score under a mapping; see `levelThresholds` for the side each boundary falls on. */
export function levelFor(score: number, thresholds: LevelThresholds): RiskLevel {
  if (score >= thresholds.major) return 'major';
  if (score >= thresholds.significant) return 'significant';
  if (score >= thresholds.general) return 'general';
  return 'low';
}

/**
 * The colour of a level: 重大 红, 较大 橙, 一般 黄, 低 蓝 — national and verified (regulations.md §6.1,
 * 《标本兼治遏制重特大事故工作指南》), so it is not part of the configurable mapping.
 */
export const colorOf = (level: RiskLevel): RiskColor => riskLevelInfo[level].color;

/**
 * The default LEC mapping: D ≥ 320 红; 160 ≤ D < 320 橙; 70 ≤ D < 160 黄; D < 70 蓝. The reference
 * calls it the usual mapping and marks it unverified, varying by province (regulations.md §6.2).
 * Note that neither 320 nor 160 is a product of the LEC tables; 70 is (L 10 × E 1 × C 7).
 */
export const defaultLecMapping: LevelMapping = {
  thresholds: { major: 320, significant: 160, general: 70 },
  source: bi(
    'LEC 法常用对应：D≥320 重大（红），160≤D<320 较大（橙），70≤D<160 一般（黄），D<70 低（蓝）；各省规定不一，待核对',
    'Usual LEC mapping: D ≥ 320 major (red), 160 ≤ D < 320 significant (orange), 70 ≤ D < 160 general (yellow), D < 70 low (blue); varies by province, to be checked',
  ),
  verified: false,
};

/** A named set of LS thresholds seen in the literature (regulations.md §6.3), none verified. */
export interface LsPreset extends Sourced {
  key: string;
  label: Bilingual;
  thresholds: LevelThresholds;
}

/**
 * The LS matrix thresholds found in sources (R = L × S, each 1–5, so R takes the values 1–6, 8–10,
 * 12, 15, 16, 20, 25). Written as the lowest R of each level: variant A's 1–3 / 4–9 / 10–16 / 20–25 is
 * general from 4, significant from 10, major from 20.
 */
export const lsPresets: readonly LsPreset[] = [
  {
    key: 'A',
    label: bi('方案A：1–3 低，4–9 一般，10–16 较大，20–25 重大', 'Variant A: 1–3 low, 4–9 general, 10–16 significant, 20–25 major'),
    thresholds: { major: 20, significant: 10, general: 4 },
    source: bi(
      '煤矿风险分级论文（mtoou.info/tubiao/54344.html），部分核实',
      'A coal-mining paper (mtoou.info/tubiao/54344.html), partly verified',
    ),
    confidence: 'P',
  },
  {
    key: 'B',
    label: bi('方案B：1–8 低，9–12 一般，15–16 较大，20–25 重大', 'Variant B: 1–8 low, 9–12 general, 15–16 significant, 20–25 major'),
    thresholds: { major: 20, significant: 15, general: 9 },
    source: bi('常见做法，未核实', 'Common practice, unverified'),
    confidence: 'U',
  },
  {
    key: 'C',
    label: bi('方案C：1–4 低，5–9 一般，10–16 较大，17–25 重大', 'Variant C: 1–4 low, 5–9 general, 10–16 significant, 17–25 major'),
    thresholds: { major: 17, significant: 10, general: 5 },
    source: bi('见于公开代码库，未核实', 'Seen in a public repository, unverified'),
    confidence: 'U',
  },
];

/** The default LS mapping: variant A, the only one with a (secondary) source. */
export const defaultLsMapping: LevelMapping = {
  thresholds: lsPresets[0]!.thresholds,
  preset: 'A',
  source: lsPresets[0]!.source,
  verified: false,
};

/**
 * The grading rules the risk module stores and an administrator may change: one mapping per
 * scored method. `defaultGradingConfig` is what a new installation starts from.
 */
export const gradingConfig = z.object({ lec: levelMapping, ls: levelMapping });
export type GradingConfig = z.infer<typeof gradingConfig>;

export const defaultGradingConfig: GradingConfig = { lec: defaultLecMapping, ls: defaultLsMapping };

/**
 * 直接判定: an assessor sets the level directly, with the reason (e.g. a rule that makes any
 * such source 重大, such as a major hazard installation or a repeat accident). The reason is required.
 */
export const directGradingInput = z.object({
  level: z.enum(riskLevels),
  reason: textInput().min(2).max(2000),
});
export type DirectGradingInput = z.infer<typeof directGradingInput>;
