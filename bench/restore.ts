/**
 * Restore benchmark (`npm run bench:restore`): a backup holding BENCH_RESTORE_ROWS audit rows
 * (default 100 000; the issue's figure is 1 000 000), correctly hash-chained, restored into a new
 * embedded database in a temporary folder, as `citysafe restore` does — and into a new PostgreSQL
 * database too when DATABASE_URL is set. Beside each restore, in the same run and on the same
 * engine, the baseline: the same rows written into a freshly migrated database by plain batched
 * inserts in one transaction (no file, no checks), the fastest a restore could go.
 * Prints one JSON object on stdout; progress goes to stderr. Never run by the tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { allTables } from '../packages/server/src/modules.js';
import { GENESIS_HASH, rowHash } from '../packages/server/src/platform/audit.js';
import { backup, restore } from '../packages/server/src/platform/backup.js';
import { type Database, migrate, openDatabase, rows } from '../packages/server/src/platform/db.js';
import { LocalFileStore } from '../packages/server/src/platform/files.js';

const ROWS = Number(process.env.BENCH_RESTORE_ROWS ?? 100_000);
const BATCH = 2000;
const DATABASE_URL = process.env.DATABASE_URL || undefined;

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The audit rows of a busy installation: chained as `audit()` writes them. */
function* auditRows(n: number): Generator<string> {
  let prevHash = GENESIS_HASH;
  const start = Date.UTC(2021, 0, 1);
  for (let i = 1; i <= n; i++) {
    const content = {
      at: new Date(start + i * 1000).toISOString(),
      actorId: null,
      actorName: '系统',
      ip: '10.0.0.1',
      action: 'campaignAssignment.report',
      entityType: 'campaignAssignment',
      entityId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      before: { status: 'pending', progress: i % 100 },
      after: { status: 'reported', progress: (i % 100) + 1, note: '已完成整改，消防通道畅通' },
    };
    const hash = rowHash(prevHash, content);
    yield JSON.stringify({
      id: i,
      at: content.at,
      actor_id: null,
      actor_name: content.actorName,
      ip: content.ip,
      action: content.action,
      entity_type: content.entityType,
      entity_id: content.entityId,
      before: content.before,
      after: content.after,
      prev_hash: prevHash,
      hash,
    });
    prevHash = hash;
  }
}

/** Plain batched inserts of the rows in one transaction: the baseline. */
async function insertAll(database: Database, rowTexts: readonly string[]): Promise<void> {
  await database.db.transaction(async (tx) => {
    let batch: string[] = [];
    const flush = async () => {
      await tx.execute(
        sql`insert into audit_log overriding system value
            select * from jsonb_populate_recordset(null::audit_log, ${`[${batch.join(',')}]`}::jsonb)`,
      );
      batch = [];
    };
    for (const row of rowTexts) {
      batch.push(row);
      if (batch.length === BATCH) await flush();
    }
    if (batch.length > 0) await flush();
  });
}

/** A new, empty database of the engine under test, and how to get rid of it. */
async function emptyDatabase(engine: 'pglite' | 'postgres', work: string, name: string) {
  if (engine === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(work, name) });
    return { database, drop: () => database.close() };
  }
  const dbName = `citysafe_bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const url = new URL(DATABASE_URL!);
  url.pathname = `/${dbName}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    database,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.end();
    },
  };
}

async function measure(engine: 'pglite' | 'postgres', work: string, backupFile: string, rowTexts: readonly string[]) {
  log(`${engine}: baseline (batched inserts of ${ROWS} rows)`);
  const base = await emptyDatabase(engine, work, 'baseline');
  let baselineS: number;
  try {
    await migrate(base.database);
    const t0 = performance.now();
    await insertAll(base.database, rowTexts);
    baselineS = (performance.now() - t0) / 1000;
  } finally {
    await base.drop();
  }

  log(`${engine}: restore`);
  const target = await emptyDatabase(engine, work, 'restored');
  try {
    const t0 = performance.now();
    const report = await restore(target.database, allTables, new LocalFileStore(path.join(work, `${engine}-files`)), backupFile, log);
    const totalS = (performance.now() - t0) / 1000;
    if (!report.audit.ok || report.rows.audit_log !== ROWS) throw new Error(`restore on ${engine} is wrong: ${JSON.stringify(report)}`);
    const rowsS = report.seconds.rows;
    return {
      rows: ROWS,
      restore: {
        totalS: round(totalS),
        migrateS: round(report.seconds.migrate),
        rowsS: round(rowsS),
        verifyS: round(report.seconds.verify),
        rowsPerS: Math.round(ROWS / rowsS),
      },
      baseline: { rowsS: round(baselineS), rowsPerS: Math.round(ROWS / baselineS) },
      // How much slower the restore writes rows than plain batched inserts (1.0 = as fast).
      ratioToBaseline: round(rowsS / baselineS, 2),
    };
  } finally {
    await target.drop();
  }
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-bench-restore-'));
  try {
    log(`source: ${ROWS} chained audit rows`);
    // Made once, before any timing: the baseline times the database, not the hashing.
    const rowTexts = [...auditRows(ROWS)];
    const source = await openDatabase({ kind: 'pglite', dataDir: null });
    const backupFile = path.join(work, 'bench.backup');
    try {
      await migrate(source);
      await insertAll(source, rowTexts);
      const [count] = await rows<{ n: number }>(source.db, sql`select count(*)::int as n from audit_log`);
      if (count!.n !== ROWS) throw new Error('source rows missing');
      await backup(source, allTables, new LocalFileStore(path.join(work, 'source-files')), backupFile, () => undefined);
    } finally {
      await source.close();
    }
    const results: Record<string, unknown> = {
      backupBytes: fs.statSync(backupFile).size,
      pglite: await measure('pglite', work, backupFile, rowTexts),
    };
    if (DATABASE_URL) results.postgres = await measure('postgres', work, backupFile, rowTexts);
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
