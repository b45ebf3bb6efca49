import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { desc, inArray, sql } from 'drizzle-orm';
import { type ChainReport, canonicalJson, verifyAuditChain } from './audit.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { type Db, rows } from './db.js';
import { auditLog } from './platform.tables.js';

/*
 * The hash chain proves that no row was changed in place, but whoever may disable the table's
 * triggers can delete the newest rows, or rewrite rows and compute the chain again, and the chain
 * still verifies. So the head of the chain (its last row and that row's hash) is written down
 * outside the database, signed with a key the database never sees: a line in
 * `<data>/audit-checkpoints.jsonl`, at least once a minute while rows are added and at every clean
 * shutdown. Verifying then also asks: is every row a checkpoint names still there, with the same
 * hash? A row that is gone means the log was cut short; a different hash means it was re-chained.
 */

/** One line of the checkpoint file: the chain's head at `at`, and the HMAC-SHA-256 of the rest. */
export interface AuditCheckpoint {
  /** The id of the newest audit row. */
  id: string;
  /** That row's hash: it covers every row before it. */
  hash: string;
  at: string;
  sig: string;
}

export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';
export const CHECKPOINT_KEY_FILE = 'audit-checkpoint.key';

export const checkpointFileOf = (config: Pick<Config, 'dataDir'>): string => path.join(config.dataDir, CHECKPOINT_FILE);

/**
 * The signing key: `CITYSAFE_AUDIT_KEY` (PostgreSQL deployments keep it with the other secrets of
 * the application servers), else a key file in the data folder, made on first use and readable by
 * the owner only. Never in the database: a database role that could read it could sign a forged head.
 */
export function checkpointKey(config: Pick<Config, 'dataDir' | 'auditKey'>): Buffer {
  if (config.auditKey) return Buffer.from(config.auditKey, 'utf8');
  const file = path.join(config.dataDir, CHECKPOINT_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process made it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'utf8');
}

const signature = (key: Buffer, c: Omit<AuditCheckpoint, 'sig'>): string =>
  createHmac('sha256', key)
    .update(canonicalJson({ id: c.id, hash: c.hash, at: c.at }))
    .digest('hex');

function signedBy(key: Buffer, c: AuditCheckpoint): boolean {
  const expected = Buffer.from(signature(key, c), 'hex');
  const given = Buffer.from(typeof c.sig === 'string' ? c.sig : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A checkpoint line as read: `null` when the line is not a checkpoint at all (damaged). */
export type CheckpointLine = { line: number; checkpoint: AuditCheckpoint | null };

/** The checkpoints of a file, oldest first; none when there is no file yet. */
export function readCheckpoints(file: string): CheckpointLine[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ text }) => text.trim() !== '')
    .map(({ text, line }) => {
      try {
        const c = JSON.parse(text) as AuditCheckpoint;
        const valid = typeof c.id === 'string' && typeof c.hash === 'string' && typeof c.at === 'string';
        return { line, checkpoint: valid ? c : null };
      } catch {
        return { line, checkpoint: null };
      }
    });
}

/** Appends checkpoints to the file, each line whole and on disk before the call returns. */
export function appendCheckpoints(file: string, checkpoints: AuditCheckpoint[]): void {
  if (checkpoints.length === 0) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, checkpoints.map((c) => `${JSON.stringify(c)}\n`).join(''));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes the chain's head to the checkpoint file now and then, and once more on shutdown. */
export class AuditCheckpoints {
  private timer: NodeJS.Timeout | null = null;
  private last: { id: string; hash: string } | null;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    readonly file: string,
    private readonly key: Buffer,
    private readonly clock: Clock,
  ) {
    const newest = readCheckpoints(file).at(-1)?.checkpoint;
    this.last = newest ? { id: newest.id, hash: newest.hash } : null;
  }

  static forConfig(db: Db, config: Pick<Config, 'dataDir' | 'auditKey'>, clock: Clock): AuditCheckpoints {
    return new AuditCheckpoints(db, checkpointFileOf(config), checkpointKey(config), clock);
  }

  /**
   * Signs and appends the current head, unless it is the one last written (nothing was added):
   * an idle platform adds no lines. Returns what it wrote, or null.
   */
  write(): Promise<AuditCheckpoint | null> {
    // One at a time: the timer and a shutdown may meet.
    const next = this.writing.then(() => this.writeNow());
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async writeNow(): Promise<AuditCheckpoint | null> {
    const [head] = await this.db.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    if (!head) return null;
    const id = String(head.id);
    if (this.last?.id === id && this.last.hash === head.hash) return null;
    const unsigned = { id, hash: head.hash, at: this.clock.now().toISOString() };
    const checkpoint: AuditCheckpoint = { ...unsigned, sig: signature(this.key, unsigned) };
    appendCheckpoints(this.file, [checkpoint]);
    this.last = { id, hash: head.hash };
    return checkpoint;
  }

  /** Checks every `intervalMs` (the bound: at least once a minute while rows are added). */
  start(intervalMs: number, onError: (err: unknown) => void): void {
    this.timer = setInterval(() => void this.write().catch(onError), intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes the head one last time (a clean shutdown). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.write();
  }
}

/** What the checkpoints say about the rows: how many were checked, the newest, and the first problem. */
export interface CheckpointReport {
  count: number;
  latest: { id: string; at: string } | null;
}

export type AnchoredChainReport = ChainReport & { checkpoints: CheckpointReport };

const LOOKUP_BATCH = 1000;

/**
 * Verifies the chain (every row against the one before) and then the rows against the signed
 * checkpoints: a bad signature is a forged checkpoint, a named row that is gone means rows were
 * removed (the log was cut short), a named row whose hash changed means the log was re-chained.
 */
export async function verifyAnchoredChain(db: Db, checkpointLines: CheckpointLine[], key: Buffer): Promise<AnchoredChainReport> {
  const chain = await verifyAuditChain(db);
  const valid = checkpointLines.flatMap((l) => (l.checkpoint ? [l.checkpoint] : []));
  const newest = valid.at(-1);
  const checkpoints: CheckpointReport = { count: valid.length, latest: newest ? { id: newest.id, at: newest.at } : null };
  const fail = (firstBrokenId: string | null, reason: string): AnchoredChainReport => ({
    ok: false,
    rows: chain.rows,
    firstBrokenId,
    reason,
    checkpoints,
  });
  for (const { line, checkpoint } of checkpointLines) {
    if (!checkpoint || !signedBy(key, checkpoint)) {
      return fail(checkpoint?.id ?? null, `checkpoint on line ${line} has a bad signature (forged, damaged, or signed with another key)`);
    }
  }
  if (!chain.ok) return { ...chain, checkpoints };
  const ids = [...new Set(valid.map((c) => c.id))];
  const hashes = new Map<string, string>();
  for (let i = 0; i < ids.length; i += LOOKUP_BATCH) {
    const found = await db
      .select({ id: auditLog.id, hash: auditLog.hash })
      .from(auditLog)
      .where(inArray(auditLog.id, ids.slice(i, i + LOOKUP_BATCH).map(Number)));
    for (const r of found) hashes.set(String(r.id), r.hash);
  }
  const [head] = await rows<{ id: string | null }>(db, sql`select max(id)::text as id from audit_log`);
  for (const c of valid) {
    const now = hashes.get(c.id);
    if (now === undefined) {
      return fail(
        c.id,
        `truncated: the checkpoint of ${c.at} names row ${c.id}, which is gone (the log now ends at row ${head?.id ?? 'none'})`,
      );
    }
    if (now !== c.hash) return fail(c.id, `re-chained: row ${c.id} no longer has the hash the checkpoint of ${c.at} recorded`);
  }
  return { ...chain, checkpoints };
}

/** The chain checked against this installation's checkpoint file and key (CLI `audit verify`, `GET /api/audit/verify`). */
export const verifyAudit = (db: Db, config: Pick<Config, 'dataDir' | 'auditKey'>): Promise<AnchoredChainReport> =>
  verifyAnchoredChain(db, readCheckpoints(checkpointFileOf(config)), checkpointKey(config));
