import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type LinkedPart,
  type LinkedPartState,
  type ScoringNode,
  computeScore,
  computeSupportedScore,
  linkedPartState,
} from './scoring.js';

const node = (id: string, fullScoreCenti: number, extra: Partial<ScoringNode> = {}): ScoringNode => ({
  id,
  parentId: null,
  code: id,
  name: id,
  kind: 'item',
  fullScoreCenti,
  ...extra,
});

/** 城市安全规划: (1) 2 −0.5 cap 2, (2) 2 −0.5 cap 2, (3) 1 −0.2 cap 1. */
const planning: ScoringNode[] = [
  node('1', 500),
  node('(1)', 200, { parentId: '1', deductionPerFindingCenti: 50, capCenti: 200 }),
  node('(2)', 200, { parentId: '1', deductionPerFindingCenti: 50, capCenti: 200 }),
  node('(3)', 100, { parentId: '1', deductionPerFindingCenti: 20, capCenti: 100 }),
];

const parts = (itemId: string, ...states: LinkedPartState[]): LinkedPart[] =>
  states.map((state, i) => ({ itemId, taskId: `${itemId}-t${i % 2}`, state }));

describe('linkedPartState', () => {
  it('counts a part as support only when accepted with evidence; returned and overdue parts are at risk', () => {
    expect(linkedPartState('accepted', 2, 'done')).toBe('supported');
    expect(linkedPartState('accepted', 0, 'done')).toBe('no_evidence');
    expect(linkedPartState('returned', 1, 'on_track')).toBe('returned');
    expect(linkedPartState('submitted', 1, 'overdue')).toBe('overdue');
    expect(linkedPartState('in_progress', 0, 'due_soon')).toBe('open');
    expect(linkedPartState('not_started', 0, 'unscheduled')).toBe('open');
  });
});

describe('computeSupportedScore', () => {
  it('an item with every linked part accepted with evidence earns its points', () => {
    const r = computeSupportedScore(planning, [], parts('(1)', 'supported', 'supported'));
    expect(r.items.get('(1)')).toMatchObject({ supportedCenti: 200, estimatedCenti: 200, atRiskCenti: 0, support: 'supported', tasks: 2 });
    expect(r.items.get('(1)')!.reason.zh).toContain('已验收并有佐证 2');
  });

  it('an open part on time counts in the estimate, not in the supported score', () => {
    const r = computeSupportedScore(planning, [], parts('(1)', 'supported', 'open'));
    expect(r.items.get('(1)')).toMatchObject({ supportedCenti: 100, estimatedCenti: 200, atRiskCenti: 0, support: 'pending' });
  });

  it('an overdue part, a returned part and an accepted part without evidence put their share at risk', () => {
    const r = computeSupportedScore(
      planning,
      [],
      [...parts('(1)', 'supported', 'overdue'), ...parts('(2)', 'open', 'returned', 'no_evidence', 'supported')],
    );
    expect(r.items.get('(1)')).toMatchObject({ supportedCenti: 100, estimatedCenti: 100, atRiskCenti: 100, support: 'at_risk' });
    expect(r.items.get('(2)')).toMatchObject({ supportedCenti: 50, estimatedCenti: 100, atRiskCenti: 100, support: 'at_risk' });
    expect(r.items.get('(2)')!.reason.zh).toContain('被退回 1');
    expect(r.items.get('(2)')!.reason.en).toContain('1 accepted without evidence');
  });

  it('an item with no links and no evidence is 未佐证: nothing earned, all of it at risk', () => {
    const r = computeSupportedScore(planning, [], parts('(1)', 'supported'));
    expect(r.items.get('(3)')).toMatchObject({ supportedCenti: 0, estimatedCenti: 0, atRiskCenti: 100, support: 'unsupported' });
    expect(r.items.get('(3)')!.reason.zh).toContain('未关联任务');
    // The parent adds up its lower items: (1) earned, (2) and (3) unsupported.
    expect(r.items.get('1')).toMatchObject({ supportedCenti: 200, estimatedCenti: 200, atRiskCenti: 300, support: 'at_risk' });
    expect(r.items.get('1')!.reason.zh).toContain('未佐证 2 项');
    expect(r.totals).toEqual({ supportedCenti: 200, estimatedCenti: 200, atRiskCenti: 300, unsupportedItems: 2 });
    const none = computeSupportedScore(planning, [], []);
    expect(none.items.get('1')!.support).toBe('unsupported');
    expect(none.totals).toEqual({ supportedCenti: 0, estimatedCenti: 0, atRiskCenti: 500, unsupportedItems: 3 });
  });

  it('findings deduct first, capped at the item’s cap; the rest is split over the parts', () => {
    // Three findings at −0.5 leave 0.5 of (1)'s 2 points; one of its two parts is supported.
    const r = computeSupportedScore(planning, [{ itemId: '(1)', count: 3 }], parts('(1)', 'supported', 'open'));
    expect(r.items.get('(1)')).toMatchObject({ supportedCenti: 25, estimatedCenti: 50, atRiskCenti: 0 });
    expect(r.items.get('(1)')!.reason.zh).toContain('扣分记录扣去 1.5 分');
    // Nine findings would be 4.5 points; the cap of 2 keeps the item at 0, never below.
    const capped = computeSupportedScore(planning, [{ itemId: '(1)', count: 9 }], parts('(1)', 'supported'));
    expect(capped.items.get('(1)')).toMatchObject({ supportedCenti: 0, estimatedCenti: 0, atRiskCenti: 0 });
  });

  it('a partly itemised item splits only its own points over its own links', () => {
    const tree = [node('二', 3200), node('4', 700, { parentId: '二' })];
    const r = computeSupportedScore(tree, [], [...parts('二', 'supported', 'open', 'overdue', 'open'), ...parts('4', 'supported')]);
    // 二 itself holds 32 − 7 = 25 points: a quarter supported, three quarters estimated.
    expect(r.items.get('二')).toMatchObject({ supportedCenti: 700 + 625, estimatedCenti: 700 + 1875, atRiskCenti: 625 });
  });

  it('a bonus counts as awarded; a veto carries no points but still voids the total', () => {
    const tree = [
      node('main', 1000),
      node('bonus', 500, { kind: 'bonus', deductionPerFindingCenti: 100, capCenti: 500 }),
      node('veto', 0, { kind: 'veto' }),
    ];
    const findings = [
      { itemId: 'bonus', count: 2 },
      { itemId: 'veto', count: 1 },
    ];
    const r = computeSupportedScore(tree, findings, parts('main', 'supported'));
    expect(r.items.get('bonus')).toMatchObject({ supportedCenti: 200, estimatedCenti: 200, atRiskCenti: 0 });
    expect(r.items.get('veto')).toMatchObject({ supportedCenti: 0, estimatedCenti: 0, atRiskCenti: 0 });
    // The main total is the 评分项 only, as in computeScore; the veto is computeScore's to report.
    expect(r.totals).toMatchObject({ supportedCenti: 1000, estimatedCenti: 1000, atRiskCenti: 0 });
    expect(computeScore(tree, findings).totals.vetoed).toBe(true);
  });

  it('supported ≤ estimated, and estimated + at risk is what the findings leave, for any parts and findings', () => {
    const state = fc.constantFrom<LinkedPartState>('supported', 'open', 'overdue', 'returned', 'no_evidence');
    fc.assert(
      fc.property(
        fc.array(fc.record({ itemId: fc.constantFrom('1', '(1)', '(2)', '(3)'), taskId: fc.constantFrom('a', 'b', 'c'), state })),
        fc.array(fc.record({ itemId: fc.constantFrom('(1)', '(2)', '(3)'), count: fc.integer({ min: 1, max: 12 }) })),
        (linked, findings) => {
          const scored = computeScore(planning, findings);
          const r = computeSupportedScore(planning, findings, linked);
          for (const n of planning) {
            const s = r.items.get(n.id)!;
            expect(s.supportedCenti).toBeLessThanOrEqual(s.estimatedCenti);
            expect(s.estimatedCenti + s.atRiskCenti).toBe(scored.items.get(n.id)!.scoreCenti);
          }
          expect(r.totals.estimatedCenti + r.totals.atRiskCenti).toBe(scored.totals.scoreCenti);
        },
      ),
    );
  });
});
