import { describe, expect, it } from 'vitest';
import { firstValidReport, rewardAmount, rewardForConcealedAccident, rewardForFine, rewardRefusal } from './rewards.js';

describe('the reward for a hazard or a violation (15 % of the fine, 3 000 … 300 000元)', () => {
  it('is 15 % of the fine between the caps', () => {
    expect(rewardForFine(100_000)).toBe(15_000);
    expect(rewardForFine(33_333.33)).toBe(5_000);
  });

  it('is never below 3 000元: at 20 000元 of fine exactly the minimum, below it still the minimum', () => {
    expect(rewardForFine(20_000)).toBe(3_000);
    expect(rewardForFine(19_999.99)).toBe(3_000);
    expect(rewardForFine(20_000.07)).toBe(3_000.01);
    expect(rewardForFine(0)).toBe(3_000);
  });

  it('is never above 300 000元: at 2 000 000元 of fine exactly the maximum, above it still the maximum', () => {
    expect(rewardForFine(2_000_000)).toBe(300_000);
    expect(rewardForFine(1_999_999.93)).toBe(299_999.99);
    expect(rewardForFine(50_000_000)).toBe(300_000);
  });
});

describe('the reward for a concealed accident (per concealed death by the final grade, ≤ 300 000元)', () => {
  it('pays 3万/4万/5万/6万 per death by grade', () => {
    expect(rewardForConcealedAccident('一般', 1)).toBe(30_000);
    expect(rewardForConcealedAccident('较大', 2)).toBe(80_000);
    expect(rewardForConcealedAccident('重大', 3)).toBe(150_000);
    expect(rewardForConcealedAccident('特别重大', 4)).toBe(240_000);
  });

  it('stops at 300 000元 in all', () => {
    expect(rewardForConcealedAccident('特别重大', 5)).toBe(300_000);
    expect(rewardForConcealedAccident('特别重大', 6)).toBe(300_000);
    expect(rewardForConcealedAccident('一般', 10)).toBe(300_000);
    expect(rewardForConcealedAccident('一般', 11)).toBe(300_000);
    expect(rewardAmount({ kind: 'concealed_accident', grade: '重大', concealedDeaths: 7 })).toBe(300_000);
  });
});

describe('who is rewarded', () => {
  const closed = { status: 'closed', duplicateOf: null, outcome: 'hazard' };
  it('only the first valid reporter: the earliest report not refused', () => {
    const reports = [
      { code: 'JB-2026-000003', receivedAt: new Date('2026-03-01T10:00:00Z'), status: 'closed' },
      { code: 'JB-2026-000001', receivedAt: new Date('2026-02-27T10:00:00Z'), status: 'refused' },
      { code: 'JB-2026-000002', receivedAt: new Date('2026-03-01T10:00:00Z'), status: 'closed' },
    ];
    expect(firstValidReport(reports)?.code).toBe('JB-2026-000002');
    expect(firstValidReport([])).toBeNull();
  });

  it('not a duplicate, not an unproven or unresolved report, not another category, not a basis of the wrong kind', () => {
    expect(rewardRefusal({ ...closed, category: 'major_hazard', basisKind: 'fine' })).toBeNull();
    expect(rewardRefusal({ ...closed, category: 'concealed_accident', basisKind: 'concealed_accident' })).toBeNull();
    expect(rewardRefusal({ ...closed, category: 'major_hazard', duplicateOf: 'x', basisKind: 'fine' })?.en).toMatch(/duplicate/);
    expect(rewardRefusal({ ...closed, category: 'violation', outcome: 'not_established', basisKind: 'fine' })?.en).toMatch(/found true/);
    expect(rewardRefusal({ ...closed, category: 'violation', outcome: 'unresolved', basisKind: 'fine' })?.en).toMatch(/found true/);
    expect(rewardRefusal({ ...closed, category: 'violation', status: 'verified', basisKind: 'fine' })?.en).toMatch(/closed/);
    expect(rewardRefusal({ ...closed, category: 'fire_exit', basisKind: 'fine' })?.en).toMatch(/statutory/);
    expect(rewardRefusal({ ...closed, category: 'violation', basisKind: 'concealed_accident' })?.en).toMatch(/basis/);
  });
});
