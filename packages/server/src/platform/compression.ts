import zlib from 'node:zlib';

/** Responses smaller than this are sent as they are: compressing them saves less than it costs. */
export const COMPRESS_ABOVE_BYTES = 1024;

/**
 * JSON answers up to this size are compressed in one synchronous call (about 1 ms at 256 KiB, brotli quality 4);
 * larger ones, and streams, go through a zlib stream on libuv's threads. The plugin's default on a two-core host is
 * 8 KiB (64 KiB on one core, its highest), and a per-response zlib stream costs more than the compression itself at
 * these sizes: a 10 KB command log page took 1.5 ms longer compressed than plain through the stream, 0.1 ms in one
 * call (bench/emergency-command.ts). The event loop is held at most about a millisecond for it.
 */
export const COMPRESS_IN_ONE_CALL_UP_TO_BYTES = 256 * 1024;

/** Brotli at quality 4 compresses about as fast as gzip and smaller; its default (11) costs more than the bytes are worth. */
export const BROTLI_OPTIONS = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };

export type BodyEncoding = 'br' | 'gzip';

/** A serialized JSON answer and its compressed forms, each made once, on the first request that accepts it. */
export class PreparedJson {
  readonly bytes: Buffer;
  private readonly encoded = new Map<BodyEncoding, Buffer>();

  constructor(json: string) {
    this.bytes = Buffer.from(json, 'utf8');
  }

  as(encoding: BodyEncoding): Buffer {
    let body = this.encoded.get(encoding);
    if (!body) {
      body = encoding === 'br' ? zlib.brotliCompressSync(this.bytes, BROTLI_OPTIONS) : zlib.gzipSync(this.bytes);
      this.encoded.set(encoding, body);
    }
    return body;
  }

  /** What it holds once compressed both ways (about a fifth of the JSON for these answers). */
  get size(): number {
    return Math.ceil(this.bytes.length * 1.25);
  }
}

/**
 * The encoding to answer in, from `accept-encoding`: brotli, else gzip, else none; one the client gave `q=0` is refused
 * (RFC 9110 §12.5.3), `*` stands for any not named.
 */
export function acceptedEncoding(header: string | undefined): BodyEncoding | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    weights.set(name, q ? Number(q.slice(2)) : 1);
  }
  for (const encoding of ['br', 'gzip'] as const) {
    const weight = weights.get(encoding) ?? weights.get('*');
    if (weight !== undefined && weight > 0) return encoding;
  }
  return null;
}
