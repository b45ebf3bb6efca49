import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { type TestApp, testApp } from '../../test/harness.js';
import { type Database, openDatabase, RootHandleInTransactionError, rows } from './db.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const countSettings = async (key: string) =>
  (await rows<{ n: number }>(t.platform.db, sql`select count(*)::int as n from settings where key = ${key}`))[0]!.n;

describe('the root handle inside a transaction', () => {
  it('refuses a query on the root handle from inside an open transaction, and the transaction rolls back', async () => {
    const { db } = t.platform;
    const attempt = db.transaction(async (tx) => {
      await tx.execute(sql`insert into settings (key, value) values ('guard.misuse', '1'::jsonb)`);
      await db.execute(sql`select id from orgs limit 1`);
    });
    await expect(attempt).rejects.toBeInstanceOf(RootHandleInTransactionError);
    expect(await countSettings('guard.misuse')).toBe(0);
  });

  it('refuses it in a nested transaction (savepoint) and in raw SQL too', async () => {
    const { db } = t.platform;
    await expect(db.transaction((tx) => tx.transaction(async () => void (await db.execute(sql`select 1`))))).rejects.toBeInstanceOf(
      RootHandleInTransactionError,
    );
  });

  it('refuses a second transaction on the root handle from inside an open one', async () => {
    const { db } = t.platform;
    await expect(db.transaction(() => db.transaction(async (inner) => void (await inner.execute(sql`select 1`))))).rejects.toBeInstanceOf(
      RootHandleInTransactionError,
    );
  });

  it('lets every query through `tx`, and the root handle again once the transaction has ended', async () => {
    const { db } = t.platform;
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into settings (key, value) values ('guard.tx', '1'::jsonb)`);
      const [org] = await rows<{ id: string }>(tx, sql`select id from orgs limit 1`);
      expect(org?.id).toBeTruthy();
      await tx.transaction(async (inner) => void (await inner.execute(sql`select 1`)));
    });
    expect(await countSettings('guard.tx')).toBe(1);
  });

  it('lets independent transactions and root-handle queries run at the same time', async () => {
    const { db } = t.platform;
    const keys = ['guard.c1', 'guard.c2', 'guard.c3'];
    await Promise.all([
      ...keys.map((key) =>
        db.transaction(async (tx) => {
          await tx.execute(sql`insert into settings (key, value) values (${key}, '1'::jsonb)`);
          await tx.execute(sql`select pg_sleep(0.02)`);
        }),
      ),
      db.execute(sql`select id from orgs limit 1`),
      countSettings('guard.c1'),
    ]);
    for (const key of keys) expect(await countSettings(key)).toBe(1);
  });

  it('does not blame work started inside a transaction that uses the root handle after the commit', async () => {
    const { db } = t.platform;
    let afterCommit: Promise<unknown> = Promise.resolve();
    await db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      afterCommit = new Promise((resolve) => setTimeout(resolve, 10)).then(() => countSettings('guard.none'));
    });
    await expect(afterCommit).resolves.toBe(0);
  });
});

describe('the guard in production mode', () => {
  let database: Database;
  const reported: Error[] = [];
  beforeAll(async () => {
    const url = process.env.DATABASE_URL;
    const report = (misuse: Error) => void reported.push(misuse);
    database = url
      ? await openDatabase({ kind: 'postgres', url }, { transactionGuard: report })
      : await openDatabase(
          { kind: 'pglite', dataDir: null, loadDataDir: new Blob([fs.readFileSync(inject('pgliteTemplate'))]) },
          { transactionGuard: report },
        );
  });
  afterAll(() => database.close());

  it('reports the misuse with its stack and lets the query run', async () => {
    const { db } = database;
    // Not awaited inside: on PGlite the query can only run once the transaction has let go of the connection.
    let misused: Promise<unknown> = Promise.resolve();
    await db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      misused = db.execute(sql`select 2 as two`);
    });
    const result = (await misused) as { rows: { two: number }[] };
    expect(result.rows[0]?.two).toBe(2);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeInstanceOf(RootHandleInTransactionError);
    expect(reported[0]!.stack).toContain('db.test.ts');
  });
});
