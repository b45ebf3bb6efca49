import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { monitoringAlarmRules, monitoringRuleStates } from './alarm-rules.tables.js';
import { monitoringAlarms } from './alarm.tables.js';
import { RuleEvaluator, ruleEvaluatorOf } from './rule-eval.service.js';
import { ingestOf } from './telemetry.service.js';

let t: TestApp;
let admin: Client;
let office: Client;
let department: Client;
let street: Client;
let enterpriseOrgId: string;
let otherOrgId: string;
let seq = 0;

const START = '2026-06-01T08:00:00+08:00';

beforeAll(async () => {
  t = await testApp({ now: START });
  admin = await t.admin();
  office = await t.userIn('AWB', ['safety_office']);
  department = await t.userIn('YJGLJ', ['department']);
  street = await t.userIn('XZJB', ['street']);
  enterpriseOrgId = await t.orgId('YJGLJ');
  otherOrgId = await t.orgId('XHJB');
});
afterAll(() => t.close());

/** Registers a device through the API (DEVICES' contract) and returns its id and code. */
async function device(type = 'gas', metrics = [{ key: 'gas_lel', unit: '%LEL' }], orgId = enterpriseOrgId, intervalSeconds = 60) {
  const code = `RULE-T-${++seq}`;
  const res = await admin.post('/api/devices', { code, name: `测试设备${seq}`, type, orgId, metrics, intervalSeconds });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as string, code };
}

/** Posts readings through the gateway endpoint (`POST /api/telemetry`) and waits until the flush and its rules are done. */
async function publish(code: string, readings: { ts: Date; values: Record<string, number> }[]) {
  const res = await admin.post(
    '/api/telemetry',
    readings.map((r) => ({ device: code, ts: r.ts.toISOString(), values: r.values })),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  await ingestOf(t.platform).drain();
  return res.body;
}

/** Readings of one metric every `step` seconds from the clock's now, the clock moved to the last one. */
async function stream(code: string, metric: string, values: number[], step = 10) {
  const start = t.clock.now().getTime();
  const readings = values.map((v, i) => ({ ts: new Date(start + (i + 1) * step * 1000), values: { [metric]: v } }));
  t.clock.set(new Date(start + values.length * step * 1000).toISOString());
  return publish(code, readings);
}

const alarmsOf = (deviceId: string) => t.platform.db.select().from(monitoringAlarms).where(eq(monitoringAlarms.deviceId, deviceId));

const gasRule = (deviceId: string, extra: Record<string, unknown> = {}) => ({
  name: '可燃气体超限',
  metric: 'gas_lel',
  deviceId,
  op: '>=',
  threshold: 25,
  level: 'red',
  ...extra,
});

describe('POST/GET/PUT/DELETE /api/alarm-rules', () => {
  it('creates a threshold rule (201), reads it, lists it, changes it and deletes it', async () => {
    const d = await device();
    const created = await office.post('/api/alarm-rules', gasRule(d.id, { forSeconds: 30 }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'threshold',
      deviceId: d.id,
      deviceCode: d.code,
      deviceType: null,
      op: '>=',
      threshold: 25,
      forSeconds: 30,
      hysteresis: null,
      hysteresisInForce: 1.25,
      level: 'red',
      enabled: true,
      condition: { zh: '>= 25 %LEL，持续 30 秒，回差 1.25 %LEL', en: '>= 25 %LEL for 30 s, hysteresis 1.25 %LEL' },
      allowedActions: ['update', 'delete'],
    });
    const id = created.body.id as string;

    expect((await street.get(`/api/alarm-rules/${id}`)).status).toBe(404);
    const read = await department.get(`/api/alarm-rules/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.allowedActions).toEqual(['update', 'delete']);

    const list = await office.get(`/api/alarm-rules?deviceId=${d.id}`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, allowedActions: ['create'] });
    expect(list.body.items[0].id).toBe(id);

    const changed = await office.put(`/api/alarm-rules/${id}`, gasRule(d.id, { threshold: 30, hysteresis: 2, enabled: false }));
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ threshold: 30, hysteresis: 2, hysteresisInForce: 2, enabled: false });

    expect((await office.delete(`/api/alarm-rules/${id}`)).status).toBe(200);
    expect((await office.get(`/api/alarm-rules/${id}`)).status).toBe(404);
    expect(await t.platform.db.select().from(monitoringAlarmRules).where(eq(monitoringAlarmRules.id, id))).toEqual([]);
  });

  it('refuses a rule without exactly one of deviceId and deviceType, naming the field (400)', async () => {
    const d = await device();
    const neither = await office.post('/api/alarm-rules', { name: '无目标', metric: 'gas_lel', op: '>', threshold: 25, level: 'red' });
    expect(neither.status).toBe(400);
    expect(neither.body.error.fields.map((f: { field: string }) => f.field)).toContain('deviceId');
    const both = await office.post('/api/alarm-rules', gasRule(d.id, { deviceType: 'gas' }));
    expect(both.status).toBe(400);
    expect(both.body.error.fields.map((f: { field: string }) => f.field)).toContain('deviceType');
  });

  it.each([
    ['op', { op: '=' }],
    ['op', { op: undefined }],
    ['threshold', { threshold: undefined }],
    ['level', { level: 'purple' }],
    ['count', { kind: 'count', windowSeconds: 60 }],
    ['ratePerMinute', { kind: 'rate' }],
    ['metric', { metric: 'Gas LEL' }],
  ])('refuses a bad %s (400 naming it)', async (field, change) => {
    const d = await device();
    const res = await office.post('/api/alarm-rules', gasRule(d.id, change));
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('refuses a metric the device does not report (422 naming metric)', async () => {
    const d = await device();
    const res = await office.post('/api/alarm-rules', gasRule(d.id, { metric: 'pressure' }));
    expect(res.status).toBe(422);
    expect(res.body.error.fields[0].field).toBe('metric');
  });

  it('needs monitoring.rule to write (403) and a login to read (401); a type rule needs a district-wide reach', async () => {
    const d = await device();
    expect((await street.post('/api/alarm-rules', gasRule(d.id))).status).toBe(403);
    expect((await t.anonymous.get('/api/alarm-rules')).status).toBe(401);
    const typeRule = { name: '燃气管网压力低', metric: 'pressure', deviceType: 'gas', op: '<', threshold: 0.2, level: 'orange' };
    expect((await department.post('/api/alarm-rules', typeRule)).status).toBe(403);
    const created = await office.post('/api/alarm-rules', typeRule);
    expect(created.status).toBe(201);
    // A rule on a type of device speaks in the well-known metric's usual unit.
    expect(created.body.condition).toEqual({ zh: '< 0.2 MPa，回差 0.01 MPa', en: '< 0.2 MPa, hysteresis 0.01 MPa' });
    expect((await department.get(`/api/alarm-rules/${created.body.id}`)).body.allowedActions).toEqual([]);
    expect((await department.delete(`/api/alarm-rules/${created.body.id}`)).status).toBe(403);
    expect((await office.delete(`/api/alarm-rules/${created.body.id}`)).status).toBe(200);
  });

  it('a device outside the writer’s reach is not found (404); an unknown rule is 404', async () => {
    const elsewhere = await device('gas', undefined, otherOrgId);
    const res = await department.post('/api/alarm-rules', gasRule(elsewhere.id));
    expect(res.status).toBe(404);
    expect((await office.get('/api/alarm-rules/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('evaluation on ingested readings', () => {
  it('a crossing raises exactly one alarm, repeats fold into it, and the return clears it', async () => {
    const d = await device();
    const rule = await office.post('/api/alarm-rules', gasRule(d.id, { hysteresis: 2 }));
    expect(rule.status).toBe(201);
    await stream(d.code, 'gas_lel', [10, 12, 30, 31, 32]);
    let alarms = await alarmsOf(d.id);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({
      ruleId: rule.body.id,
      metric: 'gas_lel',
      level: 'red',
      count: 1,
      firstValue: 30,
      threshold: 25,
      clearedAt: null,
    });

    await stream(d.code, 'gas_lel', [24, 22]);
    alarms = await alarmsOf(d.id);
    expect(alarms[0]!.clearedAt).not.toBeNull();

    // A second crossing while the first alarm is open (not closed) folds into it with a count.
    await stream(d.code, 'gas_lel', [40]);
    alarms = await alarmsOf(d.id);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ count: 2, lastValue: 40, clearedAt: null });

    const [state] = await t.platform.db.select().from(monitoringRuleStates).where(eq(monitoringRuleStates.ruleId, rule.body.id));
    expect(state).toMatchObject({ deviceId: d.id, metric: 'gas_lel', active: true });
  });

  it('a value hovering at the line raises once and does not flap', async () => {
    const d = await device();
    await office.post('/api/alarm-rules', gasRule(d.id, { op: '>', threshold: 25 }));
    await stream(d.code, 'gas_lel', [24.9, 25.1, 24.9, 25.1, 24.8, 25.2, 24.9, 25.1]);
    const alarms = await alarmsOf(d.id);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ count: 1, clearedAt: null });
  });

  it('raises only after forSeconds held; late readings never raise', async () => {
    const d = await device();
    await office.post('/api/alarm-rules', gasRule(d.id, { forSeconds: 60 }));
    await stream(d.code, 'gas_lel', [30, 30, 30, 10]);
    expect(await alarmsOf(d.id)).toHaveLength(0);
    // A gateway's late resend of high values from before the newest reading: stored, but no alarm.
    const now = t.clock.now().getTime();
    await publish(
      d.code,
      [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ ts: new Date(now - 35_000 + i * 1000), values: { gas_lel: 50 } })),
    );
    expect(await alarmsOf(d.id)).toHaveLength(0);
    await stream(d.code, 'gas_lel', [30, 30, 30, 30, 30, 30, 30], 10);
    expect(await alarmsOf(d.id)).toHaveLength(1);
  });

  it('a rule on a device type applies to every device of the type; a disabled rule raises nothing', async () => {
    const a = await device('tank', [{ key: 'level', unit: 'm' }]);
    const b = await device('tank', [{ key: 'level', unit: 'm' }]);
    const rule = await office.post('/api/alarm-rules', {
      name: '储罐液位高',
      metric: 'level',
      deviceType: 'tank',
      op: '>',
      threshold: 8,
      level: 'orange',
    });
    expect(rule.status).toBe(201);
    await stream(a.code, 'level', [9]);
    await stream(b.code, 'level', [9.5]);
    expect(await alarmsOf(a.id)).toHaveLength(1);
    expect(await alarmsOf(b.id)).toHaveLength(1);
    await office.put(`/api/alarm-rules/${rule.body.id}`, {
      name: '储罐液位高',
      metric: 'level',
      deviceType: 'tank',
      op: '>',
      threshold: 8,
      level: 'orange',
      enabled: false,
    });
    const c = await device('tank', [{ key: 'level', unit: 'm' }]);
    await stream(c.code, 'level', [12]);
    expect(await alarmsOf(c.id)).toHaveLength(0);
    await office.delete(`/api/alarm-rules/${rule.body.id}`);
  });

  it('a restarted evaluator neither raises an active alarm again nor forgets it', async () => {
    const d = await device();
    const rule = await office.post('/api/alarm-rules', gasRule(d.id, { hysteresis: 0 }));
    await stream(d.code, 'gas_lel', [30]);
    // A new evaluator reads the persisted states, as after a restart; the ingest goes on handing readings to the platform's.
    const restarted = new RuleEvaluator(t.platform);
    const at = t.clock.now().getTime();
    const reading = (ms: number, value: number) => ({
      deviceId: d.id,
      deviceType: 'gas' as const,
      orgId: enterpriseOrgId,
      metric: 'gas_lel',
      ts: new Date(ms),
      value,
      late: false,
    });
    await restarted.readingsStored([reading(at + 10_000, 35)]);
    let alarms = await alarmsOf(d.id);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.count).toBe(1);
    t.clock.set(new Date(at + 20_000).toISOString());
    await restarted.readingsStored([reading(at + 20_000, 5)]);
    alarms = await alarmsOf(d.id);
    expect(alarms[0]!.clearedAt).not.toBeNull();
    expect(rule.status).toBe(201);
  });

  it('offline: the minute check raises after N silent intervals and a reading clears it', async () => {
    const d = await device('elevator', [{ key: 'elevator_state', unit: 'state' }], enterpriseOrgId, 60);
    const rule = await office.post('/api/alarm-rules', {
      name: '电梯离线',
      kind: 'offline',
      metric: 'elevator_state',
      deviceId: d.id,
      offlineIntervals: 3,
      level: 'yellow',
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    expect(rule.body).toMatchObject({ op: null, threshold: null, offlineIntervals: 3 });
    await stream(d.code, 'elevator_state', [0]);
    const evaluator = ruleEvaluatorOf(t.platform);
    t.clock.advance(170_000);
    await evaluator.checkOffline();
    expect(await alarmsOf(d.id)).toHaveLength(0);
    t.clock.advance(20_000);
    await evaluator.checkOffline();
    const alarms = await alarmsOf(d.id);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ level: 'yellow', threshold: 180, clearedAt: null });
    await evaluator.checkOffline();
    expect((await alarmsOf(d.id))[0]!.count).toBe(1);
    await stream(d.code, 'elevator_state', [1]);
    expect((await alarmsOf(d.id))[0]!.clearedAt).not.toBeNull();
  });

  it('the offline check runs as a platform job every minute', async () => {
    const d = await device('elevator', [{ key: 'elevator_state', unit: 'state' }], enterpriseOrgId, 30);
    await office.post('/api/alarm-rules', { name: '电梯离线', kind: 'offline', metric: 'elevator_state', deviceId: d.id, level: 'blue' });
    await stream(d.code, 'elevator_state', [0]);
    t.clock.advance(5 * 60_000);
    await t.platform.jobs.runDue();
    const alarms = await alarmsOf(d.id);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ level: 'blue', threshold: 90 });
  });
});
