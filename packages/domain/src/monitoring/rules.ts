import { type Bilingual, bi } from '../i18n.js';

/**
 * 报警规则 as data and their evaluation (分析预警 of 城市安全风险综合监测预警平台建设指南): pure functions that take a
 * rule, the previous state of one (rule × device × metric) and one reading, and return the new state and whether an
 * alarm is raised or cleared. The server keeps the states in memory and persists them on transitions.
 *
 * The kinds follow the models the issue names (ThingsBoard's create/clear conditions with a duration or repeats):
 * - `threshold`: the value compared with `op` against `threshold`, raised once it has held for `forSeconds`;
 * - `rate`: the change per minute since the previous reading, rising (`>`/`>=`) or falling (`<`/`<=`) faster than
 *   `ratePerMinute`, held for `forSeconds`;
 * - `count`: the value crossed the line `count` times within `windowSeconds`;
 * - `offline`: no data from the device for `offlineIntervals` of its expected reporting intervals.
 * Each clears with hysteresis: the value must come back past the line by the band, so a value hovering at the line
 * raises once and does not flap.
 */
export const ruleKinds = ['threshold', 'rate', 'count', 'offline'] as const;
export type RuleKind = (typeof ruleKinds)[number];

export const ruleKindLabels: Record<RuleKind, Bilingual> = {
  threshold: bi('超限（持续）', 'Threshold (held)'),
  rate: bi('变化速率', 'Rate of change'),
  count: bi('窗口内多次越限', 'Crossings within a window'),
  offline: bi('设备离线', 'Device offline'),
};

export const comparisonOps = ['>', '>=', '<', '<='] as const;
export type ComparisonOp = (typeof comparisonOps)[number];

/**
 * The clearing band when a rule names none: 5 % of |threshold| (of |ratePerMinute| for a rate rule). A project
 * choice [U]: alarm-management practice (EEMUA 191, ANSI/ISA-18.2) sets deadbands of a few per cent of range by
 * kind of measurement; 5 % keeps a value wobbling by sensor noise around the line from flapping.
 */
export const DEFAULT_HYSTERESIS_SHARE = 0.05;

/**
 * A reading this much older than now describes a past an alarm can no longer help with (a gateway's backlog after a
 * reconnect): it moves the state, but it never raises. The next fresh reading raises if the condition still holds.
 */
export const STALE_AFTER_SECONDS = 600;

/** A reading this far ahead of now (a device's clock gone wrong) is not evaluated: it would make every later reading look late. */
export const FUTURE_SKEW_SECONDS = 300;

/** Default number of missed intervals before a device is offline (the device page says offline after 3 intervals). */
export const DEFAULT_OFFLINE_INTERVALS = 3;

/** A rule as the evaluation needs it (the table's fields, with the defaults applied where the kind uses them). */
export interface AlarmRule {
  kind: RuleKind;
  op: ComparisonOp;
  threshold: number;
  /** How long the condition must hold before raising (threshold and rate); 0 raises at once. */
  forSeconds: number;
  /** The clearing band; null takes `DEFAULT_HYSTERESIS_SHARE` of the line. */
  hysteresis: number | null;
  /** `count`: the window and the number of crossings within it. */
  windowSeconds: number;
  count: number;
  /** `rate`: the change per minute (a positive magnitude; the op gives the direction). */
  ratePerMinute: number;
  /** `offline`: missed intervals. */
  offlineIntervals: number;
}

/** The defaults of the optional fields, for building an `AlarmRule` from partial input. */
export const ruleDefaults = {
  op: '>',
  threshold: 0,
  forSeconds: 0,
  hysteresis: null,
  windowSeconds: 600,
  count: 3,
  ratePerMinute: 0,
  offlineIntervals: DEFAULT_OFFLINE_INTERVALS,
} as const satisfies Omit<AlarmRule, 'kind'>;

/** What is remembered per rule × device × metric between readings (times in epoch milliseconds). */
export interface RuleState {
  /** An alarm is raised and not yet cleared. */
  active: boolean;
  /** The newest reading evaluated: a reading at or before it is late. */
  lastTs: number | null;
  lastValue: number | null;
  /** When the condition began to hold without a break (threshold and rate). */
  since: number | null;
  /** `count`: the value is beyond the line since its last crossing and has not come back past the band. */
  beyond: boolean;
  /** `count`: the times of the latest crossings within the window (at most `count` of them). */
  crossings: number[];
}

export const initialRuleState: RuleState = { active: false, lastTs: null, lastValue: null, since: null, beyond: false, crossings: [] };

export interface Reading {
  /** Epoch milliseconds. */
  ts: number;
  value: number;
  /** The ingest found a newer reading already stored for this device and metric. */
  late?: boolean;
}

export type Transition = 'raise' | 'clear' | null;

export interface Evaluation {
  state: RuleState;
  transition: Transition;
  /** What was compared (the value, the rate per minute, the seconds offline) and the line it was compared with. */
  measure: number;
  line: number;
}

const upward = (op: ComparisonOp) => op === '>' || op === '>=';

function holds(op: ComparisonOp, x: number, line: number): boolean {
  switch (op) {
    case '>':
      return x > line;
    case '>=':
      return x >= line;
    case '<':
      return x < line;
    case '<=':
      return x <= line;
  }
}

/** The line a rule compares with: the threshold, or the signed rate per minute. */
export function lineOf(rule: AlarmRule): number {
  if (rule.kind === 'rate') return upward(rule.op) ? Math.abs(rule.ratePerMinute) : -Math.abs(rule.ratePerMinute);
  return rule.threshold;
}

/** The clearing band in force: the rule's own, or the default share of the line. */
export function hysteresisOf(rule: AlarmRule): number {
  return rule.hysteresis ?? Math.abs(lineOf(rule)) * DEFAULT_HYSTERESIS_SHARE;
}

/**
 * Back to normal: the condition shifted by the band no longer holds (for `>` the value is at or below line − band;
 * for `<` at or above line + band). With a band of 0 this is exactly "the condition does not hold".
 */
export function isCleared(op: ComparisonOp, x: number, line: number, band: number): boolean {
  return !holds(op, x, upward(op) ? line - band : line + band);
}

const unchanged = (state: RuleState, rule: AlarmRule): Evaluation => ({
  state,
  transition: null,
  measure: state.lastValue ?? 0,
  line: lineOf(rule),
});

/**
 * Evaluates one reading of one device's metric against one rule. Readings must be given in time order; one at or
 * before the newest already evaluated, one flagged late by the ingest, or one from too far in the future changes
 * nothing. A stale one (`STALE_AFTER_SECONDS`) moves the state but never raises.
 */
export function evaluateReading(rule: AlarmRule, state: RuleState, reading: Reading, now: number): Evaluation {
  const { ts, value } = reading;
  if (reading.late || !Number.isFinite(value) || (state.lastTs !== null && ts <= state.lastTs) || ts > now + FUTURE_SKEW_SECONDS * 1000)
    return unchanged(state, rule);
  const fresh = ts >= now - STALE_AFTER_SECONDS * 1000;
  const moved: RuleState = { ...state, lastTs: ts, lastValue: value };
  const line = lineOf(rule);
  const band = hysteresisOf(rule);
  switch (rule.kind) {
    case 'offline':
      // Any fresh word from the device ends its silence; a reading never raises an offline alarm.
      return state.active
        ? { state: { ...moved, active: false }, transition: 'clear', measure: 0, line }
        : { state: moved, transition: null, measure: 0, line };
    case 'count':
      return evaluateCount(rule, state, moved, ts, value, fresh, band);
    case 'threshold':
    case 'rate': {
      if (rule.kind === 'rate' && (state.lastTs === null || state.lastValue === null))
        return { state: moved, transition: null, measure: 0, line };
      const measure = rule.kind === 'rate' ? ((value - state.lastValue!) * 60_000) / (ts - state.lastTs!) : value;
      return evaluateHeld(rule, state, moved, ts, measure, line, band, fresh);
    }
  }
}

function evaluateHeld(
  rule: AlarmRule,
  state: RuleState,
  moved: RuleState,
  ts: number,
  measure: number,
  line: number,
  band: number,
  fresh: boolean,
): Evaluation {
  if (state.active) {
    if (isCleared(rule.op, measure, line, band))
      return { state: { ...moved, active: false, since: null }, transition: 'clear', measure, line };
    return { state: moved, transition: null, measure, line };
  }
  if (!holds(rule.op, measure, line)) return { state: { ...moved, since: null }, transition: null, measure, line };
  const since = state.since ?? ts;
  if (fresh && ts - since >= rule.forSeconds * 1000)
    return { state: { ...moved, since, active: true }, transition: 'raise', measure, line };
  return { state: { ...moved, since }, transition: null, measure, line };
}

function evaluateCount(
  rule: AlarmRule,
  state: RuleState,
  moved: RuleState,
  ts: number,
  value: number,
  fresh: boolean,
  band: number,
): Evaluation {
  const windowStart = ts - rule.windowSeconds * 1000;
  let crossings = state.crossings.filter((t) => t > windowStart);
  let beyond = state.beyond;
  if (!beyond && holds(rule.op, value, rule.threshold)) {
    // A crossing counts only after the value came back past the band: noise at the line is not a crossing.
    crossings = [...crossings, ts].slice(-Math.max(1, rule.count));
    beyond = true;
  } else if (beyond && isCleared(rule.op, value, rule.threshold, band)) {
    beyond = false;
  }
  const next: RuleState = { ...moved, beyond, crossings };
  const line = rule.threshold;
  if (!state.active && fresh && crossings.length >= rule.count)
    return { state: { ...next, active: true }, transition: 'raise', measure: value, line };
  if (state.active && crossings.length < rule.count && !beyond)
    return { state: { ...next, active: false }, transition: 'clear', measure: value, line };
  return { state: next, transition: null, measure: value, line };
}

/**
 * The offline check (a job every minute): the device is offline once nothing came for `offlineIntervals` of its
 * reporting interval since `lastSeenAt` (its registration when it never reported); back online clears.
 * `measure` is the seconds of silence and `line` the limit in seconds.
 */
export function evaluateOffline(
  rule: AlarmRule,
  state: RuleState,
  device: { now: number; lastSeenAt: number; intervalSeconds: number },
): Evaluation {
  const line = rule.offlineIntervals * device.intervalSeconds;
  const measure = Math.max(0, Math.floor((device.now - device.lastSeenAt) / 1000));
  const silent = measure > line;
  if (!state.active && silent) return { state: { ...state, active: true }, transition: 'raise', measure, line };
  if (state.active && !silent) return { state: { ...state, active: false }, transition: 'clear', measure, line };
  return { state, transition: null, measure, line };
}

/** A rule's condition in words for lists and alarms ("> 25，持续 60 秒，回差 1.25"). */
export function describeRule(rule: AlarmRule, unit = ''): Bilingual {
  const u = unit ? ` ${unit}` : '';
  const band = hysteresisOf(rule);
  const bandText = (zh: string, en: string) =>
    band > 0 ? bi(`，回差 ${round(band)}${u}${zh}`, `, hysteresis ${round(band)}${u}${en}`) : bi('', '');
  const held = rule.forSeconds > 0 ? bi(`，持续 ${rule.forSeconds} 秒`, ` for ${rule.forSeconds} s`) : bi('', '');
  switch (rule.kind) {
    case 'threshold': {
      const b = bandText('', '');
      return bi(`${rule.op} ${rule.threshold}${u}${held.zh}${b.zh}`, `${rule.op} ${rule.threshold}${u}${held.en}${b.en}`);
    }
    case 'rate': {
      const dir = upward(rule.op) ? bi('上升', 'rising') : bi('下降', 'falling');
      const b = bandText('/分钟', '/min');
      return bi(
        `每分钟${dir.zh}超过 ${rule.ratePerMinute}${u}${held.zh}${b.zh}`,
        `${dir.en} faster than ${rule.ratePerMinute}${u}/min${held.en}${b.en}`,
      );
    }
    case 'count': {
      const b = bandText('', '');
      return bi(
        `${rule.windowSeconds} 秒内 ${rule.count} 次 ${rule.op} ${rule.threshold}${u}${b.zh}`,
        `${rule.count} times ${rule.op} ${rule.threshold}${u} within ${rule.windowSeconds} s${b.en}`,
      );
    }
    case 'offline':
      return bi(`连续 ${rule.offlineIntervals} 个上报周期无数据`, `No data for ${rule.offlineIntervals} reporting intervals`);
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
