import { monitoring } from '@citysafe/domain';
import { describe, expect, it } from 'vitest';
import { DeviceStream, excursions, historyOf, parseSimulateArgs, SCENARIOS } from './simulate.js';
import { demoDevices } from './simulate.devices.js';

const device = (code: string) => demoDevices.find((d) => d.code === code)!;
const at = (iso: string) => new Date(iso);

describe('the simulator command line', () => {
  it('drives every demo device once a second on the local broker by default', () => {
    const options = parseSimulateArgs([], {}, demoDevices);
    expect(options).toMatchObject({ url: 'mqtt://127.0.0.1:1883', scenario: 'normal', rate: 1, durationSeconds: 0, leadSeconds: 10 });
    expect(options.devices).toHaveLength(demoDevices.length);
    expect(options.token).toBeUndefined();
  });

  it('takes the broker and token from the environment', () => {
    const options = parseSimulateArgs([], { MQTT_PORT: '11883', CITYSAFE_SIMULATE_TOKEN: 'cst_x' }, demoDevices);
    expect(options).toMatchObject({ url: 'mqtt://127.0.0.1:11883', token: 'cst_x' });
    expect(parseSimulateArgs(['--url', 'mqtt://broker:1883'], { MQTT_URL: 'mqtt://other:1883' }, demoDevices).url).toBe(
      'mqtt://broker:1883',
    );
  });

  it("adds the scenario's device to the first N", () => {
    const options = parseSimulateArgs(['--scenario', 'tank-level', '--devices', '2', '--rate', '5', '--duration', '30'], {}, demoDevices);
    expect(options.devices.map((d) => d.code)).toEqual([demoDevices[0]!.code, demoDevices[1]!.code, 'WH-GAHG-YA-T1']);
    expect(options).toMatchObject({ target: 'WH-GAHG-YA-T1', rate: 5, durationSeconds: 30 });
  });

  it('refuses an unknown scenario, device or an out-of-range number with a bilingual message', () => {
    expect(() => parseSimulateArgs(['--scenario', 'earthquake'], {}, demoDevices)).toThrow(/未知场景 \/ unknown scenario earthquake/);
    expect(() => parseSimulateArgs(['--device', 'NOPE'], {}, demoDevices)).toThrow(/no demo device NOPE/);
    expect(() => parseSimulateArgs(['--rate', '0'], {}, demoDevices)).toThrow(/--rate 须在/);
    expect(() => parseSimulateArgs(['--devices', 'x'], {}, demoDevices)).toThrow(/--devices must be within/);
    expect(() => parseSimulateArgs(['--colour', 'red'], {}, demoDevices)).toThrow(/usage/);
  });
});

describe('the demo devices', () => {
  it('use the domain’s device types, metric keys and units, each scenario having its device', () => {
    for (const d of demoDevices) {
      expect(Object.keys(monitoring.deviceTypes)).toContain(d.type);
      expect(d.code).toMatch(monitoring.DEVICE_CODE_PATTERN);
      for (const metric of d.metrics) {
        expect(metric.key).toMatch(monitoring.METRIC_KEY_PATTERN);
        expect(monitoring.normaliseUnit(metric.unit)).toBe(metric.unit);
      }
    }
    expect(new Set(demoDevices.map((d) => d.code)).size).toBe(demoDevices.length);
    for (const scenario of SCENARIOS.filter((s) => s !== 'normal')) {
      const excursion = excursions[scenario];
      const target = demoDevices.find((d) => d.type === excursion.deviceType);
      expect(target, scenario).toBeDefined();
      for (const move of excursion.moves) expect(target!.metrics.map((m) => m.key)).toContain(move.metric);
    }
  });
});

describe('the stream model', () => {
  it('follows the daily cycle: water pressure lowest at the morning peak, highest at night', () => {
    const main = device('GS-XZ-GW-01');
    const mean = (iso: string) => {
      const stream = new DeviceStream(main, 1);
      const values = Array.from({ length: 200 }, () => stream.valuesAt(at(iso)).pressure!);
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    expect(mean('2026-11-30T08:00:00+08:00')).toBeLessThan(0.3);
    expect(mean('2026-11-30T20:00:00+08:00')).toBeGreaterThan(0.34);
  });

  it('moves a gas leak past the 20 %LEL alarm line and keeps ordinary values near zero and never negative', () => {
    const gallery = device('GL-XZ-01-RQ');
    const stream = new DeviceStream(gallery, 7);
    const ordinary = Array.from({ length: 500 }, (_, i) => stream.valuesAt(new Date(Date.UTC(2026, 10, 30) + i * 60_000)).gas_lel!);
    expect(Math.max(...ordinary)).toBeLessThan(5);
    expect(Math.min(...ordinary)).toBeGreaterThanOrEqual(0);
    const leak = excursions['gas-leak'].moves.map((m) => ({ ...m, progress: 1 }));
    expect(stream.valuesAt(at('2026-11-30T10:00:00+08:00'), leak).gas_lel).toBeGreaterThan(30);
    const halfway = excursions['gas-leak'].moves.map((m) => ({ ...m, progress: 0.5 }));
    expect(stream.valuesAt(at('2026-11-30T10:00:00+08:00'), halfway).gas_lel).toBeLessThan(25);
  });

  it('writes the same history on every run, per minute, with an episode rising and falling back', () => {
    const tank = device('WH-GAHG-YA-T1');
    const from = at('2026-11-29T00:00:00+08:00');
    const to = at('2026-11-29T06:00:00+08:00');
    const episode = { metric: 'level', to: 15.2, from: at('2026-11-29T02:00:00+08:00'), until: at('2026-11-29T04:00:00+08:00') };
    const first = [...historyOf(tank, from, to, 60, [episode])];
    expect(first).toEqual([...historyOf(tank, from, to, 60, [episode])]);
    expect(first).toHaveLength(361 * tank.metrics.length);
    const level = (iso: string) => first.find((r) => r.metric === 'level' && r.ts.getTime() === at(iso).getTime())!.value;
    expect(level('2026-11-29T01:00:00+08:00')).toBeLessThan(10);
    expect(level('2026-11-29T03:00:00+08:00')).toBeGreaterThan(14.5);
    expect(level('2026-11-29T05:00:00+08:00')).toBeLessThan(10);
  });
});
