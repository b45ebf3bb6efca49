import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { allowedActions, planTransition } from './engine.js';
import { type UserStatus, userAccountWorkflow as wf, userStatuses } from './user-account.js';

const manager = () => true;
const nobody = () => false;

describe('workflow engine on the account workflow', () => {
  it('lists the actions a manager may take in each state, never system ones', () => {
    expect(allowedActions(wf, 'active', manager)).toEqual(['lock', 'disable']);
    expect(allowedActions(wf, 'locked', manager)).toEqual(['unlock', 'disable']);
    expect(allowedActions(wf, 'disabled', manager)).toEqual(['enable']);
    expect(allowedActions(wf, 'active', nobody)).toEqual([]);
  });

  it('plans an allowed action and returns the parsed input', () => {
    expect(planTransition(wf, 'active', 'disable', { reason: '  离职  ' }, manager)).toEqual({
      action: 'disable',
      from: 'active',
      to: 'disabled',
      input: { reason: '离职' },
    });
  });

  it('refuses with the right code: 404 unknown, 403 forbidden or system-only, 409 wrong state, 400 missing input', () => {
    const code = (f: () => unknown) => {
      try {
        f();
        return 'none';
      } catch (e) {
        return (e as AppError).code;
      }
    };
    expect(code(() => planTransition(wf, 'active', 'fly', {}, manager))).toBe('NOT_FOUND');
    expect(code(() => planTransition(wf, 'active', 'disable', { reason: 'xx' }, nobody))).toBe('FORBIDDEN');
    expect(code(() => planTransition(wf, 'active', 'lockAfterFailures', {}, manager))).toBe('FORBIDDEN');
    expect(code(() => planTransition(wf, 'disabled', 'disable', { reason: 'xx' }, manager))).toBe('INVALID_TRANSITION');
    expect(code(() => planTransition(wf, 'active', 'disable', {}, manager))).toBe('VALIDATION');
    expect(code(() => planTransition(wf, 'active', 'lockAfterFailures', {}, 'system'))).toBe('none');
  });

  it('an action is allowed exactly when its from-states include the current state', () => {
    const actionNames = Object.keys(wf.actions) as (keyof typeof wf.actions)[];
    fc.assert(
      fc.property(fc.constantFrom(...userStatuses), fc.constantFrom(...actionNames), (state: UserStatus, action) => {
        let ok = true;
        try {
          planTransition(wf, state, action, { reason: '原因说明' }, 'system');
        } catch (e) {
          ok = false;
          expect((e as AppError).code).toBe('INVALID_TRANSITION');
        }
        expect(ok).toBe((wf.actions[action].from as readonly string[]).includes(state));
      }),
    );
  });

  it('every state is reachable from the initial one', () => {
    const seen = new Set<string>([wf.initial]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const a of Object.values(wf.actions)) {
        if (a.from.some((f) => seen.has(f)) && !seen.has(a.to)) {
          seen.add(a.to);
          grew = true;
        }
      }
    }
    expect([...seen].sort()).toEqual([...userStatuses].sort());
  });
});
