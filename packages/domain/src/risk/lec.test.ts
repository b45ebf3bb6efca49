import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { defaultLecMapping, levelFor } from './grading.js';
import { isLecValue, lec, lecBandOf, lecC, lecE, lecInput, lecL } from './lec.js';

const Ls = lecL.map((r) => r.value);
const Es = lecE.map((r) => r.value);
const Cs = lecC.map((r) => r.value);
const triple = fc.record({ L: fc.constantFrom(...Ls), E: fc.constantFrom(...Es), C: fc.constantFrom(...Cs) });

/** Every D the tables can give. */
const allD = [...new Set(Ls.flatMap((L) => Es.flatMap((E) => Cs.map((C) => lec({ L, E, C }).D))))];

const fieldOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e.fields?.[0]?.field;
    throw e;
  }
  return undefined;
};

describe('LEC tables (regulations.md §6.2)', () => {
  it('holds the standard values', () => {
    expect(Ls).toEqual([10, 6, 3, 1, 0.5, 0.2, 0.1]);
    expect(Es).toEqual([10, 6, 3, 2, 1, 0.5]);
    expect(Cs).toEqual([100, 40, 15, 7, 3, 1]);
  });

  it('flags L = 0.1 as unverified, the rest as verified', () => {
    expect(lecL.filter((r) => r.confidence !== 'V').map((r) => r.value)).toEqual([0.1]);
    expect([...lecE, ...lecC].every((r) => r.confidence === 'V')).toBe(true);
  });
});

describe('lec', () => {
  it('computes D exactly, without binary floating-point residue', () => {
    expect(lec({ L: 0.1, E: 6, C: 100 }).D).toBe(60);
    expect(lec({ L: 0.2, E: 10, C: 40 }).D).toBe(80);
    expect(lec({ L: 10, E: 10, C: 100 }).D).toBe(10000);
    expect(lec({ L: 0.1, E: 0.5, C: 1 }).D).toBe(0.05);
  });

  it('grades the default mapping: ≥ 320 重大 红, 160–320 较大 橙, 70–160 一般 黄, < 70 低 蓝', () => {
    expect(lec({ L: 6, E: 6, C: 15 })).toMatchObject({ D: 540, level: 'major', color: 'red' });
    expect(lec({ L: 3, E: 6, C: 15 })).toMatchObject({ D: 270, level: 'significant', color: 'orange' });
    expect(lec({ L: 3, E: 6, C: 7 })).toMatchObject({ D: 126, level: 'general', color: 'yellow' });
    expect(lec({ L: 1, E: 6, C: 7 })).toMatchObject({ D: 42, level: 'low', color: 'blue' });
  });

  it('puts each threshold in the level it opens (以上 includes the number)', () => {
    const t = defaultLecMapping.thresholds;
    expect(levelFor(320, t)).toBe('major');
    expect(levelFor(319.99, t)).toBe('significant');
    expect(levelFor(160, t)).toBe('significant');
    expect(levelFor(159.99, t)).toBe('general');
    expect(levelFor(70, t)).toBe('general');
    expect(levelFor(69.99, t)).toBe('low');
    // 70 is a product of the tables: L 10 × E 1 × C 7 (and L 1 × E 10 × C 7).
    expect(lec({ L: 10, E: 1, C: 7 })).toMatchObject({ D: 70, level: 'general', color: 'yellow' });
    expect(lec({ L: 3, E: 3, C: 7 })).toMatchObject({ D: 63, level: 'low', color: 'blue' });
  });

  it('places D in its band: > 320, 160–320, 70–160, 20–70, < 20', () => {
    expect(lecBandOf(320.01).key).toBe('extreme');
    expect(lecBandOf(320).key).toBe('high');
    expect(lecBandOf(160).key).toBe('high');
    expect(lecBandOf(159.99).key).toBe('notable');
    expect(lecBandOf(70).key).toBe('notable');
    expect(lecBandOf(69.99).key).toBe('moderate');
    expect(lecBandOf(20).key).toBe('moderate');
    expect(lecBandOf(19.99).key).toBe('slight');
    expect(lec({ L: 10, E: 2, C: 1 })).toMatchObject({ D: 20, band: { key: 'moderate' } });
    expect(lec({ L: 6, E: 3, C: 1 })).toMatchObject({ D: 18, band: { key: 'slight' } });
  });

  it('uses the thresholds it is given (an administrator-changed mapping)', () => {
    const strict = { major: 200, significant: 100, general: 20 };
    expect(lec({ L: 3, E: 6, C: 15 }, strict)).toMatchObject({ D: 270, level: 'major', color: 'red' });
    expect(lec({ L: 10, E: 2, C: 1 }, strict)).toMatchObject({ D: 20, level: 'general' });
  });

  it('refuses a value not in its table, naming the factor', () => {
    expect(fieldOf(() => lec({ L: 2, E: 6, C: 15 }))).toBe('L');
    expect(fieldOf(() => lec({ L: 6, E: 4, C: 15 }))).toBe('E');
    expect(fieldOf(() => lec({ L: 6, E: 6, C: 50 }))).toBe('C');
    expect(fieldOf(() => lec({ L: Number.NaN, E: 6, C: 15 }))).toBe('L');
    const parsed = lecInput.safeParse({ L: 6, E: 6, C: 16 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['C']);
  });

  it('property: D is the product, its level follows the thresholds, and level and band agree at every boundary', () => {
    fc.assert(
      fc.property(triple, (input) => {
        const r = lec(input);
        expect(r.D).toBeCloseTo(input.L * input.E * input.C, 9);
        const expected = r.D >= 320 ? 'major' : r.D >= 160 ? 'significant' : r.D >= 70 ? 'general' : 'low';
        expect(r.level).toBe(expected);
        expect(['red', 'orange', 'yellow', 'blue'][['major', 'significant', 'general', 'low'].indexOf(r.level)]).toBe(r.color);
        expect(lecInput.safeParse(input).success).toBe(true);
      }),
    );
  });

  it('property: a number outside a table is refused by the schema and by lec()', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.constantFrom('L' as const, 'E' as const, 'C' as const), (value, factor) => {
        fc.pre(!isLecValue(factor, value));
        const input = { L: 6, E: 6, C: 15, [factor]: value };
        expect(fieldOf(() => lec(input))).toBe(factor);
        expect(lecInput.safeParse(input).success).toBe(false);
      }),
    );
  });

  it('property: the level never falls as D rises (monotone over every D the tables give)', () => {
    const rank = { low: 1, general: 2, significant: 3, major: 4 };
    const sorted = [...allD].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) {
      expect(rank[levelFor(sorted[i]!, defaultLecMapping.thresholds)]).toBeGreaterThanOrEqual(
        rank[levelFor(sorted[i - 1]!, defaultLecMapping.thresholds)],
      );
    }
    expect(allD).toContain(70);
    expect(allD).not.toContain(320);
    expect(allD).not.toContain(160);
  });
});
