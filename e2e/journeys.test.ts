import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Harness, type Session, adminPassword, label, screenshot, startHarness } from './harness';

/**
 * The main journeys of the platform foundation, in order, on one server: an administrator sets up a
 * community and a street-office account; the street office then works within its own street.
 */

const streetPassword = 'Street#2024ok';
const streetNewPassword = 'Xinzhu#2025safe';

let harness: Harness;
let admin: Session;

async function login(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel(label('用户名')).fill(username);
  await page.getByLabel(label('密码')).fill(password);
  await page.getByRole('button', { name: label('登录') }).click();
}

/** Opens an antd TreeSelect, types to filter, and picks the org with that label. */
async function pickOrg(page: Page, field: ReturnType<Page['locator']>, name: string): Promise<void> {
  await field.click();
  await page.keyboard.type(name);
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: name }).first().click();
}

/** Opens an antd Select and picks the option with that text. */
async function pickOption(page: Page, field: ReturnType<Page['locator']>, text: string): Promise<void> {
  await field.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

/** Waits until fonts, charts and the map have drawn, so screenshots show the finished page. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(600);
}

beforeAll(async () => {
  harness = await startHarness();
  admin = await harness.session();
});

afterAll(async () => {
  await harness?.close();
});

describe('CitySafe web', () => {
  test('the administrator logs in to the Chinese UI and sees the dashboard', async () => {
    const { page } = admin;
    await page.goto(`${harness.url}/`);
    await page.waitForURL(/\/login/);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await settle(page);
    await screenshot(page, '01-login');

    await login(page, harness.url, 'admin', adminPassword);
    await page.getByTestId('welcome').waitFor();
    expect(await page.getByTestId('welcome').textContent()).toBe('您好，系统管理员');
    for (const entry of ['工作台', '组织机构', '用户管理', '角色权限', '审计日志', '通知中心', '消息推送', '接口令牌']) {
      await page.locator('.ant-menu').getByText(entry, { exact: true }).waitFor();
    }
    // Modules still being built are listed, greyed out.
    await page.locator('.ant-menu-item-disabled', { hasText: '执法' }).getByText('建设中').waitFor();
    expect(await page.getByTestId('district-name').textContent()).toContain('西安国际港务区');
    // The 工作台 opens with the inbox; the platform's figures are the administrator's, folded below it.
    await page.getByTestId('inbox').waitFor();
    // The platform's health for the administrator: a fresh installation has never been backed up.
    await page.getByTestId('health-backup').getByText('从未备份').waitFor();
    expect(await page.getByTestId('health-jobs').locator('.ant-statistic-content-value').textContent()).toBe('0');
    await page.getByTestId('platform-overview').click();
    await page.locator('[data-testid="map-view"] canvas').waitFor();
    await page.locator('[data-testid="chart-org-types"] canvas').waitFor();
    await expect
      .poll(async () => Number((await page.getByTestId('stat-orgs').locator('.ant-statistic-content-value').textContent()) ?? 0))
      .toBeGreaterThan(30);
    await settle(page);
    await screenshot(page, '02-dashboard');
  });

  test('org admin: a new community under 新筑街办 appears in the tree', async () => {
    const { page } = admin;
    await page.locator('.ant-menu').getByText('组织机构', { exact: true }).click();
    await page.getByTestId('org-node-XZJB').click();
    await page.getByTestId('org-detail').getByText('新筑街道办事处').waitFor();
    await page.getByTestId('org-create-child').click();

    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(label('名称')).fill('枣园社区');
    await dialog.getByLabel(label('简称')).fill('枣园');
    await dialog.getByLabel(label('编码')).fill('bad code');
    await dialog.getByLabel(label('行政区划代码')).fill('61011');
    await dialog.getByRole('button', { name: label('保存') }).click();
    // The contract's own rules refuse the code and the division code before anything is sent.
    await dialog.getByText('编码只能包含字母、数字、下划线和连字符').waitFor();
    await dialog.getByText('行政区划代码为 6 位数字 (GB/T 2260)').waitFor();
    await settle(page);
    await screenshot(page, '03-org-form-errors');

    await dialog.getByLabel(label('编码')).fill('XZJB-ZY');
    await dialog.getByLabel(label('行政区划代码')).fill('610111');
    await dialog.getByRole('button', { name: label('保存') }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('org-node-XZJB-ZY').waitFor();
    await page.getByTestId('org-detail').getByText('社区（村）').waitFor();
    await settle(page);
    await screenshot(page, '04-orgs');

    // The district root cannot go while it has child orgs: said in Chinese, and nothing in the console.
    await page.getByTestId('org-node-GWQ').click();
    await page.getByTestId('org-detail').getByText('西安国际港务区').first().waitFor();
    await page.getByTestId('org-delete').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: label('删除') })
      .click();
    await page.locator('.ant-message').getByText('该机构下还有下级机构，不能删除').waitFor();
    expect(admin.errors).toEqual([]);
  });

  test('user admin: a street user is created, disabled with a reason and shows it on the timeline', async () => {
    const { page } = admin;
    await page.locator('.ant-menu').getByText('用户管理', { exact: true }).click();
    await page.getByTestId('user-table').waitFor();

    const create = async (username: string, name: string, org: string) => {
      await page.getByTestId('user-create').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(label('用户名')).fill(username);
      await dialog.getByLabel(label('姓名')).fill(name);
      await pickOrg(page, dialog.getByTestId('user-org'), org);
      await pickOption(page, dialog.getByTestId('user-roles'), '街办');
      await page.keyboard.press('Escape');
      await dialog.getByLabel(label('初始密码')).fill(streetPassword);
      await dialog.getByRole('button', { name: label('保存') }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('user-table').getByText(username, { exact: true }).waitFor();
    };
    await create('xz_street', '新筑安全员', '新筑街办');
    await create('xh_street', '新合安全员', '新合街办');

    // A username already taken is said once, on the field: no toast repeating it.
    await page.getByTestId('user-create').click();
    const taken = page.getByRole('dialog');
    await taken.getByLabel(label('用户名')).fill('xz_street');
    await taken.getByLabel(label('姓名')).fill('重名');
    await pickOrg(page, taken.getByTestId('user-org'), '新筑街办');
    await pickOption(page, taken.getByTestId('user-roles'), '街办');
    await page.keyboard.press('Escape');
    await taken.getByLabel(label('初始密码')).fill(streetPassword);
    await taken.getByRole('button', { name: label('保存') }).click();
    await taken.locator('.ant-form-item-explain-error').getByText('用户名已存在').waitFor();
    expect(await page.locator('.ant-message-notice', { hasText: '用户名已存在' }).count()).toBe(0);
    await taken.getByRole('button', { name: label('取消') }).click();
    await taken.waitFor({ state: 'hidden' });

    await page.getByTestId('user-more-xz_street').click();
    await page.locator('.ant-dropdown:visible').getByText('停用', { exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: label('停用') }).click();
    await dialog.getByText('请填写原因').waitFor();
    await dialog.getByTestId('reason-input').fill('调离新筑街办');
    await dialog.getByRole('button', { name: label('停用') }).click();

    const drawer = page.getByTestId('user-drawer');
    await drawer.getByTestId('user-timeline').waitFor();
    expect(await drawer.getByTestId('user-timeline').textContent()).toContain('原因：调离新筑街办');
    expect(await drawer.getByTestId('user-timeline').textContent()).toContain('正常 → 停用');
    await settle(page);
    await screenshot(page, '05-user-timeline');

    // Enabled again, so the street office can log in for the journeys below.
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await page.getByTestId('user-more-xz_street').click();
    await page.locator('.ant-dropdown:visible').getByText('启用', { exact: true }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: label('启用') })
      .click();
    await page.getByTestId('user-drawer').getByText('停用 → 正常').waitFor();
    await page.keyboard.press('Escape');
    await settle(page);
    await screenshot(page, '06-users');
  });

  test('the language switches to English and back', async () => {
    const { page } = admin;
    await page.getByTestId('language-switch').click();
    await page.locator('.ant-menu').getByText('Organisations', { exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en-US');
    await page.getByTestId('user-table').getByText('Active').first().waitFor();
    await settle(page);
    await screenshot(page, '07-users-english');
    // The choice is kept on the server too: a reload stays in English.
    await page.reload();
    await page.locator('.ant-menu').getByText('Users', { exact: true }).waitFor();
    await page.getByTestId('language-switch').click();
    await page.locator('.ant-menu').getByText('用户管理', { exact: true }).waitFor();
  });

  test('notification centre: a notification reaches the street user live and is marked read', async () => {
    const street = await harness.session();
    const { page } = street;
    await login(page, harness.url, 'xz_street', streetPassword);

    // Created with a password someone else chose, the account must pick its own first.
    await page.waitForURL(/\/change-password/);
    await page.getByTestId('password-policy').getByText('GB/T 22239-2019').waitFor();
    await settle(page);
    await screenshot(page, '08-change-password');
    await page.getByLabel(label('当前密码')).fill(streetPassword);
    await page.getByLabel(label('新密码')).fill('short');
    await page.getByLabel(label('确认新密码')).fill('short');
    await page.getByRole('button', { name: label('保存') }).click();
    await page.getByText('密码至少 8 位').waitFor();
    await page.getByLabel(label('当前密码')).fill('Not#theRight1');
    await page.getByLabel(label('新密码')).fill(streetNewPassword);
    await page.getByLabel(label('确认新密码')).fill(streetNewPassword);
    await page.getByRole('button', { name: label('保存') }).click();
    // The server's refusal lands on its field, said once.
    await page.locator('.ant-form-item-explain-error').getByText('当前密码不正确').waitFor();
    expect(await page.locator('.ant-message-notice').count()).toBe(0);
    await settle(page);
    await screenshot(page, '08b-change-password-refused');
    await page.getByLabel(label('当前密码')).fill(streetPassword);
    const stream = page.waitForResponse((r) => r.url().endsWith('/api/notifications/stream'));
    await page.getByRole('button', { name: label('保存') }).click();
    await page.getByTestId('welcome').waitFor();
    // "密码已修改" stands alone: no earlier "输入有误" beside it.
    await page.locator('.ant-message').getByText('密码已修改').waitFor();
    expect(await page.locator('.ant-message-notice', { hasText: '输入有误' }).count()).toBe(0);
    await stream;
    await page.getByTestId('notification-bell').waitFor();
    expect(await page.getByTestId('notification-count').locator('.ant-badge-count').count()).toBe(0);

    const { page: adminPage } = admin;
    await adminPage.locator('.ant-menu').getByText('通知中心', { exact: true }).click();
    await adminPage.getByTestId('notification-send').click();
    const dialog = adminPage.getByRole('dialog');
    await dialog.getByLabel(label('标题')).fill('请于本周五前完成辖区隐患自查');
    await dialog.getByLabel(label('内容')).fill('新筑街办：请组织各社区开展燃气、电动自行车充电隐患自查，并上报结果。');
    await dialog.getByTestId('notification-users').click();
    await adminPage.keyboard.type('xz_street');
    await adminPage.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'xz_street' }).click();
    await adminPage.keyboard.press('Escape');
    await settle(adminPage);
    await screenshot(adminPage, '09-send-notification');
    await dialog.getByRole('button', { name: label('发送') }).click();
    await dialog.waitFor({ state: 'hidden' });

    // No reload: the count arrives over the event stream.
    await page.getByTestId('notification-count').getByText('1').waitFor();
    await page.getByText('请于本周五前完成辖区隐患自查').first().waitFor();
    await settle(page);
    await screenshot(page, '10-street-bell');

    await page.getByTestId('notification-bell').click();
    await page.getByTestId('bell-all').click();
    await page.getByTestId('notification-item').first().waitFor();
    await page.getByTestId('notification-mark-read').first().click();
    await expect.poll(() => page.getByTestId('notification-count').locator('.ant-badge-count').count()).toBe(0);
    await settle(page);
    await screenshot(page, '11-notifications');
    expect(street.errors).toEqual([]);
    await street.context.close();
  });

  test('a street user sees the users of their own street only', async () => {
    const street = await harness.session();
    const { page } = street;
    await login(page, harness.url, 'xz_street', streetNewPassword);
    await page.getByTestId('welcome').waitFor();
    const menu = page.locator('.ant-menu');
    await menu.getByText('用户管理', { exact: true }).waitFor();
    expect(await menu.getByText('审计日志', { exact: true }).count()).toBe(0);

    await menu.getByText('用户管理', { exact: true }).click();
    await page.getByTestId('user-table').getByText('xz_street', { exact: true }).waitFor();
    const table = (await page.getByTestId('user-table').textContent()) ?? '';
    expect(table).not.toContain('xh_street');
    expect(table).not.toContain('新合');

    await page.goto(`${harness.url}/audit`);
    await page.getByText('抱歉，您无权访问此页面。').waitFor();
    await settle(page);
    await screenshot(page, '12-street-403');
    expect(street.errors).toEqual([]);
    await street.context.close();
  });

  test('the layout works on a phone', async () => {
    const phone = await harness.session({ width: 390, height: 844 });
    const { page } = phone;
    await login(page, harness.url, 'admin', adminPassword);
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('platform-overview').click();
    await page.locator('[data-testid="map-view"] canvas').waitFor();
    // Screen readers hear the map's controls in Chinese, not MapLibre's "Zoom in".
    expect(await page.locator('[data-testid="map-view"] .maplibregl-ctrl-zoom-in').getAttribute('aria-label')).toBe('放大');
    await settle(page);
    await screenshot(page, '13-phone-dashboard');
    await page.getByTestId('menu-toggle').click();
    await page.locator('.ant-drawer .ant-menu').getByText('用户管理', { exact: true }).waitFor();
    // Menu icons are decorative: no English icon name ("safety-certificate") is announced.
    expect(await page.locator('.ant-drawer [role="img"]:not([aria-hidden="true"])').count()).toBe(0);
    await settle(page);
    await screenshot(page, '14-phone-menu');
    await page.locator('.ant-drawer .ant-menu').getByText('用户管理', { exact: true }).click();
    await page.getByTestId('user-table').getByText('xz_street', { exact: true }).waitFor();
    await settle(page);
    await screenshot(page, '15-phone-users');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });

  test('大字模式 (适老化) raises the text to 18 px, keeps the layout and is remembered', async () => {
    for (const [width, height, name] of [
      [1440, 900, '20-large-text'],
      [390, 844, '21-phone-large-text'],
    ] as const) {
      const session = await harness.session({ width, height });
      const { page } = session;
      await login(page, harness.url, 'admin', adminPassword);
      await page.getByTestId('inbox').waitFor();
      const switcher = page.getByTestId('large-text-switch');
      expect(await switcher.getAttribute('aria-pressed')).toBe('false');
      await switcher.click();
      // Headings scale with it (antd derives them from fontSize): the welcome title grows past its 20 px.
      await expect.poll(() => page.getByTestId('welcome').evaluate((e) => parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThan(20);
      expect(await switcher.getAttribute('aria-pressed')).toBe('true');
      // The body text follows antd's raised fontSize token; nothing sticks out sideways.
      await expect
        .poll(() =>
          page
            .locator('.ant-card-body .ant-typography-secondary')
            .first()
            .evaluate((e) => getComputedStyle(e).fontSize),
        )
        .toBe('18px');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // Remembered on this browser: the next page load opens in large text.
      await page.reload();
      await page.getByTestId('inbox').waitFor();
      expect(await page.getByTestId('large-text-switch').getAttribute('aria-pressed')).toBe('true');
      await settle(page);
      await screenshot(page, name);
      expect(session.errors).toEqual([]);
      await session.context.close();
    }
  });

  test('roles list their permissions by name', async () => {
    const { page } = admin;
    await page.locator('.ant-menu').getByText('角色权限', { exact: true }).click();
    await page.getByText('管理组织机构').first().waitFor();
    await page.getByText('本机构及下级').first().waitFor();
    await settle(page);
    await screenshot(page, '16-roles');
  });

  test('a WeCom robot is added and sent a test message', async () => {
    const { page } = admin;
    await page.locator('.ant-menu').getByText('消息推送', { exact: true }).click();
    await page.getByRole('button', { name: label('新建推送') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(label('名称')).fill('安委办值班群');
    // Loopback only: the test message must not leave this machine.
    await dialog.getByLabel(label('Webhook 地址')).fill('http://127.0.0.1:9/cgi-bin/webhook/send?key=e2e-test-key');
    await dialog.getByRole('button', { name: label('保存') }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('安委办值班群').waitFor();
    await page.getByRole('button', { name: label('测试') }).click();
    await page.getByText('测试消息已加入发送队列').waitFor();
    await settle(page);
    await screenshot(page, '17-webhooks');
  });

  test('an API token shows its secret once and can be revoked', async () => {
    const { page } = admin;
    await page.locator('.ant-menu').getByText('接口令牌', { exact: true }).click();
    await page.getByRole('button', { name: label('新建令牌') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(label('名称')).fill('应急指挥大屏');
    await dialog.getByText('查看组织机构', { exact: true }).click();
    await dialog.getByRole('button', { name: label('保存') }).click();
    await page.getByTestId('token-secret').waitFor();
    expect(((await page.getByTestId('token-secret').textContent()) ?? '').length).toBeGreaterThan(20);
    await settle(page);
    await screenshot(page, '18-token-secret');
    await page.getByRole('button', { name: label('我已保存') }).click();
    await page.getByText('应急指挥大屏').waitFor();
    await page.getByRole('button', { name: label('吊销') }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: label('吊销') })
      .click();
    await page.getByText('已吊销', { exact: true }).waitFor();
  });

  test('the audit chain verifies and nothing was requested outside 127.0.0.1', async () => {
    const { page } = admin;
    await page.locator('.ant-menu').getByText('审计日志', { exact: true }).click();
    await page.getByTestId('audit-table').locator('.ant-table-row').first().waitFor();
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-verify-result').getByText('审计链完整').waitFor();
    await page.getByTestId('audit-table').locator('.ant-table-row-expand-icon:not(.ant-table-row-expand-icon-spaced)').first().click();
    await page.getByTestId('audit-table').locator('.json-block').first().waitFor();
    await settle(page);
    await screenshot(page, '19-audit');

    expect(admin.errors).toEqual([]);
    expect([...harness.hosts]).toEqual(['127.0.0.1']);
  });
});
