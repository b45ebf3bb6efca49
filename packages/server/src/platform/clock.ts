/**
 * Where the platform reads the time. Deadlines, overdue states, lockouts, sessions, jobs and audit
 * rows all take "now" from the platform's clock, so a test sets the date it needs instead of
 * relying on the seed plan's 2020–2021 dates lying in the past.
 */
export interface Clock {
  now(): Date;
}

/** The real time. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that runs on from a time a test sets (or from the real time until one is set). It keeps
 * running rather than standing still, so rows written one after the other keep their order.
 */
export class SettableClock implements Clock {
  private offsetMs = 0;

  constructor(start?: Date | string) {
    if (start !== undefined) this.set(start);
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock to `at` (an ISO string with its offset, e.g. `2021-06-01T00:00:00+08:00`, or a Date). */
  set(at: Date | string): void {
    const ms = new Date(at).getTime();
    if (Number.isNaN(ms)) throw new Error(`not a time: ${String(at)}`);
    this.offsetMs = ms - Date.now();
  }

  /** Moves the clock forward (or back, with a negative number) by `ms` milliseconds. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
