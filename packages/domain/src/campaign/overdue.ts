/**
 * Overdue by the history, for a fair 考核: a deadline moved by an extension approved after it had passed does not
 * erase the days the part was overdue, and a request made after the deadline is marked late. Days are Shanghai
 * calendar days (YYYY-MM-DD), compared as text.
 */

/** An approved extension: approved on day `on`, the part's deadline moved to `to`. */
export interface DeadlineMove {
  on: string;
  to: string;
}

const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The deadline in force on `day`: the last extension approved before that day, else the original. An approval takes
 * effect the day after it is given, so the day it is given still counts as overdue when the old deadline had passed.
 */
export function deadlineOn(original: string | null, moves: readonly DeadlineMove[], day: string): string | null {
  let deadline = original;
  for (const m of [...moves].sort((a, b) => a.on.localeCompare(b.on))) if (m.on < day) deadline = m.to;
  return deadline;
}

/**
 * Days the part was overdue: each day after the deadline in force on that day, up to the day it was accepted
 * (a part accepted late was overdue that day too) or `today` while it is open. A part with no deadline is never overdue.
 */
export function overdueDays(original: string | null, moves: readonly DeadlineMove[], acceptedOn: string | null, today: string): number {
  if (!original) return 0;
  const last = acceptedOn ?? today;
  let days = 0;
  for (let day = nextDay(original); day <= last; day = nextDay(day)) {
    const deadline = deadlineOn(original, moves, day);
    if (deadline !== null && day > deadline) days++;
  }
  return days;
}

/** An extension asked for on `requestedOn` is late when the deadline in force that day had already passed. */
export const extensionRequestedLate = (original: string | null, moves: readonly DeadlineMove[], requestedOn: string): boolean => {
  const deadline = deadlineOn(original, moves, requestedOn);
  return deadline !== null && requestedOn > deadline;
};
