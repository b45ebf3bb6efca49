import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fillDemo } from '../packages/server/src/modules';
import { type Harness, screenshot, settle, startHarness } from './harness';

/**
 * 工作台 as the work inbox, with the demo district: 安委办 sees the submission to accept and the
 * extension to decide, 新合街办 its returned part with the reason and the 督办 to answer; each
 * reaches the place where it is done in one click; the 已办 tab lists what they did. Desktop and phone.
 */

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  await fillDemo(harness.platform);
});
afterAll(() => harness?.close());

/** Signs in and waits for the first item of the 工作台, which every journey here starts from. */
async function login(page: Page, username: string): Promise<void> {
  await harness.login(page, username);
  await page.getByTestId('inbox-item').first().waitFor();
}

const items = (page: Page) => page.getByTestId('inbox-item');

describe('工作台: the work inbox', () => {
  test('安委办 sees what waits for it, filters by kind and reaches the task in one click', async () => {
    const session = await harness.session();
    const { page } = session;
    await login(page, 'awb');
    await page.getByTestId('inbox-count-campaign.accept').waitFor();
    await page.getByTestId('inbox-count-campaign.extension').waitFor();
    // The administrator's platform figures are not on 安委办's 工作台.
    expect(await page.getByTestId('platform-overview').count()).toBe(0);
    // Under the inbox, the campaign as 安委办 runs it: progress, open 督办, who is late.
    await page
      .getByTestId('widget-progress')
      .getByText(/^已验收 \d+ \/ 共 \d+ 项$/)
      .waitFor();
    await expect
      .poll(async () => Number(await page.getByTestId('widget-supervisions').locator('.ant-statistic-content-value').textContent()))
      .toBeGreaterThan(0);
    await page.getByTestId('chart-overdue-by-unit').locator('canvas').waitFor();
    expect(await page.getByTestId('widget-my-parts').count()).toBe(0);
    await settle(page);
    await screenshot(page, 'inbox-01-office');

    await page.getByTestId('inbox-count-campaign.extension').click();
    await expect.poll(() => items(page).count()).toBe(1);
    const extension = items(page).first();
    expect(await extension.textContent()).toContain('检测单位排期至下月');
    expect(await extension.textContent()).toContain('任务 38 · 交通运输局');
    await page.getByTestId('inbox-count-campaign.extension').click();

    await page.getByTestId('inbox-count-campaign.accept').click();
    const accept = items(page).filter({ hasText: '任务 40 · 新筑街办' });
    expect(await accept.textContent()).toContain('待验收');
    await accept.getByTestId('inbox-open').click();
    await page.waitForURL(/\/campaign\/tasks\/[0-9a-f-]{36}$/);
    await page.getByTestId('task-detail').waitFor();
    expect(await page.getByTestId('task-detail').textContent()).toContain('开展城市老旧房屋安全隐患排查');
    await settle(page);
    await screenshot(page, 'inbox-02-office-task');

    await page.goto(`${harness.url}/`);
    await page.getByRole('tab', { name: '已办' }).click();
    await page.getByTestId('done-item').first().waitFor();
    // 已办 lists what the caller did, newest first, ten to a page: the 督办 the demo issued lies a few pages down,
    // behind the other modules' demo work done in 安委办's name.
    await expect
      .poll(
        async () => {
          const found = (await page.getByTestId('done-item').allTextContents()).some((text) => text.includes('下发督办通知'));
          if (!found) await page.locator('.ant-list-pagination:visible .ant-pagination-next').last().click();
          return found;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await settle(page);
    await screenshot(page, 'inbox-03-office-done');
    expect(session.errors).toEqual([]);
    await session.context.close();
  });

  test('a street sees its returned part with the reason and its 督办, coloured by due date, and nothing of other streets', async () => {
    const session = await harness.session();
    const { page } = session;
    await login(page, 'xhjb');
    const returned = items(page).filter({ hasText: '被退回' });
    expect(await returned.textContent()).toContain('理由：缺少派驻执法人员名单和委托执法文书');
    const notice = items(page).filter({ hasText: '待答复督办' });
    expect(await notice.locator('.ant-tag-orange').textContent()).toMatch(/^临期 · \d{4}-\d{2}-\d{2}$/);
    expect(await items(page).filter({ hasText: '新筑街办' }).count()).toBe(0);
    // Under the inbox, the street's own parts by status; none of 安委办's widgets.
    await page
      .getByTestId('widget-my-parts')
      .getByText(/^本单位任务（[1-9]\d* 项）$/)
      .waitFor();
    await page.getByTestId('chart-my-parts').locator('canvas').waitFor();
    expect(await page.getByTestId('widget-progress').count()).toBe(0);
    await settle(page);
    await screenshot(page, 'inbox-04-street');

    await notice.getByTestId('inbox-open').click();
    await page.waitForURL(/\/campaign\/supervisions\/[0-9a-f-]{36}$/);
    await page.getByText('群租房安全专项整治已超过完成时限').waitFor();
    await page.goBack();
    await returned.getByTestId('inbox-open').click();
    await page.waitForURL(/\/campaign\/tasks\/[0-9a-f-]{36}$/);
    await page.getByTestId('task-detail').waitFor();
    expect(session.errors).toEqual([]);
    await session.context.close();
  });

  test('opening a notification, from the bell or from 通知中心, marks it read and follows its link', async () => {
    // The newest notice may come from any module, and the modules' timed jobs (an overdue incident report, an alarm's
    // escalation) add some while the test runs: it follows whichever record page the notice names.
    const recordPage =
      /\/(campaign\/(tasks|supervisions)|hazards|hazard-inspections|major-hazards|monitoring\/(alarms|warnings)|reports|grid\/cases|emergency\/(incidents|command|plans))\/[0-9a-f-]{36}$/;
    const session = await harness.session();
    const { page } = session;
    await login(page, 'xhjb');
    const unread = async () => Number((await page.getByTestId('notification-bell').getAttribute('aria-label'))?.match(/(\d+)/)?.[1]);
    await expect.poll(unread).toBeGreaterThan(1);
    const before = await unread();

    await page.getByTestId('notification-bell').click();
    await page.getByTestId('bell-notification').first().waitFor();
    await settle(page);
    await screenshot(page, 'inbox-07-bell');
    await page.getByTestId('bell-notification').first().click();
    await page.waitForURL(recordPage);
    await expect.poll(unread).toBe(before - 1);

    await page.goto(`${harness.url}/notifications`);
    const first = page.locator('[data-testid="notification-item"]:has(.notification-unread)').first();
    await first.getByTestId('notification-open').click();
    await page.waitForURL(recordPage);
    await expect.poll(unread).toBe(before - 2);
    // The server agrees: the two opened are read for good, not only in this tab.
    const listed = await page.evaluate(() =>
      fetch('/api/notifications?unread=true&pageSize=1').then((r) => r.json() as Promise<{ unread: number }>),
    );
    expect(listed.unread).toBe(before - 2);
    expect(session.errors).toEqual([]);
    await session.context.close();
  });

  test('on a phone (390 px) the inbox reads top to bottom, for the street and for 安委办', async () => {
    for (const [username, name] of [
      ['xhjb', 'inbox-05-phone-street'],
      ['awb', 'inbox-06-phone-office'],
    ] as const) {
      const session = await harness.session({ width: 390, height: 844 });
      const { page } = session;
      await login(page, username);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await settle(page);
      await screenshot(page, name);
      await items(page).first().getByTestId('inbox-open').click();
      // The first item is the most pressing, of whichever module: a campaign part or 督办, or a hazard.
      await page.waitForURL(/\/(campaign\/(tasks|supervisions)|hazards)\/[0-9a-f-]{36}$/);
      expect(session.errors).toEqual([]);
      await session.context.close();
    }
  });
});
