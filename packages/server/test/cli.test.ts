import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform, loadConfig } from '../src/index.js';
import { DEMO_PASSWORD } from '../src/modules/identity/index.js';
import { systemActor } from '../src/platform/actor.js';
import { audit, verifyAuditChain } from '../src/platform/audit.js';
import { CHECKPOINT_KEY_FILE, checkpointFileOf, checkpointKey, readCheckpoints } from '../src/platform/audit-checkpoint.js';
import { allTables, fillDemo } from '../src/modules.js';
import { appliedMigrations, backup, restore, tablesInDependencyOrder } from '../src/platform/backup.js';
import { type Database, type Db, migrationsFolder, openDatabase, rows } from '../src/platform/db.js';
import { type FileStore, LocalFileStore, newStorageKey } from '../src/platform/files.js';
import { storeFile } from '../src/platform/files.service.js';
import { type TestApp, testApp, TEST_ADMIN_PASSWORD, TEST_PASSWORD } from './harness.js';

const quiet = () => undefined;

/** A database with nothing in it, not even the schema: what a restore starts from. */
async function emptyDatabase(): Promise<{ database: Database; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    return { database, drop: () => database.close() };
  }
  // The citysafe_t_ prefix lets the global teardown drop it if this file fails half-way.
  const name = `citysafe_t_${process.pid}_restore_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: target.toString() });
  return {
    database,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Every row of a table in its exact text form, sorted: equal lists mean equal tables. */
const tableText = async (db: Db, qualified: string): Promise<string[]> =>
  (await rows<{ r: string }>(db, sql.raw(`select t::text as r from ${qualified} t order by 1`))).map((x) => x.r);

async function bytesOf(store: FileStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Changes an audit row behind the append-only trigger's back, as an intruder with table rights could. */
async function tamper(db: Db, id: number): Promise<void> {
  await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
  await db.execute(sql`update audit_log set after = '{"tampered": true}'::jsonb where id = ${id}`);
  await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
}

// Each restore opens a fresh embedded database and migrates it (every module's tables): ~15 s on an idle
// machine, over 40 s on a loaded one.
describe('backup and restore', { timeout: 120_000 }, () => {
  let t: TestApp;
  let work: string;
  let backupFile: string;

  beforeAll(async () => {
    t = await testApp();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-backup-test-'));
    backupFile = path.join(work, 'citysafe.backup');
    await fillDemo(t.platform);
    // Rows in every kind of column: a session, an identity-keyed job whose jsonb holds a number
    // beyond double precision, an attachment with its row, and bytes that are not text.
    await t.admin();
    const jobId = await t.platform.jobs.schedule(t.platform.db, 'test.later', {}, new Date(Date.now() + 3_600_000));
    await t.platform.db.execute(
      sql`update jobs set payload = '{"n": 123456789012345678901234567890.5, "a": [1, 2.5]}' where id = ${jobId}`,
    );
    await storeFile(
      t.platform,
      { ...systemActor, orgId: await t.orgId('AWB') },
      '巡查记录.txt',
      Buffer.from('新筑社区第一网格：消防通道已清理。\n'),
    );
    await t.platform.files.put(newStorageKey(), randomBytes(200_000), 'application/octet-stream');
  }, 600_000);
  afterAll(async () => {
    await t.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('restores into a fresh empty database: every table and attachment identical, audit chain intact', async () => {
    // The two attachments above and those the demo data attaches (e.g. evidence of accepted campaign parts).
    let stored = 0;
    for await (const _key of t.platform.files.list()) stored++;
    expect(stored).toBeGreaterThanOrEqual(2);
    const written = await backup(t.platform.database, allTables, t.platform.files, backupFile, quiet);
    expect(written.files).toBe(stored);
    expect(written.rows.orgs).toBeGreaterThan(50);
    expect(written.rows.audit_log).toBeGreaterThan(20);

    const target = await emptyDatabase();
    const targetFiles = new LocalFileStore(path.join(work, 'restored-files'));
    try {
      // A cut-off backup is refused before anything is written (the whole file is read first): the target is
      // not even migrated, so the full one can follow.
      const cut = path.join(work, 'cut.backup');
      const whole = fs.readFileSync(backupFile);
      fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
      await expect(restore(target.database, allTables, targetFiles, cut, quiet)).rejects.toMatchObject({
        bilingual: { zh: expect.stringContaining('已损坏或不完整'), en: expect.stringContaining('damaged or cut off') },
      });
      expect(await rows(target.database.db, sql`select to_regclass('users') as t`)).toEqual([{ t: null }]);

      const restored = await restore(target.database, allTables, targetFiles, backupFile, quiet);
      expect(restored.rows).toEqual(written.rows);
      expect(restored.files).toBe(stored);
      expect(restored.audit).toMatchObject({ ok: true, rows: written.rows.audit_log });

      for (const table of tablesInDependencyOrder(allTables)) {
        expect(await tableText(target.database.db, table.qualified), table.key).toEqual(await tableText(t.platform.db, table.qualified));
      }
      for await (const key of t.platform.files.list()) {
        expect((await bytesOf(targetFiles, key)).equals(await bytesOf(t.platform.files, key)), key).toBe(true);
      }

      // Identity sequences continue after the restored ids: new audit rows chain on.
      const db = target.database.db;
      await db.transaction((tx) => audit(tx, systemActor, { action: 'test.afterRestore', entityType: 'test' }));
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: written.rows.audit_log! + 1 });

      // The log refuses changes; a row changed behind the trigger's back is found.
      const [middle] = await rows<{ id: number }>(db, sql`select id::int as id from audit_log order by id offset 10 limit 1`);
      const refused = (await db
        .execute(sql`update audit_log set actor_name = 'x' where id = ${middle!.id}`)
        .catch((e: unknown) => e)) as Error;
      expect(String(refused.cause)).toMatch(/append-only/);
      await tamper(db, middle!.id);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBrokenId: String(middle!.id) });
    } finally {
      await target.drop();
    }
  });

  it('restores a backup of an older schema at that schema, then migrates it forward with its rows', async () => {
    // This version = the committed migrations plus one that reads the rows it finds.
    const newer = path.join(work, 'newer-migrations');
    fs.cpSync(migrationsFolder, newer, { recursive: true });
    const journalFile = path.join(newer, 'meta/_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { idx: number; when: number; tag: string }[] };
    const last = journal.entries.at(-1)!;
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: '9999_upgrade_probe' });
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    fs.writeFileSync(path.join(newer, '9999_upgrade_probe.sql'), 'CREATE TABLE upgrade_probe AS SELECT count(*)::int AS users FROM users;');

    const target = await emptyDatabase();
    try {
      const restored = await restore(target.database, allTables, new LocalFileStore(path.join(work, 'upgraded-files')), backupFile, quiet, {
        migrationsFolder: newer,
      });
      expect(restored.audit.ok).toBe(true);
      const [probe] = await rows<{ users: number }>(target.database.db, sql`select users from upgrade_probe`);
      expect(probe!.users).toBe(restored.rows.users);
      expect(await appliedMigrations(target.database.db)).toHaveLength(journal.entries.length);
    } finally {
      await target.drop();
    }
  });

  it('refuses to restore into a database that already holds data', async () => {
    const before = await tableText(t.platform.db, 'users');
    await expect(restore(t.platform.database, allTables, t.platform.files, backupFile, quiet)).rejects.toMatchObject({
      bilingual: { zh: expect.stringContaining('空数据库'), en: expect.stringContaining('empty database') },
    });
    expect(await tableText(t.platform.db, 'users')).toEqual(before);
  });

  // A fresh database to restore into and 6 000 more rows each way: more than the default time.
  it(
    'restores thousands of rows in batches with progress towards the totals, the signed checkpoints checked',
    { timeout: 120_000 },
    async () => {
      // Several batches of one table, each read back exactly.
      await t.platform.db.execute(
        sql`insert into notifications (user_id, kind, title, body, created_at)
          select (select id from users order by username limit 1), 'test.bulk', '隐患整改通知 ' || g, repeat('正文', g % 50), now() - g * interval '1 minute'
          from generate_series(1, 6000) g`,
      );
      await t.platform.db.transaction((tx) => audit(tx, systemActor, { action: 'test.bulk', entityType: 'test' }));
      const checkpoint = await t.auditCheckpoints.write();
      const file = path.join(work, 'bulk.backup');
      const written = await backup(t.platform.database, allTables, t.platform.files, file, quiet, {
        checkpointFile: checkpointFileOf(t.platform.config),
      });
      expect(written.rows.notifications).toBeGreaterThan(6000);

      const target = await emptyDatabase();
      const checkpoints = path.join(work, 'restored-checkpoints.jsonl');
      const lines: string[] = [];
      try {
        const restored = await restore(
          target.database,
          allTables,
          new LocalFileStore(path.join(work, 'bulk-files')),
          file,
          (l) => lines.push(l),
          {
            progressEveryMs: 0,
            checkpoints: { file: checkpoints, key: checkpointKey(t.platform.config) },
          },
        );
        expect(restored.rows).toEqual(written.rows);
        expect(restored.audit).toMatchObject({ ok: true, checkpoints: { latest: { id: checkpoint!.id } } });
        for (const table of tablesInDependencyOrder(allTables)) {
          expect(await tableText(target.database.db, table.qualified), table.key).toEqual(await tableText(t.platform.db, table.qualified));
        }
        const total = written.rows.notifications!;
        const progress = lines
          .map((l) => /^\s+notifications\s+(\d+) \/\s+(\d+) 行/.exec(l))
          .filter((m) => m !== null)
          .map((m) => [Number(m[1]), Number(m[2])]);
        // One report per batch, rising to the total the backup's end record names.
        expect(progress.length).toBeGreaterThanOrEqual(3);
        expect(progress.every(([, of]) => of === total)).toBe(true);
        expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done!)].sort((a, b) => a - b));
        expect(progress.at(-1)![0]).toBe(total);
        // The backup's checkpoints now anchor the restored chain too.
        expect(readCheckpoints(checkpoints).map((l) => l.checkpoint!.id)).toContain(checkpoint!.id);
      } finally {
        await target.drop();
      }
    },
  );
});

const bin = path.resolve(import.meta.dirname, '../bin/citysafe.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `citysafe` as a real process on an embedded database in `dataDir`. */
function citysafe(dataDir: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, CITYSAFE_DATA_DIR: dataDir, CITYSAFE_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, DATABASE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the citysafe command', { timeout: 180_000 }, () => {
  let work: string;
  let first: string;
  let second: string;
  let backupFile: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-cli-test-'));
    first = path.join(work, 'first');
    second = path.join(work, 'second');
    backupFile = path.join(work, 'first.backup');
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('migrates a new data directory, fills the demo district and verifies the audit chain', async () => {
    const migrated = await citysafe(first, 'migrate');
    expect(migrated).toMatchObject({ code: 0, stdout: expect.stringContaining('migrations applied') });
    const demo = await citysafe(first, 'demo');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain(DEMO_PASSWORD);
    expect(demo.stdout).toMatch(/xzjb\s+street 街办\s+新筑街办/);
    const verified = await citysafe(first, 'audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/audit chain intact: [1-9]\d* rows/);
  });

  it('creates a user, refusing a duplicate and an incomplete command', async () => {
    const args = [
      'user',
      'create',
      '--username',
      'inspector1',
      '--password',
      TEST_PASSWORD,
      '--name',
      '巡查员',
      '--org',
      'XZJB-C01',
      '--role',
      'grid_member',
    ];
    expect(await citysafe(first, ...args)).toMatchObject({ code: 0, stdout: expect.stringContaining('created user inspector1') });
    expect(await citysafe(first, ...args)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('用户名 inspector1 已存在 / Username inspector1 is taken'),
    });
    expect(await citysafe(first, 'user', 'create', '--username', 'x1', '--password', TEST_PASSWORD)).toMatchObject({
      code: 64,
      stderr: expect.stringContaining('用法 / usage'),
    });
  });

  it('backs up one data directory and restores it into another', async () => {
    const backedUp = await citysafe(first, 'backup', backupFile);
    expect(backedUp.code).toBe(0);
    expect(backedUp.stdout).toMatch(/orgs\s+\d+ 行 \/ rows/);
    // The checkpoints in the backup were signed with the first folder's key: it goes along (kept
    // apart from the backup, which must not carry it).
    fs.mkdirSync(second, { recursive: true });
    fs.copyFileSync(path.join(first, CHECKPOINT_KEY_FILE), path.join(second, CHECKPOINT_KEY_FILE));
    const restored = await citysafe(second, 'restore', backupFile);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/audit chain intact: \d+ rows, 1 个签名检查点相符 \/ signed checkpoints match/);
    expect(restored.stdout).toMatch(/notifications\s+\d+ \/\s+\d+ 行 \/ rows/);
  });

  it('serves the restored users, will not back up a directory in use, and finds a tampered audit row (exit 2)', async () => {
    const running = await createPlatform({
      config: { ...loadConfig({ CITYSAFE_DATA_DIR: second }), loginRateLimit: 10_000 },
      mqtt: false,
      jobs: false,
    });
    let tamperedId: number;
    try {
      for (const [username, password] of [
        ['inspector1', TEST_PASSWORD],
        ['xzjb', DEMO_PASSWORD],
      ]) {
        const login = await running.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
        expect(login.statusCode, username).toBe(200);
      }
      const busy = await citysafe(second, 'backup', path.join(work, 'busy.backup'));
      expect(busy).toMatchObject({ code: 1, stderr: expect.stringContaining('is in use by another CitySafe process') });
      expect(fs.existsSync(path.join(work, 'busy.backup'))).toBe(false);

      const [row] = await rows<{ id: number }>(running.platform.db, sql`select id::int as id from audit_log order by id offset 5 limit 1`);
      tamperedId = row!.id;
      await tamper(running.platform.db, tamperedId);
    } finally {
      await running.close();
    }
    const verified = await citysafe(second, 'audit', 'verify');
    expect(verified).toMatchObject({ code: 2, stderr: expect.stringContaining(`audit chain broken at row ${tamperedId}`) });
  });
});
