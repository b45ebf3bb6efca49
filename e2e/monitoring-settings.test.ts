import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serverModules } from '../packages/server/src/modules';
import { type Harness, type Session, label, screenshot, settle, startHarness } from './harness';

/**
 * 监测预警设置 in the browser: 安委办 changes the alarm settings (the form refuses 0 minutes itself; the server's
 * bilingual refusal of an intranet SMS gateway lands on the field), sets the SMS gateway once and finds it in the
 * warning settings too, subscribes to a CAP feed served here (a loopback name that is not allow-listed is refused),
 * and 从订阅源导入 on the warnings page drafts the feed's warning.
 */

let harness: Harness;
let office: Session;
let feedServer: http.Server;
let feedUrl: string;
const capXml = fs.readFileSync(
  path.join(import.meta.dirname, '../packages/server/src/modules/monitoring/fixtures/cap-1.2-appendix-a2-thunderstorm.xml'),
);

beforeAll(async () => {
  feedServer = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/cap+xml' }).end(capXml));
  await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/cap.xml`;
  harness = await startHarness();
  for (const m of serverModules.filter((x) => ['identity', 'map'].includes(x.domain.key))) await m.demo?.(harness.platform);
});
afterAll(async () => {
  await office?.context.close();
  await harness?.close();
  await new Promise((resolve) => feedServer?.close(resolve));
});

describe('监测预警设置', () => {
  test('安委办 changes the alarm settings, with the form’s and the server’s errors on the fields', async () => {
    office = await harness.session();
    const { page } = office;
    await harness.login(page, 'awb');
    await page.getByRole('menuitem', { name: label('监测预警设置') }).click();
    await page.getByTestId('alarm-settings-form').waitFor();
    await expect.poll(() => page.getByTestId('setting-source').count()).toBeGreaterThanOrEqual(4);
    expect(await page.getByTestId('alarm-settings-form').textContent()).toContain('本地选择');
    await settle(office.page, { pauseMs: 600 });
    await screenshot(page, 'monitoring-settings-alarms');

    // The form's own check: 0 minutes is out of range, nothing is sent.
    await page.getByTestId('setting-escalateAfterMinutes-yellow').fill('0');
    await page.getByTestId('alarm-settings-save').click();
    await page.getByText('请输入 1–1440 之间的整数').waitFor();
    await page.getByTestId('setting-escalateAfterMinutes-yellow').fill('45');

    // The server's check: an intranet gateway not on the allow-list, its message under the field.
    await page.getByTestId('setting-smsGatewayUrl').fill('http://10.1.2.3/sms');
    await page.getByTestId('alarm-settings-save').click();
    await page.locator('.ant-form-item-explain-error', { hasText: '公网' }).waitFor();

    await page.getByTestId('setting-smsGatewayUrl').fill('http://127.0.0.1:9/sms');
    await page.getByTestId('alarm-settings-save').click();
    await page.getByText('设置已保存').waitFor();
    await expect.poll(() => page.getByTestId('alarm-settings-updated').textContent()).toContain('王立新');

    // One gateway: the warning settings show what was just saved on the alarm settings.
    await page.getByRole('tab', { name: '预警发布设置' }).click();
    await expect.poll(() => page.getByTestId('warning-setting-smsGatewayUrl').inputValue()).toBe('http://127.0.0.1:9/sms');
    await settle(office.page, { pauseMs: 600 });
    await screenshot(page, 'monitoring-settings-warnings');
    expect(office.errors).toEqual([]);
  });

  test('安委办 subscribes to a CAP feed and imports it from the warnings page', async () => {
    const { page } = office;
    await page.getByRole('tab', { name: 'CAP 订阅源' }).click();
    await page.getByTestId('feed-form').waitFor();
    // localhost is loopback and only 127.0.0.1 is allow-listed: refused, with the reason.
    await page.getByTestId('feed-name').fill('本机');
    await page.getByTestId('feed-url').fill(feedUrl.replace('127.0.0.1', 'localhost'));
    await page.getByTestId('feed-add').click();
    await page.locator('.ant-form-item-explain-error', { hasText: 'CITYSAFE_WEBHOOK_ALLOW_HOSTS' }).waitFor();

    await page.getByTestId('feed-name').fill('省突发事件预警信息发布中心');
    await page.getByTestId('feed-url').fill(feedUrl);
    await page.getByTestId('feed-add').click();
    await page.getByText('已添加订阅源').waitFor();
    await page.getByRole('cell', { name: '省突发事件预警信息发布中心' }).waitFor();
    await settle(office.page, { pauseMs: 600 });
    await screenshot(page, 'monitoring-settings-feeds');

    await page.getByRole('menuitem', { name: label('预警发布') }).click();
    await page.getByTestId('warning-import-feed').click();
    await page.getByRole('menuitem', { name: '省突发事件预警信息发布中心' }).click();
    await page.getByText('SEVERE THUNDERSTORM WARNING').first().waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/monitoring\/warnings\/[0-9a-f-]{36}$/);
    await settle(office.page, { pauseMs: 600 });
    await screenshot(page, 'monitoring-settings-feed-draft');

    // The same message again: said so, not drafted twice.
    await page.getByRole('menuitem', { name: label('预警发布') }).click();
    await page.getByTestId('warning-import-feed').click();
    await page.getByRole('menuitem', { name: '省突发事件预警信息发布中心' }).click();
    await page.getByText('已导入过，未重复导入').waitFor();
    expect(await page.getByTestId('warning-open').filter({ hasText: 'SEVERE THUNDERSTORM WARNING' }).count()).toBe(1);
    expect(office.errors).toEqual([]);
  });
});
