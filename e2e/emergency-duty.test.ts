import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serverModules } from '../packages/server/src/modules';
import { dutyDemo } from '../packages/server/src/modules/emergency/duty.demo';
import { resourceDemo } from '../packages/server/src/modules/emergency/resource.demo';
import { type Harness, label, screenshot, type Session, settle, startHarness } from './harness';

/**
 * 值班值守 and 覆盖分析 in the browser: the district's duty officer opens the duty page on a phone (today's rosters
 * with `tel:` links, the log, the handover) and the coverage page on a desktop (the map with the stations' reach and
 * the uncovered area, the three shares, the shelter table by street).
 */

let harness: Harness;
const sessions: Session[] = [];

beforeAll(async () => {
  harness = await startHarness();
  for (const m of serverModules.filter((x) => ['identity', 'map'].includes(x.domain.key))) await m.demo?.(harness.platform);
  await resourceDemo(harness.platform);
  await dutyDemo(harness.platform);
});
afterAll(async () => {
  for (const s of sessions) await s.context.close();
  await harness?.close();
});

describe('值班值守 and 覆盖分析', () => {
  test('the duty page on a phone: today’s duty with tel: links, the log, the handover', async () => {
    const phone = await harness.session({ width: 390, height: 844 });
    sessions.push(phone);
    const { page, errors } = phone;
    await harness.login(page, 'zbs');
    await page.goto(`${harness.url}/emergency/duty`);
    const today = page.getByTestId('duty-today');
    await today.getByText('应急管理局').waitFor();
    const links = today.locator('a[href^="tel:"]');
    expect(await links.count()).toBeGreaterThanOrEqual(3);
    expect(await links.first().getAttribute('href')).toMatch(/^tel:\d{11}$/);
    await page.getByTestId('duty-log').getByText('港务大道某工地塔吊附近有异响，请核实').waitFor();
    await settle(page, { pauseMs: 1000, scrollToTop: false });
    await screenshot(page, 'emergency-duty-phone');

    await page.getByRole('tab', { name: '交接班' }).click();
    const handover = page.getByTestId('duty-handover');
    await handover.getByText(/待处理值班记录 2 条/).waitFor();
    await handover.getByLabel('接班人').fill('何晓梅');
    await handover.getByRole('button', { name: label('确认交班') }).click();
    await handover.getByText(/上次交接：郑宇 → 何晓梅/).waitFor();
    await settle(page, { pauseMs: 1000, scrollToTop: false });
    await screenshot(page, 'emergency-duty-handover-phone');

    await page.getByRole('tab', { name: '通讯录' }).click();
    await page.getByTestId('duty-contacts').getByText('应急管理局').first().waitFor();
    expect(errors).toEqual([]);
  });

  test('the coverage map: stations’ reach, the uncovered area, the shares and the shelter table', async () => {
    const desktop = await harness.session();
    sessions.push(desktop);
    const { page, errors } = desktop;
    await harness.login(page, 'awb');
    await page.getByRole('menuitem', { name: label('覆盖分析') }).click();
    const fire = page.getByTestId('coverage-fire');
    await fire.locator('canvas').waitFor();
    await fire.getByText('面积覆盖率').waitFor();
    await fire.getByText(/5 分钟 × 30 公里\/小时 = 直线 2500 米/).waitFor();
    const shelters = page.getByTestId('coverage-shelters');
    await shelters.getByRole('cell', { name: '新筑街道办事处' }).waitFor();
    await shelters.getByRole('cell', { name: '新合街道办事处' }).waitFor();
    await settle(page, { pauseMs: 1000, scrollToTop: false });
    await page.waitForTimeout(1500);
    await screenshot(page, 'emergency-coverage');

    // 值班排班: the month of the caller's org, a row a day, each with its leader or a dash.
    await page.getByRole('menuitem', { name: label('值班排班') }).click();
    const roster = page.getByTestId('duty-roster-page');
    await roster.locator('.ant-table-row').nth(27).waitFor();
    await settle(page, { pauseMs: 1000, scrollToTop: false });
    await screenshot(page, 'emergency-duty-roster');
    expect(errors).toEqual([]);
  });
});
