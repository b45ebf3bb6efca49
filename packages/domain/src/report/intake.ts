import { type Bilingual, bi } from '../i18n.js';

/**
 * The public form's check question: a sum or a difference of two small numbers, with the numbers written in Chinese
 * characters so that a script reading the digits does not solve it at once. It needs no outside service (the
 * district's intranet has none) and stops form-filling robots, not a person; the rate limit per address does the rest.
 */
export interface ChallengeQuestion {
  question: Bilingual;
  answer: number;
}

const chineseDigits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 0–99 in Chinese characters: 七, 十二, 二十, 三十五. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) throw new RangeError(`chineseNumber: ${n} is outside 0..99`);
  if (n <= 10) return chineseDigits[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : chineseDigits[tens]}十${ones === 0 ? '' : chineseDigits[ones]}`;
}

/**
 * The question for two numbers drawn by the server (`a`, `b` in 1..20): `a + b`, or `a − b` when `subtract` and
 * a ≥ b, so that the answer is never negative.
 */
export function challengeQuestion(a: number, b: number, subtract: boolean): ChallengeQuestion {
  if (subtract && a >= b)
    return {
      question: bi(`${chineseNumber(a)}减${chineseNumber(b)}等于几？（请填阿拉伯数字）`, `What is ${a} minus ${b}?`),
      answer: a - b,
    };
  return {
    question: bi(`${chineseNumber(a)}加${chineseNumber(b)}等于几？（请填阿拉伯数字）`, `What is ${a} plus ${b}?`),
    answer: a + b,
  };
}

/** How long a challenge stays good: long enough to write a report on a phone, short enough not to be stockpiled. */
export const challengeTtlMinutes = 60;

/**
 * The follow-up secret's alphabet: no 0/O, 1/I/L, so that it can be read aloud and typed from a note without
 * mistakes. Ten characters of 30 give 30^10 ≈ 6 × 10^14 secrets, against a rate-limited guesser.
 */
export const secretAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ2345679';
export const secretLength = 10;
