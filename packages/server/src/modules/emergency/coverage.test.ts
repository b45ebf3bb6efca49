import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { rows } from '../../platform/db.js';

let t: TestApp;
let office: Client; // 安委办: manages the settings and populations
let xinhe: Client;
let ids: Record<'GWQ' | 'XHJB' | 'XZJB' | 'XZJB-C01' | 'QY', string>;

/*
 * A hand-made district: a rectangle 108.9–109.1 E × 34.3–34.4 N, cut at 109.0 into 新合 (west) and 新筑 (east), which
 * mirror each other and so have the same area on the ellipsoid. One station at the centre of 新合, 108.95 E 34.35 N:
 * its 2 500 m reach (30 km/h × 5 min) lies wholly inside 新合 (the nearest edge is 0.05° of longitude, ≈ 4.6 km).
 */
const box = (w: number, s: number, e: number, n: number) => sql`ST_Multi(ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326))`;
const station: [number, number] = [108.95, 34.35];

const exec = (q: ReturnType<typeof sql>) => t.platform.db.execute(q);
const one = async <T>(q: ReturnType<typeof sql>): Promise<T> => (await rows<T>(t.platform.db, q))[0]!;

beforeAll(async () => {
  t = await testApp({ now: '2026-03-02T10:00:00+08:00' });
  const admin = await t.admin();
  ids = {
    GWQ: await t.orgId('GWQ'),
    XHJB: await t.orgId('XHJB'),
    XZJB: await t.orgId('XZJB'),
    'XZJB-C01': '',
    QY: '',
  };
  const community = await admin.post('/api/orgs', { code: 'XZJB-CT1', name: '覆盖测试社区', type: 'community', parentId: ids.XZJB });
  ids['XZJB-C01'] = community.body.id;
  const res = await admin.post('/api/orgs', { code: 'QY-COV1', name: '覆盖测试企业', type: 'enterprise', parentId: ids.XZJB });
  ids.QY = res.body.id;
  office = await t.userIn('AWB', ['safety_office'], 'cov_office');
  xinhe = await t.userIn('XHJB', ['street'], 'cov_xinhe');
});
afterAll(() => t.close());

describe('fire-station coverage', () => {
  it('needs the district’s boundary: 422 before one exists, 401 anonymous', async () => {
    expect((await t.anonymous.get('/api/emergency/coverage/fire')).status).toBe(401);
    const res = await xinhe.get('/api/emergency/coverage/fire');
    expect(res.status).toBe(422);
    expect(res.body.error.message.zh).toContain('边界');
  });

  it('populations are set by emergency.manage only, per street or community', async () => {
    expect((await xinhe.put(`/api/emergency/populations/${ids.XHJB}/2025`, { population: 1, source: '街道上报' })).status).toBe(403);
    const bad = await office.put(`/api/emergency/populations/${ids.QY}/2025`, { population: 1, source: '街道上报' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('areaId');
    expect((await office.put(`/api/emergency/populations/${ids.XHJB}/2025`, { population: -1, source: '统计' })).status).toBe(400);
    // An older year is kept beside the newer one; the newer is the one used.
    expect((await office.put(`/api/emergency/populations/${ids.XHJB}/2024`, { population: 1, source: '统计公报' })).status).toBe(200);
    const set = await office.put(`/api/emergency/populations/${ids.XHJB}/2025`, { population: 40_000, source: '统计公报' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ areaName: '新合街道办事处', year: 2025, population: 40_000 });
    await office.put(`/api/emergency/populations/${ids.XZJB}/2025`, { population: 60_000, source: '统计公报' });
    const list = await xinhe.get('/api/emergency/populations');
    expect(list.body.items).toHaveLength(3);
    expect(list.body.allowedActions).toEqual([]);
  });

  it('computes the area, population and key-place shares against the hand-made geometry, and draws the uncovered part', async () => {
    await exec(sql`insert into boundaries (org_id, level, geom, source) values
      (${ids.GWQ}, 'district', ${box(108.9, 34.3, 109.1, 34.4)}, 'drawn'),
      (${ids.XHJB}, 'street', ${box(108.9, 34.3, 109.0, 34.4)}, 'drawn'),
      (${ids.XZJB}, 'street', ${box(109.0, 34.3, 109.1, 34.4)}, 'drawn')`);
    const none = await xinhe.get('/api/emergency/coverage/fire');
    expect(none.status).toBe(200);
    expect(none.body.area.share).toBe(0);
    expect(none.body.uncovered.type).toMatch(/Polygon$/);

    await exec(sql`insert into emergency_fire_stations (org_id, name, geom)
      values (${ids.XHJB}, '新合消防站', ST_SetSRID(ST_MakePoint(${station[0]}, ${station[1]}), 4326))`);
    // Key places: a crowded place 1 km east of the station (reached), another in 新筑 (not), a major hazard 2.2 km
    // north (reached), and a unit that is not a major hazard (S < 1: not a key place).
    await exec(sql`insert into risk_sources (code, name, category, geom, org_id) values
      ('FX-T-1', '新合小学', 'crowded_place', ST_SetSRID(ST_MakePoint(108.961, 34.35), 4326), ${ids.XHJB}),
      ('FX-T-2', '新筑医院', 'crowded_place', ST_SetSRID(ST_MakePoint(109.05, 34.35), 4326), ${ids.XZJB}),
      ('FX-T-3', '新合加油站', 'hazardous_chemicals', ST_SetSRID(ST_MakePoint(109.06, 34.36), 4326), ${ids.XHJB})`);
    await exec(sql`insert into major_hazard_installations (org_id, name, unit_kind, location, is_major) values
      (${ids.QY}, '液氨罐区', 'storage', ST_SetSRID(ST_MakePoint(108.95, 34.37), 4326), true),
      (${ids.QY}, '小仓库', 'storage', ST_SetSRID(ST_MakePoint(109.08, 34.38), 4326), false)`);

    const res = await xinhe.get('/api/emergency/coverage/fire');
    expect(res.status).toBe(200);
    const c = res.body;
    expect(c).toMatchObject({ minutes: 5, speedKmh: 30, reachM: 2500, district: { id: ids.GWQ } });
    expect(c.stations).toEqual([{ id: expect.any(String), name: '新合消防站', location: station }]);

    // By hand: the reach is a disc of radius 2 500 m, π r² ≈ 19.63 km² (PostGIS draws it with 32 segments, 0.6 % less).
    // The district: 0.2° × 0.1° at 34.35° N on WGS-84 ≈ 18.39 km × 11.09 km ≈ 203.9 km².
    const disc = Math.PI * 2500 ** 2;
    const district = await one<{ a: number }>(sql`select ST_Area(${box(108.9, 34.3, 109.1, 34.4)}::geography) as a`);
    expect(Number(district.a) / 1e6).toBeCloseTo(203.9, 0);
    expect(c.area.totalM2).toBeCloseTo(Number(district.a), -3);
    expect(c.area.coveredM2 / disc).toBeGreaterThan(0.99);
    expect(c.area.coveredM2 / disc).toBeLessThan(1);
    expect(c.area.share).toBeCloseTo(disc / Number(district.a), 2); // ≈ 0.0963

    // Residents spread evenly: all covered ones are in 新合, which is half the district: 40 000 × 2 × share.
    expect(c.population.total).toBe(100_000);
    expect(c.population.covered).toBe(Math.round(40_000 * (c.area.coveredM2 / (c.area.totalM2 / 2))));
    expect(c.population.share).toBeCloseTo(0.8 * c.area.share, 4);
    expect(c.population.streetsWithout).toEqual([]);
    const [xh, xz] = ['新合街道办事处', '新筑街道办事处'].map((n) => c.streets.find((s: { name: string }) => s.name === n));
    expect(xh.coveredM2).toBeCloseTo(c.area.coveredM2, -2);
    expect(xz).toMatchObject({ coveredM2: 0, share: 0, population: 60_000 });

    // Key places: 3 (two crowded places, one major hazard); the hospital in 新筑 is outside, ≈ 9.2 km away.
    expect(c.keyPlaces).toMatchObject({ total: 3, covered: 2 });
    expect(c.keyPlaces.share).toBeCloseTo(2 / 3, 6);
    expect(c.keyPlaces.outside).toEqual([
      {
        id: expect.any(String),
        kind: 'crowded_place',
        name: '新筑医院',
        location: [109.05, 34.35],
        covered: false,
        nearestStationM: expect.any(Number),
      },
    ]);
    expect(c.keyPlaces.outside[0].nearestStationM / 1000).toBeCloseTo(9.2, 0);

    // The uncovered area is the district with the disc cut out: its area is the rest.
    const uncovered = await one<{ a: number; holes: number }>(
      sql`select ST_Area(ST_GeomFromGeoJSON(${JSON.stringify(c.uncovered)})::geography) as a,
        ST_NumInteriorRings(ST_GeometryN(ST_GeomFromGeoJSON(${JSON.stringify(c.uncovered)}), 1)) as holes`,
    );
    expect(Number(uncovered.a)).toBeCloseTo(c.area.totalM2 - c.area.coveredM2, -3);
    expect(Number(uncovered.holes)).toBe(1);
  });

  it('follows the settings: 60 km/h for 5 minutes reaches 5 000 m, cut by the district’s edge; the hospital is still out', async () => {
    const settings = await office.get('/api/emergency/settings');
    const put = await office.put('/api/emergency/settings', { ...settings.body.settings, fireSpeedKmh: 60 });
    expect(put.status).toBe(200);
    const res = await xinhe.get('/api/emergency/coverage/fire');
    expect(res.body.reachM).toBe(5000);
    // 5 km from 108.95 E crosses the district's western edge (4.6 km away): less than a whole disc is inside.
    expect(res.body.area.coveredM2).toBeLessThan(Math.PI * 5000 ** 2 * 0.99);
    expect(res.body.area.coveredM2).toBeGreaterThan(Math.PI * 5000 ** 2 * 0.9);
    expect(res.body.keyPlaces.outside.map((p: { name: string }) => p.name)).toEqual(['新筑医院']);
  });
});

describe('shelter check', () => {
  it('exactly 1.5 ㎡ per person falls short, a square metre more meets it; shared shelters are split', async () => {
    const shelter = (name: string, area: number, served: string[], at: [number, number]) =>
      exec(sql`insert into emergency_shelters (org_id, name, type, effective_area_m2, served_area_ids, geom)
        values (${ids.XHJB}, ${name}, 'fixed_short', ${area}, ${`{${served.join(',')}}`}::uuid[], ST_SetSRID(ST_MakePoint(${at[0]}, ${at[1]}), 4326))`);
    // 新合: 60 000 ㎡ for 40 000 people = exactly 1.5.
    await shelter('新合广场', 60_000, [ids.XHJB], [108.95, 34.33]);
    // 新筑: a shelter serving one of its communities (counted for the street), one naming no area (the street it
    // stands in), and one serving both streets (split in two).
    await shelter('新筑公园', 80_000, [ids['XZJB-C01']], [109.05, 34.33]);
    await shelter('新筑学校操场', 9_000, [], [109.06, 34.34]);
    await shelter('港务体育场', 2_000, [ids.XHJB, ids.XZJB], [109.0, 34.35]);

    const res = await xinhe.get('/api/emergency/coverage/shelters');
    expect(res.status).toBe(200);
    expect(res.body.required).toBe(1.5);
    expect(res.body.source).toContain('GB 21734-2008');
    const [xh, xz] = ['新合街道办事处', '新筑街道办事处'].map((n) => res.body.streets.find((s: { name: string }) => s.name === n));
    expect(xh).toMatchObject({ population: 40_000, populationYear: 2025, shelters: 2, effectiveAreaM2: 61_000 });
    expect(xh.meets).toBe(true);
    expect(xz).toMatchObject({
      population: 60_000,
      shelters: 3,
      effectiveAreaM2: 90_000,
      areaPerPerson: 1.5,
      meets: false,
      shortfallM2: 0,
    });
    expect(res.body.fallingShort).toEqual(['新筑街道办事处']);

    // One square metre more in 新筑 and it meets the figure.
    await exec(sql`update emergency_shelters set effective_area_m2 = 9001 where name = '新筑学校操场'`);
    const after = await xinhe.get('/api/emergency/coverage/shelters');
    expect(after.body.fallingShort).toEqual([]);
    // Below the figure the shortfall is what is missing.
    await exec(sql`update emergency_shelters set effective_area_m2 = 8000 where name = '新筑学校操场'`);
    const short = await xinhe.get('/api/emergency/coverage/shelters');
    expect(short.body.streets.find((s: { name: string }) => s.name === '新筑街道办事处')).toMatchObject({
      meets: false,
      shortfallM2: 1_000,
    });
  });
});
