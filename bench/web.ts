/**
 * Browser benchmark of the web app on a phone (`npm run bench:web`): the real `citysafe start` on a
 * fresh PGlite data directory, driven by headless Chromium through playwright-core.
 *
 * The phone profile is what grid members and street staff have on the government network: 1.6 Mbps
 * down, 750 kbps up, 150 ms round trip (CDP Network.emulateNetworkConditions) and a 4× slower CPU
 * (Emulation.setCPUThrottlingRate). The same runs with no emulation are the baseline on this machine,
 * so the ratio says how much the phone profile costs rather than how fast this machine is.
 *
 * For each profile:
 * - cold (empty HTTP cache): open /login until the login form can be typed into; sign in as admin
 *   until the 工作台 is usable (the shell is drawn and the page shows no spinner or skeleton);
 * - warm (same browser context, cache filled): open /login again after signing out, and open / as a
 *   signed-in returning user until the 工作台 is usable;
 * - the JavaScript each step loaded, as compressed bytes on the wire (response bodies).
 *
 * Prints one JSON object on stdout; progress goes to stderr. No assertions: the figures are printed
 * next to the targets. CITYSAFE_WEB_DIST points the server at another build (to compare).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type CDPSession, type Page, chromium } from 'playwright-core';
import { ADMIN_PASSWORD, round, startServer, stopServer } from './server.ts';
import { chromiumArgs, chromiumPath } from '../e2e/chromium.ts';

/** The launch flags of the browser tests (e2e/harness.ts): no background traffic of Chromium's own. */
interface Profile {
  name: 'phone' | 'baseline';
  /** Bytes per second, latency in ms, CPU slowdown factor; null = no emulation. */
  network: { downloadThroughput: number; uploadThroughput: number; latency: number } | null;
  cpuSlowdown: number;
}

const profiles: Profile[] = [
  {
    name: 'phone',
    network: { downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8, latency: 150 },
    cpuSlowdown: 4,
  },
  { name: 'baseline', network: null, cpuSlowdown: 1 },
];

const targets = { coldLoginFormMs: 3000, coldWorkbenchMs: 5000, warmMs: 1500, loginJsBytes: 300_000, workbenchJsBytes: 700_000 };

/**
 * Counts the JavaScript a page receives: the bodies as transferred (compressed), without the
 * response headers; a response from the cache counts 0.
 */
class ScriptBytes {
  /** Header bytes of each script response still loading, by request id. */
  private scripts = new Map<string, number>();
  total = 0;

  constructor(cdp: CDPSession) {
    cdp.on('Network.responseReceived', (event) => {
      if (event.type === 'Script') this.scripts.set(event.requestId, event.response.encodedDataLength);
    });
    cdp.on('Network.loadingFinished', (event) => {
      const headerBytes = this.scripts.get(event.requestId);
      if (headerBytes === undefined) return;
      this.scripts.delete(event.requestId);
      this.total += Math.max(0, event.encodedDataLength - headerBytes);
    });
  }
}

async function emulate(page: Page, context: BrowserContext, profile: Profile): Promise<ScriptBytes> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (profile.network) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.network });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
  return new ScriptBytes(cdp);
}

/** The 工作台 is usable once the shell shows the district and the page has no spinner or skeleton left. */
async function workbenchUsable(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const content = document.querySelector('.app-content');
      const district = document.querySelector('[data-testid="district-name"]');
      return (
        !!content &&
        !!district?.textContent?.trim() &&
        (content.textContent ?? '').trim().length > 0 &&
        !content.querySelector('.page-spin, .ant-skeleton, .ant-spin-spinning')
      );
    },
    undefined,
    { timeout: 120_000, polling: 'raf' },
  );
}

async function loginForm(page: Page): Promise<void> {
  await page.locator('#username').waitFor({ state: 'visible', timeout: 120_000 });
}

/** Runs `step` and returns its wall time and the JavaScript bytes it loaded. */
async function measure(bytes: ScriptBytes, step: () => Promise<void>): Promise<{ ms: number; jsBytes: number }> {
  const before = bytes.total;
  const started = performance.now();
  await step();
  return { ms: Math.round(performance.now() - started), jsBytes: bytes.total - before };
}

async function runProfile(browser: Browser, url: string, profile: Profile) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const page = await context.newPage();
    const bytes = await emulate(page, context, profile);

    const coldLogin = await measure(bytes, async () => {
      await page.goto(`${url}/login`);
      await loginForm(page);
    });
    const coldWorkbench = await measure(bytes, async () => {
      await page.locator('#username').fill('admin');
      await page.locator('#password').fill(ADMIN_PASSWORD);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      if (new URL(page.url()).pathname === '/change-password') throw new Error('admin was sent to change the password');
      await workbenchUsable(page);
    });

    // A returning user: the cache is filled and the session cookie is still there.
    const warmWorkbench = await measure(bytes, async () => {
      await page.goto(`${url}/`);
      await workbenchUsable(page);
    });
    await context.clearCookies();
    const warmLogin = await measure(bytes, async () => {
      await page.goto(`${url}/login`);
      await loginForm(page);
    });

    return {
      cold: {
        loginFormMs: coldLogin.ms,
        workbenchAfterLoginMs: coldWorkbench.ms,
        loginJsBytes: coldLogin.jsBytes,
        // Everything the 工作台 needed: the login page's scripts plus what signing in loaded.
        workbenchJsBytes: coldLogin.jsBytes + coldWorkbench.jsBytes,
      },
      warm: {
        loginFormMs: warmLogin.ms,
        workbenchMs: warmWorkbench.ms,
        loginJsBytes: warmLogin.jsBytes,
        workbenchJsBytes: warmWorkbench.jsBytes,
      },
    };
  } finally {
    await context.close();
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-bench-web-'));
try {
  console.error(`bench:web: starting the server in ${dataDir}…`);
  const server = await startServer(dataDir);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? chromiumPath, args: chromiumArgs });
    const results: Record<string, Awaited<ReturnType<typeof runProfile>>> = {};
    for (const profile of profiles) {
      console.error(`bench:web: ${profile.name}…`);
      results[profile.name] = await runProfile(browser, server.url, profile);
    }
    const phone = results.phone!;
    const baseline = results.baseline!;
    const ratio = (a: number, b: number) => round(a / Math.max(b, 1), 1);
    console.log(
      JSON.stringify(
        {
          benchmark: 'web',
          database: 'pglite',
          node: process.version,
          cpus: os.cpus().length,
          webDist: process.env.CITYSAFE_WEB_DIST ?? 'packages/web/dist',
          phoneProfile: { downMbps: 1.6, upMbps: 0.75, rttMs: 150, cpuSlowdown: 4 },
          phone,
          baseline,
          phoneOverBaseline: {
            coldLoginForm: ratio(phone.cold.loginFormMs, baseline.cold.loginFormMs),
            coldWorkbench: ratio(phone.cold.workbenchAfterLoginMs, baseline.cold.workbenchAfterLoginMs),
            warmLoginForm: ratio(phone.warm.loginFormMs, baseline.warm.loginFormMs),
            warmWorkbench: ratio(phone.warm.workbenchMs, baseline.warm.workbenchMs),
          },
          targets,
          withinTargets: {
            coldLoginForm: phone.cold.loginFormMs <= targets.coldLoginFormMs,
            coldWorkbench: phone.cold.workbenchAfterLoginMs <= targets.coldWorkbenchMs,
            warmLoginForm: phone.warm.loginFormMs <= targets.warmMs,
            warmWorkbench: phone.warm.workbenchMs <= targets.warmMs,
            loginJs: phone.cold.loginJsBytes <= targets.loginJsBytes,
            workbenchJs: phone.cold.workbenchJsBytes <= targets.workbenchJsBytes,
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await browser?.close();
    await stopServer(server);
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
