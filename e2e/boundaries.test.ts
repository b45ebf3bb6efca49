import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { identity } from '../packages/server/src/modules/identity/index';
import { map } from '../packages/server/src/modules/map/index';
import { type Harness, label, screenshot, startHarness } from './harness';

/**
 * The district's boundaries: an administrator imports a file (preview with row errors, then the
 * valid rows), sees the areas on the district map and what a click there lies in, on a desktop and
 * on a phone.
 */

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  // The demo's orgs and users, without the map's demo boundaries: the journey imports its own.
  await identity.demo!(harness.platform);
});
afterAll(() => harness?.close());

async function mapIdle(page: Page): Promise<void> {
  await page.locator('[data-testid="map-view"] canvas').first().waitFor();
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(800);
}

const box = (w: number, s: number, e: number, n: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
});

/** 新合 in the west half, 新筑 in the east, and a row naming an org that does not exist. */
const file = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { name: '新合街道办事处' }, geometry: box(109.02, 34.34, 109.06, 34.42) },
    { type: 'Feature', properties: { name: '新筑街道办事处' }, geometry: box(109.06, 34.34, 109.1, 34.42) },
    { type: 'Feature', properties: { name: '不存在的街道' }, geometry: box(109.03, 34.35, 109.04, 34.36) },
  ],
});

describe('boundaries', () => {
  test('an administrator previews a file with a bad row, imports the valid rows, and sees them on the district map', async () => {
    const session = await harness.session();
    const { page } = session;
    await harness.login(page, 'awb');
    await page.goto(`${harness.url}/map/boundaries`);
    await page.getByTestId('boundary-import').waitFor();
    await page
      .locator('[data-testid="boundary-import"] input[type=file]')
      .setInputFiles({ name: 'streets.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(file) });
    await page.getByRole('button', { name: label('预览') }).click();
    const preview = page.getByTestId('import-preview');
    await preview.getByText('共 3 个要素：2 个无误，1 个有错误').waitFor();
    await preview.getByText('找不到名称为「不存在的街道」的组织').waitFor();
    const commit = preview.getByRole('button', { name: label('导入') });
    // Nothing is saved from a file with errors unless the valid rows are chosen.
    expect(await commit.isDisabled()).toBe(true);
    await screenshot(page, 'boundaries-01-preview-desktop');
    await preview.getByRole('checkbox', { name: '只导入无误的行（有错误的行不导入）' }).check();
    await commit.click();
    await page.getByText('已导入 2 个边界').waitFor();
    const table = page.getByTestId('areas-table');
    await table.getByRole('row', { name: /新筑街道办事处.*文件导入/ }).waitFor();
    await table.getByRole('row', { name: /新合街道办事处.*文件导入/ }).waitFor();
    await screenshot(page, 'boundaries-02-imported-desktop');

    await page.goto(`${harness.url}/map`);
    await page.getByTestId('clicked-areas').waitFor();
    await mapIdle(page);
    const map = page.locator('[data-testid="map-view"]');
    const frame = (await map.boundingBox())!;
    // The map fits the two streets: three quarters across lies in 新筑 (the east half).
    await page.mouse.click(frame.x + frame.width * 0.75, frame.y + frame.height / 2);
    const clicked = page.getByTestId('clicked-areas');
    await clicked.getByText('新筑街道办事处').waitFor();
    await clicked.getByText('街道', { exact: true }).waitFor();
    await page.mouse.click(frame.x + frame.width * 0.25, frame.y + frame.height / 2);
    await clicked.getByText('新合街道办事处').waitFor();
    await screenshot(page, 'boundaries-03-map-desktop');
    expect(session.errors).toEqual([]);
    await session.context.close();
  });

  test('on a phone the district map and the boundary page fit the screen', async () => {
    const session = await harness.session({ width: 390, height: 844 });
    const { page } = session;
    await harness.login(page, 'awb');
    await page.goto(`${harness.url}/map`);
    await mapIdle(page);
    const map = (await page.locator('[data-testid="map-view"]').boundingBox())!;
    expect(map.width).toBeLessThanOrEqual(390);
    await page.mouse.click(map.x + map.width * 0.75, map.y + map.height / 2);
    await page.getByTestId('clicked-areas').getByText('新筑街道办事处').waitFor();
    await screenshot(page, 'boundaries-04-map-phone');
    await page.goto(`${harness.url}/map/boundaries`);
    await page.getByTestId('areas-table').getByText('新筑街道办事处').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'boundaries-05-admin-phone');
    expect(session.errors).toEqual([]);
    await session.context.close();
  });

  test('the demo district fills the areas still without a boundary, labelled as demo data', async () => {
    // The two streets keep the imported boundaries; their communities and grids are cut from them.
    await map.demo!(harness.platform);
    const session = await harness.session();
    const { page } = session;
    await harness.login(page, 'awb');
    await page.goto(`${harness.url}/map`);
    await page.getByText('当前边界为演示数据', { exact: false }).waitFor();
    await mapIdle(page);
    const frame = (await page.locator('[data-testid="map-view"]').boundingBox())!;
    await page.mouse.click(frame.x + frame.width * 0.5, frame.y + frame.height * 0.5);
    await page.getByTestId('clicked-areas').getByText('区（功能区）').waitFor();
    await screenshot(page, 'boundaries-06-demo-desktop');
    expect(session.errors).toEqual([]);
    await session.context.close();
  });
});
