import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serverModules } from '../packages/server/src/modules';
import { fillIncidentDemo } from '../packages/server/src/modules/emergency/incident.demo';
import { type Harness, label, screenshot, type Session, settle, startHarness } from './harness';

/**
 * 事故接报 in the browser: 新筑街办 records a production accident by tapping its place on the map, sees it graded
 * 一般 (493号令 Art. 3), changes the figures when a third person dies and sees it regraded 较大 with the history; the
 * list shows it on the map beside the demo's incidents; the record form on a phone.
 */

let harness: Harness;
let desktop: Session;
let phone: Session;

beforeAll(async () => {
  harness = await startHarness();
  // Only the demo this journey reads: the district, its users and areas, and the demo incidents.
  for (const m of serverModules.filter((x) => ['identity', 'map'].includes(x.domain.key))) await m.demo?.(harness.platform);
  await fillIncidentDemo(harness.platform);
});
afterAll(async () => {
  await desktop?.context.close();
  await phone?.context.close();
  await harness?.close();
});

async function pickOption(page: Page, field: Locator, text: string): Promise<void> {
  await field.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

/** Taps the middle of the form's map (the place of the incident), once the map is laid out where it is shown. */
async function tapPlace(page: Page): Promise<void> {
  const canvas = page.getByTestId('geometry-input').locator('canvas');
  await canvas.waitFor();
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  // Playwright's own click on the canvas: it lands on the map, never on whatever sat there before the layout settled.
  await canvas.click({ position: { x: box.width / 2, y: box.height / 2 } });
  await expect.poll(() => page.getByTestId('geometry-status').textContent()).toBe('已绘制：点');
}

describe('事故接报: record on the map, graded, regraded', () => {
  test('a street records an accident on the map, sees its grade, changes the figures and sees it regraded', async () => {
    desktop = await harness.session();
    const { page, errors } = desktop;
    await harness.login(page, 'xzjb');
    await page.getByRole('menuitem', { name: label('事故接报') }).click();
    await page.getByTestId('incident-table').waitFor();
    await page.getByTestId('incident-new').click();

    await page.getByTestId('incident-title').fill('陆港社区仓库货架坍塌事故');
    await pickOption(page, page.getByTestId('incident-category'), '生产安全事故');
    await tapPlace(page);
    await page.getByTestId('incident-place-name').fill('陆港社区物流仓库');
    await page.getByTestId('incident-deaths').fill('2');
    await page.getByTestId('incident-seriousInjuries').fill('1');
    await page.getByTestId('incident-directLossWan').fill('120');
    await page.getByTestId('incident-summary').fill('叉车碰撞货架导致货架整体坍塌，两名作业人员被压。');
    await settle(page, { pauseMs: 800 });
    await screenshot(page, 'emergency-incidents-01-record');

    await page.getByTestId('incident-save').click();
    await page.getByTestId('incident-figures').waitFor();
    expect(page.url()).toMatch(/\/emergency\/incidents\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('incident-grade').first().textContent()).toBe('一般事故');
    expect(await page.getByTestId('incident-deaths').textContent()).toBe('2');
    // The map opens on the district, whose middle lies in 新合街道: the street is computed from the point, never typed,
    // and 新筑街办 still follows the incident it recorded.
    expect(await page.getByTestId('incident-street').textContent()).toBe('新合街办');
    await settle(page, { pauseMs: 800 });
    await screenshot(page, 'emergency-incidents-02-graded');

    // A third person dies: 3 deaths is 较大 ("以上" includes the number).
    await page.getByTestId('incident-change-figures').click();
    await page.getByTestId('figures-deaths').fill('3');
    await page.getByTestId('figures-note').fill('一名重伤人员经抢救无效死亡');
    await page.getByRole('button', { name: label('保存') }).click();
    await expect.poll(() => page.getByTestId('incident-grade').first().textContent()).toBe('较大事故');
    expect(await page.getByTestId('incident-deaths').textContent()).toBe('3');
    expect(await page.getByTestId('incident-decided-by').textContent()).toContain('死亡人数');
    const history = page.getByTestId('incident-grade-history').locator('tbody tr');
    await expect.poll(() => history.count()).toBe(2);
    expect(await history.first().textContent()).toContain('一名重伤人员经抢救无效死亡');
    await page.getByTestId('incident-timeline').getByText('核报：一般 → 较大').waitFor();
    await page.getByTestId('incident-timeline').getByText('核报伤亡和损失').waitFor();
    await settle(page, { pauseMs: 800 });
    await screenshot(page, 'emergency-incidents-03-regraded');

    // The list: the new incident among the street's, on the map beside the table.
    await page.getByRole('button', { name: label('返回列表') }).click();
    await page.getByTestId('incident-table').getByText('陆港社区仓库货架坍塌事故').waitFor();
    await page.getByTestId('incident-map').locator('canvas').waitFor();
    await settle(page, { pauseMs: 800 });
    await screenshot(page, 'emergency-incidents-04-list');
    expect(errors).toEqual([]);
  });

  test('the record form fits a phone', async () => {
    phone = await harness.session({ width: 390, height: 844 });
    const { page, errors } = phone;
    await harness.login(page, 'xzjb');
    await page.goto(`${harness.url}/emergency/incidents/new`);
    await page.getByTestId('incident-title').waitFor();
    await page.getByTestId('geometry-input').locator('canvas').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await settle(page, { pauseMs: 800 });
    await screenshot(page, 'emergency-incidents-05-phone-form');
    expect(errors).toEqual([]);
  });
});
