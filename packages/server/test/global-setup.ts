import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { seedIdentity } from '../src/modules/identity/identity.seed.js';
import { migrate, openDatabase } from '../src/platform/db.js';
import { TEST_ADMIN_PASSWORD, TEMPLATE_DB } from './constants.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: path of the dumped template data directory. */
    pgliteTemplate: string;
  }
}

/** Runs statements on the server's maintenance connection, closing it afterwards. */
async function withAdmin(url: string, fn: (admin: pg.Client) => Promise<void>): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await fn(admin);
  } finally {
    await admin.end();
  }
}

/** Makes the template database once: migrated and seeded with the org tree and `admin`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (url) {
    await withAdmin(url, async (admin) => {
      await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
      await admin.query(`create database ${TEMPLATE_DB}`);
    });
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${TEMPLATE_DB}`;
    const database = await openDatabase({ kind: 'postgres', url: templateUrl.toString() });
    await migrate(database);
    await seedIdentity(database.db, os.tmpdir(), TEST_ADMIN_PASSWORD);
    await database.close();
    project.provide('pgliteTemplate', '');
    // Drop the per-file copies left by a test file that crashed, and the template.
    return () =>
      withAdmin(url, async (admin) => {
        const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'citysafe\\_t\\_%'`);
        for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
        await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
      });
  }
  const database = await openDatabase({ kind: 'pglite', dataDir: null });
  await migrate(database);
  await seedIdentity(database.db, os.tmpdir(), TEST_ADMIN_PASSWORD);
  const dump = await database.pglite!.dumpDataDir('none');
  await database.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-template-')), 'template.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return async () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
