import { and, eq } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serverModules } from '../packages/server/src/modules';
import { incidents } from '../packages/server/src/modules/emergency/incident.tables';
import { fillIncidentDemo } from '../packages/server/src/modules/emergency/incident.demo';
import { fillPlanDemo } from '../packages/server/src/modules/emergency/plan.demo';
import { type Harness, label, screenshot, type Session, settle, startHarness } from './harness';

/**
 * 启动预案 and 指挥 in the browser: 新合街办 opens the gas leak just received, goes to its command page, activates
 * the district's hazardous-chemicals plan at Ⅲ with itself in every role, sees the roles' tasks and completes one,
 * writes an order into the command log and draws a command post on the map; then the plans' matrix and the drills.
 */

let harness: Harness;
let desktop: Session;

beforeAll(async () => {
  harness = await startHarness();
  for (const m of serverModules.filter((x) => ['identity', 'map'].includes(x.domain.key))) await m.demo?.(harness.platform);
  await fillPlanDemo(harness.platform);
  await fillIncidentDemo(harness.platform);
  // The demo district is filled through the services: minutes on a busy shared machine.
}, 600_000);
afterAll(async () => {
  await desktop?.context.close();
  await harness?.close();
});

async function pickOption(page: Page, field: Locator, text: string, search?: string): Promise<void> {
  await field.click();
  if (search) await field.locator('input').fill(search);
  // The field's own dropdown, found by the list its input controls: another one may still be closing.
  const listId =
    (await field.locator('[aria-controls]').first().getAttribute('aria-controls')) ?? (await field.getAttribute('aria-controls'));
  const dropdown = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listId}"]`) });
  await dropdown.locator('.ant-select-item-option', { hasText: text }).first().click();
}

describe('应急指挥: activate a plan, tasks, log, marks', () => {
  test('a street activates a plan for an incident, completes a task, writes the log and draws a mark', async () => {
    const [leak] = await harness.platform.db
      .select({ id: incidents.id })
      .from(incidents)
      .where(and(eq(incidents.title, '新合社区居民楼燃气泄漏'), eq(incidents.status, 'reported')));
    desktop = await harness.session();
    const { page, errors } = desktop;
    await harness.login(page, 'xhjb');
    await page.goto(`${harness.url}/emergency/incidents/${leak!.id}`);
    await page.getByTestId('incident-command').click();
    await page.getByTestId('command-page').waitFor();
    expect(page.url()).toContain(`/emergency/command/${leak!.id}`);
    await page.getByText('尚未启动预案').waitFor();
    // The two maps (the situation map and the drawing one) lay the page out as they load: click once they are there.
    await expect.poll(() => page.getByTestId('command-page').locator('canvas').count()).toBe(2);
    await settle(page, { pauseMs: 800 });
    await screenshot(page, 'emergency-plans-00-command-empty');
    await page.getByTestId('activate-open').click();
    await pickOption(page, page.getByTestId('activate-plan'), '危险化学品事故专项应急预案');
    await pickOption(page, page.getByTestId('activate-level'), 'Ⅲ级');
    for (const role of ['commander', 'site', 'rescue', 'medical', 'monitor'])
      await pickOption(page, page.getByTestId(`activate-holder-${role}`), '孙浩');
    await settle(page, { pauseMs: 800 });
    await screenshot(page, 'emergency-plans-01-activate', { fullPage: false });
    await page
      .getByRole('button', { name: label('启动预案') })
      .last()
      .click();

    const tasks = page.getByTestId('response-task');
    await expect.poll(() => tasks.count()).toBe(5);
    await tasks
      .first()
      .getByRole('button', { name: label('完成') })
      .click();
    await expect.poll(() => page.getByTestId('response').getByText('已完成').count()).toBe(1);

    await page.getByTestId('log-text').fill('消防救援站出动两车，关闭燃气总阀');
    await page.getByTestId('log-write').click();
    await page.getByText('消防救援站出动两车，关闭燃气总阀').waitFor();

    const input = page.getByTestId('geometry-input');
    await input.getByRole('button', { name: label('画点') }).click();
    const canvas = input.locator('canvas');
    await canvas.waitFor();
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await expect.poll(() => page.getByTestId('geometry-status').textContent()).toBe('已绘制：点');
    await page.getByTestId('mark-note').fill('现场指挥部');
    await page.getByTestId('mark-add').click();
    await page.getByText('态势标绘 1').first().waitFor();
    await settle(page, { pauseMs: 800 });
    await screenshot(page, 'emergency-plans-02-command');

    // The incident moved to responding through its workflow.
    const [after] = await harness.platform.db.select({ status: incidents.status }).from(incidents).where(eq(incidents.id, leak!.id));
    expect(after!.status).toBe('responding');

    await page.goto(`${harness.url}/emergency/plans`);
    await page.getByTestId('plan-table').getByText('危险化学品事故专项应急预案').click();
    await page.getByTestId('plan-matrix').waitFor();
    await settle(page, { pauseMs: 800 });
    await screenshot(page, 'emergency-plans-03-plan');

    await page.goto(`${harness.url}/emergency/drills`);
    await page.getByTestId('drill-table').getByText('危化品泄漏事故桌面推演').waitFor();
    await settle(page, { pauseMs: 800 });
    await screenshot(page, 'emergency-plans-04-drills');
    expect(errors).toEqual([]);
  }, 600_000);
});
