import exifr from 'exifr';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reportPhoto } from '../packages/server/test/report-intake.photo';
import { adminPassword, apiSession, type Harness, screenshot, settle, startHarness } from './harness';

/**
 * 举报, what the office and the public see after a report is handled: the report's page shows its photo (served
 * through the report, its EXIF gone) and links the hazard it became, whose page names the report it came from; the
 * public notice of paid rewards, on a phone, names the report's code and the amount and nobody.
 */

let harness: Harness;
let report: { id: string; code: string };
let hazardId: string;
const REPORTER = { name: '举报人赵六', phone: '13800005678' };
const PLACE = { lng: 109.0813, lat: 34.4021 };

/** A member of the public files a real-name report with a photo carrying its GPS place, through the public API. */
async function fileReport(url: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(reportPhoto(PLACE))], { type: 'image/jpeg' }), '现场.jpg');
  const uploaded = (await (await fetch(`${url}/api/public/reports/photos`, { method: 'POST', body: form })).json()) as { fileId: string };
  const challenge = (await (await fetch(`${url}/api/public/reports/challenge`)).json()) as { token: string; question: { en: string } };
  const [, a, op, b] = /What is (\d+) (plus|minus) (\d+)\?/.exec(challenge.question.en)!;
  const answer = String(op === 'plus' ? Number(a) + Number(b) : Number(a) - Number(b));
  const res = await fetch(`${url}/api/public/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: 'major_hazard',
      description: '新筑街道某化工仓库液氨储罐无泄漏报警装置，夜间常有刺鼻气味。',
      address: '新筑街道港务大道 88 号',
      reportedOrgName: '西港照片测试化工有限公司',
      anonymous: false,
      reporter: REPORTER,
      ...PLACE,
      photoIds: [uploaded.fileId],
      challenge: { token: challenge.token, answer },
    }),
  });
  if (res.status !== 201) throw new Error(`submit: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { code: string }).code;
}

/** 安委办's steps through the API, to a closed report with a hazard registered and a reward paid. */
async function handle(url: string): Promise<void> {
  const send = await apiSession(url);
  const code = await fileReport(url);
  const orgs = (await send<{ items: { id: string; code: string }[] }>('GET', '/api/orgs?pageSize=2000')).items;
  const xinzhu = orgs.find((o) => o.code === 'XZJB')!.id;
  const plant = await send<{ id: string }>('POST', '/api/orgs', {
    code: 'QY-PHOTO',
    name: '西港照片测试化工有限公司',
    type: 'enterprise',
    parentId: xinzhu,
  });
  const listed = await send<{ items: { id: string; code: string }[] }>('GET', `/api/reports?q=${code}`);
  report = { id: listed.items[0]!.id, code };
  const step = (action: string, body: Record<string, unknown> = {}) =>
    send<{ hazard: { id: string } | null }>('POST', `/api/reports/${report.id}/actions/${action}`, body);
  await step('accept');
  await step('assign', { orgId: xinzhu });
  const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const handled = await step('handle', {
    outcome: 'hazard',
    note: '现场核实属实，已登记隐患并责令整改',
    hazard: { level: '一般', responsibleOrgId: plant.id, deadline },
  });
  hazardId = handled.hazard!.id;
  await step('verify', { note: '复核属实' });
  await step('close', { reply: '经核查，举报属实，已责令企业限期整改。感谢您的举报。' });
  const reward = await send<{ id: string }>('POST', `/api/reports/${report.id}/rewards`, { basis: { kind: 'fine', fine: 50_000 } });
  await send('POST', `/api/report-rewards/${reward.id}/actions/approve`, {});
  await send('POST', `/api/report-rewards/${reward.id}/actions/pay`, { paymentRef: 'ZF-2026-0001' });
}

beforeAll(async () => {
  harness = await startHarness();
  await handle(harness.url);
});
afterAll(() => harness?.close());

describe('举报: photos, the hazard it became, the rewards notice', () => {
  test('the report’s page shows its photo without EXIF; the hazard’s page names the report it came from', async () => {
    const session = await harness.session();
    const { page } = session;
    await harness.login(page, 'admin', adminPassword);
    await page.goto(`${harness.url}/reports/${report.id}`);
    await page.getByTestId('report-code').waitFor();
    const photo = page.getByTestId('report-photo');
    await photo.locator('img').waitFor();
    // The thumbnail loaded from the report's photo route (a 16 × 12 JPEG).
    await expect.poll(() => photo.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(16);
    expect(await photo.textContent()).toContain('照片位置 109.08130, 34.40210');
    // What the page links for download carries no EXIF: fetched with the page's own session.
    const href = (await photo.getByRole('link').getAttribute('href'))!;
    const bytes = await page.evaluate(async (url) => Array.from(new Uint8Array(await (await fetch(url)).arrayBuffer())), href);
    expect(await exifr.gps(Buffer.from(bytes))).toBeUndefined();
    expect(Buffer.from(bytes).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(await page.locator('body').textContent()).not.toContain(REPORTER.phone);
    await settle(page, { scrollToTop: false });
    await screenshot(page, 'report-photos-01-detail');

    await page.getByTestId('report-hazard').click();
    const origin = page.getByTestId('hazard-from-report');
    await origin.waitFor();
    expect(await origin.textContent()).toBe(`来源：举报 ${report.code}`);
    expect(await page.getByTestId('hazard-detail').textContent()).not.toContain(REPORTER.name);
    await settle(page, { scrollToTop: false });
    await screenshot(page, 'report-photos-02-hazard-origin');
    await origin.click();
    await page.waitForURL(`**/reports/${report.id}`);
    await page.getByTestId('report-code').waitFor();
    expect(hazardId).toBeTruthy();
    expect(session.errors).toEqual([]);
    await session.context.close();
  }, 120_000);

  test('the public notice of paid rewards, reached from the report page on a phone, names no one', async () => {
    const session = await harness.session({ width: 390, height: 844 });
    const { page } = session;
    await page.goto(`${harness.url}/public/report`);
    await page.getByRole('heading', { name: '安全生产举报' }).waitFor();
    await page.getByRole('link', { name: '举报奖励公示' }).click();
    await page.getByRole('heading', { name: '举报奖励公示' }).waitFor();
    expect(page.url()).toContain('/public/report/rewards');
    const card = page.getByTestId('public-reward');
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    // 15 % of a 50 000元 fine is 7 500元 (above the 3 000元 minimum).
    expect(text).toContain(report.code);
    expect(text).toContain('7,500 元');
    expect(text).toContain('重大事故隐患');
    const body = (await page.locator('body').textContent()) ?? '';
    for (const personal of [REPORTER.name, REPORTER.phone, '西港照片测试化工有限公司', 'ZF-2026-0001'])
      expect(body).not.toContain(personal);
    expect(await page.getByTestId('public-list-total').textContent()).toContain('共 1 笔');
    // One column that fits the phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await settle(page, { scrollToTop: false });
    await screenshot(page, 'report-rewards-01-phone');

    await page.getByTestId('public-list-total').waitFor();
    await page.getByRole('searchbox').fill('JB-0000-000000');
    await page.getByRole('searchbox').press('Enter');
    await page.getByText('暂无已发放的奖励').waitFor();
    expect(session.errors).toEqual([]);
    await session.context.close();
  }, 120_000);
});
