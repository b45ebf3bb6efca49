import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError, bi, mediaTypeName, withoutInvisible } from '@citysafe/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ArchiveLimits, inspectArchive, isZip } from './archive.js';
import { detectType, safeFileName } from './files.js';

/** One uploaded file: its cleaned name, its bytes, and its type as recognised from the content. */
export interface Upload {
  name: string;
  bytes: Buffer;
  mimeType: string;
}

const fileError = (zh: string, en: string) => new AppError('VALIDATION', undefined, { fields: [{ field: 'file', message: bi(zh, en) }] });

/**
 * The multipart parser's own errors (a body cut short, a broken part header) carry no HTTP status;
 * they are the client's fault, so 400 rather than 500. Its limits (413 for a file over the
 * configured size) keep their status.
 */
function malformed(err: unknown): never {
  if (err instanceof Error && !('statusCode' in err)) {
    throw fileError('上传内容不完整或格式有误', 'The upload is incomplete or malformed');
  }
  throw err;
}

/**
 * Reads the one file of a `multipart/form-data` upload (field `file`): 415 when the request is not
 * multipart, 400 when malformed, missing or empty, 413 over the size limit (set where the multipart
 * plugin is registered), 415 when its content is not a type the platform stores or not one of
 * `accept`. The type comes from the bytes, never from the name or the header the client sent;
 * `maxBytes` (the configured limit the multipart plugin enforces) is named when a type is refused.
 * A zip archive (xlsx, docx) is checked against `archive` (entries, declared size, ratio) before
 * anything inflates it, type detection included: 413 naming the limit.
 */
export async function readUpload(
  request: FastifyRequest,
  { maxBytes, accept, archive }: { maxBytes: number; accept?: readonly string[]; archive: ArchiveLimits },
): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      bi('请以 multipart/form-data 上传，字段名 file', 'Upload as multipart/form-data with field `file`'),
    );
  }
  const part = await request.file().catch(malformed);
  if (!part || part.fieldname !== 'file') throw fileError('缺少文件（字段名 file）', 'File missing (field `file`)');
  const bytes = await part.toBuffer().catch(malformed);
  if (bytes.length === 0) throw fileError('文件为空', 'The file is empty');
  const name = safeFileName(part.filename);
  if (isZip(bytes)) inspectArchive(bytes, archive);
  const mimeType = await detectType(name, bytes, maxBytes);
  if (accept && !accept.includes(mimeType.split(';')[0]!)) {
    const wanted = accept.map(mediaTypeName).join(', ');
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', bi(`请上传 ${wanted} 格式的文件`, `Upload a file of type ${wanted}`));
  }
  return { name, bytes, mimeType };
}

/** RFC 5987 `ext-value` characters: unreserved ones stay, everything else is percent-encoded UTF-8. */
const encodeExtValue = (value: string): string =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `Content-Disposition` for a download (RFC 6266): the real name, Chinese included, as
 * `filename*=UTF-8''…` (RFC 5987), which every current browser reads, and before it an ASCII
 * `filename="…"` for clients that do not: the name's ASCII letters and digits with its extension,
 * or `download` with the extension when nothing of the name is ASCII. The header stays plain
 * ASCII, so no name can break out of it, and without bidirectional or zero-width characters, so
 * none can disguise the extension.
 */
export function contentDisposition(stored: string): string {
  // Names stored before uploads were cleaned (`safeFileName`) may still hold bidirectional or
  // zero-width characters, which would disguise the extension as the browser shows the name.
  const name = withoutInvisible(stored);
  const extension = path.extname(name);
  const asciiExtension = /^\.[A-Za-z0-9]{1,10}$/.test(extension) ? extension : '';
  const stem = (asciiExtension ? name.slice(0, -extension.length) : name)
    .replace(/[^A-Za-z0-9._()+ -]+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/_{2,}/g, '_')
    .replace(/^[\s._-]+|[\s._-]+$/g, '');
  return `attachment; filename="${stem || 'download'}${asciiExtension}"; filename*=UTF-8''${encodeExtValue(name)}`;
}

/** A file to send: bytes made on the fly, or a stream of stored bytes with its length. */
export interface Download {
  name: string;
  type: string;
  body: Buffer | Readable;
  /** Bytes in `body`; known from a buffer, needed for a stream so clients can show progress. */
  sizeBytes?: number;
}

/**
 * Sends a file as an attachment: its type, length, the name (Chinese included, see
 * `contentDisposition`), and `nosniff` so a browser never runs an upload as a page.
 */
export function sendDownload(reply: FastifyReply, file: Download): FastifyReply {
  const size = Buffer.isBuffer(file.body) ? file.body.length : file.sizeBytes;
  reply
    .header('content-type', file.type)
    .header('content-disposition', contentDisposition(file.name))
    .header('x-content-type-options', 'nosniff');
  if (size !== undefined) reply.header('content-length', String(size));
  return reply.send(file.body);
}
