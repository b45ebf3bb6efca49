import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serverModules } from '../packages/server/src/modules';
import { encodePng } from '../packages/server/src/platform/map-image';
import { apiSession, type Harness, label, screenshot, type Session, settle, startHarness } from './harness';

/**
 * 隐患排查治理 in the browser. 一般: a grid member of 港安化工仓储's grid reports a hazard on a phone
 * with a photo from the camera and the location from the device; the enterprise starts and submits
 * the rectification with a photo after; 应急管理局 verifies and it is closed. 重大: the enterprise
 * reports one with its basis and to the regulator, writes the 治理方案 (refused while a part is
 * missing), 应急管理局 lists it (挂牌督办), the enterprise assesses and applies, 应急管理局 closes it (销号).
 */

let harness: Harness;
const gridPassword = 'Wgy#Hazard2024';
/** Where 港安化工仓储 stands on the demo map: inside its grid (新合社区 第二网格). */
const site = { longitude: 109.0512, latitude: 34.3521, accuracy: 12 };
let generalUrl: string;
let majorUrl: string;

beforeAll(async () => {
  harness = await startHarness();
  // Only the demo this journey stands on (the district, its users and areas): the hazards' own demo is not looked at here.
  for (const m of serverModules.filter((x) => ['identity', 'map'].includes(x.domain.key))) await m.demo?.(harness.platform);
  // The demo's grid members patrol grids without an enterprise; 港安化工仓储 lies in 新合社区's second grid.
  const admin = await apiSession(harness.url);
  const { items } = await admin<{ items: { id: string; code: string }[] }>('GET', '/api/orgs?pageSize=2000');
  const grid = items.find((o) => o.code === 'XHJB-C01-G02')!.id;
  await admin('POST', '/api/users', {
    username: 'wgy_xh02',
    displayName: '马骏',
    orgId: grid,
    roles: ['grid_member'],
    password: gridPassword,
    mustChangePassword: false,
  });
});
afterAll(async () => {
  await harness?.close();
});

/** A photo as a phone camera would hand it over: a small picture of a site (a PNG the file store recognises). */
function photo(name: string, shade: number): { name: string; mimeType: string; buffer: Buffer } {
  const width = 160;
  const height = 120;
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      rgb[i] = (shade + x) % 256;
      rgb[i + 1] = (90 + y) % 256;
      rgb[i + 2] = x > 60 && x < 100 && y > 40 ? 200 : 60;
    }
  }
  return { name, mimeType: 'image/png', buffer: encodePng(width, height, rgb) };
}

/** Opens an antd TreeSelect, types to filter, and picks the org with that label. */
async function pickOrg(page: Page, field: Locator, name: string): Promise<void> {
  await field.click();
  await page.keyboard.type(name);
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: name }).first().click();
}

/** Opens an antd Select and picks the option with that text. */
async function pickOption(page: Page, field: Locator, text: string): Promise<void> {
  await field.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

const status = (page: Page) => page.getByTestId('hazard-status').first().textContent();

/** Takes one action of the hazard's loop: its button, then the dialog's fields, then the dialog's own button. */
async function act(page: Page, action: string, button: string, fill?: (dialog: Locator) => Promise<void>): Promise<void> {
  await page.getByTestId(`hazard-action-${action}`).click();
  const dialog = page.getByRole('dialog');
  await fill?.(dialog);
  await dialog.getByRole('button', { name: label(button) }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** A second person's browser on the same hazard. */
async function as(
  username: string,
  url: string,
  run: (page: Page, errors: string[]) => Promise<void>,
  size?: { width: number; height: number },
) {
  const session: Session = await harness.session(size);
  try {
    await harness.login(session.page, username);
    await session.page.goto(url);
    await run(session.page, session.errors);
    expect(session.errors).toEqual([]);
  } finally {
    await session.context.close();
  }
}

async function locateAt(context: BrowserContext): Promise<void> {
  await context.grantPermissions(['geolocation'], { origin: harness.url });
  await context.setGeolocation(site);
}

describe('隐患: the loop of a 一般 hazard', () => {
  test('a grid member reports a hazard on a phone with a photo from the camera and the device location', async () => {
    const phone = await harness.session({ width: 390, height: 844 });
    const { page, errors, context } = phone;
    try {
      await locateAt(context);
      await harness.login(page, 'wgy_xh02', gridPassword);
      await page.goto(`${harness.url}/hazards`);
      await page.getByTestId('hazard-new').click();
      await page.getByTestId('photo-capture-input').setInputFiles(photo('现场.png', 40));
      await page.locator('[data-testid=photo-thumb][data-uploaded=true]').waitFor();
      await page.getByTestId('hazard-title').fill('2号仓库消防通道堆放货物');
      await pickOption(page, page.getByTestId('hazard-category'), '消防安全');
      await page.getByTestId('hazard-description').fill('仓库东侧消防通道堆放纸箱约20平方米，通道宽度不足');
      await page.getByTestId('hazard-locate').click();
      await page.getByTestId('hazard-located').waitFor();
      await page.getByTestId('hazard-place').fill('港安化工2号仓库东侧消防通道');
      await pickOrg(page, page.getByTestId('hazard-unit'), '港安化工仓储');
      await page.getByTestId('hazard-person').fill('吴强');
      await settle(page, { pauseMs: 800 });
      await screenshot(page, 'hazards-01-phone-report');
      // Every control a thumb aims at on this form is at least 44 px tall.
      for (const id of ['hazard-locate', 'hazard-submit']) {
        expect((await page.getByTestId(id).boundingBox())!.height).toBeGreaterThanOrEqual(44);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      await page.getByTestId('hazard-submit').click();
      await page.getByTestId('hazard-detail').waitFor();
      generalUrl = page.url();
      await expect.poll(() => status(page)).toBe('已登记');
      await page.getByTestId('hazard-photos-found').getByTestId('hazard-photo').first().waitFor();
      // The areas are the server's, computed from the device's point.
      await page.getByTestId('hazard-areas').getByText('新合社区第二网格').waitFor();
      await settle(page, { pauseMs: 800 });
      await screenshot(page, 'hazards-02-phone-reported');
      expect(errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });

  test('the enterprise starts and submits the rectification with a photo after', async () => {
    await as('qy_gahg', generalUrl, async (page) => {
      await act(page, 'startRectification', '开始整改');
      await expect.poll(() => status(page)).toBe('整改中');
      await act(page, 'submitRectification', '提交整改', async (dialog) => {
        await dialog.getByTestId('action-note').fill('纸箱已清运，通道画线并设置禁止堆放标识');
        await dialog.getByTestId('action-photos-input').setInputFiles(photo('整改后.png', 160));
        await dialog.locator('[data-testid=photo-thumb][data-uploaded=true]').waitFor();
      });
      await expect.poll(() => status(page)).toBe('待验收');
      await page.getByTestId('hazard-photos-rectified').getByTestId('hazard-photo').first().waitFor();
      await settle(page, { pauseMs: 800 });
      await screenshot(page, 'hazards-03-rectified');
    });
  });

  test('新合街办 returns it once, the enterprise submits again, and the street verifies and closes it', async () => {
    await as('xhjb', generalUrl, async (page) => {
      await act(page, 'return', '退回重新整改', async (dialog) => {
        await dialog.getByTestId('action-reason').fill('标识未张贴在通道入口');
      });
      await expect.poll(() => status(page)).toBe('整改中');
      await page.getByTestId('hazard-returned').getByText('标识未张贴在通道入口').waitFor();
    });
    await as('qy_gahg', generalUrl, async (page) => {
      await act(page, 'submitRectification', '提交整改', async (dialog) => {
        await dialog.getByTestId('action-note').fill('通道入口已张贴禁止堆放标识');
      });
      await expect.poll(() => status(page)).toBe('待验收');
    });
    await as('xhjb', generalUrl, async (page) => {
      await act(page, 'verify', '验收通过');
      await expect.poll(() => status(page)).toBe('已闭环');
      await page.getByTestId('hazard-actions').getByText('当前没有可办理的操作').waitFor();
      await settle(page, { pauseMs: 800 });
      await screenshot(page, 'hazards-04-closed');
    });
  });
});

describe('隐患: a 重大 hazard from the report to 销号', () => {
  test('安委办 registers a major hazard of 港安化工仓储 with its basis and reports it to the regulator', async () => {
    await as(
      'awb',
      `${harness.url}/hazards`,
      async (page) => {
        await page.getByTestId('hazard-new').click();
        await page.getByTestId('hazard-title').fill('液氨储罐区可燃气体检测报警装置失效');
        await page.getByTestId('hazard-level').getByText('重大事故隐患').click();
        await page.getByTestId('hazard-basis').fill('《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》第十二条');
        await pickOption(page, page.getByTestId('hazard-category'), '危险化学品');
        await page.getByTestId('hazard-place').fill('液氨储罐区');
        await pickOrg(page, page.getByTestId('hazard-unit'), '港安化工仓储');
        await page.getByTestId('hazard-department').click();
        await page.keyboard.type('应急管理局');
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '应急管理局' }).first().click();
        await settle(page, { pauseMs: 800 });
        await screenshot(page, 'hazards-05-major-report-form');
        await page.getByTestId('hazard-submit').click();
        await page.getByTestId('hazard-detail').waitFor();
        majorUrl = page.url();
        await expect.poll(() => status(page)).toBe('已登记');
        await act(page, 'report', '上报');
        await expect.poll(() => status(page)).toBe('已上报');
      },
      { width: 1440, height: 900 },
    );
  });

  test('the enterprise writes the 治理方案: refused while a part is missing, stored with all six', async () => {
    await as(
      'qy_gahg',
      majorUrl,
      async (page) => {
        // 治理方案: one part left out is refused and named; then all six.
        const parts = {
          goals: '恢复液氨储罐区可燃气体检测报警功能，消除重大事故隐患',
          methods: '更换失效探头6只，报警信号接入DCS并与喷淋联锁',
          funding: '安排专项资金12万元，探头和线缆由物资部采购',
          organization: '由设备部牵头，安全部监督，维保单位实施',
          timeline: '30日内完成更换和联锁调试',
        };
        for (const [part, text] of Object.entries(parts)) await page.getByTestId(`plan-${part}`).fill(text);
        await page.getByTestId('hazard-plan-save').click();
        await page.getByTestId('hazard-plan-missing').getByText('安全措施和应急预案').waitFor();
        await settle(page, { pauseMs: 800 });
        await screenshot(page, 'hazards-06-plan-missing-part');
        await page.getByTestId('plan-safetyMeasures').fill('治理期间储罐区停止装卸作业，配备便携式检测仪并每2小时巡检');
        await page.getByTestId('hazard-plan-save').click();
        await expect.poll(() => status(page)).toBe('已制定治理方案');
        await page.getByTestId('hazard-plan').waitFor();
      },
      { width: 1440, height: 900 },
    );
  });

  test('应急管理局 lists it for supervision (挂牌督办) with a public notice and a partial stop of work', async () => {
    await as('yjglj', majorUrl, async (page) => {
      await act(page, 'list', '挂牌督办', async (dialog) => {
        // The department taking the action is offered as the supervising org.
        await dialog.getByTestId('action-supervisingOrgId').getByText('应急管理局').waitFor();
        await dialog.getByTestId('action-supervisingBody').fill('西港区安全生产委员会办公室');
        await dialog.getByTestId('action-responsibleLeader').fill('张海涛');
        await dialog.getByTestId('action-deadline').click();
        await page.keyboard.type(`${new Date().getFullYear() + 1}-01-31`);
        await page.keyboard.press('Enter');
        await dialog.getByTestId('action-stopWork').getByText('局部停产停业').click();
        await dialog.getByTestId('action-publicNotice').click();
        await settle(page, { pauseMs: 800 });
        await screenshot(page, 'hazards-07-listing-form', { fullPage: false });
      });
      await expect.poll(() => status(page)).toBe('挂牌督办中');
      await page.getByTestId('hazard-supervision').getByText('西港区安全生产委员会办公室').waitFor();
    });
  });

  test('the enterprise assesses the treatment and applies to close; 应急管理局 reviews on site and closes it (销号)', async () => {
    await as('qy_gahg', majorUrl, async (page) => {
      await act(page, 'submitAssessment', '提交评估', async (dialog) => {
        await dialog.getByTestId('action-assessor').fill('陕西安泰安全评价有限公司');
        await dialog.getByTestId('action-conclusion').fill('探头已全部更换，联锁试验合格，隐患已消除');
        await dialog.getByTestId('action-photos-input').setInputFiles(photo('评估.png', 220));
        await dialog.locator('[data-testid=photo-thumb][data-uploaded=true]').waitFor();
      });
      await expect.poll(() => status(page)).toBe('已评估');
      await act(page, 'applyClose', '申请销号', async (dialog) => {
        await dialog.getByTestId('action-note').fill('治理完成，申请复产和销号');
      });
      await expect.poll(() => status(page)).toBe('待现场审查');
    });
    await as('yjglj', majorUrl, async (page) => {
      await act(page, 'close', '审查通过，销号', async (dialog) => {
        await dialog.getByTestId('action-note').fill('现场审查合格，同意销号');
      });
      await expect.poll(() => status(page)).toBe('已闭环');
      await settle(page, { pauseMs: 800 });
      await screenshot(page, 'hazards-08-major-closed');
    });
  });

  test('the register filters by level and shows both on a desk and on a phone', async () => {
    await as('yjglj', majorUrl, async (page) => {
      await page.goto(`${harness.url}/hazards`);
      await page.getByTestId('hazard-table').getByText('液氨储罐区可燃气体检测报警装置失效').waitFor();
      await pickOption(page, page.getByTestId('hazard-filter-level'), '重大事故隐患');
      await expect.poll(() => new URL(page.url()).searchParams.get('level')).toBe('重大');
      await expect.poll(() => page.getByTestId('hazard-table').getByTestId('hazard-open').count()).toBe(1);
      await settle(page, { pauseMs: 800 });
      await screenshot(page, 'hazards-09-register');
    });
    await as(
      'qy_gahg',
      majorUrl,
      async (page) => {
        await settle(page, { pauseMs: 800 });
        await screenshot(page, 'hazards-10-phone-major');
        await page.goto(`${harness.url}/hazards`);
        await page.getByTestId('hazard-cards').getByTestId('hazard-card').first().waitFor();
        await settle(page, { pauseMs: 800 });
        await screenshot(page, 'hazards-11-phone-register');
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      },
      { width: 390, height: 844 },
    );
  });
});
