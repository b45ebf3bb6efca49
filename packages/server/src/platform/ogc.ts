import { type Action, api } from '@citysafe/domain';
import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from './actor.js';
import { geometryJson } from './columns.js';
import { rows, type Tx } from './db.js';

/** A bounding box in CRS84: min longitude, min latitude, max longitude, max latitude. */
export type Bbox = [number, number, number, number];

/** What the items request asks of a collection: `limit` already capped at the maximum. */
export interface FeatureQuery {
  bbox: Bbox | null;
  limit: number;
  offset: number;
}

/** One page of features, each a GeoJSON Feature already written as text (by the database). */
export interface FeaturePage {
  features: string[];
  numberMatched: number;
}

/**
 * A collection of OGC API – Features that a module offers (`ServerModule.ogcCollections`): its
 * endpoints in the contract (`api.ogc.*`, whose permission is the collection's read action), how
 * it is presented, and how its features are read within the caller's scope.
 */
export interface OgcCollection {
  endpoints: api.ogc.CollectionEndpoints;
  /** Chinese title and description, as GIS software lists the layer. */
  title: string;
  description: string;
  /** The extent of what the caller may read, or null when that is nothing. */
  extent(tx: Tx, actor: Actor): Promise<Bbox | null>;
  query(tx: Tx, actor: Actor, query: FeatureQuery): Promise<FeaturePage>;
  /** One feature the caller may read, or null (a 404, whether absent or out of scope). */
  item(tx: Tx, actor: Actor, featureId: string): Promise<string | null>;
}

/** The collection's id (the last part of its path) and read action, from its endpoints. */
export const collectionId = (c: OgcCollection): string => c.endpoints.collection.path.split('/').pop()!;
export const collectionAction = (c: OgcCollection): Action => c.endpoints.items.permission as Action;

/** How a collection's features are read from one table, as SQL fragments over its alias. */
export interface SqlFeatureSource {
  /** `from` clause, with an alias the other fragments use (joins allowed). */
  from: SQL;
  /** The feature's id (a uuid is compared as text, so that any id given is a 404, never an error). */
  id: SQL;
  /** A geometry column in SRID 4326. */
  geometry: SQL;
  /** A `json_build_object(...)` of the properties GIS software shows. */
  properties: SQL;
  /** The rows the caller may read: the module's scope condition for its read action. */
  visible(actor: Actor): SQL;
  /** A unique order, so that pages neither repeat nor skip a feature. */
  orderBy: SQL;
}

/** Decimal places of the coordinates sent: 1e-7° is about a centimetre. */
const DECIMALS = 7;

/**
 * The reading half of a collection over one table: features are written as GeoJSON by PostGIS
 * (`ST_AsGeoJSON`) and the total rides on the page's rows (`count(*) over ()`), so a page is one
 * statement whatever its size. The bbox is an index search (`&&`) refined by `ST_Intersects`.
 */
export function sqlFeatures(source: SqlFeatureSource): Pick<OgcCollection, 'extent' | 'query' | 'item'> {
  const feature = sql`json_build_object('type', 'Feature', 'id', (${source.id})::text,
    'geometry', ${geometryJson(source.geometry, DECIMALS)},
    'properties', ${source.properties})::text`;
  const where = (actor: Actor, bbox: Bbox | null) => {
    if (!bbox) return source.visible(actor);
    const envelope = sql`ST_MakeEnvelope(${bbox[0]}, ${bbox[1]}, ${bbox[2]}, ${bbox[3]}, 4326)`;
    return sql`(${source.visible(actor)}) and ${source.geometry} && ${envelope} and ST_Intersects(${source.geometry}, ${envelope})`;
  };
  return {
    async extent(tx, actor) {
      const [row] = await rows<{ minx: number | null; miny: number; maxx: number; maxy: number }>(
        tx,
        sql`select ST_XMin(e) as minx, ST_YMin(e) as miny, ST_XMax(e) as maxx, ST_YMax(e) as maxy
              from (select ST_Extent(${source.geometry}) as e from ${source.from} where ${source.visible(actor)}) x`,
      );
      return row && row.minx !== null ? [Number(row.minx), Number(row.miny), Number(row.maxx), Number(row.maxy)] : null;
    },
    async query(tx, actor, { bbox, limit, offset }) {
      const page = await rows<{ feature: string; matched: string | number }>(
        tx,
        sql`select ${feature} as feature, count(*) over () as matched
              from ${source.from} where ${where(actor, bbox)}
             order by ${source.orderBy} limit ${limit} offset ${offset}`,
      );
      if (page.length > 0) return { features: page.map((r) => r.feature), numberMatched: Number(page[0]!.matched) };
      // A page past the end has no row to carry the total.
      const [count] = await rows<{ n: string | number }>(tx, sql`select count(*) as n from ${source.from} where ${where(actor, bbox)}`);
      return { features: [], numberMatched: Number(count?.n ?? 0) };
    },
    async item(tx, actor, featureId) {
      const [row] = await rows<{ feature: string }>(
        tx,
        sql`select ${feature} as feature from ${source.from}
             where (${source.id})::text = ${featureId} and (${source.visible(actor)}) limit 1`,
      );
      return row?.feature ?? null;
    },
  };
}
