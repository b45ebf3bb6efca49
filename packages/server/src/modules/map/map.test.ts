import { randomUUID } from 'node:crypto';
import { wgs84ToGcj02 } from '@citysafe/domain';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { rows } from '../../platform/db.js';
import { sql } from 'drizzle-orm';
import { type AreasChange, locateAreas, onAreasChanged } from './index.js';

let t: TestApp;
let office: Client;
let street: Client;
const changes: AreasChange[] = [];

// What a risk or major-hazard module does: it hears every change of boundaries in the same transaction.
onAreasChanged(async (_tx, change) => {
  changes.push(change);
});

beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T09:00:00+08:00' });
  office = await t.userIn('AWB', ['safety_office']);
  street = await t.userIn('XZJB', ['street']);
});
afterAll(() => t.close());

type Ring = [number, number][];
/** A closed ring from a box: west, south, east, north (counter-clockwise, as GeoJSON wants the outer ring). */
const box = (w: number, s: number, e: number, n: number): Ring => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];
const polygon = (ring: Ring) => ({ type: 'Polygon', coordinates: [ring] });
const feature = (properties: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties, geometry });
const collection = (...features: unknown[]) => Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }));

/** 新筑 and 新合 streets as plausible boxes in WGS-84, north-east and south-west of the port. */
const XZJB = box(109.065, 34.375, 109.1, 34.42);
const XHJB = box(109.02, 34.34, 109.065, 34.375);
/** A bow tie: its two edges cross, which PostGIS calls a self-intersection. */
const bowTie: Ring = [
  [109.03, 34.36],
  [109.05, 34.38],
  [109.05, 34.36],
  [109.03, 34.38],
  [109.03, 34.36],
];

function multipart(name: string, bytes: Buffer) {
  const boundary = `cs-${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (client: Client, url: string, name: string, bytes: Buffer) => {
  const m = multipart(name, bytes);
  return client.request('POST', url, m.body, m.headers);
};

const boundaries = async (level?: string) => (await office.get(`/api/map/boundaries${level ? `?level=${level}` : ''}`)).body.features;

/**
 * A polygon Shapefile (ESRI Shapefile Technical Description, 1998) written byte by byte: `.shp`
 * with its `.shx` index and a `.dbf` of text fields, outer rings clockwise as the format wants.
 */
function shapefile(
  features: { properties: Record<string, string>; ring: Ring }[],
  encode: (text: string) => Buffer = (text) => Buffer.from(text, 'utf8'),
) {
  const rings = features.map((f) => [...f.ring].reverse());
  const bboxOf = (points: Ring) => [
    Math.min(...points.map((p) => p[0])),
    Math.min(...points.map((p) => p[1])),
    Math.max(...points.map((p) => p[0])),
    Math.max(...points.map((p) => p[1])),
  ];
  const header = (lengthWords: number, bbox: number[]) => {
    const h = Buffer.alloc(100);
    h.writeInt32BE(9994, 0);
    h.writeInt32BE(lengthWords, 24);
    h.writeInt32LE(1000, 28);
    h.writeInt32LE(5, 32);
    bbox.forEach((v, i) => h.writeDoubleLE(v, 36 + i * 8));
    return h;
  };
  const contents = rings.map((ring) => {
    const c = Buffer.alloc(44 + 4 + ring.length * 16);
    c.writeInt32LE(5, 0);
    bboxOf(ring).forEach((v, i) => c.writeDoubleLE(v, 4 + i * 8));
    c.writeInt32LE(1, 36);
    c.writeInt32LE(ring.length, 40);
    c.writeInt32LE(0, 44);
    ring.forEach(([x, y], i) => {
      c.writeDoubleLE(x, 48 + i * 16);
      c.writeDoubleLE(y, 56 + i * 16);
    });
    return c;
  });
  const all = bboxOf(rings.flat());
  const records: Buffer[] = [];
  const index: Buffer[] = [];
  let offsetWords = 50;
  contents.forEach((c, i) => {
    const rh = Buffer.alloc(8);
    rh.writeInt32BE(i + 1, 0);
    rh.writeInt32BE(c.length / 2, 4);
    records.push(rh, c);
    const ix = Buffer.alloc(8);
    ix.writeInt32BE(offsetWords, 0);
    ix.writeInt32BE(c.length / 2, 4);
    index.push(ix);
    offsetWords += 4 + c.length / 2;
  });
  const shp = Buffer.concat([header(offsetWords, all), ...records]);
  const shx = Buffer.concat([header(50 + 4 * contents.length, all), ...index]);
  const fields = Object.keys(features[0]!.properties);
  const width = 60;
  const dbfHeader = Buffer.alloc(32 + 32 * fields.length + 1);
  dbfHeader.writeUInt8(3, 0);
  dbfHeader.writeUInt8(126, 1);
  dbfHeader.writeUInt8(1, 2);
  dbfHeader.writeUInt8(1, 3);
  dbfHeader.writeUInt32LE(features.length, 4);
  dbfHeader.writeUInt16LE(dbfHeader.length, 8);
  dbfHeader.writeUInt16LE(1 + width * fields.length, 10);
  fields.forEach((name, i) => {
    dbfHeader.write(name, 32 + i * 32, 'ascii');
    dbfHeader.write('C', 32 + i * 32 + 11, 'ascii');
    dbfHeader.writeUInt8(width, 32 + i * 32 + 16);
  });
  dbfHeader.writeUInt8(0x0d, dbfHeader.length - 1);
  const dbfRecords = features.map((f) => {
    const r = Buffer.alloc(1 + width * fields.length, ' ');
    fields.forEach((name, i) => encode(f.properties[name]!).copy(r, 1 + i * width));
    return r;
  });
  const dbf = Buffer.concat([dbfHeader, ...dbfRecords, Buffer.from([0x1a])]);
  return { shp, shx, dbf };
}

/** GBK bytes of Chinese text, found through the platform's own GBK decoder (Node has no GBK encoder). */
function gbk(text: string): Buffer {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, Buffer>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const bytes = Buffer.from([lead, trail]);
      const char = decoder.decode(bytes);
      if (char.length === 1 && !table.has(char)) table.set(char, bytes);
    }
  }
  return Buffer.concat([...text].map((c) => table.get(c) ?? Buffer.from(c, 'ascii')));
}

const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const UTM_PRJ =
  'PROJCS["WGS_1984_UTM_Zone_49N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],UNIT["Meter",1.0]]';

async function zipped(files: Record<string, Buffer | string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('boundary import', () => {
  const mixed = collection(
    feature({ name: '新筑街道办事处' }, polygon(XZJB)),
    feature({ name: '新合街办' }, polygon(XHJB)),
    feature({ name: '不存在的街道' }, polygon(box(109.03, 34.36, 109.04, 34.37))),
    feature({ name: '应急管理局' }, polygon(box(109.03, 34.36, 109.04, 34.37))),
    feature({ name: '西安国际港务区' }, polygon(bowTie)),
    feature({ name: '新筑街道办事处' }, polygon(XZJB)),
    feature({ name: '西安国际港务区' }, { type: 'Point', coordinates: [109.05, 34.37] }),
    feature({ name: '西安国际港务区' }, polygon(box(500000, 3800000, 510000, 3810000))),
    feature({}, polygon(XZJB)),
    feature({ name: '新合街道办事处' }, { type: 'Polygon', coordinates: [[109.05, 34.36]] }),
  );

  it('previews a GeoJSON file row by row, saving nothing', async () => {
    const res = await upload(office, '/api/map/boundaries/import/preview?matchBy=name', 'streets.geojson', mixed);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'geojson', crs: 'wgs84', total: 10, valid: 2, invalid: 8, saved: 0 });
    const errorsOf = (i: number) => res.body.rows[i - 1].errors.map((e: { en: string }) => e.en).join(' | ');
    expect(res.body.rows[0]).toMatchObject({ index: 1, orgName: '新筑街道办事处', level: 'street', errors: [], replaces: false });
    // Matched by its short name.
    expect(res.body.rows[1]).toMatchObject({ orgName: '新合街道办事处', level: 'street', errors: [] });
    expect(errorsOf(3)).toContain('No org with name “不存在的街道”');
    expect(errorsOf(4)).toContain('is not a district, street, community or grid');
    expect(errorsOf(5)).toMatch(/Invalid geometry \(Self-intersection/);
    expect(errorsOf(6)).toContain('Same area as row 1');
    expect(errorsOf(7)).toContain('Not a polygon (Polygon / MultiPolygon) but Point');
    expect(errorsOf(8)).toContain('Coordinates outside China');
    expect(errorsOf(9)).toContain('Property “name” is missing');
    expect(errorsOf(10)).toContain('Malformed coordinates');
    expect(res.body.properties).toEqual(['name']);
    expect(await boundaries()).toEqual([]);
  });

  it('saves nothing from a file with errors unless asked to import the valid rows, then saves those, audited', async () => {
    const refused = await upload(office, '/api/map/boundaries/import', 'streets.geojson', mixed);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message.zh).toContain('8 行错误');
    expect(await boundaries()).toEqual([]);

    changes.length = 0;
    const saved = await upload(office, '/api/map/boundaries/import?validOnly=true', 'streets.geojson', mixed);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ saved: 2, valid: 2, invalid: 8 });
    const streets = await boundaries('street');
    expect(streets.map((f: { properties: { name: string } }) => f.properties.name).sort()).toEqual(['新合街道办事处', '新筑街道办事处']);
    expect(streets[0]).toMatchObject({
      type: 'Feature',
      geometry: { type: 'MultiPolygon' },
      properties: { level: 'street', source: 'import' },
    });
    expect(await boundaries('district')).toEqual([]);
    const audited = await rows<{ n: number }>(
      t.platform.db,
      sql`select count(*)::int as n from audit_log where action = 'boundary.import'`,
    );
    expect(audited[0]!.n).toBe(2);
    // The modules holding points heard of it, with the area that may have changed.
    expect(changes).toHaveLength(1);
    expect(changes[0]!.orgIds).toHaveLength(2);
    expect(changes[0]!.extent).toEqual([109.02, 34.34, 109.1, 34.42]);
  });

  it('locates a point, a line and a polygon in the street that covers it', async () => {
    const xzjb = await t.orgId('XZJB');
    const xhjb = await t.orgId('XHJB');
    const db = t.platform.db;
    expect(await locateAreas(db, { type: 'Point', coordinates: [109.08, 34.4] })).toEqual({
      streetId: xzjb,
      communityId: null,
      gridId: null,
    });
    expect(
      await locateAreas(db, {
        type: 'LineString',
        coordinates: [
          [109.03, 34.35],
          [109.04, 34.36],
        ],
      }),
    ).toMatchObject({ streetId: xhjb });
    expect(await locateAreas(db, { type: 'Point', coordinates: [116.4, 39.9] })).toEqual({
      streetId: null,
      communityId: null,
      gridId: null,
    });
  });

  it('converts a GCJ-02 file to WGS-84 when told so, and a re-import replaces the boundary', async () => {
    const gcj = XZJB.map(([lon, lat]) => wgs84ToGcj02(lon, lat));
    const file = collection(feature({ code: 'XZJB' }, polygon(gcj)));
    const preview = await upload(office, '/api/map/boundaries/import/preview?crs=gcj02&matchBy=code', 'gcj.json', file);
    expect(preview.body).toMatchObject({ crs: 'gcj02', valid: 1, rows: [{ orgName: '新筑街道办事处', replaces: true, errors: [] }] });
    const res = await upload(office, '/api/map/boundaries/import?crs=gcj02&matchBy=code', 'gcj.json', file);
    expect(res.status).toBe(200);
    const stored = (await office.get(`/api/map/boundaries/${await t.orgId('XZJB')}`)).body;
    const ring = stored.geometry.coordinates[0][0] as number[][];
    // GCJ-02 is some 500 m off WGS-84 here; back-converted, the corners are within a metre of the originals.
    expect(Math.abs(gcj[0]![0] - XZJB[0]![0])).toBeGreaterThan(0.003);
    for (const corner of XZJB)
      expect(ring.some((p) => Math.abs(p[0]! - corner[0]) < 1e-5 && Math.abs(p[1]! - corner[1]) < 1e-5)).toBe(true);
  });

  it('reads a zipped Shapefile with its .prj, matching a code field whatever its case', async () => {
    const { shp, shx, dbf } = shapefile([
      { properties: { CODE: 'GWQ', NAME: '西安国际港务区' }, ring: box(109.019, 34.338, 109.102, 34.421) },
      { properties: { CODE: 'XHJB', NAME: '新合街道' }, ring: XHJB },
    ]);
    const zip = await zipped({
      'areas/areas.shp': shp,
      'areas/areas.shx': shx,
      'areas/areas.dbf': dbf,
      'areas/areas.prj': WGS84_PRJ,
      'areas/areas.cpg': 'UTF-8',
    });
    const preview = await upload(office, '/api/map/boundaries/import/preview?matchBy=code&property=code', 'areas.zip', zip);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      format: 'shapefile',
      prj: 'wgs84',
      crs: 'wgs84',
      properties: ['CODE', 'NAME'],
      valid: 2,
      invalid: 0,
    });
    expect(preview.body.rows.map((r: { orgName: string; level: string }) => [r.orgName, r.level])).toEqual([
      ['西安国际港务区', 'district'],
      ['新合街道办事处', 'street'],
    ]);
    const res = await upload(office, '/api/map/boundaries/import?matchBy=code&property=code', 'areas.zip', zip);
    expect(res.body.saved).toBe(2);
    expect((await boundaries('district'))[0].properties.name).toBe('西安国际港务区');
  });

  it('reads the GBK attributes of a Shapefile without .cpg, as Chinese GIS software writes them', async () => {
    const { shp, shx, dbf } = shapefile([{ properties: { MC: '新合街道办事处' }, ring: XHJB }], gbk);
    const zip = await zipped({ 'xh.shp': shp, 'xh.shx': shx, 'xh.dbf': dbf });
    const preview = await upload(office, '/api/map/boundaries/import/preview?property=MC', 'xh.zip', zip);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ prj: null, valid: 1, rows: [{ key: '新合街道办事处', orgName: '新合街道办事处', errors: [] }] });
  });

  it('refuses a Shapefile in projected coordinates, a zip without one, and a file that is not GeoJSON', async () => {
    const { shp, shx, dbf } = shapefile([{ properties: { CODE: 'XHJB' }, ring: box(500000, 3800000, 510000, 3810000) }]);
    const projected = await upload(
      office,
      '/api/map/boundaries/import/preview',
      'utm.zip',
      await zipped({ 'a.shp': shp, 'a.shx': shx, 'a.dbf': dbf, 'a.prj': UTM_PRJ }),
    );
    expect(projected.status).toBe(400);
    expect(projected.body.error.fields[0].message.en).toContain('projected CRS');
    const empty = await upload(office, '/api/map/boundaries/import/preview', 'none.zip', await zipped({ 'readme.txt': 'no layer' }));
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].message.en).toContain('no .shp');
    const text = await upload(office, '/api/map/boundaries/import/preview', 'a.geojson', Buffer.from('not json'));
    expect(text.status).toBe(400);
  });
});

describe('drawing and deleting a boundary', () => {
  it('replaces a boundary drawn on the map, refusing an invalid polygon or an org that is not an area', async () => {
    const xhjb = await t.orgId('XHJB');
    const drawn = polygon(box(109.021, 34.341, 109.064, 34.374));
    const res = await office.put(`/api/map/boundaries/${xhjb}`, { geometry: drawn });
    expect(res.status).toBe(200);
    expect(res.body.properties).toMatchObject({ orgId: xhjb, source: 'drawn', level: 'street' });
    const bad = await office.put(`/api/map/boundaries/${xhjb}`, { geometry: polygon(bowTie) });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message.zh).toContain('自相交');
    const department = await office.put(`/api/map/boundaries/${await t.orgId('YJGLJ')}`, { geometry: drawn });
    expect(department.status).toBe(422);
    expect((await office.put(`/api/map/boundaries/${randomUUID()}`, { geometry: drawn })).status).toBe(404);
    expect((await office.put(`/api/map/boundaries/${xhjb}`, { geometry: { type: 'Polygon', coordinates: [[[109, 34]]] } })).status).toBe(
      400,
    );
  });

  it('deletes a boundary, after which the area has none', async () => {
    const xhjb = await t.orgId('XHJB');
    expect((await office.delete(`/api/map/boundaries/${xhjb}`)).status).toBe(200);
    expect((await office.get(`/api/map/boundaries/${xhjb}`)).status).toBe(404);
    expect((await office.delete(`/api/map/boundaries/${xhjb}`)).status).toBe(404);
    const areas = (await office.get('/api/map/areas?level=street')).body.items;
    expect(areas.find((a: { orgId: string }) => a.orgId === xhjb)).toMatchObject({ boundary: null, allowedActions: ['draw'] });
  });
});

describe('who may see and change boundaries', () => {
  it('shows the boundaries to every logged-in role but to no anonymous caller', async () => {
    expect((await t.anonymous.get('/api/map/boundaries')).status).toBe(401);
    const seen = await street.get('/api/map/boundaries');
    expect(seen.status).toBe(200);
    expect(seen.body.features.length).toBeGreaterThan(0);
    const enterprise = await t.userIn('XZJB', ['enterprise']);
    expect((await enterprise.get('/api/map/boundaries?level=street')).status).toBe(200);
    const areas = (await street.get('/api/map/areas')).body.items;
    expect(areas.every((a: { allowedActions: string[] }) => a.allowedActions.length === 0)).toBe(true);
  });

  it('lets only map.manage import, draw or delete', async () => {
    const xzjb = await t.orgId('XZJB');
    expect((await upload(street, '/api/map/boundaries/import/preview', 'a.geojson', collection())).status).toBe(403);
    expect((await upload(street, '/api/map/boundaries/import', 'a.geojson', collection())).status).toBe(403);
    expect((await street.put(`/api/map/boundaries/${xzjb}`, { geometry: polygon(XZJB) })).status).toBe(403);
    expect((await street.delete(`/api/map/boundaries/${xzjb}`)).status).toBe(403);
    expect((await t.anonymous.put(`/api/map/boundaries/${xzjb}`, { geometry: polygon(XZJB) })).status).toBe(401);
  });

  it('validates the query of an import', async () => {
    expect((await upload(office, '/api/map/boundaries/import/preview?crs=bd09', 'a.geojson', collection())).status).toBe(400);
    expect((await office.get('/api/map/boundaries?level=province')).status).toBe(400);
  });
});
