import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiSend, apiSession, type Harness, screenshot, settle, startHarness } from './harness';

/**
 * The loop's loose ends in the browser: the hazard list's deadline tag follows the due-soon days 安委办 sets (the
 * server stands each row), and a hazard is reclassified from its page — up to 重大 by the unit with its basis,
 * down to 一般 by the sector's department.
 */

let harness: Harness;
let generalId: string;
let majorId: string;
let send: <T>(method: 'GET' | 'POST' | 'PUT', apiPath: string, body?: unknown, as?: 'admin' | 'office') => Promise<T>;
const unitPassword = 'Qy#LoopEnds2024';
const deptPassword = 'Yjglj#LoopEnds2024';
const officePassword = 'Awb#LoopEnds2024';
const generalTitle = '危化品仓库防泄漏围堰破损';

/** The Asia/Shanghai day `days` from now, as the server counts. */
const shanghaiDay = (days: number): string => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** The enterprise, its user, the department's and 安委办's users, and a 一般 and a 重大 hazard, through the API. */
async function prepare(url: string): Promise<void> {
  const sessions: Partial<Record<'admin' | 'office', ApiSend>> = { admin: await apiSession(url) };
  send = <T>(method: 'GET' | 'POST' | 'PUT', apiPath: string, body?: unknown, as: 'admin' | 'office' = 'admin') =>
    sessions[as]!<T>(method, apiPath, body);
  const orgs = async () => (await send<{ items: { id: string; code: string }[] }>('GET', '/api/orgs?pageSize=2000')).items;
  const orgId = (items: { id: string; code: string }[], code: string) => items.find((o) => o.code === code)!.id;
  await send('POST', '/api/orgs', {
    code: 'QY-LE1',
    name: '西港定级演示化工有限公司',
    type: 'enterprise',
    parentId: orgId(await orgs(), 'XZJB'),
  });
  const items = await orgs();
  const user = (username: string, displayName: string, org: string, role: string, password: string) =>
    send('POST', '/api/users', { username, displayName, orgId: orgId(items, org), roles: [role], password, mustChangePassword: false });
  await user('qy_loopends', '化工公司孙安全员', 'QY-LE1', 'enterprise', unitPassword);
  await user('yjglj_loopends', '应急局钱科长', 'YJGLJ', 'department', deptPassword);
  await user('awb_loopends', '安委办周主任', 'AWB', 'safety_office', officePassword);
  sessions.office = await apiSession(url, 'awb_loopends', officePassword);
  const hazard = (title: string, extra: Record<string, unknown>) =>
    send<{ id: string }>('POST', '/api/hazards', {
      title,
      responsibleOrgId: orgId(items, 'QY-LE1'),
      departmentId: orgId(items, 'YJGLJ'),
      foundAt: new Date().toISOString(),
      category: 'hazardous_chemicals',
      ...extra,
    });
  generalId = (await hazard(generalTitle, { level: '一般', deadline: shanghaiDay(5) })).id;
  majorId = (
    await hazard('液氨储罐区紧急切断装置失效', {
      level: '重大',
      deadline: shanghaiDay(60),
      majorBasis: '《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》第十项',
    })
  ).id;
}

/** Sets the due-soon days as 安委办 (hazard.manage), keeping the other settings. */
async function dueSoonDays(days: number): Promise<void> {
  const { settings } = await send<{ settings: Record<string, unknown> }>('GET', '/api/hazards/settings', undefined, 'office');
  await send('PUT', '/api/hazards/settings', { ...settings, dueSoonDays: days }, 'office');
}

beforeAll(async () => {
  harness = await startHarness();
  await prepare(harness.url);
});
afterAll(() => harness?.close());

describe('隐患闭环：期限和定级', () => {
  test('the list’s deadline tag follows the due-soon days set by 安委办', async () => {
    const session = await harness.session();
    const { page } = session;
    await harness.login(page, 'qy_loopends', unitPassword);
    await page.goto(`${harness.url}/hazards`);
    const tag = page.getByRole('row').filter({ hasText: generalTitle }).getByTestId('hazard-deadline');
    await tag.waitFor();
    expect(await tag.getAttribute('data-state')).toBe('on_time');
    expect(await tag.textContent()).toContain(shanghaiDay(5));

    await dueSoonDays(7);
    await page.reload();
    await tag.waitFor();
    expect(await tag.getAttribute('data-state')).toBe('due_soon');
    expect(await tag.textContent()).toContain('临期：还剩 5 天');
    await settle(page, { scrollToTop: false });
    await screenshot(page, 'hazard-loop-ends-01-list-due-soon');
    await dueSoonDays(3);
    expect(session.errors).toEqual([]);
    await session.context.close();
  });

  test('the unit reclassifies its 一般 hazard as 重大 with the basis; the department takes a 重大 one down to 一般', async () => {
    const unit = await harness.session();
    await harness.login(unit.page, 'qy_loopends', unitPassword);
    await unit.page.goto(`${harness.url}/hazards/${generalId}`);
    await unit.page.getByTestId('hazard-action-reclassify').click();
    const dialog = unit.page.getByRole('dialog');
    await dialog.getByTestId('action-reclassify-target').waitFor();
    expect(await dialog.getByTestId('action-reclassify-target').textContent()).toContain('调整为重大事故隐患');
    // The basis is required on the way up: the form says so before the server would.
    await dialog.getByTestId('action-reason').fill('复核发现围堰破损处紧邻液氨储罐，构成重大隐患');
    await dialog.getByRole('button', { name: /调整隐患等级/ }).click();
    await dialog.getByText('请填写重大隐患判定依据').waitFor();
    await dialog.getByTestId('action-majorBasis').fill('《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》第十项');
    await settle(unit.page, { scrollToTop: false });
    await screenshot(unit.page, 'hazard-loop-ends-02-reclassify-up');
    await dialog.getByRole('button', { name: /调整隐患等级/ }).click();
    await unit.page.getByTestId('hazard-level').and(unit.page.locator('[data-level="重大"]')).waitFor();
    expect(await unit.page.getByTestId('hazard-status').getAttribute('data-status')).toBe('registered');
    await unit.page.getByTestId('hazard-action-report').waitFor();
    expect(unit.errors).toEqual([]);
    await unit.context.close();

    const dept = await harness.session();
    await harness.login(dept.page, 'yjglj_loopends', deptPassword);
    await dept.page.goto(`${harness.url}/hazards/${majorId}`);
    await dept.page.getByTestId('hazard-action-reclassify').click();
    const down = dept.page.getByRole('dialog');
    expect(await down.getByTestId('action-reclassify-target').textContent()).toContain('调整为一般事故隐患');
    // No basis on the way down.
    expect(await down.getByTestId('action-majorBasis').count()).toBe(0);
    await down.getByTestId('action-reason').fill('现场复核：紧急切断装置已恢复，仅信号线松动，不构成重大隐患');
    await settle(dept.page, { scrollToTop: false });
    await screenshot(dept.page, 'hazard-loop-ends-03-reclassify-down');
    await down.getByRole('button', { name: /调整隐患等级/ }).click();
    await dept.page.getByTestId('hazard-level').and(dept.page.locator('[data-level="一般"]')).waitFor();
    await dept.page.getByTestId('hazard-timeline').getByText('调整为一般事故隐患').waitFor();
    await settle(dept.page, { scrollToTop: false });
    await screenshot(dept.page, 'hazard-loop-ends-04-reclassified');
    expect(dept.errors).toEqual([]);
    await dept.context.close();
  });
});
