import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import {
  type ReportClock,
  acceptDueAt,
  closedOnTime,
  defaultReportLimits,
  extendedDueAt,
  handleDueAt,
  isDueSoon,
  isOverdue,
  stepDueAt,
} from './limits.js';
import { extendInput } from './workflow.js';

const receivedAt = new Date('2026-03-02T01:00:00Z');
const acceptedAt = new Date('2026-03-03T01:00:00Z');
const received: ReportClock = {
  status: 'received',
  receivedAt,
  acceptDueAt: acceptDueAt(receivedAt, 3),
  dueAt: null,
  extendedUntil: null,
  closedAt: null,
};
const assigned: ReportClock = { ...received, status: 'assigned', dueAt: handleDueAt(acceptedAt, 60) };

describe('the limits of a report', () => {
  it('acceptance is due the category’s days after receipt; overdue one moment later', () => {
    expect(stepDueAt(received)).toEqual(new Date('2026-03-05T01:00:00Z'));
    expect(isOverdue(received, new Date('2026-03-05T01:00:00Z'))).toBe(false);
    expect(isOverdue(received, new Date('2026-03-05T01:00:01Z'))).toBe(true);
  });

  it('handling is due 60 days after acceptance, due soon in the last week', () => {
    expect(stepDueAt(assigned)).toEqual(new Date('2026-05-02T01:00:00Z'));
    expect(isDueSoon(assigned, new Date('2026-04-24T01:00:00Z'), 7)).toBe(false);
    expect(isDueSoon(assigned, new Date('2026-04-25T01:00:00Z'), 7)).toBe(true);
    expect(isOverdue(assigned, new Date('2026-05-02T01:00:01Z'))).toBe(true);
  });

  it('one extension of at most 30 days moves the limit; a second is refused with 409', () => {
    const until = extendedDueAt(assigned, 30);
    expect(until).toEqual(new Date('2026-06-01T01:00:00Z'));
    const extended = { ...assigned, extendedUntil: until };
    expect(isOverdue(extended, new Date('2026-05-20T00:00:00Z'))).toBe(false);
    expect(() => extendedDueAt(extended, 5)).toThrow(AppError);
    expect(() => extendedDueAt(extended, 5)).toThrow(/already been extended/);
  });

  it('an extension beyond the settings or the rule’s 30 days is invalid', () => {
    expect(() => extendedDueAt(assigned, 20, { ...defaultReportLimits, extensionDays: 15 })).toThrow(/at most 15 days/);
    expect(extendInput.safeParse({ days: 31, reason: '需要检测' }).success).toBe(false);
    expect(extendInput.safeParse({ days: 30, reason: '需要检测' }).success).toBe(true);
  });

  it('closed on time within the (extended) limit, late after it; a finished report is never overdue', () => {
    expect(closedOnTime({ ...assigned, closedAt: new Date('2026-05-02T01:00:00Z') })).toBe(true);
    expect(closedOnTime({ ...assigned, closedAt: new Date('2026-05-03T01:00:00Z') })).toBe(false);
    expect(closedOnTime({ ...assigned, extendedUntil: extendedDueAt(assigned, 10), closedAt: new Date('2026-05-03T01:00:00Z') })).toBe(
      true,
    );
    expect(isOverdue({ ...assigned, status: 'closed' }, new Date('2027-01-01T00:00:00Z'))).toBe(false);
    expect(isOverdue({ ...received, status: 'refused' }, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });
});
