import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, startServer } from '@citysafe/server';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { DEMO_PASSWORD } from '../packages/server/src/modules/identity/index';
import { chromiumArgs, chromiumPath } from './chromium';

const repo = fileURLToPath(new URL('..', import.meta.url));
export const screenshotDir = path.join(repo, 'e2e', 'screenshots');

/** The first administrator's password, given to the server so no generated one has to be read back. */
export const adminPassword = 'E2e-Admin#2024';

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions of the page (contract mismatches are logged as errors). */
  errors: string[];
}

export interface Harness {
  url: string;
  /** The running platform, for filling data through the services (the demo district) before a journey. */
  platform: Awaited<ReturnType<typeof startServer>>['platform'];
  /** Every host a page of any session sent a request to. */
  hosts: Set<string>;
  /** The embedded MQTT broker's address when the harness was started with `mqtt: true` (the simulator's journeys). */
  mqttUrl: string | null;
  session(options?: { width: number; height: number; locale?: string }): Promise<Session>;
  /** Signs in through the login page as a person does (the demo's password unless given) and waits for the welcome page. */
  login(page: Page, username: string, password?: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the real server on a fresh embedded database and a headless Chromium; with `mqtt`, its broker on a free port. */
export async function startHarness({ mqtt = false }: { mqtt?: boolean } = {}): Promise<Harness> {
  const webDist = path.join(repo, 'packages', 'web', 'dist');
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    throw new Error('packages/web/dist is missing: run `npm run test:e2e`, which builds the web app first');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-e2e-'));
  fs.mkdirSync(screenshotDir, { recursive: true });

  const server = await startServer(
    // The robot journey sends its test message to loopback, which only an allow-listed host may reach.
    {
      host: '127.0.0.1',
      port: 0,
      dataDir,
      databaseUrl: null,
      adminPassword,
      webDist,
      webhookAllowHosts: ['127.0.0.1'],
      mqtt: { ...loadConfig().mqtt, url: null, host: '127.0.0.1', port: 0 },
    },
    { mqtt, logger: false },
  );
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? chromiumPath, args: chromiumArgs });
  } catch (error) {
    await server.close();
    throw error;
  }

  const hosts = new Set<string>();
  return {
    url: server.url,
    platform: server.platform,
    hosts,
    mqttUrl: server.mqtt?.url ?? null,
    async session({ width, height, locale } = { width: 1440, height: 900 }) {
      const context = await browser.newContext({ viewport: { width, height }, locale: locale ?? 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:' || url.protocol === 'wss:')
          hosts.add(url.hostname);
      });
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        // A 401 on the login page's session check or an expected 4xx is logged by Chromium itself.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
      });
      return { context, page, errors };
    },
    async login(page, username, password = DEMO_PASSWORD) {
      await page.goto(`${server.url}/login`);
      // A fresh browser context loads the whole app again: on the shared CI machine that can take longer than 30 s.
      await page.getByLabel(label('用户名')).waitFor({ timeout: 90_000 });
      await page.getByLabel(label('用户名')).fill(username);
      await page.getByLabel(label('密码')).fill(password);
      await page.getByRole('button', { name: label('登录') }).click();
      await page.getByTestId('welcome').waitFor();
    },
    async close() {
      await browser.close();
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sends one request as the signed-in user and returns its JSON body; throws with the status and body on any error. */
export type ApiSend = <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', apiPath: string, body?: unknown) => Promise<T>;

/**
 * Signs in through the real API (the administrator unless named) and returns a client that sends the session's
 * cookies and CSRF token with each request: how a journey sets up what it starts from.
 */
export async function apiSession(url: string, username = 'admin', password = adminPassword): Promise<ApiSend> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(method: string, apiPath: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${url}${apiPath}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} ${apiPath}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
}

/**
 * Lets the page come to rest before a screenshot: back at the top (unless `scrollToTop` is false, for a journey
 * that shows the viewport where it stands), web fonts loaded, then a pause for antd's animations.
 */
export async function settle(
  page: Page,
  { pauseMs = 400, scrollToTop = true }: { pauseMs?: number; scrollToTop?: boolean } = {},
): Promise<void> {
  if (scrollToTop) await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(pauseMs);
}

/**
 * Matches a label as antd renders it: a space between the two characters of a Chinese button
 * (保 存), and a button's icon name (plus, download) before its text.
 */
export const label = (text: string): RegExp =>
  new RegExp(`(?:^|\\s)${[...text].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*')}\\s*$`);

/**
 * Saves a screenshot under e2e/screenshots for people to look at, then checks the page as it is
 * shown against WCAG 2 A/AA (GB/T 37668-2019): every page a journey looks at is checked.
 */
export async function screenshot(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage });
  await checkAccessibility(page, name);
}

const axeSource = fs.readFileSync(path.join(repo, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/**
 * Runs axe-core's WCAG 2 A/AA rules in the page and throws on any serious or critical violation,
 * naming the rule, the elements and what is wrong with each. Injected through the debugging
 * protocol, which the app's Content-Security-Policy (script-src 'self') does not govern.
 * Elements in an antd leave animation (a message fading out, class `…-leave`) are excluded: their
 * colours are mid-fade, so their contrast depends on the instant axe happens to sample them.
 */
export async function checkAccessibility(page: Page, name: string): Promise<void> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as { axe: { run(context: { exclude: string[] }, options: object): Promise<{ violations: AxeViolation[] }> } }
    ).axe.run({ exclude: ['[class*="-leave"]'] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ target, failureSummary }) => ({ target: target.map(String), failureSummary: failureSummary ?? '' })),
    }));
  });
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (blocking.length === 0) return;
  const report = blocking
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.length})\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`)
          .join('\n'),
    )
    .join('\n');
  throw new Error(`accessibility (axe-core, WCAG 2 AA) on "${name}":\n${report}`);
}
