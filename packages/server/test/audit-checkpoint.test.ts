import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/index.js';
import { systemActor } from '../src/platform/actor.js';
import { audit, GENESIS_HASH, rowHash } from '../src/platform/audit.js';
import { checkpointFileOf, CHECKPOINT_KEY_FILE, readCheckpoints, verifyAudit } from '../src/platform/audit-checkpoint.js';
import { type Db, migrate, openDatabase, rows } from '../src/platform/db.js';
import { type TestApp, testApp } from './harness.js';

/** Adds `n` audit rows the way services do. */
async function addRows(t: TestApp, n: number, action = 'test.checkpoint'): Promise<void> {
  for (let i = 0; i < n; i++) {
    await t.platform.db.transaction((tx) => audit(tx, systemActor, { action, entityType: 'test', entityId: String(i) }));
  }
}

/**
 * What an intruder holding the table owner's role can do: switch the append-only triggers off,
 * change the rows, switch them on again.
 */
async function asOwnerWithoutTriggers(db: Db, change: () => Promise<void>): Promise<void> {
  await db.execute(sql`alter table audit_log disable trigger user`);
  try {
    await change();
  } finally {
    await db.execute(sql`alter table audit_log enable trigger user`);
  }
}

describe('audit chain checkpoints', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await testApp({ now: '2021-06-01T09:00:00+08:00' });
  });
  afterEach(async () => {
    await t.close();
  });

  const verify = () => verifyAudit(t.platform.db, t.platform.config);

  it('signs the head with a key kept in the data folder (0600), writes only when the head moved, and verifies a clean chain', async () => {
    await addRows(t, 3);
    const first = await t.auditCheckpoints.write();
    expect(first).not.toBeNull();
    const keyFile = path.join(t.platform.config.dataDir, CHECKPOINT_KEY_FILE);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    // The key is nowhere in the database.
    const key = fs.readFileSync(keyFile, 'utf8').trim();
    const [found] = await rows<{ n: number }>(
      t.platform.db,
      sql`select count(*)::int as n from audit_log where after::text like ${`%${key}%`} or before::text like ${`%${key}%`}`,
    );
    expect(found!.n).toBe(0);

    // The timer's tick with nothing added writes nothing.
    t.clock.advance(60_000);
    expect(await t.auditCheckpoints.write()).toBeNull();
    expect(readCheckpoints(checkpointFileOf(t.platform.config))).toHaveLength(1);

    await addRows(t, 2);
    t.clock.advance(60_000);
    const second = await t.auditCheckpoints.write();
    expect(Number(second!.id)).toBeGreaterThan(Number(first!.id));
    expect(second!.at.slice(0, 10)).toBe('2021-06-01');
    expect(readCheckpoints(checkpointFileOf(t.platform.config)).map((l) => l.checkpoint!.id)).toEqual([first!.id, second!.id]);

    const report = await verify();
    expect(report).toMatchObject({ ok: true, checkpoints: { count: 2, latest: { id: second!.id } } });
    const api = await (await t.admin()).get('/api/audit/verify');
    expect(api.body).toMatchObject({ ok: true });
  });

  it('reports the newest rows deleted behind disabled triggers (truncation)', async () => {
    await addRows(t, 5);
    const checkpoint = await t.auditCheckpoints.write();
    const db = t.platform.db;
    await asOwnerWithoutTriggers(db, async () => {
      await db.execute(sql`delete from audit_log where id > ${Number(checkpoint!.id) - 2}`);
    });
    // The chain alone still verifies: what is left is a valid, shorter chain.
    const report = await verify();
    expect(report).toMatchObject({ ok: false, firstBrokenId: checkpoint!.id, reason: expect.stringMatching(/^truncated/) });
    const api = await (await t.admin()).get('/api/audit/verify');
    expect(api.body).toMatchObject({ ok: false, reason: expect.stringMatching(/^truncated/) });
  });

  it('reports rows rewritten with the chain computed again (re-chaining)', async () => {
    await addRows(t, 5);
    const checkpoint = await t.auditCheckpoints.write();
    const db = t.platform.db;
    await asOwnerWithoutTriggers(db, async () => {
      // Rewrite one row's content, then recompute every hash after it, as a careful intruder would.
      const chain = await rows<{
        id: number;
        at: Date;
        actor_id: string | null;
        actor_name: string;
        ip: string | null;
        action: string;
        entity_type: string;
        entity_id: string | null;
        before: unknown;
        after: unknown;
      }>(
        db,
        sql`select id::int as id, at, actor_id, actor_name, ip, action, entity_type, entity_id, before, after from audit_log order by id`,
      );
      let prevHash = GENESIS_HASH;
      for (const r of chain) {
        const actorName = r.id === chain[1]!.id ? '无名氏' : r.actor_name;
        const hash = rowHash(prevHash, {
          at: new Date(r.at).toISOString(),
          actorId: r.actor_id,
          actorName,
          ip: r.ip,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          before: r.before ?? null,
          after: r.after ?? null,
        });
        await db.execute(sql`update audit_log set actor_name = ${actorName}, prev_hash = ${prevHash}, hash = ${hash} where id = ${r.id}`);
        prevHash = hash;
      }
    });
    const report = await verify();
    expect(report).toMatchObject({ ok: false, firstBrokenId: checkpoint!.id, reason: expect.stringMatching(/^re-chained/) });
  });

  it('reports a checkpoint that was not signed with the key (forged)', async () => {
    await addRows(t, 2);
    const real = await t.auditCheckpoints.write();
    const file = checkpointFileOf(t.platform.config);
    fs.appendFileSync(file, `${JSON.stringify({ ...real!, at: '2021-06-01T02:00:00.000Z', sig: 'ab'.repeat(32) })}\n`);
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringContaining('line 2 has a bad signature') });
  });
});

describe('the shutdown checkpoint', () => {
  it('writes the head when the platform closes', async () => {
    // A data folder of our own: the harness removes its own when the platform closes.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-checkpoint-'));
    try {
      const t = await testApp({ env: { CITYSAFE_DATA_DIR: dataDir } });
      const file = checkpointFileOf(t.platform.config);
      let head: { id: string; hash: string } | undefined;
      try {
        await addRows(t, 2);
        expect(readCheckpoints(file)).toEqual([]);
        [head] = await rows<{ id: string; hash: string }>(
          t.platform.db,
          sql`select id::text as id, hash from audit_log order by id desc limit 1`,
        );
      } finally {
        await t.close();
      }
      expect(readCheckpoints(file).map((l) => l.checkpoint)).toEqual([expect.objectContaining({ id: head!.id, hash: head!.hash })]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** The grants of README "Two database roles", for an owner role and an application role. */
const roleGrants = (owner: string, app: string) => `
  alter default privileges for role ${owner} in schema public grant select, insert, update, delete on tables to ${app};
  alter default privileges for role ${owner} in schema public grant usage, select on sequences to ${app};
  alter default privileges for role ${owner} grant usage on schemas to ${app};
  alter default privileges for role ${owner} grant select on tables to ${app};
`;

describe('two database roles', () => {
  // Roles, ownership and triggers exist only on PostgreSQL; the embedded PGlite has one user.
  if (process.env.DATABASE_URL)
    it('refuses the application role to disable the audit triggers, delete or truncate, and lets it append', async () => {
      const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 6)}`;
      const [owner, app, name] = [`citysafe_t_owner_${suffix}`, `citysafe_t_app_${suffix}`, `citysafe_t_${suffix}_roles`];
      const superUrl = process.env.DATABASE_URL!;
      const urlAs = (role: string) => {
        const u = new URL(superUrl);
        u.username = role;
        u.pathname = `/${name}`;
        return u.toString();
      };
      const admin = new pg.Client({ connectionString: superUrl });
      await admin.connect();
      try {
        await admin.query(`create role ${owner} login`);
        await admin.query(`create role ${app} login`);
        await admin.query(`create database ${name} owner ${owner}`);
        const inDb = new pg.Client({ connectionString: urlAs(new URL(superUrl).username) });
        await inDb.connect();
        await inDb.query('create extension if not exists postgis; create extension if not exists pg_trgm');
        await inDb.end();
        const asOwner = new pg.Client({ connectionString: urlAs(owner) });
        await asOwner.connect();
        await asOwner.query(roleGrants(owner, app));
        await asOwner.end();
        const ownerDb = await openDatabase({ kind: 'postgres', url: urlAs(owner) });
        await migrate(ownerDb);
        await ownerDb.db.execute(sql.raw(`revoke update, delete, truncate on audit_log from ${app}`));
        await ownerDb.close();

        const appDb = await openDatabase({ kind: 'postgres', url: urlAs(app) });
        try {
          const db = appDb.db;
          await db.transaction((tx) => audit(tx, systemActor, { action: 'test.appRole', entityType: 'test' }));
          const [n] = await rows<{ n: number }>(db, sql`select count(*)::int as n from audit_log`);
          expect(n!.n).toBe(1);
          const refused = async (statement: string) =>
            String(((await db.execute(sql.raw(statement)).catch((e: unknown) => e)) as Error).cause);
          expect(await refused('alter table audit_log disable trigger user')).toMatch(/must be owner/);
          expect(await refused('delete from audit_log')).toMatch(/permission denied/);
          expect(await refused('truncate audit_log')).toMatch(/permission denied/);
          expect(await refused('drop table audit_log')).toMatch(/must be owner/);
        } finally {
          await appDb.close();
        }
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.query(`drop role if exists ${app}`);
        await admin.query(`drop role if exists ${owner}`);
        await admin.end();
      }
    });
  it('keeps the signing key out of reach of the database: CITYSAFE_AUDIT_KEY shorter than 32 characters is refused', () => {
    expect(() => loadConfig({ CITYSAFE_AUDIT_KEY: 'short' })).toThrow(/CITYSAFE_AUDIT_KEY must be at least 32 characters/);
    expect(loadConfig({ CITYSAFE_AUDIT_KEY: 'k'.repeat(32) }).auditKey).toBe('k'.repeat(32));
  });
});
