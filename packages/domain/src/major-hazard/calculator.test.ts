import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { alphaFor, assessMajorHazard, findByCas, findNamedSubstance, gradeFor, majorHazardInput } from './calculator.js';
import { table1, table2, table3, table4, table5 } from './gb18218.js';

const fieldOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e.fields?.[0]?.field;
    throw e;
  }
  return undefined;
};

describe('GB 18218-2018 tables as data', () => {
  it('表1 holds all 85 rows, numbered 1–85, with unique names, aliases and CAS numbers', () => {
    expect(table1).toHaveLength(85);
    expect(table1.map((s) => s.no)).toEqual(Array.from({ length: 85 }, (_, i) => i + 1));
    const names = table1.flatMap((s) => [s.name, ...s.aliases]);
    expect(new Set(names).size).toBe(names.length);
    const cas = table1.flatMap((s) => s.cas);
    expect(new Set(cas).size).toBe(cas.length);
    expect(table1.every((s) => s.criticalQuantityTonnes > 0)).toBe(true);
  });

  it('表2 has J1–J5 and W1.1–W11, each with its β in 表4', () => {
    expect(table2.map((c) => c.code)).toEqual([
      'J1',
      'J2',
      'J3',
      'J4',
      'J5',
      'W1.1',
      'W1.2',
      'W1.3',
      'W2',
      'W3',
      'W4',
      'W5.1',
      'W5.2',
      'W5.3',
      'W5.4',
      'W6.1',
      'W6.2',
      'W7.1',
      'W7.2',
      'W8',
      'W9.1',
      'W9.2',
      'W10',
      'W11',
    ]);
    expect(Object.keys(table4).sort()).toEqual(table2.map((c) => c.code).sort());
  });

  it('表3 links each named gas to its 表1 row', () => {
    for (const gas of table3) expect(table1[gas.table1No - 1]!.aliases.concat(table1[gas.table1No - 1]!.name).join()).toContain(gas.name);
  });

  it('表5 covers every population without gaps', () => {
    for (let i = 0; i < table5.length - 1; i++) expect(table5[i + 1]!.maxPeople).toBe(table5[i]!.minPeople - 1);
  });
});

describe('lookup', () => {
  it('finds 表1 rows by name, alias, English name and CAS', () => {
    expect(findNamedSubstance('光气')?.no).toBe(6);
    expect(findNamedSubstance('碳酰氯')?.no).toBe(6);
    expect(findNamedSubstance('天然气')?.no).toBe(49);
    expect(findNamedSubstance('甲烷')?.no).toBe(49);
    expect(findNamedSubstance('lpg')?.no).toBe(52);
    expect(findNamedSubstance('液化石油气')?.no).toBe(52);
    expect(findNamedSubstance('电石')?.no).toBe(83);
    expect(findNamedSubstance(' Ｔｏｌｕｅｎｅ ')?.no).toBe(64);
    expect(findByCas('8006-14-2')?.no).toBe(49);
    expect(findByCas('7782-50-5')?.name).toBe('氯');
    expect(findNamedSubstance('水')).toBeUndefined();
  });
});

describe('α (表5) and grade', () => {
  it('gives α at each boundary of the exposed population', () => {
    expect([0, 1, 29, 30, 49, 50, 99, 100, 10_000].map(alphaFor)).toEqual([0.5, 1, 1, 1.2, 1.2, 1.5, 1.5, 2, 2]);
  });

  it('grades R: ≥ 100 一级, 50–100 二级, 10–50 三级, < 10 四级', () => {
    expect([100, 99.99, 50, 49.99, 10, 9.99, 0].map(gradeFor)).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });
});

describe('assessMajorHazard', () => {
  it('one substance exactly at its critical quantity is a major hazard (S = 1)', () => {
    const r = assessMajorHazard({ substances: [{ name: '氯', quantityTonnes: 5 }], exposedPopulation: 0 });
    expect(r).toMatchObject({ S: 1, alpha: 0.5, R: 2, grade: 4, isMajorHazard: true });
    expect(r.items[0]).toMatchObject({ criticalQuantityTonnes: 5, beta: 4, betaBy: 'table3', ratio: 1, matchedBy: 'name' });
  });

  it('just below S = 1 is not, and has no grade', () => {
    const r = assessMajorHazard({ substances: [{ name: '氯', quantityTonnes: 4.99 }], exposedPopulation: 200 });
    expect(r).toMatchObject({ isMajorHazard: false, grade: null });
    expect(r.S).toBeCloseTo(0.998, 9);
  });

  it('sums q/Q over several substances, in the order given, without floating-point shortfall', () => {
    const r = assessMajorHazard({
      substances: [
        { name: '甲醇', quantityTonnes: 50 },
        { cas: '71-43-2', quantityTonnes: 10 },
        { name: '某溶剂', category: 'W5.3', quantityTonnes: 700 },
      ],
      exposedPopulation: 60,
    });
    // 0.1 + 0.2 + 0.7 = 1 exactly, although 0.1 + 0.2 + 0.7 in binary is 0.9999999999999999.
    expect(r.S).toBe(1);
    expect(r.isMajorHazard).toBe(true);
    expect(r.items.map((i) => [i.criticalQuantityTonnes, i.ratio, i.matchedBy])).toEqual([
      [500, 0.1, 'name'],
      [50, 0.2, 'cas'],
      [1000, 0.7, 'category'],
    ]);
    expect(r.items[2]).toMatchObject({ beta: 1, betaBy: 'table4' });
    // α 1.5 × (1·0.1 + 1·0.2 + 1·0.7) = 1.5.
    expect(r).toMatchObject({ alpha: 1.5, R: 1.5, grade: 4 });
  });

  it('reaches every grade at its boundary R', () => {
    // 光气: Q 0.3 t, β 20; with α 2: R = 2 × 20 × q/0.3.
    const grade = (q: number) => assessMajorHazard({ substances: [{ name: '光气', quantityTonnes: q }], exposedPopulation: 100 });
    expect(grade(0.75)).toMatchObject({ R: 100, grade: 1 });
    expect(grade(0.375)).toMatchObject({ R: 50, grade: 2 });
    expect(grade(0.3)).toMatchObject({ S: 1, R: 40, grade: 3 });
    const lpg = (q: number, people: number) =>
      assessMajorHazard({ substances: [{ name: 'LPG', category: 'W2', quantityTonnes: q }], exposedPopulation: people });
    // LPG: Q 50 t, β 1.5 (表4 W2): R = α × 1.5 × q/50.
    expect(lpg(50, 0)).toMatchObject({ R: 0.75, grade: 4 });
    expect(lpg(200, 30)).toMatchObject({ R: 7.2, grade: 4 });
    expect(lpg(1000, 100)).toMatchObject({ R: 60, grade: 2 });
  });

  it('takes β from 表3 for a named gas, else 表4 by category (largest), else 1', () => {
    const items = assessMajorHazard({
      substances: [
        { name: '硫化氢', quantityTonnes: 1 },
        { name: '一氧化碳', quantityTonnes: 1 },
        { name: '汽油', quantityTonnes: 1 },
        { name: '汽油', category: 'W5.1', quantityTonnes: 1 },
        { name: '新物质', category: ['J3', 'W2'], quantityTonnes: 1 },
      ],
      exposedPopulation: 0,
    }).items;
    expect(items.map((i) => [i.beta, i.betaBy])).toEqual([
      [5, 'table3'],
      [2, 'table3'],
      [1, 'default'],
      [1.5, 'table4'],
      [2, 'table4'],
    ]);
    // Several categories: the smallest Q (W2 10 t rather than J3 50 t).
    expect(items[4]).toMatchObject({ criticalQuantityTonnes: 10, category: { code: 'W2' } });
    // A 表1 substance keeps its 表1 Q even when a category is given.
    expect(items[3]).toMatchObject({ criticalQuantityTonnes: 200, matchedBy: 'name' });
  });

  it('refuses an unknown substance without a category, naming substances.N', () => {
    expect(
      fieldOf(() =>
        assessMajorHazard({
          substances: [
            { name: '氨', quantityTonnes: 1 },
            { name: '未知物', quantityTonnes: 1 },
          ],
          exposedPopulation: 0,
        }),
      ),
    ).toBe('substances.1');
    expect(fieldOf(() => assessMajorHazard({ substances: [{ quantityTonnes: 1 }], exposedPopulation: 0 }))).toBe('substances.0');
    expect(fieldOf(() => assessMajorHazard({ substances: [{ cas: '1-11-1', quantityTonnes: 1 }], exposedPopulation: 0 }))).toBe(
      'substances.0',
    );
  });

  it('refuses a name and a CAS number of two different rows, a negative quantity and a negative population', () => {
    expect(
      fieldOf(() => assessMajorHazard({ substances: [{ name: '氨', cas: '7782-50-5', quantityTonnes: 1 }], exposedPopulation: 0 })),
    ).toBe('substances.0.cas');
    expect(fieldOf(() => assessMajorHazard({ substances: [{ name: '氨', quantityTonnes: -1 }], exposedPopulation: 0 }))).toBe(
      'substances.0.quantityTonnes',
    );
    expect(fieldOf(() => assessMajorHazard({ substances: [{ name: '氨', quantityTonnes: 1 }], exposedPopulation: -1 }))).toBe(
      'exposedPopulation',
    );
    expect(fieldOf(() => assessMajorHazard({ substances: [{ name: '光气', quantityTonnes: 1e308 }], exposedPopulation: 0 }))).toBe(
      'substances.0.quantityTonnes',
    );
    const parsed = majorHazardInput.safeParse({ substances: [{ name: '氨', quantityTonnes: -1 }], exposedPopulation: 0 });
    expect(parsed.error?.issues[0]?.path).toEqual(['substances', 0, 'quantityTonnes']);
    expect(
      majorHazardInput.safeParse({ substances: [{ category: 'W99', quantityTonnes: 1 }], exposedPopulation: 0 }).error?.issues[0]?.path,
    ).toEqual(['substances', 0, 'category']);
  });

  it('property: S is Σ q/Q, S ≥ 1 ⇔ major hazard, a grade only then, and R = α Σ β q/Q', () => {
    const substance = fc.oneof(
      fc.record({ name: fc.constantFrom(...table1.map((s) => s.name)), quantityTonnes: fc.double({ min: 0, max: 5000, noNaN: true }) }),
      fc.record({
        category: fc.constantFrom(...table2.map((c) => c.code)),
        quantityTonnes: fc.double({ min: 0, max: 5000, noNaN: true }),
      }),
    );
    fc.assert(
      fc.property(fc.array(substance, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 1000 }), (substances, people) => {
        const r = assessMajorHazard({ substances, exposedPopulation: people });
        const S = r.items.reduce((sum, i) => sum + i.quantityTonnes / i.criticalQuantityTonnes, 0);
        expect(r.S).toBeCloseTo(S, 6);
        expect(r.isMajorHazard).toBe(r.S >= 1);
        expect(r.grade === null).toBe(!r.isMajorHazard);
        const R = r.alpha * r.items.reduce((sum, i) => sum + (i.beta * i.quantityTonnes) / i.criticalQuantityTonnes, 0);
        expect(r.R).toBeCloseTo(R, 6);
        if (r.grade !== null) expect(r.grade).toBe(r.R >= 100 ? 1 : r.R >= 50 ? 2 : r.R >= 10 ? 3 : 4);
        expect(r.items.map((i) => i.quantityTonnes)).toEqual(substances.map((s) => s.quantityTonnes));
      }),
    );
  });

  it('property: more of a substance never lowers S, R or the grade', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...table1.map((s) => s.name)),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.integer({ min: 0, max: 200 }),
        (name, a, b, people) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const low = assessMajorHazard({ substances: [{ name, quantityTonnes: lo }], exposedPopulation: people });
          const high = assessMajorHazard({ substances: [{ name, quantityTonnes: hi }], exposedPopulation: people });
          expect(high.S).toBeGreaterThanOrEqual(low.S);
          expect(high.R).toBeGreaterThanOrEqual(low.R);
          if (low.grade !== null) expect(high.grade).not.toBeNull();
          if (low.grade !== null && high.grade !== null) expect(high.grade).toBeLessThanOrEqual(low.grade);
        },
      ),
    );
  });
});
