import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { postgis } from '@electric-sql/pglite-postgis';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from '../schema.js';

export type Schema = typeof schema;
/** The drizzle database, the same type on PGlite and on PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database: services take either, so callers choose the boundary. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export const migrationsFolder = path.resolve(import.meta.dirname, '../../migrations');

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** The embedded engine, when there is one (for dumps in tests and backups). */
  pglite: PGlite | null;
  pool: pg.Pool | null;
  close(): Promise<void>;
}

export type DatabaseSource = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null; loadDataDir?: Blob };

// Bigints (counts, bigint ids) come back as strings from node-postgres; numbers are what we use.
pg.types.setTypeParser(20, (v) => Number(v));

/** Opens the database. A PGlite `dataDir` of null is in memory (tests). */
export async function openDatabase(source: DatabaseSource): Promise<Database> {
  if (source.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: source.url, max: 10 });
    // The server may drop an idle connection (restart, failover, an administrator): the pool discards
    // it and opens another on the next query. Without a listener the 'error' event ends the process.
    pool.on('error', () => undefined);
    // Fail at start-up with the reason, not on the first request.
    await pool.query('select 1');
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { kind: 'postgres', db, pglite: null, pool, close: () => pool.end() };
  }
  if (source.dataDir) fs.mkdirSync(source.dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(source.dataDir ? { dataDir: path.join(source.dataDir, 'pgdata') } : {}),
    ...(source.loadDataDir ? { loadDataDir: source.loadDataDir } : {}),
    extensions: { postgis, pg_trgm },
  });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { kind: 'pglite', db, pglite: client, pool: null, close: () => client.close() };
}

/** Applies the committed SQL migrations that have not run yet. */
export async function migrate(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder });
  } else {
    await migratePg(database.db as never, { migrationsFolder });
  }
}

/** The PostGIS version, or null when the extension is missing. */
export async function postgisVersion(db: Tx): Promise<string | null> {
  try {
    const [row] = await rows<{ v: string }>(db, sql`select postgis_lib_version() as v`);
    return row?.v ?? null;
  } catch {
    return null;
  }
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function rows<T>(db: Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
