import { describe, expect, it } from 'vitest';
import { nameInput, textInput, withoutInvisible } from './text.js';

describe('nameInput / textInput', () => {
  it('composes to NFC and trims whitespace and zero-width characters at the edges', () => {
    expect(nameInput().parse('\u200b Cafe\u0301\u3000\ufeff')).toBe('Caf\u00e9');
    expect(textInput().parse('第一行\r\n第二行\r第三行\n')).toBe('第一行\n第二行\n第三行');
    // A joiner inside the name (an emoji sequence) is kept.
    expect(nameInput().parse('安全\u200d员')).toBe('安全\u200d员');
  });

  it('counts the length after tidying, so invisible-only names are empty', () => {
    expect(nameInput().min(1).safeParse('\u200b\u200c\u200d').success).toBe(false);
    expect(textInput().min(2).safeParse('\u2060\u200b\u200b').success).toBe(false);
  });

  it('refuses bidirectional controls everywhere, and controls but tab and line feed in text', () => {
    for (const c of ['\u202a', '\u202e', '\u2066', '\u2069', '\u200e', '\u200f', '\u061c']) {
      expect(nameInput().safeParse(`a${c}b`).success, c).toBe(false);
      expect(textInput().safeParse(`a${c}b`).success, c).toBe(false);
    }
    for (const c of ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085']) {
      expect(textInput().safeParse(`a${c}b`).success, c).toBe(false);
    }
    expect(nameInput().safeParse('a\nb').success).toBe(false);
    expect(nameInput().safeParse('a\tb').success).toBe(false);
    expect(textInput().parse('a\n\tb')).toBe('a\n\tb');
  });

  it('withoutInvisible removes zero-width and bidirectional characters only', () => {
    expect(withoutInvisible('invoice\u202egnp.txt')).toBe('invoicegnp.txt');
    expect(withoutInvisible('\u200b整改\u2066报告\u2069.pdf')).toBe('整改报告.pdf');
  });
});
