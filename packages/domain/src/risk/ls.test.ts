import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { assess, assessmentInput } from './assessment.js';
import { defaultGradingConfig, defaultLsMapping, directGradingInput, gradingConfig, levelFor, levelMapping, lsPresets } from './grading.js';
import { lsInput, lsMatrix } from './ls.js';

const preset = (key: string) => lsPresets.find((p) => p.key === key)!.thresholds;
const levelsOver = (thresholds: { major: number; significant: number; general: number }) =>
  Object.fromEntries([1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25].map((R) => [R, levelFor(R, thresholds)]));

describe('LS matrix presets (regulations.md §6.3)', () => {
  it('variant A: 1–3 低, 4–9 一般, 10–16 较大, 20–25 重大 (the default)', () => {
    expect(defaultLsMapping.preset).toBe('A');
    expect(levelsOver(preset('A'))).toEqual({
      1: 'low',
      2: 'low',
      3: 'low',
      4: 'general',
      5: 'general',
      6: 'general',
      8: 'general',
      9: 'general',
      10: 'significant',
      12: 'significant',
      15: 'significant',
      16: 'significant',
      20: 'major',
      25: 'major',
    });
  });

  it('variant B: 1–8 低, 9–12 一般, 15–16 较大, 20–25 重大', () => {
    expect(levelsOver(preset('B'))).toMatchObject({
      8: 'low',
      9: 'general',
      12: 'general',
      15: 'significant',
      16: 'significant',
      20: 'major',
    });
  });

  it('variant C: 1–4 低, 5–9 一般, 10–16 较大, 17–25 重大', () => {
    expect(levelsOver(preset('C'))).toMatchObject({
      4: 'low',
      5: 'general',
      9: 'general',
      10: 'significant',
      16: 'significant',
      20: 'major',
    });
    expect(levelFor(17, preset('C'))).toBe('major');
    expect(levelFor(16.99, preset('C'))).toBe('significant');
  });

  it('flags every preset as not verified', () => {
    expect(lsPresets.map((p) => p.confidence)).toEqual(['P', 'U', 'U']);
    expect(defaultLsMapping.verified).toBe(false);
  });
});

describe('lsMatrix', () => {
  it('computes R = L × S and its level and colour at each boundary of the default', () => {
    expect(lsMatrix({ L: 1, S: 3 })).toEqual({ R: 3, level: 'low', color: 'blue' });
    expect(lsMatrix({ L: 2, S: 2 })).toEqual({ R: 4, level: 'general', color: 'yellow' });
    expect(lsMatrix({ L: 3, S: 3 })).toEqual({ R: 9, level: 'general', color: 'yellow' });
    expect(lsMatrix({ L: 2, S: 5 })).toEqual({ R: 10, level: 'significant', color: 'orange' });
    expect(lsMatrix({ L: 4, S: 4 })).toEqual({ R: 16, level: 'significant', color: 'orange' });
    expect(lsMatrix({ L: 4, S: 5 })).toEqual({ R: 20, level: 'major', color: 'red' });
  });

  it('refuses a score outside 1–5, naming it', () => {
    for (const [input, field] of [
      [{ L: 0, S: 3 }, 'L'],
      [{ L: 3, S: 6 }, 'S'],
      [{ L: 2.5, S: 3 }, 'L'],
    ] as const) {
      let error: unknown;
      try {
        lsMatrix(input);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).fields?.[0]?.field).toBe(field);
      expect(lsInput.safeParse(input).error?.issues[0]?.path).toEqual([field]);
    }
  });

  it('property: under every preset the level follows R with each threshold in the level it opens', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom(...lsPresets), (L, S, p) => {
        const { R, level } = lsMatrix({ L, S }, p.thresholds);
        const t = p.thresholds;
        expect(level).toBe(R >= t.major ? 'major' : R >= t.significant ? 'significant' : R >= t.general ? 'general' : 'low');
      }),
    );
  });
});

describe('the configurable mapping', () => {
  it('validates as stored data and refuses thresholds out of order', () => {
    expect(gradingConfig.safeParse(defaultGradingConfig).success).toBe(true);
    const bad = levelMapping.safeParse({ ...defaultLsMapping, thresholds: { major: 10, significant: 10, general: 4 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['thresholds']);
  });

  it('property: levelFor is monotone in the score for any valid thresholds', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.double({ min: 0.01, max: 1e4, noNaN: true }),
          fc.double({ min: 0.01, max: 1e4, noNaN: true }),
          fc.double({ min: 0.01, max: 1e4, noNaN: true }),
        ),
        fc.double({ min: 0, max: 2e4, noNaN: true }),
        fc.double({ min: 0, max: 2e4, noNaN: true }),
        (ts, a, b) => {
          const [general, significant, major] = [...ts].sort((x, y) => x - y);
          fc.pre(general! < significant! && significant! < major!);
          const t = { major: major!, significant: significant!, general: general! };
          const rank = { low: 1, general: 2, significant: 3, major: 4 };
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(rank[levelFor(hi, t)]).toBeGreaterThanOrEqual(rank[levelFor(lo, t)]);
          expect(levelFor(t.major, t)).toBe('major');
          expect(levelFor(t.significant, t)).toBe('significant');
          expect(levelFor(t.general, t)).toBe('general');
        },
      ),
    );
  });
});

describe('assess (the three methods)', () => {
  it('grades LEC, LS and a direct grading with its reason', () => {
    expect(assess({ method: 'lec', L: 6, E: 6, C: 15 })).toEqual({ method: 'lec', score: 540, level: 'major', color: 'red' });
    expect(assess({ method: 'ls', L: 2, S: 2 })).toEqual({ method: 'ls', score: 4, level: 'general', color: 'yellow' });
    expect(assess({ method: 'direct', level: 'significant', reason: '涉及重大危险源' })).toEqual({
      method: 'direct',
      score: null,
      level: 'significant',
      color: 'orange',
    });
  });

  it('uses the stored mapping of each method', () => {
    const config = { ...defaultGradingConfig, ls: { ...defaultLsMapping, thresholds: preset('B') } };
    expect(assess({ method: 'ls', L: 3, S: 3 }, config).level).toBe('general');
    expect(assess({ method: 'ls', L: 2, S: 4 }, config).level).toBe('low');
  });

  it('requires a reason for a direct grading', () => {
    expect(directGradingInput.safeParse({ level: 'major' }).error?.issues[0]?.path).toEqual(['reason']);
    expect(assessmentInput.safeParse({ method: 'direct', level: 'major', reason: ' ' }).success).toBe(false);
    expect(assessmentInput.safeParse({ method: 'lec', L: 6, E: 6, C: 16 }).error?.issues[0]?.path).toEqual(['C']);
  });
});
