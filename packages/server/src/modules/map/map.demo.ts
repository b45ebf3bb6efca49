import { api } from '@citysafe/domain';
import { eq, sql } from 'drizzle-orm';
import { systemActor } from '../../platform/actor.js';
import { rows } from '../../platform/db.js';
import type { DemoCounts } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { orgs } from '../identity/index.js';
import { saveBoundary } from './map.service.js';

type Ring = [number, number][];

/**
 * One demo area: the district's outline, or a child cut from its parent's area by a polygon (the
 * part of the parent inside `cut`); the last child of a parent takes what its siblings left. So
 * grids tile their community, communities their street, streets the district, with no gap or
 * overlap whatever the shapes.
 */
interface DemoArea {
  code: string;
  parentCode?: string;
  outline?: Ring;
  cut?: Ring;
}

/** A cut west of a line running north–south through these points (longitude, latitude), closed far outside the district. */
const westOf = (...line: [number, number][]): Ring => [[109.0, 34.33], ...line, [109.0, 34.43], [109.0, 34.33]];

/*
 * The Xi'an International Port District (西安国际港务区, in 灞桥区, north-east of the city between the
 * 灞河 and the 渭河) drawn plausibly around its real location, about 109.02–109.10 E, 34.34–34.42 N.
 * These are DEMONSTRATION shapes (source `demo`), not surveyed boundaries: 新合 in the south-west,
 * 新筑 in the north-east, each community and grid around the demo orgs' points (identity.demo.ts).
 */
const demoAreas: DemoArea[] = [
  {
    code: 'GWQ',
    outline: [
      [109.022, 34.345],
      [109.048, 34.338],
      [109.075, 34.342],
      [109.098, 34.352],
      [109.102, 34.378],
      [109.097, 34.405],
      [109.082, 34.419],
      [109.058, 34.421],
      [109.036, 34.41],
      [109.025, 34.388],
      [109.019, 34.366],
      [109.022, 34.345],
    ],
  },
  {
    code: 'XHJB',
    parentCode: 'GWQ',
    cut: [
      [109.0, 34.33],
      [109.11, 34.33],
      [109.11, 34.36],
      [109.092, 34.364],
      [109.075, 34.372],
      [109.068, 34.3765],
      [109.062, 34.38],
      [109.051, 34.389],
      [109.04, 34.4],
      [109.0, 34.405],
      [109.0, 34.33],
    ],
  },
  { code: 'XZJB', parentCode: 'GWQ' },
  {
    code: 'XZJB-C02',
    parentCode: 'XZJB',
    cut: westOf([109.0775, 34.33], [109.0782, 34.38], [109.0788, 34.392], [109.0779, 34.405], [109.0785, 34.43]),
  },
  { code: 'XZJB-C01', parentCode: 'XZJB' },
  { code: 'XZJB-C01-G01', parentCode: 'XZJB-C01', cut: westOf([109.0838, 34.33], [109.0832, 34.392], [109.084, 34.43]) },
  { code: 'XZJB-C01-G02', parentCode: 'XZJB-C01' },
  { code: 'XZJB-C02-G01', parentCode: 'XZJB-C02', cut: westOf([109.0722, 34.33], [109.0716, 34.388], [109.0724, 34.43]) },
  { code: 'XZJB-C02-G02', parentCode: 'XZJB-C02' },
  { code: 'XHJB-C01', parentCode: 'XHJB', cut: westOf([109.0535, 34.33], [109.0528, 34.36], [109.0522, 34.43]) },
  { code: 'XHJB-C02', parentCode: 'XHJB' },
  { code: 'XHJB-C01-G01', parentCode: 'XHJB-C01', cut: westOf([109.0474, 34.33], [109.0469, 34.356], [109.0473, 34.43]) },
  { code: 'XHJB-C01-G02', parentCode: 'XHJB-C01' },
  { code: 'XHJB-C02-G01', parentCode: 'XHJB-C02' },
];

const polygonSql = (ring: Ring) => sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify({ type: 'Polygon', coordinates: [ring] })}), 4326)`;

/**
 * The demo district's boundaries (district, the two streets, their communities and grids), saved
 * through the map service (validated, audited as `boundary.demo`, points relocated). Idempotent:
 * an area that already has a boundary (the demo's, or one imported or drawn since) is left alone.
 */
export async function fillMapDemo(platform: Platform): Promise<DemoCounts> {
  const { db } = platform;
  const created = { boundaries: 0 };
  const idOf = async (code: string) => {
    const [org] = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, code));
    if (!org) throw new Error(`Org ${code} is missing: the map demo needs the identity demo first`);
    return org.id;
  };
  for (const area of demoAreas) {
    const orgId = await idOf(area.code);
    const [has] = await rows<{ n: number }>(db, sql`select count(*)::int as n from boundaries where org_id = ${orgId}`);
    if (has!.n > 0) continue;
    let shape;
    if (area.outline) shape = polygonSql(area.outline);
    else {
      const parentId = await idOf(area.parentCode!);
      const parent = sql`(select geom from boundaries where org_id = ${parentId})`;
      const siblings = demoAreas.filter((a) => a.parentCode === area.parentCode && a.code !== area.code).map((a) => a.code);
      shape = area.cut
        ? sql`ST_Intersection(${parent}, ${polygonSql(area.cut)})`
        : siblings.length === 0
          ? parent
          : sql`ST_Difference(${parent}, coalesce((select ST_Union(b.geom) from boundaries b join orgs o on o.id = b.org_id
                                                where o.code in (${sql.join(
                                                  siblings.map((c) => sql`${c}`),
                                                  sql`, `,
                                                )})), ST_GeomFromText('POLYGON EMPTY', 4326)))`;
    }
    const [made] = await rows<{ geojson: string }>(db, sql`select ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(${shape}, 3)), 7) as geojson`);
    const geometry = api.map.areaGeometry.parse(JSON.parse(made!.geojson));
    await saveBoundary(db, systemActor, orgId, geometry, 'demo');
    created.boundaries++;
  }
  return created;
}
