import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serverModules } from '../packages/server/src/modules';
import { DEMO_PASSWORD } from '../packages/server/src/modules/identity/index';
import { type Harness, label, screenshot, startHarness } from './harness';

/**
 * 隐患统计分析 in the browser: 安委办 opens the statistics of the last months — headline figures, the
 * monthly trend and the comparison by street as charts, the table with its totals, the hazards on the
 * map coloured by where they stand — switches the grouping, and downloads the quarterly table; then
 * the same page on a phone. The hazards are written straight into the table over the demo district
 * (the loops that move them have their own journeys): a year's worth at set rates is what is looked at.
 */

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  for (const m of serverModules.filter((x) => ['identity', 'map'].includes(x.domain.key))) await m.demo?.(harness.platform);
  const { db } = harness.platform;
  // 300 hazards found over the last 300 days in the two streets: most closed, some on time, some overdue, a few listed.
  await db.execute(sql`
    insert into hazards (code, title, level, status, origin, category, responsible_org_id, reported_org_id, street_id,
                         geom, found_at, deadline, closed_at, listed_at)
    select 'YH-E2E-' || lpad(i::text, 6, '0'), '统计演示隐患' || i,
           case when i % 50 = 0 then '重大' else '一般' end,
           case when i % 50 = 0 then (case when i % 100 = 0 then 'closed' else 'listed' end)
                when i % 10 < 7 then 'closed' when i % 10 = 7 then 'rectifying' when i % 10 = 8 then 'awaiting_verification' else 'registered' end,
           (array['self_check','grid_patrol','department_check','public_report'])[1 + i % 4],
           (array['fire','electrical','gas','e_bike','crowded_place','construction'])[1 + i % 6],
           (select id from orgs where code = 'LGJT'),
           (select id from orgs where code = case when i % 2 = 0 then 'XZJB' else 'XHJB' end),
           (select id from orgs where code = case when i % 2 = 0 then 'XZJB' else 'XHJB' end),
           ST_SetSRID(ST_MakePoint(109.0 + (i % 2) * 0.1 + ((i * 37) % 97) / 1000.0, 34.3 + ((i * 53) % 191) / 1000.0), 4326),
           now() - (i || ' days')::interval,
           (now() - (i || ' days')::interval + interval '20 days')::date,
           case when i % 50 = 0 and i % 100 <> 0 then null
                when i % 10 < 7 then now() - (i || ' days')::interval + ((10 + (i % 7) * 3) || ' days')::interval end,
           case when i % 50 = 0 then now() - (i || ' days')::interval + interval '3 days' end
      from generate_series(1, 300) i`);
});
afterAll(async () => {
  await harness?.close();
});

async function login(page: Page): Promise<void> {
  await page.goto(`${harness.url}/login`);
  await page.getByLabel(label('用户名')).fill('awb');
  await page.getByLabel(label('密码')).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: label('登录') }).click();
  await page.getByTestId('welcome').waitFor();
}

async function settle(page: Page): Promise<void> {
  await page.locator('[data-testid="stats-trend"] canvas').first().waitFor();
  await page.locator('[data-testid="map-view"] canvas').first().waitFor();
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(800);
}

describe('隐患统计分析', () => {
  test('安委办 reads the figures, charts and map, changes the grouping and downloads the quarterly table', async () => {
    const { page, errors, context } = await harness.session();
    await login(page);
    await page.goto(`${harness.url}/hazards/stats`);
    await settle(page);
    const totals = page.getByTestId('stats-totals');
    await expect.poll(() => totals.textContent()).toContain('排查发现');
    await page.getByTestId('map-legend').getByText('重大隐患治理中').waitFor();
    expect(await page.locator('[data-testid="stats-table"] tbody tr').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'hazard-stats-desktop');

    await page.getByTestId('stats-group-by').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '按类别' }).click();
    await page.locator('[data-testid="stats-table"]').getByText('消防安全').waitFor();
    expect(page.url()).toContain('groupBy=category');

    const download = page.waitForEvent('download');
    await page.getByTestId('stats-quarterly').click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the same page on a phone', async () => {
    const { page, errors, context } = await harness.session({ width: 390, height: 844 });
    await login(page);
    await page.goto(`${harness.url}/hazards/stats?groupBy=street`);
    await settle(page);
    await screenshot(page, 'hazard-stats-phone');
    expect(errors).toEqual([]);
    await context.close();
  });
});
