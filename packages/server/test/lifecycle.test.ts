import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The embedded default on disk. vitest.config.ts leaves this file out of the PostgreSQL run.
import { createPlatform, loadConfig } from '../src/index.js';
import { TEST_PASSWORD } from './constants.js';

const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, '../bin/citysafe.mjs');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-lifecycle-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const config = () => ({ ...loadConfig({ CITYSAFE_DATA_DIR: dataDir, MQTT_PORT: '0' }), adminPassword: null });

describe('the embedded default on a data directory', () => {
  it('first start: migrates, seeds the org tree, creates admin with a generated password in a 0600 file', async () => {
    const p = await createPlatform({ config: config(), mqtt: false, jobs: false });
    try {
      expect(p.firstAdmin.created).toBe(true);
      const password = p.firstAdmin.generatedPassword!;
      const file = path.join(dataDir, 'initial-admin-password');
      expect(p.firstAdmin.passwordFile).toBe(file);
      expect(fs.readFileSync(file, 'utf8').trim()).toBe(password);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const login = await p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password } });
      expect(login.statusCode).toBe(200);
      expect(login.json().user.mustChangePassword).toBe(true);
      const cookie = `cs_session=${login.cookies[0]!.value}`;
      const headers = { cookie, 'x-csrf-token': login.json().csrfToken };
      // A generated password must be changed before anything else.
      expect((await p.app.inject({ method: 'GET', url: '/api/orgs', headers })).statusCode).toBe(403);
      const change = await p.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers,
        payload: { currentPassword: password, newPassword: TEST_PASSWORD },
      });
      expect(change.statusCode).toBe(200);
      // The generated password no longer opens anything: it does not stay on disk.
      expect(fs.existsSync(file)).toBe(false);
      expect((await p.app.inject({ method: 'GET', url: '/api/orgs', headers })).json().total).toBeGreaterThan(30);
    } finally {
      await p.close();
    }
  });

  it('second start: keeps everything and creates no second admin', async () => {
    const p = await createPlatform({ config: config(), mqtt: false, jobs: false });
    try {
      expect(p.firstAdmin.created).toBe(false);
      const login = await p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: TEST_PASSWORD } });
      expect(login.statusCode).toBe(200);
      expect(login.json().user.mustChangePassword).toBe(false);
    } finally {
      await p.close();
    }
  });

  it('a second process on the same data directory refuses to start, saying why', async () => {
    const p = await createPlatform({ config: config(), mqtt: false, jobs: false });
    try {
      const second = await run('node', [cli, 'migrate'], { env: { ...process.env, CITYSAFE_DATA_DIR: dataDir } }).catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect('code' in second && second.code).toBe(1);
      expect(second.stderr).toContain('正被另一个 CitySafe 进程');
      expect(second.stderr).toContain(`pid ${process.pid}`);
    } finally {
      await p.close();
    }
    // Once the first process is gone the directory is free again.
    const again = await run('node', [cli, 'migrate'], { env: { ...process.env, CITYSAFE_DATA_DIR: dataDir } });
    expect(again.stdout).toContain('migrations applied');
  });
});
