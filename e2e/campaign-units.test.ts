import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiSend, type Harness, adminPassword, apiSession, label, screenshot, settle, startHarness } from './harness';

/**
 * 新建创建工作 after a reorganisation: 应急管理局 has since been given another code, so the plan's unit YJGLJ is not in
 * today's tree. The dialog's 责任单位对应 opens by itself, marks the unit as needing a choice, the office picks the
 * org that holds its duties now, and the campaign's parts for that unit go to it.
 */

let harness: Harness;
let admin: ApiSend;
let renamed: { id: string; code: string };

beforeAll(async () => {
  harness = await startHarness();
  admin = await apiSession(harness.url);
  const { items } = await admin<{ items: { id: string; code: string }[] }>('GET', '/api/orgs?pageSize=2000');
  const emergency = items.find((o) => o.code === 'YJGLJ')!;
  renamed = await admin<{ id: string; code: string }>('PATCH', `/api/orgs/${emergency.id}`, { code: 'YJGLJ2024' });
});
afterAll(() => harness?.close());

describe('创建工作: units of the plan mapped to today’s orgs', () => {
  test('a unit missing from the tree is chosen in the dialog and its parts go to the chosen org', async () => {
    const { page, errors } = await harness.session();
    await harness.login(page, 'admin', adminPassword);
    await page.goto(`${harness.url}/campaign`);
    await page.getByTestId('campaign-create').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('campaign-title').fill('国家安全发展示范城市创建（机构改革后）');

    const mapping = dialog.getByTestId('campaign-unit-mapping');
    await expect.poll(() => mapping.textContent()).toContain('1 个需选择');
    const row = mapping.locator('[data-testid="campaign-unit-row"][data-code="YJGLJ"]');
    await row.getByText('组织机构中没有此单位，请选择').first().waitFor();
    await row.scrollIntoViewIfNeeded();
    await settle(page, { scrollToTop: false });
    await screenshot(page, 'campaign-units-missing', { fullPage: false });

    await row.locator('.ant-select').click();
    await page.keyboard.type('应急管理局');
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: '应急管理局' }).first().click();
    await expect.poll(() => mapping.textContent()).toContain('0 个需选择');
    await dialog.getByRole('button', { name: label('保存') }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForURL(/\/campaign\/[0-9a-f-]{36}$/);

    const campaignId = /\/campaign\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    const theirs = await admin<{ total: number }>('GET', `/api/campaigns/${campaignId}/tasks?orgId=${renamed.id}&pageSize=200`);
    expect(theirs.total).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
