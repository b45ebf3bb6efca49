import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { AppError, bi } from '@citysafe/domain';
import { eq, is, sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { type ChainReport, verifyAuditChain } from './audit.js';
import { appendCheckpoints, type AuditCheckpoint, readCheckpoints, verifyAnchoredChain } from './audit-checkpoint.js';
import { type Database, type Db, migrationsFolder, rows, type Tx } from './db.js';
import type { FileStore } from './files.js';
import { files as fileRows } from './platform.tables.js';

/*
 * A backup is one gzip'd JSON-lines file:
 *   {"format":"citysafe-backup","version":1,"createdAt":…,"migrations":[{hash,createdAt}…]}
 *   {"table":"orgs","row":{…}}            every row of every table, parents before children
 *   {"file":"ab/cd/<uuid>","data":"<base64>"}   every attachment in the file store
 *   {"checkpoint":{id,hash,at,sig}}        the audit chain's signed checkpoints (audit-checkpoint.ts)
 *   {"end":{"rows":{"orgs":62,…},"files":3,"checkpoints":5}}   the counts, so a cut-off file is refused
 * Rows are PostgreSQL's own JSON of each column (to_jsonb), kept as text from the database to the
 * file and back, so numbers inside jsonb keep every digit; types JSON cannot carry exactly
 * (PostGIS geometry, json) travel as their text form (EWKB hex for geometry).
 */

const BACKUP_FORMAT = 'citysafe-backup';
const BACKUP_VERSION = 1;

/** A migration applied to the database, as drizzle records it in `drizzle.__drizzle_migrations`. */
export interface AppliedMigration {
  hash: string;
  createdAt: number;
}

interface BackupHeader {
  format: string;
  version: number;
  createdAt: string;
  migrations: AppliedMigration[];
}

interface BackupEnd {
  rows: Record<string, number>;
  files: number;
  /** Absent in backups made before checkpoints existed. */
  checkpoints?: number;
}

export interface BackupReport {
  /** Rows per table, in the order they were written. */
  rows: Record<string, number>;
  files: number;
  fileBytes: number;
}

export interface RestoreReport extends BackupReport {
  /** When the backup's snapshot was taken. */
  createdAt: string;
  audit: ChainReport;
  /** Where the time went: migrations (before and after the rows), writing the rows and attachments, verifying the chain. */
  seconds: { migrate: number; rows: number; verify: number };
}

/** Receives one line of progress for the person waiting (table names, row counts). */
export type Progress = (message: string) => void;

const FETCH_ROWS = 1000;
const INSERT_ROWS = 2000;
const INSERT_BYTES = 8 * 1024 * 1024;
const PROGRESS_EVERY_ROWS = 100_000;
/** A restore reports how far it got at this interval, so a long one visibly moves. */
const RESTORE_PROGRESS_MS = 3000;
/** PostgreSQL's FirstNormalObjectId: types with a smaller oid are built in, larger ones come from extensions. */
const FIRST_USER_OID = 16384;

/**
 * Rows a table must write in a given order because some rows point at others of the same table:
 * an org's parent has a shorter materialised path than the org itself.
 */
const rowOrder: Record<string, string> = { orgs: 'length("path"), "id"' };

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

export interface BackupTable {
  /** The name in the backup file: `orgs`, or `schema.table` outside `public`. */
  key: string;
  /** The quoted, schema-qualified name for SQL. */
  qualified: string;
  /** Columns of the primary key, to write rows in a stable order. */
  primaryKey: string[];
}

const tableKey = (schemaName: string, name: string): string => (schemaName === 'public' ? name : `${schemaName}.${name}`);

const qualifiedOf = (key: string): string => {
  const [first, second] = key.split('.');
  return second === undefined ? `${quote('public')}.${quote(first!)}` : `${quote(first!)}.${quote(second)}`;
};

/**
 * Every drizzle table among `tables` (the platform's and every module's: `allTables` of
 * `src/modules.ts`), each after the tables its foreign keys point to, so that inserting in this
 * order never meets a missing parent row.
 */
export function tablesInDependencyOrder(tables: Record<string, unknown>): BackupTable[] {
  const pgTables = (Object.values(tables) as unknown[])
    .filter((value): value is PgTable => is(value, PgTable))
    .sort((a, b) => getTableConfig(a).name.localeCompare(getTableConfig(b).name));
  const ordered: PgTable[] = [];
  const visiting = new Set<PgTable>();
  const visit = (table: PgTable): void => {
    if (ordered.includes(table)) return;
    if (visiting.has(table)) throw new Error(`foreign keys form a cycle through ${getTableConfig(table).name}`);
    visiting.add(table);
    for (const fk of getTableConfig(table).foreignKeys) {
      const target = fk.reference().foreignTable;
      if (target !== table) visit(target);
    }
    visiting.delete(table);
    ordered.push(table);
  };
  pgTables.forEach(visit);
  return ordered.map((table) => {
    const config = getTableConfig(table);
    const key = tableKey(config.schema ?? 'public', config.name);
    const composite = config.primaryKeys[0]?.columns.map((c) => c.name);
    return { key, qualified: qualifiedOf(key), primaryKey: composite ?? config.columns.filter((c) => c.primary).map((c) => c.name) };
  });
}

async function tableExists(db: Tx, qualified: string): Promise<boolean> {
  const [row] = await rows<{ present: boolean }>(db, sql`select to_regclass(${qualified}) is not null as present`);
  return row?.present ?? false;
}

/** The migrations applied to the database, oldest first; none when drizzle never ran. */
export async function appliedMigrations(db: Tx): Promise<AppliedMigration[]> {
  if (!(await tableExists(db, '"drizzle"."__drizzle_migrations"'))) return [];
  const found = await rows<{ hash: string; created_at: string }>(
    db,
    sql`select hash, created_at::text as created_at from drizzle.__drizzle_migrations order by created_at, id`,
  );
  return found.map((m) => ({ hash: m.hash, createdAt: Number(m.created_at) }));
}

interface ColumnInfo {
  name: string;
  /** Written as PostgreSQL's text form rather than its JSON form. */
  asText: boolean;
}

/**
 * The stored columns of a table as the database has them (generated columns are left out: the
 * database computes them again). Extension types (PostGIS) have a lossy JSON cast and json keeps
 * its exact text only as text, so those go as text; every built-in type's JSON is exact.
 */
async function columnsOf(tx: Tx, qualified: string): Promise<ColumnInfo[]> {
  const found = await rows<{ name: string; as_text: boolean }>(
    tx,
    sql`select a.attname as name,
          (t.oid >= ${FIRST_USER_OID} or t.typname in ('json', '_json') or coalesce(e.oid >= ${FIRST_USER_OID}, false)) as as_text
        from pg_attribute a
        join pg_type t on t.oid = a.atttypid
        left join pg_type e on e.oid = t.typelem and t.typcategory = 'A'
        where a.attrelid = ${qualified}::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
        order by a.attnum`,
  );
  return found.map((c) => ({ name: c.name, asText: c.as_text }));
}

/** `jsonb_build_object(…)` over all columns, in pieces because a function takes at most 100 arguments. */
function rowAsJson(columns: ColumnInfo[]): string {
  const pairs = columns.map((c) => `'${c.name.replace(/'/g, "''")}', ${quote(c.name)}${c.asText ? '::text' : ''}`);
  const pieces: string[] = [];
  for (let i = 0; i < pairs.length; i += 50) pieces.push(`jsonb_build_object(${pairs.slice(i, i + 50).join(', ')})`);
  return pieces.join(' || ');
}

/** A gzip'd file written line by line, waiting when the disk is slower than the database. */
class GzipLineWriter {
  private readonly gzip = zlib.createGzip();
  private readonly done: Promise<void>;

  private constructor(out: fs.WriteStream) {
    this.done = pipeline(this.gzip, out);
    // Failures surface through line() and close(); this keeps an early one from going unhandled.
    this.done.catch(() => undefined);
  }

  /** Opens the file first, so an unwritable path fails before the database is read. */
  static async open(file: string): Promise<GzipLineWriter> {
    // Backups hold password hashes and webhook secrets: readable by the owner only.
    const out = fs.createWriteStream(file, { mode: 0o600 });
    await once(out, 'open');
    return new GzipLineWriter(out);
  }

  async line(text: string): Promise<void> {
    if (this.gzip.write(`${text}\n`)) return;
    await Promise.race([
      once(this.gzip, 'drain'),
      this.done.then(() => {
        throw new Error('backup stream closed');
      }),
    ]);
  }

  async close(): Promise<void> {
    this.gzip.end();
    await this.done;
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
    await this.done.catch(() => undefined);
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes one table through a cursor, so memory holds one batch however large the table. */
async function dumpTable(tx: Tx, table: BackupTable, writer: GzipLineWriter, progress: Progress): Promise<number> {
  const columns = await columnsOf(tx, table.qualified);
  const order = rowOrder[table.key] ?? table.primaryKey.map(quote).join(', ');
  await tx.execute(
    sql.raw(`declare citysafe_backup no scroll cursor for
      select (${rowAsJson(columns)})::text as r from ${table.qualified}${order ? ` order by ${order}` : ''}`),
  );
  const prefix = `{"table":${JSON.stringify(table.key)},"row":`;
  let count = 0;
  for (;;) {
    const batch = await rows<{ r: string }>(tx, sql.raw(`fetch forward ${FETCH_ROWS} from citysafe_backup`));
    if (batch.length === 0) break;
    for (const { r } of batch) await writer.line(`${prefix}${r}}`);
    count += batch.length;
    if (count % PROGRESS_EVERY_ROWS < batch.length) progress(`  ${table.key} … ${count}`);
  }
  await tx.execute(sql.raw('close citysafe_backup'));
  return count;
}

const formatBytes = (n: number): string => (n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/**
 * Writes a backup of the database and the attachments to `file`. The rows come from one snapshot
 * (REPEATABLE READ), so a server may keep running on PostgreSQL; attachments are listed after the
 * snapshot, so every file a backed-up row names is in it (attachments are written before their
 * row and never changed). The file appears only when complete (written as `<file>.part`).
 */
export async function backup(
  database: Database,
  tables: Record<string, unknown>,
  files: FileStore,
  file: string,
  progress: Progress,
  options: { checkpointFile?: string } = {},
): Promise<BackupReport> {
  if (fs.existsSync(file)) {
    throw new AppError(
      'CONFLICT',
      bi(`备份文件 ${file} 已存在，不会覆盖`, `The backup file ${file} already exists; it is not overwritten`),
    );
  }
  const part = `${file}.part`;
  const writer = await GzipLineWriter.open(part);
  try {
    const counts = await database.db.transaction(
      async (tx) => {
        // Timestamps then read the same whatever the server's time zone.
        await tx.execute(sql`set local timezone to 'UTC'`);
        const migrations = await appliedMigrations(tx);
        if (migrations.length === 0) {
          throw new AppError(
            'RULE_VIOLATION',
            bi('数据库尚未初始化（从未执行迁移），没有可备份的内容', 'The database has never been migrated; there is nothing to back up'),
          );
        }
        const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), migrations };
        await writer.line(JSON.stringify(header));
        const written: Record<string, number> = {};
        for (const table of tablesInDependencyOrder(tables)) {
          // A table of a newer migration than the database has is simply not there yet.
          if (!(await tableExists(tx, table.qualified))) continue;
          written[table.key] = await dumpTable(tx, table, writer, progress);
          progress(`  ${table.key.padEnd(28)} ${String(written[table.key]).padStart(9)} 行 / rows`);
        }
        return written;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    let fileCount = 0;
    let fileBytes = 0;
    for await (const key of files.list()) {
      const data = await readAll(await files.get(key));
      await writer.line(JSON.stringify({ file: key, data: data.toString('base64') }));
      fileCount++;
      fileBytes += data.length;
    }
    progress(`  ${'附件 / attachments'.padEnd(26)} ${String(fileCount).padStart(9)} 个 / files (${formatBytes(fileBytes)})`);
    // Read after the snapshot: every checkpoint names a row the backup holds (or an older one).
    const checkpoints = options.checkpointFile
      ? readCheckpoints(options.checkpointFile).flatMap((l) => (l.checkpoint ? [l.checkpoint] : []))
      : [];
    for (const checkpoint of checkpoints) await writer.line(JSON.stringify({ checkpoint }));
    const end: BackupEnd = { rows: counts, files: fileCount, checkpoints: checkpoints.length };
    await writer.line(JSON.stringify({ end }));
    await writer.close();
    fs.renameSync(part, file);
    return { rows: counts, files: fileCount, fileBytes };
  } catch (err) {
    await writer.abort();
    fs.rmSync(part, { force: true });
    throw err;
  }
}

/** The lines of a gzip'd file, read as they decompress. */
async function* readLines(file: string): AsyncGenerator<string> {
  const source = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  try {
    for await (const chunk of gunzip) {
      pending += decoder.write(chunk as Buffer);
      let start = 0;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
        yield pending.slice(start, nl);
        start = nl + 1;
      }
      pending = pending.slice(start);
    }
    pending += decoder.end();
    if (pending) yield pending;
  } catch (err) {
    // zlib's codes: the file was cut off or altered after it was written.
    if (!String((err as NodeJS.ErrnoException).code).startsWith('Z_')) throw err;
    throw new AppError(
      'VALIDATION',
      bi(`备份文件 ${file} 已损坏或不完整（无法解压）`, `The backup file ${file} is damaged or cut off (it does not decompress)`),
    );
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

const notABackup = (file: string) =>
  new AppError('VALIDATION', bi(`${file} 不是 CitySafe 备份文件`, `${file} is not a CitySafe backup file`));

function parseHeader(file: string, line: string | undefined): BackupHeader {
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(line ?? '') as Partial<BackupHeader>;
  } catch {
    throw notABackup(file);
  }
  if (header.format !== BACKUP_FORMAT || !Array.isArray(header.migrations) || typeof header.createdAt !== 'string') throw notABackup(file);
  if (header.version !== BACKUP_VERSION) {
    throw new AppError(
      'RULE_VIOLATION',
      bi(
        `备份格式版本 ${header.version} 不受支持（支持 ${BACKUP_VERSION}）`,
        `Backup format version ${header.version} is not supported (this version reads ${BACKUP_VERSION})`,
      ),
    );
  }
  return header as BackupHeader;
}

/** Refuses a database that holds any row: a restore adds to nothing and overwrites nothing. */
async function assertEmpty(db: Db, tables: Record<string, unknown>): Promise<void> {
  const filled: string[] = [];
  for (const table of tablesInDependencyOrder(tables)) {
    if (!(await tableExists(db, table.qualified))) continue;
    const [row] = await rows<{ filled: boolean }>(db, sql.raw(`select exists (select 1 from ${table.qualified}) as filled`));
    if (row?.filled) filled.push(table.key);
  }
  if (filled.length > 0) {
    throw new AppError(
      'CONFLICT',
      bi(
        `目标数据库已有数据（${filled.join('、')}），恢复只能写入新建的空数据库`,
        `The target database already holds data (${filled.join(', ')}); restore only into a new, empty database`,
      ),
    );
  }
}

async function runMigrations(database: Database, folder: string): Promise<void> {
  if (database.kind === 'pglite') await migratePglite(database.db as never, { migrationsFolder: folder });
  else await migratePg(database.db as never, { migrationsFolder: folder });
}

/**
 * Brings the database to the schema the backup was taken at. A backup from an older version is
 * restored at its own schema and then migrated forward with the rows in it, as an upgrade would.
 */
async function migrateToBackup(database: Database, backupMigrations: AppliedMigration[], folder: string): Promise<void> {
  const known = readMigrationFiles({ migrationsFolder: folder });
  if (backupMigrations.length > known.length || backupMigrations.some((m, i) => known[i]?.hash !== m.hash)) {
    throw new AppError(
      'RULE_VIOLATION',
      bi(
        '备份来自更新或不同的 CitySafe 版本（数据库迁移不一致），请用相同或更新的版本恢复',
        'The backup comes from a newer or different CitySafe version (its migrations differ); restore it with the same or a newer version',
      ),
    );
  }
  const applied = await appliedMigrations(database.db);
  if (applied.length > backupMigrations.length || applied.some((m, i) => backupMigrations[i]?.hash !== m.hash)) {
    throw new AppError(
      'RULE_VIOLATION',
      bi(
        '目标数据库的结构比备份新，请恢复到新建的空数据库',
        "The target database's schema is ahead of the backup's; restore into a new, empty database",
      ),
    );
  }
  if (backupMigrations.length === known.length) return runMigrations(database, folder);
  // drizzle applies every migration of a folder: give it a folder holding only the backup's ones.
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const entries = journal.entries.slice(0, backupMigrations.length);
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-migrations-'));
  try {
    fs.mkdirSync(path.join(prefix, 'meta'));
    fs.writeFileSync(path.join(prefix, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
    for (const e of entries) fs.copyFileSync(path.join(folder, `${e.tag}.sql`), path.join(prefix, `${e.tag}.sql`));
    await runMigrations(database, prefix);
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}

/**
 * Inserts rows given as JSON text. `overriding system value` keeps the ids of identity columns
 * (the audit chain and every reference depend on them).
 */
async function insertRows(tx: Tx, key: string, rowTexts: string[]): Promise<void> {
  const columns = Object.keys(JSON.parse(rowTexts[0]!) as Record<string, unknown>)
    .map(quote)
    .join(', ');
  const table = qualifiedOf(key);
  await tx.execute(
    sql`insert into ${sql.raw(table)} (${sql.raw(columns)}) overriding system value
        select ${sql.raw(columns)} from jsonb_populate_recordset(null::${sql.raw(table)}, ${`[${rowTexts.join(',')}]`}::jsonb)`,
  );
}

/** Identity and serial sequences continue after the restored ids, so the next insert does not collide. */
async function resetSequences(tx: Tx, keys: string[]): Promise<void> {
  for (const key of keys) {
    const table = qualifiedOf(key);
    const sequences = await rows<{ column: string; sequence: string }>(
      tx,
      sql`select a.attname as column, pg_get_serial_sequence(${table}, a.attname) as sequence
          from pg_attribute a
          where a.attrelid = ${table}::regclass and a.attnum > 0 and not a.attisdropped
            and pg_get_serial_sequence(${table}, a.attname) is not null`,
    );
    for (const s of sequences) {
      await tx.execute(
        sql`select setval(${s.sequence}, coalesce((select max(${sql.identifier(s.column)}) from ${sql.raw(table)}), 0) + 1, false)`,
      );
    }
  }
}

/**
 * Gathers the rows of one table into batched inserts (one statement of up to 2 000 rows: each
 * statement has a fixed cost, large on PGlite) and reports how far each table got, every
 * `progressEveryMs` and when it is done, against the totals the backup's end record names.
 */
class TableLoader {
  readonly counts: Record<string, number> = {};
  private key: string | null = null;
  private texts: string[] = [];
  private bytes = 0;
  private reportedAt = performance.now();

  constructor(
    private readonly tx: Tx,
    private readonly progress: Progress,
    private readonly totals: Record<string, number>,
    private readonly progressEveryMs: number,
  ) {}

  private line(key: string): string {
    const done = String(this.counts[key] ?? 0).padStart(9);
    return `  ${key.padEnd(28)} ${done} / ${String(this.totals[key] ?? 0).padStart(9)} 行 / rows`;
  }

  async add(key: string, rowText: string): Promise<void> {
    if (key !== this.key) {
      await this.finishTable();
      this.key = key;
    }
    this.texts.push(rowText);
    this.bytes += rowText.length;
    if (this.texts.length < INSERT_ROWS && this.bytes < INSERT_BYTES) return;
    await this.flush();
    if (performance.now() - this.reportedAt >= this.progressEveryMs) {
      this.progress(this.line(key));
      this.reportedAt = performance.now();
    }
  }

  async finishTable(): Promise<void> {
    await this.flush();
    if (this.key) this.progress(this.line(this.key));
    this.key = null;
    this.reportedAt = performance.now();
  }

  private async flush(): Promise<void> {
    if (!this.key || this.texts.length === 0) return;
    await insertRows(this.tx, this.key, this.texts);
    this.counts[this.key] = (this.counts[this.key] ?? 0) + this.texts.length;
    this.texts = [];
    this.bytes = 0;
  }
}

export interface RestoreOptions {
  /** The migrations of this version; by default the committed ones (tests add a newer one). */
  migrationsFolder?: string;
  /** How often a table's progress is reported while its rows are written (default every 3 s). */
  progressEveryMs?: number;
  /**
   * The audit checkpoint file of the target and the key that signed the backup's checkpoints: the
   * backup's checkpoints are added to the file and the restored chain is checked against them.
   */
  checkpoints?: { file: string; key: Buffer };
}

/** A row line, `{"table":"<key>","row":{…}}`, recognised without parsing the row (it stays text). */
const ROW_LINE = /^\{"table":("(?:[^"\\]|\\.)*"),"row":/;

/**
 * The end record of a backup, read through the whole file before anything is written: a file cut
 * off or damaged is refused while the database is still untouched, and the end's counts are the
 * totals that the progress reports count towards. Decompressing costs little beside the inserts.
 */
async function readEnd(file: string): Promise<BackupEnd | null> {
  let last = '';
  for await (const line of readLines(file)) if (line) last = line;
  try {
    const { end } = JSON.parse(last) as { end?: BackupEnd };
    return end && typeof end.rows === 'object' ? end : null;
  } catch {
    return null;
  }
}

const incomplete = (file: string) =>
  new AppError(
    'VALIDATION',
    bi(
      `备份文件 ${file} 不完整（缺少结尾），未恢复任何数据`,
      `The backup file ${file} is incomplete (no end record); nothing was restored`,
    ),
  );

const since = (t0: number): number => (performance.now() - t0) / 1000;

/**
 * Restores a backup into an empty database and file store: migrations first (up to the backup's),
 * then every row in the file's order in one transaction with the attachments, so a failed or
 * cut-off restore leaves the database empty and may simply be run again. The remaining migrations
 * run after, and the audit chain is verified last.
 */
export async function restore(
  database: Database,
  tables: Record<string, unknown>,
  files: FileStore,
  file: string,
  progress: Progress,
  options: RestoreOptions = {},
): Promise<RestoreReport> {
  const folder = options.migrationsFolder ?? migrationsFolder;
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', bi(`备份文件 ${file} 不存在`, `The backup file ${file} does not exist`));
  const lines = readLines(file);
  try {
    let first: IteratorResult<string>;
    try {
      first = await lines.next();
    } catch {
      throw notABackup(file);
    }
    const header = parseHeader(file, first.done ? undefined : first.value);
    progress(`备份时间 / taken at ${header.createdAt}`);
    const totals = await readEnd(file);
    if (!totals) throw incomplete(file);
    const totalRows = Object.values(totals.rows).reduce((a, b) => a + b, 0);
    progress(`共 / in all ${totalRows} 行 / rows, ${totals.files} 个附件 / files`);
    await assertEmpty(database.db, tables);
    let t0 = performance.now();
    await migrateToBackup(database, header.migrations, folder);
    const seconds = { migrate: since(t0), rows: 0, verify: 0 };
    t0 = performance.now();
    const restored = await database.db.transaction(async (tx) => {
      const loader = new TableLoader(tx, progress, totals.rows, options.progressEveryMs ?? RESTORE_PROGRESS_MS);
      let end: BackupEnd | null = null;
      let fileCount = 0;
      let fileBytes = 0;
      const checkpoints: AuditCheckpoint[] = [];
      for await (const line of lines) {
        if (!line) continue;
        if (end) throw notABackup(file);
        const match = ROW_LINE.exec(line);
        if (match) {
          await loader.add(JSON.parse(match[1]!) as string, line.slice(match[0].length, -1));
          continue;
        }
        await loader.finishTable();
        const entry = JSON.parse(line) as { file?: string; data?: string; end?: BackupEnd; checkpoint?: AuditCheckpoint };
        if (typeof entry.file === 'string' && typeof entry.data === 'string') {
          const bytes = Buffer.from(entry.data, 'base64');
          const [meta] = await tx
            .select({ mimeType: fileRows.mimeType })
            .from(fileRows)
            .where(eq(fileRows.storageKey, entry.file))
            .limit(1);
          await files.put(entry.file, bytes, meta?.mimeType ?? 'application/octet-stream');
          fileCount++;
          fileBytes += bytes.length;
        } else if (entry.checkpoint) {
          checkpoints.push(entry.checkpoint);
        } else if (entry.end) {
          end = entry.end;
        } else {
          throw notABackup(file);
        }
      }
      await loader.finishTable();
      const counts = loader.counts;
      progress(`  ${'附件 / attachments'.padEnd(26)} ${String(fileCount).padStart(9)} 个 / files (${formatBytes(fileBytes)})`);
      const expected = end;
      if (!expected) throw incomplete(file);
      const keys = new Set([...Object.keys(expected.rows), ...Object.keys(counts)]);
      const mismatch = [...keys].filter((k) => (expected.rows[k] ?? 0) !== (counts[k] ?? 0));
      if (mismatch.length > 0 || expected.files !== fileCount || (expected.checkpoints ?? 0) !== checkpoints.length) {
        throw new AppError(
          'VALIDATION',
          bi(
            `备份文件 ${file} 与其记录的行数或附件数不符（${mismatch.join('、') || '附件'}），未恢复任何数据`,
            `The backup file ${file} does not match its own counts (${mismatch.join(', ') || 'attachments'}); nothing was restored`,
          ),
        );
      }
      await resetSequences(tx, Object.keys(counts));
      return { rows: expected.rows, files: fileCount, fileBytes, checkpoints };
    });
    seconds.rows = since(t0);
    t0 = performance.now();
    await runMigrations(database, folder);
    seconds.migrate += since(t0);
    t0 = performance.now();
    progress(`正在校验审计链 / verifying the audit chain (${restored.rows.audit_log ?? 0} 行 / rows)`);
    let audit: ChainReport;
    if (options.checkpoints) {
      const { file: checkpointFile, key } = options.checkpoints;
      const present = new Set(readCheckpoints(checkpointFile).map((l) => l.checkpoint?.sig));
      appendCheckpoints(
        checkpointFile,
        restored.checkpoints.filter((c) => !present.has(c.sig)),
      );
      audit = await verifyAnchoredChain(database.db, readCheckpoints(checkpointFile), key);
    } else {
      audit = await verifyAuditChain(database.db);
    }
    seconds.verify = since(t0);
    return { rows: restored.rows, files: restored.files, fileBytes: restored.fileBytes, createdAt: header.createdAt, audit, seconds };
  } finally {
    await lines.return(undefined);
  }
}
