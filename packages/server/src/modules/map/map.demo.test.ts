import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { rows } from '../../platform/db.js';
import { identity } from '../identity/index.js';
import { locateAreas, map } from './index.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await identity.demo!(t.platform);
});
afterAll(() => t.close());

describe('map demo data', () => {
  it('draws the district, its two streets, their communities and grids once, labelled as demo data', async () => {
    expect(await map.demo!(t.platform)).toEqual({ boundaries: 14 });
    expect(await map.demo!(t.platform)).toEqual({ boundaries: 0 });
    const office = await t.admin();
    const all = (await office.get('/api/map/boundaries')).body.features as { properties: { level: string; source: string } }[];
    expect(all.map((f) => f.properties.level).reduce<Record<string, number>>((n, l) => ({ ...n, [l]: (n[l] ?? 0) + 1 }), {})).toEqual({
      district: 1,
      street: 2,
      community: 4,
      grid: 7,
    });
    expect(all.every((f) => f.properties.source === 'demo')).toBe(true);
  });

  it('lies around the port district, with grids tiling their community, communities their street, streets the district', async () => {
    const [extent] = await rows<{ w: number; s: number; e: number; n: number }>(
      t.platform.db,
      sql`select ST_XMin(geom) w, ST_YMin(geom) s, ST_XMax(geom) e, ST_YMax(geom) n from boundaries where level = 'district'`,
    );
    expect(extent!.w).toBeGreaterThan(109.0);
    expect(extent!.e).toBeLessThan(109.11);
    expect(extent!.s).toBeGreaterThan(34.33);
    expect(extent!.n).toBeLessThan(34.43);
    // For each parent area: the union of its children covers it and the children do not overlap (areas in m²).
    const tiling = await rows<{ code: string; gap: number; overlap: number; valid: boolean }>(
      t.platform.db,
      sql`select p.code,
                 ST_Area(ST_Difference(pb.geom, ST_Union(cb.geom))::geography) as gap,
                 (select coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0)
                    from boundaries a join orgs ao on ao.id = a.org_id, boundaries b join orgs bo on bo.id = b.org_id
                   where ao.parent_id = p.id and bo.parent_id = p.id and a.org_id < b.org_id
                     and a.level = b.level) as overlap,
                 bool_and(ST_IsValid(cb.geom)) as valid
            from orgs p join boundaries pb on pb.org_id = p.id
            join orgs c on c.parent_id = p.id join boundaries cb on cb.org_id = c.id
           group by p.id, p.code, pb.geom`,
    );
    expect(tiling.map((r) => r.code).sort()).toEqual(['GWQ', 'XHJB', 'XHJB-C01', 'XHJB-C02', 'XZJB', 'XZJB-C01', 'XZJB-C02']);
    for (const r of tiling) {
      expect(Number(r.gap), r.code).toBeLessThan(1);
      expect(Number(r.overlap), r.code).toBeLessThan(1);
      expect(r.valid).toBe(true);
    }
  });

  it('places every demo org with a location inside its own area', async () => {
    const placed = await rows<{ code: string; type: string; parent_code: string; x: number; y: number }>(
      t.platform.db,
      sql`select o.code, o.type, p.code as parent_code, ST_X(o.location) x, ST_Y(o.location) y
            from orgs o join orgs p on p.id = o.parent_id where o.location is not null`,
    );
    const idOf = new Map(
      (await rows<{ id: string; code: string }>(t.platform.db, sql`select id, code from orgs`)).map((r) => [r.id, r.code]),
    );
    expect(placed.length).toBeGreaterThanOrEqual(15);
    for (const org of placed) {
      const found = await locateAreas(t.platform.db, { type: 'Point', coordinates: [Number(org.x), Number(org.y)] });
      const areas = [found.streetId, found.communityId, found.gridId].map((id) => (id ? idOf.get(id) : null));
      // An enterprise lies in the area it hangs under; an area's own point lies in that area.
      const expected = org.type === 'enterprise' ? org.parent_code : org.code;
      if (['street', 'community', 'grid', 'enterprise'].includes(org.type)) expect(areas, org.code).toContain(expected);
    }
  });
});
