import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiSend, apiSession, type Harness, screenshot, settle, startHarness } from './harness';

/**
 * 报警处置: the 值班 desk watches 监测态势 (/monitoring/situation) while a gas detector crosses its red line; the alarm
 * appears live, with its readings around the alarm time; the desk acknowledges it, confirms it, dispatches it to the
 * unit, records the unit's answer and closes it on the alarm's page; the list shows it closed.
 */

let harness: Harness;
const dutyPassword = 'Zbs#Alarms2024';
let send: ApiSend;

/** Creates the duty officer, two gas detectors with a week-old start of readings and a red rule, as the administrator. */
async function prepare(url: string): Promise<void> {
  send = await apiSession(url);
  const { items } = await send<{ items: { id: string; code: string }[] }>('GET', '/api/orgs?pageSize=2000');
  const orgId = (code: string) => items.find((o) => o.code === code)!.id;
  await send('POST', '/api/users', {
    username: 'zbs_alarms',
    displayName: '值班员郑宇',
    orgId: orgId('YJGLJ'),
    roles: ['duty_officer'],
    password: dutyPassword,
    mustChangePassword: false,
  });
  for (const [code, name, lng, lat] of [
    ['GAS-AL-001', '新华路调压站可燃气体探测器', 109.055, 34.372],
    ['GAS-AL-002', '综合管廊燃气舱2号探测器', 109.07, 34.365],
  ] as const) {
    await send('POST', '/api/devices', {
      code,
      name,
      type: 'gas',
      orgId: orgId('YJGLJ'),
      lng,
      lat,
      placeName: name.slice(0, 5),
      metrics: [{ key: 'gas_lel', unit: '%LEL' }],
    });
  }
  await send('POST', '/api/alarm-rules', {
    name: '可燃气体超限',
    deviceType: 'gas',
    metric: 'gas_lel',
    op: '>',
    threshold: 20,
    level: 'red',
  });
  // Half an hour of normal readings, a minute apart, for the chart around the alarm.
  const now = Date.now();
  for (const device of ['GAS-AL-001', 'GAS-AL-002']) {
    await send(
      'POST',
      '/api/telemetry',
      Array.from({ length: 30 }, (_, i) => ({
        device,
        ts: new Date(now - (30 - i) * 60_000).toISOString(),
        values: { gas_lel: 3 + (i % 5) * 0.8 },
      })),
    );
  }
}

/** A reading over the line, now: the rule raises a red alarm. */
const cross = (device: string, value: number) =>
  send('POST', '/api/telemetry', [{ device, ts: new Date().toISOString(), values: { gas_lel: value } }]);

beforeAll(async () => {
  harness = await startHarness();
  await prepare(harness.url);
});
afterAll(() => harness?.close());

async function step(page: Page, action: string, fill?: (page: Page) => Promise<void>): Promise<void> {
  await page.getByTestId(`alarm-action-${action}`).click();
  await fill?.(page);
  await page.getByTestId('alarm-action-ok').click();
  await page.getByTestId(`alarm-action-${action}`).waitFor({ state: 'detached' });
}

describe('报警处置', () => {
  test('a red alarm appears live on the situation page and goes through its loop to closed', async () => {
    await cross('GAS-AL-001', 26.5);
    const session = await harness.session();
    const { page } = session;
    await harness.login(page, 'zbs_alarms', dutyPassword);
    await page.goto(`${harness.url}/monitoring/situation`);
    await page.locator('[data-testid="situation-alarm"][data-code]').first().waitFor();
    await page.getByTestId('alarm-chart').waitFor();
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'monitoring-alarms-01-situation');

    // The second detector crosses while the desk watches: the alarm arrives through the notifications stream.
    await cross('GAS-AL-002', 31);
    await expect.poll(() => page.getByTestId('situation-alarm').count(), { timeout: 15_000 }).toBe(2);
    await page.locator('.alarm-live-new').first().waitFor();
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'monitoring-alarms-02-live');

    await page.getByTestId('situation-alarm').filter({ hasText: '新华路调压站' }).click();
    await page.getByTestId('situation-open-alarm').click();
    await page.getByTestId('alarm-heading').waitFor();
    expect(await page.getByTestId('alarm-status').getAttribute('data-status')).toBe('raised');
    await step(page, 'acknowledge');
    await step(page, 'confirm', (p) => p.getByTestId('alarm-note').fill('现场复测 24 %LEL，调压箱法兰渗漏属实'));
    await step(page, 'dispatch', (p) => p.getByTestId('alarm-dispatch-instructions').fill('关闭上游阀门，更换法兰垫片，复测合格后反馈'));
    await page.getByTestId('alarm-dispatch').filter({ hasText: '应急管理局' }).waitFor();
    await step(page, 'answer', (p) => p.getByTestId('alarm-feedback').fill('已更换垫片，复测 0 %LEL'));
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'monitoring-alarms-03-detail');
    await step(page, 'close', (p) => p.getByTestId('alarm-note').fill('处置完毕，归档'));
    expect(await page.getByTestId('alarm-status').getAttribute('data-status')).toBe('closed');
    const steps = await page.getByTestId('alarm-timeline').getByTestId('timeline-entry').count();
    expect(steps).toBe(6);

    await page.goto(`${harness.url}/monitoring/alarms`);
    await page.getByTestId('alarm-table').waitFor();
    await expect.poll(() => page.getByTestId('alarm-status').count()).toBe(2);
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'monitoring-alarms-04-list');
    expect(session.errors).toEqual([]);
    await session.context.close();
  });
});
