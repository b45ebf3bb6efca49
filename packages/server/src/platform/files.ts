import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AppError, type Bilingual, bi, mediaType, withoutInvisible } from '@citysafe/domain';
import { fileTypeFromBuffer } from 'file-type';

/** Where attachment bytes live. Keys are made by the platform, never taken from a request. */
export interface FileStore {
  kind: 'local' | 's3';
  put(key: string, bytes: Buffer, mimeType: string): Promise<void>;
  get(key: string): Promise<Readable>;
  /** Every key, for backups. */
  list(): AsyncIterable<string>;
}

/** Files under `<data dir>/files/ab/cd/<uuid>`: spread over folders so none grows huge. */
export class LocalFileStore implements FileStore {
  readonly kind = 'local' as const;
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`bad storage key ${key}`);
    return path.join(this.root, key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // Write then rename, so a crash never leaves a half-written attachment under its key.
    const tmp = `${target}.part`;
    await fs.promises.writeFile(tmp, bytes, { mode: 0o600 });
    await fs.promises.rename(tmp, target);
  }

  async get(key: string): Promise<Readable> {
    // Open first, so that missing bytes fail here, before a download has sent its headers.
    const handle = await fs.promises.open(this.pathOf(key), 'r');
    return handle.createReadStream();
  }

  async *list(): AsyncIterable<string> {
    if (!fs.existsSync(this.root)) return;
    for (const a of await fs.promises.readdir(this.root)) {
      for (const b of await fs.promises.readdir(path.join(this.root, a))) {
        for (const name of await fs.promises.readdir(path.join(this.root, a, b))) {
          if (!name.endsWith('.part')) yield `${a}/${b}/${name}`;
        }
      }
    }
  }
}

/** A fresh storage key for a new attachment. */
export function newStorageKey(): string {
  const id = randomUUID();
  return `${id.slice(0, 2)}/${id.slice(2, 4)}/${id}`;
}

/**
 * The attachment types offices exchange, by kind as people name them, recognised by their content
 * (magic bytes), not by the name or the header the client sends. Each type maps to the extensions
 * its name may carry; plain text has no magic bytes and is known by its extension.
 */
const acceptedKinds: { name: Bilingual; types?: Record<string, string[]>; text?: Record<string, string> }[] = [
  { name: bi('PDF', 'PDF'), types: { [mediaType.pdf]: ['pdf'] } },
  { name: bi('Word', 'Word'), types: { [mediaType.docx]: ['docx'], 'application/x-cfb': ['doc'] } },
  { name: bi('Excel', 'Excel'), types: { [mediaType.xlsx]: ['xlsx'], 'application/x-cfb': ['xls'] } },
  {
    name: bi('图片', 'images'),
    types: { 'image/jpeg': ['jpg', 'jpeg'], 'image/png': ['png'], 'image/gif': ['gif'], 'image/webp': ['webp'] },
  },
  { name: bi('文本（TXT、CSV）', 'text (TXT, CSV)'), text: { txt: 'text/plain', csv: 'text/csv' } },
  { name: bi('MP4 视频', 'MP4 video'), types: { 'video/mp4': ['mp4'] } },
  { name: bi('MP3 音频', 'MP3 audio'), types: { 'audio/mpeg': ['mp3'] } },
];

const allowedTypes: Record<string, string[]> = {};
for (const kind of acceptedKinds) {
  for (const [type, exts] of Object.entries(kind.types ?? {})) allowedTypes[type] = [...(allowedTypes[type] ?? []), ...exts];
}
const textExtensions: Record<string, string> = Object.assign({}, ...acceptedKinds.map((kind) => kind.text ?? {}));

/** What may be uploaded, in words, with the configured size limit: "只能上传 PDF、Word…，单个文件不超过 50 MB". */
export function uploadRules(maxBytes: number): Bilingual {
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  const zh = acceptedKinds.map((kind) => kind.name.zh);
  const en = acceptedKinds.map((kind) => kind.name.en);
  return bi(
    `只能上传 ${zh.join('、')}，单个文件不超过 ${mb} MB`,
    `Only ${en.slice(0, -1).join(', ')} or ${en.at(-1)} can be uploaded, at most ${mb} MB per file`,
  );
}

/**
 * Returns the content type of an upload, or refuses it with 415 and the reason; a refused type is
 * answered with what may be uploaded (`maxBytes`: the configured size limit), never a MIME type.
 */
export async function detectType(name: string, bytes: Buffer, maxBytes: number): Promise<string> {
  const ext = path.extname(name).slice(1).toLowerCase();
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) {
    const exts = allowedTypes[detected.mime];
    if (!exts) throw unsupported(ext, maxBytes);
    if (!exts.includes(ext)) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        bi(`文件内容（${detected.ext}）与扩展名 .${ext} 不符`, `File content (${detected.ext}) does not match the extension .${ext}`),
      );
    }
    return detected.mime === 'application/x-cfb' ? (ext === 'doc' ? 'application/msword' : 'application/vnd.ms-excel') : detected.mime;
  }
  // Plain text has no magic bytes: accept it when the name says text and the bytes decode as text.
  // Excel in China saves CSV in GB18030 (GBK), so that is accepted too, and labelled as such.
  const textType = textExtensions[ext];
  if (textType && !bytes.includes(0)) {
    if (decodes(bytes, 'utf-8')) return `${textType}; charset=utf-8`;
    if (decodes(bytes, 'gb18030')) return `${textType}; charset=gb18030`;
  }
  throw unsupported(ext, maxBytes);
}

const decodes = (bytes: Buffer, encoding: 'utf-8' | 'gb18030'): boolean => {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

const unsupported = (ext: string, maxBytes: number) => {
  const rules = uploadRules(maxBytes);
  const which = ext ? bi(`（.${ext}）`, ` (.${ext})`) : bi('', '');
  return new AppError(
    'UNSUPPORTED_MEDIA_TYPE',
    bi(`不能上传此类文件${which.zh}。${rules.zh}`, `This kind of file${which.en} cannot be uploaded. ${rules.en}`),
  );
};

/** The longest file name kept: what every common file system stores (255 bytes) and a list can show. */
export const MAX_FILE_NAME_CHARS = 100;
export const MAX_FILE_NAME_BYTES = 255;

/**
 * `name` cut to `MAX_FILE_NAME_CHARS` characters and `MAX_FILE_NAME_BYTES` bytes of UTF-8 by
 * shortening the part before the extension, so the extension (which decides how the file opens)
 * survives. Cut between characters, never inside one.
 */
function shortenFileName(name: string): string {
  const fits = (s: string) => [...s].length <= MAX_FILE_NAME_CHARS && Buffer.byteLength(s) <= MAX_FILE_NAME_BYTES;
  if (fits(name)) return name;
  const extension = path.extname(name);
  // A name whose "extension" is most of it (no dot but a final one) is cut as a whole.
  const kept = [...extension].length <= 16 ? extension : '';
  const stem = [...name.slice(0, name.length - kept.length)];
  while (stem.length > 0 && !fits(stem.join('') + kept)) stem.pop();
  return stem.join('').trimEnd() + kept;
}

/**
 * A file name safe to show and to send back in Content-Disposition: no folders; NFC; no control,
 * zero-width or bidirectional characters (`invoice\u202Egnp.txt` would display as "invoicetxt.png":
 * it becomes `invoicegnp.txt`, which shows its real extension); no characters Windows refuses;
 * at most 100 characters / 255 bytes with its extension kept. Names are cleaned rather than
 * refused: the file is what matters, and its sender cannot always rename it.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = withoutInvisible(base.normalize('NFC'))
    .replace(/[\u0000-\u001f\u007f-\u009f"<>|:*?]/g, '')
    .trim();
  return shortenFileName(cleaned) || 'file';
}

export const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
