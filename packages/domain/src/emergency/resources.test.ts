import { describe, expect, it } from 'vitest';
import { expiryState, movementDecreasesStock, shelterCapacity, stockState } from './resources.js';

describe('shelter capacity (effective area ÷ area per person)', () => {
  it('rounds down to whole people at the configured area', () => {
    expect(shelterCapacity(3000, 1.5)).toBe(2000);
    expect(shelterCapacity(3001, 1.5)).toBe(2000);
    expect(shelterCapacity(1.4, 1.5)).toBe(0);
    expect(shelterCapacity(1.5, 1.5)).toBe(1);
  });
  it('is exact where floating point is not (0.3 ÷ 0.1 is 2.9999…)', () => {
    expect(shelterCapacity(0.3, 0.1)).toBe(3);
  });
  it('is 0 for no area or a nonsensical area per person', () => {
    expect(shelterCapacity(0, 1.5)).toBe(0);
    expect(shelterCapacity(100, 0)).toBe(0);
  });
});

describe('stock state', () => {
  it('is low at and below the minimum, never with no minimum', () => {
    expect(stockState(10, 10)).toBe('low');
    expect(stockState(9, 10)).toBe('low');
    expect(stockState(11, 10)).toBe('ok');
    expect(stockState(0, 0)).toBe('ok');
  });
  it('out, lend and dispatch take stock; in and return bring it', () => {
    expect(['in', 'out', 'lend', 'return', 'dispatch'].filter((k) => movementDecreasesStock(k as never))).toEqual([
      'out',
      'lend',
      'dispatch',
    ]);
  });
});

describe('expiry state by the calendar day', () => {
  it('is usable through its expiry date, expired the day after', () => {
    expect(expiryState('2026-03-02', '2026-03-02', 0)).toBe('expiring');
    expect(expiryState('2026-03-01', '2026-03-02', 30)).toBe('expired');
  });
  it('is expiring within the notice days (inclusive), valid beyond', () => {
    expect(expiryState('2026-04-01', '2026-03-02', 30)).toBe('expiring');
    expect(expiryState('2026-04-02', '2026-03-02', 30)).toBe('ok');
  });
  it('has no state without a date', () => {
    expect(expiryState(null, '2026-03-02', 30)).toBe('none');
  });
});
