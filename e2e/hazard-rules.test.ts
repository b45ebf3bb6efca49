import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiSession, type Harness, screenshot, settle, startHarness } from './harness';

/**
 * 隐患规则设置 and 判定标准库 (/hazards/settings, /hazards/standards): 安委办 changes the review period and the
 * escalation ladder (a ladder out of order is refused on its field), adds a clause and deactivates a built-in
 * one; a department user reads both on a phone, each rule with its source and whether it was verified.
 */

let harness: Harness;
const officePassword = 'Awb#HazRules2024';
const unitPassword = 'Yjglj#HazRules2024';

/** Creates the two people of the journey through the API, as the administrator. */
async function createUsers(url: string): Promise<void> {
  const send = await apiSession(url);
  const { items } = await send<{ items: { id: string; code: string }[] }>('GET', '/api/orgs?pageSize=2000');
  const orgId = (code: string) => items.find((o) => o.code === code)!.id;
  const user = (username: string, displayName: string, org: string, role: string, password: string) =>
    send('POST', '/api/users', { username, displayName, orgId: orgId(org), roles: [role], password, mustChangePassword: false });
  await user('awb_hazrules', '安委办钱科长', 'AWB', 'safety_office', officePassword);
  await user('yjglj_hazrules', '应急局李干事', 'YJGLJ', 'department', unitPassword);
}

beforeAll(async () => {
  harness = await startHarness();
  await createUsers(harness.url);
});
afterAll(() => harness?.close());

const newClause = '第一条（试录）';

describe('隐患规则设置与判定标准库', () => {
  test('安委办 changes the settings and maintains the library', async () => {
    const session = await harness.session();
    const { page } = session;
    await harness.login(page, 'awb_hazrules', officePassword);
    await page.goto(`${harness.url}/hazards/settings`);
    await page.getByTestId('hazard-settings-table').waitFor();
    expect(await page.getByTestId('setting-value-reviewDays').textContent()).toBe('10 天');
    expect(await page.getByTestId('hazard-settings-updated').textContent()).toContain('默认');
    // The review period is verified (local rules), the repeat window a local choice, unverified.
    expect(await page.getByTestId('rule-verified').count()).toBe(1);
    expect(await page.getByTestId('rule-unverified').count()).toBe(3);
    await settle(page);
    await screenshot(page, 'hazard-rules-01-settings');

    await page.getByTestId('hazard-settings-edit').click();
    const form = page.getByTestId('hazard-settings-form');
    await page.getByTestId('settings-reviewDays').fill('7');
    // A ladder whose days go down is refused by the server on the step's field.
    await page.getByTestId('escalation-days-1').fill('0');
    await page.getByTestId('hazard-settings-save').click();
    await form.getByText('逾期天数须逐级增加').waitFor();
    await settle(page);
    await screenshot(page, 'hazard-rules-02-settings-invalid');
    await page.getByTestId('escalation-days-1').fill('5');
    await page.getByTestId('hazard-settings-save').click();
    await form.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('setting-value-reviewDays').textContent()).toBe('7 天');
    expect(await page.getByTestId('setting-value-escalation').textContent()).toContain('逾期 5 天起通知责任单位');
    expect(await page.getByTestId('hazard-settings-updated').textContent()).toContain('安委办钱科长');

    await page.goto(`${harness.url}/hazards/standards`);
    const gb = page.getByTestId('standard-gb35181-2017');
    await gb.waitFor();
    expect(await gb.getByTestId('rule-unverified').count()).toBe(1);
    expect(await gb.textContent()).toContain('GB 35181-2017');
    expect(await page.getByTestId('standard-minbao-2023').getByTestId('rule-verified').count()).toBe(1);
    await settle(page);
    await screenshot(page, 'hazard-rules-03-standards');

    // A clause entered for the verified document that ships without clauses.
    await page.getByTestId('add-clause-minbao-2023').click();
    await page.getByTestId('clause-number').fill(newClause);
    await page.getByTestId('clause-text').fill('民用爆炸物品生产企业未按规定设置安全距离（管理员按原文录入）');
    await page.getByTestId('clause-save').click();
    await page.getByTestId('clause-form').waitFor({ state: 'hidden' });
    await page.getByTestId('standard-minbao-2023').getByText(newClause).waitFor();

    // A built-in clause is deactivated, not deleted.
    await gb.getByRole('button', { name: /停\s*用 6\.4/ }).click();
    await page.getByRole('button', { name: /^确\s*定$|^OK$/ }).click();
    await page.getByText('已停用（内置或已被隐患引用，不能删除）').waitFor();
    await expect.poll(() => gb.getByTestId('clause-6.4').textContent()).toContain('已停用');
    await settle(page);
    await screenshot(page, 'hazard-rules-04-standards-edited');
    expect(session.errors).toEqual([]);
    await session.context.close();
  });

  test('a department user reads both pages on a phone', async () => {
    const session = await harness.session({ width: 390, height: 844 });
    const { page } = session;
    await harness.login(page, 'yjglj_hazrules', unitPassword);
    await page.goto(`${harness.url}/hazards/settings`);
    await page.getByTestId('hazard-settings-table').waitFor();
    expect(await page.getByTestId('setting-value-reviewDays').textContent()).toBe('7 天');
    expect(await page.getByTestId('hazard-settings-edit').count()).toBe(0);
    await settle(page);
    await screenshot(page, 'hazard-rules-05-phone-settings');
    await page.goto(`${harness.url}/hazards/standards`);
    await page.getByTestId('standard-minbao-2023').getByText(newClause).waitFor();
    expect(await page.getByTestId('standard-create').count()).toBe(0);
    expect(await page.getByTestId('add-clause-minbao-2023').count()).toBe(0);
    await settle(page);
    await screenshot(page, 'hazard-rules-06-phone-standards');
    expect(session.errors).toEqual([]);
    await session.context.close();
  });
});
