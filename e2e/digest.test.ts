import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, orgs } from '../packages/server/src/modules/identity/index';
import { webhooks } from '../packages/server/src/modules/notifications/notifications.tables';
import { fillDemo } from '../packages/server/src/modules';
import { type Harness, label, screenshot, startHarness } from './harness';

/**
 * 每日待办推送 on the 通知中心 page: 新合街办 picks its district's group robot and turns its daily
 * digest on, at desktop and phone size. (The sending itself is tested through the API: digest.test.ts.)
 */

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  await fillDemo(harness.platform);
  const [district] = await harness.platform.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, 'GWQ'));
  await harness.platform.db
    .insert(webhooks)
    .values({ name: '区安委办待办群', kind: 'wecom', url: 'http://127.0.0.1:9/robot', kinds: ['inbox.digest'], orgId: district!.id });
});
afterAll(() => harness?.close());

async function openNotifications(page: Page): Promise<void> {
  await page.goto(`${harness.url}/login`);
  await page.getByLabel(label('用户名')).fill('xhjb');
  await page.getByLabel(label('密码')).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: label('登录') }).click();
  await page.getByTestId('welcome').waitFor();
  await page.goto(`${harness.url}/notifications`);
  await page.getByTestId('digest-card').waitFor();
}

describe('每日待办推送', () => {
  test('a street office picks its district’s robot and turns the digest on; the phone layout keeps the card readable', async () => {
    const session = await harness.session();
    const { page } = session;
    await openNotifications(page);
    const toggle = page.getByTestId('digest-switch');
    expect(await toggle.isDisabled()).toBe(true);
    await page.getByTestId('digest-robot').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '区安委办待办群' }).click();
    await page.getByText('已保存推送设置').waitFor();
    await expect.poll(() => toggle.isDisabled()).toBe(false);
    await toggle.click();
    await page.getByText('已开启每日待办推送').waitFor();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await page.waitForTimeout(300);
    await screenshot(page, 'digest-01-desktop');
    expect(session.errors).toEqual([]);

    const phone = await harness.session({ width: 390, height: 844 });
    await openNotifications(phone.page);
    await expect.poll(() => phone.page.getByTestId('digest-switch').getAttribute('aria-checked')).toBe('true');
    await phone.page.waitForTimeout(300);
    await screenshot(phone.page, 'digest-02-phone');
    expect(phone.errors).toEqual([]);
    await session.context.close();
    await phone.context.close();
  });
});
