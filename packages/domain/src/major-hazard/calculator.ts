import { z } from 'zod';
import { fieldError } from '../errors.js';
import { nameInput } from '../text.js';
import {
  gradeBands,
  type HazardCategory,
  hazardCategoryCodes,
  type NamedSubstance,
  table1,
  table2,
  table3,
  table4,
  table5,
} from './gb18218.js';

/**
 * GB 18218-2018 identification and grading of one unit (生产单元 or 储存单元): each substance's q/Q,
 * S = Σ q/Q (S ≥ 1: a major hazard), β per substance, α from the exposed population, R = α Σ β q/Q
 * and the grade. The tables and their sources are in `gb18218.ts`.
 */

const hazardCategoryCode = z.enum(hazardCategoryCodes);

/** The largest quantity the calculator takes, tonnes. */
export const MAX_TONNES = 1e9;

/** One substance of a unit: named (表1, by name, alias or CAS) or by hazard category (表2), or both. */
export const substanceInput = z.object({
  name: nameInput().min(1).max(200).optional(),
  cas: z
    .string()
    .trim()
    .regex(/^\d{2,7}-\d{2}-\d$/, { message: 'CAS 号格式应为 nnnnnnn-nn-n / A CAS number looks like nnnnnnn-nn-n' })
    .optional(),
  /** A 表2 code, or several when the substance has several hazard classes (the smallest Q is taken). */
  category: z.union([hazardCategoryCode, z.array(hazardCategoryCode).min(1).max(10)]).optional(),
  /** The largest quantity present in the unit at any time (q), tonnes. */
  quantityTonnes: z
    .number()
    .nonnegative({ message: '数量不能为负 / The quantity cannot be negative' })
    // A billion tonnes is beyond any unit; far larger numbers would make q/Q or R overflow to Infinity.
    .max(MAX_TONNES, { message: '数量不能超过 10 亿吨 / The quantity cannot exceed a billion tonnes' }),
});
export type SubstanceInput = z.infer<typeof substanceInput>;

export const majorHazardInput = z.object({
  substances: z.array(substanceInput).min(1).max(200),
  /** 常住人口 within 500 m of the plant boundary (表5). */
  exposedPopulation: z.number().int().nonnegative().max(100_000_000),
});
export type MajorHazardInput = z.infer<typeof majorHazardInput>;

/** How a substance found its critical quantity: 表1 by name (or alias), 表1 by CAS, or 表2 by category. */
export type MatchedBy = 'name' | 'cas' | 'category';
/** Where β came from: 表3 (a named toxic gas), 表4 (its category), or 1 when neither applies. */
export type BetaBy = 'table3' | 'table4' | 'default';

export interface MajorHazardItem {
  /** The 表1 row it matched, or null when it was counted by category. */
  substance: NamedSubstance | null;
  /** The 表2 category whose Q was used (the smallest of those given), when not in 表1. */
  category: HazardCategory | null;
  matchedBy: MatchedBy;
  quantityTonnes: number;
  criticalQuantityTonnes: number;
  /** q / Q. */
  ratio: number;
  beta: number;
  betaBy: BetaBy;
}

export interface MajorHazardResult {
  S: number;
  R: number;
  alpha: number;
  /** 一级 (1) … 四级 (4); null when the unit is not a major hazard (S < 1). */
  grade: 1 | 2 | 3 | 4 | null;
  isMajorHazard: boolean;
  /** In the order the substances were given. */
  items: MajorHazardItem[];
}

/** A name compared as people type it: NFKC (full-width letters and digits), no spaces, case-blind. */
const normalName = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

const byName = new Map<string, NamedSubstance>();
const byCas = new Map<string, NamedSubstance>();
for (const s of table1) {
  for (const name of [s.name, s.nameEn, ...s.aliases]) byName.set(normalName(name), s);
  for (const cas of s.cas) byCas.set(cas, s);
}
const categoryByCode = new Map(table2.map((c) => [c.code, c]));

/** The 表1 row of a name, alias or English name, if any. */
export const findNamedSubstance = (name: string): NamedSubstance | undefined => byName.get(normalName(name));
/** The 表1 row of a CAS number, if any. */
export const findByCas = (cas: string): NamedSubstance | undefined => byCas.get(cas.trim());

/** α of 表5 for a number of exposed people. */
export function alphaFor(exposedPopulation: number): number {
  return table5.find((band) => exposedPopulation >= band.minPeople)?.alpha ?? 0.5;
}

/** The grade of R (R ≥ 100 一级; 50 ≤ R < 100 二级; 10 ≤ R < 50 三级; R < 10 四级). */
export function gradeFor(R: number): 1 | 2 | 3 | 4 {
  return gradeBands.find((band) => R >= band.minR)?.grade ?? 4;
}

/** Sums of quotients rounded to 12 significant digits, so that 0.1 + 0.2 + 0.7 of Q counts as S = 1. */
const exact = (x: number): number => Number(x.toPrecision(12));

const categoriesOf = (input: SubstanceInput): HazardCategory[] =>
  (input.category === undefined ? [] : Array.isArray(input.category) ? input.category : [input.category]).map((code) =>
    categoryByCode.get(code)!,
  );

function identify(
  input: SubstanceInput,
  index: number,
): { substance: NamedSubstance | null; category: HazardCategory | null; matchedBy: MatchedBy; Q: number } {
  const named = input.name !== undefined ? findNamedSubstance(input.name) : undefined;
  const cas = input.cas !== undefined ? findByCas(input.cas) : undefined;
  if (named && cas && named !== cas)
    throw fieldError(
      `substances.${index}.cas`,
      `CAS 号 ${input.cas} 是表1的「${cas.name}」，与名称「${input.name}」不符`,
      `CAS ${input.cas} is "${cas.nameEn}" in Table 1, not "${input.name}"`,
    );
  const substance = named ?? cas;
  if (substance) return { substance, category: null, matchedBy: named ? 'name' : 'cas', Q: substance.criticalQuantityTonnes };
  const categories = categoriesOf(input);
  if (categories.length === 0) {
    const what = input.name ?? input.cas;
    throw fieldError(
      `substances.${index}`,
      what ? `「${what}」不在表1中，请注明其危险性类别（表2）` : '请填写物质名称、CAS 号或危险性类别',
      what ? `"${what}" is not in Table 1; give its hazard category (Table 2)` : 'Give the name, CAS number or hazard category',
    );
  }
  const smallest = categories.reduce((a, b) => (b.criticalQuantityTonnes < a.criticalQuantityTonnes ? b : a));
  return { substance: null, category: smallest, matchedBy: 'category', Q: smallest.criticalQuantityTonnes };
}

/**
 * β of a substance: 表3 when it is one of the named toxic gases (by its 表1 row or by the name
 * given), else 表4 by the category given (the largest β when several are given, erring on the safe
 * side), else 1 — a 表1 substance given without its category gets β = 1 (`betaBy: 'default'`), which the
 * UI points out since 表4 may give more.
 */
function betaOf(input: SubstanceInput, substance: NamedSubstance | null): { beta: number; betaBy: BetaBy } {
  const gas = table3.find(
    (g) => (substance && g.table1No === substance.no) || (input.name !== undefined && normalName(g.name) === normalName(input.name)),
  );
  if (gas) return { beta: gas.beta, betaBy: 'table3' };
  const categories = categoriesOf(input);
  if (categories.length > 0) return { beta: Math.max(...categories.map((c) => table4[c.code] ?? 1)), betaBy: 'table4' };
  return { beta: 1, betaBy: 'default' };
}

/**
 * Identifies and grades one unit. Throws a 400 naming `substances.N` for a substance neither in
 * 表1 nor given a category, and `substances.N.cas` when the name and the CAS number are two
 * different 表1 rows.
 */
export function assessMajorHazard(input: { substances: readonly SubstanceInput[]; exposedPopulation: number }): MajorHazardResult {
  if (!Number.isInteger(input.exposedPopulation) || input.exposedPopulation < 0)
    throw fieldError('exposedPopulation', '暴露人数须为不小于 0 的整数', 'The exposed population must be a whole number, 0 or more');
  const items = input.substances.map((s, index): MajorHazardItem => {
    if (!(s.quantityTonnes >= 0 && s.quantityTonnes <= MAX_TONNES))
      throw fieldError(
        `substances.${index}.quantityTonnes`,
        '数量须在 0 到 10 亿吨之间',
        'The quantity must be from 0 to a billion tonnes',
      );
    const { substance, category, matchedBy, Q } = identify(s, index);
    const ratio = exact(s.quantityTonnes / Q);
    return { substance, category, matchedBy, quantityTonnes: s.quantityTonnes, criticalQuantityTonnes: Q, ratio, ...betaOf(s, substance) };
  });
  const S = exact(items.reduce((sum, item) => sum + item.quantityTonnes / item.criticalQuantityTonnes, 0));
  const alpha = alphaFor(input.exposedPopulation);
  const R = exact(alpha * items.reduce((sum, item) => sum + (item.beta * item.quantityTonnes) / item.criticalQuantityTonnes, 0));
  const isMajorHazard = S >= 1;
  return { S, R, alpha, grade: isMajorHazard ? gradeFor(R) : null, isMajorHazard, items };
}
