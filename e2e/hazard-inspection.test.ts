import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serverModules } from '../packages/server/src/modules';
import { DEMO_PASSWORD } from '../packages/server/src/modules/identity/index';
import { encodePng } from '../packages/server/src/platform/map-image';
import { apiSession, type Harness, label, screenshot, settle, startHarness } from './harness';

/**
 * 排查任务 in the browser, on a phone: a grid member of 港安化工仓储's grid plans an inspection of it from
 * the 危险化学品 template, starts it on site, passes one item, fails another with a photo from the camera
 * and the device's location (a hazard is registered from it), answers the rest and completes it; the
 * hazard opens from the item. Then 新合街道 reads the inspection on a desktop.
 */

let harness: Harness;
const gridPassword = 'Wgy#Inspect2024';
/** Where 港安化工仓储 stands on the demo map: inside its grid (新合社区 第二网格). */
const site = { longitude: 109.0512, latitude: 34.3521, accuracy: 10 };
let inspectionUrl: string;

beforeAll(async () => {
  harness = await startHarness();
  // Only the demo this journey stands on (the district, its users and areas).
  for (const m of serverModules.filter((x) => ['identity', 'map'].includes(x.domain.key))) await m.demo?.(harness.platform);
  // The demo's grid members patrol grids without an enterprise; 港安化工仓储 lies in 新合社区's second grid.
  const admin = await apiSession(harness.url);
  const { items } = await admin<{ items: { id: string; code: string }[] }>('GET', '/api/orgs?pageSize=2000');
  await admin('POST', '/api/users', {
    username: 'wgy_pc01',
    displayName: '马骏',
    orgId: items.find((o) => o.code === 'XHJB-C01-G02')!.id,
    roles: ['grid_member'],
    password: gridPassword,
    mustChangePassword: false,
  });
});
afterAll(async () => {
  await harness?.close();
});

/** A photo as a phone camera would hand it over (a PNG the file store recognises). */
function photo(name: string): { name: string; mimeType: string; buffer: Buffer } {
  const width = 160;
  const height = 120;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < rgb.length; i += 3) {
    rgb[i] = (i / 3) % 200;
    rgb[i + 1] = 120;
    rgb[i + 2] = 60;
  }
  return { name, mimeType: 'image/png', buffer: encodePng(width, height, rgb) };
}

async function pickOrg(page: Page, field: Locator, name: string): Promise<void> {
  await field.click();
  await page.keyboard.type(name);
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: name }).first().click();
}

async function pickOption(page: Page, field: Locator, text: string): Promise<void> {
  await field.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

const item = (page: Page, n: number) => page.getByTestId('inspection-item').nth(n);

describe('排查任务 on a phone', () => {
  test('a grid member runs an inspection, fails an item with a photo and the device location, and the hazard appears', async () => {
    const phone = await harness.session({ width: 390, height: 844 });
    const { page, errors, context } = phone;
    try {
      await context.grantPermissions(['geolocation'], { origin: harness.url });
      await context.setGeolocation(site);
      await harness.login(page, 'wgy_pc01', gridPassword);
      await page.goto(`${harness.url}/hazard-inspections`);
      await page.getByTestId('inspection-new').click();
      await page.getByTestId('inspection-title').fill('港安化工危化品专项检查');
      await pickOrg(page, page.getByTestId('inspection-target'), '港安化工仓储');
      await pickOption(page, page.getByTestId('inspection-template'), '危险化学品企业安全检查');
      await page.getByTestId('inspection-custom').fill('罐区围堰排水阀常闭');
      await screenshot(page, 'inspections-01-phone-plan', { fullPage: false });
      expect((await page.getByTestId('inspection-save').boundingBox())!.height).toBeGreaterThanOrEqual(44);
      // The date last: Enter in the picker takes the typed day and submits the form.
      await page.getByTestId('inspection-date').click();
      await page.keyboard.type(`${new Date().getFullYear() + 1}-03-15`);
      await page.keyboard.press('Enter');

      // The checklist: the template's five items and the inspector's own line.
      await page.getByTestId('inspection-start').waitFor();
      inspectionUrl = page.url();
      await expect.poll(() => page.getByTestId('inspection-item').count()).toBe(6);
      await page.getByTestId('inspection-start').click();
      await page.getByTestId('inspection-status').getByText('排查中').waitFor();
      await settle(page, { pauseMs: 800 });
      await screenshot(page, 'inspections-02-phone-checklist');
      // A thumb's targets: the three answers and the main buttons are at least 44 px tall; nothing sticks out sideways.
      for (const answer of ['pass', 'fail', 'na']) {
        expect((await item(page, 0).getByTestId(`inspection-answer-${answer}`).boundingBox())!.height).toBeGreaterThanOrEqual(44);
      }
      expect((await page.getByTestId('inspection-complete').boundingBox())!.height).toBeGreaterThanOrEqual(44);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      await item(page, 0).getByTestId('inspection-answer-pass').click();
      await expect.poll(() => item(page, 0).getAttribute('data-result')).toBe('pass');

      // Item 2 fails: a photo from the camera, what was seen, the device's location.
      await item(page, 1).getByTestId('inspection-answer-fail').click();
      const form = page.getByTestId('inspection-fail-form');
      await form.getByTestId('inspection-photo-input').setInputFiles(photo('现场.png'));
      await form.locator('[data-testid=photo-thumb][data-uploaded=true]').waitFor();
      await form.getByTestId('inspection-fail-note').fill('当班操作工未持特种作业操作证');
      await form.getByTestId('inspection-locate').click();
      await form.getByText(/已定位/).waitFor();
      expect((await form.getByTestId('inspection-fail-submit').boundingBox())!.height).toBeGreaterThanOrEqual(44);
      await screenshot(page, 'inspections-03-phone-fail', { fullPage: false });
      await form.getByTestId('inspection-fail-submit').click();
      await form.waitFor({ state: 'hidden' });
      const link = item(page, 1).getByTestId('inspection-hazard-link');
      await expect.poll(() => link.textContent()).toMatch(/YH-\d{4}-\d{6}/);
      await expect.poll(() => page.getByTestId('inspection-progress').textContent()).toContain('不合格 1 项');

      for (const n of [2, 3, 4, 5]) {
        await item(page, n).getByTestId('inspection-answer-na').click();
        await expect.poll(() => item(page, n).getAttribute('data-result')).toBe('na');
      }
      await page.getByTestId('inspection-complete').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox').fill('发现隐患 1 项，已登记');
      await dialog.getByRole('button', { name: label('确定') }).click();
      await page.getByTestId('inspection-status').getByText('已完成').waitFor();
      await settle(page, { pauseMs: 800 });
      await screenshot(page, 'inspections-04-phone-completed');

      // The hazard made from the item: registered, with the item's words and the photo as found.
      await link.click();
      await page.getByTestId('hazard-detail').waitFor();
      await page.getByText('特种作业人员持证上岗').first().waitFor();
      await expect.poll(() => page.getByTestId('hazard-status').first().textContent()).toBe('已登记');
      await page.getByTestId('hazard-photos-found').getByTestId('hazard-photo').first().waitFor();
      await page.getByText('排查任务', { exact: true }).filter({ visible: true }).first().waitFor();
      expect(errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });

  test('the street reads the inspection and its answers on a desktop', async () => {
    const desk = await harness.session();
    const { page, errors } = desk;
    try {
      await harness.login(page, 'xhjb');
      await page.getByRole('menuitem', { name: label('排查任务') }).click();
      await page.getByTestId('inspection-card').getByText('港安化工危化品专项检查').waitFor();
      await settle(page, { pauseMs: 800 });
      await screenshot(page, 'inspections-06-desktop-list');
      // The 排查记录台账 of the list as it is filtered: the inspection, its outcome and the hazard it made.
      const download = page.waitForEvent('download');
      await page.getByTestId('inspection-export').click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^排查记录台账.*\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile((await file.path())!);
      const row = workbook.getWorksheet('排查记录台账')!.getRow(3);
      expect([row.getCell(2).value, row.getCell(3).value, row.getCell(14).value, row.getCell(15).value]).toEqual([
        '港安化工危化品专项检查',
        '西安港安化工仓储有限公司',
        1,
        1,
      ]);
      expect(String(row.getCell(18).value)).toMatch(/^YH-\d{4}-\d{6}$/);
      await page.goto(inspectionUrl);
      await page.getByTestId('inspection-status').getByText('已完成').waitFor();
      // The street follows; only the inspecting side answers.
      expect(await page.getByTestId('inspection-answer-pass').count()).toBe(0);
      expect(await page.getByTestId('inspection-item-result').allTextContents()).toEqual([
        '合格',
        '不合格',
        '不适用',
        '不适用',
        '不适用',
        '不适用',
      ]);
      await settle(page, { pauseMs: 800 });
      await screenshot(page, 'inspections-07-desktop-checklist');
      expect(errors).toEqual([]);
    } finally {
      await desk.context.close();
    }
  });
});

describe('上报隐患: the pickers instead of ids', () => {
  test('安委办 reports a 重大 hazard on a phone, picking the 判定标准 clause, the risk source and its control measure; the detail shows them', async () => {
    // 港安化工仓储 keeps a risk source with a control measure (what the risk module's register holds).
    const enterprise = await apiSession(harness.url, 'qy_gahg', DEMO_PASSWORD);
    const source = await enterprise<{ id: string; code: string }>('POST', '/api/risk/sources', {
      name: '液氯钢瓶充装区',
      category: 'hazardous_chemicals',
      geometry: { type: 'Point', coordinates: [site.longitude, site.latitude] },
      hazardFactors: ['22'],
      accidentTypes: ['08'],
    });
    await enterprise('POST', `/api/risk/sources/${source.id}/measures`, {
      type: 'engineering',
      description: '液氯充装使用万向管道充装系统并每班检查',
      responsibleLevel: 'company',
      reviewCycleDays: 30,
    });

    const phone = await harness.session({ width: 390, height: 844 });
    const { page, errors } = phone;
    try {
      await harness.login(page, 'awb');
      await page.goto(`${harness.url}/hazards/new`);
      await page.getByTestId('hazard-title').fill('液氯充装未使用万向管道充装系统');
      await page.getByTestId('hazard-level').getByText('重大事故隐患').click();
      // The clause is searched by a word of its text and cited under the picker.
      await page.getByTestId('hazard-clause-picker').click();
      await page.keyboard.type('万向管道');
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '万向管道充装系统' }).first().click();
      await expect.poll(() => page.getByTestId('hazard-clause-cited').textContent()).toContain('安监总管三〔2017〕121号 七');
      await pickOrg(page, page.getByTestId('hazard-unit'), '港安化工仓储');
      await pickOption(page, page.getByTestId('hazard-risk-source'), '液氯钢瓶充装区');
      await pickOption(page, page.getByTestId('hazard-measure-picker'), '万向管道充装系统并每班检查');
      for (const target of ['hazard-clause-picker', 'hazard-risk-source', 'hazard-measure-picker'])
        expect((await page.getByTestId(target).boundingBox())!.height, target).toBeGreaterThanOrEqual(40);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.getByTestId('hazard-clause-picker').scrollIntoViewIfNeeded();
      await screenshot(page, 'inspections-08-phone-report-pickers', { fullPage: false });
      await page.getByTestId('hazard-submit').click();

      await page.getByTestId('hazard-detail').waitFor();
      await expect.poll(() => page.getByTestId('hazard-clause').textContent()).toMatch(/^安监总管三〔2017〕121号 七.*万向管道充装系统/);
      await expect.poll(() => page.getByTestId('hazard-measure').textContent()).toBe('液氯充装使用万向管道充装系统并每班检查');
      await page.getByRole('link', { name: `${source.code} 液氯钢瓶充装区` }).waitFor();
      await settle(page, { pauseMs: 800 });
      await screenshot(page, 'inspections-09-phone-major-detail');
      const detailUrl = page.url();
      expect(errors).toEqual([]);

      // The same on a desk.
      const desk = await harness.session();
      try {
        await harness.login(desk.page, 'awb');
        await desk.page.goto(`${harness.url}/hazards/new`);
        await desk.page.getByTestId('hazard-level').getByText('重大事故隐患').click();
        await desk.page.getByTestId('hazard-clause-picker').click();
        await desk.page.keyboard.type('万向管道');
        await desk.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '万向管道充装系统' }).first().click();
        await settle(desk.page, { pauseMs: 800 });
        await screenshot(desk.page, 'inspections-10-desktop-report-pickers');
        await desk.page.goto(detailUrl);
        await desk.page.getByTestId('hazard-clause').waitFor();
        await settle(desk.page, { pauseMs: 800 });
        await screenshot(desk.page, 'inspections-11-desktop-major-detail');
        expect(desk.errors).toEqual([]);
      } finally {
        await desk.context.close();
      }
    } finally {
      await phone.context.close();
    }
  });
});
