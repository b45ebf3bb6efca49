import { z } from 'zod';
import { type Bilingual, bi } from '../i18n.js';
import type { StatutoryReportCategory } from './categories.js';

/**
 * The reward arithmetic of the 《安全生产领域举报奖励办法》 (原国家安监总局、财政部, 2018; regulations.md §10 [V]):
 * - 重大事故隐患 and 安全生产违法行为 (违法生产经营建设): 15 % of the administrative fine, at least 3 000元 and
 *   at most 300 000元;
 * - 瞒报、谎报事故: per concealed death, by the accident's final grade — 一般 30 000元, 较大 40 000元, 重大 50 000元,
 *   特别重大 60 000元 — at most 300 000元 in all;
 * - only the first valid reporter is rewarded (a duplicate, merged into the first, is not).
 * Amounts are in 元 with fen (two decimals), computed in whole fen so that no float rounding reaches the payment.
 */
export const rewardRate = 0.15;
export const rewardMin = 3_000;
export const rewardMax = 300_000;

export const accidentGrades = ['一般', '较大', '重大', '特别重大'] as const;
export type AccidentGrade = (typeof accidentGrades)[number];
export const rewardPerConcealedDeath: Record<AccidentGrade, number> = {
  一般: 30_000,
  较大: 40_000,
  重大: 50_000,
  特别重大: 60_000,
};
export const accidentGradeLabels: Record<AccidentGrade, Bilingual> = {
  一般: bi('一般事故', 'Ordinary accident'),
  较大: bi('较大事故', 'Larger accident'),
  重大: bi('重大事故', 'Major accident'),
  特别重大: bi('特别重大事故', 'Extraordinarily serious accident'),
};

const toFen = (yuan: number): number => Math.round(yuan * 100);
const toYuan = (fen: number): number => fen / 100;

/** 15 % of the fine (元), rounded to the fen, within 3 000 … 300 000元. */
export function rewardForFine(fine: number): number {
  const fen = Math.round((toFen(fine) * 15) / 100);
  return toYuan(Math.min(Math.max(fen, toFen(rewardMin)), toFen(rewardMax)));
}

/** Per concealed death by the final grade, at most 300 000元 in all. */
export function rewardForConcealedAccident(grade: AccidentGrade, concealedDeaths: number): number {
  return Math.min(rewardPerConcealedDeath[grade] * concealedDeaths, rewardMax);
}

/** What the office enters to propose a reward: the fine, or the accident's grade and the concealed deaths. */
export const rewardBasisInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('fine'),
    /** The administrative fine imposed (元). */
    fine: z.number().min(0, '罚款金额不能为负 / the fine cannot be negative').max(1_000_000_000),
  }),
  z.object({
    kind: z.literal('concealed_accident'),
    grade: z.enum(accidentGrades),
    concealedDeaths: z.number().int().min(1, '至少 1 人 / at least one').max(1000),
  }),
]);
export type RewardBasis = z.infer<typeof rewardBasisInput>;

/** Which basis a category's reward takes; other categories are not rewarded under the 办法. */
export const rewardBasisKind: Record<StatutoryReportCategory, RewardBasis['kind']> = {
  major_hazard: 'fine',
  violation: 'fine',
  concealed_accident: 'concealed_accident',
};

/** The reward of a basis (元). */
export const rewardAmount = (basis: RewardBasis): number =>
  basis.kind === 'fine' ? rewardForFine(basis.fine) : rewardForConcealedAccident(basis.grade, basis.concealedDeaths);

/** Why a reward may not be proposed for a report, or null when it may. */
export function rewardRefusal(report: {
  category: string;
  status: string;
  duplicateOf: string | null;
  outcome: string | null;
  basisKind: RewardBasis['kind'];
}): Bilingual | null {
  if (!Object.hasOwn(rewardBasisKind, report.category))
    return bi('只有重大事故隐患、安全生产违法行为和瞒报谎报事故的举报给予奖励', 'Only the three statutory categories are rewarded');
  if (report.duplicateOf !== null)
    return bi('重复举报不予奖励：只奖励第一个有效举报人', 'A duplicate is not rewarded: only the first valid reporter is');
  if (report.status !== 'closed' || report.outcome === 'not_established' || report.outcome === 'unresolved')
    return bi('只有查证属实并办结的举报给予奖励', 'Only a report found true and closed is rewarded');
  if (rewardBasisKind[report.category as StatutoryReportCategory] !== report.basisKind)
    return bi(
      '奖励依据与举报类别不符：隐患和违法行为按罚款计算，瞒报谎报事故按核实的死亡人数计算',
      'The basis does not fit the category: hazards and violations by the fine, concealed accidents by the deaths',
    );
  return null;
}

/**
 * The first valid report among those about one matter: the earliest received that was not refused (a merged
 * duplicate is refused). Ties in time go to the lower tracking code, which was given first.
 */
export function firstValidReport<R extends { code: string; receivedAt: Date; status: string }>(reports: readonly R[]): R | null {
  return (
    reports
      .filter((r) => r.status !== 'refused')
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.code.localeCompare(b.code))[0] ?? null
  );
}

/** The reward's life: proposed by the handling office, approved by report.reward, paid with its payment record. */
export const rewardStatuses = ['proposed', 'approved', 'paid', 'rejected'] as const;
export type RewardStatus = (typeof rewardStatuses)[number];
export const rewardStatusLabels: Record<RewardStatus, Bilingual> = {
  proposed: bi('待审批', 'Proposed'),
  approved: bi('已批准', 'Approved'),
  paid: bi('已发放', 'Paid'),
  rejected: bi('未批准', 'Rejected'),
};
