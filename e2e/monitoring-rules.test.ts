import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiSession, type Harness, screenshot, settle, startHarness } from './harness';

/**
 * 报警规则 (/monitoring/rules): 安委办 adds a rule for every gas device (a threshold with its hysteresis in force) and a
 * rule on one device through the form, sees both with their conditions in words; a department user reads them on a
 * phone, changing only the rule on its own device.
 */

let harness: Harness;
const officePassword = 'Awb#Rules2024';
const unitPassword = 'Yjglj#Rules2024';

/** Creates the people and one gas device through the API, as the administrator. */
async function prepare(url: string): Promise<void> {
  const send = await apiSession(url);
  const { items } = await send<{ items: { id: string; code: string }[] }>('GET', '/api/orgs?pageSize=2000');
  const orgId = (code: string) => items.find((o) => o.code === code)!.id;
  const user = (username: string, displayName: string, org: string, role: string, password: string) =>
    send('POST', '/api/users', { username, displayName, orgId: orgId(org), roles: [role], password, mustChangePassword: false });
  await user('awb_rules', '安委办周科长', 'AWB', 'safety_office', officePassword);
  await user('yjglj_rules', '应急局吴干事', 'YJGLJ', 'department', unitPassword);
  await send('POST', '/api/devices', {
    code: 'GAS-GL-001',
    name: '综合管廊燃气舱1号探测器',
    type: 'pipe_gallery',
    orgId: orgId('YJGLJ'),
    metrics: [
      { key: 'gas_lel', unit: '%LEL' },
      { key: 'o2', unit: '%VOL' },
    ],
  });
}

beforeAll(async () => {
  harness = await startHarness();
  await prepare(harness.url);
});
afterAll(() => harness?.close());

/** Picks an option of an antd Select by its visible text. */
async function choose(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

describe('报警规则', () => {
  test('安委办 adds a rule for a device type and one for a device', async () => {
    const session = await harness.session();
    const { page } = session;
    await harness.login(page, 'awb_rules', officePassword);
    await page.goto(`${harness.url}/monitoring/rules`);
    await page.getByTestId('rule-table').waitFor();

    await page.getByTestId('rule-new').click();
    await page.getByTestId('rule-name').fill('燃气管网压力过低');
    await page.getByTestId('rule-form').getByText('设备类型', { exact: true }).click();
    await choose(page, 'rule-device-type', '燃气');
    await choose(page, 'rule-metric', '压力（pressure');
    await choose(page, 'rule-op', '<');
    await page.getByTestId('rule-form').getByLabel('阈值', { exact: true }).fill('0.2');
    await page.getByTestId('rule-level').getByText('橙色（二级）').click();
    await settle(page);
    await screenshot(page, 'monitoring-rules-01-form');
    await page.getByTestId('rule-save').click();
    await page.getByText('规则已保存').waitFor();

    await page.getByTestId('rule-new').click();
    await page.getByTestId('rule-name').fill('管廊可燃气体超限');
    await choose(page, 'rule-device', 'GAS-GL-001');
    await choose(page, 'rule-metric', 'gas_lel');
    await choose(page, 'rule-op', '>=');
    await page.getByTestId('rule-form').getByLabel('阈值', { exact: true }).fill('25');
    await page.getByTestId('rule-level').getByText('红色（一级）').click();
    await page.getByTestId('rule-save').click();
    await page.getByText('规则已保存').last().waitFor();

    const conditions = page.getByTestId('rule-condition');
    await expect.poll(() => conditions.count()).toBe(2);
    const texts = await conditions.allTextContents();
    expect(texts.sort(), JSON.stringify(texts)).toEqual([
      '超限（持续）：< 0.2 MPa，回差 0.01 MPa',
      '超限（持续）：>= 25 %LEL，回差 1.25 %LEL',
    ]);
    await settle(page);
    await screenshot(page, 'monitoring-rules-02-list');
    expect(session.errors).toEqual([]);
    await session.context.close();
  });

  test('a department user reads the rules on a phone and may change only the rule on its device', async () => {
    const session = await harness.session({ width: 390, height: 844 });
    const { page } = session;
    await harness.login(page, 'yjglj_rules', unitPassword);
    await page.goto(`${harness.url}/monitoring/rules`);
    await page.getByTestId('rule-table').waitFor();
    await expect.poll(() => page.getByTestId('rule-condition').count()).toBe(2);
    // A department adds rules for the devices in its reach; the district-wide type rule is not its to change.
    expect(await page.getByTestId('rule-new').count()).toBe(1);
    expect(await page.getByTestId('rule-edit').count()).toBe(1);
    await settle(page);
    await screenshot(page, 'monitoring-rules-03-phone');
    expect(session.errors).toEqual([]);
    await session.context.close();
  });
});
