import { api } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { type OgcCollection, sqlFeatures } from '../../platform/ogc.js';
import { installationScope } from './major-hazard.policy.js';

/**
 * 重大危险源 in OGC API – Features: each unit as a point with its enterprise, GB 18218 figures and
 * where it stands, read within the same reach as the list (`installationScope`).
 */
export const majorHazardsCollection: OgcCollection = {
  endpoints: api.ogc.majorHazards,
  title: '重大危险源',
  description:
    '危险化学品重大危险源（GB 18218-2018）：点位（WGS-84）。属性：name 名称、orgName 企业、unitKind 单元类型（production 生产单元/storage 储存单元）、s（Σq/Q）、r、alpha、grade 级别（1–4，空为不构成）、status 状态、registrationNo 备案编号。',
  ...sqlFeatures({
    from: sql`major_hazard_installations i join orgs e on e.id = i.org_id`,
    id: sql`i.id`,
    geometry: sql`i.location`,
    properties: sql`json_build_object('name', i.name, 'orgId', i.org_id, 'orgName', e.name, 'unitKind', i.unit_kind,
      's', i.s, 'r', i.r, 'alpha', i.alpha, 'grade', i.grade, 'isMajor', i.is_major, 'status', i.status,
      'streetId', i.street_id, 'communityId', i.community_id, 'gridId', i.grid_id,
      'declaredOn', i.declared_on, 'registeredOn', i.registered_on, 'registrationNo', i.registration_no)`,
    visible: (actor) => installationScope(actor, 'majorHazard.read', 'i'),
    // 一级 first, then by R, name and id.
    orderBy: sql`i.grade asc nulls last, i.r desc nulls last, i.name, i.id`,
  }),
};
