import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { apiSession, type Harness, label, screenshot, screenshotDir, type Session, settle, startHarness } from './harness';

/**
 * 创建工作 in the browser: 安委办 creates the campaign from the plan; 应急管理局 reports progress on
 * task 79 (its task alone) with a PDF and submits it; 安委办 returns it with a reason, the unit
 * submits again, 安委办 accepts; the overview counts it, the ledger exports, and a phone works.
 */

const officePassword = 'Awb#Campaign2024';
const unitPassword = 'Yjglj#Campaign2024';

let harness: Harness;
let office: Session;
let unit: Session;
let taskUrl: string;

/** The one unit card of task 79. */
const part = (page: Page) => page.getByTestId('assignment-card').filter({ hasText: '应急管理局' });

/** Fills and sends the 报送进展 / 提交验收 dialog. */
async function sendProgress(page: Page, action: '报送进展' | '提交验收', text: string, percent: number, pdf?: Buffer): Promise<void> {
  await part(page)
    .getByRole('button', { name: label(action) })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('progress-text').fill(text);
  await dialog.getByTestId('progress-percent').fill(String(percent));
  if (pdf) {
    await dialog
      .locator('input[type=file]')
      .setInputFiles({ name: '重大危险源监测系统建设方案.pdf', mimeType: 'application/pdf', buffer: pdf });
    await dialog.locator('.ant-upload-list-item-done', { hasText: '重大危险源监测系统建设方案.pdf' }).waitFor();
  }
  await dialog.getByRole('button', { name: label(action) }).click();
  await dialog.waitFor({ state: 'hidden' });
}

beforeAll(async () => {
  harness = await startHarness();
  const admin = await apiSession(harness.url);
  const { items } = await admin<{ items: { id: string; code: string }[] }>('GET', '/api/orgs?pageSize=2000');
  const orgId = (code: string) => items.find((o) => o.code === code)!.id;
  const user = (username: string, displayName: string, org: string, role: string, password: string) =>
    admin('POST', '/api/users', { username, displayName, orgId: orgId(org), roles: [role], password, mustChangePassword: false });
  await user('awb_office', '安委办王科长', 'AWB', 'safety_office', officePassword);
  await user('yjglj_staff', '应急局李干事', 'YJGLJ', 'department', unitPassword);
  office = await harness.session();
  unit = await harness.session();
});

// A failed step leaves what each person saw, to look at next to the error.
afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const name = task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 40);
  for (const [who, session] of [
    ['office', office],
    ['unit', unit],
  ] as const) {
    if (session)
      await session.page.screenshot({ path: path.join(screenshotDir, `campaign-failed-${name}-${who}.png`) }).catch(() => undefined);
  }
});

afterAll(async () => {
  await harness?.close();
});

/**
 * Searches the ledger and waits until the list shows only the one matching task, so that the
 * click lands on the filtered list, not on a row of the list being replaced.
 */
async function searchTasks(page: Page, text: string, seq: number): Promise<void> {
  await page.getByTestId('task-search').locator('input').fill(text);
  await page.getByTestId('task-search').locator('input').press('Enter');
  await page.waitForURL(/[?&]q=/);
  await expect.poll(() => page.getByTestId('task-table').locator('.ant-table-row').count()).toBe(1);
  await page.getByTestId(`task-open-${seq}`).waitFor();
}

describe('创建工作', () => {
  test('安委办 creates the campaign from the plan and sees its overview', async () => {
    const { page } = office;
    await harness.login(page, 'awb_office', officePassword);
    await page.locator('.ant-menu').getByText('创建工作', { exact: true }).click();
    await page.waitForURL(/\/campaign$/);
    await page.getByTestId('campaign-create').click();

    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: label('保存') }).click();
    await dialog.getByText('请输入名称').waitFor();
    // The campaign runs now: the plan's 2020–2021 dates move to this year.
    const shift = new Date().getFullYear() - 2020;
    await dialog.getByTestId('campaign-title').fill(`国家安全发展示范城市创建（${2020 + shift}—${2021 + shift}）`);
    await dialog.getByTestId('campaign-planning-year').fill(String(2025 + shift));
    await dialog.getByTestId('campaign-shift-years').fill(String(shift));
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-01-create');
    await dialog.getByRole('button', { name: label('保存') }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.waitForURL(/\/campaign\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('campaign-stat-total').locator('.ant-statistic-content-value').textContent()).toBe('100');
    expect(await page.getByTestId('campaign-stat-accepted').locator('.ant-statistic-content-value').textContent()).toBe('0');
    await page.locator('[data-testid="chart-sections"] canvas').waitFor();
    await page.locator('[data-testid="chart-units"] canvas').waitFor();
    expect(await page.getByTestId('phase-row').count()).toBe(5);
    await page.getByTestId('campaign-ranking').getByText('应急管理局').first().waitFor();
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-02-overview');
  });

  test('the ledger filters on the server and exports the official xlsx', async () => {
    const { page } = office;
    await page.getByRole('tab', { name: '任务台账' }).click();
    await page.getByTestId('task-table').locator('.ant-table-row').first().waitFor();
    await page.locator('.ant-pagination-total-text', { hasText: '共 100 条' }).waitFor();
    // 对接联系 shown as the plan words it.
    await page.getByTestId('task-search').locator('input').fill('派出所');
    await page.getByTestId('task-search').locator('input').press('Enter');
    await page.getByTestId('task-table').getByText('各派出所（平安办对接）').first().waitFor();
    expect(page.url()).toContain('q=');
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-03-ledger');
    await page.getByTestId('task-search').locator('input').fill('');
    await page.getByTestId('task-search').locator('input').press('Enter');
    await page.locator('.ant-pagination-total-text', { hasText: '共 100 条' }).waitFor();

    const download = page.waitForEvent('download');
    await page.getByTestId('ledger-download').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/工作台账\.xlsx$/);
    const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-ledger-')), 'ledger.xlsx');
    await file.saveAs(saved);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(saved);
    const sheet = workbook.getWorksheet('任务台账')!;
    expect(sheet.getRow(2).getCell(1).value).toBe('序号');
    // Title row, header row, then the hundred tasks of 附件2.
    expect(sheet.rowCount).toBe(102);
    const row79 = sheet.getRows(3, 100)!.find((r) => r.getCell(1).value === 79)!;
    expect(String(row79.getCell(4).value)).toBe('应急管理局');
    expect(workbook.getWorksheet('责任单位进展')!.rowCount).toBeGreaterThan(100);
  });

  test('应急管理局 reports progress on task 79 with a PDF, then submits it', async () => {
    const { page } = unit;
    await harness.login(page, 'yjglj_staff', unitPassword);
    await page.locator('.ant-menu').getByText('创建工作', { exact: true }).click();
    // A department's numbers, charts and lists count its own parts: the note says how many of the plan's tasks.
    await page.getByTestId('campaign-stat-total').waitFor();
    await page.getByText(/上方数字、图表和列表均只含本单位负责的 \d+ 项任务，全部任务共 100 项/).waitFor();
    await page.getByRole('tab', { name: '任务台账' }).click();
    await searchTasks(page, '预测性维护', 79);
    await page.getByTestId('task-open-79').click();
    await page.getByTestId('task-content').getByText('预测性维护技术').waitFor();
    taskUrl = page.url();
    expect(taskUrl).toMatch(/\/campaign\/tasks\/[0-9a-f-]{36}$/);
    await part(page).getByTestId('assignment-status').getByText('未开始').waitFor();

    // The form refuses an empty report before anything is sent.
    await part(page)
      .getByRole('button', { name: label('报送进展') })
      .click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: label('报送进展') })
      .click();
    await page.getByRole('dialog').getByText('请填写工作进展').waitFor();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: label('取消') })
      .click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    await sendProgress(page, '报送进展', '已完成重大危险源安全监测监控系统建设方案，3 家危化企业完成安全仪表系统改造。', 40, pdf);
    await part(page).getByTestId('assignment-status').getByText('推进中').waitFor();
    const attachment = part(page).getByTestId('report-file');
    await attachment.getByText('重大危险源监测系统建设方案.pdf').waitFor();
    expect(await attachment.getAttribute('href')).toMatch(/^\/api\/files\/[0-9a-f-]{36}$/);
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-04-reported');

    await sendProgress(page, '提交验收', '危化品和烟花爆竹专项治理工程已全部完成，监测监控系统已上线运行。', 100);
    await part(page).getByTestId('assignment-status').getByText('已报送').waitFor();
    // Once submitted, only 安委办 acts; the unit may still ask for more time.
    expect(
      await part(page)
        .getByRole('button', { name: label('提交验收') })
        .count(),
    ).toBe(0);
  });

  test('安委办 returns it with a reason; the unit submits again; 安委办 accepts', async () => {
    const { page } = office;
    await page.goto(taskUrl);
    await part(page).getByTestId('assignment-status').getByText('已报送').waitFor();
    await part(page).getByTestId('report-file').first().waitFor();
    await part(page)
      .getByRole('button', { name: label('退回') })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: label('退回') }).click();
    await dialog.getByText('请填写原因').waitFor();
    await dialog.getByTestId('reason-input').fill('缺少监测监控系统验收报告，请补充后重新提交');
    await dialog.getByRole('button', { name: label('退回') }).click();
    await dialog.waitFor({ state: 'hidden' });
    await part(page).getByTestId('assignment-status').getByText('已退回').waitFor();
    await part(page).getByTestId('assignment-returned').getByText('原因：缺少监测监控系统验收报告，请补充后重新提交').waitFor();
    await part(page)
      .getByText(/^办理记录/)
      .click();
    await part(page).getByTestId('assignment-timeline').getByText('原因：缺少监测监控系统验收报告，请补充后重新提交').waitFor();
    expect(await part(page).getByTestId('assignment-timeline').textContent()).toContain('已报送 → 已退回');
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-05-returned');

    const unitPage = unit.page;
    await unitPage.reload();
    await part(unitPage).getByTestId('assignment-status').getByText('已退回').waitFor();
    await part(unitPage).getByTestId('assignment-returned').getByText('原因：缺少监测监控系统验收报告，请补充后重新提交').waitFor();
    await sendProgress(unitPage, '提交验收', '已补充监测监控系统第三方验收报告。', 100);
    await part(unitPage).getByTestId('assignment-status').getByText('已报送').waitFor();

    await page.reload();
    await part(page).getByTestId('assignment-status').getByText('已报送').waitFor();
    await part(page)
      .getByRole('button', { name: label('验收通过') })
      .click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: label('验收通过') })
      .click();
    await part(page).getByTestId('assignment-status').getByText('已验收').waitFor();
    await page.getByTestId('task-detail').getByText('已完成').first().waitFor();
    expect(await part(page).getByTestId('report-item').count()).toBe(3);
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-06-accepted');
  });

  test('the overview counts the accepted task', async () => {
    const { page } = office;
    await page.getByTestId('task-back').click();
    await page.getByRole('tab', { name: '工作概览' }).click();
    await expect.poll(() => page.getByTestId('campaign-stat-accepted').locator('.ant-statistic-content-value').textContent()).toBe('1');
    await page.locator('[data-testid="chart-sections"] canvas').waitFor();
    await page.locator('[data-testid="chart-units"] canvas').waitFor();
    // 应急管理局 now has one completed task: it ranks first among units with tasks.
    await expect
      .poll(async () => (await page.getByTestId('campaign-ranking').locator('.ant-table-row').first().textContent()) ?? '')
      .toContain('应急管理局');
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-07-overview-after');

    // 应急管理局's own overview ranks its own parts only, not the other units of the tasks it shares with them.
    await unit.page.goto(page.url());
    const ranking = unit.page.getByTestId('campaign-ranking');
    await ranking.locator('.ant-table-row').first().waitFor();
    expect(await ranking.locator('.ant-table-row').count()).toBe(1);
    expect(await ranking.locator('.ant-table-row').first().textContent()).toContain('应急管理局');
  });

  test('the evidence archive downloads from the ledger: the unit’s PDF in its task’s and unit’s folder, and the index', async () => {
    const { page } = office;
    await page.getByRole('tab', { name: '任务台账' }).click();
    const download = page.waitForEvent('download');
    await page.getByTestId('evidence-download').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/佐证材料\.zip$/);
    const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-evidence-')), 'evidence.zip');
    await file.saveAs(saved);
    const names = Object.keys((await JSZip.loadAsync(fs.readFileSync(saved))).files);
    expect(names).toContain('佐证材料清单.xlsx');
    expect(names.some((n) => /^079 [^/]+\/应急管理局\/重大危险源监测系统建设方案\.pdf$/.test(n))).toBe(true);
  });

  test('a unit asks for more time on another task and 安委办 approves it', async () => {
    const { page } = unit;
    await page.goto(`${harness.url}/campaign`);
    await page.getByRole('tab', { name: '任务台账' }).click();
    await page.getByTestId('task-table').locator('.ant-table-row').first().waitFor();
    // Task 81 (城市安全智库) is 应急管理局's alone.
    await searchTasks(page, '智库', 81);
    await page.getByTestId('task-open-81').click();
    const card = page.getByTestId('assignment-card').filter({ hasText: '应急管理局' });
    await card.getByRole('button', { name: label('申请延期') }).click();
    const dialog = page.getByRole('dialog');
    // Past the current deadline (31 December of this year): the picker offers no earlier day.
    await dialog.getByTestId('extension-date').click();
    await page.keyboard.type(`${new Date().getFullYear() + 1}-06-15`);
    await page.keyboard.press('Enter');
    await dialog.getByTestId('extension-reason').fill('需待省厅统一部署后开展演练，申请延期');
    await dialog.getByRole('button', { name: label('申请延期') }).click();
    await dialog.waitFor({ state: 'hidden' });
    await card.getByTestId('extension-item').getByText('待审批').waitFor();
    await card.getByTestId('assignment-extension-pending').waitFor();
    const detailUrl = page.url();

    // 安委办 sees the pending request badged in the ledger's row, without opening the task.
    const manager = office.page;
    await manager.goto(`${harness.url}/campaign`);
    await manager.getByRole('tab', { name: '任务台账' }).click();
    await searchTasks(manager, '智库', 81);
    await manager.getByTestId('task-table').getByTestId('unit-extension-pending').getByText('应急管理局').waitFor();
    await settle(manager, { pauseMs: 600 });
    await screenshot(manager, 'campaign-08a-extension-pending');
    await manager.goto(detailUrl);
    const managed = manager.getByTestId('assignment-card').filter({ hasText: '应急管理局' });
    await managed.getByTestId('extension-approve').click();
    await manager
      .locator('.ant-popconfirm')
      .getByRole('button', { name: label('是') })
      .click();
    await managed.getByTestId('extension-item').getByText('已同意').waitFor();
    await managed.getByText('延期至').first().waitFor();
    expect(await managed.getByTestId('assignment-extension-pending').count()).toBe(0);
    await settle(manager, { pauseMs: 600 });
    await screenshot(manager, 'campaign-08-extension');
  });

  test('安委办 issues a 督办 notice; the unit answers; 安委办 closes it; the bulletin downloads', async () => {
    const { page } = office;
    // Task 81 is 应急管理局's alone, so the unit is preselected.
    await page.goto(`${harness.url}/campaign`);
    await page.getByRole('tab', { name: '任务台账' }).click();
    await searchTasks(page, '智库', 81);
    await page.getByTestId('task-open-81').click();
    await page.getByTestId('supervision-issue').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('supervision-content').fill('请于本周内报送城市安全智库组建方案，明确专家名单和工作机制。');
    await dialog.getByTestId('supervision-due').click();
    await page.keyboard.type(`${new Date().getFullYear() + 1}-01-10`);
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: label('下发督办') }).click();
    await page.waitForURL(/\/campaign\/supervisions\/[0-9a-f-]{36}$/);
    const noticeUrl = page.url();
    await page.getByTestId('supervision-detail').getByText('待答复').waitFor();
    const docNo = (await page.locator('.campaign-docno').textContent()) ?? '';
    expect(docNo).toMatch(/^西港安委办督〔\d{4}〕1号$/);
    const notice = page.waitForEvent('download');
    await page.getByTestId('supervision-docx').click();
    expect((await notice).suggestedFilename()).toContain(`${docNo}.docx`);

    const unitPage = unit.page;
    await unitPage.goto(noticeUrl);
    await unitPage.getByTestId('supervision-answer').click();
    const answer = unitPage.getByRole('dialog');
    await answer.getByTestId('supervision-response').fill('已组建城市安全智库，首批聘请 12 名专家，工作机制已印发。');
    await answer
      .locator('input[type=file]')
      .setInputFiles({ name: '智库组建方案.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await answer.locator('.ant-upload-list-item-done').waitFor();
    await answer.getByRole('button', { name: label('答复督办') }).click();
    await answer.waitFor({ state: 'hidden' });
    await unitPage.getByTestId('supervision-detail').getByText('已答复').waitFor();
    await unitPage.getByTestId('supervision-answer-card').getByText('智库组建方案.pdf').waitFor();

    await page.reload();
    await page.getByTestId('supervision-close').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: label('办结') })
      .click();
    await page.getByTestId('supervision-detail').getByText('已办结').waitFor();
    await page.getByTestId('supervision-timeline').getByText('已答复 → 已办结').waitFor();
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-09-supervision');

    await page.getByRole('button', { name: label('返回督办列表') }).click();
    await page.getByTestId('supervision-table').getByText(docNo).waitFor();
    // 印发通报 for this month: it takes the office's next number (第N期) and downloads as a Word file.
    await page.getByTestId('bulletin-issue').click();
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const monthInput = page.locator('.ant-modal .ant-picker input');
    await monthInput.click();
    await monthInput.fill(month);
    // Enter takes the typed month and submits the form, as the office's staff would.
    await monthInput.press('Enter');
    await page.getByText(/已印发工作通报 \d{4}年第\d+期/).waitFor();
    const bulletin = page.waitForEvent('download');
    await page.getByTestId('bulletin-download').first().click();
    const bulletinFile = await bulletin;
    expect(bulletinFile.suggestedFilename()).toMatch(/\.docx$/);
    const bulletinBytes = fs.readFileSync((await bulletinFile.path())!);
    expect(bulletinBytes.subarray(0, 2).toString()).toBe('PK');
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-10-supervisions');
  });

  test('the assessment ranks units with the weights it used', async () => {
    const { page } = office;
    await page.getByRole('tab', { name: '考核排名' }).click();
    await page
      .getByTestId('assessment-weights')
      .getByText(/计分方法/)
      .waitFor();
    // 应急管理局: 1 part accepted, 1 supervision notice.
    const row = page.getByTestId('assessment-table').locator('.ant-table-row', { hasText: '应急管理局' });
    await row.waitFor();
    // Columns: rank, unit, parts, accepted, rate, overdue, was overdue, days overdue, notices, score.
    const cells = await row.locator('td').allTextContents();
    expect(cells[3]).toBe('1');
    expect(cells[8]).toBe('1');
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-11-assessment');
  });

  test('self-scoring: the tree loads with confidence tags, exports and imports as xlsx, a finding deducts, and a lower item is added, linked and deleted', async () => {
    const { page } = office;
    await page.getByRole('tab', { name: '自评打分' }).click();
    await page.getByTestId('scoring-seed').click();
    await page.getByTestId('scoring-tree').getByText('城市安全源头治理').waitFor();
    // scoring-total is now 扣分后可得 (full marks less the open findings, an upper bound), so a fresh tree still reads 100;
    // the score earned is 已佐证得分, which counts only linked parts accepted with evidence.
    await expect.poll(() => page.getByTestId('scoring-total').locator('.ant-statistic-content-value').textContent()).toBe('100');
    const figure = async (testId: string) => Number(await page.getByTestId(testId).locator('.ant-statistic-content-value').textContent());
    const [supported, estimated, atRisk] = [
      await figure('scoring-supported'),
      await figure('scoring-estimated'),
      await figure('scoring-at-risk'),
    ];
    expect(supported).toBeLessThan(20);
    expect(supported).toBeLessThanOrEqual(estimated);
    expect(Math.round((estimated + atRisk) * 100)).toBe(10000);
    const header = await page.getByTestId('scoring-tree').locator('thead th').allTextContents();
    expect(header).toEqual(expect.arrayContaining(['已佐证', '预估', '风险', '扣分后可得']));
    // (8) has no task and no evidence: tagged 未佐证, with the reason on hover.
    const unsupported = page.getByTestId('scoring-support-(8)');
    await unsupported.getByText('未佐证').waitFor();
    await unsupported.hover();
    await page
      .locator('.ant-popover:visible')
      .getByText(/未关联任务、无佐证资料/)
      .waitFor();
    await page.getByTestId('scoring-unsupported').getByText('未佐证项').waitFor();
    // The confidence tag tells where an item's values come from.
    await page.getByTestId('scoring-tree').getByTestId('scoring-confidence').first().hover();
    await page
      .locator('.ant-tooltip:visible')
      .getByText(/依据：/)
      .waitFor();

    const exported = page.waitForEvent('download');
    await page.getByTestId('scoring-export').click();
    const file = await exported;
    const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-scoring-')), file.suggestedFilename());
    await file.saveAs(saved);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(saved);
    expect(workbook.worksheets.length).toBeGreaterThan(0);
    // The exported tree imports back unchanged while no finding exists.
    await page.locator('input[type=file][accept=".xlsx"]').setInputFiles(saved);
    await page.getByText('评分细则已导入').waitFor();

    await page.getByTestId('finding-add-(1)').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('finding-description').fill('综合防灾减灾专项规划缺中期评估报告');
    await dialog.getByLabel(label('处数')).fill('2');
    await dialog.getByRole('button', { name: label('保存') }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('scoring-total').locator('.ant-statistic-content-value').textContent()).toBe('99');
    await page.getByTestId('scoring-findings').getByText('综合防灾减灾专项规划缺中期评估报告').waitFor();
    // The finding is part of the item's reason, and the earned score never exceeds what the findings leave.
    await page.getByTestId('scoring-support-(1)').hover();
    await page
      .locator('.ant-popover:visible')
      .getByText(/扣分记录扣去 1 分/)
      .waitFor();
    expect(await figure('scoring-supported')).toBeLessThanOrEqual(99);

    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-12-scoring');

    // 安委办 adds a lower item under the 二级项 城市工业企业 (1 point, −0.5 per finding up to 1), links
    // task 6 to it, sees it in the tree with its task, then deletes it.
    const tree = page.getByTestId('scoring-tree');
    await tree.getByTestId('item-add-child-4').click();
    const itemDialog = page.getByRole('dialog');
    await itemDialog.getByText('上级项：4 城市工业企业').waitFor();
    await itemDialog.getByLabel(label('编码')).fill('(12)');
    await itemDialog.getByLabel(label('名称')).fill('工业企业安全生产标准化');
    await itemDialog.getByLabel(label('分值（分）')).fill('1');
    await itemDialog.getByLabel(label('每处扣分（分）')).fill('0.5');
    await itemDialog.getByLabel(label('扣分上限（分）')).fill('1');
    await itemDialog.getByLabel(label('依据')).fill('自拟，待与评分标准原文核对');
    await screenshot(page, 'campaign-12-scoring-item');
    await itemDialog.getByRole('button', { name: label('保存') }).click();
    await itemDialog.waitFor({ state: 'hidden' });
    const added = tree.locator('tr', { hasText: '工业企业安全生产标准化' });
    await added.waitFor();
    expect(await added.locator('td').nth(2).textContent()).toBe('1');
    // The points went to the API as hundredths and come back as points.
    await added.getByTestId('item-edit-(12)').click();
    const editDialog = page.getByRole('dialog');
    await expect.poll(() => editDialog.getByLabel(label('每处扣分（分）')).inputValue()).toBe('0.50');
    expect(await editDialog.getByLabel(label('扣分上限（分）')).inputValue()).toBe('1.00');
    // Clicked while the dialog still zoomed in, the button moved under the click on a loaded machine (seen once).
    await settle(page, { scrollToTop: false });
    await editDialog.getByRole('button', { name: label('取消') }).click();
    await editDialog.waitFor({ state: 'hidden' });

    await added.getByTestId('item-link-(12)').click();
    const linkDialog = page.getByRole('dialog');
    await linkDialog.getByRole('combobox').fill('第6项');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '第6项 ' }).first().click();
    // The multi-select keeps its dropdown open after a pick, over the 保存 button: close it first.
    await linkDialog.locator('.ant-modal-title').click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await linkDialog.getByRole('button', { name: label('保存') }).click();
    await linkDialog.waitFor({ state: 'hidden' });
    await added.getByRole('link', { name: '6', exact: true }).waitFor();

    await added.getByTestId('item-delete-(12)').click();
    await page
      .locator('.ant-popconfirm:visible')
      .getByRole('button', { name: label('删除') })
      .click();
    await added.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('scoring-total').locator('.ant-statistic-content-value').textContent()).toBe('99');
  });

  test('the schedule shows the five phases, nineteen steps and the import flags', async () => {
    const { page } = office;
    await page.goto(`${harness.url}/campaign`);
    await page.getByRole('tab', { name: '日程安排' }).click();
    await page.getByTestId('schedule-table').locator('.ant-table-row').nth(18).waitFor();
    expect(await page.getByTestId('schedule-table').locator('.ant-table-row').count()).toBe(19);
    await page
      .getByTestId('schedule-flags')
      .getByText(/导入时发现以下不一致，请管理员核对/)
      .waitFor();
    await page.getByTestId('schedule-phases').getByText('国家评议阶段').waitFor();
    // 安委办 marks the first flag as checked; the plan's data stays as the seed has it.
    const flags = page.getByTestId('schedule-flags');
    const before = await flags.getByRole('button', { name: '确认已核对' }).count();
    await flags.getByRole('button', { name: '确认已核对' }).first().click();
    await flags
      .getByText(/核对确认/)
      .first()
      .waitFor();
    expect(await flags.getByRole('button', { name: '确认已核对' }).count()).toBe(before - 1);
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-13-schedule');
  });

  test('a target task shows its indicators; English works', async () => {
    const { page } = office;
    await page.getByRole('tab', { name: '任务台账' }).click();
    await page.getByTestId('task-open-8').click();
    await page.getByTestId('task-targets').locator('.ant-table-row').first().waitFor();
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-14-targets');

    await page.getByTestId('language-switch').click();
    await page.getByRole('button', { name: label('Back to ledger') }).click();
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByText('Completion by section').waitFor();
    await page.locator('[data-testid="chart-sections"] canvas').waitFor();
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-15-overview-english');
    await page.getByTestId('language-switch').click();
    await page.getByText('各板块任务完成情况').waitFor();
  });

  test('on a phone the unit reads task 79 and can fill a report form', async () => {
    const phone = await harness.session({ width: 390, height: 844 });
    const { page } = phone;
    await harness.login(page, 'yjglj_staff', unitPassword);
    await page.goto(taskUrl);
    await part(page).getByTestId('assignment-status').getByText('已验收').waitFor();
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-16-phone-task');
    // Nothing may stick out sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.goto(`${harness.url}/campaign`);
    await page.locator('[data-testid="chart-sections"] canvas').waitFor();
    await page.getByTestId('phase-gantt').waitFor();
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-18-phone-overview');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // A phone picks the section from a list (six tabs do not fit).
    await page.getByTestId('campaign-section-picker').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '任务台账' }).click();
    await page.getByTestId('task-open-4').waitFor();
    // The key columns come right after 序号, on screen without scrolling the table sideways.
    const table = page.getByTestId('task-table');
    for (const heading of ['完成时限', '状态']) {
      const box = await table.getByRole('columnheader', { name: heading, exact: true }).boundingBox();
      expect(box && box.x + box.width, heading).toBeLessThanOrEqual(390);
    }
    await settle(page, { pauseMs: 600 });
    await screenshot(page, 'campaign-19-phone-tasks', { fullPage: false });
    await page.getByTestId('task-open-4').click();
    await part(page)
      .getByRole('button', { name: label('报送进展') })
      .click();
    await page.getByRole('dialog').getByTestId('progress-text').fill('已组织开展专项检查。');
    await settle(page, { pauseMs: 600 });
    // What the phone shows: a full-page capture would misplace the fixed dialog.
    await screenshot(page, 'campaign-17-phone-report-form', { fullPage: false });
    await page.keyboard.press('Escape');

    // The import's inconsistencies are 安委办's to confirm: a department's schedule shows the steps without them.
    const campaignId = await page.evaluate(
      async () => ((await (await fetch('/api/campaigns')).json()) as { items: { id: string }[] }).items[0]!.id,
    );
    await page.goto(`${harness.url}/campaign/${campaignId}/schedule`);
    await page.getByTestId('schedule-table').locator('.ant-table-row').nth(18).waitFor();
    expect(await page.getByTestId('schedule-flags').count()).toBe(0);

    // An indicator value that is not a number is refused with a message, never dropped from the report.
    const task19 = await page.evaluate(async (id) => {
      const tasks = (await (await fetch(`/api/campaigns/${id}/tasks?pageSize=200`)).json()) as { items: { id: string; seq: number }[] };
      return tasks.items.find((x) => x.seq === 19)!.id;
    }, campaignId);
    await page.goto(`${harness.url}/campaign/tasks/${task19}`);
    await part(page)
      .getByRole('button', { name: label('报送进展') })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('progress-text').fill('已建立区级危化品安全风险分布档案。');
    await dialog.getByTestId('progress-indicator-0').fill('abc');
    await dialog.getByRole('button', { name: label('报送进展') }).click();
    await dialog.getByText('请填写数字，如 95 或 99.5；未统计可不填').waitFor();
    await dialog.getByTestId('progress-indicator-0').fill('98.5');
    await dialog.getByRole('button', { name: label('报送进展') }).click();
    await dialog.waitFor({ state: 'hidden' });
    await part(page).getByText('98.5').first().waitFor();
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });

  test('no console errors, and nothing was requested outside 127.0.0.1', () => {
    expect(office.errors).toEqual([]);
    expect(unit.errors).toEqual([]);
    expect([...harness.hosts]).toEqual(['127.0.0.1']);
  });
});
