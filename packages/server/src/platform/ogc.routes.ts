import { AppError, api } from '@citysafe/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Actor, can } from './actor.js';
import type { ServerModule } from './module.js';
import { collectionAction, collectionId, type OgcCollection } from './ogc.js';
import type { Platform } from './platform.js';
import { route } from './route.js';

const { geoJsonType } = api.ogc;
const json = 'application/json';

type Link = { href: string; rel: string; type?: string; title?: string };

/** Absolute links: GIS clients follow them as given, behind a proxy too (trustProxy sets the protocol and host). */
const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

function describe(c: OgcCollection, base: string, extent: api.ogc.Collection['extent']['spatial']['bbox'][number] | null) {
  const id = collectionId(c);
  const self = `${base}/api/ogc/collections/${id}`;
  return {
    id,
    title: c.title,
    description: c.description,
    links: [
      { href: self, rel: 'self', type: json, title: c.title },
      { href: `${self}/items`, rel: 'items', type: geoJsonType, title: c.title },
    ],
    // A collection with nothing the caller may read still names the district's whole globe: the
    // extent is required, and an empty one would read as a point at 0,0.
    extent: { spatial: { bbox: [extent ?? [-180, -90, 180, 90]], crs: api.ogc.CRS84 } },
    itemType: 'feature' as const,
    crs: [api.ogc.CRS84],
  };
}

/** The items URL with the same query and another offset: `next` and `prev` links. */
function pageLink(request: FastifyRequest, self: string, offset: number, rel: string): Link {
  const query = new URLSearchParams(request.query as Record<string, string>);
  query.set('offset', String(offset));
  return { href: `${self}?${query}`, rel, type: geoJsonType };
}

/** The collections the caller may read. */
const readable = (collections: OgcCollection[], actor: Actor) => collections.filter((c) => can(actor, collectionAction(c)));

/**
 * OGC API – Features under /api/ogc: the landing page, conformance and the list of collections,
 * then the three endpoints of each collection the modules offer (`ServerModule.ogcCollections`),
 * each guarded by the collection's read action so that a session or an API token listing it reads.
 */
export function ogcRoutes(app: FastifyInstance, platform: Platform, modules: readonly ServerModule[]): void {
  const collections = modules.flatMap((m) => m.ogcCollections ?? []);

  route(app, platform, api.ogc.getLandingPage, async ({ request }) => {
    const base = `${origin(request)}/api/ogc`;
    return {
      title: 'CitySafe 城安 — OGC API – Features',
      description: '区域边界、风险源、重大危险源图层（GeoJSON，CRS84）/ Area boundaries, risk sources and major hazards (GeoJSON, CRS84)',
      links: [
        { href: base, rel: 'self', type: json, title: '本页 / This document' },
        {
          href: `${origin(request)}/api/openapi.json`,
          rel: 'service-desc',
          type: 'application/vnd.oai.openapi+json;version=3.0',
          title: 'OpenAPI 3.0',
        },
        { href: `${origin(request)}/api/docs`, rel: 'service-doc', type: 'text/html', title: '接口文档 / API documentation' },
        { href: `${base}/conformance`, rel: 'conformance', type: json, title: '一致性类 / Conformance classes' },
        { href: `${base}/collections`, rel: 'data', type: json, title: '要素集合 / Feature collections' },
      ],
    };
  });

  route(app, platform, api.ogc.getConformance, async () => ({ conformsTo: [...api.ogc.conformanceClasses] }));

  route(app, platform, api.ogc.listCollections, async ({ request, actor }) => {
    const base = origin(request);
    const mine = readable(collections, actor);
    const extents = await Promise.all(mine.map((c) => c.extent(platform.db, actor)));
    return {
      links: [{ href: `${base}/api/ogc/collections`, rel: 'self', type: json }],
      collections: mine.map((c, i) => describe(c, base, extents[i]!)),
    };
  });

  for (const c of collections) {
    route(app, platform, c.endpoints.collection, async ({ request, actor }) =>
      describe(c, origin(request), await c.extent(platform.db, actor)),
    );

    route(app, platform, c.endpoints.items, async ({ request, reply, actor, query }) => {
      const limit = Math.min(query.limit, api.ogc.MAX_LIMIT);
      const page = await c.query(platform.db, actor, { bbox: query.bbox ?? null, limit, offset: query.offset });
      const self = `${origin(request)}/api/ogc/collections/${collectionId(c)}/items`;
      const links: Link[] = [pageLink(request, self, query.offset, 'self')];
      if (query.offset + page.features.length < page.numberMatched) links.push(pageLink(request, self, query.offset + limit, 'next'));
      if (query.offset > 0) links.push(pageLink(request, self, Math.max(0, query.offset - limit), 'prev'));
      links.push({ href: `${origin(request)}/api/ogc/collections/${collectionId(c)}`, rel: 'collection', type: json });
      // The features are GeoJSON text from the database: spliced, not parsed and written again.
      const head = JSON.stringify({
        type: 'FeatureCollection',
        links,
        timeStamp: platform.clock.now().toISOString(),
        numberMatched: page.numberMatched,
        numberReturned: page.features.length,
      });
      return reply.type(geoJsonType).send(`${head.slice(0, -1)},"features":[${page.features.join(',')}]}`);
    });

    route(app, platform, c.endpoints.item, async ({ request, reply, actor, params }) => {
      const feature = await c.item(platform.db, actor, params.featureId);
      if (!feature) throw new AppError('NOT_FOUND');
      const self = `${origin(request)}/api/ogc/collections/${collectionId(c)}`;
      const links: Link[] = [
        { href: `${self}/items/${encodeURIComponent(params.featureId)}`, rel: 'self', type: geoJsonType },
        { href: self, rel: 'collection', type: json },
      ];
      return reply.type(geoJsonType).send(`${feature.slice(0, -1)},"links":${JSON.stringify(links)}}`);
    });
  }
}
