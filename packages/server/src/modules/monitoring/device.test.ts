import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type TestApp, testApp } from '../../../test/harness.js';
import { areaBoundaries } from '../map/index.js';
import { ingestOf } from './telemetry.service.js';

let t: TestApp;
let office: Client; // 安委办: the district
let xinzhu: Client; // 新筑街办
let xinhe: Client; // 新合街办
let department: Client; // 应急管理局
let plantA: Client; // an enterprise under 新筑街办
let plantB: Client; // an enterprise under 新合街办
let plantAId: string;
let plantBId: string;
let departmentId: string;

const square = ([w, s, e, n]: [number, number, number, number]) => ({
  type: 'MultiPolygon' as const,
  coordinates: [
    [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  ],
});

/** Inside 新筑街道 and 新合街道 (the boundaries drawn below). */
const inXinzhu = { lng: 109.08, lat: 34.4 };
const inXinhe = { lng: 109.03, lat: 34.35 };

async function enterprise(code: string, name: string, parentCode: string, location: [number, number]): Promise<[Client, string]> {
  const admin = await t.admin();
  const res = await admin.post('/api/orgs', { code, name, type: 'enterprise', parentId: await t.orgId(parentCode), location });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return [await t.userIn(code, ['enterprise']), res.body.id];
}

const gasDevice = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: `燃气监测 ${code}`,
  type: 'gas',
  orgId: departmentId,
  ...inXinzhu,
  metrics: [
    { key: 'gas_lel', unit: '%LEL' },
    { key: 'pressure', unit: 'MPa' },
  ],
  ...extra,
});

async function register(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/devices', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; code: string };
}

const codes = (page: { items: { code: string }[] }) => page.items.map((d) => d.code).sort();

beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T10:00:00+08:00' });
  await t.platform.db.insert(areaBoundaries).values([
    { orgId: await t.orgId('XZJB'), level: 'street' as const, geom: square([109.06, 34.38, 109.1, 34.42]), source: 'drawn' as const },
    { orgId: await t.orgId('XHJB'), level: 'street' as const, geom: square([109.02, 34.34, 109.06, 34.38]), source: 'drawn' as const },
  ]);
  office = await t.userIn('AWB', ['safety_office']);
  xinzhu = await t.userIn('XZJB', ['street']);
  xinhe = await t.userIn('XHJB', ['street']);
  department = await t.userIn('YJGLJ', ['department']);
  departmentId = await t.orgId('YJGLJ');
  [plantA, plantAId] = await enterprise('JC-A', '甲燃气有限公司', 'XZJB', [109.07, 34.39]);
  [plantB, plantBId] = await enterprise('JC-B', '乙化工有限公司', 'XHJB', [109.03, 34.35]);
});

afterAll(async () => {
  await t?.close();
});

describe('devices', () => {
  it('registers a device: 201 with its id, the street computed from the point, units normalised', async () => {
    const d = await register(
      department,
      gasDevice('GAS-001', {
        metrics: [
          { key: 'gas_lel', unit: '%lel' },
          { key: 'temperature', unit: '°C' },
        ],
      }),
    );
    const res = await office.get(`/api/devices/${d.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: 'GAS-001',
      type: 'gas',
      streetId: await t.orgId('XZJB'),
      lng: 109.08,
      lat: 34.4,
      intervalSeconds: 60,
      status: 'active',
      state: 'offline',
      malformedCount: 0,
      hasToken: false,
      metrics: [
        { key: 'gas_lel', unit: '%LEL' },
        { key: 'temperature', unit: '℃' },
      ],
    });
  });

  it('refuses a duplicate code with 409 naming code', async () => {
    await register(department, gasDevice('GAS-DUP'));
    const res = await department.post('/api/devices', gasDevice('GAS-DUP'));
    expect(res.status).toBe(409);
    expect(res.body.error.fields).toEqual([expect.objectContaining({ field: 'code' })]);
  });

  it('refuses bad input with 400 naming the fields', async () => {
    const res = await department.post('/api/devices', {
      ...gasDevice('bad code!'),
      type: 'volcano',
      metrics: [
        { key: 'Gas-LEL', unit: '%LEL' },
        { key: 'pressure', unit: 'furlongs' },
      ],
    });
    expect(res.status).toBe(400);
    const fields = (res.body.error.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['code', 'metrics.0.key', 'metrics.1.unit', 'type']);
    const duplicate = await department.post(
      '/api/devices',
      gasDevice('GAS-X', {
        metrics: [
          { key: 'level', unit: 'm' },
          { key: 'level', unit: 'm' },
        ],
      }),
    );
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.fields).toEqual([expect.objectContaining({ field: 'metrics.1.key' })]);
    const half = await department.post('/api/devices', gasDevice('GAS-Y', { lng: 109.08, lat: undefined }));
    expect(half.status).toBe(400);
    expect(half.body.error.fields).toEqual([expect.objectContaining({ field: 'lat' })]);
  });

  it('scopes the list: a street sees the devices in its area, an enterprise only its own', async () => {
    await register(department, gasDevice('SCOPE-XZ-DEPT'));
    await register(department, gasDevice('SCOPE-XH-DEPT', inXinhe));
    await register(plantA, gasDevice('SCOPE-XZ-A', { orgId: plantAId }));
    await register(plantB, gasDevice('SCOPE-XH-B', { orgId: plantBId, ...inXinhe }));
    const list = async (client: Client) => {
      const res = await client.get('/api/devices?q=SCOPE-&pageSize=100');
      expect(res.status).toBe(200);
      return codes(res.body);
    };
    expect(await list(office)).toEqual(['SCOPE-XH-B', 'SCOPE-XH-DEPT', 'SCOPE-XZ-A', 'SCOPE-XZ-DEPT']);
    expect(await list(xinzhu)).toEqual(['SCOPE-XZ-A', 'SCOPE-XZ-DEPT']);
    expect(await list(xinhe)).toEqual(['SCOPE-XH-B', 'SCOPE-XH-DEPT']);
    expect(await list(plantA)).toEqual(['SCOPE-XZ-A']);
    expect(await list(plantB)).toEqual(['SCOPE-XH-B']);
    // Another's device does not exist for an enterprise, nor a device outside a street's area.
    const dept = (await office.get('/api/devices?q=SCOPE-XZ-DEPT')).body.items[0];
    expect((await plantA.get(`/api/devices/${dept.id}`)).status).toBe(404);
    expect((await xinhe.get(`/api/devices/${dept.id}`)).status).toBe(404);
    expect((await xinzhu.get(`/api/devices/${dept.id}`)).status).toBe(200);
    // The map answers within the same reach.
    const map = await xinzhu.get('/api/devices.geojson');
    expect(map.status).toBe(200);
    expect((map.body.features as { properties: { code: string } }[]).map((f) => f.properties.code)).not.toContain('SCOPE-XH-DEPT');
  });

  it('lets an enterprise register for itself only (403 naming orgId) and a street not at all', async () => {
    const res = await plantA.post('/api/devices', gasDevice('E-OTHER', { orgId: plantBId }));
    expect(res.status).toBe(403);
    expect(res.body.error.fields).toEqual([expect.objectContaining({ field: 'orgId' })]);
    expect((await xinzhu.post('/api/devices', gasDevice('E-STREET', { orgId: await t.orgId('XZJB') }))).status).toBe(403);
  });

  it('changes a device and offers update only to those who manage it', async () => {
    const d = await register(plantA, gasDevice('U-1', { orgId: plantAId }));
    const res = await plantA.put(`/api/devices/${d.id}`, { name: '改名后的探测器', intervalSeconds: 30, ...inXinhe });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      name: '改名后的探测器',
      intervalSeconds: 30,
      streetId: await t.orgId('XHJB'),
      allowedActions: ['update', 'token'],
    });
    expect((await xinhe.get(`/api/devices/${d.id}`)).body.allowedActions).toEqual([]);
    expect((await plantB.put(`/api/devices/${d.id}`, { name: 'x' })).status).toBe(404);
  });
});

describe('telemetry over HTTP and the readings', () => {
  it('stores readings idempotently, in time order, with roll-ups, and counts what is malformed', async () => {
    const d = await register(department, gasDevice('H-1'));
    const token = (await department.post(`/api/devices/${d.id}/token`, {})).body.token as string;
    const gateway = new Client(t, { bearer: token });
    const items = [
      { device: 'H-1', ts: '2026-03-02T09:59:00+08:00', values: { gas_lel: 3, pressure: 0.2 } },
      { device: 'H-1', ts: '2026-03-02T09:58:00+08:00', values: { gas_lel: 1 } },
      { device: 'H-1', ts: '2026-03-02T09:58:30+08:00', values: { gas_lel: 2, nitrogen: 5 } },
      { device: 'H-1', ts: 'yesterday', values: { gas_lel: 9 } },
    ];
    const first = await gateway.post('/api/telemetry', items);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(first.body).toMatchObject({ accepted: 4, duplicates: 0 });
    expect((first.body.rejected as { index: number; field: string }[]).map((r) => [r.index, r.field])).toEqual([
      [2, 'values.nitrogen'],
      [3, 'ts'],
    ]);
    // A gateway resending after a reconnect stores nothing twice.
    const again = await gateway.post('/api/telemetry', items.slice(0, 3));
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 4 });

    const readings = await office.get(
      `/api/devices/${d.id}/readings?metric=gas_lel&from=2026-03-02T00:00:00%2B08:00&to=2026-03-02T10:00:00%2B08:00`,
    );
    expect(readings.status).toBe(200);
    expect(readings.body).toMatchObject({ total: 3, page: 1 });
    expect(readings.body.items).toEqual([
      { ts: '2026-03-02T01:58:00.000Z', value: 1 },
      { ts: '2026-03-02T01:58:30.000Z', value: 2 },
      { ts: '2026-03-02T01:59:00.000Z', value: 3 },
    ]);
    const minutes = await office.get(
      `/api/devices/${d.id}/series?metric=gas_lel&from=2026-03-02T09:00:00%2B08:00&to=2026-03-02T10:00:00%2B08:00&bucket=minute`,
    );
    expect(minutes.body).toEqual({
      bucket: 'minute',
      points: [
        { ts: '2026-03-02T01:58:00.000Z', min: 1, max: 2, avg: 1.5, count: 2 },
        { ts: '2026-03-02T01:59:00.000Z', min: 3, max: 3, avg: 3, count: 1 },
      ],
    });
    const hours = await office.get(
      `/api/devices/${d.id}/series?metric=gas_lel&from=2026-02-01T00:00:00%2B08:00&to=2026-03-02T10:00:00%2B08:00`,
    );
    expect(hours.body).toEqual({ bucket: 'hour', points: [{ ts: '2026-03-02T01:00:00.000Z', min: 1, max: 3, avg: 2, count: 3 }] });

    const device = (await office.get(`/api/devices/${d.id}`)).body;
    // Each refused item counts once: two in the first post, the unknown metric again in the resend.
    expect(device).toMatchObject({ malformedCount: 3, state: 'normal', hasToken: true });
    expect(device.lastSeenAt >= '2026-03-02T02:00:00.000Z').toBe(true);
    expect(device.lastMalformedReason).toContain('nitrogen');
  });

  it('refuses a device token publishing for another device and answers 400 naming metric and from', async () => {
    const mine = await register(department, gasDevice('H-MINE'));
    await register(department, gasDevice('H-OTHER'));
    const token = (await department.post(`/api/devices/${mine.id}/token`, {})).body.token as string;
    const res = await new Client(t, { bearer: token }).post('/api/telemetry', {
      device: 'H-OTHER',
      ts: '2026-03-02T09:59:00+08:00',
      values: { gas_lel: 1 },
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 0, rejected: [{ index: 0, field: 'device' }] });
    // A device token reads nothing.
    expect((await new Client(t, { bearer: token }).get('/api/devices')).status).toBe(403);
    expect((await office.get(`/api/devices/${mine.id}/readings?metric=nitrogen`)).body.error.fields[0].field).toBe('metric');
    const backwards = await office.get(`/api/devices/${mine.id}/series?metric=gas_lel&from=2026-03-02T10:00:00Z&to=2026-03-01T10:00:00Z`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields[0].field).toBe('from');
  });

  it('shows a disabled device as disabled and refuses its readings', async () => {
    const d = await register(department, gasDevice('H-OFF'));
    await department.put(`/api/devices/${d.id}`, { status: 'disabled' });
    const res = await department.post('/api/telemetry', { device: 'H-OFF', ts: '2026-03-02T09:59:00+08:00', values: { gas_lel: 1 } });
    expect(res.body).toMatchObject({ accepted: 0, rejected: [{ field: 'device' }] });
    expect((await office.get(`/api/devices/${d.id}`)).body.state).toBe('disabled');
    await ingestOf(t.platform).drain();
  });
});
