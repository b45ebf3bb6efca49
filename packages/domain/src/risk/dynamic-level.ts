import { type Bilingual, bi } from '../i18n.js';
import type { Confidence } from './grading.js';
import { higherLevel, type RiskLevel } from './levels.js';

/** A kind of record in another module that raises a source's displayed level while it is open. */
export interface LevelRaiseRule {
  label: Bilingual;
  /** The module that opens and closes such records. */
  module: string;
  /** The level the source shows at least while such a record is open. */
  raiseTo: RiskLevel;
  source: Bilingual;
  confidence: Confidence;
}

/**
 * 动态风险等级: which open records raise a source's displayed level, and to what. Data, so that a
 * later module adds its kinds here and a changed rule is one line.
 *
 * An open 重大事故隐患 raises the source to 重大, not just to 较大: such a hazard is by definition one
 * that requires stopping work in whole or in part until it is put right (16号令 Art. 3, regulations.md
 * §5.1 [V]), which is the state a 重大风险 describes; and the provincial 双重预防 guides list "存在重大
 * 事故隐患" among the conditions that make a risk 重大 directly, whatever its LEC/LS score [U]. Raising
 * only to 较大 would leave a red hazard on an orange source on the map, which the people reading the
 * map would take as the hazard's level being overstated. An ordinary (一般) hazard is put right on
 * the spot and raises nothing.
 *
 * A monitoring alarm raises the source to the level of its colour (红 一级 → 重大, 橙 二级 → 较大,
 * 黄 三级 → 一般; the four statutory warning colours match the four risk colours, regulations.md §6.1
 * and §7.1) while it is active; a 蓝 alarm raises nothing, being at or below any assessed level.
 */
export const levelRaiseRules = {
  'hazard.major': {
    label: bi('重大事故隐患未销号', 'Open major accident hazard'),
    module: 'hazard',
    raiseTo: 'major',
    source: bi(
      '《安全生产事故隐患排查治理暂行规定》（16号令）重大事故隐患定义；各省双重预防指南“存在重大事故隐患的直接判定为重大风险”（待核对）',
      'Decree 16 definition of a major hazard; provincial dual-prevention guides rank a source with one as major directly (to be checked)',
    ),
    confidence: 'U',
  },
  'monitoring.alarm.red': {
    label: bi('红色（一级）报警未解除', 'Active red (level 1) alarm'),
    module: 'monitoring',
    raiseTo: 'major',
    source: bi('预警级别与风险等级颜色对应', 'Warning colours matched to risk colours'),
    confidence: 'U',
  },
  'monitoring.alarm.orange': {
    label: bi('橙色（二级）报警未解除', 'Active orange (level 2) alarm'),
    module: 'monitoring',
    raiseTo: 'significant',
    source: bi('预警级别与风险等级颜色对应', 'Warning colours matched to risk colours'),
    confidence: 'U',
  },
  'monitoring.alarm.yellow': {
    label: bi('黄色（三级）报警未解除', 'Active yellow (level 3) alarm'),
    module: 'monitoring',
    raiseTo: 'general',
    source: bi('预警级别与风险等级颜色对应', 'Warning colours matched to risk colours'),
    confidence: 'U',
  },
} as const satisfies Record<string, LevelRaiseRule>;

export type LevelRaiseKind = keyof typeof levelRaiseRules;
export const levelRaiseKinds = Object.keys(levelRaiseRules) as [LevelRaiseKind, ...LevelRaiseKind[]];

/** Whether a string names a kind of raiser the rule knows. */
export const isLevelRaiseKind = (kind: string): kind is LevelRaiseKind => Object.hasOwn(levelRaiseRules, kind);

/**
 * The level a source shows (what the map colours): the highest of its assessed level and the
 * `raiseTo` of every raiser still open. Closed raisers count for nothing; a source neither assessed
 * nor raised shows none.
 */
export function displayedLevel(
  assessed: RiskLevel | null,
  raisers: readonly { raiseTo: RiskLevel; closedAt?: unknown }[],
): RiskLevel | null {
  let level = assessed;
  for (const r of raisers) if (r.closedAt === undefined || r.closedAt === null) level = higherLevel(level, r.raiseTo);
  return level;
}
