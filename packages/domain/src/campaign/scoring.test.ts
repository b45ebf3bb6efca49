import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type OpenFinding,
  type ScoringNode,
  type ScoringRow,
  computeScore,
  formatPoints,
  parsePoints,
  validateScoringTree,
} from './scoring.js';
import { scoringSeed } from './scoring.seed.js';

const node = (id: string, fullScoreCenti: number, extra: Partial<ScoringNode> = {}): ScoringNode => ({
  id,
  parentId: null,
  code: id,
  name: id,
  kind: 'item',
  fullScoreCenti,
  ...extra,
});

/** 城市安全规划 as the 2019 standard scores it: (1) 2 −0.5 cap 2, (2) 2 −0.5 cap 2, (3) 1 −0.2 cap 1. */
const planning: ScoringNode[] = [
  node('1', 500),
  node('(1)', 200, { parentId: '1', deductionPerFindingCenti: 50, capCenti: 200 }),
  node('(2)', 200, { parentId: '1', deductionPerFindingCenti: 50, capCenti: 200 }),
  node('(3)', 100, { parentId: '1', deductionPerFindingCenti: 20, capCenti: 100 }),
];

describe('computeScore', () => {
  it('a leaf loses its per-finding deduction, capped, never below 0', () => {
    const r = computeScore(planning, [{ itemId: '(1)', count: 3 }]);
    expect(r.items.get('(1)')).toMatchObject({ fullCenti: 200, deductedCenti: 150, scoreCenti: 50 });
    const capped = computeScore(planning, [{ itemId: '(1)', count: 9 }]);
    expect(capped.items.get('(1)')).toMatchObject({ deductedCenti: 200, scoreCenti: 0 });
    // Nine facility types missing at −0.2 would be 1.8; the item's cap is its 1 point.
    expect(computeScore(planning, [{ itemId: '(3)', count: 9 }]).items.get('(3)')!.scoreCenti).toBe(0);
    expect(computeScore(planning, [{ itemId: '(3)', count: 2 }]).items.get('(3)')!.scoreCenti).toBe(60);
  });

  it('a cap below the item’s points keeps the rest', () => {
    const r = computeScore([node('a', 200, { deductionPerFindingCenti: 100, capCenti: 100 })], [{ itemId: 'a', count: 5 }]);
    expect(r.items.get('a')).toMatchObject({ deductedCenti: 100, scoreCenti: 100 });
  });

  it('a finding with its own points overrides count × rate', () => {
    const r = computeScore(planning, [{ itemId: '(2)', count: 1, pointsCenti: 120 }]);
    expect(r.items.get('(2)')!.scoreCenti).toBe(80);
  });

  it('a parent sums its lower items and keeps the points they do not itemise', () => {
    const r = computeScore(planning, [
      { itemId: '(1)', count: 1 },
      { itemId: '(3)', count: 1 },
    ]);
    expect(r.items.get('1')).toMatchObject({ fullCenti: 500, scoreCenti: 430, deductedCenti: 70, ownCenti: 0 });
    const partly = computeScore(
      [node('二', 3200), node('4', 700, { parentId: '二' }), node('(11)', 300, { parentId: '4' })],
      [{ itemId: '(11)', count: 1, pointsCenti: 100 }],
    );
    expect(partly.items.get('4')).toMatchObject({ ownCenti: 400, scoreCenti: 600 });
    expect(partly.items.get('二')).toMatchObject({ ownCenti: 2500, scoreCenti: 3100 });
    expect(partly.totals).toMatchObject({ fullCenti: 3200, scoreCenti: 3100 });
  });

  it('a parent without lower items scores as a leaf; its own findings reach only its own part', () => {
    expect(computeScore([node('三', 1600)], [{ itemId: '三', count: 1, pointsCenti: 250 }]).totals.scoreCenti).toBe(1350);
    const r = computeScore(
      [node('p', 500, { capCenti: 300 }), node('c', 200, { parentId: 'p' })],
      [{ itemId: 'p', count: 1, pointsCenti: 900 }],
    );
    expect(r.items.get('p')).toMatchObject({ ownCenti: 300, scoreCenti: 200 });
  });

  it('the total adds the top-level items; the bonus is separate and capped', () => {
    const tree = [...planning, node('六', 400), node('七', 500, { kind: 'bonus', deductionPerFindingCenti: 100 })];
    const r = computeScore(tree, [
      { itemId: '(1)', count: 1 },
      { itemId: '七', count: 3 },
      { itemId: '七', count: 1, pointsCenti: 300 },
    ]);
    expect(r.totals).toMatchObject({ fullCenti: 900, scoreCenti: 850, bonusFullCenti: 500, bonusCenti: 500, vetoed: false });
    expect(r.items.get('七')).toMatchObject({ scoreCenti: 500, deductedCenti: 0 });
    expect(computeScore(tree, [{ itemId: '七', count: 2 }]).totals.bonusCenti).toBe(200);
  });

  it('a veto condition with an open finding voids the result, whatever the points', () => {
    const tree = [...planning, node('否1', 0, { kind: 'veto', name: '发生较大及以上事故' })];
    const clean = computeScore(tree, []);
    expect(clean.totals).toMatchObject({ vetoed: false, vetoReasons: [] });
    const r = computeScore(tree, [{ itemId: '否1', count: 1 }]);
    expect(r.totals).toMatchObject({
      vetoed: true,
      scoreCenti: 500,
      vetoReasons: [{ itemId: '否1', code: '否1', name: '发生较大及以上事故', findings: 1 }],
    });
    expect(r.items.get('否1')).toMatchObject({ triggered: true, scoreCenti: 0 });
    // A veto condition filed under a scored item does not change its points.
    const nested = computeScore([...planning, node('v', 0, { kind: 'veto', parentId: '1' })], [{ itemId: 'v', count: 1 }]);
    expect(nested.items.get('1')!.scoreCenti).toBe(500);
    expect(nested.totals.vetoed).toBe(true);
  });

  it('a cycle in stored data does not hang', () => {
    const r = computeScore([node('a', 100, { parentId: 'b' }), node('b', 100, { parentId: 'a' })], []);
    expect(r.items.size).toBe(2);
  });
});

/** Random forests: each node's parent is an earlier node, so there are no cycles. */
const forest = fc
  .array(
    fc.record({
      parent: fc.option(fc.nat(), { nil: null }),
      kind: fc.constantFrom('item', 'bonus', 'veto'),
      full: fc.integer({ min: 0, max: 3000 }),
      rate: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
      cap: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((specs) =>
    specs.map((s, i): ScoringNode => ({
      id: `n${i}`,
      parentId: s.parent !== null && i > 0 ? `n${s.parent % i}` : null,
      code: `n${i}`,
      name: `n${i}`,
      kind: s.kind as ScoringNode['kind'],
      fullScoreCenti: s.full,
      deductionPerFindingCenti: s.rate,
      capCenti: s.cap,
    })),
  );

const withFindings = forest.chain((nodes) =>
  fc.tuple(
    fc.constant(nodes),
    fc
      .array(
        fc.record({
          at: fc.nat(),
          count: fc.integer({ min: 1, max: 20 }),
          points: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
        }),
        { maxLength: 30 },
      )
      .map((fs): OpenFinding[] => fs.map((f) => ({ itemId: nodes[f.at % nodes.length]!.id, count: f.count, pointsCenti: f.points }))),
  ),
);

describe('computeScore properties', () => {
  it('every score lies within [0, full], and full = score + deducted for scored items', () => {
    fc.assert(
      fc.property(withFindings, ([nodes, findings]) => {
        const r = computeScore(nodes, findings);
        for (const n of nodes) {
          const s = r.items.get(n.id)!;
          expect(s.scoreCenti).toBeGreaterThanOrEqual(0);
          expect(s.scoreCenti).toBeLessThanOrEqual(s.fullCenti);
          if (n.kind === 'item') expect(s.scoreCenti + s.deductedCenti).toBe(s.fullCenti);
        }
        expect(r.totals.scoreCenti).toBeLessThanOrEqual(r.totals.fullCenti);
        expect(r.totals.bonusCenti).toBeLessThanOrEqual(r.totals.bonusFullCenti);
      }),
    );
  });

  it('closing a finding never lowers a scored item nor the total', () => {
    fc.assert(
      fc.property(withFindings, fc.nat(), ([nodes, findings], pick) => {
        fc.pre(findings.length > 0);
        const before = computeScore(nodes, findings);
        const after = computeScore(
          nodes,
          findings.filter((_, i) => i !== pick % findings.length),
        );
        for (const n of nodes)
          if (n.kind === 'item') expect(after.items.get(n.id)!.scoreCenti).toBeGreaterThanOrEqual(before.items.get(n.id)!.scoreCenti);
        expect(after.totals.scoreCenti).toBeGreaterThanOrEqual(before.totals.scoreCenti);
      }),
    );
  });

  it('a leaf never loses more than its cap (or its points)', () => {
    fc.assert(
      fc.property(withFindings, ([nodes, findings]) => {
        const r = computeScore(nodes, findings);
        const parents = new Set(nodes.map((n) => n.parentId));
        for (const n of nodes) {
          if (n.kind !== 'item' || parents.has(n.id)) continue;
          expect(r.items.get(n.id)!.deductedCenti).toBeLessThanOrEqual(Math.min(n.capCenti ?? n.fullScoreCenti, n.fullScoreCenti));
        }
      }),
    );
  });
});

const row = (code: string, parentCode: string | null, fullScoreCenti: number, extra: Partial<ScoringRow> = {}): ScoringRow => ({
  code,
  parentCode,
  name: code,
  kind: 'item',
  fullScoreCenti,
  deductionPerFindingCenti: null,
  capCenti: null,
  ...extra,
});

describe('validateScoringTree', () => {
  const issues = (rows: ScoringRow[]) => validateScoringTree(rows).map((i) => [i.index, i.field, i.code]);

  it('accepts the seed', () => {
    expect(validateScoringTree(scoringSeed)).toEqual([]);
  });

  it('finds duplicate codes, unknown parents and cycles', () => {
    expect(issues([row('a', null, 100), row('a', null, 100)])).toEqual([[1, 'code', 'duplicate_code']]);
    expect(issues([row('a', 'x', 100)])).toEqual([[0, 'parentCode', 'unknown_parent']]);
    expect(issues([row('a', 'b', 100), row('b', 'a', 100)])).toEqual(
      expect.arrayContaining([
        [0, 'parentCode', 'cycle'],
        [1, 'parentCode', 'cycle'],
      ]),
    );
  });

  it('keeps caps within points and lower items within their parent', () => {
    expect(issues([row('a', null, 100, { capCenti: 150 })])).toEqual([[0, 'cap', 'cap_exceeds_full']]);
    expect(issues([row('a', null, 300), row('b', 'a', 200), row('c', 'a', 200)])).toEqual([[0, 'fullScore', 'children_exceed_full']]);
    expect(issues([row('a', null, 300), row('b', 'a', 200), row('c', 'a', 100)])).toEqual([]);
  });

  it('keeps a lower item of its parent’s kind, except a veto condition; a veto carries no points', () => {
    expect(issues([row('a', null, 300), row('b', 'a', 100, { kind: 'bonus' })])).toEqual([[1, 'kind', 'kind_mismatch']]);
    expect(issues([row('a', null, 300), row('v', 'a', 0, { kind: 'veto' })])).toEqual([]);
    expect(issues([row('v', null, 100, { kind: 'veto' })])).toEqual([[0, 'fullScore', 'veto_points']]);
  });
});

describe('points as text', () => {
  it('formats hundredths', () => {
    expect([50, 200, 25, 20, 0, 1800, -50, 3].map(formatPoints)).toEqual(['0.5', '2', '0.25', '0.2', '0', '18', '-0.5', '0.03']);
  });

  it('parses what it formats, and refuses more than two decimals', () => {
    fc.assert(fc.property(fc.integer({ min: -100000, max: 100000 }), (c) => parsePoints(formatPoints(c)) === c));
    expect(parsePoints(0.2)).toBe(20);
    expect(parsePoints(0.1 + 0.2)).toBe(30);
    expect(parsePoints('0.125')).toBeNull();
    expect(parsePoints('两分')).toBeNull();
    expect(parsePoints('')).toBeNull();
  });
});

describe('scoringSeed', () => {
  const byCode = new Map(scoringSeed.map((s) => [s.code, s]));

  it('has the six 一级项 adding up to 100 points and a 5-point bonus, with their confidence', () => {
    const tops = scoringSeed.filter((s) => s.parentCode === null);
    expect(tops.map((s) => [s.name, s.fullScoreCenti / 100, s.confidence, s.kind])).toEqual([
      ['城市安全源头治理', 18, 'V', 'item'],
      ['城市安全风险防控', 32, 'V', 'item'],
      ['城市安全监督管理', 16, 'P', 'item'],
      ['城市安全保障能力', 16, 'P', 'item'],
      ['城市安全应急救援', 14, 'P', 'item'],
      ['城市安全状况', 4, 'P', 'item'],
      ['鼓励项', 5, 'P', 'bonus'],
    ]);
    expect(tops.filter((s) => s.kind === 'item').reduce((sum, s) => sum + s.fullScoreCenti, 0)).toBe(10000);
  });

  it('itemises 城市安全源头治理 fully with the 2019 deduction rules', () => {
    const children = (code: string) => scoringSeed.filter((s) => s.parentCode === code);
    expect(children('一').reduce((s, c) => s + c.fullScoreCenti, 0)).toBe(1800);
    expect(children('1').map((c) => [c.code, c.fullScoreCenti, c.deductionPerFindingCenti, c.capCenti])).toEqual([
      ['(1)', 200, 50, 200],
      ['(2)', 200, 50, 200],
      ['(3)', 100, 20, 100],
    ]);
    expect(children('2').map((c) => [c.code, c.fullScoreCenti, c.confidence])).toEqual([
      ['(4)', 200, 'V'],
      ['(5)', 200, 'V'],
      ['(6)', 200, 'V'],
      ['(7)', 200, 'V'],
      ['(8)', 100, 'U'],
    ]);
    expect(byCode.get('3')).toMatchObject({ fullScoreCenti: 400, confidence: 'U' });
    expect(byCode.get('(11)')).toMatchObject({ parentCode: '4', fullScoreCenti: 300, confidence: 'V' });
  });

  it('names its source on every item and says “待核对” where not verified; seeds no veto', () => {
    for (const s of scoringSeed) {
      expect(s.source).toMatch(/《国家安全发展示范城市(评价细则|评分标准)\(2019版\)》/);
      if (s.confidence !== 'V') expect(s.source).toContain('待核对');
    }
    expect(scoringSeed.some((s) => s.kind === 'veto')).toBe(false);
  });

  it('links the tasks of 附件2 by section to the 一级项, and a few to lower items', () => {
    const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
    expect(byCode.get('一')!.taskSeqs).toEqual(range(6, 18));
    expect(byCode.get('二')!.taskSeqs).toEqual(range(19, 44));
    expect(byCode.get('三')!.taskSeqs).toEqual(range(45, 71));
    expect(byCode.get('四')!.taskSeqs).toEqual(range(72, 90));
    expect(byCode.get('五')!.taskSeqs).toEqual(range(91, 99));
    expect(byCode.get('六')!.taskSeqs).toEqual(range(1, 5));
    expect(byCode.get('七')!.taskSeqs).toEqual([100]);
    expect(byCode.get('(1)')!.taskSeqs).toEqual([6]);
    expect(byCode.get('(11)')!.taskSeqs).toEqual([19]);
  });

  it('scores 100 with no findings', () => {
    const nodes = scoringSeed.map((s) => ({ ...s, id: s.code, parentId: s.parentCode }));
    expect(computeScore(nodes, []).totals).toMatchObject({
      fullCenti: 10000,
      scoreCenti: 10000,
      bonusFullCenti: 500,
      bonusCenti: 0,
      vetoed: false,
    });
  });
});
