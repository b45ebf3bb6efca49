import type { Action } from '@citysafe/domain';
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, likePrefix, scopeOf } from '../../platform/actor.js';

/** A report as the in-memory reach check sees it: the org it is assigned to and the areas it lies in, with their paths. */
export interface ReportReach {
  assignedOrg: { id: string; path: string } | null;
  areas: { id: string; path: string }[];
}

/**
 * SQL condition "this report is within the caller's reach for the action" (design12.md, Report › INTAKE): a
 * district-wide role (安委办, the duty office) reaches every report, including those with no place in any area yet;
 * a street or a department reaches the reports assigned to its subtree or located in its area (street, community,
 * grid); an `own` reach, the reports assigned to its org. `alias` names the reports table in the query.
 */
export function reportScope(actor: Actor, action: Action, alias = 'reports'): SQL {
  const scope = scopeOf(actor, action);
  const t = sql.identifier(alias);
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'none':
      return sql`false`;
    case 'own':
      return sql`${t}.assigned_org_id = ${scope.orgId}`;
    case 'subtree': {
      // A report is received before anyone knows its unit, and may lie outside every drawn area: the district sees it.
      if (actor.grants[action] === 'district') return sql`true`;
      const reach = sql`(select o.id from orgs o where o.path like ${likePrefix(scope.path)})`;
      return sql`(${t}.assigned_org_id in ${reach} or ${t}.street_id in ${reach} or ${t}.community_id in ${reach} or ${t}.grid_id in ${reach})`;
    }
  }
}

/** The same rule as `reportScope` for one loaded report (a policy's check). */
export function reportInReach(actor: Actor, action: Action, r: ReportReach): boolean {
  const scope = scopeOf(actor, action);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'own':
      return r.assignedOrg?.id === scope.orgId;
    case 'subtree':
      if (actor.grants[action] === 'district') return true;
      return [r.assignedOrg, ...r.areas].some((o) => o !== null && o.path.startsWith(scope.path));
  }
}
