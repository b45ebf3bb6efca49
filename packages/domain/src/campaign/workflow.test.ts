import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedActions } from '../workflow/engine.js';
import { shiftYears } from './deadline.js';
import { type AssignmentStatus, assignmentStatuses, assignmentWorkflow, deadlineState, taskStatusOf } from './workflow.js';

describe('deadlineState (Asia/Shanghai calendar days)', () => {
  it('the deadline day itself is still on time; the next day is overdue', () => {
    expect(deadlineState('2020-12-31', '2020-12-31', false)).toBe('due_soon');
    expect(deadlineState('2021-01-01', '2020-12-31', false)).toBe('overdue');
  });

  it('due soon from seven days before, on track before that', () => {
    expect(deadlineState('2020-12-24', '2020-12-31', false)).toBe('due_soon');
    expect(deadlineState('2020-12-23', '2020-12-31', false)).toBe('on_track');
  });

  it('done wins, and no deadline is unscheduled', () => {
    expect(deadlineState('2030-01-01', '2020-12-31', true)).toBe('done');
    expect(deadlineState('2030-01-01', null, false)).toBe('unscheduled');
  });
});

describe('taskStatusOf', () => {
  it('complete only when every unit is accepted', () => {
    expect(taskStatusOf(['accepted', 'accepted'])).toBe('accepted');
    expect(taskStatusOf(['accepted', 'submitted'])).toBe('submitted');
    expect(taskStatusOf(['accepted', 'not_started'])).toBe('in_progress');
    expect(taskStatusOf(['not_started', 'not_started'])).toBe('not_started');
    expect(taskStatusOf(['returned'])).toBe('in_progress');
  });

  it('is accepted exactly when all parts are', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...assignmentStatuses), { minLength: 1, maxLength: 8 }), (parts: AssignmentStatus[]) => {
        expect(taskStatusOf(parts) === 'accepted').toBe(parts.every((p) => p === 'accepted'));
      }),
    );
  });
});

describe('assignment workflow', () => {
  it('a unit reports and submits; 安委办 accepts, returns, reopens', () => {
    const unit = (p: string) => p === 'campaign.report';
    const office = (p: string) => p === 'campaign.manage';
    expect(allowedActions(assignmentWorkflow, 'not_started', unit)).toEqual(['report', 'submit']);
    expect(allowedActions(assignmentWorkflow, 'submitted', unit)).toEqual([]);
    expect(allowedActions(assignmentWorkflow, 'submitted', office)).toEqual(['accept', 'return']);
    expect(allowedActions(assignmentWorkflow, 'returned', unit)).toEqual(['report', 'submit']);
    expect(allowedActions(assignmentWorkflow, 'accepted', office)).toEqual(['reopen']);
  });
});

describe('shiftYears', () => {
  it('moves a date by whole years and folds 29 February into 28 February', () => {
    expect(shiftYears('2020-11-17', 3)).toBe('2023-11-17');
    expect(shiftYears('2020-02-29', 3)).toBe('2023-02-28');
    expect(shiftYears('2020-02-29', 4)).toBe('2024-02-29');
  });
});
