import { eq } from 'drizzle-orm';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serverModules } from '../packages/server/src/modules';
import { gridCases, gridVisits } from '../packages/server/src/modules/grid/grid.tables';
import { reportPhoto } from '../packages/server/test/report-intake.photo';
import { type Harness, screenshot, settle, startHarness } from './harness';

/**
 * 网格巡查 on a grid member's phone (390 × 844): today's list loads with signal, the network is cut, the page is
 * reloaded and still opens (service worker: app shell; IndexedDB: the route), a patrol is completed with a check-in,
 * the checklist, a photo and two findings (a hazard and a problem); the banner counts it as waiting. The network
 * returns, the queue syncs and the server holds the visit once; the same visit sent again (the phone lost the
 * answer) is still one visit. Then 安委办 sees the grid's day on /grid and the problem on /grid/cases on a desktop.
 */

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  for (const m of serverModules.filter((x) => ['identity', 'map', 'risk'].includes(x.domain.key))) await m.demo?.(harness.platform);
});
afterAll(() => harness?.close());

/** The visits the phone still holds in IndexedDB (the page's own store). */
const queuedOnPhone = (page: Page): Promise<number> =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('citysafe-grid');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('visits').objectStore('visits').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        };
      }),
  );

/** The paths of the files the service worker keeps of the app's build (its `citysafe-assets-v1` cache). */
const keptAssets = (page: Page): Promise<string[]> =>
  page.evaluate(async () => (await (await caches.open('citysafe-assets-v1')).keys()).map((r) => new URL(r.url).pathname).sort());

describe('grid patrol on a phone, offline', () => {
  test('a patrol done without signal is sent once when the signal returns', async () => {
    const { page, context, errors } = await harness.session({ width: 390, height: 844 });
    await harness.login(page, 'wgy_xz01');

    // Where the member stands: read from the route so the distance shown is the real one to the place.
    const route = (await page.evaluate(async () => (await fetch('/api/grid/route')).json())) as {
      places: { key: string; name: string; due: boolean; location: { lng: number; lat: number } | null }[];
    };
    const place = route.places.find((p) => p.due && p.location);
    expect(place, 'the demo grid has a due place with a location').toBeDefined();
    await context.grantPermissions(['geolocation'], { origin: harness.url });
    await context.setGeolocation({ latitude: place!.location!.lat + 0.0003, longitude: place!.location!.lng, accuracy: 12 });

    await page.goto(`${harness.url}/grid/patrol`);
    await page.getByTestId('grid-place').first().waitFor();
    // The service worker takes the page once installed; a second load goes through it, so the page's chunks are kept.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.getByTestId('grid-place').first().waitFor();
    await settle(page);
    await screenshot(page, 'grid-patrol-phone-list');

    // Installable: Chromium's own check of the manifest, its icons (PNG 192/512, maskable) and the service worker.
    // A test context is incognito, where Chromium never offers to install: that one finding is the context's, not the app's.
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
    const { errors: manifestErrors } = await cdp.send('Page.getAppManifest');
    expect(manifestErrors).toEqual([]);
    await cdp.detach();

    // A deploy since the phone last had signal (its kept index.html is another build's): the files only the earlier
    // build had are dropped when the new index.html arrives; the current build's files, the patrol page's among them, stay.
    const current = await keptAssets(page);
    expect(current.length).toBeGreaterThan(2);
    await page.evaluate(async () => {
      const js = { headers: { 'content-type': 'text/javascript' } };
      await (await caches.open('citysafe-assets-v1')).put('/assets/earlier-build-0000.js', new Response('/* earlier */', js));
      const html = { headers: { 'content-type': 'text/html' } };
      await (await caches.open('citysafe-shell-v1')).put('/index.html', new Response('<!doctype html><p>earlier build</p>', html));
    });
    expect(await keptAssets(page)).toContain('/assets/earlier-build-0000.js');
    await page.reload();
    await page.getByTestId('grid-place').first().waitFor();
    await expect.poll(() => keptAssets(page)).not.toContain('/assets/earlier-build-0000.js');
    expect(await keptAssets(page)).toEqual(expect.arrayContaining(current));

    await context.setOffline(true);
    await page.reload();
    // Opened with no signal: the shell from the service worker, the list from the phone.
    await page.getByTestId('grid-sync-banner').waitFor();
    expect(await page.getByTestId('grid-sync-banner').textContent()).toContain('离线');
    await page.locator(`[data-testid="grid-place"][data-place-key="${place!.key}"]`).getByTestId('grid-start').click();

    await page.getByTestId('grid-visit').waitFor();
    await page.getByTestId('grid-checkin').click();
    await expect.poll(() => page.getByTestId('grid-checkin-result').textContent()).toMatch(/距点位 3\d 米/);
    if ((await page.getByTestId('grid-check-item').count()) > 0) await page.getByTestId('grid-all-ok').click();
    await page.getByTestId('grid-photos-input').setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: reportPhoto() });
    await page.getByTestId('photo-thumb').waitFor();
    await page.getByTestId('grid-add-hazard').click();
    await page.getByTestId('grid-finding-title').last().fill('配电箱门缺失，线路裸露');
    await page.getByTestId('grid-add-case').click();
    await page.getByTestId('grid-finding-title').last().fill('消防通道被杂物堵塞');
    await settle(page);
    await screenshot(page, 'grid-patrol-phone-visit-offline');
    await page.getByTestId('grid-submit').click();

    await expect.poll(() => page.getByTestId('grid-sync-banner').textContent()).toContain('离线 · 1 条待同步');
    await page.getByTestId('grid-place').first().waitFor();
    await settle(page);
    await screenshot(page, 'grid-patrol-phone-queued');
    const { db } = harness.platform;
    expect(await db.select().from(gridVisits)).toHaveLength(0);
    expect(await queuedOnPhone(page)).toBe(1);
    // A copy of the queued visit, as a phone that lost the server's answer would still hold it.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('citysafe-grid');
          open.onsuccess = () => {
            const all = open.result.transaction('visits').objectStore('visits').getAll();
            all.onsuccess = () => {
              (window as unknown as { keptCopy: unknown }).keptCopy = all.result[0];
              resolve();
            };
            all.onerror = () => reject(all.error);
          };
        }),
    );

    await context.setOffline(false);
    await page.getByTestId('grid-sync-banner').waitFor({ state: 'detached' });
    await expect.poll(() => queuedOnPhone(page)).toBe(0);
    const visits = await db.select().from(gridVisits);
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ placeName: place!.name, farCheckIn: false });
    expect(visits[0]!.distanceM).toBeGreaterThan(20);
    expect(visits[0]!.photoFileIds).toHaveLength(1);
    expect(visits[0]!.findings.map((f) => f.kind).sort()).toEqual(['case', 'hazard']);
    await expect.poll(() => page.locator(`[data-place-key="${place!.key}"]`).textContent()).toContain('已巡');
    await settle(page);
    await screenshot(page, 'grid-patrol-phone-synced');

    // Sent again: the server answers the same visit, the phone drops it, nothing is recorded twice.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('citysafe-grid');
          open.onsuccess = () => {
            const tx = open.result.transaction('visits', 'readwrite');
            tx.objectStore('visits').put((window as unknown as { keptCopy: unknown }).keptCopy);
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await page.reload();
    await page.getByTestId('grid-place').first().waitFor();
    await expect.poll(() => queuedOnPhone(page)).toBe(0);
    expect(await db.select().from(gridVisits)).toHaveLength(1);
    expect(await db.select().from(gridCases).where(eq(gridCases.visitId, visits[0]!.id))).toHaveLength(1);

    // Submitted with signal but refused (the phone's clock a day ahead: a check-in the server holds as in the future):
    // the member is told why and the visit is listed as not accepted, never 巡查已提交.
    await page.locator(`[data-place-key="${place!.key}"]`).getByTestId('grid-start').click();
    await page.getByTestId('grid-visit').waitFor();
    if ((await page.getByTestId('grid-check-item').count()) > 0) await page.getByTestId('grid-all-ok').click();
    await page.clock.setFixedTime(Date.now() + 24 * 3600_000);
    await page.getByTestId('grid-submit').click();
    await page.getByTestId('grid-refused').waitFor();
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('服务器拒收');
    expect(await page.locator('.ant-message').textContent()).not.toContain('巡查已提交');
    expect(await page.getByTestId('grid-refused').textContent()).toContain(place!.name);
    expect(await db.select().from(gridVisits)).toHaveLength(1);
    await settle(page);
    await screenshot(page, 'grid-patrol-phone-refused');

    // A network with no way to the server (a Wi-Fi with no way out): the phone says online, the page says 离线 from the
    // requests that got no answer, and is back by itself when the server answers its probe again.
    const noWayOut = (route: Route) => route.abort('internetdisconnected');
    await page.route('**/api/grid/**', noWayOut);
    await page.route('**/api/health', noWayOut);
    await page.reload();
    await page.getByTestId('grid-sync-banner').waitFor();
    expect(await page.evaluate(() => navigator.onLine)).toBe(true);
    expect(await page.getByTestId('grid-sync-banner').textContent()).toContain('离线');
    await page.unrouteAll();
    await page.getByTestId('grid-sync-banner').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await context.close();
  });

  test('安委办 sees the day on /grid, dispatches the problem, reads 考核 and the settings', async () => {
    const { page, context, errors } = await harness.session();
    const { db } = harness.platform;
    await harness.login(page, 'awb');
    await page.goto(`${harness.url}/grid`);
    await page.getByTestId('grid-link').first().waitFor();
    const row = page.locator('tr', { has: page.getByText('新筑社区第一网格') });
    await expect.poll(() => row.textContent()).toContain('610111010001001');
    await page.getByTestId('map-legend').waitFor();
    await settle(page);
    await screenshot(page, 'grid-overview-desktop');

    // The grid's page: its places with their interval and next due day beside its polygon.
    await row.getByTestId('grid-link').click();
    await page.getByTestId('grid-places').locator('tr.ant-table-row').first().waitFor();
    await page.locator('[data-testid="map-view"] canvas').first().waitFor();
    await settle(page);
    await screenshot(page, 'grid-detail-desktop');

    await page.goto(`${harness.url}/grid/cases`);
    await page.getByTestId('grid-case-link').first().waitFor();
    // Reported on the phone as a problem of the default category (一般问题, not the first: 紧急问题).
    expect(await page.getByTestId('grid-cases').textContent()).toContain('一般问题');
    await settle(page);
    await screenshot(page, 'grid-cases-desktop');
    await page.getByTestId('grid-case-link').first().click();
    await page.getByTestId('grid-case-facts').waitFor();
    expect(await page.locator('.page-header').textContent()).toContain('消防通道被杂物堵塞');
    expect(await page.getByTestId('grid-case-facts').textContent()).toContain('新筑社区第一网格');
    // The photo taken on patrol shows on the case found with it (GET /api/grid/cases/:id/photos/:fileId).
    const photo = page.getByTestId('grid-case-photos').locator('img').first();
    await expect.poll(() => photo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await page.locator('[data-testid="map-view"] canvas').first().waitFor();

    // 派遣 to the street's office: the deadline starts and the step shows in the timeline.
    await page.getByTestId('grid-case-dispatch').click();
    await page.getByTestId('grid-case-org').click();
    await page.keyboard.type('新筑街');
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: '新筑街' }).first().click();
    await page.getByTestId('grid-case-note').fill('请街道办事处组织清理');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.getByTestId('grid-case-timeline').getByTestId('timeline-entry').first().waitFor();
    expect(await page.getByTestId('grid-case-facts').textContent()).toContain('已派遣');
    expect((await db.select().from(gridCases))[0]).toMatchObject({ status: 'dispatched' });
    await settle(page);
    await screenshot(page, 'grid-case-desktop');

    // 处置 by the street it went to, with a photo of the work done: shown in the timeline through the case.
    const caseUrl = page.url();
    const street = await harness.session();
    await harness.login(street.page, 'xzjb');
    await street.page.goto(caseUrl);
    await street.page.getByTestId('grid-case-handle').click();
    await street.page.getByTestId('grid-case-note').fill('已清理杂物，通道畅通');
    await street.page
      .getByTestId('grid-case-photo-capture-input')
      .setInputFiles({ name: '清理后.jpg', mimeType: 'image/jpeg', buffer: reportPhoto() });
    await street.page.locator('[data-testid="photo-thumb"][data-uploaded="true"]').waitFor();
    await street.page.locator('.ant-modal-footer .ant-btn-primary').click();
    const handled = street.page.getByTestId('grid-case-handled-photos').locator('img').first();
    await expect.poll(() => handled.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await street.page.getByTestId('grid-case-facts').textContent()).toContain('已处置');
    // Each photo once: the one found on patrol with the case, the one of the work in its 处置 step.
    expect(await street.page.getByTestId('grid-case-photos').locator('img').count()).toBe(1);
    expect((await db.select().from(gridCases))[0]).toMatchObject({ status: 'handled' });
    await settle(street.page);
    await screenshot(street.page, 'grid-case-handled-street');
    expect(street.errors).toEqual([]);
    await street.context.close();

    // 网格员考核: 陈磊's one visit of the period counts; the xlsx is offered.
    await page.goto(`${harness.url}/grid/stats`);
    await page.getByTestId('grid-stats-table').getByText('陈磊').waitFor();
    await page.getByTestId('grid-stats-xlsx').waitFor();
    await settle(page);
    await screenshot(page, 'grid-stats-desktop');

    // 巡查设置: each value with its source, the platform's defaults marked 未核实.
    await page.goto(`${harness.url}/grid/settings`);
    await page.getByTestId('grid-setting-source').first().waitFor();
    expect(await page.getByTestId('grid-setting-source').count()).toBe(3);
    expect(await page.getByTestId('grid-setting-source').first().textContent()).toContain('未核实');
    await settle(page);
    await screenshot(page, 'grid-settings-desktop');
    expect(errors).toEqual([]);
    await context.close();
  });
});
