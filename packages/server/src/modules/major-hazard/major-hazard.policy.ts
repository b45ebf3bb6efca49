import { type Action, bi, majorHazard as mh } from '@citysafe/domain';
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, can, inScope, likePrefix, scopeOf } from '../../platform/actor.js';
import { allowIf, forbidden, refuse, workflowPolicy } from '../../platform/policy.js';

/**
 * Who reaches an installation. Three ways, one rule for lists (SQL) and for one object (memory):
 * - its enterprise is in the caller's org scope (an enterprise its own units, a department its subtree);
 * - it lies in an area of the caller's part of the tree (a street sees every unit in its street,
 *   whoever runs it; a grid member those in its grid): the areas are computed from the boundaries;
 * - the caller registers major hazards (`majorHazard.register`) and the unit is in the caller's
 *   district: 危险化学品重大危险源监督管理暂行规定 (原安监总局令第40号) 第二十三条 has the county-level
 *   应急管理 department register every unit declared in its area, and enterprises do not sit under
 *   that department in the org tree. This reach is for reading and registering only: keeping a
 *   unit's data and declaring it stay with the enterprise and those above it.
 */
const registrarDistrict = (actor: Actor, action: Action): string | null =>
  (action === 'majorHazard.read' || action === 'majorHazard.register') &&
  actor.kind === 'user' &&
  can(actor, 'majorHazard.register') &&
  actor.orgId
    ? actor.districtPath || actor.orgPath
    : null;

/** SQL columns of an installation row under an alias (`i` in `from major_hazard_installations i`). */
const columns = (alias: string) => {
  const t = sql.identifier(alias);
  return { orgId: sql`${t}.org_id`, streetId: sql`${t}.street_id`, communityId: sql`${t}.community_id`, gridId: sql`${t}.grid_id` };
};

/** SQL condition "this installation is within the caller's reach for the action" (see above). */
export function installationScope(actor: Actor, action: Action, alias = 'major_hazard_installations'): SQL {
  const scope = scopeOf(actor, action);
  const c = columns(alias);
  const district = registrarDistrict(actor, action);
  const byDistrict = district ? sql`${c.orgId} in (select o.id from orgs o where o.path like ${likePrefix(district)})` : sql`false`;
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'none':
      return sql`false`;
    case 'own':
      return sql`(${c.orgId} = ${scope.orgId} or ${byDistrict})`;
    case 'subtree': {
      const reach = sql`(select o.id from orgs o where o.path like ${likePrefix(scope.path)})`;
      return sql`(${c.orgId} in ${reach} or ${c.streetId} in ${reach} or ${c.communityId} in ${reach} or ${c.gridId} in ${reach} or ${byDistrict})`;
    }
  }
}

/** An installation as the policy sees it: state, grade, its enterprise and its areas with their paths. */
export interface InstallationObject {
  status: mh.InstallationStatus;
  isMajor: boolean;
  org: { id: string; path: string };
  areas: { id: string; path: string }[];
}

/** The same rule as `installationScope` for one loaded installation. */
export function installationInReach(actor: Actor, action: Action, obj: InstallationObject): boolean {
  if (inScope(actor, action, obj.org)) return true;
  const scope = scopeOf(actor, action);
  if (scope.kind === 'subtree' && obj.areas.some((a) => a.path.startsWith(scope.path))) return true;
  const district = registrarDistrict(actor, action);
  return district !== null && obj.org.path.startsWith(district);
}

/**
 * The enterprise (or a department for it) keeps the unit's data and declares it; the registering
 * department registers, returns or writes it off. Only a major hazard is declared; only a unit that
 * is no longer one is written off (核销).
 */
export const installationPolicy = workflowPolicy(mh.installationWorkflow, {
  state: (i: InstallationObject) => i.status,
  reach: (actor, i, action) => {
    if (action === 'declare') {
      if (!installationInReach(actor, 'majorHazard.declare', i)) return forbidden;
      return allowIf(
        i.isMajor,
        refuse('RULE_VIOLATION', bi('S < 1，不构成重大危险源，无需申报', 'S < 1: not a major hazard, nothing to declare')),
      );
    }
    if (!installationInReach(actor, 'majorHazard.register', i)) return forbidden;
    if (action === 'writeOff')
      return allowIf(
        !i.isMajor,
        refuse('RULE_VIOLATION', bi('仍构成重大危险源（S ≥ 1），不能核销', 'Still a major hazard (S ≥ 1): it cannot be written off')),
      );
    return true;
  },
  // A written-off unit stays editable: stock brought back makes it a major hazard again (`reidentify`).
  others: {
    update: (actor, i) => allowIf(installationInReach(actor, 'majorHazard.declare', i)),
    editInventory: (actor, i) => allowIf(installationInReach(actor, 'majorHazard.declare', i)),
  },
});
