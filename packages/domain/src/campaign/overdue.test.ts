import { describe, expect, it } from 'vitest';
import { deadlineOn, extensionRequestedLate, overdueDays } from './overdue.js';

describe('overdue by the history', () => {
  it('counts the days after the deadline up to acceptance, or today while open', () => {
    expect(overdueDays('2021-03-31', [], '2021-03-31', '2021-06-01')).toBe(0);
    expect(overdueDays('2021-03-31', [], '2021-04-01', '2021-06-01')).toBe(1);
    expect(overdueDays('2021-03-31', [], null, '2021-04-10')).toBe(10);
    expect(overdueDays('2021-03-31', [], null, '2021-03-20')).toBe(0);
    expect(overdueDays(null, [], null, '2021-04-10')).toBe(0);
  });

  it('an extension approved in time leaves no overdue day; one approved after the deadline keeps the days before it', () => {
    const inTime = [{ on: '2021-03-30', to: '2021-04-30' }];
    expect(overdueDays('2021-03-31', inTime, '2021-04-20', '2021-06-01')).toBe(0);
    // Approved on 4-06, effective from 4-07: 4-01 … 4-06 were overdue.
    const late = [{ on: '2021-04-06', to: '2021-04-30' }];
    expect(overdueDays('2021-03-31', late, '2021-04-20', '2021-06-01')).toBe(6);
    // Still open past the new deadline: the days after it count as well.
    expect(overdueDays('2021-03-31', late, null, '2021-05-03')).toBe(9);
  });

  it('reads the deadline in force on a day and marks late requests', () => {
    const moves = [{ on: '2021-04-06', to: '2021-04-30' }];
    expect(deadlineOn('2021-03-31', moves, '2021-04-06')).toBe('2021-03-31');
    expect(deadlineOn('2021-03-31', moves, '2021-04-07')).toBe('2021-04-30');
    expect(extensionRequestedLate('2021-03-31', [], '2021-03-31')).toBe(false);
    expect(extensionRequestedLate('2021-03-31', [], '2021-04-01')).toBe(true);
    expect(extensionRequestedLate('2021-03-31', moves, '2021-04-20')).toBe(false);
    expect(extensionRequestedLate(null, [], '2021-04-20')).toBe(false);
  });
});
