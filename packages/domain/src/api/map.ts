import { z } from 'zod';
import { areaLevels, boundaryCrsList, boundarySources } from '../map/areas.js';
import { bilingual, id, ok, timestamp } from './common.js';
import { endpoint, mediaType } from './endpoint.js';

/** The district map: the boundaries of the district, its streets, communities and grids. */

const lon = z
  .number()
  .min(-180, '经度须在 -180 到 180 之间 / longitude must be within -180..180')
  .max(180, '经度须在 -180 到 180 之间 / longitude must be within -180..180');
const lat = z
  .number()
  .min(-90, '纬度须在 -90 到 90 之间 / latitude must be within -90..90')
  .max(90, '纬度须在 -90 到 90 之间 / latitude must be within -90..90');
const position = z.tuple([lon, lat]).rest(z.number());
const ring = z.array(position).min(4, '面的每个环至少 4 个点且首尾相同 / a ring needs at least 4 positions, first = last').max(100_000);
const rings = z.array(ring).min(1).max(1000);

/** An area as a GeoJSON polygon or multipolygon in WGS-84 (RFC 7946: longitude first). */
export const areaGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: rings }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(rings).min(1).max(1000) }),
]);
export type AreaGeometry = z.infer<typeof areaGeometry>;

export const areaLevel = z.enum(areaLevels);
export const boundarySource = z.enum(boundarySources);
export const boundaryCrs = z.enum(boundaryCrsList);

/** One boundary as a GeoJSON feature: its org, the org's name and level. */
export const boundaryFeature = z.object({
  type: z.literal('Feature'),
  /** The org's id: an area has at most one boundary. */
  id,
  geometry: z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(z.array(z.number())))) }),
  properties: z.object({ orgId: id, name: z.string(), level: areaLevel, source: boundarySource, updatedAt: timestamp }),
});
export type BoundaryFeature = z.infer<typeof boundaryFeature>;

export const boundaryCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(boundaryFeature) });
export type BoundaryCollection = z.infer<typeof boundaryCollection>;

export const listBoundaries = endpoint({
  method: 'GET',
  path: '/api/map/boundaries',
  permission: 'map.read',
  summary:
    '区域边界 / The boundaries of the district, streets, communities and grids as a GeoJSON FeatureCollection (simplified to about a metre unless `full=true`)',
  tags: ['map'],
  query: z.object({ level: areaLevel.optional(), full: z.enum(['true', 'false']).optional() }),
  response: boundaryCollection,
});

const orgParams = z.object({ orgId: id });

export const getBoundary = endpoint({
  method: 'GET',
  path: '/api/map/boundaries/:orgId',
  permission: 'map.read',
  summary: '一个区域的边界 / One area’s boundary, at full detail',
  tags: ['map'],
  params: orgParams,
  response: boundaryFeature,
});

export const saveBoundary = endpoint({
  method: 'PUT',
  path: '/api/map/boundaries/:orgId',
  permission: 'map.manage',
  summary: '绘制或修改区域边界 / Draw or replace an area’s boundary (GeoJSON Polygon or MultiPolygon in WGS-84)',
  tags: ['map'],
  params: orgParams,
  body: z.object({ geometry: areaGeometry }),
  response: boundaryFeature,
  errors: ['RULE_VIOLATION'],
});

export const deleteBoundary = endpoint({
  method: 'DELETE',
  path: '/api/map/boundaries/:orgId',
  permission: 'map.manage',
  summary: '删除区域边界 / Delete an area’s boundary',
  tags: ['map'],
  params: orgParams,
  response: ok,
});

/** An org that may have an area (district, street, community, grid) and its boundary, if any. */
export const area = z.object({
  orgId: id,
  code: z.string(),
  name: z.string(),
  level: areaLevel,
  parentName: z.string().nullable(),
  boundary: z.object({ source: boundarySource, updatedAt: timestamp }).nullable(),
  allowedActions: z.array(z.enum(['draw', 'delete'])),
});
export type Area = z.infer<typeof area>;

export const listAreas = endpoint({
  method: 'GET',
  path: '/api/map/areas',
  permission: 'map.read',
  summary: '区域清单 / The district, streets, communities and grids with whether each has a boundary',
  tags: ['map'],
  query: z.object({ level: areaLevel.optional() }),
  response: z.object({ items: z.array(area) }),
});

/** How an import reads its file: the CRS (else the shapefile's `.prj`, else WGS-84) and how features name their org. */
export const importQuery = z.object({
  crs: boundaryCrs.optional(),
  /** Match each feature to an org by its name (or short name) or by its code. */
  matchBy: z.enum(['name', 'code']).default('name'),
  /** The feature property holding the name or code; default `name` or `code`, as matchBy says. */
  property: z.string().trim().min(1).max(64).optional(),
});

export const importCommitQuery = importQuery.extend({
  /** Save the valid rows of a file that has errors; otherwise nothing is saved from such a file. */
  validOnly: z.enum(['true', 'false']).default('false'),
});

/** One feature of an imported file, with what it matched and why it cannot be saved. */
export const importRow = z.object({
  /** The feature's number in the file, from 1. */
  index: z.number().int(),
  key: z.string().nullable(),
  orgId: id.nullable(),
  orgName: z.string().nullable(),
  level: areaLevel.nullable(),
  geometryType: z.string().nullable(),
  /** Whether the org already has a boundary, which saving replaces. */
  replaces: z.boolean(),
  errors: z.array(bilingual),
});
export type ImportRow = z.infer<typeof importRow>;

export const importReport = z.object({
  format: z.enum(['geojson', 'shapefile']),
  crs: boundaryCrs,
  /** What a shapefile's `.prj` declares (`wgs84`), or null without one. */
  prj: z.enum(['wgs84']).nullable(),
  /** The property names of the features, to choose the one to match by. */
  properties: z.array(z.string()),
  total: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  /** Boundaries saved: always 0 for a preview. */
  saved: z.number().int(),
  rows: z.array(importRow),
});
export type ImportReport = z.infer<typeof importReport>;

/** A boundary file: GeoJSON (FeatureCollection, Feature or geometry) or a zipped Shapefile (.shp, .shx, .dbf, .prj, .cpg). */
const boundaryFiles = { accept: [mediaType.zip, 'application/geo+json'] } as const;

export const previewBoundaryImport = endpoint({
  method: 'POST',
  path: '/api/map/boundaries/import/preview',
  permission: 'map.manage',
  summary: '预览边界导入 / Read a boundary file (GeoJSON or zipped Shapefile) and report each feature’s match and errors; saves nothing',
  tags: ['map'],
  query: importQuery,
  upload: boundaryFiles,
  response: importReport,
});

export const importBoundaries = endpoint({
  method: 'POST',
  path: '/api/map/boundaries/import',
  permission: 'map.manage',
  summary: '导入边界 / Save the boundaries of a file: all of them when it has no error, else only with validOnly=true the valid rows',
  tags: ['map'],
  query: importCommitQuery,
  upload: boundaryFiles,
  response: importReport,
  errors: ['RULE_VIOLATION'],
});
export type ImportQuery = z.output<typeof importQuery>;
