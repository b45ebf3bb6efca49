import { describe, expect, it } from 'vitest';
import { type UnitPart, unitProgress } from './progress.js';

const part = (orgName: string, status: UnitPart['status'], deadlineState: UnitPart['deadlineState'] = 'on_track'): UnitPart => ({
  orgId: `org-${orgName}`,
  orgName,
  status,
  deadlineState,
});
const task = (...responsible: UnitPart[]) => ({ responsible });

describe('unit progress ranking', () => {
  it('counts each unit’s parts by status, a returned part as in progress', () => {
    const [unit] = unitProgress([
      task(part('应急管理局', 'accepted')),
      task(part('应急管理局', 'returned')),
      task(part('应急管理局', 'submitted')),
      task(part('应急管理局', 'not_started')),
    ]);
    expect(unit).toMatchObject({ total: 4, counts: { accepted: 1, in_progress: 1, submitted: 1, not_started: 1 }, rate: 0.25 });
  });

  it('counts overdue parts only, not those due soon or done', () => {
    const [unit] = unitProgress([
      task(part('公安局', 'in_progress', 'overdue')),
      task(part('公安局', 'not_started', 'overdue')),
      task(part('公安局', 'in_progress', 'due_soon')),
      task(part('公安局', 'accepted', 'done')),
    ]);
    expect(unit?.overdue).toBe(2);
  });

  it('ranks by completion rate first', () => {
    const ranked = unitProgress([task(part('甲', 'accepted'), part('乙', 'submitted')), task(part('乙', 'accepted'))]);
    expect(ranked.map((u) => [u.orgName, u.rate])).toEqual([
      ['甲', 1],
      ['乙', 0.5],
    ]);
  });

  it('breaks a tie in rate by fewer overdue, then by more parts, then by name in pinyin order', () => {
    const ranked = unitProgress([
      // Every unit at 0%: 住建局 has an overdue part, so it comes last.
      task(part('住建局', 'in_progress', 'overdue')),
      // 公安局 and 应急管理局 have none overdue; 应急管理局 holds more parts.
      task(part('应急管理局', 'in_progress'), part('公安局', 'in_progress')),
      task(part('应急管理局', 'not_started')),
      // 城管局 and 公安局 tie on everything: pinyin (cheng < gong) decides.
      task(part('城管局', 'in_progress')),
    ]);
    expect(ranked.map((u) => u.orgName)).toEqual(['应急管理局', '城管局', '公安局', '住建局']);
  });

  it('ranks nobody for tasks without a responsible org, and nothing for no tasks', () => {
    expect(unitProgress([task(), task()])).toEqual([]);
    expect(unitProgress([])).toEqual([]);
  });
});
