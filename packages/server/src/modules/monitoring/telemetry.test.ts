import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db.js';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { ingestOf, onReadingsStored, type StoredReading } from './telemetry.service.js';

/** The ingest over the embedded broker, with the `mqtt` client library a real device or gateway uses. */

let t: TestApp;
let department: Client;
let url: string;
const clients: MqttClient[] = [];
const told: StoredReading[] = [];
const ids = new Map<string, string>();
const tokens = new Map<string, string>();

const NOW = '2026-03-02T10:00:00+08:00';
const at = (minutesBefore: number) => new Date(new Date(NOW).getTime() - minutesBefore * 60_000).toISOString();

async function device(code: string): Promise<void> {
  const res = await department.post('/api/devices', {
    code,
    name: `管廊气体 ${code}`,
    type: 'pipe_gallery',
    orgId: await t.orgId('YJGLJ'),
    metrics: [
      { key: 'ch4', unit: '%VOL' },
      { key: 'o2', unit: '%VOL' },
    ],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  ids.set(code, res.body.id);
  const token = await department.post(`/api/devices/${res.body.id}/token`, {});
  expect(token.status).toBe(201);
  tokens.set(code, token.body.token);
}

async function connect(code: string, clientId = `dev-${code}-${Math.random().toString(16).slice(2)}`): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { username: code, password: tokens.get(code)!, reconnectPeriod: 0, clientId });
  clients.push(client);
  return client;
}

async function readings(code: string, metric = 'ch4'): Promise<{ ts: string; value: number }[]> {
  const res = await department.get(
    `/api/devices/${ids.get(code)}/readings?metric=${metric}&from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z`,
  );
  expect(res.status).toBe(200);
  return res.body.items;
}

/** Waits until the broker has delivered and the ingest has written what `check` expects. */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await ingestOf(t.platform).drain();
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  t = await testApp({ mqtt: true, now: NOW });
  url = `mqtt://127.0.0.1:${t.mqtt!.port}`;
  department = await t.userIn('YJGLJ', ['department']);
  for (const code of ['GL-1', 'GL-2', 'GL-3', 'GL-4', 'GL-BAD', 'GL-GOOD', 'GL-5', 'GL-6', 'GL-7', 'GL-8']) await device(code);
  onReadingsStored((_platform, batch) => {
    told.push(...batch);
  });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
  await t?.close();
});

describe('telemetry over MQTT', () => {
  it('stores a single reading and a batch', async () => {
    const client = await connect('GL-1');
    await client.publishAsync('citysafe/telemetry/GL-1', JSON.stringify({ ts: at(10), values: { ch4: 0.1, o2: 20.9 } }), { qos: 1 });
    await client.publishAsync(
      'citysafe/telemetry/GL-1',
      JSON.stringify([
        { ts: at(9), values: { ch4: 0.2 } },
        { ts: at(8), values: { ch4: 0.3, o2: 20.8 } },
      ]),
      { qos: 1 },
    );
    const stored = await until(
      () => readings('GL-1'),
      (r) => r.length === 3,
    );
    expect(stored.map((r) => r.value)).toEqual([0.1, 0.2, 0.3]);
    expect((await readings('GL-1', 'o2')).map((r) => r.value)).toEqual([20.9, 20.8]);
  });

  it('stores nothing twice when a gateway resends after a reconnect', async () => {
    const batch = JSON.stringify([
      { ts: at(5), values: { ch4: 1 } },
      { ts: at(4), values: { ch4: 2 } },
    ]);
    const first = await connect('GL-2', 'gateway-GL-2');
    await first.publishAsync('citysafe/telemetry/GL-2', batch, { qos: 1 });
    await first.endAsync();
    const second = await connect('GL-2', 'gateway-GL-2');
    await second.publishAsync('citysafe/telemetry/GL-2', batch, { qos: 1 });
    await second.publishAsync('citysafe/telemetry/GL-2', JSON.stringify({ ts: at(3), values: { ch4: 3 } }), { qos: 1 });
    const stored = await until(
      () => readings('GL-2'),
      (r) => r.length >= 3,
    );
    expect(stored.map((r) => r.value)).toEqual([1, 2, 3]);
    // The rules were told of each reading once.
    expect(told.filter((r) => r.deviceId === ids.get('GL-2')).map((r) => r.value)).toEqual([1, 2, 3]);
  });

  it('stores out-of-order readings in time order and flags the late ones to the rules', async () => {
    const client = await connect('GL-3');
    await client.publishAsync('citysafe/telemetry/GL-3', JSON.stringify({ ts: at(1), values: { ch4: 5 } }), { qos: 1 });
    await until(
      () => readings('GL-3'),
      (r) => r.length === 1,
    );
    await client.publishAsync('citysafe/telemetry/GL-3', JSON.stringify({ ts: at(6), values: { ch4: 4 } }), { qos: 1 });
    await client.publishAsync('citysafe/telemetry/GL-3', JSON.stringify({ ts: at(0), values: { ch4: 6 } }), { qos: 1 });
    const stored = await until(
      () => readings('GL-3'),
      (r) => r.length === 3,
    );
    expect(stored).toEqual([
      { ts: at(6), value: 4 },
      { ts: at(1), value: 5 },
      { ts: at(0), value: 6 },
    ]);
    expect(told.filter((r) => r.deviceId === ids.get('GL-3')).map((r) => [r.value, r.late])).toEqual([
      [5, false],
      [4, true],
      [6, false],
    ]);
  });

  it('counts a malformed payload on its device without disturbing the others', async () => {
    const bad = await connect('GL-BAD');
    const good = await connect('GL-GOOD');
    await bad.publishAsync('citysafe/telemetry/GL-BAD', '{not json', { qos: 1 });
    await good.publishAsync('citysafe/telemetry/GL-GOOD', JSON.stringify({ ts: at(2), values: { ch4: 0.5 } }), { qos: 1 });
    await bad.publishAsync('citysafe/telemetry/GL-BAD', JSON.stringify({ ts: at(2), values: { ch4: 'high' } }), { qos: 1 });
    await bad.publishAsync('citysafe/telemetry/GL-BAD', JSON.stringify({ values: { ch4: 1 } }), { qos: 1 });
    await good.publishAsync('citysafe/telemetry/GL-GOOD', JSON.stringify({ ts: at(1), values: { ch4: 0.6 } }), { qos: 1 });
    const page = await until(
      async () => (await department.get(`/api/devices/${ids.get('GL-BAD')}`)).body,
      (d) => d.malformedCount === 3,
    );
    expect(page).toMatchObject({ malformedCount: 3, lastMalformedReason: expect.stringContaining('ts') });
    const goodReadings = await until(
      () => readings('GL-GOOD'),
      (r) => r.length === 2,
    );
    expect(goodReadings.map((r) => r.value)).toEqual([0.5, 0.6]);
    expect(await readings('GL-BAD')).toEqual([]);
    expect((await department.get(`/api/devices/${ids.get('GL-GOOD')}`)).body.malformedCount).toBe(0);
    // The bad device's connection stays up: a malformed payload is counted, not punished.
    expect(bad.connected).toBe(true);
  });

  it("refuses a device token on another device's topic", async () => {
    const intruder = await connect('GL-4');
    const closed = new Promise<void>((resolve) => intruder.once('close', () => resolve()));
    intruder.publish('citysafe/telemetry/GL-1', JSON.stringify({ ts: at(0), values: { ch4: 99 } }), { qos: 1 });
    await closed;
    expect(intruder.connected).toBe(false);
    await ingestOf(t.platform).drain();
    expect((await readings('GL-1')).map((r) => r.value)).not.toContain(99);
    // Its own topic it may use.
    const own = await connect('GL-4');
    await own.publishAsync('citysafe/telemetry/GL-4', JSON.stringify({ ts: at(0), values: { ch4: 0.4 } }), { qos: 1 });
    expect(
      (
        await until(
          () => readings('GL-4'),
          (r) => r.length === 1,
        )
      ).map((r) => r.value),
    ).toEqual([0.4]);
  });

  it('keeps the readings of a flush that failed and writes them once the database answers again', async () => {
    // The roll-up table the flush writes is away for a moment (as in a database restart): the flush fails.
    await t.platform.db.execute(sql`alter table monitoring_readings_hour rename to monitoring_readings_hour_away`);
    const client = await connect('GL-5');
    await client.publishAsync('citysafe/telemetry/GL-5', JSON.stringify({ ts: at(3), values: { ch4: 0.7 } }), { qos: 1 });
    await client.publishAsync('citysafe/telemetry/GL-5', JSON.stringify({ ts: at(2), values: { ch4: 0.8 } }), { qos: 1 });
    // A few attempts fail (100 ms, 200 ms, 400 ms apart) while the table is away; nothing is stored meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await readings('GL-5')).toEqual([]);
    await t.platform.db.execute(sql`alter table monitoring_readings_hour_away rename to monitoring_readings_hour`);
    const stored = await until(
      () => readings('GL-5'),
      (r) => r.length === 2,
    );
    expect(stored.map((r) => r.value)).toEqual([0.7, 0.8]);
    const [hour] = await rows<{ n: number }>(
      t.platform.db,
      sql`select sum(count)::int as n from monitoring_readings_hour where device_id = ${ids.get('GL-5')} and metric = 'ch4'`,
    );
    expect(hour!.n).toBe(2);
  });

  it('refuses a year-0000 time and a NUL in a metric without holding up the other readings of the flush', async () => {
    const client = await connect('GL-6');
    await client.publishAsync(
      'citysafe/telemetry/GL-6',
      JSON.stringify([
        { ts: '0000-01-01T00:00:00Z', values: { ch4: 5 } },
        { ts: at(1), values: { 'ch4\u0000x': 6 } },
        { ts: at(1), values: { ch4: 0.5 } },
      ]),
      { qos: 1 },
    );
    const stored = await until(
      () => readings('GL-6'),
      (r) => r.length === 1,
    );
    expect(stored.map((r) => r.value)).toEqual([0.5]);
    const page = (await department.get(`/api/devices/${ids.get('GL-6')}`)).body;
    expect(page.malformedCount).toBe(1);
    expect(page.lastMalformedReason).toContain('1970');
  });

  it("refuses the last will of a connection whose client id another device's connection took over", async () => {
    // A token bound to GL-7 connects under the client id GL-8 uses, with a will on GL-8's topic; GL-8 then connects.
    const attacker = await mqtt.connectAsync(url, {
      username: 'GL-7',
      password: tokens.get('GL-7')!,
      clientId: 'gateway-shared-id',
      reconnectPeriod: 0,
      will: {
        topic: 'citysafe/telemetry/GL-8',
        payload: Buffer.from(JSON.stringify({ ts: at(1), values: { ch4: 99 } })),
        qos: 1,
        retain: false,
      },
    });
    clients.push(attacker);
    const victim = await connect('GL-8', 'gateway-shared-id');
    await victim.publishAsync('citysafe/telemetry/GL-8', JSON.stringify({ ts: at(0), values: { ch4: 0.2 } }), { qos: 1 });
    const stored = await until(
      () => readings('GL-8'),
      (r) => r.length >= 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await ingestOf(t.platform).drain();
    expect((await readings('GL-8')).map((r) => r.value)).toEqual([0.2]);
    expect(stored.map((r) => r.value)).not.toContain(99);
  });
});
