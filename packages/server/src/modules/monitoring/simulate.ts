import { parseArgs } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { demoDevices } from './simulate.devices.js';

/**
 * The monitoring simulator (`npx citysafe simulate`): drives devices with realistic streams over MQTT so that the
 * demo shows alarms happening. Each metric follows a daily cycle (Asia/Shanghai hours) with correlated noise; a
 * scenario adds one excursion on one device — a gas leak in a 综合管廊's gas compartment, a water main burst, a
 * crowd surge at an event, a tank filling at a major-hazard unit. The same stream model writes the demo's week of
 * history (`historyOf`), so live values continue the stored ones.
 */

/** How one metric behaves on an ordinary day. */
export interface MetricStream {
  key: string;
  unit: string;
  label?: string;
  /** The daily mean. */
  base: number;
  /** Half the daily swing: the value is `base + daily` at `peakHour` and `base − daily` twelve hours later. */
  daily: number;
  /** Asia/Shanghai hour of the daily peak (fractional hours allowed). */
  peakHour: number;
  /** Standard deviation of the (auto-correlated) noise. */
  noise: number;
  decimals: number;
  min?: number;
  max?: number;
}

/** A device as the simulator sees it: its topic's code, its type and its metrics' behaviour. */
export interface SimDevice {
  code: string;
  type: string;
  metrics: MetricStream[];
}

export const SCENARIOS = ['gas-leak', 'water-burst', 'crowd-surge', 'tank-level', 'normal'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** What a scenario does to its device: each named metric moves to `to` over `rampSeconds` (0: at once) and stays. */
export interface Excursion {
  deviceType: string;
  label: { zh: string; en: string };
  moves: { metric: string; to: number }[];
  rampSeconds: number;
}

/*
 * The excursions. Levels are set so that the demo's rules (monitoring.demo.ts) are crossed well past their
 * hysteresis: 综合管廊 gas compartments alarm at ≤ 20 % LEL (GB 50838-2015 as quoted in regulations.md §2.3, [P]);
 * the cut-off commonly cited at 25 % LEL [U]. The others are illustrations, not norms.
 */
export const excursions: Record<Exclude<Scenario, 'normal'>, Excursion> = {
  'gas-leak': {
    deviceType: 'pipe_gallery',
    label: { zh: '综合管廊燃气舱燃气泄漏', en: 'gas leak in a utility tunnel gas compartment' },
    moves: [
      { metric: 'gas_lel', to: 38 },
      { metric: 'o2', to: 19.8 },
    ],
    rampSeconds: 60,
  },
  'water-burst': {
    deviceType: 'water',
    label: { zh: '供水主管爆管', en: 'water main burst' },
    moves: [
      { metric: 'pressure', to: 0.08 },
      { metric: 'flow', to: 2600 },
    ],
    rampSeconds: 10,
  },
  'crowd-surge': {
    deviceType: 'crowd',
    label: { zh: '活动散场人员聚集', en: 'crowd surge at an event' },
    moves: [
      { metric: 'density', to: 4.6 },
      { metric: 'people_count', to: 9200 },
    ],
    rampSeconds: 90,
  },
  'tank-level': {
    deviceType: 'tank',
    label: { zh: '重大危险源储罐液位持续上升', en: 'tank level rising at a major-hazard unit' },
    moves: [{ metric: 'level', to: 15.6 }],
    rampSeconds: 120,
  },
};

const HOUR_MS = 3_600_000;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** A small seeded generator (mulberry32): the demo's history is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seedOf = (text: string): number => [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);

/** The daily cycle of a metric at an instant, from the Asia/Shanghai hour. */
export function dailyValue(metric: MetricStream, at: Date): number {
  const hour = ((((at.getTime() + SHANGHAI_OFFSET_MS) % (24 * HOUR_MS)) + 24 * HOUR_MS) % (24 * HOUR_MS)) / HOUR_MS;
  return metric.base + metric.daily * Math.cos((2 * Math.PI * (hour - metric.peakHour)) / 24);
}

const clampTo = (metric: MetricStream, value: number): number => {
  const bounded = Math.min(metric.max ?? Infinity, Math.max(metric.min ?? -Infinity, value));
  const f = 10 ** metric.decimals;
  return Math.round(bounded * f) / f;
};

/**
 * One device's values over time. The noise is an AR(1) process (each value leans on the previous one) so that a
 * chart looks like a sensor rather than static; `moves` shift the named metrics towards their targets by their
 * `progress` (0 … 1).
 */
export class DeviceStream {
  private readonly next: () => number;
  private readonly state = new Map<string, number>();

  constructor(
    readonly device: SimDevice,
    seed = seedOf(device.code),
  ) {
    this.next = random(seed);
  }

  /** A standard normal deviate (Box–Muller). */
  private gaussian(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  valuesAt(at: Date, moves: { metric: string; to: number; progress: number }[] = []): Record<string, number> {
    const values: Record<string, number> = {};
    for (const metric of this.device.metrics) {
      const previous = this.state.get(metric.key) ?? 0;
      const noise = 0.85 * previous + Math.sqrt(1 - 0.85 ** 2) * this.gaussian();
      this.state.set(metric.key, noise);
      let value = dailyValue(metric, at) + metric.noise * noise;
      const move = moves.find((m) => m.metric === metric.key);
      if (move) value += (move.to - metric.base) * Math.min(1, Math.max(0, move.progress));
      values[metric.key] = clampTo(metric, value);
    }
    return values;
  }
}

/** A past excursion written into history: the metric rises (or falls) to `to` from `from` to `until` and back. */
export interface HistoryEpisode {
  metric: string;
  to: number;
  from: Date;
  until: Date;
}

/**
 * A device's readings from `from` to `to` every `stepSeconds`, with past episodes (the demo's alarms) shaped as a
 * ramp up over the first quarter, a plateau and a ramp down over the last quarter. Readings come per metric in
 * time order, ready for a batched insert.
 */
export function* historyOf(
  device: SimDevice,
  from: Date,
  to: Date,
  stepSeconds: number,
  episodes: HistoryEpisode[] = [],
): Generator<{ metric: string; ts: Date; value: number }> {
  const stream = new DeviceStream(device);
  for (let t = from.getTime(); t <= to.getTime(); t += stepSeconds * 1000) {
    const at = new Date(t);
    const moves = episodes
      .filter((e) => t >= e.from.getTime() && t <= e.until.getTime())
      .map((e) => {
        const span = e.until.getTime() - e.from.getTime();
        const edge = span / 4;
        const progress = Math.min(1, (t - e.from.getTime()) / edge, (e.until.getTime() - t) / edge);
        return { metric: e.metric, to: e.to, progress };
      });
    for (const [metric, value] of Object.entries(stream.valuesAt(at, moves))) yield { metric, ts: at, value };
  }
}

export interface SimulateOptions {
  /** The broker: the platform's embedded one or the external broker the platform reads. */
  url: string;
  /** An API token holding telemetry.publish (the password of each device connection). */
  token?: string;
  devices: SimDevice[];
  scenario: Scenario;
  /** Publishes per device per second. */
  rate: number;
  /** Seconds to run; 0 runs until `signal` aborts. */
  durationSeconds: number;
  /** Seconds of normal streams before the scenario's excursion begins. */
  leadSeconds: number;
  /** The scenario's device (its code); the first device of the scenario's type when absent. */
  target?: string;
  /** Readings per publish: a gateway that samples `batch` times per period and sends them together. */
  batch?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface SimulateReport {
  messages: number;
  readings: number;
  /** Device connections the broker closed (refused publish) or refused at connect. */
  refused: number;
  seconds: number;
  target: string | null;
}

/** Opens one connection per device (the broker allows each connection its own publish rate), a few at a time. */
async function connectAll(options: SimulateOptions): Promise<MqttClient[]> {
  const clients: MqttClient[] = [];
  const queue = [...options.devices];
  const worker = async () => {
    for (let device = queue.shift(); device; device = queue.shift()) {
      const client = await mqtt.connectAsync(
        options.url,
        {
          username: device.code,
          ...(options.token ? { password: options.token } : {}),
          clientId: `sim-${device.code}-${Math.random().toString(16).slice(2, 8)}`,
          reconnectPeriod: 0,
          connectTimeout: 10_000,
        },
        false,
      );
      clients[options.devices.indexOf(device)] = client;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(20, options.devices.length) }, worker));
  } catch (err) {
    await Promise.all(clients.filter(Boolean).map((c) => c.endAsync().catch(() => undefined)));
    const code = (err as { code?: number }).code;
    if (code === 4 || code === 5)
      throw new Error(
        '令牌被拒绝：需要持有 telemetry.publish 的 API 令牌（--token）/ the broker refused the token: use an API token holding telemetry.publish (--token)',
        { cause: err },
      );
    throw new Error(`无法连接 MQTT 服务 / cannot connect to ${options.url}: ${(err as Error).message}`, { cause: err });
  }
  return clients;
}

/**
 * Publishes the devices' streams until the duration is over or `signal` aborts. Each device publishes `rate` times a
 * second on `citysafe/telemetry/<code>` (QoS 0), phases spread over the period so that the broker sees a steady
 * flow rather than bursts; the scenario's device drifts to its excursion after `leadSeconds`.
 */
export async function simulate(options: SimulateOptions): Promise<SimulateReport> {
  const log = options.log ?? (() => undefined);
  const batch = Math.max(1, options.batch ?? 1);
  const excursion = options.scenario === 'normal' ? null : excursions[options.scenario];
  const target = excursion
    ? (options.devices.find((d) => (options.target ? d.code === options.target : d.type === excursion.deviceType)) ?? null)
    : null;
  if (excursion && !target)
    throw new Error(
      `没有可用于场景 ${options.scenario} 的设备（类型 ${excursion.deviceType}）/ no device of type ${excursion.deviceType} for scenario ${options.scenario}`,
    );
  const clients = await connectAll(options);
  const streams = options.devices.map((d) => new DeviceStream(d, seedOf(d.code) ^ Date.now()));
  const report: SimulateReport = { messages: 0, readings: 0, refused: 0, seconds: 0, target: target?.code ?? null };
  const closed = new Set<number>();
  clients.forEach((client, i) =>
    client.on('close', () => {
      if (!closed.has(i)) report.refused++;
      closed.add(i);
    }),
  );

  const periodMs = 1000 / options.rate;
  const started = Date.now();
  const excursionAt = started + options.leadSeconds * 1000;
  const next = options.devices.map((_, i) => started + (periodMs * i) / options.devices.length);
  if (excursion && target)
    log(
      `场景 / scenario: ${excursion.label.zh} / ${excursion.label.en} @ ${target.code}, ${options.leadSeconds} s 后开始 / starts in ${options.leadSeconds} s`,
    );

  await new Promise<void>((resolve) => {
    let lastLog = started;
    let lastMessages = 0;
    const tick = () => {
      const nowMs = Date.now();
      const over = (options.durationSeconds > 0 && nowMs - started >= options.durationSeconds * 1000) || options.signal?.aborted;
      if (over) return resolve();
      for (let i = 0; i < options.devices.length; i++) {
        if (closed.has(i) || next[i]! > nowMs) continue;
        // A simulator that fell behind (a busy machine) skips ahead rather than bursting to catch up.
        if (nowMs - next[i]! > 1000) next[i] = nowMs;
        const device = options.devices[i]!;
        const samples = [];
        for (let k = batch - 1; k >= 0; k--) {
          const at = new Date(Math.round(next[i]! - (k * periodMs) / batch));
          const progress = device === target && excursion ? (at.getTime() - excursionAt) / 1000 / Math.max(1, excursion.rampSeconds) : 0;
          const values = streams[i]!.valuesAt(at, progress > 0 && excursion ? excursion.moves.map((m) => ({ ...m, progress })) : []);
          samples.push({ ts: at.toISOString(), values });
          report.readings += Object.keys(values).length;
        }
        clients[i]!.publish(`citysafe/telemetry/${device.code}`, JSON.stringify(batch === 1 ? samples[0] : samples), { qos: 0 });
        report.messages++;
        next[i]! += periodMs;
      }
      if (nowMs - lastLog >= 5000) {
        log(
          `已发布 / published ${report.messages} 条消息 / messages (${Math.round(((report.messages - lastMessages) * 1000) / (nowMs - lastLog))}/s), ${report.readings} 个读数 / readings`,
        );
        lastLog = nowMs;
        lastMessages = report.messages;
      }
      setTimeout(tick, Math.max(1, Math.min(50, periodMs / 4)));
    };
    tick();
  });
  report.seconds = (Date.now() - started) / 1000;
  for (let i = 0; i < clients.length; i++) closed.add(i);
  await Promise.all(clients.map((c) => c.endAsync().catch(() => undefined)));
  return report;
}

const usage = `用法 / usage: npx citysafe simulate [--scenario ${SCENARIOS.join('|')}] [--devices N] [--rate R] [--duration S]
                                   [--lead S] [--device CODE] [--url mqtt://…] [--token T]

  --scenario   场景（默认 normal）/ scenario (default normal)
  --devices    驱动前 N 台演示设备（默认全部）/ drive the first N demo devices (default all)
  --rate       每台设备每秒发布次数（默认 1）/ publishes per device per second (default 1)
  --duration   运行秒数，0 为直到 Ctrl-C（默认 0）/ seconds to run, 0 until Ctrl-C (default 0)
  --lead       场景开始前的正常秒数（默认 10）/ seconds of normal streams before the scenario (default 10)
  --device     场景作用的设备编码 / the scenario's device code
  --url        MQTT 地址（默认 MQTT_URL 或 mqtt://127.0.0.1:MQTT_PORT）/ broker (default MQTT_URL or mqtt://127.0.0.1:MQTT_PORT)
  --token      持有 telemetry.publish 的 API 令牌（默认 CITYSAFE_SIMULATE_TOKEN）/ API token holding telemetry.publish
`;

/** Reads the command line of `citysafe simulate`; throws a bilingual message (with the usage) on a bad option. */
export function parseSimulateArgs(argv: string[], env: NodeJS.ProcessEnv, catalogue: SimDevice[]): Omit<SimulateOptions, 'signal' | 'log'> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string', default: 'normal' },
        devices: { type: 'string' },
        rate: { type: 'string', default: '1' },
        duration: { type: 'string', default: '0' },
        lead: { type: 'string', default: '10' },
        device: { type: 'string' },
        url: { type: 'string' },
        token: { type: 'string' },
      },
    }).values;
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${usage}`, { cause: err });
  }
  const number = (name: string, text: string, min: number, max: number): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || n > max)
      throw new Error(`--${name} 须在 ${min}–${max} 之间 / --${name} must be within ${min}–${max}\n${usage}`);
    return n;
  };
  if (!(SCENARIOS as readonly string[]).includes(values.scenario))
    throw new Error(`未知场景 / unknown scenario ${values.scenario}\n${usage}`);
  const count = values.devices ? number('devices', values.devices, 1, catalogue.length) : catalogue.length;
  const devices = catalogue.slice(0, count);
  // The scenario's device is driven even when it lies beyond the first N.
  const scenario = values.scenario as Scenario;
  const wanted =
    values.device ?? (scenario === 'normal' ? undefined : catalogue.find((d) => d.type === excursions[scenario].deviceType)?.code);
  if (values.device && !catalogue.some((d) => d.code === values.device))
    throw new Error(`没有编码为 ${values.device} 的演示设备 / no demo device ${values.device}\n${usage}`);
  if (wanted && !devices.some((d) => d.code === wanted)) devices.push(catalogue.find((d) => d.code === wanted)!);
  const token = values.token ?? env.CITYSAFE_SIMULATE_TOKEN;
  return {
    url: values.url ?? env.MQTT_URL ?? `mqtt://127.0.0.1:${env.MQTT_PORT || 1883}`,
    ...(token ? { token } : {}),
    devices,
    scenario,
    rate: number('rate', values.rate, 0.01, 100),
    durationSeconds: number('duration', values.duration, 0, 7 * 86_400),
    leadSeconds: number('lead', values.lead, 0, 86_400),
    ...(wanted ? { target: wanted } : {}),
  };
}

/** `citysafe simulate`: drives the demo devices until the duration is over or Ctrl-C; exit code 0 when done. */
export async function simulateCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const options = parseSimulateArgs(argv, env, demoDevices);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    console.log(
      `模拟 / simulating ${options.devices.length} 台设备 / devices → ${options.url}, 每台每秒 / per device per second ${options.rate}` +
        (options.durationSeconds > 0 ? `, ${options.durationSeconds} s` : '，Ctrl-C 停止 / Ctrl-C to stop'),
    );
    const report = await simulate({ ...options, signal: stop.signal, log: (line) => console.log(line) });
    console.log(
      `完成 / done: ${report.messages} 条消息 / messages, ${report.readings} 个读数 / readings, ${report.seconds.toFixed(1)} s` +
        (report.refused > 0 ? `; ${report.refused} 个连接被服务端关闭 / connections closed by the broker` : ''),
    );
    return report.refused > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
