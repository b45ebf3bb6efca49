import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FileStore } from './files.js';

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();
const hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
/** RFC 3986 encoding as AWS Signature V4 wants it (each path segment, and query values). */
const encode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Attachments in an S3-compatible object store (MinIO, Ceph RGW, a cloud bucket), path-style
 * addressing, signed with AWS Signature Version 4. Only the three calls the platform needs.
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;
  constructor(private readonly s3: S3Settings) {}

  private async request(
    method: string,
    key: string,
    query: Record<string, string>,
    body?: Buffer,
    contentType?: string,
  ): Promise<Response> {
    const url = new URL(this.s3.endpoint);
    const basePath = url.pathname.replace(/\/$/, '');
    const canonicalPath = `${basePath}/${encode(this.s3.bucket)}${key ? `/${key.split('/').map(encode).join('/')}` : ''}`;
    const canonicalQuery = Object.keys(query)
      .sort()
      .map((k) => `${encode(k)}=${encode(query[k]!)}`)
      .join('&');
    const now = new Date();
    const amzDate = now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    const payloadHash = hex(body ?? '');
    const headers: Record<string, string> = {
      host: url.host,
      'x-amz-content-sha256': payloadHash,
      'x-amz-date': amzDate,
      ...(contentType ? { 'content-type': contentType } : {}),
    };
    const signedHeaders = Object.keys(headers).sort();
    const canonicalRequest = [
      method,
      canonicalPath,
      canonicalQuery,
      ...signedHeaders.map((h) => `${h}:${headers[h]}`),
      '',
      signedHeaders.join(';'),
      payloadHash,
    ].join('\n');
    const scope = `${day}/${this.s3.region}/s3/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, hex(canonicalRequest)].join('\n');
    const signingKey = hmac(hmac(hmac(hmac(`AWS4${this.s3.secretAccessKey}`, day), this.s3.region), 's3'), 'aws4_request');
    const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
    const authorization = `AWS4-HMAC-SHA256 Credential=${this.s3.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
    const { host: _host, ...sent } = headers;
    return fetch(`${url.origin}${canonicalPath}${canonicalQuery ? `?${canonicalQuery}` : ''}`, {
      method,
      headers: { ...sent, authorization },
      ...(body ? { body: new Uint8Array(body) } : {}),
      signal: AbortSignal.timeout(60_000),
    });
  }

  private static async check(res: Response, what: string): Promise<Response> {
    if (!res.ok) throw new Error(`S3 ${what} failed: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
    return res;
  }

  async put(key: string, bytes: Buffer, mimeType: string): Promise<void> {
    await S3FileStore.check(await this.request('PUT', key, {}, bytes, mimeType), `PUT ${key}`);
  }

  async get(key: string): Promise<Readable> {
    const res = await S3FileStore.check(await this.request('GET', key, {}), `GET ${key}`);
    return Readable.fromWeb(res.body as import('node:stream/web').ReadableStream);
  }

  async *list(): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const res = await S3FileStore.check(
        await this.request('GET', '', { 'list-type': '2', ...(token ? { 'continuation-token': token } : {}) }),
        'list',
      );
      const xml = await res.text();
      for (const m of xml.matchAll(/<Key>([^<]+)<\/Key>/g)) yield m[1]!.replace(/&amp;/g, '&');
      token = /<NextContinuationToken>([^<]+)<\/NextContinuationToken>/.exec(xml)?.[1];
    } while (token);
  }
}
