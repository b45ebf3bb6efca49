import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { createPlatform, loadConfig, type RunningPlatform } from '../src/index.js';
import { orgs } from '../src/modules/identity/identity.tables.js';
import { SettableClock } from '../src/platform/clock.js';
import { type Database, openDatabase } from '../src/platform/db.js';
import { TEMPLATE_DB, TEST_ADMIN_PASSWORD, TEST_PASSWORD } from './constants.js';

export { TEST_ADMIN_PASSWORD, TEST_PASSWORD };

/** A fresh database for one test file, copied from the migrated, seeded template. */
async function freshDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `citysafe_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
    await admin.end();
    const fileUrl = new URL(url);
    fileUrl.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: fileUrl.toString() });
    return {
      database,
      drop: async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dump = fs.readFileSync(inject('pgliteTemplate'));
  const database = await openDatabase({ kind: 'pglite', dataDir: null, loadDataDir: new Blob([dump]) });
  return { database, drop: async () => undefined };
}

export interface Response<T = any> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

/** A caller of the API: a logged-in session (cookie + CSRF token), a Bearer token, or nobody. */
export class Client {
  constructor(
    private readonly t: TestApp,
    readonly auth: { cookie?: string; csrfToken?: string; bearer?: string } = {},
    readonly user: { id: string; username: string } | null = null,
  ) {}

  async request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response<T>> {
    const res = await this.t.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(this.auth.cookie ? { cookie: `cs_session=${this.auth.cookie}` } : {}),
        ...(this.auth.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.auth.csrfToken } : {}),
        ...(this.auth.bearer ? { authorization: `Bearer ${this.auth.bearer}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    const text = res.body;
    let parsed: unknown = text;
    if ((res.headers['content-type'] ?? '').toString().includes('json') && text) parsed = JSON.parse(text);
    return { status: res.statusCode, body: parsed as T, headers: res.headers, raw: res };
  }

  get = <T = any>(url: string) => this.request<T>('GET', url);
  post = <T = any>(url: string, body?: unknown) => this.request<T>('POST', url, body ?? {});
  put = <T = any>(url: string, body?: unknown) => this.request<T>('PUT', url, body ?? {});
  patch = <T = any>(url: string, body?: unknown) => this.request<T>('PATCH', url, body ?? {});
  delete = <T = any>(url: string) => this.request<T>('DELETE', url);
  /** Uploads one file as a browser's form does (multipart, field `file`): to /api/files unless another route takes it. */
  upload = <T = any>(name: string, bytes: Buffer, type: string, url = '/api/files') => {
    const boundary = `cs-${randomUUID()}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.request<T>('POST', url, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  };
}

export interface TestApp extends RunningPlatform {
  dataDir: string;
  /** The platform's clock: `t.clock.set('2021-06-01T00:00:00+08:00')`, `t.clock.advance(ms)`. */
  clock: SettableClock;
  anonymous: Client;
  login(username: string, password?: string): Promise<Client>;
  /** The seeded administrator, logged in. */
  admin(): Promise<Client>;
  /** Creates a user (by the administrator) and returns them logged in, password already changed. */
  userIn(orgCode: string, roles: string[], username?: string): Promise<Client>;
  orgId(code: string): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

/** Starts the whole platform on a fresh database, without listening (requests go through inject). */
export async function testApp(
  options: {
    mqtt?: boolean;
    env?: Record<string, string>;
    loginRateLimit?: number;
    /** The date the platform's clock starts from, with its offset (e.g. `2021-06-01T00:00:00+08:00`); default the real time. */
    now?: string;
  } = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-test-'));
  const { database, drop } = await freshDatabase();
  const config = {
    ...loadConfig({ CITYSAFE_DATA_DIR: dataDir, MQTT_PORT: '0', ...options.env }),
    adminPassword: TEST_ADMIN_PASSWORD,
    // Tests make many logins from one address; a test of the limit itself sets its own.
    loginRateLimit: options.loginRateLimit ?? 10_000,
  };
  // Quiet: expected failures (refused robots, retried jobs) would bury the test report in warnings.
  const clock = new SettableClock(options.now);
  const running = await createPlatform({ config, database, mqtt: options.mqtt ?? false, jobs: false, logger: false, clock });
  const t: TestApp = {
    ...running,
    dataDir,
    clock,
    anonymous: undefined as unknown as Client,
    async login(username, password = TEST_PASSWORD) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'cs_session')!.value;
      const body = res.json() as { user: { id: string; username: string }; csrfToken: string };
      return new Client(t, { cookie, csrfToken: body.csrfToken }, body.user);
    },
    admin: () => t.login('admin', TEST_ADMIN_PASSWORD),
    async userIn(orgCode, roles, username) {
      const admin = await t.admin();
      const name = username ?? `u${++counter}_${roles[0]}_${orgCode}`.toLowerCase().replace(/[^a-z0-9_]/g, '');
      const res = await admin.post('/api/users', {
        username: name,
        password: TEST_PASSWORD,
        displayName: `测试${name}`,
        orgId: await t.orgId(orgCode),
        roles,
        mustChangePassword: false,
      });
      if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
      return t.login(name);
    },
    async orgId(code) {
      const [row] = await running.platform.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, code));
      if (!row) throw new Error(`no org ${code}`);
      return row.id;
    },
    async close() {
      await running.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  t.anonymous = new Client(t);
  return t;
}
