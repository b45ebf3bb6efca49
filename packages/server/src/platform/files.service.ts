import { AppError, type api, bi } from '@citysafe/domain';
import { eq, sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { type Actor, inScope } from './actor.js';
import { audit } from './audit.js';
import { detectType, newStorageKey, safeFileName, sha256Hex } from './files.js';
import type { Tx } from './db.js';
import type { Platform } from './platform.js';
import { files } from './platform.tables.js';
import { sendDownload } from './transfer.js';

type FileRow = typeof files.$inferSelect;

export const presentFile = (f: FileRow): z.infer<typeof api.fileMeta> => ({
  id: f.id,
  name: f.name,
  mimeType: f.mimeType,
  sizeBytes: f.sizeBytes,
  sha256: f.sha256,
  orgId: f.orgId,
  uploadedBy: f.uploadedBy,
  createdAt: f.createdAt.toISOString(),
});

/**
 * Stores an attachment for the caller's org: type checked by content, bytes written before the
 * row, so a row never points at missing bytes. Modules link the returned id to their records.
 */
export async function storeFile(platform: Platform, actor: Actor, name: string, bytes: Buffer) {
  if (bytes.length === 0)
    throw new AppError('VALIDATION', undefined, { fields: [{ field: 'file', message: bi('文件为空', 'The file is empty') }] });
  const safeName = safeFileName(name);
  const mimeType = await detectType(safeName, bytes, platform.config.files.maxBytes);
  const key = newStorageKey();
  await platform.files.put(key, bytes, mimeType);
  return platform.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(files)
      .values({
        name: safeName,
        mimeType,
        sizeBytes: bytes.length,
        sha256: sha256Hex(bytes),
        storage: platform.files.kind,
        storageKey: key,
        orgId: actor.orgId!,
        uploadedBy: actor.userId,
      })
      .returning();
    await audit(tx, actor, { action: 'file.upload', entityType: 'file', entityId: row!.id, after: presentFile(row!) });
    return presentFile(row!);
  });
}

/**
 * An attachment the caller may read: its org must be in the caller's `file.read` reach. Takes the
 * caller's transaction, because a module checks evidence inside its own (and the embedded database
 * has one connection: a query outside the open transaction would wait for it forever).
 */
export async function findReadableFile(db: Tx, actor: Actor, id: string): Promise<FileRow> {
  // The org tree is what scope is made of (as in actor.ts): read by SQL, the platform imports no module's tables.
  const [row] = await db
    .select({ f: files, path: sql<string | null>`(select o.path from orgs o where o.id = ${files.orgId})` })
    .from(files)
    .where(eq(files.id, id));
  if (!row?.path || !inScope(actor, 'file.read', { id: row.f.orgId, path: row.path }))
    throw new AppError('NOT_FOUND', bi('附件不存在', 'No such attachment'));
  return row.f;
}

/**
 * Sends a stored attachment as a download. The caller has checked it may be read: as a file in its `file.read` reach
 * (`findReadableFile`), or as the attachment of a record the caller may read (a report's photo).
 */
export async function sendStoredFile(platform: Platform, reply: FastifyReply, file: FileRow): Promise<FastifyReply> {
  const body = await platform.files.get(file.storageKey);
  return sendDownload(reply, { name: file.name, type: file.mimeType, body, sizeBytes: file.sizeBytes });
}

/** Checks that a module's record may cite these attachments: each must be readable by the caller. */
export async function assertReadableFiles(tx: Tx, actor: Actor, fileIds: readonly string[], field = 'fileIds'): Promise<void> {
  for (const [i, fileId] of fileIds.entries()) {
    await findReadableFile(tx, actor, fileId).catch(() => {
      throw new AppError('VALIDATION', undefined, {
        fields: [{ field: `${field}.${i}`, message: bi('附件不存在或无权使用', 'Attachment not found or not yours to use') }],
      });
    });
  }
}
