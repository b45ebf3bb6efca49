import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { AppError, api, bi } from '@citysafe/domain';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { basemapPath, findBasemap } from '../../platform/pmtiles.js';
import { route } from '../../platform/route.js';

/** A byte range of the file, both ends included, as `Content-Range` writes it. */
export type ByteRange = { start: number; end: number };

/**
 * Reads a `Range` header against a file of `size` bytes (RFC 9110 §14): one range `bytes=a-b`,
 * `bytes=a-` or `bytes=-n` (the last n bytes), clipped to the file. 'unsatisfiable' when it starts
 * past the end; null when there is no range or one this server does not serve in parts
 * (several ranges, another unit, malformed), which the caller answers with the whole file.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/**
 * GET /api/map/basemap.pmtiles: the administrator's PMTiles base map, which MapLibre's pmtiles
 * protocol reads a directory and a tile at a time. Written straight to the socket: a range must
 * go out byte for byte, never through the compression the API's JSON answers get.
 */
export function basemapRoutes(app: FastifyInstance, platform: Platform): void {
  route(app, platform, api.getBasemap, async ({ request, reply }) => {
    const info = await findBasemap(platform.config);
    if (!info) {
      throw new AppError(
        'NOT_FOUND',
        bi(
          '未配置底图：请将 PMTiles 文件放在数据目录 basemap.pmtiles，或设置 CITYSAFE_BASEMAP_PMTILES',
          'No base map: put a PMTiles file at basemap.pmtiles in the data folder or set CITYSAFE_BASEMAP_PMTILES',
        ),
      );
    }
    const file = basemapPath(platform.config);
    const stat = await fs.stat(file);
    const size = stat.size;
    // Strong, from size and time: a replaced file gets a new ETag, so the pmtiles client rereads its header.
    const etag = `"${size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const lastModified = stat.mtime.toUTCString();
    const ifRange = request.headers['if-range'];
    // If-Range names the version the client already holds part of; another version gets the whole file.
    const rangeStands = ifRange === undefined || ifRange === etag || ifRange === lastModified;
    const range = rangeStands ? parseRange(request.headers.range, size) : null;

    reply.hijack();
    const res = reply.raw;
    // The security headers every answer carries, set on the reply before it was taken over.
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) res.setHeader(name, value);
    const headers = {
      'accept-ranges': 'bytes',
      etag,
      'last-modified': lastModified,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    };
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${size}`, 'content-length': '0' });
      res.end();
      return;
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    res.writeHead(range ? 206 : 200, {
      ...headers,
      'content-type': 'application/vnd.pmtiles',
      'content-length': String(end - start + 1),
      ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (size === 0) {
      res.end();
      return;
    }
    const stream = createReadStream(file, { start, end });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  });
}
