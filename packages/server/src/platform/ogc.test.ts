import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { api } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type TestApp, testApp } from '../../test/harness.js';

// OGC API – Features (platform/ogc.ts) over the boundaries collection, whose rows are written
// here directly: the protocol is what is tested, read through the API and by GDAL.

let t: TestApp;
let admin: Client;
/** An API token that lists map.read only, as a GIS client holds. */
let gis: Client;
let gisToken: string;
/** A token listing the read actions of every layer. */
let allLayersToken: string;
const ids: Record<string, string> = {};

/** A square of `size` degrees with its south-west corner at lon, lat. */
const square = (lon: number, lat: number, size: number) =>
  JSON.stringify({
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [lon, lat],
          [lon + size, lat],
          [lon + size, lat + size],
          [lon, lat + size],
          [lon, lat],
        ],
      ],
    ],
  });

/** The district, its two streets side by side, and a grid inside 新筑. */
const areas = [
  { code: 'GWQ', level: 'district', geom: square(109.0, 34.3, 0.2) },
  { code: 'XZJB', level: 'street', geom: square(109.0, 34.3, 0.1) },
  { code: 'XHJB', level: 'street', geom: square(109.1, 34.3, 0.1) },
];

beforeAll(async () => {
  t = await testApp({ now: '2026-06-01T09:00:00+08:00' });
  admin = await t.admin();
  for (const a of areas) {
    ids[a.code] = await t.orgId(a.code);
    await t.platform.db.execute(
      sql`insert into boundaries (org_id, level, geom, source)
          values (${ids[a.code]}, ${a.level}, ST_SetSRID(ST_GeomFromGeoJSON(${a.geom}), 4326), 'demo')`,
    );
  }
  const token = await admin.post('/api/tokens', { name: 'QGIS 对接', actions: ['map.read'] });
  expect(token.status).toBe(201);
  gisToken = token.body.token;
  gis = new Client(t, { bearer: gisToken });
  const layers = await admin.post('/api/tokens', { name: '全部图层', actions: ['map.read', 'risk.read', 'majorHazard.read'] });
  allLayersToken = layers.body.token;
  // Two enterprises in 新筑, each with a risk source; the first also runs a major hazard installation.
  for (const code of ['PA', 'PB']) {
    const res = await admin.post('/api/orgs', { code, name: `企业${code}`, type: 'enterprise', parentId: ids.XZJB });
    expect(res.status).toBe(201);
    ids[code] = res.body.id;
  }
  for (const [i, [code, name, level, lon]] of (
    [
      ['PA', '甲类仓库', 'major', 109.05],
      ['PB', '加油站', 'general', 109.06],
    ] as const
  ).entries()) {
    await t.platform.db.execute(sql`insert into risk_sources (code, name, category, geom, org_id, street_id, level, status)
      values (${`FX-2026-000${i + 1}`}, ${name}, 'hazardous_chemicals', ST_SetSRID(ST_MakePoint(${lon}, 34.35), 4326),
              ${ids[code]}, ${ids.XZJB}, ${level}, 'reviewed')`);
  }
  await t.platform.db
    .execute(sql`insert into major_hazard_installations (org_id, name, unit_kind, location, street_id, s, r, grade, is_major)
    values (${ids.PA}, '液氯储罐区', 'storage', ST_SetSRID(ST_MakePoint(109.051, 34.351), 4326), ${ids.XZJB}, 3.2, 60, 2, true)`);
});
afterAll(() => t?.close());

describe('OGC API – Features: landing page, conformance, collections', () => {
  it('links the landing page to the OpenAPI document, the conformance classes and the collections', async () => {
    const res = await t.anonymous.get('/api/ogc');
    expect(res.status).toBe(200);
    const rels = Object.fromEntries((res.body.links as { rel: string; href: string }[]).map((l) => [l.rel, l.href]));
    expect(rels).toMatchObject({
      self: 'http://localhost:80/api/ogc',
      'service-desc': 'http://localhost:80/api/openapi.json',
      conformance: 'http://localhost:80/api/ogc/conformance',
      data: 'http://localhost:80/api/ogc/collections',
    });
    const conformance = await t.anonymous.get('/api/ogc/conformance');
    expect(conformance.body.conformsTo).toEqual([...api.ogc.conformanceClasses]);
  });

  it('lists only the collections the caller may read, with their extent in CRS84', async () => {
    expect((await t.anonymous.get('/api/ogc/collections')).body.collections).toEqual([]);
    const listed = await gis.get('/api/ogc/collections');
    expect(listed.status).toBe(200);
    expect(listed.body.collections.map((c: { id: string }) => c.id)).toEqual(['boundaries']);
    const [boundaries] = listed.body.collections;
    expect(boundaries.extent.spatial).toEqual({ bbox: [[109, 34.3, 109.2, 34.5]], crs: api.ogc.CRS84 });
    expect(boundaries.links.find((l: { rel: string }) => l.rel === 'items').href).toBe(
      'http://localhost:80/api/ogc/collections/boundaries/items',
    );
    const byAdmin = (await admin.get('/api/ogc/collections')).body.collections.map((c: { id: string }) => c.id);
    expect(byAdmin).toContain('boundaries');
    expect((await gis.get('/api/ogc/collections/boundaries')).body.title).toBe('区域边界');
  });

  it('asks for a token or session on a collection (401) and the read action (403)', async () => {
    expect((await t.anonymous.get('/api/ogc/collections/boundaries/items')).status).toBe(401);
    const other = await admin.post('/api/tokens', { name: '其他系统', actions: ['org.read'] });
    const res = await new Client(t, { bearer: other.body.token }).get('/api/ogc/collections/boundaries/items');
    expect(res.status).toBe(403);
    expect((await t.anonymous.get('/api/ogc/collections/no-such-layer')).status).toBe(404);
  });
});

describe('OGC API – Features: items', () => {
  it('pages the features with numberMatched, numberReturned and next/prev links, as GeoJSON', async () => {
    const first = await gis.get('/api/ogc/collections/boundaries/items?limit=2');
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toContain('application/geo+json');
    const page = api.ogc.featureCollection.parse(first.body);
    expect(page).toMatchObject({ numberMatched: 3, numberReturned: 2 });
    // The platform's clock, which the test set (it runs on from there).
    expect(page.timeStamp.slice(0, 13)).toBe('2026-06-01T01');
    expect(page.features.map((f) => f.properties.level)).toEqual(['district', 'street']);
    expect(page.features[0]!.properties).toMatchObject({ orgId: ids.GWQ, name: '西安国际港务区', level: 'district' });
    expect(page.features[0]!.geometry.type).toBe('MultiPolygon');
    const next = page.links.find((l) => l.rel === 'next')!.href;
    expect(next).toBe('http://localhost:80/api/ogc/collections/boundaries/items?limit=2&offset=2');
    const second = api.ogc.featureCollection.parse((await gis.get(new URL(next).pathname + new URL(next).search)).body);
    expect(second).toMatchObject({ numberMatched: 3, numberReturned: 1 });
    expect(second.links.map((l) => l.rel)).toEqual(['self', 'prev', 'collection']);
    // A page past the end still counts what matched.
    expect((await gis.get('/api/ogc/collections/boundaries/items?offset=10')).body).toMatchObject({ numberMatched: 3, numberReturned: 0 });
  });

  it('keeps the features a bbox intersects, and refuses a malformed one with 400 naming it', async () => {
    const east = await gis.get('/api/ogc/collections/boundaries/items?bbox=109.15,34.35,109.16,34.36');
    expect(east.body.features.map((f: { properties: { orgId: string } }) => f.properties.orgId)).toEqual([ids.GWQ, ids.XHJB]);
    expect(east.body.links[0].href).toContain('bbox=109.15%2C34.35%2C109.16%2C34.36');
    const outside = await gis.get('/api/ogc/collections/boundaries/items?bbox=110,35,111,36');
    expect(outside.body).toMatchObject({ numberMatched: 0, features: [] });
    for (const bad of ['1,2,3', '109,34,a,35', '109,34,108,35', '109,95,110,96']) {
      const res = await gis.get(`/api/ogc/collections/boundaries/items?bbox=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.fields[0].field).toBe('query.bbox');
    }
    expect((await gis.get('/api/ogc/collections/boundaries/items?bbox-crs=EPSG:3857')).status).toBe(400);
    // A property filter this server does not offer is refused rather than ignored.
    expect((await gis.get('/api/ogc/collections/boundaries/items?level=street')).status).toBe(400);
  });

  it('serves a limit above the maximum at the maximum, and refuses a limit below one', async () => {
    const res = await gis.get('/api/ogc/collections/boundaries/items?limit=50000');
    expect(res.body.numberReturned).toBe(3);
    expect(res.body.links.find((l: { rel: string }) => l.rel === 'next')).toBeUndefined();
    expect((await gis.get('/api/ogc/collections/boundaries/items?limit=0')).status).toBe(400);
  });

  it('reads one feature, and answers 404 for an id that is not one', async () => {
    const [first] = (await gis.get('/api/ogc/collections/boundaries/items?limit=1')).body.features;
    const one = await gis.get(`/api/ogc/collections/boundaries/items/${first.id}`);
    expect(one.status).toBe(200);
    expect(one.headers['content-type']).toContain('application/geo+json');
    expect(api.ogc.feature.parse(one.body)).toMatchObject({ id: first.id, properties: { level: 'district' } });
    expect((await gis.get('/api/ogc/collections/boundaries/items/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await gis.get('/api/ogc/collections/boundaries/items/not-a-uuid')).status).toBe(404);
  });
});

describe('OGC API – Features: the modules’ collections, in the caller’s scope', () => {
  it('reads the risk sources and major hazards, and an enterprise only its own', async () => {
    const all = new Client(t, { bearer: allLayersToken });
    expect((await all.get('/api/ogc/collections')).body.collections.map((c: { id: string }) => c.id).sort()).toEqual(
      ['boundaries', 'major-hazards', 'risk-sources'].sort(),
    );
    const sources = api.ogc.featureCollection.parse((await all.get('/api/ogc/collections/risk-sources/items')).body);
    expect(sources.features.map((f) => [f.properties.code, f.properties.name, f.properties.level, f.properties.orgName])).toEqual([
      ['FX-2026-0001', '甲类仓库', 'major', '企业PA'],
      ['FX-2026-0002', '加油站', 'general', '企业PB'],
    ]);
    expect(sources.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [109.05, 34.35] });
    const hazards = api.ogc.featureCollection.parse((await all.get('/api/ogc/collections/major-hazards/items')).body);
    expect(hazards.features.map((f) => [f.properties.name, f.properties.grade, f.properties.orgName])).toEqual([
      ['液氯储罐区', 2, '企业PA'],
    ]);

    const plantB = await t.userIn('PB', ['enterprise']);
    const own = api.ogc.featureCollection.parse((await plantB.get('/api/ogc/collections/risk-sources/items')).body);
    expect(own.features.map((f) => f.properties.name)).toEqual(['加油站']);
    expect(own.numberMatched).toBe(1);
    const theirs = sources.features[0]!.id;
    expect((await plantB.get(`/api/ogc/collections/risk-sources/items/${theirs}`)).status).toBe(404);
    expect((await plantB.get('/api/ogc/collections/major-hazards/items')).body.numberMatched).toBe(0);
    // The extent is of what the caller may read.
    const mine = (await plantB.get('/api/ogc/collections/risk-sources')).body;
    expect(mine.extent.spatial.bbox).toEqual([[109.06, 34.35, 109.06, 34.35]]);
  });
});

// Debian's gdal-bin, as a GIS client would: CI installs it, and without it this test fails.
describe('OGC API – Features read by GDAL (ogrinfo)', () => {
  const run = promisify(execFile);
  let base: string;
  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/ogc`;
  });
  // The server answers in this process: ogrinfo runs asynchronously so that it is not blocked.
  const ogrinfo = (args: string[], token: string | null) =>
    run('ogrinfo', ['-ro', ...args], {
      env: { ...process.env, ...(token ? { GDAL_HTTP_HEADERS: `Authorization: Bearer ${token}` } : {}), GDAL_HTTP_TIMEOUT: '20' },
    });

  it('lists the layer and its feature count with an API token', async () => {
    const { stdout } = await ogrinfo(['-al', '-so', `OAPIF:${base}`], gisToken);
    expect(stdout).toContain('Layer name: boundaries');
    expect(stdout).toMatch(/Feature Count: 3/);
    expect(stdout).toMatch(/Geometry: Multi Polygon/);
    expect(stdout).toMatch(/level: String/);
  });

  it('reads the features in a bbox with their attributes', async () => {
    const { stdout } = await ogrinfo([`OAPIF:${base}`, 'boundaries', '-spat', '109.15', '34.35', '109.16', '34.36'], gisToken);
    const names = [...stdout.matchAll(/^\s+name \(String\) = (.+)$/gm)].map((m) => m[1]);
    expect(names.sort()).toEqual(['新合街道办事处', '西安国际港务区'].sort());
    expect(stdout).toContain(`orgId (String) = ${ids.XHJB}`);
  });

  it('reads every layer the token lists, with their attributes', async () => {
    const { stdout } = await ogrinfo([`OAPIF:${base}`, 'risk-sources'], allLayersToken);
    expect(stdout).toContain('Feature Count: 2');
    expect(stdout).toContain('name (String) = 甲类仓库');
    expect(stdout).toContain('level (String) = major');
    expect(stdout).toContain('POINT (109.05 34.35)');
    const hazards = await ogrinfo(['-al', '-so', `OAPIF:${base}`], allLayersToken);
    expect(hazards.stdout).toContain('Layer name: major-hazards');
  });

  it('finds no layer without a token', async () => {
    const { stdout } = await ogrinfo(['-so', `OAPIF:${base}`], null).catch((e: { stdout: string }) => e);
    expect(stdout).not.toContain('boundaries');
  });
});
