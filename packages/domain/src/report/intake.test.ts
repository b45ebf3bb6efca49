import { describe, expect, it } from 'vitest';
import { formatReportCode, reportCodePattern } from './categories.js';
import { challengeQuestion, chineseNumber } from './intake.js';

describe('the check question', () => {
  it('writes 0–99 in Chinese numerals as people read them', () => {
    expect([0, 7, 10, 12, 20, 35, 99].map(chineseNumber)).toEqual(['零', '七', '十', '十二', '二十', '三十五', '九十九']);
    expect(() => chineseNumber(100)).toThrow(RangeError);
  });

  it('asks a sum, or a difference only when it is not negative', () => {
    expect(challengeQuestion(7, 5, false)).toEqual({
      question: { zh: '七加五等于几？（请填阿拉伯数字）', en: 'What is 7 plus 5?' },
      answer: 12,
    });
    expect(challengeQuestion(13, 6, true).answer).toBe(7);
    expect(challengeQuestion(13, 6, true).question.zh).toBe('十三减六等于几？（请填阿拉伯数字）');
    // 3 − 9 would be negative: a sum instead.
    expect(challengeQuestion(3, 9, true).answer).toBe(12);
  });
});

describe('the tracking code', () => {
  it('is JB-<year>-<six digits>', () => {
    expect(formatReportCode(2026, 42)).toBe('JB-2026-000042');
    expect(reportCodePattern.test(formatReportCode(2026, 999_999))).toBe(true);
  });
});
