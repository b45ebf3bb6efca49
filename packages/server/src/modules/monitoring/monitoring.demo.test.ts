import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { serverModules } from '../../modules.js';
import { DEMO_PASSWORD } from '../identity/index.js';
import { fillMonitoringDemo } from './monitoring.demo.js';
import { demoDevices } from './simulate.devices.js';

let t: TestApp;
let filled: Record<string, number>;
let seconds: number;
beforeAll(async () => {
  t = await testApp({ now: '2026-11-30T10:00:00+08:00' });
  // What the devices stand on: the district's orgs, users and areas, its risk sources and major-hazard units.
  for (const key of ['identity', 'map', 'risk', 'majorHazard']) await serverModules.find((m) => m.domain.key === key)!.demo?.(t.platform);
  const started = performance.now();
  filled = await fillMonitoringDemo(t.platform);
  seconds = (performance.now() - started) / 1000;
}, 600_000);
afterAll(() => t.close());

describe('monitoring demo data', () => {
  it('registers the devices, rules, a week of readings and seven alarms once', async () => {
    expect(filled).toMatchObject({ devices: demoDevices.length, rules: 21, alarms: 7 });
    const metrics = demoDevices.reduce((n, d) => n + d.metrics.length, 0);
    // Every five minutes for the week, every minute for its last six hours.
    expect(filled.readings).toBe(metrics * ((7 * 24 - 6) * 12 + 6 * 60 + 1));
    // The figure the README quotes for the demo's cost.
    console.log(`monitoring demo: ${filled.readings} readings in ${seconds.toFixed(1)} s`);
    expect(await fillMonitoringDemo(t.platform)).toEqual({ devices: 0, rules: 0, readings: 0, alarms: 0 });
  });

  it('has an alarm in each state of the workflow, with the story’s steps', async () => {
    const office = await t.login('awb', DEMO_PASSWORD);
    const res = await office.get('/api/alarms?pageSize=100');
    expect(res.status).toBe(200);
    const byStatus = Object.fromEntries(res.body.items.map((a: { status: string }) => [a.status, a]));
    expect(Object.keys(byStatus).sort()).toEqual(['acknowledged', 'answered', 'closed', 'confirmed', 'dismissed', 'dispatched', 'raised']);
    const closed = (await office.get(`/api/alarms/${byStatus.closed.id}`)).body;
    expect(closed).toMatchObject({ level: 'orange', status: 'closed', metric: 'pressure' });
    expect(closed.timeline.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['acknowledge', 'confirm', 'dispatch', 'answer', 'close']),
    );
    // Raised 20 minutes before the demo's now, nobody has acknowledged it yet.
    expect(byStatus.raised).toMatchObject({ level: 'orange', status: 'raised' });
    const minutesAgo = (t.clock.now().getTime() - new Date(byStatus.raised.raisedAt).getTime()) / 60_000;
    expect(minutesAgo).toBeGreaterThanOrEqual(20);
    expect(minutesAgo).toBeLessThan(30);
  });

  it('stores the week as charts read it: minute roll-ups, the alarm’s episode visible around its time', async () => {
    const office = await t.login('awb', DEMO_PASSWORD);
    const devices = (await office.get('/api/devices?pageSize=100')).body.items as { id: string; code: string; state: string }[];
    expect(devices.map((d) => d.code).sort()).toEqual(demoDevices.map((d) => d.code).sort());
    const lng = devices.find((d) => d.code === 'WH-GTWL-LNG-T1')!;
    expect(lng.state).toBe('alarm');
    const week = await office.get(
      `/api/devices/${lng.id}/series?metric=level&from=2026-11-23T10:00:00%2B08:00&to=2026-11-30T10:00:00%2B08:00`,
    );
    expect(week.status).toBe(200);
    expect(week.body.bucket).toBe('minute');
    expect(week.body.points.length).toBeGreaterThan((7 * 24 - 6) * 12 + 6 * 60 - 10);
    const hour = await office.get(
      `/api/devices/${lng.id}/series?metric=level&from=2026-11-30T08:00:00%2B08:00&to=2026-11-30T10:00:00%2B08:00`,
    );
    const values = hour.body.points.map((p: { avg: number }) => p.avg);
    // Ordinary 6–7 m before the episode, past the 10 m line at its end.
    expect(Math.min(...values)).toBeLessThan(7.5);
    expect(values[values.length - 1]).toBeGreaterThan(10);
  });

  it('places devices in their streets: each street sees its own', async () => {
    const xh = (await (await t.login('xhjb', DEMO_PASSWORD)).get('/api/devices?pageSize=100')).body.items.map(
      (d: { code: string }) => d.code,
    );
    expect(xh).toContain('GS-XH-GW-02');
    expect(xh).toContain('WH-GAHG-YA-T1');
    expect(xh).not.toContain('RM-WLGC-01');
    const gahg = (await (await t.login('qy_gahg', DEMO_PASSWORD)).get('/api/devices?pageSize=100')).body.items.map(
      (d: { code: string }) => d.code,
    );
    expect(gahg.sort()).toEqual(['WH-GAHG-LPG-T1', 'WH-GAHG-YA-NH3', 'WH-GAHG-YA-T1']);
  });
});
