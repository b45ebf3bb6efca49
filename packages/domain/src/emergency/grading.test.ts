import { describe, expect, it } from 'vitest';
import { criterionGrade, gradeAccident } from './grading.js';

const none = { deaths: 0, seriousInjuries: 0, directLossWan: 0 };

describe('493号令 Art. 3: each criterion at its boundaries ("以上" includes the number, "以下" excludes it)', () => {
  it('deaths: 2 一般, 3 较大, 9 较大, 10 重大, 29 重大, 30 特别重大', () => {
    const cases: [number, string][] = [
      [0, '一般'],
      [2, '一般'],
      [3, '较大'],
      [9, '较大'],
      [10, '重大'],
      [29, '重大'],
      [30, '特别重大'],
      [300, '特别重大'],
    ];
    for (const [deaths, grade] of cases) {
      expect(gradeAccident({ ...none, deaths }), `${deaths} deaths`).toEqual({
        grade,
        decidedBy: grade === '一般' ? ['deaths', 'seriousInjuries', 'directLossWan'] : ['deaths'],
      });
    }
  });

  it('serious injuries: 9 一般, 10 较大, 49 较大, 50 重大, 99 重大, 100 特别重大', () => {
    const cases: [number, string][] = [
      [9, '一般'],
      [10, '较大'],
      [49, '较大'],
      [50, '重大'],
      [99, '重大'],
      [100, '特别重大'],
    ];
    for (const [seriousInjuries, grade] of cases) {
      const result = gradeAccident({ ...none, seriousInjuries });
      expect(result.grade, `${seriousInjuries} injuries`).toBe(grade);
      if (grade !== '一般') expect(result.decidedBy).toEqual(['seriousInjuries']);
    }
  });

  it('direct loss (万元): 999.99 一般, 1000 较大, 4999.99 较大, 5000 重大, 9999.99 重大, 10000 (1亿元) 特别重大', () => {
    const cases: [number, string][] = [
      [999.99, '一般'],
      [1000, '较大'],
      [4999.99, '较大'],
      [5000, '重大'],
      [9999.99, '重大'],
      [10000, '特别重大'],
    ];
    for (const [directLossWan, grade] of cases) {
      const result = gradeAccident({ ...none, directLossWan });
      expect(result.grade, `${directLossWan} 万元`).toBe(grade);
      if (grade !== '一般') expect(result.decidedBy).toEqual(['directLossWan']);
    }
  });

  it('grades one criterion on its own', () => {
    expect(criterionGrade('deaths', 3)).toBe('较大');
    expect(criterionGrade('seriousInjuries', 3)).toBe('一般');
    expect(criterionGrade('directLossWan', 3)).toBe('一般');
  });
});

describe('combinations: the highest grade reached on any criterion', () => {
  it('0/0/0 is 一般, decided by all three', () => {
    expect(gradeAccident(none)).toEqual({ grade: '一般', decidedBy: ['deaths', 'seriousInjuries', 'directLossWan'] });
  });

  it('a 一般 accident lists only the criteria that stayed 一般 — all of them', () => {
    expect(gradeAccident({ deaths: 2, seriousInjuries: 9, directLossWan: 999.99 })).toEqual({
      grade: '一般',
      decidedBy: ['deaths', 'seriousInjuries', 'directLossWan'],
    });
  });

  it('takes the highest: 2 deaths (一般), 55 injuries (重大), 1200 万元 (较大) → 重大 by injuries', () => {
    expect(gradeAccident({ deaths: 2, seriousInjuries: 55, directLossWan: 1200 })).toEqual({
      grade: '重大',
      decidedBy: ['seriousInjuries'],
    });
  });

  it('names every criterion that reached the result', () => {
    expect(gradeAccident({ deaths: 3, seriousInjuries: 10, directLossWan: 1000 })).toEqual({
      grade: '较大',
      decidedBy: ['deaths', 'seriousInjuries', 'directLossWan'],
    });
    expect(gradeAccident({ deaths: 12, seriousInjuries: 3, directLossWan: 6000 })).toEqual({
      grade: '重大',
      decidedBy: ['deaths', 'directLossWan'],
    });
    expect(gradeAccident({ deaths: 30, seriousInjuries: 100, directLossWan: 0 })).toEqual({
      grade: '特别重大',
      decidedBy: ['deaths', 'seriousInjuries'],
    });
  });

  it('one criterion at 特别重大 outweighs the others at 较大', () => {
    expect(gradeAccident({ deaths: 5, seriousInjuries: 20, directLossWan: 10000 })).toEqual({
      grade: '特别重大',
      decidedBy: ['directLossWan'],
    });
  });
});
