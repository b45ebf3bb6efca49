import { Worker } from 'node:worker_threads';
import { AppError, type Bilingual, bi, type ErrorCode, type FieldError } from '@citysafe/domain';
import { type ArchiveLimits, inspectArchive } from './archive.js';
import type { Sheet, SheetRequest } from './sheet.read.js';
import type { SheetJob } from './sheet.worker.js';

export type { CellValue, Sheet, SheetRow } from './sheet.read.js';

/** Where imports are parsed (`CITYSAFE_IMPORT_*`, see README): limits of the archive, the worker's memory and time, how many at once. */
export interface ImportLimits {
  archive: ArchiveLimits;
  /** V8 old-generation heap of one import worker. */
  workerMemoryMb: number;
  timeoutMs: number;
  /** Import workers running at once in this process; further imports wait their turn. */
  concurrency: number;
}

let running = 0;
const waiting: (() => void)[] = [];

async function slot(concurrency: number): Promise<() => void> {
  if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

const cannotRead = () =>
  new AppError('VALIDATION', undefined, {
    fields: [{ field: 'file', message: bi('无法读取该 xlsx 文件', 'The xlsx file cannot be read') }],
  });

type WorkerAnswer =
  { sheet: Sheet } | { error: { code: ErrorCode; message: Bilingual; fields?: FieldError[]; details?: Record<string, unknown> } | null };

/**
 * Reads one sheet of an uploaded xlsx for an import. The archive's central directory is checked
 * here first (a zip bomb is refused with 413 before any worker starts); the sheet is then read
 * streaming in a worker thread with a memory limit and a time limit, so a file that still
 * manages to be costly kills the worker, not the server: 413 naming the limit it hit.
 */
export async function readSheet(bytes: Buffer, request: SheetRequest, limits: ImportLimits): Promise<Sheet> {
  inspectArchive(bytes, limits.archive);
  const release = await slot(limits.concurrency);
  try {
    const job: SheetJob = { bytes, request, limits: limits.archive };
    const worker = new Worker(new URL('./sheet.worker.mjs', import.meta.url), {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: limits.workerMemoryMb, maxYoungGenerationSizeMb: 16 },
    });
    const answer = await new Promise<WorkerAnswer | 'timeout' | 'memory' | 'died'>((resolve) => {
      const timer = setTimeout(() => {
        resolve('timeout');
        void worker.terminate();
      }, limits.timeoutMs);
      worker.once('message', (m: WorkerAnswer) => resolve(m));
      worker.once('error', (err: Error & { code?: string }) => resolve(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'died'));
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve('died');
      });
    });
    void worker.terminate();
    if (answer === 'memory') {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        bi(
          `读取该文件所需内存超过上限 ${limits.workerMemoryMb} MB`,
          `Reading this file needs more than the limit of ${limits.workerMemoryMb} MB of memory`,
        ),
        { details: { workerMemoryMb: limits.workerMemoryMb } },
      );
    }
    if (answer === 'timeout') {
      const seconds = limits.timeoutMs / 1000;
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        bi(`读取该文件超过时间上限 ${seconds} 秒`, `Reading this file exceeds the time limit of ${seconds} s`),
        { details: { timeoutMs: limits.timeoutMs } },
      );
    }
    if (answer === 'died' || (!('sheet' in answer) && answer.error === null)) throw cannotRead();
    if ('sheet' in answer) return answer.sheet;
    throw new AppError(answer.error!.code, answer.error!.message, { fields: answer.error!.fields, details: answer.error!.details });
  } finally {
    release();
  }
}
