import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiSession, type Harness, label, screenshot, settle, startHarness } from './harness';

/**
 * 监测设备 (/monitoring/devices): a department registers a gas device through the form (metrics editor, place on the
 * map), a gateway sends readings over HTTP (one malformed), the device page shows a chart per metric and the
 * malformed counter, and the device token is issued once.
 */

let harness: Harness;
const unitPassword = 'Yjglj#Devices2024';

async function prepare(url: string): Promise<void> {
  const send = await apiSession(url);
  const { items } = await send<{ items: { id: string; code: string }[] }>('GET', '/api/orgs?pageSize=2000');
  const orgId = (code: string) => items.find((o) => o.code === code)!.id;
  await send('POST', '/api/users', {
    username: 'yjglj_devices',
    displayName: '应急局郑工',
    orgId: orgId('YJGLJ'),
    roles: ['department'],
    password: unitPassword,
    mustChangePassword: false,
  });
}

beforeAll(async () => {
  harness = await startHarness();
  await prepare(harness.url);
});
afterAll(() => harness?.close());

describe('监测设备', () => {
  test('a department registers a device, readings arrive, the page charts them and issues the token', async () => {
    const session = await harness.session();
    const { page } = session;
    await harness.login(page, 'yjglj_devices', unitPassword);
    await page.goto(`${harness.url}/monitoring/devices`);
    await page.getByTestId('device-table').waitFor();
    await page.getByTestId('device-register').click();

    await page.getByTestId('device-code').fill('GAS-E2E-01');
    await page.getByTestId('device-name').fill('长乐路燃气管网1号压力计');
    await page.getByTestId('device-type').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '燃气' }).first().click();
    // The form starts with gas_lel; add the pressure.
    await page.getByTestId('device-add-metric').click();
    const second = page.getByTestId('device-metric').nth(1);
    await second.locator('input').first().fill('pressure');
    await second.locator('.ant-select').last().click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'MPa' }).first().click();
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'monitoring-devices-01-form');
    await page.getByTestId('device-save').click();
    await page.getByTestId('device-malformed').waitFor();
    const id = page.url().split('/').pop()!;

    // A gateway sends a quarter hour of readings over HTTP, as the logged-in user, one of them malformed.
    const now = Date.now();
    const items = Array.from({ length: 15 }, (_, i) => ({
      device: 'GAS-E2E-01',
      ts: new Date(now - (15 - i) * 60_000).toISOString(),
      values: { gas_lel: 2 + (i % 5), pressure: 0.3 + i / 100 },
    }));
    const sent = await page.evaluate(
      async (body) => {
        const csrf = (await (await fetch('/api/auth/me')).json()) as { csrfToken?: string };
        const r = await fetch('/api/telemetry', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf.csrfToken ?? '' },
          body: JSON.stringify(body),
        });
        return { status: r.status, body: await r.json() };
      },
      [...items, { device: 'GAS-E2E-01', ts: 'not a time', values: { gas_lel: 1 } }],
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body.accepted).toBe(30);

    await page.reload();
    await page.getByTestId('device-chart-gas_lel').locator('canvas').first().waitFor();
    await expect.poll(() => page.getByTestId('device-malformed').textContent()).toContain('异常报文数：1');
    await page.getByTestId('device-token-issue').click();
    const token = await page.getByTestId('device-token-value').textContent();
    expect(token).toMatch(/^cst_/);
    await page.getByRole('button', { name: label('确定') }).click();
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'monitoring-devices-02-device');

    await page.goto(`${harness.url}/monitoring/devices`);
    await page.getByTestId('device-open').first().waitFor();
    expect(await page.getByTestId('device-open').allTextContents()).toContain('GAS-E2E-01');
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'monitoring-devices-03-list');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(session.errors).toEqual([]);
    await session.context.close();
  });
});
