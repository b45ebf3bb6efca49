import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hazards } from '../packages/server/src/modules/hazard/hazard.tables';
import { orgs } from '../packages/server/src/modules/identity/index';
import { type Harness, screenshot, startHarness } from './harness';

/**
 * 重大事故隐患挂牌督办公示 (/public/hazards): anyone opens it without logging in, on a phone and on a desktop,
 * and reads the listed hazards with public notice as cards — unit, place, supervising body, dates, progress —
 * and never a person's name or phone. The rows are written straight into the table (the loops that bring a
 * hazard to 挂牌督办 have their own journey in hazards.test.ts).
 */

let harness: Harness;
const PERSON = '孙责任人';
const PHONE = '13800001111';
const LEADER = '周副局长';

beforeAll(async () => {
  harness = await startHarness();
  const { db } = harness.platform;
  const orgId = async (code: string) => (await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, code)))[0]!.id;
  const unit = await orgId('LGJT');
  const street = await orgId('XZJB');
  const base = {
    level: '重大' as const,
    origin: 'department_check' as const,
    responsibleOrgId: unit,
    reportedOrgId: await orgId('YJGLJ'),
    responsiblePerson: PERSON,
    responsiblePhone: PHONE,
    responsibleLeader: LEADER,
    supervisingBody: '西安国际港务区安全生产委员会办公室',
    publicNotice: true,
    streetId: street,
    foundAt: new Date(Date.now() - 40 * 86_400_000),
    listedAt: new Date(Date.now() - 30 * 86_400_000),
  };
  await db.insert(hazards).values([
    {
      ...base,
      code: 'YH-2026-900001',
      title: '液氨储罐区紧急切断装置失效',
      category: 'ammonia_refrigeration',
      placeName: '港务大道 88 号冷链物流园',
      status: 'listed',
      supervisionDeadline: '2026-12-31',
    },
    {
      ...base,
      code: 'YH-2026-900002',
      title: '商场疏散通道被占用、防火门常闭失效',
      category: 'fire',
      placeName: '新筑街道欧亚大道购物中心',
      status: 'awaiting_review',
      supervisionDeadline: '2026-11-30',
    },
    {
      ...base,
      code: 'YH-2026-900003',
      title: '燃气调压站安全间距不足',
      category: 'gas',
      placeName: '新合街道调压站',
      status: 'closed',
      closedAt: new Date(Date.now() - 5 * 86_400_000),
      supervisionDeadline: '2026-10-31',
    },
    { ...base, code: 'YH-2026-900004', title: '未公示的挂牌隐患', status: 'listed', publicNotice: false },
  ]);
});
afterAll(() => harness?.close());

describe('挂牌督办公示', () => {
  test('anyone reads the listed hazards on a phone, without logging in and without personal data', async () => {
    const { page, errors, context } = await harness.session({ width: 390, height: 844 });
    await page.goto(`${harness.url}/public/hazards`);
    await page.getByRole('heading', { name: '重大事故隐患挂牌督办公示' }).waitFor();
    await page.locator('article.public-hazard').first().waitFor();
    expect(page.url()).toContain('/public/hazards');
    expect(await page.locator('article.public-hazard').count()).toBe(3);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('液氨储罐区紧急切断装置失效');
    expect(text).toContain('陆港集团');
    expect(text).toContain('挂牌督办整改中');
    expect(text).toContain('已销号');
    expect(text).not.toContain('未公示的挂牌隐患');
    for (const personal of [PERSON, PHONE, LEADER]) expect(text).not.toContain(personal);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'hazard-public-phone');

    await page.getByRole('searchbox').fill('燃气');
    await page.getByRole('searchbox').press('Enter');
    await expect.poll(() => page.locator('article.public-hazard').count()).toBe(1);
    expect(page.url()).toContain('q=');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('on a desktop, in English', async () => {
    const { page, errors, context } = await harness.session({ width: 1280, height: 800, locale: 'en-US' });
    await page.goto(`${harness.url}/public/hazards`);
    await page.locator('article.public-hazard').first().waitFor();
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Major hazards under listed supervision: public notice' }).waitFor();
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, 'hazard-public-desktop-en');
    expect(errors).toEqual([]);
    await context.close();
  });
});
