import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serverModules } from '../packages/server/src/modules';
import { fillIncidentReportsDemo } from '../packages/server/src/modules/emergency/incident-reports.demo';
import { fillIncidentDemo } from '../packages/server/src/modules/emergency/incident.demo';
import { recordIncident } from '../packages/server/src/modules/emergency/index';
import { loadUserActor } from '../packages/server/src/modules/identity/index';
import { type Harness, label, screenshot, type Session, settle, startHarness } from './harness';

/**
 * 事故报告 in the browser: a gas leak just received in 新筑街道 shows its 首报 counting down from the one hour of
 * 493号令 Art. 9; 新筑街办 submits it with the Art. 12 items and downloads the Word document; the demo's past
 * accident shows its reports made (on time and late for ever), its investigation approved and its measures.
 */

let harness: Harness;
let desktop: Session;
let incidentId: string;

beforeAll(async () => {
  harness = await startHarness();
  const { db } = harness.platform;
  for (const m of serverModules.filter((x) => ['identity', 'map'].includes(x.domain.key))) await m.demo?.(harness.platform);
  await fillIncidentDemo(harness.platform);
  await fillIncidentReportsDemo(harness.platform);
  const [duty] = ((await db.execute(sql`select id from users where username = 'zbs'`)) as unknown as { rows: { id: string }[] }).rows;
  const actor = (await loadUserActor(db, duty!.id, { via: 'session', sessionId: null, csrfToken: null, ip: null }))!;
  const now = new Date();
  incidentId = await db.transaction((tx) =>
    recordIncident(tx, actor, {
      title: '新筑路燃气管道泄漏',
      category: 'production',
      origin: 'phone_119',
      occurredAt: new Date(now.getTime() - 5 * 60_000).toISOString(),
      learnedAt: now.toISOString(),
      placeName: '新筑路与港务大道交叉口',
      lng: 109.08,
      lat: 34.394,
      summary: '施工破坏中压燃气管道，燃气泄漏。',
      minorInjuries: 1,
      directLossWan: 20,
    } as Parameters<typeof recordIncident>[2]),
  );
});
afterAll(async () => {
  await desktop?.context.close();
  await harness?.close();
});

describe('事故报告: the countdown and the 首报 Word document', () => {
  test('the 首报 counts down from one hour; submitted, its Word document downloads', async () => {
    desktop = await harness.session();
    const { page, errors } = desktop;
    await harness.login(page, 'xzjb');
    await page.goto(`${harness.url}/emergency/incidents/${incidentId}`);
    const countdown = page.getByTestId('report-countdown-first-district-1');
    await countdown.waitFor();
    const before = await countdown.textContent();
    expect(before).toMatch(/^剩余 0小时5\d分\d\d秒$/);
    await expect.poll(() => countdown.textContent(), { timeout: 5000 }).not.toBe(before);
    await page.getByTestId('incident-reports').scrollIntoViewIfNeeded();
    await settle(page, { pauseMs: 800, scrollToTop: false });
    await screenshot(page, 'emergency-reports-01-countdown');

    await page.getByTestId('report-submit-first-district-1').click();
    await page.getByTestId('report-unitOverview').fill('新筑路市政改造工程施工现场，施工单位为某建设集团。');
    await page.getByTestId('report-scene').fill('新筑路与港务大道交叉口东北角，中压管道破损，周边50米已警戒。');
    await page.getByTestId('report-reporterName').fill('新筑街办 应急办 赵敏');
    await page.getByTestId('report-reporterPhone').fill('029-83361234');
    await page
      .locator('.ant-modal-footer')
      .getByRole('button', { name: label('报送') })
      .click();
    const download = page.getByTestId('report-download-first-district-1');
    await download.waitFor();
    expect(await page.getByTestId('report-schedule').textContent()).toContain('按时报告');
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toMatch(/^SG-\d{4}-\d{4}-首报\.docx$/);
    const bytes = await file.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    });
    expect(bytes.subarray(0, 2).toString('ascii')).toBe('PK');
    await settle(page, { pauseMs: 800, scrollToTop: false });
    await screenshot(page, 'emergency-reports-02-submitted');
    expect(errors).toEqual([]);
  });

  test('the past accident: its reports, the investigation approved and its measures', async () => {
    const office = await harness.session();
    const { page, errors } = office;
    await harness.login(page, 'awb');
    const [past] = (
      (await harness.platform.db.execute(sql`select id from incidents where title = '港安化工仓储危化品仓库爆燃事故'`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows;
    await page.goto(`${harness.url}/emergency/incidents/${past!.id}`);
    await page.getByTestId('report-investigation').waitFor();
    expect(await page.getByTestId('report-schedule').textContent()).toContain('续报');
    expect(await page.getByTestId('report-investigation').textContent()).toContain('已批复');
    expect(await page.getByTestId('report-measures').locator('tbody tr').count()).toBe(2);
    await page.getByTestId('incident-reports').scrollIntoViewIfNeeded();
    await settle(page, { pauseMs: 800, scrollToTop: false });
    await screenshot(page, 'emergency-reports-03-investigation');
    expect(errors).toEqual([]);
    await office.context.close();
  });
});
