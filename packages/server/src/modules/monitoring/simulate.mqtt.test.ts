import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { simulate } from './simulate.js';
import { demoDevices } from './simulate.devices.js';

let t: TestApp;
let admin: Client;
let url: string;
const gallery = demoDevices.find((d) => d.code === 'GL-XZ-01-RQ')!;
const water = demoDevices.find((d) => d.code === 'GS-XZ-GW-01')!;
const ids = new Map<string, string>();

beforeAll(async () => {
  t = await testApp({ mqtt: true });
  admin = await t.admin();
  url = `mqtt://127.0.0.1:${t.mqtt!.port}`;
  for (const device of [gallery, water]) {
    const res = await admin.post('/api/devices', {
      code: device.code,
      name: device.name,
      type: device.type,
      orgId: await t.orgId('CGJ'),
      lng: device.at[0],
      lat: device.at[1],
      metrics: device.metrics.map((m) => ({ key: m.key, unit: m.unit })),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids.set(device.code, res.body.id);
  }
});
afterAll(() => t.close());

/** The stored readings of a device's metric, once the count stops growing (the ingest flushes every 50 ms). */
async function storedReadings(code: string, metric: string): Promise<{ ts: string; value: number }[]> {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const res = await admin.get(`/api/devices/${ids.get(code)}/readings?metric=${metric}&pageSize=5000`);
    expect(res.status).toBe(200);
    if (res.body.total > 0 && res.body.total === last) return res.body.items;
    last = res.body.total;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`readings of ${code} never settled`);
}

describe('the simulator against the embedded broker', () => {
  it('publishes with a telemetry.publish token and the platform stores every reading in time order', async () => {
    const token = (await admin.post('/api/tokens', { name: '模拟器', actions: ['telemetry.publish'] })).body.token as string;
    const report = await simulate({
      url,
      token,
      devices: [gallery, water],
      scenario: 'gas-leak',
      rate: 10,
      durationSeconds: 3,
      leadSeconds: 1,
    });
    expect(report).toMatchObject({ refused: 0, target: 'GL-XZ-01-RQ' });
    expect(report.messages).toBeGreaterThanOrEqual(50);
    const lel = await storedReadings('GL-XZ-01-RQ', 'gas_lel');
    const pressure = await storedReadings('GS-XZ-GW-01', 'pressure');
    // Every publish of each device stored, once (both devices published the same number of times, give or take one).
    expect(lel.length + pressure.length).toBe(report.messages);
    const times = lel.map((r) => r.ts);
    expect([...times].sort()).toEqual(times);
    // Two seconds into a 60 s ramp the leak has barely begun: ordinary values, never negative.
    for (const r of lel) expect(r.value).toBeGreaterThanOrEqual(0);
    expect(Math.max(...lel.map((r) => r.value))).toBeLessThan(6);
  });

  it('says so, in both languages, when the broker refuses the token', async () => {
    await expect(
      simulate({ url, token: 'cst_not-a-token', devices: [water], scenario: 'normal', rate: 1, durationSeconds: 1, leadSeconds: 0 }),
    ).rejects.toThrow(/令牌被拒绝.*telemetry\.publish/);
  });
});
