import net from 'node:net';
import { sql } from 'drizzle-orm';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../test/harness.js';

let t: TestApp;
let admin: Client;
let url: string;
const devices: MqttClient[] = [];

beforeAll(async () => {
  t = await testApp({ mqtt: true });
  admin = await t.admin();
  expect(t.mqtt).not.toBeNull();
  expect(t.mqtt!.port).toEqual(expect.any(Number));
  expect(t.mqtt!.port).toBeGreaterThan(0);
  url = `mqtt://127.0.0.1:${t.mqtt!.port}`;
});
afterAll(async () => {
  await Promise.all(devices.map((d) => d.endAsync().catch(() => undefined)));
  await t.close();
});

async function token(by: Client, actions: string[], name = `传感器${actions.join('+')}`): Promise<{ id: string; token: string }> {
  const res = await by.post('/api/tokens', { name, actions });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.token).toMatch(/^cst_/);
  return res.body;
}

/** Connects as a device; resolves with the client, or rejects with the broker's CONNACK code. */
async function connectDevice(password: string | undefined, username = 'gas-sensor-001'): Promise<MqttClient> {
  const client = await mqtt.connectAsync(
    url,
    {
      username,
      ...(password !== undefined ? { password } : {}),
      reconnectPeriod: 0,
      connectTimeout: 5000,
      clientId: `dev-${Math.random().toString(16).slice(2)}`,
    },
    false,
  );
  devices.push(client);
  return client;
}

/** The CONNACK return code of a refused connection (MQTT 3.1.1: 4 bad credentials, 5 not authorised). */
async function refusal(password: string | undefined, username?: string): Promise<number | string> {
  try {
    const client = await connectDevice(password, username);
    return client.connected ? 'connected' : 'not connected';
  } catch (err) {
    return (err as { code?: number }).code ?? String(err);
  }
}

function nextMessage(client: MqttClient, topic: string, timeoutMs = 5000): Promise<{ topic: string; payload: Buffer }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      reject(new Error(`no message on ${topic} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (received: string, payload: Buffer) => {
      if (received !== topic) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve({ topic: received, payload });
    };
    client.on('message', onMessage);
  });
}

describe('embedded MQTT broker', () => {
  it('listens on loopback only', () => {
    expect(t.mqtt!.url).toBe(`mqtt://127.0.0.1:${t.mqtt!.port}`);
    expect(t.mqtt!.client!.connected).toBe(true);
  });

  it('lets a device with a telemetry.publish token publish, and the platform receives the reading', async () => {
    const { token: secret } = await token(admin, ['telemetry.publish']);
    const topic = 'citysafe/telemetry/gas/XZJB-001';
    await t.mqtt!.client!.subscribeAsync(topic, { qos: 1 });
    const device = await connectDevice(secret);
    expect(device.connected).toBe(true);
    const reading = { sensor: 'XZJB-001', gas: 'NH3', ppm: 23.5, at: new Date().toISOString(), 位置: '新筑街办某冷库' };
    const arrived = nextMessage(t.mqtt!.client!, topic);
    await device.publishAsync(topic, JSON.stringify(reading), { qos: 1 });
    const message = await arrived;
    expect(JSON.parse(message.payload.toString('utf8'))).toEqual(reading);
    // The token's use is recorded.
    const list = await admin.get('/api/tokens');
    expect(list.body.items.find((i: { prefix: string }) => secret.startsWith(i.prefix)).lastUsedAt).toEqual(expect.any(String));
  });

  it('refuses a connection with a wrong, missing or malformed token (CONNACK 4)', async () => {
    expect(await refusal('cst_not-a-real-token')).toBe(4);
    expect(await refusal('')).toBe(4);
    expect(await refusal(undefined)).toBe(4);
    expect(await refusal(undefined, undefined)).toBe(4);
    expect(await refusal("' or 1=1 --")).toBe(4);
  });

  it('refuses a valid token that does not hold telemetry.publish', async () => {
    const { token: secret } = await token(admin, ['org.read', 'file.read']);
    // The same token works on the HTTP API for what it holds…
    const me = await t.app.inject({ method: 'GET', url: '/api/orgs', headers: { authorization: `Bearer ${secret}` } });
    expect(me.statusCode).toBe(200);
    // …but is no device credential.
    expect([4, 5]).toContain(await refusal(secret));
  });

  it('refuses a revoked or expired token, and the token of a disabled user', async () => {
    const revoked = await token(admin, ['telemetry.publish'], '已吊销');
    expect((await connectDevice(revoked.token)).connected).toBe(true);
    expect((await admin.delete(`/api/tokens/${revoked.id}`)).status).toBe(200);
    expect(await refusal(revoked.token)).toBe(4);

    const expired = await token(admin, ['telemetry.publish'], '已过期');
    await t.platform.db.execute(sql`update api_tokens set expires_at = now() - interval '1 minute' where id = ${expired.id}`);
    expect(await refusal(expired.token)).toBe(4);

    // A second administrator whose account is then disabled: their device tokens stop too.
    const other = await t.userIn('GWQ', ['admin']);
    const theirs = await token(other, ['telemetry.publish'], '离职人员的令牌');
    expect((await connectDevice(theirs.token)).connected).toBe(true);
    const disabled = await admin.post(`/api/users/${other.user!.id}/actions/disable`, { reason: '人员离职' });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect(await refusal(theirs.token)).toBe(4);
  });

  it('does not let a device pass as the platform’s own client', async () => {
    expect(await refusal('guess', 'citysafe-internal')).toBe(4);
    expect(await refusal('', 'citysafe-internal')).toBe(4);
  });

  it('keeps devices to publishing telemetry: no other topics, no subscriptions', async () => {
    const { token: secret } = await token(admin, ['telemetry.publish'], '越权设备');
    const device = await connectDevice(secret);
    // The broker answers SUBACK 0x80, which the client reports as a refused subscription.
    await expect(device.subscribeAsync('#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
    device.publish('citysafe/alarms/fake', '{"level":"red"}', { qos: 1 });
    await closed;
    expect(device.connected).toBe(false);
    device.end(true);
  });

  it('keeps working for good devices while bad ones are refused', async () => {
    const { token: secret } = await token(admin, ['telemetry.publish'], '并发');
    const topic = 'citysafe/telemetry/water/GW-01';
    await t.mqtt!.client!.subscribeAsync(topic);
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => refusal('cst_bad')),
      ...Array.from({ length: 5 }, () => connectDevice(secret).then((c) => (c.connected ? 'connected' : 'no'))),
    ]);
    expect(results).toEqual([4, 4, 4, 4, 4, 'connected', 'connected', 'connected', 'connected', 'connected']);
    const device = await connectDevice(secret);
    const arrived = nextMessage(t.mqtt!.client!, topic);
    await device.publishAsync(topic, '{"level_m":1.25}');
    expect((await arrived).payload.toString()).toBe('{"level_m":1.25}');
  });
});

/** Resolves when the broker has closed the device's connection (within the timeout), false otherwise. */
function closedWithin(client: MqttClient, timeoutMs = 5000): Promise<boolean> {
  if (!client.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    client.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Messages the platform's own client receives on a topic while `during` runs, and a little after. */
async function received(topic: string, during: () => Promise<unknown>, settleMs = 500): Promise<number> {
  let count = 0;
  const onMessage = (got: string) => {
    if (got === topic) count++;
  };
  t.mqtt!.client!.on('message', onMessage);
  await t.mqtt!.client!.subscribeAsync(topic);
  await during();
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  t.mqtt!.client!.off('message', onMessage);
  return count;
}

describe('embedded MQTT broker limits', () => {
  it('cuts off a device announcing a payload over the limit, before buffering it', async () => {
    const { token: secret } = await token(admin, ['telemetry.publish'], '超大报文');
    const device = await connectDevice(secret);
    const closed = closedWithin(device);
    // 50 MB, as in the report: the broker stops at the announced length, not after reading it all.
    device.publish('citysafe/telemetry/gas/BIG-1', Buffer.alloc(50 * 1024 * 1024), { qos: 0 });
    expect(await closed).toBe(true);
    device.end(true);
  });

  it('refuses a payload just over the limit and accepts one at it', async () => {
    const { token: secret } = await token(admin, ['telemetry.publish'], '边界报文');
    const topic = 'citysafe/telemetry/gas/EDGE-1';
    const fits = await connectDevice(secret);
    expect(await received(topic, () => fits.publishAsync(topic, Buffer.alloc(256 * 1024, 1)))).toBe(1);
    const over = await connectDevice(secret);
    const closed = closedWithin(over);
    expect(await received(topic, async () => over.publish(topic, Buffer.alloc(256 * 1024 + 1, 1)))).toBe(0);
    expect(await closed).toBe(true);
    over.end(true);
  });

  it('refuses retained messages, so nothing stays in the broker after the device leaves', async () => {
    const { token: secret } = await token(admin, ['telemetry.publish'], '保留消息');
    const topic = 'citysafe/telemetry/water/RETAIN-1';
    const device = await connectDevice(secret);
    const closed = closedWithin(device);
    device.publish(topic, '{"level_m":9.9}', { qos: 1, retain: true });
    expect(await closed).toBe(true);
    device.end(true);
    // A retained message would be delivered at once to a new subscription.
    expect(await received(topic, async () => undefined)).toBe(0);
  });

  it('disconnects a device publishing faster than its rate, after its burst', async () => {
    const { token: secret } = await token(admin, ['telemetry.publish'], '洪泛');
    const topic = 'citysafe/telemetry/gas/FLOOD-1';
    const device = await connectDevice(secret);
    const closed = closedWithin(device);
    const count = await received(topic, async () => {
      for (let i = 0; i < 2000; i++) device.publish(topic, `{"n":${i}}`);
      expect(await closed).toBe(true);
    });
    // The burst (100) and what the rate (20 per second) refills meanwhile, not the 2 000 sent.
    expect(count).toBeGreaterThanOrEqual(100);
    expect(count).toBeLessThan(300);
    device.end(true);
  });

  it('disconnects devices whose token is revoked or whose owner is disabled', async () => {
    const revoked = await token(admin, ['telemetry.publish'], '将吊销');
    const other = await t.userIn('GWQ', ['admin']);
    const theirs = await token(other, ['telemetry.publish'], '将停用');
    const kept = await token(admin, ['telemetry.publish'], '保持');
    const [a, b, c] = await Promise.all([connectDevice(revoked.token), connectDevice(theirs.token), connectDevice(kept.token)]);
    expect((await admin.delete(`/api/tokens/${revoked.id}`)).status).toBe(200);
    expect((await admin.post(`/api/users/${other.user!.id}/actions/disable`, { reason: '人员离职' })).status).toBe(200);
    const closedA = closedWithin(a!);
    const closedB = closedWithin(b!);
    // At least these two (devices of earlier tests whose tokens were revoked are cut off too).
    expect(await t.mqtt!.revalidate()).toBeGreaterThanOrEqual(2);
    expect(await closedA).toBe(true);
    expect(await closedB).toBe(true);
    expect(c!.connected).toBe(true);
  });
});

describe('broker shutdown', () => {
  it('closes the port and disconnects devices when the platform stops', async () => {
    const own = await testApp({ mqtt: true });
    const port = own.mqtt!.port!;
    const ownAdmin = await own.admin();
    const res = await ownAdmin.post('/api/tokens', { name: '关停', actions: ['telemetry.publish'] });
    const device = await mqtt.connectAsync(
      `mqtt://127.0.0.1:${port}`,
      { username: 'd', password: res.body.token, reconnectPeriod: 0 },
      false,
    );
    const closedEvent = new Promise<void>((resolve) => device.once('close', () => resolve()));
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(15_000);
    await closedEvent;
    expect(device.connected).toBe(false);
    await device.endAsync().catch(() => undefined);
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  }, 60_000);
});
