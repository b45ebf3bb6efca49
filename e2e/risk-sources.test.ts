import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fillDemo } from '../packages/server/src/modules';
import { DEMO_PASSWORD } from '../packages/server/src/modules/identity/index';
import { type Harness, type Session, label, screenshot, startHarness } from './harness';

/**
 * 风险源普查 in the browser, as 港安化工仓储 (an enterprise of the demo district): draw a new source on
 * the map and save it, assess it by LEC and see its colour before and after saving, submit it, filter
 * the register by level, import a sheet with one bad row and see the row's error before importing
 * only the valid row. Then the same pages on a phone.
 */

let harness: Harness;
let desktop: Session;
let sourceUrl: string;
const sourceName = '港安化工1号甲类仓库（浏览器测试）';

beforeAll(async () => {
  harness = await startHarness();
  await fillDemo(harness.platform);
});
afterAll(async () => {
  await desktop?.context.close();
  await harness?.close();
});

async function login(page: Page, username: string): Promise<void> {
  await page.goto(`${harness.url}/login`);
  await page.getByLabel(label('用户名')).fill(username);
  await page.getByLabel(label('密码')).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: label('登录') }).click();
  await page.getByTestId('welcome').waitFor();
}

/** Opens an antd Select and picks the option with that text. */
async function pickOption(page: Page, field: Locator, text: string): Promise<void> {
  await field.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(800);
}

/** An import sheet with the template's columns: one valid row, one naming a category that does not exist. */
async function importSheet(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('风险源');
  sheet.addRow([
    '名称*',
    '类别*',
    '责任单位*',
    '经度',
    '纬度',
    '位置GeoJSON',
    '地址',
    '责任人',
    '联系电话',
    '风险描述',
    '危险有害因素',
    '事故类型',
    '评估方法',
    'L',
    'E',
    'C',
    'S',
    '直接判定等级',
    '评估理由',
  ]);
  sheet.addRow([
    '港安化工2号储罐区',
    '危险化学品',
    '西安港安化工仓储有限公司',
    109.0515,
    34.3524,
    '',
    '',
    '吴强',
    '',
    '',
    '22',
    '火灾',
    'LEC',
    3,
    6,
    7,
    '',
    '',
    '',
  ]);
  sheet.addRow([
    '港安化工装卸站台',
    '不存在的类别',
    '西安港安化工仓储有限公司',
    109.0518,
    34.3519,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('风险源: the census in the browser', () => {
  test('an enterprise draws a source on the map, saves it, assesses it by LEC and submits it', async () => {
    desktop = await harness.session();
    const { page, errors } = desktop;
    await login(page, 'qy_gahg');
    await page.getByRole('menuitem', { name: label('风险源清单') }).click();
    await page.getByTestId('source-table').waitFor();
    await page.getByTestId('source-new').click();

    await page.getByTestId('source-name').fill(sourceName);
    await pickOption(page, page.getByTestId('source-category'), '危险化学品');
    // The drawing control's first button draws a point (the kinds in the order the form offers them).
    const drawing = page.getByTestId('geometry-input');
    await drawing.getByRole('button').first().click();
    const canvas = drawing.locator('canvas');
    await canvas.waitFor();
    const box = (await canvas.boundingBox())!;
    const status = await page.getByTestId('geometry-status').textContent();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.getByTestId('geometry-status').textContent()).not.toBe(status);
    await page.getByTestId('measure-add').click();
    const measure = page.getByTestId('measure-item');
    await pickOption(page, measure.getByLabel('管控层级'), '公司级');
    // The tier's usual review cycle is offered: a month for the company's.
    expect(await measure.getByLabel('复核周期（天）').inputValue()).toBe('30');
    await measure.getByLabel('措施内容').fill('仓库可燃气体检测报警与联锁切断，每班巡检');
    await settle(page);
    await screenshot(page, 'risk-sources-01-form');

    await page.getByTestId('source-save').click();
    await page.getByTestId('source-detail').waitFor();
    sourceUrl = page.url();
    expect(sourceUrl).toMatch(/\/risk\/sources\/[0-9a-f-]{36}$/);
    await page.getByTestId('source-measures').getByText('仓库可燃气体检测报警').waitFor();
    expect(await page.getByTestId('source-level').first().textContent()).toBe('未评估');

    // L 6 相当可能 × E 6 每天 × C 15 一人死亡 = 540: 重大 (红) under the default LEC mapping.
    await pickOption(page, page.getByTestId('assess-lec-L'), '6 — 相当可能');
    await pickOption(page, page.getByTestId('assess-lec-E'), '6 — 每天工作时间内暴露');
    await pickOption(page, page.getByTestId('assess-lec-C'), '15 — 非常严重，一人死亡');
    await page.getByTestId('assess-score').getByText('D = L × E × C = 540').waitFor();
    expect(await page.getByTestId('assess-level').getAttribute('data-level')).toBe('major');
    // The default mapping is the reference's "usual" one, which it marks unverified.
    await page.getByTestId('assess-unverified').waitFor();
    await page.getByTestId('assess-save').click();
    await expect.poll(() => page.getByTestId('source-level').first().getAttribute('data-level')).toBe('major');
    await page.getByTestId('source-assessments').getByText('D=540').waitFor();
    expect(await page.getByTestId('source-displayed-level').getAttribute('data-level')).toBe('major');

    await page.getByTestId('source-action-submit').click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: label('提交审核') })
      .click();
    await page.getByTestId('source-timeline').getByText('提交审核').waitFor();
    await settle(page);
    await screenshot(page, 'risk-sources-02-detail');
    expect(errors).toEqual([]);
  });

  test('安委办 returns it with a reason, the street confirms where it is, the enterprise corrects and resubmits it', async () => {
    const office = await harness.session();
    try {
      await login(office.page, 'awb');
      await office.page.goto(sourceUrl);
      await office.page.getByTestId('source-action-return').click();
      const dialog = office.page.getByRole('dialog');
      await dialog.getByTestId('reason-input').fill('请补充危险有害因素和事故类型');
      await dialog.getByRole('button', { name: label('退回修改') }).click();
      await office.page.getByTestId('source-timeline').getByText('原因：请补充危险有害因素和事故类型').waitFor();
      expect(office.errors).toEqual([]);
    } finally {
      await office.context.close();
    }
    // The source lies in 新合街办 (computed from the point drawn): its street confirms the location.
    const street = await harness.session();
    try {
      await login(street.page, 'xhjb');
      await street.page.goto(sourceUrl);
      await street.page.getByTestId('source-confirm-location').click();
      await street.page
        .getByRole('dialog')
        .getByRole('button', { name: label('确认位置') })
        .click();
      await street.page.getByTestId('source-location-confirmed').waitFor();
      await settle(street.page);
      await screenshot(street.page, 'risk-sources-03-street-confirmed');
      expect(street.errors).toEqual([]);
    } finally {
      await street.context.close();
    }
    // Back with the enterprise: the returned source shows why, and can be corrected and submitted again.
    const { page } = desktop;
    await page.goto(sourceUrl);
    await page.getByTestId('source-detail').waitFor();
    await page.getByTestId('source-returned').getByText('请补充危险有害因素和事故类型').waitFor();
    await page.getByTestId('source-edit').click();
    await pickOption(page, page.getByTestId('source-hazard-factors'), '化学性危险和有害因素');
    await page.keyboard.press('Escape');
    await page.getByTestId('measure-item').getByLabel('复核周期（天）').fill('60');
    await page.getByTestId('source-save').click();
    await page.getByTestId('source-detail').getByText('化学性危险和有害因素').waitFor();
    // The measure was changed in place, not added again.
    await expect.poll(() => page.getByTestId('source-measures').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('source-measures').locator('tbody tr').textContent()).toContain('60');
    await page.getByTestId('source-action-submit').click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: label('提交审核') })
      .click();
    await expect.poll(() => page.getByTestId('source-timeline').getByTestId('timeline-entry').count()).toBe(3);
    expect(desktop.errors).toEqual([]);
  });

  test('the register filters by level, in the address, with each level in its colour', async () => {
    const { page, errors } = desktop;
    await page.goto(`${harness.url}/risk/sources`);
    await page.getByTestId('source-table').waitFor();
    await pickOption(page, page.getByTestId('source-filter-level'), '重大风险');
    await expect.poll(() => new URL(page.url()).searchParams.get('level')).toBe('major');
    // The previous page stays on screen while the filtered one loads: wait until every row is 重大.
    const levels = () =>
      page
        .getByTestId('source-table')
        .getByTestId('source-level')
        .evaluateAll((tags) => [...new Set(tags.map((t) => t.getAttribute('data-level')))]);
    await expect.poll(levels).toEqual(['major']);
    await page.getByTestId('source-table').getByText(sourceName).waitFor();
    await settle(page);
    await screenshot(page, 'risk-sources-04-register-major');

    // 导出Excel: the server's 风险清单 of the same filter, every source on it 重大.
    const download = page.waitForEvent('download');
    await page.getByTestId('source-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await file.path())!);
    const rows = workbook.worksheets[0]!.getSheetValues()
      .filter(Array.isArray)
      .map((row) => row.map(String));
    expect(rows.flat()).toContain(sourceName);
    // 当前等级 (what the map shows) is 重大 on every row; 评估等级 may be lower where an open 重大隐患 raised it.
    const header = rows.find((row) => row.includes('当前等级'))!;
    const current = header.indexOf('当前等级');
    const body = rows.slice(rows.indexOf(header) + 1).filter((row) => row[current] && row[current] !== 'undefined');
    expect(body.length).toBeGreaterThan(0);
    expect(body.every((row) => row[current]!.startsWith('重大'))).toBe(true);
    expect(errors).toEqual([]);
  });

  test('an import with a bad row shows the row’s error and imports only the valid row when asked', async () => {
    const { page, errors } = desktop;
    await page.goto(`${harness.url}/risk/sources/import`);
    await page.getByTestId('import-template').waitFor();
    await page.locator('input[type=file]').setInputFiles({
      name: '风险源导入.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await importSheet(),
    });
    await page.getByTestId('import-preview').waitFor();
    await page.getByTestId('import-summary').getByText('共 2 行：1 行无误，1 行有错误').waitFor();
    // Every error is on the sheet's row 3 (the bad row), and one of them names the category.
    const errorRows = page.getByTestId('import-errors').locator('tbody tr');
    await errorRows.first().waitFor();
    const rows = await errorRows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['3']));
    expect(rows.some((r) => r[1] === '类别')).toBe(true);
    await settle(page);
    await screenshot(page, 'risk-sources-05-import-preview');

    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-done').getByText('已导入 1 个风险源').waitFor();
    await page.goto(`${harness.url}/risk/sources?q=${encodeURIComponent('港安化工2号储罐区')}`);
    await page.getByTestId('source-table').getByText('港安化工2号储罐区').waitFor();
    expect(await page.getByTestId('source-table').getByText('港安化工装卸站台').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  test('on a phone the register is cards, and a source and its form fit the screen', async () => {
    const phone = await harness.session({ width: 390, height: 844 });
    const { page, errors } = phone;
    try {
      await login(page, 'qy_gahg');
      await page.goto(`${harness.url}/risk/sources`);
      await page.getByTestId('source-card').first().waitFor();
      expect(await page.getByTestId('source-table').count()).toBe(0);
      await settle(page);
      await screenshot(page, 'risk-sources-06-phone-register');
      await page.goto(sourceUrl);
      await page.getByTestId('source-detail').waitFor();
      await settle(page);
      await screenshot(page, 'risk-sources-07-phone-detail');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await page.goto(`${harness.url}/risk/sources/new`);
      await page.getByTestId('source-name').waitFor();
      await settle(page);
      await screenshot(page, 'risk-sources-08-phone-form');
      expect(errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
