import { VectorTile } from '@mapbox/vector-tile';
import { sql } from 'drizzle-orm';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type TestApp, testApp } from '../../../test/harness.js';
import { rows } from '../../platform/db.js';

// The four-colour map's vector tiles (tiles.ts), decoded as MapLibre would. The sources are written
// here directly, with their street set as `locateAreas` would: what is tested is what the tiles
// show of them, and to whom. On PostgreSQL they are ST_AsMVT's, on PGlite geojson-vt's.

let t: TestApp;
let office: Client; // 安委办: the whole district
let plantA: Client; // an enterprise under 新筑街办
const org: Record<string, string> = {};
const sourceId: Record<string, string> = {};

/** The XYZ tile containing a point at a zoom (Web Mercator, as the map asks). */
function tileOf(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return {
    z,
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  };
}

const square = (w: number, s: number, size: number) =>
  JSON.stringify({
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [w, s],
          [w + size, s],
          [w + size, s + size],
          [w, s + size],
          [w, s],
        ],
      ],
    ],
  });

/** Two sources a few metres apart in 新筑, one point and one pipeline in 新合. */
const sources = [
  {
    key: 'A1',
    name: '甲类仓库',
    category: 'hazardous_chemicals',
    level: 'major',
    org: 'PA',
    street: 'XZJB',
    geom: { type: 'Point', coordinates: [109.05, 34.35] },
  },
  {
    key: 'A2',
    name: '液氨储罐',
    category: 'hazardous_chemicals',
    level: 'low',
    org: 'PA',
    street: 'XZJB',
    geom: { type: 'Point', coordinates: [109.0501, 34.3501] },
  },
  {
    key: 'B1',
    name: '加油站',
    category: 'oil_gas_pipeline',
    level: 'significant',
    org: 'PB',
    street: 'XHJB',
    geom: { type: 'Point', coordinates: [109.15, 34.35] },
  },
  {
    key: 'B2',
    name: '天然气管线',
    category: 'oil_gas_pipeline',
    level: 'general',
    org: 'PB',
    street: 'XHJB',
    geom: {
      type: 'LineString',
      coordinates: [
        [109.18, 34.45],
        [109.19, 34.46],
      ],
    },
  },
];

beforeAll(async () => {
  t = await testApp({ now: '2026-06-01T09:00:00+08:00' });
  const admin = await t.admin();
  for (const code of ['XZJB', 'XHJB']) org[code] = await t.orgId(code);
  for (const [code, parent] of [
    ['PA', 'XZJB'],
    ['PB', 'XHJB'],
  ] as const) {
    const res = await admin.post('/api/orgs', { code, name: `企业${code}`, type: 'enterprise', parentId: org[parent] });
    expect(res.status).toBe(201);
    org[code] = res.body.id;
  }
  office = await t.userIn('AWB', ['safety_office']);
  plantA = await t.userIn('PA', ['enterprise']);
  await t.platform.db.execute(sql`insert into boundaries (org_id, level, geom, source) values
    (${org.XZJB}, 'street', ST_SetSRID(ST_GeomFromGeoJSON(${square(109.0, 34.3, 0.1)}), 4326), 'demo'),
    (${org.XHJB}, 'street', ST_SetSRID(ST_GeomFromGeoJSON(${square(109.1, 34.3, 0.1)}), 4326), 'demo')`);
  for (const [i, s] of sources.entries()) {
    const [row] = await rows<{ id: string }>(
      t.platform.db,
      sql`insert into risk_sources (code, name, category, geom, org_id, street_id, level, assessed_level, status)
        values (${`FX-2026-${String(i + 1).padStart(4, '0')}`}, ${s.name}, ${s.category}, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(s.geom)}), 4326),
                ${org[s.org]}, ${org[s.street]}, ${s.level}, ${s.level}, 'reviewed') returning id`,
    );
    sourceId[s.key] = row!.id;
  }
});
afterAll(() => t?.close());

interface Decoded {
  status: number;
  headers: Record<string, unknown>;
  layers: Record<string, { properties: Record<string, unknown>; type: number }[]>;
}

/** Fetches a tile and decodes every feature's properties, by layer. */
async function tile(
  client: Client,
  at: { z: number; x: number; y: number },
  query = '',
  headers: Record<string, string> = {},
): Promise<Decoded> {
  const res = await client.request('GET', `/api/risk/tiles/${at.z}/${at.x}/${at.y}.pbf${query}`, undefined, headers);
  const layers: Decoded['layers'] = {};
  if (res.status === 200) {
    const decoded = new VectorTile(new PbfReader(res.raw.rawPayload));
    for (const [name, layer] of Object.entries(decoded.layers)) {
      layers[name] = Array.from({ length: layer.length }, (_, i) => {
        const f = layer.feature(i);
        return { properties: f.properties, type: f.type };
      });
    }
  }
  return { status: res.status, headers: res.headers, layers };
}

const names = (d: Decoded) => (d.layers.sources ?? []).map((f) => f.properties.name).sort();
const areaLevels = (d: Decoded) =>
  Object.fromEntries((d.layers.areas ?? []).map((f) => [f.properties.name as string, f.properties.level ?? null]));

describe('GET /api/risk/tiles/{z}/{x}/{y}.pbf', () => {
  it('draws each source from zoom 13 with its id, name, level and category', async () => {
    const d = await tile(office, tileOf(109.05, 34.35, 15));
    expect(d.status).toBe(200);
    expect(d.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    expect(d.layers.sources!.map((f) => f.properties).sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual(
      [
        { id: sourceId.A1, name: '甲类仓库', level: 'major', category: 'hazardous_chemicals', kind: 'source' },
        { id: sourceId.A2, name: '液氨储罐', level: 'low', category: 'hazardous_chemicals', kind: 'source' },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
    // The street's shade: the highest level of the sources inside it.
    expect(areaLevels(d)).toEqual({ 新筑街道办事处: 'major' });
    expect(d.layers.areas![0]!.properties).toMatchObject({ orgId: org.XZJB, areaLevel: 'street' });
    // A pipeline is drawn as a line.
    const line = await tile(office, tileOf(109.185, 34.455, 14));
    expect(line.layers.sources!.map((f) => [f.properties.name, f.type])).toEqual([['天然气管线', 2]]);
  });

  it('clusters the sources below zoom 13: a count and the highest level, a lone source as itself', async () => {
    const d = await tile(office, tileOf(109.1, 34.4, 10));
    expect(d.status).toBe(200);
    const features = d.layers.sources!.map((f) => f.properties);
    expect(features.filter((f) => f.cluster)).toEqual([{ cluster: true, kind: 'cluster', count: 2, level: 'major' }]);
    expect(
      features
        .filter((f) => !f.cluster)
        .map((f) => f.name)
        .sort(),
    ).toEqual(['加油站', '天然气管线'].sort());
    expect(areaLevels(d)).toEqual({ 新筑街道办事处: 'major', 新合街道办事处: 'significant' });
  });

  it('shows an enterprise only its own sources, and shades the streets by them only', async () => {
    const d = await tile(plantA, tileOf(109.1, 34.4, 10));
    expect(d.layers.sources!.map((f) => f.properties)).toEqual([{ cluster: true, kind: 'cluster', count: 2, level: 'major' }]);
    expect(areaLevels(d)).toEqual({ 新筑街道办事处: 'major', 新合街道办事处: null });
    expect((await tile(plantA, tileOf(109.15, 34.35, 15))).layers.sources).toBeUndefined();
  });

  it('filters by category, level, street and responsible unit', async () => {
    const district = tileOf(109.1, 34.4, 10);
    expect(names(await tile(office, district, '?level=significant'))).toEqual(['加油站']);
    expect(names(await tile(office, district, '?category=oil_gas_pipeline')).sort()).toEqual(['加油站', '天然气管线'].sort());
    expect(names(await tile(office, district, `?streetId=${org.XHJB}&level=general`))).toEqual(['天然气管线']);
    const byUnit = await tile(office, tileOf(109.05, 34.35, 15), `?orgId=${org.PA}&level=low`);
    expect(names(byUnit)).toEqual(['液氨储罐']);
    expect(areaLevels(byUnit)).toEqual({ 新筑街道办事处: 'low' });
  });

  it('answers 204 for an empty tile, 400 for a tile that does not exist, 304 when unchanged', async () => {
    const empty = await tile(office, { z: 10, x: 0, y: 0 });
    expect(empty.status).toBe(204);
    for (const [z, x, y] of [
      [23, 0, 0],
      [10, 1024, 0],
      [10, 0, 1024],
    ]) {
      const res = await office.get(`/api/risk/tiles/${z}/${x}/${y}.pbf`);
      expect(res.status, `${z}/${x}/${y}`).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
    }
    expect((await office.get('/api/risk/tiles/10/1/1.pbf?level=purple')).status).toBe(400);
    const at = tileOf(109.05, 34.35, 15);
    const first = await tile(office, at);
    expect(first.headers['cache-control']).toBe('private, max-age=60');
    const again = await tile(office, at, '', { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('asks for a caller (401) who may read risk sources (403)', async () => {
    expect((await t.anonymous.get('/api/risk/tiles/10/1/1.pbf')).status).toBe(401);
    const admin = await t.admin();
    const token = await admin.post('/api/tokens', { name: '大屏', actions: ['map.read'] });
    expect((await new Client(t, { bearer: token.body.token }).get('/api/risk/tiles/10/1/1.pbf')).status).toBe(403);
  });
});
