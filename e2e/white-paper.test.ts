import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminPassword, type Harness, label, screenshot, startHarness } from './harness';

/**
 * 城市安全风险白皮书 (/risk/white-papers): 安委办's administrator generates an edition from a small
 * registry written directly (two streets, a source at each level), sees it listed with its counts
 * and downloads the Word file; the same page on a phone.
 */

let harness: Harness;

const box = (w: number, s: number, e: number, n: number) =>
  JSON.stringify({
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

beforeAll(async () => {
  harness = await startHarness();
  const db = harness.platform.db;
  const org = (code: string) => sql`(select id from orgs where code = ${code})`;
  for (const [code, level, geometry] of [
    ['GWQ', 'district', box(109.0, 34.3, 109.2, 34.45)],
    ['XZJB', 'street', box(109.0, 34.3, 109.1, 34.45)],
    ['XHJB', 'street', box(109.1, 34.3, 109.2, 34.45)],
  ] as const)
    await db.execute(
      sql`insert into boundaries (org_id, level, geom, source) values (${org(code)}, ${level}, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${geometry}), 4326)), 'demo')`,
    );
  const sources = [
    ['FX-2026-0001', '港务区油库储罐区', 'hazardous_chemicals', 'major', '{"type":"Point","coordinates":[109.05,34.35]}', 'XZJB'],
    [
      'FX-2026-0002',
      '新合燃气中压管线',
      'lifeline',
      'significant',
      '{"type":"LineString","coordinates":[[109.12,34.4],[109.18,34.4]]}',
      'XHJB',
    ],
    ['FX-2026-0003', '新筑渣土受纳场', 'spoil_ground', 'general', box(109.02, 34.31, 109.04, 34.33), 'XZJB'],
    ['FX-2026-0004', '港务区商业中心', 'crowded_place', 'low', '{"type":"Point","coordinates":[109.15,34.33]}', 'XHJB'],
  ] as const;
  for (const [code, name, category, level, geometry, street] of sources)
    await db.execute(
      sql`insert into risk_sources (code, name, category, geom, org_id, street_id, assessed_level, level, status)
        values (${code}, ${name}, ${category}, ST_SetSRID(ST_GeomFromGeoJSON(${geometry}), 4326), ${org('YJGLJ')}, ${org(street)}, ${level}, ${level}, 'reviewed')`,
    );
});
afterAll(() => harness?.close());

async function openWhitePapers(page: Page): Promise<void> {
  await page.goto(`${harness.url}/`);
  await page.getByLabel(label('用户名')).fill('admin');
  await page.getByLabel(label('密码')).fill(adminPassword);
  await page.getByRole('button', { name: label('登录') }).click();
  await page.getByTestId('welcome').waitFor();
  await page.goto(`${harness.url}/risk/white-papers`);
  await page.getByTestId('white-paper-table').waitFor();
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(400);
}

describe('城市安全风险白皮书', () => {
  test('generate an edition and download it, on a desktop', async () => {
    const { page, context, errors } = await harness.session();
    await openWhitePapers(page);
    await page.getByTestId('white-paper-generate').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: label('生成') })
      .click();
    const latest = page.getByTestId('white-paper-latest');
    await latest.waitFor();
    expect(await latest.textContent()).toContain('城市安全风险白皮书（');
    expect(await latest.textContent()).toContain('首次发布');
    expect(await latest.locator('[data-level="major"]').textContent()).toBe('重大风险 1');
    expect(await page.getByTestId('white-paper-table').locator('tbody tr').count()).toBe(1);
    await settle(page);
    await screenshot(page, 'white-paper-01-desktop');

    const [download] = await Promise.all([page.waitForEvent('download'), latest.getByTestId('white-paper-download').click()]);
    expect(download.suggestedFilename()).toMatch(/城市安全风险白皮书（\d{4}年版）\.docx$/);
    const bytes = await download.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    });
    expect(bytes.subarray(0, 2).toString('ascii')).toBe('PK');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the editions on a phone', async () => {
    const { page, context, errors } = await harness.session({ width: 390, height: 844 });
    await openWhitePapers(page);
    await page.getByTestId('white-paper-latest').waitFor();
    await settle(page);
    await screenshot(page, 'white-paper-02-phone');
    expect(errors).toEqual([]);
    await context.close();
  });
});
