import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reportPhoto } from '../packages/server/test/report-intake.photo';
import { reportReporters, reports } from '../packages/server/src/modules/report/report.tables';
import { type Harness, label, screenshot, startHarness } from './harness';

/**
 * 举报 on a phone (390 × 844), without logging in: a member of the public files a report with a photo whose EXIF
 * place is offered and taken, reports under their name, solves the check question, keeps the code and the secret,
 * then follows the report by them, sees the office's question and answers it. The identity never shows on the
 * tracking page.
 */

let harness: Harness;
const PLACE = { lng: 109.0813, lat: 34.4021 };
const NAME = '举报人李四';
const PHONE = '13700001234';

const digits: Record<string, number> = { 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
/** 0–99 written in Chinese characters, as the check question writes its numbers. */
function chineseNumber(text: string): number {
  if (!text.includes('十')) return digits[text]!;
  const [tens, ones] = text.split('十');
  return (tens ? digits[tens]! : 1) * 10 + (ones ? digits[ones]! : 0);
}

/** Solves 「七加五等于几？」 as a person would. */
function solve(question: string): string {
  const [, a, op, b] = /([零一二三四五六七八九十]+)([加减])([零一二三四五六七八九十]+)等于几/.exec(question)!;
  return String(op === '加' ? chineseNumber(a!) + chineseNumber(b!) : chineseNumber(a!) - chineseNumber(b!));
}

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

describe('public report (举报) on a phone', () => {
  test('files a report with a photo and follows it by its code and secret', async () => {
    const { page, errors, context } = await harness.session({ width: 390, height: 844 });
    await page.goto(`${harness.url}/public/report`);
    await page.getByRole('heading', { name: '安全生产举报' }).waitFor();
    expect(page.url()).toContain('/public/report');

    await page.getByTestId('report-category').getByText('重大事故隐患').click();
    await page.getByTestId('report-description').fill('物流园 3 号库违规存放大量液化气钢瓶，消防通道被货物堵死。');
    await page.getByTestId('report-photo-input').setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: reportPhoto(PLACE) });
    await page.locator('[data-testid="report-photo"][data-uploaded="true"]').waitFor();
    // The photo's EXIF place is offered, not taken: nothing is chosen until the person says so.
    await page.getByTestId('report-exif-offer').waitFor();
    expect(await page.getByTestId('report-place').count()).toBe(0);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'report-intake-phone-form');
    await page.getByTestId('report-use-exif').click();
    await expect.poll(() => page.getByTestId('report-place').textContent()).toContain('109.08130, 34.40210');
    await page.getByTestId('report-address').fill('新筑街道物流园 3 号库');

    await page.getByTestId('report-name').fill(NAME);
    await page.getByLabel('手机号（选填）').fill(PHONE);
    const question = (await page.locator('label[for="answer"]').textContent()) ?? '';
    await page.getByTestId('report-answer').fill(solve(question));
    await page.getByTestId('report-submit').click();

    await page.getByTestId('report-receipt').waitFor();
    const code = (await page.getByTestId('report-code').textContent())!.trim();
    const secret = (await page.getByTestId('report-secret').textContent())!.trim();
    expect(code).toMatch(/^JB-\d{4}-\d{6}$/);
    expect(secret).toMatch(/^[A-Z2-9]{10}$/);
    // Each has a copy button.
    expect(await page.getByTestId('report-receipt').getByRole('button').count()).toBe(2);
    await screenshot(page, 'report-intake-phone-receipt');

    // Stored as filed: the EXIF place, the photo, the identity kept apart.
    const { db } = harness.platform;
    const [row] = await db.select().from(reports).where(eq(reports.code, code));
    expect(row!.geom!.x).toBeCloseTo(PLACE.lng, 4);
    expect(row!.anonymous).toBe(false);
    expect((await db.select().from(reportReporters).where(eq(reportReporters.reportId, row!.id)))[0]).toMatchObject({
      name: NAME,
      phone: PHONE,
    });

    // Following it: the code comes from the receipt's link, the secret is typed.
    await page.getByRole('button', { name: label('查看办理进度') }).click();
    await page.getByRole('heading', { name: '举报进度查询' }).waitFor();
    expect(await page.getByTestId('track-code').inputValue()).toBe(code);
    await page.getByTestId('track-secret').fill('ABCDEFGHJK');
    await page.getByTestId('track-submit').click();
    await page.getByText('查询码或密码不正确').waitFor();
    await page.getByTestId('track-secret').fill(secret.toLowerCase());
    await page.getByTestId('track-submit').click();
    await page.getByTestId('track-result').waitFor();
    expect(await page.getByTestId('track-status').textContent()).toBe('已接收');
    expect(await page.getByTestId('track-steps').textContent()).toContain('已接收');
    const shown = (await page.locator('main').textContent()) ?? '';
    for (const personal of [NAME, PHONE]) expect(shown).not.toContain(personal);

    // The office asks a question (HANDLING's page writes it; here straight into the table); the reporter answers.
    await db.execute(
      sql`insert into report_messages (report_id, author, body, created_at) values (${row!.id}, 'office', '请说明钢瓶大约有多少个？', now())`,
    );
    await page.reload();
    await page.getByTestId('track-secret').fill(secret);
    await page.getByTestId('track-submit').click();
    await page.getByText('工作人员向您提出了问题，请补充说明。').waitFor();
    await page.getByTestId('track-answer').fill('大约四十个，都堆在库房门口。');
    await page.getByTestId('track-send').click();
    await expect.poll(() => page.getByTestId('track-message').count()).toBe(2);
    expect(await page.getByText('工作人员向您提出了问题，请补充说明。').count()).toBe(0);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'report-intake-phone-track');

    expect(errors).toEqual([]);
    await context.close();
  });
});
