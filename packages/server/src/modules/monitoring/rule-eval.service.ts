import { monitoring as rules } from '@citysafe/domain';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Platform } from '../../platform/platform.js';
import { monitoringAlarmRules, monitoringRuleStates } from './alarm-rules.tables.js';
import { announceAlarms, clearAlarm, type RaisedAlarm, raiseAlarm } from './alarm.service.js';
import { monitoringDevices } from './device.tables.js';
import { onReadingsStored, type StoredReading } from './telemetry.service.js';

export const OFFLINE_CHECK_JOB = 'monitoring.offlineCheck';
/** Devices report every minute or more seldom, so a minute is as fine as the offline check needs to be. */
export const OFFLINE_CHECK_SECONDS = 60;

interface IndexedRule {
  id: string;
  metric: string;
  level: rules.AlarmLevel;
  rule: rules.AlarmRule;
  /** This rule's states by device id, kept across re-indexing. */
  states: Map<string, rules.RuleState>;
}

/** The enabled rules, found per reading by two map look-ups: by device id and by device type, then by metric. */
interface RuleIndex {
  byDevice: Map<string, Map<string, IndexedRule[]>>;
  byType: Map<string, Map<string, IndexedRule[]>>;
  offlineByDevice: Map<string, IndexedRule[]>;
  offlineByType: Map<string, IndexedRule[]>;
}

/** One raise or clear to write: the alarm call and the state row, in one transaction per batch. */
interface Change {
  /** The rule's states by device, where `after` was put (and `before` goes back if the write fails). */
  states: Map<string, rules.RuleState>;
  ruleId: string;
  deviceId: string;
  metric: string;
  level: rules.AlarmLevel;
  transition: 'raise' | 'clear';
  value: number;
  line: number;
  at: Date;
  before: rules.RuleState;
  after: rules.RuleState;
}

/** The rule as the evaluation reads it: the kind's fields, with the domain's defaults where a kind does not use them. */
export function alarmRuleOf(row: typeof monitoringAlarmRules.$inferSelect): rules.AlarmRule {
  return {
    kind: row.kind,
    op: row.op ?? rules.ruleDefaults.op,
    threshold: row.threshold ?? rules.ruleDefaults.threshold,
    forSeconds: row.forSeconds,
    hysteresis: row.hysteresis,
    windowSeconds: row.windowSeconds ?? rules.ruleDefaults.windowSeconds,
    count: row.count ?? rules.ruleDefaults.count,
    ratePerMinute: row.ratePerMinute ?? rules.ruleDefaults.ratePerMinute,
    offlineIntervals: row.offlineIntervals ?? rules.ruleDefaults.offlineIntervals,
  };
}

/** The states of one rule by device id (a rule watches one metric, so the device says which state). */
function statesOf(all: Map<string, Map<string, rules.RuleState>>, ruleId: string): Map<string, rules.RuleState> {
  let states = all.get(ruleId);
  if (!states) all.set(ruleId, (states = new Map()));
  return states;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Evaluates the alarm rules on every stored reading (the ingest's `onReadingsStored`) and on the devices' silence (the
 * offline job), with no statement per reading: the enabled rules are indexed in memory (read again after a rule
 * changes, and every `RULES_REFRESH_MS` for the changes other nodes made), the states of rule × device × metric live in
 * memory and are written to `monitoring_rule_states` with the alarm when a rule raises or clears, so that a restart
 * neither raises again nor forgets an active alarm. Batches and offline checks run one after another, so each state
 * moves in time order.
 */
export class RuleEvaluator {
  private index: Promise<RuleIndex> | null = null;
  private indexedAt = 0;
  private states: Promise<Map<string, Map<string, rules.RuleState>>> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly platform: Platform) {}

  /** A rule was added, changed or deleted on this node: the next batch reads the rules again. */
  rulesChanged(): void {
    this.index = null;
  }

  /** Evaluates a flushed batch (in time order per device and metric); resolves once its transitions are written. */
  readingsStored(batch: readonly StoredReading[]): Promise<void> {
    return this.enqueue(() => this.evaluateBatch(batch));
  }

  /** The offline check over the devices' `last_seen_at` (their registration when they never reported). */
  checkOffline(): Promise<number> {
    return this.enqueue(() => this.evaluateOffline());
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private rulesIndex(): Promise<RuleIndex> {
    const at = Date.now();
    if (!this.index || at - this.indexedAt > RULES_REFRESH_MS) {
      this.indexedAt = at;
      this.index = this.loadIndex();
      this.index.catch(() => {
        this.index = null;
      });
    }
    return this.index;
  }

  private async loadIndex(): Promise<RuleIndex> {
    const states = await this.stateMap();
    const found = await this.platform.db.select().from(monitoringAlarmRules).where(eq(monitoringAlarmRules.enabled, true));
    const index: RuleIndex = { byDevice: new Map(), byType: new Map(), offlineByDevice: new Map(), offlineByType: new Map() };
    for (const row of found) {
      const indexed: IndexedRule = {
        id: row.id,
        metric: row.metric,
        level: row.level,
        rule: alarmRuleOf(row),
        states: statesOf(states, row.id),
      };
      if (row.kind === 'offline') {
        if (row.deviceId) push(index.offlineByDevice, row.deviceId, indexed);
        else if (row.deviceType) push(index.offlineByType, row.deviceType, indexed);
        continue;
      }
      const target = row.deviceId ? index.byDevice : index.byType;
      const key = row.deviceId ?? row.deviceType!;
      let byMetric = target.get(key);
      if (!byMetric) target.set(key, (byMetric = new Map()));
      push(byMetric, row.metric, indexed);
    }
    return index;
  }

  /** The persisted states, read once: between transitions the memory is ahead of them. */
  private stateMap(): Promise<Map<string, Map<string, rules.RuleState>>> {
    if (!this.states) {
      this.states = this.platform.db
        .select()
        .from(monitoringRuleStates)
        .then((found) => {
          const all = new Map<string, Map<string, rules.RuleState>>();
          for (const s of found) statesOf(all, s.ruleId).set(s.deviceId, s.state);
          return all;
        });
      this.states.catch(() => {
        this.states = null;
      });
    }
    return this.states;
  }

  private async evaluateBatch(batch: readonly StoredReading[]): Promise<void> {
    if (batch.length === 0) return;
    const index = await this.rulesIndex();
    if (index.byDevice.size === 0 && index.byType.size === 0 && index.offlineByDevice.size === 0 && index.offlineByType.size === 0) return;
    const now = this.platform.clock.now().getTime();
    const changes: Change[] = [];
    const watchesOffline = index.offlineByDevice.size > 0 || index.offlineByType.size > 0;
    const heard = new Map<string, string>();
    for (const reading of batch) {
      if (watchesOffline && !reading.late) heard.set(reading.deviceId, reading.deviceType);
      const forDevice = index.byDevice.get(reading.deviceId)?.get(reading.metric);
      const forType = index.byType.get(reading.deviceType)?.get(reading.metric);
      if (forDevice) evaluateAll(forDevice, reading, now, changes);
      if (forType) evaluateAll(forType, reading, now, changes);
    }
    // A device heard from again ends its offline alarms at once, rather than at the next minute's check.
    for (const [deviceId, deviceType] of heard) {
      for (const r of [...(index.offlineByDevice.get(deviceId) ?? []), ...(index.offlineByType.get(deviceType) ?? [])]) {
        const before = r.states.get(deviceId);
        if (!before?.active) continue;
        const after: rules.RuleState = { ...before, active: false };
        r.states.set(deviceId, after);
        changes.push({
          states: r.states,
          ruleId: r.id,
          deviceId,
          metric: r.metric,
          level: r.level,
          transition: 'clear',
          value: 0,
          line: 0,
          at: new Date(now),
          before,
          after,
        });
      }
    }
    await this.write(changes);
  }

  private async evaluateOffline(): Promise<number> {
    const index = await this.rulesIndex();
    if (index.offlineByDevice.size === 0 && index.offlineByType.size === 0) return 0;
    const d = monitoringDevices;
    const devices = await this.platform.db
      .select({
        id: d.id,
        type: d.type,
        intervalSeconds: d.intervalSeconds,
        lastSeenAt: sql<Date>`coalesce(${d.lastSeenAt}, ${d.createdAt})`.mapWith(d.lastSeenAt),
      })
      .from(d)
      .where(
        and(
          eq(d.status, 'active'),
          or(
            index.offlineByDevice.size > 0 ? inArray(d.id, [...index.offlineByDevice.keys()]) : undefined,
            index.offlineByType.size > 0 ? inArray(d.type, [...index.offlineByType.keys()] as rules.DeviceType[]) : undefined,
          ),
        ),
      );
    const now = this.platform.clock.now();
    const changes: Change[] = [];
    for (const device of devices) {
      for (const r of [...(index.offlineByDevice.get(device.id) ?? []), ...(index.offlineByType.get(device.type) ?? [])]) {
        const before = r.states.get(device.id) ?? rules.initialRuleState;
        const e = rules.evaluateOffline(r.rule, before, {
          now: now.getTime(),
          lastSeenAt: device.lastSeenAt.getTime(),
          intervalSeconds: device.intervalSeconds,
        });
        if (!e.transition) continue;
        r.states.set(device.id, e.state);
        changes.push({
          states: r.states,
          ruleId: r.id,
          deviceId: device.id,
          metric: r.metric,
          level: r.level,
          transition: e.transition,
          value: e.measure,
          line: e.line,
          at: now,
          before,
          after: e.state,
        });
      }
    }
    await this.write(changes);
    return changes.length;
  }

  /**
   * Raises and clears through the alarm module and records the states, in one transaction. When it fails, the states
   * go back to where they were (unless a later reading moved them on), so that the next reading tries again.
   */
  private async write(changes: Change[]): Promise<void> {
    if (changes.length === 0) return;
    const raised: RaisedAlarm[] = [];
    try {
      await this.platform.db.transaction(async (tx) => {
        for (const c of changes) {
          if (c.transition === 'raise')
            raised.push(
              await raiseAlarm(tx, this.platform, {
                ruleId: c.ruleId,
                deviceId: c.deviceId,
                metric: c.metric,
                value: c.value,
                threshold: c.line,
                level: c.level,
                at: c.at,
              }),
            );
          else await clearAlarm(tx, { ruleId: c.ruleId, deviceId: c.deviceId, at: c.at, value: c.value });
        }
        // One row per rule and device: the latest state of the batch.
        const rows = new Map(changes.map((c) => [`${c.ruleId}|${c.deviceId}`, c]));
        await tx
          .insert(monitoringRuleStates)
          .values(
            [...rows.values()].map((c) => ({
              ruleId: c.ruleId,
              deviceId: c.deviceId,
              metric: c.metric,
              active: c.after.active,
              state: c.after,
              updatedAt: c.at,
            })),
          )
          .onConflictDoUpdate({
            target: [monitoringRuleStates.ruleId, monitoringRuleStates.deviceId, monitoringRuleStates.metric],
            set: { active: sql`excluded.active`, state: sql`excluded.state`, updatedAt: sql`excluded.updated_at` },
          });
      });
    } catch (err) {
      for (const c of [...changes].reverse()) if (c.states.get(c.deviceId) === c.after) c.states.set(c.deviceId, c.before);
      this.platform.log.error({ err, changes: changes.length }, 'alarm rule transitions not written; the next readings try again');
      return;
    }
    await announceAlarms(this.platform, raised);
  }
}

/** Evaluates one reading against a list of rules, moving their states and collecting the transitions. */
function evaluateAll(list: IndexedRule[], reading: StoredReading, now: number, changes: Change[]): void {
  const input = { ts: reading.ts.getTime(), value: reading.value, late: reading.late };
  for (const r of list) {
    const before = r.states.get(reading.deviceId) ?? rules.initialRuleState;
    const e = rules.evaluateReading(r.rule, before, input, now);
    if (e.state === before) continue;
    r.states.set(reading.deviceId, e.state);
    if (e.transition)
      changes.push({
        states: r.states,
        ruleId: r.id,
        deviceId: reading.deviceId,
        metric: reading.metric,
        level: r.level,
        transition: e.transition,
        value: e.measure,
        line: e.line,
        at: reading.ts,
        before,
        after: e.state,
      });
  }
}

/** Other nodes' rule changes reach this node's index within this time. */
export const RULES_REFRESH_MS = 30_000;

const evaluators = new WeakMap<Platform, RuleEvaluator>();

/** The platform's one evaluator (its rules and states in memory). */
export function ruleEvaluatorOf(platform: Platform): RuleEvaluator {
  let evaluator = evaluators.get(platform);
  if (!evaluator) evaluators.set(platform, (evaluator = new RuleEvaluator(platform)));
  return evaluator;
}

/** Schedules the next offline check, once per slot whatever the number of nodes or restarts. */
export async function scheduleOfflineCheck(platform: Platform, after = platform.clock.now()): Promise<void> {
  const slot = OFFLINE_CHECK_SECONDS * 1000;
  const at = new Date((Math.floor(after.getTime() / slot) + 1) * slot);
  await platform.jobs.schedule(platform.db, OFFLINE_CHECK_JOB, {}, at, { uniqueKey: `${OFFLINE_CHECK_JOB}:${at.toISOString()}` });
}

/** Hands every platform's flushed readings to its own evaluator (registered once per process, whatever the number of platforms). */
const evaluateStored = (platform: Platform, batch: StoredReading[]) => ruleEvaluatorOf(platform).readingsStored(batch);

/** Starts the evaluation: the readings' listener and the offline check's job. */
export function startRuleEvaluation(platform: Platform): void {
  onReadingsStored(evaluateStored);
  platform.jobs.register(OFFLINE_CHECK_JOB, async () => {
    // The next check first: a failing run must not end the chain.
    await scheduleOfflineCheck(platform);
    await ruleEvaluatorOf(platform).checkOffline();
  });
}
