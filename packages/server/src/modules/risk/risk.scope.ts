import type { Action } from '@citysafe/domain';
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, inScope, likePrefix, scopeOf } from '../../platform/actor.js';

/**
 * The columns of `risk_sources` a scope condition reads, as SQL: the table's own name by default, or
 * a query's alias (`riskSourceScope(actor, 'risk.read', 's')` for `from risk_sources s`).
 */
const columns = (alias: string) => {
  const t = sql.identifier(alias);
  return { orgId: sql`${t}.org_id`, streetId: sql`${t}.street_id`, communityId: sql`${t}.community_id`, gridId: sql`${t}.grid_id` };
};

/**
 * Actions whose reach includes the sources lying in the caller's areas: seeing them, and the
 * street's confirmation of where they are. Registering, assessing and reviewing stay with the
 * responsible unit and those above it in the org tree: a street does not edit an enterprise's
 * census entry because the enterprise stands in its street.
 */
const reachesByArea = (action: Action): boolean => action === 'risk.read' || action === 'risk.confirmLocation';

/**
 * SQL condition "this risk source is within the caller's reach for the action": its responsible unit
 * is in the caller's org scope (an enterprise its own sources, a department those of its subtree),
 * or — for reading and confirming the location, by callers whose reach is a part of the tree — it
 * lies in an area of that part (a street sees every source in its street, whoever answers for it; a
 * grid member those in its grid). The area columns are computed from the boundaries, so a source
 * moved out of a street leaves its view. `own` reach (enterprises) is never widened by area.
 */
export function riskSourceScope(actor: Actor, action: Action, alias = 'risk_sources'): SQL {
  const scope = scopeOf(actor, action);
  const c = columns(alias);
  if (scope.kind === 'subtree' && !reachesByArea(action)) {
    return sql`${c.orgId} in (select o.id from orgs o where o.path like ${likePrefix(scope.path)})`;
  }
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'none':
      return sql`false`;
    case 'own':
      return sql`${c.orgId} = ${scope.orgId}`;
    case 'subtree': {
      const reach = sql`(select o.id from orgs o where o.path like ${likePrefix(scope.path)})`;
      return sql`(${c.orgId} in ${reach} or ${c.streetId} in ${reach} or ${c.communityId} in ${reach} or ${c.gridId} in ${reach})`;
    }
  }
}

/** A source as the in-memory scope check sees it: its unit's org and the areas it lies in, each with its path. */
export interface SourceReach {
  org: { id: string; path: string };
  areas: { id: string; path: string }[];
}

/** The same rule as `riskSourceScope` for one loaded source (the policy's check). */
export function sourceInReach(actor: Actor, action: Action, source: SourceReach): boolean {
  if (inScope(actor, action, source.org)) return true;
  const scope = scopeOf(actor, action);
  return scope.kind === 'subtree' && reachesByArea(action) && source.areas.some((a) => a.path.startsWith(scope.path));
}
