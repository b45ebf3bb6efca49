import fs from 'node:fs/promises';
import path from 'node:path';
import { api } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { type Tx, now, rows } from './db.js';
import type { Platform } from './platform.js';
import { settings } from './platform.tables.js';

/** A job that failed longer ago than this has been dealt with or forgotten: the widget shows the recent ones. */
const FAILED_WINDOW_DAYS = 7;

/** The `settings` row where `citysafe backup` records the last backup it wrote. */
export const LAST_BACKUP_SETTING = 'lastBackup';

/** Records a finished backup, for the administrator's 工作台 (the age of the last backup). */
export async function recordBackup(db: Tx, file: string): Promise<void> {
  const value = { at: now(db).toISOString(), file: path.resolve(file) };
  await db
    .insert(settings)
    .values({ key: LAST_BACKUP_SETTING, value, updatedAt: now(db) })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now(db) } });
}

/**
 * How long a measured folder size is shown again: walking the data folder stats every attachment and
 * database file, which should not happen on every opening of an administrator's 工作台.
 */
const FOLDER_SIZE_TTL_MS = 60_000;
const measuredFolders = new Map<string, { bytes: number; at: number }>();

async function folderBytes(folder: string): Promise<number> {
  const known = measuredFolders.get(folder);
  if (known && performance.now() - known.at < FOLDER_SIZE_TTL_MS) return known.bytes;
  const bytes = await walkFolderBytes(folder);
  measuredFolders.set(folder, { bytes, at: performance.now() });
  return bytes;
}

/** Bytes under a folder; files that vanish while it is walked (PGlite's temporary files) count as nothing. */
async function walkFolderBytes(folder: string): Promise<number> {
  let total = 0;
  const entries = await fs.readdir(folder, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const stat = await fs.stat(path.join(entry.parentPath, entry.name)).catch(() => null);
    total += stat?.size ?? 0;
  }
  return total;
}

/** What the administrator's health widget shows: failing jobs and webhook deliveries, disk, last backup. */
export async function platformHealth(platform: Platform) {
  const { db, config } = platform;
  const checkedAt = now(db);
  const since = new Date(checkedAt.getTime() - FAILED_WINDOW_DAYS * 86_400_000);
  const byKind = await rows<{ kind: string; failed: number; retrying: number; last_error: string | null; last_at: Date | string | null }>(
    db,
    sql`select kind,
               count(*) filter (where status = 'failed')::int as failed,
               count(*) filter (where status <> 'failed')::int as retrying,
               (array_agg(last_error order by coalesce(finished_at, created_at) desc))[1] as last_error,
               max(coalesce(finished_at, created_at)) as last_at
          from jobs
         where (status = 'failed' and finished_at >= ${since.toISOString()})
            or (status in ('pending', 'running') and attempts > 0 and last_error is not null)
         group by kind
         order by kind`,
  );
  const kinds = byKind.map((k) => ({
    kind: k.kind,
    failed: k.failed,
    retrying: k.retrying,
    lastError: k.last_error,
    lastAt: k.last_at === null ? null : new Date(k.last_at).toISOString(),
  }));
  const webhook = kinds.find((k) => k.kind === api.WEBHOOK_DELIVERY_JOB);
  const [backup] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(sql`${settings.key} = ${LAST_BACKUP_SETTING}`);
  const statfs = await fs.statfs(config.dataDir).catch(() => null);
  return {
    checkedAt: checkedAt.toISOString(),
    jobs: { failed: sum(kinds, 'failed'), retrying: sum(kinds, 'retrying'), byKind: kinds },
    webhookDeliveries: { failed: webhook?.failed ?? 0, retrying: webhook?.retrying ?? 0 },
    disk: {
      usedBytes: await folderBytes(config.dataDir),
      freeBytes: statfs ? statfs.bavail * statfs.bsize : null,
      totalBytes: statfs ? statfs.blocks * statfs.bsize : null,
    },
    lastBackup: (backup?.value as { at: string; file: string } | undefined) ?? null,
  };
}

const sum = (kinds: { failed: number; retrying: number }[], field: 'failed' | 'retrying'): number =>
  kinds.reduce((total, k) => total + k[field], 0);
