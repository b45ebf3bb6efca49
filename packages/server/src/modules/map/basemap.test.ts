import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { pmtilesArchive, solidPng } from '../../../test/pmtiles.js';
import { parseRange } from './basemap.routes.js';

let t: TestApp;
let admin: Client;
const URL = '/api/map/basemap.pmtiles';
const archive = pmtilesArchive({ tile: solidPng([40, 160, 90]), bounds: [108.9, 34.2, 109.3, 34.5], maxZoom: 0 });

beforeAll(async () => {
  t = await testApp();
  admin = await t.admin();
});
afterAll(() => t.close());

const get = (headers: Record<string, string> = {}) => admin.request('GET', URL, undefined, headers);

describe('the PMTiles base map', () => {
  it('without a file there is no base map: the client config says so and the archive is a 404', async () => {
    const config = await t.anonymous.get('/api/config');
    expect(config.body.map.basemap).toBeNull();
    expect((await get()).status).toBe(404);
  });

  it('a basemap.pmtiles in the data folder is announced from its header and served in ranges', async () => {
    fs.writeFileSync(path.join(t.dataDir, 'basemap.pmtiles'), archive);
    const config = await t.anonymous.get('/api/config');
    expect(config.body.map.basemap).toEqual({
      url: URL,
      kind: 'raster',
      tileType: 'png',
      minZoom: 0,
      maxZoom: 0,
      bounds: [108.9, 34.2, 109.3, 34.5],
    });

    const whole = await get();
    expect(whole.status).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.raw.rawPayload.equals(archive)).toBe(true);
    const etag = String(whole.headers.etag);

    // What the pmtiles client asks first: the header and root directory in one range.
    const head = await get({ range: 'bytes=0-126' });
    expect(head.status).toBe(206);
    expect(head.headers['content-range']).toBe(`bytes 0-126/${archive.length}`);
    expect(head.headers['content-length']).toBe('127');
    expect(head.raw.rawPayload.equals(archive.subarray(0, 127))).toBe(true);
    // Never compressed: a range is bytes of the file as stored.
    expect(head.headers['content-encoding']).toBeUndefined();

    const tail = await get({ range: 'bytes=-10' });
    expect(tail.status).toBe(206);
    expect(tail.raw.rawPayload.equals(archive.subarray(archive.length - 10))).toBe(true);

    const past = await get({ range: `bytes=${archive.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${archive.length}`);

    // If-Range: the same version gets its range, another version gets the whole file.
    expect((await get({ range: 'bytes=0-9', 'if-range': etag })).status).toBe(206);
    const stale = await get({ range: 'bytes=0-9', 'if-range': '"some-older-version"' });
    expect(stale.status).toBe(200);
    expect(stale.raw.rawPayload.length).toBe(archive.length);
  });

  it('is for logged-in people only', async () => {
    expect((await t.anonymous.get(URL)).status).toBe(401);
  });

  it('a file that is not PMTiles v3 is not offered as a base map', async () => {
    fs.writeFileSync(path.join(t.dataDir, 'basemap.pmtiles'), Buffer.alloc(200, 7));
    expect((await t.anonymous.get('/api/config')).body.map.basemap).toBeNull();
    expect((await get()).status).toBe(404);
  });

  it('CITYSAFE_BASEMAP_PMTILES names a file elsewhere, and a vector archive says so', async () => {
    const elsewhere = path.join(t.dataDir, 'extracts', 'port.pmtiles');
    fs.mkdirSync(path.dirname(elsewhere), { recursive: true });
    fs.writeFileSync(elsewhere, pmtilesArchive({ tile: Buffer.from([0x1a, 0x00]), tileType: 1, maxZoom: 14 }));
    const other = await testApp({ env: { CITYSAFE_BASEMAP_PMTILES: elsewhere } });
    try {
      const config = await other.anonymous.get('/api/config');
      expect(config.body.map.basemap).toMatchObject({ kind: 'vector', tileType: 'mvt', maxZoom: 14 });
    } finally {
      await other.close();
    }
  });
});

describe('Range headers', () => {
  it('reads one range, a suffix and an open end, clipped to the file; leaves others to a whole answer', () => {
    expect(parseRange('bytes=0-99', 50)).toEqual({ start: 0, end: 49 });
    expect(parseRange('bytes=10-', 50)).toEqual({ start: 10, end: 49 });
    expect(parseRange('bytes=-5', 50)).toEqual({ start: 45, end: 49 });
    expect(parseRange('bytes=-500', 50)).toEqual({ start: 0, end: 49 });
    expect(parseRange('bytes=50-60', 50)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 50)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 50)).toBeNull();
    expect(parseRange('items=0-1', 50)).toBeNull();
    expect(parseRange('bytes=9-3', 50)).toBeNull();
    expect(parseRange(undefined, 50)).toBeNull();
  });
});
