import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fillDemo } from '../packages/server/src/modules';
import { DEMO_PASSWORD } from '../packages/server/src/modules/identity/index';
import { pmtilesArchive, solidPng } from '../packages/server/test/pmtiles';
import { type Harness, adminPassword, label, screenshot, startHarness } from './harness';

/**
 * The district map every module draws on: the district's own areas and names as the base map with
 * no request leaving the intranet, the four-colour risk map over vector tiles (filters, clusters,
 * legend, a click for details), drawing a location, and a PMTiles base map served in ranges.
 */

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  await fillDemo(harness.platform);
});
afterAll(() => harness?.close());

async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${harness.url}/login`);
  await page.getByLabel(label('用户名')).fill(username);
  await page.getByLabel(label('密码')).fill(password);
  await page.getByRole('button', { name: label('登录') }).click();
  await page.getByTestId('welcome').waitFor();
}

/** Waits until the map has loaded its style, data and tiles (MapView's `data-idle`), then a moment for the frame. */
async function mapIdle(page: Page): Promise<void> {
  await page.locator('[data-testid="map-view"] canvas').first().waitFor();
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState('networkidle');
  await page.locator('[data-testid="map-view"][data-idle="true"]').first().waitFor();
  await page.waitForTimeout(500);
}

/**
 * The pixels of the map as shown, decoded by the browser itself: how many have each of the given
 * colours (±`tolerance` per channel), and where the first of each is (page coordinates). The
 * legend, drawn over the map with the same colours, is left out.
 */
async function findColours(
  page: Page,
  colours: Record<string, [number, number, number]>,
  tolerance = 6,
): Promise<Record<string, { count: number; at: { x: number; y: number } | null }>> {
  const map = page.locator('[data-testid="map-view"]').first();
  const box = (await map.boundingBox())!;
  const legend = (await page.getByTestId('map-legend').count()) > 0 ? await page.getByTestId('map-legend').boundingBox() : null;
  const png = await map.screenshot();
  return page.evaluate(
    async ({ data, colours, tolerance, origin, legend }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, image.width, image.height).data;
      const scale = image.width / origin.width;
      const out: Record<string, { count: number; at: { x: number; y: number } | null }> = {};
      for (const [name, [r, g, b]] of Object.entries(colours)) {
        let count = 0;
        let at: { x: number; y: number } | null = null;
        for (let i = 0; i < pixels.length; i += 4) {
          if (
            Math.abs(pixels[i]! - r) <= tolerance &&
            Math.abs(pixels[i + 1]! - g) <= tolerance &&
            Math.abs(pixels[i + 2]! - b) <= tolerance
          ) {
            const p = i / 4;
            const x = origin.x + (p % image.width) / scale;
            const y = origin.y + Math.floor(p / image.width) / scale;
            if (legend && x >= legend.x && x <= legend.x + legend.width && y >= legend.y && y <= legend.y + legend.height) continue;
            count++;
            at ??= { x, y };
          }
        }
        out[name] = { count, at };
      }
      return out;
    },
    { data: png.toString('base64'), colours, tolerance, origin: box, legend },
  );
}

const hex = (h: string): [number, number, number] => [
  parseInt(h.slice(1, 3), 16),
  parseInt(h.slice(3, 5), 16),
  parseInt(h.slice(5, 7), 16),
];

describe('the district map', () => {
  test('the dashboard map draws the district, its streets and names from its own boundaries; nothing leaves the intranet', async () => {
    const session = await harness.session();
    const { page } = session;
    await login(page, 'admin', adminPassword);
    const boundaries = page.waitForResponse((r) => r.url().includes('/api/map/boundaries'));
    await page.getByTestId('platform-overview').click();
    expect((await boundaries).status()).toBe(200);
    await mapIdle(page);
    // The two streets in their alternating tints (districtLayers.ts) fill much of the map: not a grey square.
    const land = await findColours(page, { tintA: hex('#e8eef7'), tintB: hex('#eef3e6') }, 4);
    expect(land.tintA!.count).toBeGreaterThan(3000);
    expect(land.tintB!.count).toBeGreaterThan(3000);
    await page.getByTestId('map-view').scrollIntoViewIfNeeded();
    await screenshot(page, 'map-01-dashboard', { fullPage: false });
    expect(session.errors).toEqual([]);
    // Every request of every page went to the platform itself: no glyph server, no tile server.
    expect([...harness.hosts]).toEqual(['127.0.0.1']);
    await session.context.close();
  });

  test('the four-colour map: tiles coloured by level, filters change the tiles, a cluster zooms in, a source opens its details', async () => {
    const session = await harness.session();
    const { page } = session;
    await login(page, 'awb');
    const tile = page.waitForResponse((r) => /\/api\/risk\/tiles\/\d+\/\d+\/\d+\.pbf/.test(r.url()) && r.status() === 200);
    await page.goto(`${harness.url}/risk/map`);
    await tile;
    await mapIdle(page);
    await page.getByTestId('map-legend').getByText('重大风险').waitFor();
    await screenshot(page, 'map-02-four-colour-desktop');

    const levels = { major: hex('#d4380d'), significant: hex('#fa8c16'), general: hex('#fadb14'), low: hex('#1677ff') };
    const before = await findColours(page, levels);
    // The demo has sources at all four levels; clustered at this zoom, each cluster in its highest level's colour.
    expect(before.major!.count).toBeGreaterThan(0);

    // A filter is a new tile URL: only significant sources remain.
    const filtered = page.waitForRequest((r) => r.url().includes('/api/risk/tiles/') && r.url().includes('level=significant'));
    await page.getByTestId('filter-level').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '较大风险' }).click();
    await filtered;
    await mapIdle(page);
    const significantOnly = await findColours(page, levels);
    expect(significantOnly.significant!.count).toBeGreaterThan(0);
    expect(significantOnly.major!.count).toBe(0);
    await screenshot(page, 'map-03-four-colour-filtered');

    // Clicking clusters zooms in until single sources show; clicking one opens its popup with a link to it.
    for (let i = 0; i < 4 && !(await page.getByTestId('risk-popup').isVisible()); i++) {
      const { significant } = await findColours(page, { significant: levels.significant });
      if (!significant!.at) break;
      await page.mouse.click(significant!.at.x + 2, significant!.at.y + 2);
      await page.waitForTimeout(900);
      await mapIdle(page);
    }
    const popup = page.getByTestId('risk-popup');
    await popup.waitFor();
    await popup.getByText('较大风险').waitFor();
    expect(await popup.getByRole('link', { name: '查看详情' }).getAttribute('href')).toMatch(/^\/risk\/sources\/[0-9a-f-]{36}$/);
    await screenshot(page, 'map-04-four-colour-popup');
    expect(session.errors).toEqual([]);
    await session.context.close();
  });

  test('on a phone the map, its filters and legend fit the screen', async () => {
    const session = await harness.session({ width: 390, height: 844 });
    const { page } = session;
    await login(page, 'awb');
    await page.goto(`${harness.url}/risk/map`);
    await mapIdle(page);
    const map = (await page.locator('[data-testid="map-view"]').boundingBox())!;
    expect(map.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'map-05-four-colour-phone');
    expect(session.errors).toEqual([]);
    await session.context.close();
  });

  test('a location is drawn on the map: a polygon by clicks and 完成, cleared, and a point by a tap', async () => {
    const session = await harness.session();
    const { page } = session;
    await login(page, 'awb');
    await page.goto(`${harness.url}/risk/sources/new`);
    const input = page.getByTestId('geometry-input');
    await input.waitFor();
    await mapIdle(page);
    const box = (await input.getByTestId('map-view').boundingBox())!;
    const at = (dx: number, dy: number) => ({ x: box.x + box.width / 2 + dx, y: box.y + box.height / 2 + dy });

    await input.getByRole('button', { name: label('画面') }).click();
    for (const [dx, dy] of [
      [-60, -40],
      [60, -40],
      [40, 50],
    ] as const) {
      const p = at(dx, dy);
      await page.mouse.click(p.x, p.y);
      await page.waitForTimeout(250);
    }
    expect(await input.getByTestId('geometry-status').textContent()).toContain('已画 3 个顶点');
    await input.getByRole('button', { name: label('完成') }).click();
    expect(await input.getByTestId('geometry-status').textContent()).toBe('已绘制：面');
    await page.waitForTimeout(300);
    await screenshot(page, 'map-06-draw-polygon');

    await input.getByRole('button', { name: label('清除') }).click();
    await input.getByRole('button', { name: label('画点') }).click();
    const p = at(10, 10);
    await page.mouse.click(p.x, p.y);
    expect(await input.getByTestId('geometry-status').textContent()).toBe('已绘制：点');
    expect(session.errors).toEqual([]);
    await session.context.close();
  });

  test('a PMTiles base map in the data folder is drawn beneath the district, read in ranges from the platform', async () => {
    const green: [number, number, number] = [40, 160, 90];
    fs.writeFileSync(path.join(harness.platform.config.dataDir, 'basemap.pmtiles'), pmtilesArchive({ tile: solidPng(green) }));
    try {
      const session = await harness.session();
      const { page } = session;
      const ranges: number[] = [];
      page.on('response', (r) => {
        if (r.url().endsWith('/api/map/basemap.pmtiles')) ranges.push(r.status());
      });
      await login(page, 'awb');
      await page.goto(`${harness.url}/risk/map`);
      await mapIdle(page);
      expect(ranges.length).toBeGreaterThan(0);
      expect(ranges.every((s) => s === 206)).toBe(true);
      const { tile } = await findColours(page, { tile: green }, 8);
      expect(tile!.count).toBeGreaterThan(1000);
      await screenshot(page, 'map-07-pmtiles-basemap');
      expect(session.errors).toEqual([]);
      expect([...harness.hosts]).toEqual(['127.0.0.1']);
      await session.context.close();
    } finally {
      fs.rmSync(path.join(harness.platform.config.dataDir, 'basemap.pmtiles'));
    }
  });
});
