import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { allowedActions, planTransition } from '../workflow/engine.js';
import { gridCaseCode, gridCaseDeadline, gridCaseWorkflow, isGridCaseOverdue } from './cases.js';

const all = () => true;

describe('the grid case cycle (立案 → 派遣 → 处置 → 核查 → 结案)', () => {
  it('allows each step only from its state', () => {
    expect(allowedActions(gridCaseWorkflow, 'registered', all)).toEqual(['dispatch', 'cancel']);
    expect(allowedActions(gridCaseWorkflow, 'dispatched', all)).toEqual(['handle']);
    expect(allowedActions(gridCaseWorkflow, 'handled', all)).toEqual(['verify', 'return']);
    expect(allowedActions(gridCaseWorkflow, 'verified', all)).toEqual(['close']);
    expect(allowedActions(gridCaseWorkflow, 'closed', all)).toEqual([]);
    expect(allowedActions(gridCaseWorkflow, 'cancelled', all)).toEqual([]);
  });
  it('sends a case not fixed back to the unit, and refuses a step out of turn with 409', () => {
    expect(planTransition(gridCaseWorkflow, 'handled', 'return', { note: '现场仍有堆放' }, all).to).toBe('dispatched');
    const wrong = () => planTransition(gridCaseWorkflow, 'registered', 'close', { note: '结案' }, all);
    expect(wrong).toThrow(AppError);
    try {
      wrong();
    } catch (e) {
      expect((e as AppError).code).toBe('INVALID_TRANSITION');
    }
  });
  it('needs a unit to dispatch to and a reason to cancel', () => {
    expect(() => planTransition(gridCaseWorkflow, 'registered', 'dispatch', {}, all)).toThrow();
    expect(() => planTransition(gridCaseWorkflow, 'registered', 'cancel', { reason: '' }, all)).toThrow();
  });
});

describe('deadline and overdue', () => {
  const dispatchedAt = new Date('2026-03-02T10:00:00+08:00');
  const deadline = gridCaseDeadline(dispatchedAt, 24);
  it('runs the category’s hours from dispatch', () => {
    expect(deadline.toISOString()).toBe('2026-03-03T02:00:00.000Z');
  });
  it('is overdue only past the deadline and only while the unit has it', () => {
    expect(isGridCaseOverdue({ status: 'dispatched', deadline }, deadline)).toBe(false);
    expect(isGridCaseOverdue({ status: 'dispatched', deadline }, new Date(deadline.getTime() + 1))).toBe(true);
    expect(isGridCaseOverdue({ status: 'handled', deadline }, new Date(deadline.getTime() + 1))).toBe(false);
    expect(isGridCaseOverdue({ status: 'registered', deadline: null }, new Date(deadline.getTime() + 1))).toBe(false);
  });
  it('numbers cases WG-year-six digits', () => {
    expect(gridCaseCode(2026, 42)).toBe('WG-2026-000042');
  });
});
