import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiSession, type Harness, screenshot, settle, startHarness } from './harness';

/**
 * 风险分级规则 (/risk/settings): 安委办 changes the LEC thresholds and their source, sees the new bands
 * and who changed them; the calculators grade by the new rule; a department user sees the rules
 * read-only. Desktop and phone.
 */

let harness: Harness;
const officePassword = 'Awb#Grading2024';
const unitPassword = 'Yjglj#Grading2024';

/** Creates the two people of the journey through the API, as the administrator. */
async function createUsers(url: string): Promise<void> {
  const send = await apiSession(url);
  const { items } = await send<{ items: { id: string; code: string }[] }>('GET', '/api/orgs?pageSize=2000');
  const orgId = (code: string) => items.find((o) => o.code === code)!.id;
  const user = (username: string, displayName: string, org: string, role: string, password: string) =>
    send('POST', '/api/users', { username, displayName, orgId: orgId(org), roles: [role], password, mustChangePassword: false });
  await user('awb_rules', '安委办赵科长', 'AWB', 'safety_office', officePassword);
  await user('yjglj_rules', '应急局孙干事', 'YJGLJ', 'department', unitPassword);
}

beforeAll(async () => {
  harness = await startHarness();
  await createUsers(harness.url);
});
afterAll(() => harness?.close());

async function openSettings(page: Page): Promise<void> {
  await page.goto(`${harness.url}/risk/settings`);
  await page.getByTestId('settings-lec').waitFor();
}

const band = (page: Page, method: 'lec' | 'ls', level: string) =>
  page.getByTestId(`settings-${method}`).getByTestId(`band-${level}`).first();
const newSource = '本区安委办 2026 年分级规定（试行），待与省规定核对';

describe('风险分级规则', () => {
  test('安委办 changes the LEC thresholds; the calculators grade by them', async () => {
    const session = await harness.session();
    const { page } = session;
    await harness.login(page, 'awb_rules', officePassword);
    await openSettings(page);

    // The defaults: D ≥ 320 重大 … D < 70 低, from an unverified source, never changed.
    expect(await band(page, 'lec', 'major').textContent()).toBe('D ≥ 320');
    expect(await band(page, 'lec', 'low').textContent()).toBe('D < 70');
    expect(await page.getByTestId('settings-lec').getByTestId('settings-unverified').first().isVisible()).toBe(true);
    expect(await page.getByTestId('settings-updated').textContent()).toContain('默认');
    // LS offers the literature's variants A, B and C with their sources.
    for (const key of ['A', 'B', 'C']) await page.getByTestId(`settings-preset-${key}`).waitFor();
    await settle(page);
    await screenshot(page, 'risk-settings-01-defaults');

    await page.getByTestId('settings-edit-lec').click();
    const form = page.getByTestId('settings-form-lec');
    // Thresholds that do not decrease are refused on the field, with the domain's message.
    await form.getByLabel('重大风险起点').fill('100');
    await page.getByTestId('settings-save-lec').click();
    await form.getByText('阈值须满足 重大 > 较大 > 一般').waitFor();
    await settle(page);
    await screenshot(page, 'risk-settings-02-invalid');

    await form.getByLabel('重大风险起点').fill('320');
    await form.getByLabel('一般风险起点').fill('130');
    await form.getByLabel('依据（中文）').fill(newSource);
    await form
      .getByLabel('依据（英文）')
      .fill('The district safety office’s grading rules 2026 (trial), to be checked against the province’s');
    await page.getByTestId('settings-save-lec').click();
    await form.waitFor({ state: 'hidden' });
    expect(await band(page, 'lec', 'general').textContent()).toBe('130 ≤ D < 160');
    expect(await band(page, 'lec', 'low').textContent()).toBe('D < 130');
    expect(await page.getByTestId('settings-lec').getByTestId('settings-source').first().textContent()).toContain(newSource);
    // Still marked unverified: the box was left unticked.
    expect(await page.getByTestId('settings-lec').getByTestId('settings-unverified').first().isVisible()).toBe(true);
    expect(await page.getByTestId('settings-updated').textContent()).toContain('安委办赵科长');
    await settle(page);
    await screenshot(page, 'risk-settings-03-saved');

    // LS: variant B picked from the presets, with its source.
    await page.getByRole('button', { name: /采\s*用 方案B/ }).click();
    await page.getByTestId('settings-save-ls').click();
    await page.getByTestId('settings-form-ls').waitFor({ state: 'hidden' });
    expect(await band(page, 'ls', 'significant').textContent()).toBe('15 ≤ R < 20');
    expect(await page.getByTestId('settings-ls').getByTestId('settings-source').first().textContent()).toContain('常见做法');

    // The calculators' LEC endpoint grades by the stored rule: L 3 × E 6 × C 7 = 126 is now 低 (was 一般).
    await page.goto(`${harness.url}/risk/calculators`);
    await expect.poll(() => page.getByTestId('lec-D').textContent()).toBe('126');
    await expect.poll(() => page.getByTestId('lec-level').getAttribute('data-level')).toBe('low');
    expect(session.errors).toEqual([]);
    await session.context.close();
  });

  test('a department user sees the rules read-only, on a phone', async () => {
    const session = await harness.session({ width: 390, height: 844 });
    const { page } = session;
    await harness.login(page, 'yjglj_rules', unitPassword);
    await openSettings(page);
    await page.getByTestId('settings-read-only').waitFor();
    expect(await band(page, 'lec', 'general').textContent()).toBe('130 ≤ D < 160');
    expect(await page.getByTestId('settings-lec').getByTestId('settings-source').first().textContent()).toContain(newSource);
    expect(await page.getByTestId('settings-edit-lec').count()).toBe(0);
    expect(await page.getByTestId('settings-edit-ls').count()).toBe(0);
    expect(await page.getByRole('button', { name: /采\s*用/ }).count()).toBe(0);
    await settle(page);
    await screenshot(page, 'risk-settings-04-phone-read-only');
    expect(session.errors).toEqual([]);
    await session.context.close();
  });
});
