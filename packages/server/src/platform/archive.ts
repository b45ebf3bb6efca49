import { Readable } from 'node:stream';
import zlib from 'node:zlib';
// The import worker loads this: the error module alone, not the whole domain package, keeps its start short.
import { AppError } from '@citysafe/domain/errors';
import { bi } from '@citysafe/domain/i18n';

/**
 * Limits on a zip archive (xlsx, docx, zip) checked from its central directory before a byte of it
 * is inflated (`CITYSAFE_ARCHIVE_*`, see README). A "zip bomb" is a small file whose entries inflate
 * to gigabytes: its central directory declares the sizes, so it is refused by `inspectArchive` at
 * the price of reading a few kilobytes; an archive that lies about its sizes is stopped by
 * `entryChunks`, which never inflates more than an entry declared.
 */
export interface ArchiveLimits {
  /** Entries (files and folders) in one archive. */
  maxEntries: number;
  /** Sum of the entries' declared uncompressed sizes. */
  maxUncompressedBytes: number;
  /** Uncompressed / compressed size of one entry, checked for entries above `ratioFloorBytes`. */
  maxRatio: number;
}

/**
 * Small entries may compress at any ratio (a 2 KB run of spaces is fine): the ratio only says
 * something about an entry big enough to hurt.
 */
const ratioFloorBytes = 1024 * 1024;

export const defaultArchiveLimits: ArchiveLimits = {
  maxEntries: 2000,
  maxUncompressedBytes: 256 * 1024 * 1024,
  maxRatio: 200,
};

/** One file of an archive as its central directory declares it. */
export interface ArchiveEntry {
  name: string;
  /** 0 stored, 8 deflated; others are refused when the entry is read. */
  method: number;
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const MB = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

const unreadable = (why: string) =>
  new AppError('VALIDATION', undefined, {
    fields: [{ field: 'file', message: bi('无法读取该压缩文件（xlsx、docx、zip）', 'The archive (xlsx, docx, zip) cannot be read') }],
    details: { reason: why },
  });

const tooLarge = (zh: string, en: string, limit: Record<string, number>) =>
  new AppError('PAYLOAD_TOO_LARGE', bi(`压缩文件超出限制：${zh}`, `The archive exceeds a limit: ${en}`), { details: { limit } });

/** Whether the bytes start like a zip archive (xlsx and docx are zip archives). */
export const isZip = (bytes: Buffer): boolean => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** A 64-bit little-endian size, refused beyond what a JavaScript number counts exactly. */
function uint64(bytes: Buffer, at: number): number {
  const n = bytes.readBigUInt64LE(at);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw unreadable('64-bit size out of range');
  return Number(n);
}

/**
 * Reads the central directory (PKWARE APPNOTE 4.3.12–4.3.16, with ZIP64) and checks it against
 * the limits: 413 naming the limit when exceeded, 400 when the archive is malformed. The entry
 * count is checked before the directory is walked, so a directory claiming millions of entries
 * costs nothing.
 */
export function inspectArchive(bytes: Buffer, limits: ArchiveLimits): ArchiveEntry[] {
  // The end record sits in the last 22 bytes plus a comment of up to 64 KB.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw unreadable('no end of central directory');
  if (bytes.readUInt16LE(eocd + 4) !== 0 || bytes.readUInt16LE(eocd + 6) !== 0) throw unreadable('multi-disk archive');
  let count = bytes.readUInt16LE(eocd + 10);
  let size = bytes.readUInt32LE(eocd + 12);
  let offset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || bytes.readUInt32LE(locator) !== ZIP64_LOCATOR) throw unreadable('ZIP64 locator missing');
    const record = uint64(bytes, locator + 8);
    if (record + 56 > bytes.length || bytes.readUInt32LE(record) !== ZIP64_EOCD) throw unreadable('ZIP64 end record missing');
    count = uint64(bytes, record + 32);
    size = uint64(bytes, record + 40);
    offset = uint64(bytes, record + 48);
  }
  if (count > limits.maxEntries) {
    throw tooLarge(`${count} 个条目，上限 ${limits.maxEntries} 个`, `${count} entries, at most ${limits.maxEntries}`, {
      maxEntries: limits.maxEntries,
    });
  }
  if (offset + size > bytes.length) throw unreadable('central directory out of bounds');

  const entries: ArchiveEntry[] = [];
  let total = 0;
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > offset + size || bytes.readUInt32LE(at) !== CENTRAL) throw unreadable('bad central directory entry');
    const flags = bytes.readUInt16LE(at + 8);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > offset + size) throw unreadable('central directory entry out of bounds');
    const entry: ArchiveEntry = {
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      method: bytes.readUInt16LE(at + 10),
      encrypted: (flags & 1) === 1,
      compressedSize: bytes.readUInt32LE(at + 20),
      uncompressedSize: bytes.readUInt32LE(at + 24),
      localHeaderOffset: bytes.readUInt32LE(at + 42),
    };
    readZip64Extra(bytes, at + 46 + nameLength, extraLength, entry);
    if (entry.uncompressedSize > ratioFloorBytes && entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxRatio) {
      throw tooLarge(
        `条目 ${entry.name} 的压缩比超过 ${limits.maxRatio}:1`,
        `entry ${entry.name} is compressed more than ${limits.maxRatio}:1`,
        { maxRatio: limits.maxRatio },
      );
    }
    total += entry.uncompressedSize;
    if (total > limits.maxUncompressedBytes) {
      throw tooLarge(`解压后超过 ${MB(limits.maxUncompressedBytes)}`, `more than ${MB(limits.maxUncompressedBytes)} uncompressed`, {
        maxUncompressedBytes: limits.maxUncompressedBytes,
      });
    }
    entries.push(entry);
    at = end;
  }
  return entries;
}

/** ZIP64 extended information (APPNOTE 4.5.3): the 64-bit values of the fields saturated at 0xFFFFFFFF, in this order. */
function readZip64Extra(bytes: Buffer, start: number, length: number, entry: ArchiveEntry): void {
  for (let at = start; at + 4 <= start + length;) {
    const id = bytes.readUInt16LE(at);
    const size = bytes.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = () => {
        if (field + 8 > at + 4 + size) throw unreadable('short ZIP64 extra field');
        const value = uint64(bytes, field);
        field += 8;
        return value;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + size;
  }
}

/**
 * The inflated bytes of one entry, as a stream of chunks: never more than the entry declared (which
 * `inspectArchive` checked against the limits), so an archive that lies about its sizes is refused
 * after inflating at most what it claimed, not after filling the memory.
 */
export async function* entryChunks(bytes: Buffer, entry: ArchiveEntry): AsyncGenerator<Buffer> {
  if (entry.encrypted) throw unreadable(`encrypted entry ${entry.name}`);
  const local = entry.localHeaderOffset;
  if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL) throw unreadable(`bad local header of ${entry.name}`);
  const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
  if (start + entry.compressedSize > bytes.length) throw unreadable(`entry ${entry.name} out of bounds`);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) throw unreadable(`stored entry ${entry.name} with two sizes`);
    yield data;
    return;
  }
  if (entry.method !== 8) throw unreadable(`compression method ${entry.method} of ${entry.name}`);
  const inflater = zlib.createInflateRaw();
  // Fed in slices, so that a paused consumer also pauses inflating.
  const source = Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += 64 * 1024) yield data.subarray(at, at + 64 * 1024);
    })(),
  );
  source.pipe(inflater);
  let inflated = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > entry.uncompressedSize) {
        throw tooLarge(`条目 ${entry.name} 解压后大于其声明的大小`, `entry ${entry.name} inflates to more than its declared size`, {
          declaredBytes: entry.uncompressedSize,
        });
      }
      yield chunk;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unreadable(`inflating ${entry.name}: ${(err as Error).message}`);
  } finally {
    source.destroy();
    inflater.destroy();
  }
  if (inflated !== entry.uncompressedSize) throw unreadable(`entry ${entry.name} inflates to another size than declared`);
}
