import { describe, expect, test } from 'vitest';
import { pickText } from './locale';

describe('pickText', () => {
  test('picks the half of a bilingual text', () => {
    expect(pickText({ zh: '停用', en: 'Disable' }, 'zh-CN')).toBe('停用');
    expect(pickText({ zh: '停用', en: 'Disable' }, 'en-US')).toBe('Disable');
  });
  test('splits the domain’s "中文 / English" zod messages', () => {
    const message = '行政区划代码为 6 位数字 (GB/T 2260) / six digits';
    expect(pickText(message, 'zh-CN')).toBe('行政区划代码为 6 位数字 (GB/T 2260)');
    expect(pickText(message, 'en-US')).toBe('six digits');
  });
  test('leaves a one-language message as it is', () => {
    expect(pickText('Too small: expected string to have >=1 characters', 'zh-CN')).toBe(
      'Too small: expected string to have >=1 characters',
    );
  });
});
