import { AsyncLocalStorage } from 'node:async_hooks';
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
import { type Clock, systemClock } from './clock.js';

/**
 * The drizzle database, the same type on PGlite and on PostgreSQL. Queries name their tables (no
 * relational query API), so the database does not need to know every module's tables.
 */
export type Db = PgDatabase<PgQueryResultHKT>;
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

/**
 * What to do when the root handle is queried from inside one of its own open transactions: throw
 * (tests, so the misuse fails where it is written), report it and let the query run, or not look
 * (production: see `defaultGuard`).
 */
export type TransactionGuard = 'throw' | 'off' | ((misuse: Error) => void);

export interface DatabaseOptions {
  /** Default: throw under Vitest or NODE_ENV=test, otherwise off. */
  transactionGuard?: TransactionGuard;
}

/** The error a root-handle query inside an open transaction raises or reports. */
export class RootHandleInTransactionError extends Error {
  constructor() {
    super(
      'A query went to the root database handle while a transaction on it is open in the same async context: ' +
        'pass the transaction (`tx`) instead. On PGlite (one connection) this query would wait for the transaction forever.',
    );
    this.name = 'RootHandleInTransactionError';
  }
}

/** One open transaction on one root handle; `open` turns false at commit or rollback. */
interface OpenTransaction {
  rootDb: Db;
  open: boolean;
  outer: OpenTransaction | undefined;
}

const openTransactions = new AsyncLocalStorage<OpenTransaction>();

/**
 * The guard marks each transaction's async context with an AsyncLocalStorage, and on Node 20 the
 * first such mark turns on a promise hook that then runs for every promise the process makes: 15–20 %
 * of the server's time under load (bench:api). The misuse is a programming error that the tests
 * (where the guard throws) find, so production does not pay for looking.
 */
function defaultGuard(): TransactionGuard {
  return process.env.VITEST || process.env.NODE_ENV === 'test' ? 'throw' : 'off';
}

/**
 * Makes the root handle refuse queries made from inside its own open transactions.
 *
 * The embedded PGlite has one connection: a query on the root handle while a transaction is open
 * waits for that transaction, which waits for the query — a deadlock with no error. On PostgreSQL
 * the same code takes a second pooled connection and silently reads outside the transaction. The
 * guard marks the async context of each transaction callback (AsyncLocalStorage) and checks it on
 * every query the root session prepares and every transaction it opens; independent requests running at the same time are
 * separate async contexts and are not affected. Transactions get their own session object from
 * drizzle, so queries through `tx` never reach the check.
 */
function guardRootHandle(db: Db, guard: TransactionGuard): void {
  const session = (db as unknown as { session: GuardedSession }).session;
  const transaction = session.transaction.bind(session);
  const prepareQuery = session.prepareQuery.bind(session);
  const check = () => {
    for (let t = openTransactions.getStore(); t; t = t.outer) {
      if (t.open && t.rootDb === db) {
        const misuse = new RootHandleInTransactionError();
        if (guard === 'throw') throw misuse;
        if (guard !== 'off') guard(misuse);
        return;
      }
    }
  };
  session.transaction = async (run, config) => {
    // Unguarded on the system clock nothing reads the mark: no AsyncLocalStorage (see `defaultGuard`).
    if (guard === 'off' && clockOf(db) === systemClock) return transaction(run, config);
    // A second root transaction inside an open one is the same misuse (`tx.transaction()` nests instead).
    check();
    const marker: OpenTransaction = { rootDb: db, open: true, outer: openTransactions.getStore() };
    return transaction((tx) => openTransactions.run(marker, () => run(tx)).finally(() => (marker.open = false)), config);
  };
  if (guard === 'off') return;
  session.prepareQuery = (...args) => {
    check();
    return prepareQuery(...args);
  };
}

const clocks = new WeakMap<object, Clock>();

/** Makes `clock` the time source of everything that reads the time through this root handle (the platform's clock). */
export function bindClock(db: Db, clock: Clock): void {
  clocks.set(db, clock);
}

/**
 * The clock of the database a handle belongs to: services that hold only `db` or `tx` read the
 * platform's time through it (`now(tx)`). A transaction handle is found through the transaction's
 * async context; a handle with no platform around it (the CLI, the test template) reads the real time.
 */
export function clockOf(handle: Tx): Clock {
  const own = clocks.get(handle);
  if (own) return own;
  for (let t = openTransactions.getStore(); t; t = t.outer) {
    const root = clocks.get(t.rootDb);
    if (t.open && root) return root;
  }
  return systemClock;
}

/** The current time by the clock of the database a handle belongs to. */
export const now = (handle: Tx): Date => clockOf(handle).now();

/** The two methods of drizzle's session that the guard wraps (internal to drizzle, stable across its drivers). */
interface GuardedSession {
  transaction(run: (tx: unknown) => Promise<unknown>, config?: unknown): Promise<unknown>;
  prepareQuery(...args: unknown[]): unknown;
}

// Bigints (counts, bigint ids) come back as strings from node-postgres; numbers are what we use.
pg.types.setTypeParser(20, (v) => Number(v));

/** Opens the database. A PGlite `dataDir` of null is in memory (tests). */
export async function openDatabase(source: DatabaseSource, options: DatabaseOptions = {}): Promise<Database> {
  const guard = options.transactionGuard ?? defaultGuard();
  if (source.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: source.url,
      max: 10,
      // While the database is unreachable a request waits this long for a connection, then answers 503.
      connectionTimeoutMillis: 5000,
      // A dropped network with no reset: the operating system's probes find the dead connection.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // The server may drop an idle connection (restart, failover, an administrator): the pool discards
    // it and opens another on the next query. Without a listener the 'error' event ends the process.
    pool.on('error', () => undefined);
    // The same for a connection that is checked out (a transaction, a job claim, the LISTEN client):
    // pg emits 'error' on the client itself (57P01 at a restart, ECONNRESET), and with no listener
    // that ends the process. The query in progress fails with the same error and its caller answers
    // 503; the pool drops the broken client when it is released.
    pool.on('connect', (client) => client.on('error', () => undefined));
    // Fail at start-up with the reason, not on the first request.
    await pool.query('select 1');
    const db = drizzlePg(pool) as unknown as Db;
    guardRootHandle(db, guard);
    return { kind: 'postgres', db, pglite: null, pool, close: () => pool.end() };
  }
  if (source.dataDir) fs.mkdirSync(source.dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(source.dataDir ? { dataDir: path.join(source.dataDir, 'pgdata') } : {}),
    ...(source.loadDataDir ? { loadDataDir: source.loadDataDir } : {}),
    extensions: { postgis, pg_trgm },
  });
  const db = drizzlePglite(client) as unknown as Db;
  guardRootHandle(db, guard);
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

/** Whether the database answers a query (health: a restart or a network drop makes it false). */
export async function databaseReachable(db: Tx): Promise<boolean> {
  return db.execute(sql`select 1`).then(
    () => true,
    () => false,
  );
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
