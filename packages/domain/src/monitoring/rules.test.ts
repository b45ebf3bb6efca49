import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AlarmRule,
  type ComparisonOp,
  comparisonOps,
  describeRule,
  evaluateOffline,
  evaluateReading,
  FUTURE_SKEW_SECONDS,
  hysteresisOf,
  initialRuleState,
  type Reading,
  type RuleState,
  ruleDefaults,
  STALE_AFTER_SECONDS,
  type Transition,
} from './rules.js';

const T0 = Date.parse('2026-06-01T08:00:00Z');
const rule = (r: Partial<AlarmRule> & Pick<AlarmRule, 'kind'>): AlarmRule => ({ ...ruleDefaults, ...r });

/** Feeds readings in the order given, `now` being each reading's own time unless set; returns the transitions and the end state. */
function run(r: AlarmRule, readings: Reading[], opts: { now?: number; state?: RuleState } = {}) {
  let state = opts.state ?? initialRuleState;
  const transitions: Transition[] = [];
  for (const reading of readings) {
    const e = evaluateReading(r, state, reading, opts.now ?? reading.ts);
    state = e.state;
    transitions.push(e.transition);
  }
  return { transitions, state };
}
const series = (values: number[], stepSeconds = 10, start = T0): Reading[] =>
  values.map((value, i) => ({ ts: start + i * stepSeconds * 1000, value }));

describe('threshold', () => {
  it.each<[ComparisonOp, number[], Transition[]]>([
    ['>', [24, 25, 26, 20], [null, null, 'raise', 'clear']],
    ['>=', [24, 25, 26, 20], [null, 'raise', null, 'clear']],
    ['<', [1, 0.5, 0.4, 2], [null, null, 'raise', 'clear']],
    ['<=', [1, 0.5, 0.4, 2], [null, 'raise', null, 'clear']],
  ])('%s raises past the line and clears back past the band', (op, values, expected) => {
    const line = op === '>' || op === '>=' ? 25 : 0.5;
    expect(run(rule({ kind: 'threshold', op, threshold: line, hysteresis: 0 }), series(values)).transitions).toEqual(expected);
  });

  it('raises only once the condition has held for forSeconds, and a break starts the count again', () => {
    const r = rule({ kind: 'threshold', op: '>', threshold: 10, forSeconds: 30, hysteresis: 0 });
    // every 10 s: 11 at 0, 10, 20 (held 20 s), 9 breaks it, 11 at 40 … 70 (held 30 s at 70)
    expect(run(r, series([11, 11, 11, 9, 11, 11, 11, 11])).transitions).toEqual([null, null, null, null, null, null, null, 'raise']);
  });

  it('a value hovering at the line raises once and does not flap; it clears only past the band', () => {
    const r = rule({ kind: 'threshold', op: '>', threshold: 25 });
    expect(hysteresisOf(r)).toBeCloseTo(1.25);
    const { transitions } = run(r, series([24.9, 25.1, 24.9, 25.1, 24.8, 25.2, 24.0, 23.8, 23.7, 25.3]));
    expect(transitions).toEqual([null, 'raise', null, null, null, null, null, null, 'clear', 'raise']);
  });

  it('the band is the rule’s own when given, and a band of 0 clears as soon as the condition fails', () => {
    expect(hysteresisOf(rule({ kind: 'threshold', threshold: 25, hysteresis: 3 }))).toBe(3);
    const r = rule({ kind: 'threshold', op: '<', threshold: 0.2, hysteresis: 0 });
    expect(run(r, series([0.1, 0.2])).transitions).toEqual(['raise', 'clear']);
  });
});

describe('rate', () => {
  it('rising faster than ratePerMinute raises; a steady value clears', () => {
    const r = rule({ kind: 'rate', op: '>', ratePerMinute: 6, hysteresis: 0 });
    // every 10 s: +0.5 (3/min), +2 (12/min) raises, +0 (0/min) clears
    expect(run(r, series([1, 1.5, 3.5, 3.5])).transitions).toEqual([null, null, 'raise', 'clear']);
  });

  it('falling faster than ratePerMinute raises for < (a pressure drop of a water main burst)', () => {
    const r = rule({ kind: 'rate', op: '<', ratePerMinute: 0.1, hysteresis: 0 });
    // MPa every minute: 0.40 → 0.38 (−0.02/min) → 0.20 (−0.18/min) raises → 0.20 (0/min) clears
    expect(run(r, series([0.4, 0.38, 0.2, 0.2], 60)).transitions).toEqual([null, null, 'raise', 'clear']);
  });
});

describe('count', () => {
  const r = rule({ kind: 'count', op: '>', threshold: 10, count: 3, windowSeconds: 60, hysteresis: 1 });

  it('raises at the Nth crossing within the window', () => {
    expect(run(r, series([11, 5, 11, 5, 11])).transitions).toEqual([null, null, null, null, 'raise']);
  });

  it('crossings farther apart than the window never raise', () => {
    expect(run(r, series([11, 5, 11, 5, 11], 40)).transitions).toEqual([null, null, null, null, null]);
  });

  it('noise at the line is not a crossing: the value must come back past the band first', () => {
    expect(run(r, series([11, 9.5, 11, 9.5, 11])).transitions).toEqual([null, null, null, null, null]);
  });

  it('clears once fewer than N crossings remain within the window and the value is back', () => {
    const { transitions } = run(r, series([11, 5, 11, 5, 11, 5, 5, 5, 5, 5, 5]));
    expect(transitions.indexOf('raise')).toBe(4);
    // crossings at 0, 20, 40 s; the window (60 s) drops the one at 0 s after 60 s: cleared at the first reading after it
    expect(transitions.indexOf('clear')).toBe(6);
  });
});

describe('offline', () => {
  const r = rule({ kind: 'offline', offlineIntervals: 3 });
  const device = (silentSeconds: number) => ({ now: T0 + silentSeconds * 1000, lastSeenAt: T0, intervalSeconds: 60 });

  it('raises after N intervals of silence, once, and clears when the device is heard again', () => {
    expect(evaluateOffline(r, initialRuleState, device(180)).transition).toBeNull();
    const raised = evaluateOffline(r, initialRuleState, device(181));
    expect(raised.transition).toBe('raise');
    expect(raised.measure).toBe(181);
    expect(raised.line).toBe(180);
    expect(evaluateOffline(r, raised.state, device(600)).transition).toBeNull();
    expect(evaluateOffline(r, raised.state, { ...device(600), lastSeenAt: T0 + 590_000 }).transition).toBe('clear');
  });

  it('a fresh reading clears an offline alarm and never raises one', () => {
    const raised = evaluateOffline(r, initialRuleState, device(400)).state;
    expect(evaluateReading(r, raised, { ts: T0 + 400_000, value: 1 }, T0 + 400_000).transition).toBe('clear');
    expect(evaluateReading(r, initialRuleState, { ts: T0, value: 1 }, T0).transition).toBeNull();
  });
});

describe('late, stale and future readings', () => {
  const r = rule({ kind: 'threshold', op: '>', threshold: 10, hysteresis: 0 });

  it('a reading at or before the newest evaluated changes nothing', () => {
    const { state } = run(r, series([5, 5]));
    expect(evaluateReading(r, state, { ts: T0, value: 99 }, T0 + 20_000)).toMatchObject({ state, transition: null });
    expect(evaluateReading(r, state, { ts: T0 + 10_000, value: 99 }, T0 + 20_000)).toMatchObject({ state, transition: null });
  });

  it('a reading flagged late by the ingest changes nothing', () => {
    expect(evaluateReading(r, initialRuleState, { ts: T0, value: 99, late: true }, T0)).toMatchObject({
      state: initialRuleState,
      transition: null,
    });
  });

  it('a stale reading moves the state but does not raise; the next fresh one does', () => {
    const now = T0 + (STALE_AFTER_SECONDS + 1) * 1000;
    const stale = evaluateReading(r, initialRuleState, { ts: T0, value: 99 }, now);
    expect(stale.transition).toBeNull();
    expect(stale.state.since).toBe(T0);
    expect(evaluateReading(r, stale.state, { ts: now, value: 99 }, now).transition).toBe('raise');
  });

  it('a reading from too far in the future is not evaluated', () => {
    const ahead = T0 + (FUTURE_SKEW_SECONDS + 1) * 1000;
    expect(evaluateReading(r, initialRuleState, { ts: ahead, value: 99 }, T0)).toMatchObject({ state: initialRuleState, transition: null });
  });
});

describe('describeRule', () => {
  it('says the condition in both languages', () => {
    expect(describeRule(rule({ kind: 'threshold', op: '>', threshold: 25, forSeconds: 60 }), '%LEL')).toEqual({
      zh: '> 25 %LEL，持续 60 秒，回差 1.25 %LEL',
      en: '> 25 %LEL for 60 s, hysteresis 1.25 %LEL',
    });
    expect(describeRule(rule({ kind: 'offline', offlineIntervals: 3 })).en).toBe('No data for 3 reporting intervals');
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

const anyRule: fc.Arbitrary<AlarmRule> = fc.record({
  kind: fc.constantFrom('threshold', 'rate', 'count', 'offline'),
  op: fc.constantFrom(...comparisonOps),
  threshold: fc.integer({ min: -50, max: 50 }),
  forSeconds: fc.constantFrom(0, 10, 30, 120),
  hysteresis: fc.option(fc.constantFrom(0, 0.5, 2, 5), { nil: null }),
  windowSeconds: fc.constantFrom(30, 60, 300),
  count: fc.integer({ min: 1, max: 4 }),
  ratePerMinute: fc.constantFrom(1, 5, 20),
  offlineIntervals: fc.integer({ min: 1, max: 5 }),
});
const thresholdRule = anyRule.map((r) => ({ ...r, kind: 'threshold' as const }));

/** Readings at increasing times (steps of 1–120 s), values around the line. */
const readingsArb = fc
  .array(fc.record({ step: fc.integer({ min: 1, max: 120 }), value: fc.double({ min: -60, max: 60, noNaN: true }) }), {
    minLength: 1,
    maxLength: 60,
  })
  .map((xs) => {
    let ts = T0;
    return xs.map(({ step, value }) => ({ ts: (ts += step * 1000), value }));
  });

describe('properties', () => {
  it('raise and clear alternate, starting with raise, whatever the readings', () => {
    fc.assert(
      fc.property(anyRule, readingsArb, (r, readings) => {
        const events = run(r, readings).transitions.filter((t) => t !== null);
        events.forEach((t, i) => expect(t).toBe(i % 2 === 0 ? 'raise' : 'clear'));
      }),
    );
  });

  it('late and out-of-order readings never change the state or raise', () => {
    fc.assert(
      fc.property(anyRule, readingsArb, fc.double({ min: -60, max: 60, noNaN: true }), fc.nat(), (r, readings, value, back) => {
        const { state } = run(r, readings);
        const lastTs = state.lastTs!;
        const earlier = lastTs - (back % 3_600_000);
        const late = evaluateReading(r, state, { ts: earlier, value }, lastTs);
        expect(late.transition).toBeNull();
        expect(late.state).toBe(state);
        const flagged = evaluateReading(r, state, { ts: lastTs + 1000, value, late: true }, lastTs + 1000);
        expect(flagged.transition).toBeNull();
        expect(flagged.state).toBe(state);
      }),
    );
  });

  it('delivered in any order, only a reading newer than every one before it can raise', () => {
    fc.assert(
      fc.property(
        anyRule,
        readingsArb.chain((rs) => fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length })),
        (r, shuffled) => {
          let state = initialRuleState;
          let newest = -Infinity;
          const now = Math.max(...shuffled.map((x) => x.ts));
          for (const reading of shuffled) {
            const e = evaluateReading(r, state, reading, now);
            if (e.transition === 'raise') expect(reading.ts).toBeGreaterThan(newest);
            newest = Math.max(newest, reading.ts);
            state = e.state;
          }
        },
      ),
    );
  });

  it('a threshold rule raises only after its condition has held without a break for forSeconds', () => {
    fc.assert(
      fc.property(thresholdRule, readingsArb, (r, readings) => {
        const { transitions } = run(r, readings);
        transitions.forEach((t, i) => {
          if (t !== 'raise') return;
          const holds = (x: number) =>
            ({ '>': x > r.threshold, '>=': x >= r.threshold, '<': x < r.threshold, '<=': x <= r.threshold })[r.op];
          let j = i;
          while (j > 0 && holds(readings[j - 1]!.value) && transitions.slice(j - 1, i).every((x) => x === null)) j--;
          expect(holds(readings[i]!.value)).toBe(true);
          expect(readings[i]!.ts - readings[j]!.ts).toBeGreaterThanOrEqual(r.forSeconds * 1000);
        });
      }),
    );
  });

  it('a value within the band of the line never clears an alarm once raised (no flapping)', () => {
    fc.assert(
      fc.property(
        thresholdRule.filter((r) => (r.hysteresis ?? Math.abs(r.threshold) * 0.05) > 0),
        fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (r, shares) => {
          const band = hysteresisOf(r);
          const up = r.op === '>' || r.op === '>=';
          // Hovering: anywhere from one band inside the normal side to one band beyond the line.
          const values = shares.map((s) => (up ? r.threshold - band * 0.999 + s * 2 * band : r.threshold + band * 0.999 - s * 2 * band));
          const beyond = up ? r.threshold + band : r.threshold - band;
          const { transitions } = run({ ...r, forSeconds: 0 }, series([beyond, ...values]));
          expect(transitions[0]).toBe('raise');
          expect(transitions.slice(1).every((t) => t === null)).toBe(true);
        },
      ),
    );
  });

  it('stale readings never raise', () => {
    fc.assert(
      fc.property(anyRule, readingsArb, (r, readings) => {
        const now = readings[readings.length - 1]!.ts + (STALE_AFTER_SECONDS + 1) * 1000;
        expect(run(r, readings, { now }).transitions).not.toContain('raise');
      }),
    );
  });

  it('a count rule raises only with N crossings inside the window', () => {
    fc.assert(
      fc.property(
        anyRule.map((r) => ({ ...r, kind: 'count' as const })),
        readingsArb,
        (r, readings) => {
          let state = initialRuleState;
          for (const reading of readings) {
            const e = evaluateReading(r, state, reading, reading.ts);
            if (e.transition === 'raise') {
              expect(e.state.crossings.length).toBeGreaterThanOrEqual(r.count);
              expect(Math.min(...e.state.crossings)).toBeGreaterThan(reading.ts - r.windowSeconds * 1000);
            }
            expect(e.state.crossings.length).toBeLessThanOrEqual(r.count);
            state = e.state;
          }
        },
      ),
    );
  });

  it('offline raises exactly when the silence exceeds N intervals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 5, max: 3600 }),
        fc.integer({ min: 0, max: 40_000 }),
        (n, interval, silent) => {
          const r = rule({ kind: 'offline', offlineIntervals: n });
          const e = evaluateOffline(r, initialRuleState, { now: T0 + silent * 1000, lastSeenAt: T0, intervalSeconds: interval });
          expect(e.transition).toBe(silent > n * interval ? 'raise' : null);
        },
      ),
    );
  });
});
