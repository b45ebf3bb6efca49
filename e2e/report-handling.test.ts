import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { anonymous } from '../packages/server/src/platform/actor';
import { createReport } from '../packages/server/src/modules/report/index';
import { apiSession, type Harness, label, screenshot, settle, startHarness } from './harness';

/**
 * 举报办理 in the browser: 安委办 finds a new report in the queue, accepts and assigns it to a street, records the
 * handling, verifies it and closes it with a reply to the reporter; the reporter's identity stays hidden.
 */

let harness: Harness;
let reportCode: string;
const officePassword = 'Awb#Report2024';

async function prepare(url: string): Promise<void> {
  const send = await apiSession(url);
  const orgs = (await send<{ items: { id: string; code: string }[] }>('GET', '/api/orgs?pageSize=2000')).items;
  await send('POST', '/api/users', {
    username: 'awb_report',
    displayName: '安委办李主任',
    orgId: orgs.find((o) => o.code === 'AWB')!.id,
    roles: ['safety_office'],
    password: officePassword,
    mustChangePassword: false,
  });
  // A real-name report from the public page, as INTAKE's service files it.
  const created = await harness.platform.db.transaction((tx) =>
    createReport(tx, anonymous(null), {
      category: 'fire_exit',
      description: '港务大道某商场一楼东侧安全出口被货物堵死，晚上营业时人很多',
      address: '港务大道 188 号',
      placeName: '港务大道某商场',
      reportedOrgName: '某商场',
      anonymous: false,
      reporter: { name: '王举报', phone: '13912345678' },
      photoIds: [],
      channel: 'web',
    }),
  );
  reportCode = created.code;
}

beforeAll(async () => {
  harness = await startHarness();
  await prepare(harness.url);
});
afterAll(() => harness?.close());

/** Takes an action from the report's page through its modal, filling what `fill` fills. */
async function act(page: Page, action: string, fill: () => Promise<void> = async () => {}): Promise<void> {
  await page.getByTestId(`report-action-${action}`).click();
  await page.getByTestId('report-action-form').waitFor();
  await fill();
  await page.getByTestId('report-action-ok').click();
  await page.getByTestId('report-action-form').waitFor({ state: 'detached' });
}

describe('举报办理', () => {
  test('安委办 assigns a report from the queue and closes it with a reply', async () => {
    const session = await harness.session();
    const { page } = session;
    await harness.login(page, 'awb_report', officePassword);
    await page.goto(`${harness.url}/reports`);
    const row = page.getByTestId('report-table').locator('tr', { hasText: reportCode });
    await row.waitFor();
    // The queue says real-name, never who.
    expect(await row.textContent()).toContain('实名');
    expect(await page.getByTestId('report-table').textContent()).not.toContain('王举报');
    await settle(page, { scrollToTop: false });
    await screenshot(page, 'report-handling-01-queue');

    // Bulk triage: select it and accept.
    await row.locator('input[type="checkbox"]').check();
    await page.getByTestId('report-bulk-accept').click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: label('批量受理') })
      .click();
    await row.getByText('已受理').waitFor();

    await row.getByTestId('report-open').click();
    await page.getByTestId('report-code').waitFor();
    await act(page, 'assign', async () => {
      await page.getByTestId('report-assign-org').click();
      await page.keyboard.type('新筑街');
      await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: '新筑街' }).first().click();
    });
    await page.getByTestId('report-status').getByText('已交办').waitFor();
    await act(page, 'handle', async () => {
      await page.getByTestId('report-outcome').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '已解决' }).click();
      await page.getByTestId('report-note').fill('街道会同消防救援站现场检查，商场已清理安全出口货物');
    });
    await act(page, 'verify');
    await page.getByTestId('report-status').getByText('已核查').waitFor();
    await settle(page, { scrollToTop: false });
    await screenshot(page, 'report-handling-02-verified');
    await act(page, 'close', async () => {
      await page.getByTestId('report-reply').fill('经核查，您反映的安全出口堵塞问题已整改到位，感谢您的举报。');
    });
    await page.getByTestId('report-status').getByText('已办结').waitFor();
    await page.getByTestId('report-reply-shown').waitFor();
    const timeline = await page.getByTestId('report-timeline').textContent();
    for (const step of ['受理', '交办', '办理', '核查通过', '办结并答复']) expect(timeline).toContain(step);
    // 安委办 does not hold report.identity: the identity card says it is confidential, with no way to open it.
    expect(await page.getByTestId('report-identity-card').textContent()).toContain('举报人身份保密');
    expect(await page.getByTestId('report-view-identity').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain('13912345678');
    await settle(page, { scrollToTop: false });
    await screenshot(page, 'report-handling-03-closed');

    await page.goto(`${harness.url}/reports/stats`);
    await page.getByTestId('report-stats-chart').waitFor();
    expect(await page.getByTestId('report-closure-rate').textContent()).toContain('100.0%');
    await settle(page, { scrollToTop: false });
    await screenshot(page, 'report-handling-04-stats');
    expect(session.errors).toEqual([]);
    await session.context.close();
  }, 120_000);
});
