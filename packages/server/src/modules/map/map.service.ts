import { AppError, type Bilingual, api, bi, map } from '@citysafe/domain';
import { eq, sql } from 'drizzle-orm';
import type * as GeoJSON from 'geojson';
import { type Actor, assertInScope, can, inScope } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { geometrySql } from '../../platform/columns.js';
import { type Db, now, rows, type Tx } from '../../platform/db.js';
import { orgs } from '../identity/index.js';
import type { BoundaryFile } from './map.files.js';
import { announceAreasChanged, type AreasChange } from './map.locate.js';
import { areaBoundaries } from './map.tables.js';

/** Larger areas first, so that streets are drawn under their communities and grids. */
const levelOrder = sql.raw(`array_position(array[${map.areaLevels.map((l) => `'${l}'`).join(', ')}]::text[], b.level)`);

/** About a metre at the district's latitude: invisible on screen, a fraction of the vertices of a surveyed boundary. */
const DISPLAY_TOLERANCE_DEGREES = 0.00001;

interface FeatureRow {
  org_id: string;
  name: string;
  level: map.AreaLevel;
  source: map.BoundarySource;
  updated_at: Date | string;
  geojson: string;
}

const presentFeature = (r: FeatureRow): api.map.BoundaryFeature => ({
  type: 'Feature',
  id: r.org_id,
  geometry: JSON.parse(r.geojson) as api.map.BoundaryFeature['geometry'],
  properties: { orgId: r.org_id, name: r.name, level: r.level, source: r.source, updatedAt: new Date(r.updated_at).toISOString() },
});

async function featureRows(db: Tx, where: ReturnType<typeof sql>, full: boolean): Promise<FeatureRow[]> {
  const geometry = full ? sql`b.geom` : sql`ST_Multi(ST_SimplifyPreserveTopology(b.geom, ${DISPLAY_TOLERANCE_DEGREES}))`;
  return rows<FeatureRow>(
    db,
    sql`select b.org_id, o.name, b.level, b.source, b.updated_at, ST_AsGeoJSON(${geometry}, 7) as geojson
          from boundaries b join orgs o on o.id = b.org_id
         where ${where}
         order by ${levelOrder}, o.sort_order, o.code`,
  );
}

/**
 * Every boundary (of one level), for the map's base layers. Not scoped: the district's areas are
 * no secret to anyone who may see the map, and every built-in role may.
 */
export async function listBoundaries(
  db: Db,
  query: { level?: map.AreaLevel; full?: 'true' | 'false' },
): Promise<api.map.BoundaryCollection> {
  const where = query.level ? sql`b.level = ${query.level}` : sql`true`;
  return { type: 'FeatureCollection', features: (await featureRows(db, where, query.full === 'true')).map(presentFeature) };
}

const noBoundary = () => new AppError('NOT_FOUND', bi('该区域没有边界', 'This area has no boundary'));

/** One area's boundary at full detail (for editing). */
export async function getBoundary(db: Tx, orgId: string): Promise<api.map.BoundaryFeature> {
  const [row] = await featureRows(db, sql`b.org_id = ${orgId}`, true);
  if (!row) throw noBoundary();
  return presentFeature(row);
}

/** The district, streets, communities and grids, each with its boundary's source and date, and what the caller may do. */
export async function listAreas(db: Db, actor: Actor, level?: map.AreaLevel): Promise<{ items: api.map.Area[] }> {
  const found = await rows<{
    id: string;
    code: string;
    name: string;
    type: map.AreaLevel;
    path: string;
    parent_name: string | null;
    source: map.BoundarySource | null;
    updated_at: Date | string | null;
  }>(
    db,
    sql`select o.id, o.code, o.name, o.type, o.path, p.name as parent_name, b.source, b.updated_at
          from orgs o left join orgs p on p.id = o.parent_id left join boundaries b on b.org_id = o.id
         where ${
           level
             ? sql`o.type = ${level}`
             : sql`o.type in (${sql.join(
                 map.areaLevels.map((l) => sql`${l}`),
                 sql`, `,
               )})`
         }
         order by array_position(array['district', 'street', 'community', 'grid']::text[], o.type), o.sort_order, o.code`,
  );
  return {
    items: found.map((r) => {
      const manages = can(actor, 'map.manage') && inScope(actor, 'map.manage', r);
      return {
        orgId: r.id,
        code: r.code,
        name: r.name,
        level: r.type,
        parentName: r.parent_name,
        boundary: r.source && r.updated_at ? { source: r.source, updatedAt: new Date(r.updated_at).toISOString() } : null,
        allowedActions: manages ? (r.source ? (['draw', 'delete'] as const) : (['draw'] as const)).slice() : [],
      };
    }),
  };
}

type AreaOrg = { id: string; code: string; name: string; shortName: string | null; aliases: string[]; type: string; path: string };

const areaOrgColumns = {
  id: orgs.id,
  code: orgs.code,
  name: orgs.name,
  shortName: orgs.shortName,
  aliases: orgs.aliases,
  type: orgs.type,
  path: orgs.path,
};

const notAnArea = (org: { name: string; type: string }): Bilingual =>
  bi(
    `「${org.name}」不是区、街道、社区或网格，不能有边界`,
    `“${org.name}” is not a district, street, community or grid and cannot have a boundary`,
  );

/** Box of a set of boundaries, `[west, south, east, north]`, or null when none has one. */
async function extentOf(tx: Tx, orgIds: string[]): Promise<AreasChange['extent']> {
  if (orgIds.length === 0) return null;
  const [box] = await rows<{ w: number | null; s: number; e: number; n: number }>(
    tx,
    sql`select min(ST_XMin(geom)) as w, min(ST_YMin(geom)) as s, max(ST_XMax(geom)) as e, max(ST_YMax(geom)) as n
          from boundaries where org_id in (${sql.join(
            orgIds.map((id) => sql`${id}`),
            sql`, `,
          )})`,
  );
  return box && box.w !== null ? [Number(box.w), Number(box.s), Number(box.e), Number(box.n)] : null;
}

const union = (a: AreasChange['extent'], b: AreasChange['extent']): AreasChange['extent'] =>
  a && b ? [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])] : (a ?? b);

/** Whether coordinates (of any nesting) are arrays down to positions of at least two finite numbers. */
const numericPositions = (c: unknown): boolean =>
  Array.isArray(c) &&
  c.length > 0 &&
  (typeof c[0] === 'number' ? c.length >= 2 && c.every((n) => Number.isFinite(n)) : c.every(numericPositions));

/**
 * What is wrong with a geometry before the database sees it: missing, not a polygon, malformed
 * coordinates, a ring not closed, or (after conversion to WGS-84) outside China.
 */
function shapeProblems(geometry: GeoJSON.Geometry | null): Bilingual[] {
  if (!geometry || typeof geometry !== 'object') return [bi('没有几何图形', 'No geometry')];
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
    const type = String((geometry as { type?: unknown }).type);
    return [bi(`不是面（Polygon / MultiPolygon），而是 ${type}`, `Not a polygon (Polygon / MultiPolygon) but ${type}`)];
  }
  // Numbers out of the longitude/latitude range are most often metres: say so before "malformed".
  if (numericPositions(geometry.coordinates) && !map.withinChina(geometry.coordinates)) {
    return [
      bi(
        '坐标超出中国范围（经度 73.4–135.1，纬度 3.8–53.6）：是否为投影坐标（米）或经纬度颠倒？',
        'Coordinates outside China (longitude 73.4–135.1, latitude 3.8–53.6): projected coordinates (metres) or latitude and longitude swapped?',
      ),
    ];
  }
  if (!api.map.areaGeometry.safeParse(geometry).success) {
    return [
      bi(
        '坐标格式有误：每个环至少 4 个 [经度, 纬度] 点',
        'Malformed coordinates: each ring needs at least 4 [longitude, latitude] positions',
      ),
    ];
  }
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const open = polygons.some((rings) => rings.some((ring) => ring[0]![0] !== ring.at(-1)![0] || ring[0]![1] !== ring.at(-1)![1]));
  if (open) return [bi('面的环未闭合（首尾点不同）', 'A ring is not closed (first and last positions differ)')];
  return [];
}

/** PostGIS's verdict on each geometry (null when valid, else GEOS's reason), in one statement. */
async function validityProblems(tx: Tx, geometries: GeoJSON.Geometry[]): Promise<(Bilingual | null)[]> {
  if (geometries.length === 0) return [];
  const found = await rows<{ i: number; reason: string | null }>(
    tx,
    sql`select t.i::int as i, case when ST_IsValid(g) then null else ST_IsValidReason(g) end as reason
          from jsonb_array_elements(${JSON.stringify(geometries)}::jsonb) with ordinality as t(e, i),
               ST_GeomFromGeoJSON(t.e::text) as g
         order by t.i`,
  );
  return found.map((r) => {
    if (r.reason === null) return null;
    const zhReason = r.reason
      .replace('Self-intersection', '自相交')
      .replace('Ring Self-intersection', '环自相交')
      .replace('Too few points', '点数过少');
    return bi(
      `几何图形无效（${zhReason}）：请在 GIS 软件中修复（如 ST_MakeValid）后重新导入`,
      `Invalid geometry (${r.reason}): repair it in GIS software (e.g. ST_MakeValid) and import again`,
    );
  });
}

/** Saves (inserts or replaces) boundaries, audits each and tells the modules whose points may have moved area. */
async function writeBoundaries(
  tx: Tx,
  actor: Actor,
  items: { org: { id: string; name: string }; level: map.AreaLevel; geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon }[],
  source: map.BoundarySource,
): Promise<void> {
  const orgIds = items.map((i) => i.org.id);
  const before = await extentOf(tx, orgIds);
  const at = now(tx);
  for (const item of items) {
    const geom = sql`ST_Multi(${geometrySql(item.geometry)})`;
    const [saved] = await tx
      .insert(areaBoundaries)
      .values({ orgId: item.org.id, level: item.level, geom: sql`${geom}` as never, source, updatedAt: at })
      .onConflictDoUpdate({ target: areaBoundaries.orgId, set: { level: item.level, geom: sql`${geom}` as never, source, updatedAt: at } })
      .returning({ id: areaBoundaries.id });
    await audit(tx, actor, {
      action: source === 'demo' ? 'boundary.demo' : source === 'import' ? 'boundary.import' : 'boundary.draw',
      entityType: 'boundary',
      entityId: saved!.id,
      after: { orgId: item.org.id, name: item.org.name, level: item.level, source },
    });
  }
  await announceAreasChanged(tx, { orgIds, extent: union(before, await extentOf(tx, orgIds)) });
}

/** Draws or replaces one area's boundary (drawn on the map, or the demo's): 404, 403 out of reach, 422 not an area or an invalid polygon. */
export async function saveBoundary(
  db: Db | Tx,
  actor: Actor,
  orgId: string,
  geometry: api.map.AreaGeometry,
  source: 'drawn' | 'demo' = 'drawn',
): Promise<api.map.BoundaryFeature> {
  return db.transaction(async (tx) => {
    const [org] = await tx.select(areaOrgColumns).from(orgs).where(eq(orgs.id, orgId));
    if (!org) throw new AppError('NOT_FOUND', bi('组织机构不存在', 'No such org'));
    assertInScope(actor, 'map.manage', org);
    if (!map.isAreaLevel(org.type)) throw new AppError('RULE_VIOLATION', notAnArea(org));
    const problems = [...shapeProblems(geometry as GeoJSON.Geometry)];
    if (problems.length === 0)
      problems.push(...((await validityProblems(tx, [geometry as GeoJSON.Geometry])).filter(Boolean) as Bilingual[]));
    if (problems.length > 0) throw new AppError('RULE_VIOLATION', problems[0]);
    await writeBoundaries(tx, actor, [{ org, level: org.type, geometry: geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon }], source);
    return getBoundary(tx, orgId);
  });
}

/** Deletes one area's boundary: its points lose that area until another is drawn. */
export async function deleteBoundary(db: Db, actor: Actor, orgId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [org] = await tx.select(areaOrgColumns).from(orgs).where(eq(orgs.id, orgId));
    if (!org) throw new AppError('NOT_FOUND', bi('组织机构不存在', 'No such org'));
    assertInScope(actor, 'map.manage', org);
    const extent = await extentOf(tx, [orgId]);
    const [gone] = await tx
      .delete(areaBoundaries)
      .where(eq(areaBoundaries.orgId, orgId))
      .returning({ id: areaBoundaries.id, level: areaBoundaries.level, source: areaBoundaries.source });
    if (!gone) throw noBoundary();
    await audit(tx, actor, {
      action: 'boundary.delete',
      entityType: 'boundary',
      entityId: gone.id,
      before: { orgId, name: org.name, level: gone.level, source: gone.source },
    });
    await announceAreasChanged(tx, { orgIds: [orgId], extent });
  });
}

const normalise = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  const text = String(value).normalize('NFC').trim();
  return text === '' ? null : text;
};

/** The value of a property, by its exact name or else ignoring case (shapefile fields are often upper case). */
function propertyValue(properties: Record<string, unknown>, name: string): unknown {
  if (name in properties) return properties[name];
  const key = Object.keys(properties).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : properties[key];
}

interface Checked {
  report: api.map.ImportReport;
  saveable: { org: AreaOrg; level: map.AreaLevel; geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon }[];
}

/**
 * Checks every feature of a boundary file, saving nothing: the org it names (by name, short name
 * or alias, or by code; unknown, ambiguous, not an area, out of the caller's reach, named twice),
 * its geometry (a polygon, well-formed, inside China once converted to WGS-84, valid for PostGIS).
 */
async function checkImport(
  tx: Tx,
  actor: Actor,
  file: BoundaryFile,
  query: { crs?: map.BoundaryCrs; matchBy: 'name' | 'code'; property?: string },
): Promise<Checked> {
  const crs = query.crs ?? 'wgs84';
  const property = query.property ?? query.matchBy;
  const candidates = (await tx.select(areaOrgColumns).from(orgs)) as AreaOrg[];
  const byKey = new Map<string, AreaOrg[]>();
  const index = (key: string | null, org: AreaOrg) => {
    if (!key) return;
    const list = byKey.get(key) ?? [];
    if (!list.includes(org)) list.push(org);
    byKey.set(key, list);
  };
  for (const org of candidates) {
    if (query.matchBy === 'code') index(org.code, org);
    else [org.name, org.shortName, ...org.aliases].forEach((k) => index(normalise(k), org));
  }
  const existing = new Set((await tx.select({ orgId: areaBoundaries.orgId }).from(areaBoundaries)).map((r) => r.orgId));
  const seenAt = new Map<string, number>();
  const keys = new Set<string>();
  const rowsOut: api.map.ImportRow[] = [];
  const pending: { row: number; org: AreaOrg; level: map.AreaLevel; geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon }[] = [];

  file.features.forEach((feature, i) => {
    Object.keys(feature.properties).forEach((k) => keys.add(k));
    const key = normalise(propertyValue(feature.properties, property));
    const errors: Bilingual[] = [];
    let org: AreaOrg | null = null;
    if (key === null) {
      errors.push(bi(`缺少属性「${property}」`, `Property “${property}” is missing`));
    } else {
      const found = byKey.get(key) ?? [];
      const areas = found.filter((o) => map.isAreaLevel(o.type));
      if (found.length === 0)
        errors.push(bi(`找不到${query.matchBy === 'code' ? '编码' : '名称'}为「${key}」的组织`, `No org with ${query.matchBy} “${key}”`));
      else if (areas.length === 0) errors.push(notAnArea(found[0]!));
      else if (areas.length > 1) errors.push(bi(`「${key}」对应多个区域，请按编码匹配`, `“${key}” names several areas: match by code`));
      else org = areas[0]!;
    }
    if (org && !inScope(actor, 'map.manage', org)) {
      errors.push(bi(`「${org.name}」不在您的管理范围内`, `“${org.name}” is outside your reach`));
      org = null;
    }
    if (org && seenAt.has(org.id)) errors.push(bi(`与第 ${seenAt.get(org.id)} 行重复`, `Same area as row ${seenAt.get(org.id)}`));
    if (org && !seenAt.has(org.id)) seenAt.set(org.id, i + 1);
    const shape = feature.geometry;
    const converted =
      shape && (shape.type === 'Polygon' || shape.type === 'MultiPolygon') && numericPositions(shape.coordinates)
        ? ({ ...shape, coordinates: map.coordinatesToWgs84(shape.coordinates, crs) } as GeoJSON.Polygon | GeoJSON.MultiPolygon)
        : shape;
    const shapeErrors = shapeProblems(converted);
    errors.push(...shapeErrors);
    rowsOut.push({
      index: i + 1,
      key,
      orgId: org?.id ?? null,
      orgName: org?.name ?? null,
      level: org && map.isAreaLevel(org.type) ? org.type : null,
      geometryType: shape && typeof shape.type === 'string' ? shape.type : null,
      replaces: org ? existing.has(org.id) : false,
      errors,
    });
    if (shapeErrors.length === 0 && converted)
      pending.push({ row: i, org: org!, level: org?.type as map.AreaLevel, geometry: converted as GeoJSON.Polygon | GeoJSON.MultiPolygon });
  });

  const verdicts = await validityProblems(
    tx,
    pending.map((p) => p.geometry),
  );
  pending.forEach((p, j) => {
    if (verdicts[j]) rowsOut[p.row]!.errors.push(verdicts[j]!);
  });
  const saveable = pending.filter((p) => p.org && rowsOut[p.row]!.errors.length === 0);
  const invalid = rowsOut.filter((r) => r.errors.length > 0).length;
  return {
    report: {
      format: file.format,
      crs,
      prj: file.prj,
      properties: [...keys].slice(0, 100),
      total: rowsOut.length,
      valid: rowsOut.length - invalid,
      invalid,
      saved: 0,
      rows: rowsOut,
    },
    saveable,
  };
}

/** The preview of an import: every row with its match and errors; nothing is saved. */
export async function previewImport(db: Db, actor: Actor, file: BoundaryFile, query: api.map.ImportQuery): Promise<api.map.ImportReport> {
  return (await db.transaction((tx) => checkImport(tx, actor, file, query))).report;
}

/**
 * Saves the boundaries of a file: all rows when none has an error; with errors, nothing (422)
 * unless the caller chose to import the valid rows only.
 */
export async function commitImport(
  db: Db,
  actor: Actor,
  file: BoundaryFile,
  query: api.map.ImportQuery & { validOnly: 'true' | 'false' },
): Promise<api.map.ImportReport> {
  return db.transaction(async (tx) => {
    const { report, saveable } = await checkImport(tx, actor, file, query);
    if (report.invalid > 0 && query.validOnly !== 'true') {
      throw new AppError(
        'RULE_VIOLATION',
        bi(
          `文件中有 ${report.invalid} 行错误，未保存任何边界：请修正后重新导入，或选择“只导入无误的行”`,
          `${report.invalid} rows of the file have errors and nothing was saved: correct them and import again, or choose to import the valid rows only`,
        ),
      );
    }
    await writeBoundaries(tx, actor, saveable, 'import');
    return { ...report, saved: saveable.length };
  });
}
