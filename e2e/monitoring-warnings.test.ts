import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serverModules } from '../packages/server/src/modules';
import { DEMO_PASSWORD } from '../packages/server/src/modules/identity/index';
import { type Harness, type Session, label, screenshot, startHarness } from './harness';

/**
 * 预警发布 in the browser: 应急管理局 drafts an orange rainstorm warning with its area drawn on the map over 新筑街办
 * and submits it; 安委办 approves it, which publishes it (CAP Alert, the in-app notices, the SMS gateway recorded as
 * not configured); anyone then reads it on the public page on a phone, without logging in, with its CAP document.
 */

let harness: Harness;
let drafter: Session;
let approver: Session;
let citizen: Session;
const HEADLINE = '港务区暴雨橙色预警';

beforeAll(async () => {
  harness = await startHarness();
  // Only the demo this journey reads: the district, its users and the areas (新筑街办's boundary).
  for (const m of serverModules.filter((x) => ['identity', 'map'].includes(x.domain.key))) await m.demo?.(harness.platform);
});
afterAll(async () => {
  await drafter?.context.close();
  await approver?.context.close();
  await citizen?.context.close();
  await harness?.close();
});

async function login(page: Page, username: string): Promise<void> {
  await page.goto(`${harness.url}/login`);
  await page.getByLabel(label('用户名')).fill(username);
  await page.getByLabel(label('密码')).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: label('登录') }).click();
  await page.getByTestId('welcome').waitFor();
}

async function pickOption(page: Page, field: Locator, text: string): Promise<void> {
  await field.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(800);
}

/** Draws a triangle around the middle of the form's map, vertex by vertex, then finishes it. */
async function drawArea(page: Page): Promise<void> {
  const input = page.getByTestId('geometry-input');
  const canvas = input.locator('canvas');
  await canvas.waitFor();
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const [cx, cy] = [box.width / 2, box.height / 2];
  for (const [dx, dy] of [
    [-60, -40],
    [60, -40],
    [0, 50],
  ] as const) {
    await canvas.click({ position: { x: cx + dx, y: cy + dy } });
    await page.waitForTimeout(150);
  }
  await input.getByRole('button', { name: label('完成') }).click();
  await expect.poll(() => page.getByTestId('geometry-status').textContent()).toBe('已绘制：面');
}

describe('预警发布: drafted, approved, published, read by the public', () => {
  test('应急管理局 drafts a warning with its area on the map and submits it', async () => {
    drafter = await harness.session();
    const { page, errors } = drafter;
    await login(page, 'yjglj');
    await page.getByRole('menuitem', { name: label('预警发布') }).click();
    await page.getByTestId('warning-table').waitFor();
    await page.getByTestId('warning-new').click();

    await page.getByTestId('warning-headline').fill(HEADLINE);
    await pickOption(page, page.getByTestId('warning-level-select'), '橙色预警');
    await page.getByTestId('warning-description').fill('预计今天下午至夜间港务区累计降雨量将达50毫米以上，局地有雷暴大风。');
    await page.getByTestId('warning-instruction').fill('停止户外高空作业，远离低洼易涝地带和河道。');
    await pickOption(page, page.getByTestId('warning-streets'), '新筑街道');
    await page.keyboard.press('Escape');
    // The SMS gateway too: none is configured, so it is recorded as not sent rather than tried.
    await page.getByRole('checkbox', { name: '短信网关' }).check();
    await drawArea(page);
    await settle(page);
    await screenshot(page, 'monitoring-warnings-01-draft');

    await page.getByTestId('warning-save').click();
    await page.getByTestId('warning-title').waitFor();
    expect(await page.getByTestId('warning-status').textContent()).toBe('草稿');
    await page.getByTestId('warning-action-submit').click();
    await expect.poll(() => page.getByTestId('warning-status').textContent()).toBe('待审批');
    // The drafter may not approve.
    expect(await page.getByTestId('warning-action-approve').count()).toBe(0);
    await settle(page);
    await screenshot(page, 'monitoring-warnings-02-submitted');
    expect(errors).toEqual([]);
  });

  test('安委办 approves it, which publishes it through its channels', async () => {
    approver = await harness.session();
    const { page, errors } = approver;
    await login(page, 'awb');
    await page.getByRole('menuitem', { name: label('预警发布') }).click();
    await page.getByTestId('warning-table').getByText(HEADLINE).click();
    await page.getByTestId('warning-action-approve').click();
    await expect.poll(() => page.getByTestId('warning-status').textContent()).toBe('已发布');
    await page.getByTestId('delivery-sms').waitFor();
    expect(await page.getByTestId('delivery-sms').textContent()).toContain('未发送');
    expect(await page.getByTestId('delivery-app').textContent()).toContain('已发送');
    expect(await page.getByTestId('warning-timeline').textContent()).toContain('审批发布');
    await settle(page);
    await screenshot(page, 'monitoring-warnings-03-published');
    expect(errors).toEqual([]);
  });

  test('anyone reads it on the public page on a phone, without logging in, with its CAP document', async () => {
    citizen = await harness.session({ width: 390, height: 844 });
    const { page, errors } = citizen;
    await page.goto(`${harness.url}/public/warnings`);
    await page.getByRole('heading', { name: '预警信息发布' }).waitFor();
    const card = page.getByTestId('public-warning');
    await card.first().waitFor();
    expect(await card.count()).toBe(1);
    expect(await card.getAttribute('data-level')).toBe('orange');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(HEADLINE);
    expect(text).toContain('橙色预警');
    expect(text).toContain('停止户外高空作业');
    expect(text).toContain('新筑');
    expect(page.url()).toContain('/public/warnings');
    await settle(page);
    await screenshot(page, 'monitoring-warnings-04-public-phone');

    const capHref = (await card.getByRole('link', { name: 'CAP 1.2 文档' }).getAttribute('href'))!;
    const cap = await page.request.get(`${harness.url}${capHref}`);
    expect(cap.status()).toBe(200);
    expect(cap.headers()['content-type']).toContain('application/cap+xml');
    const xml = await cap.text();
    expect(xml).toContain('<msgType>Alert</msgType>');
    expect(xml).toContain(`<headline>${HEADLINE}</headline>`);
    expect(xml).toContain('<severity>Severe</severity>');
    expect(errors).toEqual([]);
  });
});
