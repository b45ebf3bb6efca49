import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '@citysafe/domain/errors';
import type { ArchiveLimits } from './archive.js';
import { readSheetFromArchive, type SheetRequest } from './sheet.read.js';

/** What `sheet.ts` hands the worker: the file and what to read from it. */
export interface SheetJob {
  bytes: Uint8Array;
  request: SheetRequest;
  limits: ArchiveLimits;
}

const job = workerData as SheetJob;
try {
  const sheet = await readSheetFromArchive(
    Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength),
    job.request,
    job.limits,
  );
  parentPort!.postMessage({ sheet });
} catch (err) {
  // An AppError crosses the thread as its parts; anything else is an unreadable file, said by the caller.
  parentPort!.postMessage(
    err instanceof AppError
      ? { error: { code: err.code, message: err.bilingual, fields: err.fields, details: err.details } }
      : { error: null },
  );
}
