import { describe, expect, it } from 'vitest';
import { mobileOf } from './phone.js';

describe('a mobile number to @-mention', () => {
  it('reads a mainland mobile written with +86, spaces or hyphens, and nothing else', () => {
    expect(mobileOf('+86 138 0013 8000')).toBe('13800138000');
    expect(mobileOf('86-139-1234-5678')).toBe('13912345678');
    expect(mobileOf('19912345678')).toBe('19912345678');
    expect(mobileOf('12912345678')).toBeNull();
    expect(mobileOf('1381234567')).toBeNull();
    expect(mobileOf('029-8888-6666')).toBeNull();
    expect(mobileOf(null)).toBeNull();
  });
});
