import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { users } from '../identity/index.js';
import { announceAlarms, raiseAlarm } from './alarm.service.js';
import { monitoringAlarmSettings } from './alarm.tables.js';
import { monitoringWarningSettings } from './warning.tables.js';

/**
 * The one SMS gateway of alarms and warnings: set on either settings page, it is what both send to — an alarm's
 * SMS to a person who chose SMS, and a published warning's SMS — through a gateway served here on 127.0.0.1
 * (allow-listed, as an intranet gateway must be).
 */

let t: TestApp;
let admin: Client;
let approver: Client;
let plant: Client;
let deviceId: string;
let gateway: http.Server;
let base: string;
const received: { path: string; body: Record<string, unknown> }[] = [];
const NOW = '2026-07-01T09:00:00+08:00';

const square = (lon: number, lat: number, d = 0.01) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lon - d, lat - d],
      [lon + d, lat - d],
      [lon + d, lat + d],
      [lon - d, lat + d],
      [lon - d, lat - d],
    ],
  ],
});

beforeAll(async () => {
  gateway = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  t = await testApp({ now: NOW, env: { CITYSAFE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } });
  admin = await t.admin();
  approver = await t.userIn('AWB', ['safety_office'], 'sms_approver');
  expect(
    (await admin.post('/api/orgs', { code: 'QY-SMS1', name: '短信测试燃气有限公司', type: 'enterprise', parentId: await t.orgId('XZJB') }))
      .status,
  ).toBe(201);
  plant = await t.userIn('QY-SMS1', ['enterprise'], 'sms_plant');
  await t.platform.db.update(users).set({ phone: '13800000001' }).where(eq(users.username, 'sms_plant'));
  const device = await admin.post('/api/devices', {
    code: 'SMS-GAS-01',
    name: '短信测试可燃气体探测器',
    type: 'gas',
    orgId: await t.orgId('QY-SMS1'),
    metrics: [{ key: 'gas_lel', unit: '%LEL' }],
  });
  expect(device.status).toBe(201);
  deviceId = device.body.id;
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => gateway?.close(resolve));
});

/** An orange alarm on the plant's device, raised as the rules raise it, its notices pushed after the commit. */
async function raiseOrange() {
  const raised = await t.platform.db.transaction((tx) =>
    raiseAlarm(tx, t.platform, { ruleId: null, deviceId, metric: 'gas_lel', value: 30, threshold: 20, level: 'orange', at: t.clock.now() }),
  );
  await announceAlarms(t.platform, [raised]);
  return raised;
}

describe('one SMS gateway for alarms and warnings', () => {
  it('shows the gateway set on the warning settings in the alarm settings, and the other way round', async () => {
    const warningSettings = (await approver.get('/api/warnings/settings')).body;
    const set = await approver.put('/api/warnings/settings', { ...warningSettings, sources: undefined, smsGatewayUrl: `${base}/first` });
    expect(set.status).toBe(200);
    const alarmSettings = (await admin.get('/api/alarms/settings')).body;
    expect(alarmSettings.settings.smsGatewayUrl).toBe(`${base}/first`);
    expect(alarmSettings.sources.smsGatewayUrl.source.zh).toContain('共用');

    const changed = await admin.put('/api/alarms/settings', { ...alarmSettings.settings, smsGatewayUrl: `${base}/second` });
    expect(changed.status).toBe(200);
    expect(changed.body.settings.smsGatewayUrl).toBe(`${base}/second`);
    expect((await approver.get('/api/warnings/settings')).body.smsGatewayUrl).toBe(`${base}/second`);
  });

  it('refuses an inside address on the alarm settings as on the warning settings (422, bilingual)', async () => {
    const current = (await admin.get('/api/alarms/settings')).body.settings;
    const refused = await admin.put('/api/alarms/settings', { ...current, smsGatewayUrl: 'http://10.9.9.9/sms' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields[0]).toMatchObject({ field: 'smsGatewayUrl', message: { zh: expect.stringContaining('公网') } });
    expect((await approver.get('/api/warnings/settings')).body.smsGatewayUrl).toBe(`${base}/second`);
  });

  it('sends an alarm’s SMS and a warning’s SMS to the same gateway, changed once', async () => {
    expect((await plant.put('/api/alarms/channel-prefs', { channels: { red: [], orange: ['sms'], yellow: [], blue: [] } })).status).toBe(
      200,
    );
    received.length = 0;
    await raiseOrange();
    const drafter = await t.userIn('YJGLJ', ['department'], 'sms_drafter');
    const created = await drafter.post('/api/warnings', {
      type: 'weather',
      level: 'orange',
      headline: '短信网关测试暴雨橙色预警',
      description: '预计未来6小时内降雨量将达50毫米以上。',
      instruction: '停止户外作业。',
      audience: '辖区企业和公众',
      area: square(109.05, 34.35),
      expires: '2026-07-02T09:00:00+08:00',
      channels: ['app', 'sms'],
    });
    expect(created.status).toBe(201);
    expect((await drafter.post(`/api/warnings/${created.body.id}/actions/submit`, {})).status).toBe(200);
    expect((await approver.post(`/api/warnings/${created.body.id}/actions/approve`, {})).status).toBe(200);
    await t.platform.jobs.runDue();

    const paths = received.map((r) => r.path).sort();
    expect(paths).toEqual(['/second', '/second']);
    expect(received.find((r) => 'phone' in r.body)!.body).toMatchObject({
      phone: '13800000001',
      text: expect.stringContaining('短信测试可燃气体探测器'),
    });
    expect(received.find((r) => 'identifier' in r.body)!.body).toMatchObject({
      level: 'orange',
      text: expect.stringContaining('短信网关测试暴雨'),
    });
  });
});

describe('migration 0028: the gateway the alarm settings held moves to the one place', () => {
  // The migration as shipped, run again on rows as an older version left them.
  const migration = readFileSync(new URL('../../../migrations/0028_monitoring_one_sms_gateway.sql', import.meta.url), 'utf8');
  const migrate = async () => {
    for (const statement of migration.split('--> statement-breakpoint')) await t.platform.db.execute(sql.raw(statement));
  };
  const storedAlarmValue = async () =>
    (await t.platform.db.select().from(monitoringAlarmSettings).where(eq(monitoringAlarmSettings.key, 'settings')))[0]!.value;
  const olderAlarmSettings = async (smsGatewayUrl: string) => {
    const value = { ...((await storedAlarmValue()) as object), smsGatewayUrl };
    await t.platform.db.update(monitoringAlarmSettings).set({ value }).where(eq(monitoringAlarmSettings.key, 'settings'));
  };

  it('moves the address when the warning settings had none, and leaves the alarm settings without it', async () => {
    await t.platform.db.delete(monitoringWarningSettings);
    await olderAlarmSettings(`${base}/older`);
    await migrate();
    expect(await storedAlarmValue()).not.toHaveProperty('smsGatewayUrl');
    expect((await admin.get('/api/alarms/settings')).body.settings.smsGatewayUrl).toBe(`${base}/older`);
    expect((await approver.get('/api/warnings/settings')).body).toMatchObject({ smsGatewayUrl: `${base}/older`, divisionCode: '610111' });
  });

  it('keeps the warning settings’ address when both had one', async () => {
    expect(
      (
        await approver.put('/api/warnings/settings', {
          ...(await approver.get('/api/warnings/settings')).body,
          sources: undefined,
          smsGatewayUrl: `${base}/warnings`,
        })
      ).status,
    ).toBe(200);
    await olderAlarmSettings(`${base}/alarms`);
    await migrate();
    expect(await storedAlarmValue()).not.toHaveProperty('smsGatewayUrl');
    expect((await admin.get('/api/alarms/settings')).body.settings.smsGatewayUrl).toBe(`${base}/warnings`);
  });
});
