import { api } from '@citysafe/domain';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serverModules } from '../packages/server/src/modules';
import { recordIncident } from '../packages/server/src/modules/emergency/incident.service';
import { resourceDemo } from '../packages/server/src/modules/emergency/resource.demo';
import { loadUserActor, users } from '../packages/server/src/modules/identity/index';
import { type Harness, label, screenshot, type Session, settle, startHarness } from './harness';

/**
 * 应急资源 in the browser: 应急管理局 sees the demo teams on the map and in the table, imports a sheet of teams
 * with a bad row (the row's error shown, only the valid row imported), and dispatches the team nearest the
 * shopping-centre fire being handled.
 */

let harness: Harness;
let desktop: Session;

beforeAll(async () => {
  harness = await startHarness();
  for (const m of serverModules.filter((x) => ['identity', 'map'].includes(x.domain.key))) await m.demo?.(harness.platform);
  await resourceDemo(harness.platform);
  // One incident being handled, recorded by the duty officer as the service records any (the incident demo is
  // more than this journey needs).
  const { db } = harness.platform;
  const [duty] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'zbs'));
  const actor = await loadUserActor(db, duty!.id, { via: 'session', sessionId: null, csrfToken: null, ip: null });
  await db.transaction((tx) =>
    recordIncident(
      tx,
      actor!,
      api.emergency.incidentInput.parse({
        title: '万隆购物中心地下车库车辆起火',
        category: 'fire',
        origin: 'phone_119',
        occurredAt: new Date(Date.now() - 30 * 60_000).toISOString(),
        lng: 109.0846,
        lat: 34.3951,
      }),
    ),
  );
});
afterAll(async () => {
  await desktop?.context.close();
  await harness?.close();
});

async function teamSheet(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('救援队伍');
  ws.addRow(['队伍名称', '队伍类型', '人数', '联系电话', '经度', '纬度']);
  ws.addRow(['陆港社区志愿消防队', '志愿者队伍', 15, '13900000011', 109.072, 34.389]);
  ws.addRow(['无效类型队伍', '民兵', 5, '13900000012', 109.072, 34.389]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('应急资源: map, import, dispatch', () => {
  test('the demo teams are on the map and in the table', async () => {
    desktop = await harness.session();
    const { page, errors } = desktop;
    await harness.login(page, 'yjglj');
    await page.getByRole('menuitem', { name: label('应急资源') }).click();
    await page.getByTestId('teams-table').getByText('区危险化学品专业救援队').waitFor();
    await page.getByTestId('teams-map').locator('canvas').waitFor();
    await settle(page, { pauseMs: 1000, scrollToTop: false });
    await screenshot(page, 'emergency-resources-01-teams');
    await page.getByRole('tab', { name: label('应急物资') }).click();
    await page.getByTestId('supplies-table').getByText('防化服').waitFor();
    await page.getByTestId('supply-low').first().waitFor();
    await settle(page, { pauseMs: 1000, scrollToTop: false });
    await screenshot(page, 'emergency-resources-02-supplies');
    expect(errors).toEqual([]);
  });

  test('an import with a bad row shows its error and imports only the valid row', async () => {
    const { page, errors } = desktop;
    await page.goto(`${harness.url}/emergency/resources?tab=teams`);
    await page.getByTestId('teams-table').getByText('区危险化学品专业救援队').waitFor();
    await page.locator('input[type=file]').setInputFiles({
      name: '救援队伍.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await teamSheet(),
    });
    await page.getByTestId('import-preview').getByText('共 2 行：1 行正确，1 行有错误').waitFor();
    const cells = await page
      .getByTestId('import-errors')
      .locator('tbody tr')
      .first()
      .evaluate((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));
    expect(cells.slice(0, 2)).toEqual(['3', '队伍类型']);
    expect(cells[2]).toContain('民兵');
    // The preview dialog fades in: its buttons are checked for contrast once they are drawn in their own colours.
    await settle(page, { scrollToTop: false });
    await screenshot(page, 'emergency-resources-03-import-errors', { fullPage: false });
    await page.getByTestId('import-commit').click();
    await page.getByTestId('teams-table').getByText('陆港社区志愿消防队').waitFor();
    expect(await page.getByTestId('teams-table').getByText('无效类型队伍').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  test('the team nearest the fire being handled is dispatched', async () => {
    const { page, errors } = desktop;
    await page.goto(`${harness.url}/emergency/resources?tab=nearest`);
    await page.getByTestId('nearest-incident').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '万隆购物中心地下车库车辆起火' }).first().click();
    await page.getByRole('checkbox', { name: '应急物资' }).uncheck();
    await page.getByRole('checkbox', { name: '避难场所' }).uncheck();
    await page.getByRole('checkbox', { name: '专家' }).uncheck();
    await page.getByRole('checkbox', { name: '消防站' }).uncheck();
    const first = page.getByTestId('nearest-item').first();
    await first.getByTestId('nearest-dispatch').waitFor();
    // Distances ascend down the list.
    const metres = await page.getByTestId('nearest-distance').evaluateAll((els) =>
      els.map((e) => {
        const [n, unit] = (e.textContent ?? '').split(' ');
        return Number(n) * (unit === 'km' ? 1000 : 1);
      }),
    );
    expect(metres).toEqual([...metres].sort((a, b) => a - b));
    const name = (await first.getByTestId('nearest-name').textContent())!;
    await settle(page, { pauseMs: 1000, scrollToTop: false });
    await screenshot(page, 'emergency-resources-04-nearest');
    await first.getByTestId('nearest-dispatch').click();
    await page.getByTestId('dispatch-table').getByText(name).waitFor();
    await expect.poll(() => first.getByTestId('nearest-dispatch').isDisabled()).toBe(true);
    await settle(page, { pauseMs: 1000, scrollToTop: false });
    await screenshot(page, 'emergency-resources-05-dispatched');
    expect(errors).toEqual([]);
  });
});
