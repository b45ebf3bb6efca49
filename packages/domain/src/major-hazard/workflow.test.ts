import { describe, expect, it } from 'vitest';
import { gradeChangeAction, installationStatuses } from './workflow.js';

const major = (grade: number) => ({ grade, isMajor: true });
const none = { grade: null, isMajor: false };

describe('what a new grade does to an installation', () => {
  it('asks a declared or registered unit to declare again when its grade moves, or it stops or starts being major', () => {
    for (const status of ['declared', 'registered'] as const) {
      expect(gradeChangeAction(status, major(3), major(2))).toBe('change');
      expect(gradeChangeAction(status, major(4), none)).toBe('change');
      expect(gradeChangeAction(status, major(3), major(3))).toBeNull();
    }
  });

  it('leaves a unit not yet declared (or returned, or already due) where it is', () => {
    for (const status of ['identified', 'returned', 'changed'] as const) expect(gradeChangeAction(status, major(3), major(1))).toBeNull();
  });

  it('brings a written-off unit back to 已辨识 only when it is a major hazard again', () => {
    expect(gradeChangeAction('written_off', none, major(4))).toBe('reidentify');
    expect(gradeChangeAction('written_off', none, none)).toBeNull();
  });

  it('knows every state', () => {
    expect(installationStatuses).toEqual(['identified', 'declared', 'returned', 'registered', 'changed', 'written_off']);
  });
});
