import { api, type monitoring as rules } from '@citysafe/domain';
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { type Actor, systemActor } from '../../platform/actor.js';
import { bindClock, type Db, now, rows, type Tx } from '../../platform/db.js';
import type { DemoCounts } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { loadUserActor, orgs, users } from '../identity/index.js';
import { majorHazardInstallations } from '../major-hazard/index.js';
import { riskSources } from '../risk/index.js';
import { alarmAction, announceAlarms, raiseAlarm } from './alarm.service.js';
import { createRule } from './alarm-rules.service.js';
import { createDevice } from './device.service.js';
import { monitoringDevices } from './device.tables.js';
import { historyOf, type HistoryEpisode } from './simulate.js';
import { type DemoDevice, demoDevices } from './simulate.devices.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/**
 * A week of history: a reading every five minutes per metric, and every minute over the last six hours (where the
 * situation page's charts look closest) — about 83 000 rows, a few seconds on PGlite. At one a minute all week
 * (363 000 rows) the embedded database took over a minute on the shared 2-core machine.
 */
const HISTORY_DAYS = 7;
const HISTORY_STEP_SECONDS = 300;
const RECENT_HOURS = 6;
const RECENT_STEP_SECONDS = 60;
/** Rows per insert statement: each column travels as one array parameter. */
const INSERT_BATCH = 20_000;

/** One demo rule: on every device of a type, or on one device (its code). */
interface DemoRule {
  name: string;
  on: { type: rules.DeviceType } | { device: string };
  metric: string;
  op: rules.ComparisonOp;
  threshold: number;
  level: rules.AlarmLevel;
  kind?: rules.RuleKind;
  forSeconds?: number;
  hysteresis?: number;
  ratePerMinute?: number;
}

/*
 * The demo's rules per device type, and per device where a tank's geometry sets the line. The 综合管廊 gas lines
 * follow GB 50838-2015 as quoted in regulations.md §2.3 (alarm ≤ 20 % LEL [P]; cut-off 25 % LEL commonly cited [U]);
 * the others are plausible set-points for a demonstration, to be set by each operator (rules are data).
 */
const demoRules: DemoRule[] = [
  {
    name: '管廊燃气舱可燃气体预警',
    on: { type: 'pipe_gallery' },
    metric: 'gas_lel',
    op: '>=',
    threshold: 10,
    level: 'yellow',
    hysteresis: 2,
  },
  {
    name: '管廊燃气舱可燃气体报警',
    on: { type: 'pipe_gallery' },
    metric: 'gas_lel',
    op: '>=',
    threshold: 20,
    level: 'orange',
    hysteresis: 2,
  },
  { name: '管廊燃气舱紧急切断', on: { type: 'pipe_gallery' }, metric: 'gas_lel', op: '>=', threshold: 25, level: 'red', hysteresis: 2 },
  { name: '管廊缺氧', on: { type: 'pipe_gallery' }, metric: 'o2', op: '<', threshold: 19.5, level: 'yellow', forSeconds: 60 },
  { name: '管廊积水', on: { type: 'pipe_gallery' }, metric: 'water_level', op: '>', threshold: 100, level: 'yellow', forSeconds: 120 },
  { name: '燃气泄漏', on: { type: 'gas' }, metric: 'gas_lel', op: '>=', threshold: 20, level: 'orange', hysteresis: 2 },
  { name: '中压燃气出口压力过低', on: { type: 'gas' }, metric: 'pressure', op: '<', threshold: 0.2, level: 'orange', forSeconds: 60 },
  {
    name: '供水管网低压',
    on: { type: 'water' },
    metric: 'pressure',
    op: '<',
    threshold: 0.15,
    level: 'orange',
    forSeconds: 30,
    hysteresis: 0.02,
  },
  {
    name: '供水压力骤降（疑似爆管）',
    on: { type: 'water' },
    metric: 'pressure',
    op: '<',
    threshold: 0,
    kind: 'rate',
    ratePerMinute: 0.08,
    level: 'red',
  },
  { name: '热网供水超温', on: { type: 'heat' }, metric: 'supply_temp', op: '>', threshold: 110, level: 'yellow', forSeconds: 300 },
  { name: '桥梁跨中挠度超限', on: { type: 'bridge' }, metric: 'displacement', op: '>', threshold: 30, level: 'orange', forSeconds: 60 },
  { name: '桥梁应变超限', on: { type: 'bridge' }, metric: 'strain', op: '>', threshold: 300, level: 'yellow', forSeconds: 60 },
  {
    name: '人员密度偏高',
    on: { type: 'crowd' },
    metric: 'density',
    op: '>=',
    threshold: 3,
    level: 'orange',
    forSeconds: 60,
    hysteresis: 0.3,
  },
  { name: '人员密度过高（踩踏风险）', on: { type: 'crowd' }, metric: 'density', op: '>=', threshold: 4, level: 'red', hysteresis: 0.3 },
  { name: '电梯故障停梯', on: { type: 'elevator' }, metric: 'elevator_state', op: '>=', threshold: 1, level: 'orange', hysteresis: 0.5 },
  { name: '电梯困人', on: { type: 'elevator' }, metric: 'elevator_state', op: '>=', threshold: 2, level: 'red', hysteresis: 0.5 },
  {
    name: '液氨罐高高液位',
    on: { device: 'WH-GAHG-YA-T1' },
    metric: 'level',
    op: '>=',
    threshold: 14.5,
    level: 'orange',
    forSeconds: 30,
    hysteresis: 0.2,
  },
  {
    name: '液化石油气球罐高液位',
    on: { device: 'WH-GAHG-LPG-T1' },
    metric: 'level',
    op: '>=',
    threshold: 11,
    level: 'orange',
    forSeconds: 30,
    hysteresis: 0.2,
  },
  {
    name: 'LNG 储罐高液位',
    on: { device: 'WH-GTWL-LNG-T1' },
    metric: 'level',
    op: '>=',
    threshold: 10,
    level: 'orange',
    forSeconds: 30,
    hysteresis: 0.2,
  },
  { name: '储罐超压', on: { type: 'tank' }, metric: 'pressure', op: '>', threshold: 1.2, level: 'red', forSeconds: 10 },
  { name: '氨气泄漏', on: { type: 'hazmat' }, metric: 'nh3', op: '>', threshold: 35, level: 'orange', hysteresis: 5 },
];

/** Which risk source a device watches, by the demo registry's names (risk.demo.ts), in the device's street. */
const watchedSources: Record<string, string> = {
  'RQ-XH-TYZ-01': '燃气调压站',
  'GS-XZ-GW-01': '供水加压站',
  'RM-WLGC-01': '购物中心',
  'RM-TYG-01': '体育馆',
  'QL-BH-01': '灞河桥',
  'DT-WLGC-01': '商场自动扶梯',
};

/** The demo's clock: each alarm step is stored at the moment it happened in the story. */
class DemoClock {
  at = new Date(0);
  now(): Date {
    return this.at;
  }
}

async function demoActor(db: Db, username: string): Promise<Actor> {
  const [u] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = ${username}`);
  if (!u) return systemActor;
  return (await loadUserActor(db, u.id, { via: 'session', sessionId: null, csrfToken: null, ip: null })) ?? systemActor;
}

/** A JS array as one array parameter (drizzle would otherwise expand it into a list of parameters). */
const param = (values: unknown[]) => sql.param(values);

/**
 * Inserts readings in statements of INSERT_BATCH rows (`insert … select from unnest(…)`, as the ingest does), received
 * when they were taken.
 */
async function insertHistory(tx: Tx, readings: Iterable<{ deviceId: string; metric: string; ts: Date; value: number }>): Promise<number> {
  let total = 0;
  let batch: { deviceId: string; metric: string; ts: Date; value: number }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await tx.execute(sql`insert into monitoring_readings (device_id, metric, ts, value, received_at)
      select d, m, t, v, t from unnest(${param(batch.map((r) => r.deviceId))}::uuid[], ${param(batch.map((r) => r.metric))}::text[],
        ${param(batch.map((r) => r.ts.toISOString()))}::timestamptz[], ${param(batch.map((r) => r.value))}::float8[]) as x(d, m, t, v)
      on conflict do nothing`);
    total += batch.length;
    batch = [];
  };
  for (const reading of readings) {
    batch.push(reading);
    if (batch.length >= INSERT_BATCH) await flush();
  }
  await flush();
  return total;
}

/** The minute and hour roll-ups of the given devices, recomputed from their readings as the ingest keeps them. */
async function rollUp(tx: Tx, deviceIds: string[]): Promise<void> {
  const ids = sql`${param(deviceIds)}::uuid[]`;
  for (const [table, unit] of [
    ['monitoring_readings_minute', 'minute'],
    ['monitoring_readings_hour', 'hour'],
  ] as const) {
    await tx.execute(sql`insert into ${sql.identifier(table)} (device_id, metric, bucket, count, sum, min, max)
      select device_id, metric, date_trunc(${unit}, ts, 'UTC'), count(*), sum(value), min(value), max(value)
        from monitoring_readings where device_id = any(${ids}) group by 1, 2, 3
      on conflict (device_id, metric, bucket) do update
        set count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max`);
  }
}

/** One alarm of the story: a crossing in the history, then the steps people took, each at its time. */
interface DemoAlarm {
  device: string;
  rule: string;
  /** Where the values went and for how long (minutes from the raise; the raise sits a quarter in). */
  to: number;
  minutes: number;
  /** Minutes before now when it was raised. */
  raisedMinutesAgo: number;
  steps: { as: string; action: rules.AlarmWorkflowAction; afterMinutes: number; body?: Record<string, unknown> }[];
}

/**
 * The alarms of the demo, one in each state of the alarm workflow, on different devices and streets: each is raised
 * through ALARMS' `raiseAlarm` at the crossing of its history episode and taken through its steps by the people who
 * would (值班 acknowledges, 安委办 or the unit assesses, the dispatched unit answers).
 */
const demoAlarms = (orgId: (code: string) => string): DemoAlarm[] => [
  {
    device: 'GS-XH-GW-02',
    rule: '供水管网低压',
    to: 0.09,
    minutes: 180,
    raisedMinutesAgo: 5 * 24 * 60 + 200,
    steps: [
      { as: 'zbs', action: 'acknowledge', afterMinutes: 3 },
      { as: 'awb', action: 'confirm', afterMinutes: 12, body: { note: '压力骤降与流量突增同时出现，研判为保税大道 DN600 管段爆管' } },
      {
        as: 'awb',
        action: 'dispatch',
        afterMinutes: 15,
        body: { orgId: orgId('XHJB'), deadline: 'PT6H', instructions: '组织供水单位关阀抢修，设置围挡，疏导交通' },
      },
      { as: 'xhjb', action: 'answer', afterMinutes: 170, body: { feedback: '已关闭上下游阀门，更换破损管段 3 米，16:40 恢复供水' } },
      { as: 'awb', action: 'close', afterMinutes: 300, body: { note: '抢修完成，压力恢复正常，归档' } },
    ],
  },
  {
    device: 'QL-BH-01',
    rule: '桥梁跨中挠度超限',
    to: 36,
    minutes: 120,
    raisedMinutesAgo: 3 * 24 * 60 + 600,
    steps: [
      { as: 'zbs', action: 'acknowledge', afterMinutes: 6 },
      { as: 'awb', action: 'confirm', afterMinutes: 25, body: { note: '重载车辆集中通过期间挠度超限，需现场检查支座' } },
      {
        as: 'awb',
        action: 'dispatch',
        afterMinutes: 30,
        body: { orgId: orgId('JTYSJ'), deadline: 'P2D', instructions: '对灞河桥主跨支座和伸缩缝开展专项检查，必要时限载' },
      },
      {
        as: 'jtysj',
        action: 'answer',
        afterMinutes: 26 * 60,
        body: { feedback: '专项检查未发现结构损伤，已在桥头增设限载标志并加强超载治理' },
      },
    ],
  },
  {
    device: 'RQ-XZ-FMJ-01',
    rule: '燃气泄漏',
    to: 27,
    minutes: 90,
    raisedMinutesAgo: 22 * 60,
    steps: [
      { as: 'zbs', action: 'acknowledge', afterMinutes: 2 },
      { as: 'awb', action: 'confirm', afterMinutes: 10, body: { note: '阀门井内可燃气体浓度持续超过报警值，疑似阀门密封泄漏' } },
      {
        as: 'awb',
        action: 'dispatch',
        afterMinutes: 14,
        body: { orgId: orgId('CGJ'), deadline: 'P2D', instructions: '通知燃气企业检修阀门井，检修期间设置警戒' },
      },
    ],
  },
  {
    device: 'WH-GAHG-YA-NH3',
    rule: '氨气泄漏',
    to: 48,
    minutes: 60,
    raisedMinutesAgo: 6 * 60,
    steps: [
      { as: 'qy_gahg', action: 'acknowledge', afterMinutes: 1 },
      { as: 'qy_gahg', action: 'confirm', afterMinutes: 15, body: { note: '液氨储罐区围堰内法兰垫片渗漏，已启动现场处置方案' } },
    ],
  },
  {
    device: 'DT-XH-GY-01',
    rule: '电梯困人',
    to: 2,
    minutes: 20,
    raisedMinutesAgo: 2 * 24 * 60 + 90,
    steps: [
      { as: 'zbs', action: 'acknowledge', afterMinutes: 2 },
      { as: 'zbs', action: 'dismiss', afterMinutes: 9, body: { note: '维保单位按计划进行困人报警功能测试，非真实困人' } },
    ],
  },
  {
    device: 'RM-WLGC-01',
    rule: '人员密度偏高',
    to: 3.4,
    minutes: 240,
    raisedMinutesAgo: 100,
    steps: [{ as: 'zbs', action: 'acknowledge', afterMinutes: 4 }],
  },
  {
    device: 'WH-GTWL-LNG-T1',
    rule: 'LNG 储罐高液位',
    to: 10.4,
    minutes: 120,
    raisedMinutesAgo: 20,
    steps: [],
  },
];

/** A deadline given as a duration from the step (`PT6H`, `P2D`), made concrete at the step's moment. */
function deadlineFrom(at: Date, duration: string): string {
  const hours = /^PT(\d+)H$/.exec(duration)?.[1];
  const days = /^P(\d+)D$/.exec(duration)?.[1];
  return new Date(at.getTime() + (hours ? Number(hours) * HOUR_MS : Number(days) * DAY_MS)).toISOString();
}

/**
 * The monitoring part of the demonstration district (SIM): the devices of `simulate.devices.ts` on the lifelines,
 * crowd places, elevators and major-hazard units (linked to the registry's units and to risk sources of their
 * street where the risk demo has one), the rules per type and per tank, a week of history written
 * by the simulator's own stream model with the story's alarms as episodes, and seven alarms — one in each state —
 * raised and handled through ALARMS' services at their moments. Idempotent: nothing is added once the first demo
 * device exists.
 */
export async function fillMonitoringDemo(platform: Platform): Promise<DemoCounts> {
  const { db } = platform;
  const none = { devices: 0, rules: 0, readings: 0, alarms: 0 };
  const [already] = await db
    .select({ id: monitoringDevices.id })
    .from(monitoringDevices)
    .where(eq(monitoringDevices.code, demoDevices[0]!.code));
  if (already) return none;
  const office = await demoActor(db, 'awb');
  const orgCodes = [...new Set(demoDevices.map((d) => d.orgCode).concat(['XHJB', 'JTYSJ', 'CGJ']))];
  const orgIds = new Map(
    (await db.select({ id: orgs.id, code: orgs.code }).from(orgs).where(inArray(orgs.code, orgCodes))).map((o) => [o.code, o.id]),
  );
  const present = demoDevices.filter((d) => orgIds.has(d.orgCode));
  const orgId = (code: string) => orgIds.get(code)!;

  // Devices, through DEVICES' service as 安委办 registers them.
  const ids = new Map<string, string>();
  for (const device of present) {
    const unit = device.majorHazardUnit
      ? (
          await db
            .select({ id: majorHazardInstallations.id })
            .from(majorHazardInstallations)
            .where(
              and(eq(majorHazardInstallations.name, device.majorHazardUnit), eq(majorHazardInstallations.orgId, orgId(device.orgCode))),
            )
        )[0]
      : undefined;
    const source = watchedSources[device.code] ? await nearestSource(db, watchedSources[device.code]!, device.at) : undefined;
    const input = api.monitoringDevices.deviceInput.parse({
      code: device.code,
      name: device.name,
      type: device.type,
      orgId: orgId(device.orgCode),
      lng: device.at[0],
      lat: device.at[1],
      placeName: device.placeName,
      intervalSeconds: device.intervalSeconds,
      majorHazardUnitId: unit?.id ?? null,
      riskSourceId: source ?? null,
      metrics: device.metrics.map((m) => ({ key: m.key, unit: m.unit, label: m.label })),
    });
    ids.set(device.code, (await createDevice(db, office, input)).id);
  }

  // Rules, through RULES' service.
  const ruleIds = new Map<string, { id: string; rule: DemoRule }>();
  for (const rule of demoRules) {
    const target = 'type' in rule.on ? { deviceType: rule.on.type } : { deviceId: ids.get(rule.on.device) };
    if (!('deviceType' in target) && !target.deviceId) continue;
    const input = api.monitoringRules.alarmRuleInput.parse({
      name: rule.name,
      kind: rule.kind ?? 'threshold',
      metric: rule.metric,
      op: rule.op,
      ...(rule.kind === 'rate' ? { ratePerMinute: rule.ratePerMinute } : { threshold: rule.threshold }),
      level: rule.level,
      ...(rule.forSeconds ? { forSeconds: rule.forSeconds } : {}),
      ...(rule.hysteresis !== undefined ? { hysteresis: rule.hysteresis } : {}),
      ...target,
    });
    ruleIds.set(rule.name, { id: (await createRule(platform, office, input)).id, rule });
  }

  // A week of history up to now, the story's alarms shaped into it.
  const today = now(db);
  const story = demoAlarms(orgId).filter((a) => ids.has(a.device) && ruleIds.has(a.rule));
  const raisedAt = (a: DemoAlarm) => new Date(today.getTime() - a.raisedMinutesAgo * MINUTE_MS);
  const episodesOf = (code: string): HistoryEpisode[] =>
    story
      .filter((a) => a.device === code)
      .map((a) => {
        // The crossing comes a quarter into the episode, where the ramp reaches its plateau.
        const from = new Date(raisedAt(a).getTime() - (a.minutes / 4) * MINUTE_MS);
        return { metric: ruleIds.get(a.rule)!.rule.metric, to: a.to, from, until: new Date(from.getTime() + a.minutes * MINUTE_MS) };
      });
  const from = new Date(today.getTime() - HISTORY_DAYS * DAY_MS);
  const recent = new Date(today.getTime() - RECENT_HOURS * HOUR_MS);
  function* all() {
    for (const device of present) {
      const deviceId = ids.get(device.code)!;
      const episodes = episodesOf(device.code);
      const before = new Date(recent.getTime() - HISTORY_STEP_SECONDS * 1000);
      for (const r of historyOf(device, from, before, HISTORY_STEP_SECONDS, episodes)) yield { deviceId, ...r };
      for (const r of historyOf(device, recent, today, RECENT_STEP_SECONDS, episodes)) yield { deviceId, ...r };
    }
  }
  const readings = await db.transaction(async (tx) => {
    const n = await insertHistory(tx, all());
    await rollUp(tx, [...ids.values()]);
    await tx
      .update(monitoringDevices)
      .set({ lastSeenAt: today })
      .where(inArray(monitoringDevices.id, [...ids.values()]));
    return n;
  });

  // The alarms, each raised and handled at its moment of the story.
  const clock = new DemoClock();
  bindClock(db, clock);
  let alarms = 0;
  try {
    for (const a of story) {
      const at = raisedAt(a);
      clock.at = at;
      const rule = ruleIds.get(a.rule)!;
      const value = historyValue(
        present.find((d) => d.code === a.device)!,
        rule.rule.metric,
        a.to,
      );
      const raised = await db.transaction((tx) =>
        raiseAlarm(tx, platform, {
          ruleId: rule.id,
          deviceId: ids.get(a.device)!,
          metric: rule.rule.metric,
          value,
          threshold: rule.rule.kind === 'rate' ? null : rule.rule.threshold,
          level: rule.rule.level,
          at,
        }),
      );
      await announceAlarms(platform, [raised]);
      alarms++;
      for (const step of a.steps) {
        clock.at = new Date(at.getTime() + step.afterMinutes * MINUTE_MS);
        const body = step.body?.deadline
          ? { ...step.body, deadline: deadlineFrom(clock.at, String(step.body.deadline)) }
          : (step.body ?? {});
        await alarmAction(platform, await demoActor(db, step.as), raised.id, step.action, body);
      }
    }
  } finally {
    bindClock(db, platform.clock);
  }
  return { devices: ids.size, rules: ruleIds.size, readings, alarms };
}

/** The value an episode's plateau reaches, rounded as the device reports it. */
function historyValue(device: DemoDevice, metric: string, to: number): number {
  const decimals = device.metrics.find((m) => m.key === metric)?.decimals ?? 2;
  return Math.round(to * 10 ** decimals) / 10 ** decimals;
}

/** The demo risk source of that name nearest to a point (risk.demo.ts spreads them over both streets). */
async function nearestSource(db: Db, name: string, at: [number, number]): Promise<string | undefined> {
  const [found] = await rows<{ id: string }>(
    db,
    sql`select ${riskSources.id} as id from ${riskSources} where ${like(riskSources.name, `%${name}%`)}
          order by ST_Distance(${riskSources.geom}, ST_SetSRID(ST_MakePoint(${at[0]}, ${at[1]}), 4326)) limit 1`,
  );
  return found?.id;
}
