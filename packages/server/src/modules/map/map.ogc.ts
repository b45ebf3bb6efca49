import { api } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { type OgcCollection, sqlFeatures } from '../../platform/ogc.js';

/**
 * 区域边界 in OGC API – Features: the district, its streets, communities and grids, as the base
 * layers every module draws on. Anyone who may read the map reads all of them (as `GET /api/map/boundaries`).
 */
export const boundariesCollection: OgcCollection = {
  endpoints: api.ogc.boundaries,
  title: '区域边界',
  description:
    '区、街道、社区、网格的边界（多边形，WGS-84）。属性：orgId 组织、name 名称、level 层级（district/street/community/grid）、source 来源。',
  ...sqlFeatures({
    from: sql`boundaries b join orgs o on o.id = b.org_id`,
    id: sql`b.id`,
    geometry: sql`b.geom`,
    properties: sql`json_build_object('orgId', b.org_id, 'name', o.name, 'code', o.code, 'level', b.level, 'source', b.source)`,
    visible: () => sql`true`,
    // The district first, then streets, communities and grids, each by code.
    orderBy: sql`array_position(array['district', 'street', 'community', 'grid'], b.level), o.code, b.id`,
  }),
};
