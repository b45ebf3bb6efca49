import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';

/**
 * CAP import from a configured feed (从订阅源导入): a feed served here on 127.0.0.1 (allow-listed, as the provincial
 * feed on the intranet would be) answering the specification's Appendix A.2 example becomes one draft, and only
 * one however often it is fetched; a host neither public nor allow-listed is refused when the feed is saved; an
 * oversized, a non-CAP and a missing document are each a 422 recorded on the feed.
 */

let t: TestApp;
let approver: Client;
let drafter: Client;
let streetUser: Client;
let feedServer: http.Server;
let base: string;
let hits = 0;
const NOW = '2026-07-01T09:00:00+08:00';
const capXml = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/cap-1.2-appendix-a2-thunderstorm.xml'));

/** What the feed server answers on each path. */
const answers: Record<string, () => { type: string; body: Buffer | string; status?: number }> = {
  '/cap.xml': () => ({ type: 'application/cap+xml', body: capXml }),
  '/huge.xml': () => ({ type: 'application/cap+xml', body: `<alert>${'x'.repeat(2 * 1024 * 1024)}</alert>` }),
  '/atom.xml': () => ({
    type: 'application/atom+xml',
    body: '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>x</id></feed>',
  }),
  '/gone.xml': () => ({ type: 'text/plain', body: 'not here', status: 404 }),
};

/** How many warnings the drafter sees made from the Appendix A.2 message. */
const thunderstormDrafts = async () =>
  (await drafter.get('/api/warnings?status=draft&pageSize=100')).body.items.filter(
    (w: { headline: string }) => w.headline === 'SEVERE THUNDERSTORM WARNING',
  ).length;

const feed = async (name: string, file: string) => {
  const res = await approver.post('/api/warnings/feeds', { name, url: `${base}${file}` });
  expect(res.status).toBe(201);
  return res.body.id as string;
};

beforeAll(async () => {
  feedServer = http.createServer((request, response) => {
    hits++;
    if (request.url === '/endless.xml') {
      // No length announced: the limit must cut the stream itself, not trust a header.
      response.writeHead(200, { 'content-type': 'application/cap+xml' });
      const chunk = Buffer.alloc(256 * 1024, 'x');
      for (let i = 0; i < 8; i++) response.write(chunk);
      response.end();
      return;
    }
    const answer = answers[request.url ?? '']?.() ?? { type: 'text/plain', body: 'no', status: 404 };
    response.writeHead(answer.status ?? 200, { 'content-type': answer.type }).end(answer.body);
  });
  await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}`;
  t = await testApp({ now: NOW, env: { CITYSAFE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } });
  approver = await t.userIn('AWB', ['safety_office'], 'feed_approver');
  drafter = await t.userIn('YJGLJ', ['department'], 'feed_drafter');
  streetUser = await t.userIn('XZJB', ['street'], 'feed_street');
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => feedServer?.close(resolve));
});

describe('CAP feeds', () => {
  it('lets approvers subscribe, drafters list and import, and no one else', async () => {
    expect((await drafter.post('/api/warnings/feeds', { name: '省预警发布中心', url: `${base}/cap.xml` })).status).toBe(403);
    expect((await streetUser.get('/api/warnings/feeds')).status).toBe(403);
    const bad = await approver.post('/api/warnings/feeds', { name: '', url: 'ftp://example.org/cap.xml' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('url');
  });

  it('refuses a host that is neither public nor allow-listed, before any request leaves', async () => {
    const before = hits;
    const port = (feedServer.address() as AddressInfo).port;
    // localhost is the same server, but only 127.0.0.1 is on the allow-list: the name resolves to a loopback address.
    const refused = await approver.post('/api/warnings/feeds', { name: '本机', url: `http://localhost:${port}/cap.xml` });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields[0]).toMatchObject({
      field: 'url',
      message: { zh: expect.stringContaining('公网'), en: expect.stringContaining('public') },
    });
    const metadata = await approver.post('/api/warnings/feeds', { name: '元数据', url: 'http://169.254.169.254/latest' });
    expect(metadata.status).toBe(422);
    expect(hits).toBe(before);
    expect((await approver.get('/api/warnings/feeds')).body).toEqual([]);
  });

  it('drafts the feed’s CAP alert once, however often it is fetched', async () => {
    const id = await feed('省突发事件预警信息发布中心', '/cap.xml');
    const first = await drafter.post(`/api/warnings/feeds/${id}/import`, {});
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ duplicates: 0, feed: { lastResult: { imported: 1, duplicates: 0, error: null } } });
    expect(first.body.imported).toHaveLength(1);
    expect(first.body.imported[0]).toMatchObject({
      status: 'draft',
      level: 'orange',
      headline: 'SEVERE THUNDERSTORM WARNING',
      importedFrom: 'KSTO@NWS.NOAA.GOV,KSTO1055887203,2003-06-17T14:57:00-07:00',
    });
    const again = await drafter.post(`/api/warnings/feeds/${id}/import`, {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ imported: [], duplicates: 1 });
    // A second feed relaying the same message does not draft it either.
    const mirror = await feed('市气象台（转发）', '/cap.xml');
    expect((await drafter.post(`/api/warnings/feeds/${mirror}/import`, {})).body).toMatchObject({ imported: [], duplicates: 1 });
    expect(await thunderstormDrafts()).toBe(1);
  });

  it('answers 422 for an oversized, a non-CAP and a missing document, and records why on the feed', async () => {
    for (const [file, zh] of [
      ['/huge.xml', '超过 1 MB'],
      ['/endless.xml', '超过 1 MB'],
      ['/atom.xml', '不是可导入的 CAP'],
      ['/gone.xml', 'HTTP 404'],
    ] as const) {
      const id = await feed(`坏订阅源 ${file}`, file);
      const res = await drafter.post(`/api/warnings/feeds/${id}/import`, {});
      expect(res.status).toBe(422);
      expect(res.body.error.message.zh).toContain(zh);
      expect(res.body.error.message.en.length).toBeGreaterThan(10);
      const shown = (await drafter.get('/api/warnings/feeds')).body.find((f: { id: string }) => f.id === id);
      expect(shown.lastResult.error.zh).toContain(zh);
    }
  });

  it('removes a feed; the drafts it made stay', async () => {
    const id = await feed('临时订阅源', '/cap.xml');
    expect((await approver.request('DELETE', `/api/warnings/feeds/${id}`)).status).toBe(200);
    expect((await drafter.post(`/api/warnings/feeds/${id}/import`, {})).status).toBe(404);
    expect(await thunderstormDrafts()).toBe(1);
  });
});
