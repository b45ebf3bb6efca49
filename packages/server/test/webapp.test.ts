import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './harness.js';

/**
 * The web app as the server sends it: a small build laid out as Vite and the precompress step
 * write it (hashed assets with .br and .gz siblings, index.html), in a folder of its own.
 */
const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'citysafe-webdist-'));
const webDist = path.join(parent, 'dist');
const script = `export const greeting = ${JSON.stringify('你好，城安 '.repeat(400))};\n`;
const indexHtml = '<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head></html>';

let t: TestApp;
beforeAll(async () => {
  fs.mkdirSync(path.join(webDist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(webDist, 'index.html'), indexHtml);
  fs.writeFileSync(path.join(webDist, 'assets/index-Ab12Cd34.js'), script);
  fs.writeFileSync(path.join(webDist, 'assets/index-Ab12Cd34.js.br'), zlib.brotliCompressSync(script));
  fs.writeFileSync(path.join(webDist, 'assets/index-Ab12Cd34.js.gz'), zlib.gzipSync(script));
  // Only a gzip variant: a browser asking for brotli first still gets the best there is.
  fs.writeFileSync(path.join(webDist, 'assets/style-Ef56Gh78.css'), 'body{margin:0}');
  fs.writeFileSync(path.join(webDist, 'assets/style-Ef56Gh78.css.gz'), zlib.gzipSync('body{margin:0}'));
  fs.writeFileSync(path.join(parent, 'secret.txt'), 'not part of the web app');
  t = await testApp({ env: { CITYSAFE_WEB_DIST: webDist } });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(parent, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) =>
  t.app.inject({ method: 'GET', url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

function decode(encoding: string | undefined, body: Buffer): string {
  if (encoding === 'br') return zlib.brotliDecompressSync(body).toString('utf8');
  if (encoding === 'gzip') return zlib.gunzipSync(body).toString('utf8');
  return body.toString('utf8');
}

describe('web app assets', () => {
  it('are sent brotli- or gzip-compressed as the browser accepts, the same script once decoded', async () => {
    const cases = [
      { accept: 'gzip, deflate, br, zstd', encoding: 'br' },
      { accept: 'br', encoding: 'br' },
      { accept: 'gzip', encoding: 'gzip' },
      { accept: 'identity', encoding: undefined },
      { accept: undefined, encoding: undefined },
    ];
    for (const { accept, encoding } of cases) {
      const res = await get('/assets/index-Ab12Cd34.js', accept);
      expect(res.statusCode, `accept-encoding: ${accept}`).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(decode(encoding, res.rawPayload)).toBe(script);
      if (encoding) expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(script) / 5);
    }
  });

  it('fall back to the next accepted encoding when a variant was not written', async () => {
    const gz = await get('/assets/style-Ef56Gh78.css', 'br, gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(decode('gzip', gz.rawPayload)).toBe('body{margin:0}');
    const plain = await get('/assets/style-Ef56Gh78.css', 'br');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe('body{margin:0}');
  });

  it('are cached for a year as immutable: their names change with their content', async () => {
    for (const accept of ['br', 'gzip', undefined]) {
      const res = await get('/assets/index-Ab12Cd34.js', accept);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });
});

describe('index.html', () => {
  it('is revalidated on every visit, whichever path the client router owns', async () => {
    for (const url of ['/', '/index.html', '/login', '/campaign/tasks/42']) {
      const res = await get(url, 'gzip, br');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(decode(res.headers['content-encoding'] as string | undefined, res.rawPayload), url).toBe(indexHtml);
    }
  });

  it('is not what a missing asset gets (a 404: a page or the service worker would keep it as a script); API paths stay API errors', async () => {
    const missing = await get('/assets/gone-00000000.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('<html');
    expect(missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const api = await get('/api/no-such-thing');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});

describe('paths outside the build', () => {
  it('are never served, however the dots are spelled', async () => {
    for (const url of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
    ]) {
      for (const accept of ['br, gzip', undefined]) {
        const res = await get(url, accept);
        expect(decode(res.headers['content-encoding'] as string | undefined, res.rawPayload), url).not.toContain('not part of the web app');
      }
    }
  });
});
