import { api } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { type OgcCollection, sqlFeatures } from '../../platform/ogc.js';
import { riskSourceScope } from './risk.scope.js';

/**
 * 风险源 in OGC API – Features: points, lines and polygons with their level and category, read
 * within the same reach as the list (`riskSourceScope`: the responsible unit's scope, or the
 * caller's areas).
 */
export const riskSourcesCollection: OgcCollection = {
  endpoints: api.ogc.riskSources,
  title: '风险源',
  description:
    '城市安全风险源（风险点）普查：点、线或面（WGS-84）。属性：code 编号、name 名称、category 类别、level 风险等级（major 重大/significant 较大/general 一般/low 低，含动态升级）、assessedLevel 评估等级、status 状态、orgId/orgName 责任单位、streetId/communityId/gridId 所在区域。',
  ...sqlFeatures({
    from: sql`risk_sources s join orgs u on u.id = s.org_id`,
    id: sql`s.id`,
    geometry: sql`s.geom`,
    properties: sql`json_build_object('code', s.code, 'name', s.name, 'category', s.category, 'level', s.level,
      'assessedLevel', s.assessed_level, 'status', s.status, 'orgId', s.org_id, 'orgName', u.name,
      'streetId', s.street_id, 'communityId', s.community_id, 'gridId', s.grid_id, 'address', s.address,
      'locationConfirmedAt', s.location_confirmed_at, 'updatedAt', s.updated_at)`,
    visible: (actor) => riskSourceScope(actor, 'risk.read', 's'),
    orderBy: sql`s.code, s.id`,
  }),
};
