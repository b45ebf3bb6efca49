import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { simulate } from '../packages/server/src/modules/monitoring/simulate';
import { demoDevices } from '../packages/server/src/modules/monitoring/simulate.devices';
import { apiSession, type Harness, screenshot, settle, startHarness } from './harness';

/**
 * 监测态势 with the simulator: the 值班 desk watches /monitoring/situation while `simulate` (the code behind
 * `npx citysafe simulate --scenario gas-leak`) drives a 综合管廊 gas compartment and a water main over MQTT through the
 * embedded broker; the leak crosses the red line and the alarm appears live; the desk acknowledges, confirms and
 * dispatches it, records the unit's answer and closes it.
 */

let harness: Harness;
const dutyPassword = 'Zbs#Situation2024';
let token = '';
const gallery = demoDevices.find((d) => d.code === 'GL-XZ-01-RQ')!;
const water = demoDevices.find((d) => d.code === 'GS-XZ-GW-01')!;

/** The duty officer, the two demo devices, a red rule on the gas concentration and a gateway token, as the administrator. */
async function prepare(url: string): Promise<void> {
  const send = await apiSession(url);
  const { items } = await send<{ items: { id: string; code: string }[] }>('GET', '/api/orgs?pageSize=2000');
  const orgId = (code: string) => items.find((o) => o.code === code)!.id;
  await send('POST', '/api/users', {
    username: 'zbs_situation',
    displayName: '值班员郑宇',
    orgId: orgId('YJGLJ'),
    roles: ['duty_officer'],
    password: dutyPassword,
    mustChangePassword: false,
  });
  for (const [device, org] of [
    [gallery, 'YJGLJ'],
    [water, 'YJGLJ'],
  ] as const) {
    await send('POST', '/api/devices', {
      code: device.code,
      name: device.name,
      type: device.type,
      orgId: orgId(org),
      lng: device.at[0],
      lat: device.at[1],
      placeName: device.placeName,
      metrics: device.metrics.map((m) => ({ key: m.key, unit: m.unit, label: m.label })),
    });
  }
  await send('POST', '/api/alarm-rules', {
    name: '管廊燃气舱紧急切断',
    deviceType: 'pipe_gallery',
    metric: 'gas_lel',
    op: '>=',
    threshold: 25,
    hysteresis: 2,
    level: 'red',
  });
  token = (await send<{ token: string }>('POST', '/api/tokens', { name: '模拟器', actions: ['telemetry.publish'] })).token;
}

beforeAll(async () => {
  harness = await startHarness({ mqtt: true });
  await prepare(harness.url);
});
afterAll(() => harness?.close());

async function step(page: Page, action: string, fill?: (page: Page) => Promise<void>): Promise<void> {
  await page.getByTestId(`alarm-action-${action}`).click();
  await fill?.(page);
  await page.getByTestId('alarm-action-ok').click();
  await page.getByTestId(`alarm-action-${action}`).waitFor({ state: 'detached' });
}

describe('监测态势与模拟器', () => {
  test('a simulated gas leak raises a red alarm that appears live, and the desk takes it to closed', async () => {
    const session = await harness.session();
    const { page } = session;
    await harness.login(page, 'zbs_situation', dutyPassword);
    await page.goto(`${harness.url}/monitoring/situation`);
    await settle(page, { pauseMs: 600 });
    expect(await page.getByTestId('situation-alarm').count()).toBe(0);

    // The leak starts after 3 s of ordinary values and passes 25 %LEL about 40 s into its 60 s ramp.
    const stop = new AbortController();
    const running = simulate({
      url: harness.mqttUrl!,
      token,
      devices: [gallery, water],
      scenario: 'gas-leak',
      rate: 2,
      durationSeconds: 0,
      leadSeconds: 3,
      signal: stop.signal,
    });
    try {
      await page.locator('[data-testid="situation-alarm"][data-code]').first().waitFor({ timeout: 90_000 });
      await page.locator('.alarm-live-new').first().waitFor();
      await expect.poll(() => page.getByTestId('situation-alarm').filter({ hasText: gallery.name }).count()).toBe(1);
      await settle(page, { pauseMs: 600 });
      await screenshot(page, 'monitoring-situation-01-live');
    } finally {
      stop.abort();
      expect((await running).refused).toBe(0);
    }

    await page.getByTestId('situation-alarm').filter({ hasText: gallery.name }).click();
    await page.getByTestId('situation-open-alarm').click();
    await page.getByTestId('alarm-heading').waitFor();
    expect(await page.getByTestId('alarm-status').getAttribute('data-status')).toBe('raised');
    await step(page, 'acknowledge');
    await step(page, 'confirm', (p) => p.getByTestId('alarm-note').fill('燃气舱浓度持续上升，现场复测属实，已启动排风'));
    await step(page, 'dispatch', (p) =>
      p.getByTestId('alarm-dispatch-instructions').fill('关闭燃气舱分段阀门，排查泄漏点，复测合格后反馈'),
    );
    await step(page, 'answer', (p) => p.getByTestId('alarm-feedback').fill('K1+200 处法兰泄漏，已更换垫片，复测 0.4 %LEL'));
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'monitoring-situation-02-answered');
    await step(page, 'close', (p) => p.getByTestId('alarm-note').fill('处置完毕，归档'));
    expect(await page.getByTestId('alarm-status').getAttribute('data-status')).toBe('closed');
    expect(session.errors).toEqual([]);
    await session.context.close();
  }, 240_000);
});
