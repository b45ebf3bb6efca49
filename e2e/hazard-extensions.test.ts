import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiSession, type Harness, screenshot, settle, startHarness } from './harness';

/**
 * 隐患延期 on a hazard's page: the responsible enterprise sees its deadline counting down and asks for more
 * time; the sector's department approves and the deadline moves; on a phone the card reads the same.
 */

let harness: Harness;
let hazardId: string;
const unitPassword = 'Qy#HazExt2024';
const deptPassword = 'Yjglj#HazExt2024';

/** The Asia/Shanghai day `days` from now, as the server counts. */
const shanghaiDay = (days: number): string => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** The enterprise, its user, the department's user and one hazard due in two days, through the API as the administrator. */
async function prepare(url: string): Promise<void> {
  const send = await apiSession(url);
  const orgs = async () => (await send<{ items: { id: string; code: string }[] }>('GET', '/api/orgs?pageSize=2000')).items;
  const orgId = (items: { id: string; code: string }[], code: string) => items.find((o) => o.code === code)!.id;
  await send('POST', '/api/orgs', {
    code: 'QY-EXT1',
    name: '西港延期演示物流有限公司',
    type: 'enterprise',
    parentId: orgId(await orgs(), 'XZJB'),
  });
  const items = await orgs();
  const user = (username: string, displayName: string, org: string, role: string, password: string) =>
    send('POST', '/api/users', { username, displayName, orgId: orgId(items, org), roles: [role], password, mustChangePassword: false });
  await user('qy_hazext', '物流公司王安全员', 'QY-EXT1', 'enterprise', unitPassword);
  await user('yjglj_hazext', '应急局赵科长', 'YJGLJ', 'department', deptPassword);
  const created = await send<{ id: string }>('POST', '/api/hazards', {
    title: '仓库消防通道堆放货物',
    level: '一般',
    responsibleOrgId: orgId(items, 'QY-EXT1'),
    departmentId: orgId(items, 'YJGLJ'),
    foundAt: new Date().toISOString(),
    deadline: shanghaiDay(2),
    category: 'fire',
  });
  hazardId = created.id;
}

beforeAll(async () => {
  harness = await startHarness();
  await prepare(harness.url);
});
afterAll(() => harness?.close());

describe('隐患延期', () => {
  test('the enterprise asks for more time; the department approves and the deadline moves', async () => {
    const later = shanghaiDay(20);
    const session = await harness.session();
    const { page } = session;
    await harness.login(page, 'qy_hazext', unitPassword);
    await page.goto(`${harness.url}/hazards/${hazardId}`);
    const card = page.getByTestId('hazard-extensions');
    await card.getByTestId('hazard-deadline').waitFor();
    expect(await card.getByTestId('hazard-deadline').getAttribute('data-state')).toBe('due_soon');
    expect(await card.getByTestId('hazard-deadline').textContent()).toContain('临期：还剩 2 天');
    await page.getByTestId('hazard-extension-request').click();
    await page.getByTestId('hazard-extension-date').click();
    await page.keyboard.type(later);
    await page.keyboard.press('Enter');
    await page.getByTestId('hazard-extension-reason').fill('消防通道改造需等待物业审批，申请延期');
    await settle(page, { scrollToTop: false });
    await screenshot(page, 'hazard-extensions-01-request');
    await page
      .getByRole('button', { name: /^申请延期$/ })
      .last()
      .click();
    await card.getByText('待审批').waitFor();
    // One request at a time: the button is gone while it waits.
    await page.getByTestId('hazard-extension-request').waitFor({ state: 'detached', timeout: 5000 });
    await card.scrollIntoViewIfNeeded();
    await settle(page, { scrollToTop: false });
    await screenshot(page, 'hazard-extensions-02-requested');
    expect(session.errors).toEqual([]);
    await session.context.close();

    const dept = await harness.session();
    await harness.login(dept.page, 'yjglj_hazext', deptPassword);
    await dept.page.goto(`${harness.url}/hazards/${hazardId}`);
    await dept.page.getByTestId('hazard-extension-approve').click();
    await dept.page.getByRole('dialog').getByText(`同意将期限延至 ${later}？`).waitFor();
    await dept.page
      .getByRole('dialog')
      .getByRole('button', { name: /同意延期/ })
      .click();
    const deptCard = dept.page.getByTestId('hazard-extensions');
    await deptCard.getByText('已同意').waitFor();
    expect(await deptCard.getByTestId('hazard-deadline').textContent()).toContain(later);
    expect(await deptCard.getByTestId('hazard-deadline').getAttribute('data-state')).toBe('on_time');
    await deptCard.scrollIntoViewIfNeeded();
    await settle(dept.page, { scrollToTop: false });
    await screenshot(dept.page, 'hazard-extensions-03-approved');
    expect(dept.errors).toEqual([]);
    await dept.context.close();
  });

  test('on a phone the deadline and the history read the same', async () => {
    const session = await harness.session({ width: 390, height: 844 });
    const { page } = session;
    await harness.login(page, 'qy_hazext', unitPassword);
    await page.goto(`${harness.url}/hazards/${hazardId}`);
    const card = page.getByTestId('hazard-extensions');
    await card.getByText('已同意').waitFor();
    await card.scrollIntoViewIfNeeded();
    await settle(page, { scrollToTop: false });
    await screenshot(page, 'hazard-extensions-04-phone');
    expect(session.errors).toEqual([]);
    await session.context.close();
  });
});
