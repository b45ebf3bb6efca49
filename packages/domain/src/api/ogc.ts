import { z } from 'zod';
import type { Action } from '../identity/permissions.js';
import { endpoint } from './endpoint.js';

/**
 * OGC API – Features, Part 1: Core (OGC 17-069r4), GeoJSON encoding, CRS84 only: what GIS software
 * (QGIS, ArcGIS Pro, GDAL's OAPIF driver) reads the district's layers through. Each collection is
 * read with its module's read action, by a person's session or an API token listing that action.
 */

/** The only coordinate reference system served: WGS-84 longitude, latitude (GeoJSON's). */
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/** The conformance classes implemented (OGC 17-069r4 §7.4, §8.3, §7.11 with OpenAPI 3.0). */
export const conformanceClasses = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
] as const;

/** `limit` of the items: 10 unless asked, at most 10 000 (a larger request is served at the maximum, §7.15.4). */
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 10_000;

/** GeoJSON's media type, in which features are sent. */
export const geoJsonType = 'application/geo+json';

export const link = z.object({
  href: z.string(),
  rel: z.string(),
  type: z.string().optional(),
  title: z.string().optional(),
});

/** `f=json` (the only encoding); a client asking another gets a 400 naming the parameter. */
const format = z.object({ f: z.enum(['json']).optional() });

const finite = (text: string) => text.trim() !== '' && Number.isFinite(Number(text));

/**
 * `bbox=minLon,minLat,maxLon,maxLat` (or six numbers with heights, which are ignored), in CRS84.
 * A box crossing the antimeridian (min longitude above max) is refused: no district needs it.
 */
export const bboxParam = z
  .string()
  .transform((text, ctx) => {
    const parts = text.split(',');
    if ((parts.length !== 4 && parts.length !== 6) || !parts.every(finite)) {
      ctx.addIssue({ code: 'custom', message: 'bbox 须为 4 个（或 6 个）以逗号分隔的数：最小经度,最小纬度,最大经度,最大纬度' });
      return z.NEVER;
    }
    const n = parts.map(Number);
    const [minLon, minLat, maxLon, maxLat] = parts.length === 4 ? n : [n[0]!, n[1]!, n[3]!, n[4]!];
    const inRange = [minLon, maxLon].every((x) => x! >= -180 && x! <= 180) && [minLat, maxLat].every((y) => y! >= -90 && y! <= 90);
    if (!inRange || minLon! > maxLon! || minLat! > maxLat!) {
      ctx.addIssue({ code: 'custom', message: 'bbox 超出经纬度范围或最小值大于最大值' });
      return z.NEVER;
    }
    return [minLon!, minLat!, maxLon!, maxLat!] as [number, number, number, number];
  })
  .meta({ description: '最小经度,最小纬度,最大经度,最大纬度（CRS84）/ minLon,minLat,maxLon,maxLat in CRS84' });

/** Strict: a parameter the items do not know (a property filter) is a 400, not a silently wider answer (§7.15.7). */
export const itemsQuery = format
  .extend({
    bbox: bboxParam.optional(),
    'bbox-crs': z.literal(CRS84).optional(),
    limit: z.coerce.number().int().min(1).default(DEFAULT_LIMIT),
    offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  })
  .strict();
export type ItemsQuery = z.output<typeof itemsQuery>;

export const landingPage = z.object({ title: z.string(), description: z.string(), links: z.array(link) });
export const conformance = z.object({ conformsTo: z.array(z.string()) });

export const collection = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  links: z.array(link),
  extent: z.object({
    spatial: z.object({ bbox: z.array(z.array(z.number())), crs: z.string() }),
  }),
  itemType: z.literal('feature'),
  crs: z.array(z.string()),
});
export type Collection = z.infer<typeof collection>;

export const collections = z.object({ links: z.array(link), collections: z.array(collection) });

/** A GeoJSON geometry (RFC 7946) in CRS84. */
const geometry = z.object({ type: z.string(), coordinates: z.unknown().optional(), geometries: z.unknown().optional() });

export const feature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry,
  properties: z.record(z.string(), z.unknown()),
  links: z.array(link).optional(),
});

export const featureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(feature),
  links: z.array(link),
  timeStamp: z.string(),
  numberMatched: z.number().int(),
  numberReturned: z.number().int(),
});

export const getLandingPage = endpoint({
  method: 'GET',
  path: '/api/ogc',
  // A GIS client starts here with an API token, which the endpoints open to any logged-in person
  // refuse; the page names the service's parts and nothing of the data.
  permission: 'public',
  summary: 'OGC API – Features 入口 / OGC API – Features landing page',
  tags: ['ogc'],
  query: format,
  response: landingPage,
});

export const getConformance = endpoint({
  method: 'GET',
  path: '/api/ogc/conformance',
  permission: 'public',
  summary: '实现的一致性类 / The conformance classes implemented',
  tags: ['ogc'],
  query: format,
  response: conformance,
});

export const listCollections = endpoint({
  method: 'GET',
  path: '/api/ogc/collections',
  // Public so that a token reaches it; it lists only the collections the caller may read.
  permission: 'public',
  summary: '要素集合（仅列出调用者可读的）/ The feature collections the caller may read',
  tags: ['ogc'],
  query: format,
  response: collections,
});

/**
 * The three endpoints of one collection, each with the collection's read action as its permission:
 * the route pipeline then takes a session or an API token listing that action.
 */
export function collectionEndpoints<const Id extends string, const P extends Action>(id: Id, permission: P, name: string) {
  const base = `/api/ogc/collections/${id}` as const;
  return {
    collection: endpoint({
      method: 'GET',
      path: base,
      permission,
      summary: `${name}：集合说明 / Collection \`${id}\``,
      tags: ['ogc'],
      query: format,
      response: collection,
    }),
    items: endpoint({
      method: 'GET',
      path: `${base}/items`,
      permission,
      summary: `${name}：要素（bbox、limit、offset 分页）/ Features of \`${id}\` (GeoJSON, paged by limit and offset)`,
      tags: ['ogc'],
      query: itemsQuery,
      // A FeatureCollection (`featureCollection`), written as GeoJSON text by the database.
      produces: [geoJsonType],
    }),
    item: endpoint({
      method: 'GET',
      path: `${base}/items/:featureId`,
      permission,
      summary: `${name}：单个要素 / One feature of \`${id}\``,
      tags: ['ogc'],
      params: z.object({ featureId: z.string().min(1).max(200) }),
      query: format,
      // One `feature`.
      produces: [geoJsonType],
    }),
  };
}
export type CollectionEndpoints = ReturnType<typeof collectionEndpoints<string, Action>>;

/** 区域边界: district, streets, communities, grids. */
export const boundaries = collectionEndpoints('boundaries', 'map.read', '区域边界');
/** 风险源 of the census, scoped like the list. */
export const riskSources = collectionEndpoints('risk-sources', 'risk.read', '风险源');
/** 重大危险源 installations. */
export const majorHazards = collectionEndpoints('major-hazards', 'majorHazard.read', '重大危险源');
