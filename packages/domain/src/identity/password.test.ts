import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPassword, defaultPasswordPolicy } from './password.js';

const policy = defaultPasswordPolicy;

describe('password policy (等保2.0 level 3 reading)', () => {
  it('accepts exactly the minimum length and refuses one less', () => {
    expect(checkPassword('Abcdef1!', policy)).toBeNull();
    expect(checkPassword('Abcde1!', policy)?.zh).toContain('至少 8 位');
  });

  it('needs three of the four classes', () => {
    expect(checkPassword('abcdefg1', policy)?.en).toContain('at least 3');
    expect(checkPassword('abcdefG1', policy)).toBeNull();
    expect(checkPassword('ABCDEF1!', policy)).toBeNull();
  });

  it('refuses the username inside the password, in any case', () => {
    expect(checkPassword('Zhangsan#2026', policy, 'zhangsan')?.en).toContain('username');
  });

  it('refuses more than 128 characters', () => {
    expect(checkPassword(`Aa1!${'x'.repeat(125)}`, policy)).not.toBeNull();
  });

  it('every password shorter than the minimum is refused whatever its content', () => {
    fc.assert(fc.property(fc.string({ maxLength: policy.minLength - 1 }), (p) => checkPassword(p, policy) !== null));
  });
});
