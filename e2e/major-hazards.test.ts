import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serverModules } from '../packages/server/src/modules';
import { type Harness, label, screenshot, type Session, settle, startHarness } from './harness';

/**
 * 重大危险源 in the browser: 一张图一张表 of the demo district filtered by grade; 港安化工仓储 adds
 * 液氨 to a tank farm and sees it re-graded at once (三级 → 二级, with the values the reference has not
 * verified flagged), declares it; 应急管理局 registers it with a number. Then the same pages on a phone.
 */

let harness: Harness;
let desktop: Session;
let unitUrl: string;

beforeAll(async () => {
  harness = await startHarness();
  // Only the demo this journey reads (the district, its users and areas, the registry): the risk census's
  // hundreds of sources would double the start on a busy machine and are not looked at here.
  for (const m of serverModules.filter((x) => ['identity', 'map', 'majorHazard'].includes(x.domain.key))) await m.demo?.(harness.platform);
});
afterAll(async () => {
  await desktop?.context.close();
  await harness?.close();
});

async function pickOption(page: Page, field: Locator, text: string): Promise<void> {
  await field.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

const grades = (page: Page) =>
  page
    .getByTestId('installation-table')
    .getByTestId('installation-grade')
    .evaluateAll((tags) => tags.map((t) => t.textContent));

describe('重大危险源: one map, one table', () => {
  test('the enterprise sees its units on the map beside the table, filters by grade, re-grades one and declares it', async () => {
    desktop = await harness.session();
    const { page, errors } = desktop;
    await harness.login(page, 'qy_gahg');
    await page.getByRole('menuitem', { name: label('重大危险源') }).click();
    await page.getByTestId('installation-table').getByText('液氨储罐区').waitFor();
    await page.getByTestId('installation-map').locator('canvas').waitFor();
    // The enterprise's own four units: 一级, 二级, 三级 and one that is not a major hazard.
    await expect.poll(() => grades(page)).toEqual(['一级', '二级', '三级', '不构成']);
    await page.getByTestId('map-legend').getByText('重大危险源级别').waitFor();
    await settle(page, { pauseMs: 800 });
    await screenshot(page, 'major-hazards-01-map-and-table');

    await pickOption(page, page.getByTestId('installation-filter-grade'), '三级');
    await expect.poll(() => new URL(page.url()).searchParams.get('grade')).toBe('3');
    await expect.poll(() => grades(page)).toEqual(['三级']);

    await page.getByTestId('installation-table').getByText('甲醇汽油储罐区').click();
    await page.getByTestId('inventory-table').waitFor();
    unitUrl = page.url();
    expect(await page.getByTestId('installation-s').textContent()).toBe('10');
    expect(await page.getByTestId('installation-r').textContent()).toBe('15.6');
    // β of 甲醇 and 汽油 come from 表4, which the reference has not verified.
    expect(await page.getByTestId('inventory-table').getByTestId('unverified-flag').count()).toBeGreaterThan(0);

    // 液氨 200 t: q/Q 20, β 2 — S 30, R = 1.2 × (4 + 9 + 40) = 63.6: 二级.
    await page.getByTestId('substance-add').click();
    await page.getByTestId('substance-name').locator('input').fill('液氨');
    await page.getByRole('dialog').getByLabel('最大存在量 q（t）').fill('200');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: label('保存') })
      .click();
    await page.getByTestId('inventory-table').getByText('表1 第1项 氨').waitFor();
    await expect.poll(() => page.getByTestId('installation-s').textContent()).toBe('30');
    expect(await page.getByTestId('installation-r').textContent()).toBe('63.6');
    expect(await page.locator('[data-testid=installation-grade]').first().getAttribute('data-grade')).toBe('2');
    await page.getByTestId('grade-changes').getByText('危险物质变化').waitFor();

    await page.getByTestId('installation-action-declare').click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: label('申报') })
      .click();
    await page.getByTestId('installation-timeline').getByText('申报').first().waitFor();
    await expect.poll(() => page.getByTestId('installation-status').first().textContent()).toBe('已申报');
    await settle(page, { pauseMs: 800 });
    await screenshot(page, 'major-hazards-02-detail-declared');
    expect(errors).toEqual([]);
  });

  test('应急管理局 registers the declared unit with its number', async () => {
    const department = await harness.session();
    const { page, errors } = department;
    try {
      await harness.login(page, 'yjglj');
      await page.goto(unitUrl);
      await page.getByTestId('installation-action-register').click();
      await page.getByTestId('registration-no').fill('西港应急危备〔2026〕9号');
      await page
        .getByRole('dialog')
        .getByRole('button', { name: label('登记备案') })
        .click();
      await expect.poll(() => page.getByTestId('installation-status').first().textContent()).toBe('已登记备案');
      await page.getByText('西港应急危备〔2026〕9号').waitFor();
      await settle(page, { pauseMs: 800 });
      await screenshot(page, 'major-hazards-03-registered');
      expect(errors).toEqual([]);
    } finally {
      await department.context.close();
    }
  });

  test('on a phone the map, the table and a unit fit the screen', async () => {
    const phone = await harness.session({ width: 390, height: 844 });
    const { page, errors } = phone;
    try {
      await harness.login(page, 'yjglj');
      await page.goto(`${harness.url}/major-hazards`);
      await page.getByTestId('installation-table').getByText('液氨储罐区').waitFor();
      await settle(page, { pauseMs: 800 });
      await screenshot(page, 'major-hazards-04-phone-list');
      await page.goto(unitUrl);
      await page.getByTestId('inventory-table').waitFor();
      await settle(page, { pauseMs: 800 });
      await screenshot(page, 'major-hazards-05-phone-detail');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
