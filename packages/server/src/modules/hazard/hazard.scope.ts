import type { Action } from '@citysafe/domain';
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, inScope, likePrefix, scopeOf } from '../../platform/actor.js';

/** An org as the in-memory check sees it. */
export type OrgReach = { id: string; path: string };

/** A hazard as the reach rule sees it: the orgs it names, each with its path. */
export interface HazardReach {
  responsibleOrg: OrgReach;
  /** Its street, community and grid (those it has). */
  areas: OrgReach[];
  department: OrgReach | null;
  reportedOrg: OrgReach;
  supervisingOrg: OrgReach | null;
}

/**
 * Besides the responsible unit's org scope, what widens a caller's reach, per action (only for callers
 * whose reach is a part of the tree: `own` reach, an enterprise's, is never widened):
 * - the areas it lies in: a street sees and verifies every hazard in its area, a grid member those in its grid;
 * - its supervising department (行业监管部门): a department sees, verifies, reports and supervises its sector;
 * - the org that listed it (挂牌督办): follows and reviews it;
 * - the org that reported it: sees what it reported, to follow it.
 * Rectifying stays with the responsible unit and those above it in the tree.
 */
const widening = {
  area: new Set<Action>(['hazard.read', 'hazard.verify']),
  department: new Set<Action>(['hazard.read', 'hazard.verify', 'hazard.report', 'hazard.supervise']),
  supervising: new Set<Action>(['hazard.read', 'hazard.supervise']),
  reported: new Set<Action>(['hazard.read']),
};

const columns = (alias: string) => {
  const t = sql.identifier(alias);
  return {
    responsible: sql`${t}.responsible_org_id`,
    street: sql`${t}.street_id`,
    community: sql`${t}.community_id`,
    grid: sql`${t}.grid_id`,
    department: sql`${t}.department_id`,
    supervising: sql`${t}.supervising_org_id`,
    reported: sql`${t}.reported_org_id`,
  };
};

/**
 * SQL condition "this hazard is within the caller's reach for the action" (design: Reach): its
 * responsible unit is in the caller's org scope, or — for a caller whose reach is a part of the
 * tree — one of the orgs above widens it for this action. `alias` names the hazards table in the
 * query (`hazardScope(actor, 'hazard.read', 'h')` for `from hazards h`).
 */
export function hazardScope(actor: Actor, action: Action, alias = 'hazards'): SQL {
  const scope = scopeOf(actor, action);
  const c = columns(alias);
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'none':
      return sql`false`;
    case 'own':
      return widening.reported.has(action)
        ? sql`(${c.responsible} = ${scope.orgId} or ${c.reported} = ${scope.orgId})`
        : sql`${c.responsible} = ${scope.orgId}`;
    case 'subtree': {
      const reach = sql`(select o.id from orgs o where o.path like ${likePrefix(scope.path)})`;
      const parts: SQL[] = [sql`${c.responsible} in ${reach}`];
      if (widening.area.has(action)) parts.push(sql`${c.street} in ${reach}`, sql`${c.community} in ${reach}`, sql`${c.grid} in ${reach}`);
      if (widening.department.has(action)) parts.push(sql`${c.department} in ${reach}`);
      if (widening.supervising.has(action)) parts.push(sql`${c.supervising} in ${reach}`);
      if (widening.reported.has(action)) parts.push(sql`${c.reported} in ${reach}`);
      return sql`(${sql.join(parts, sql` or `)})`;
    }
  }
}

/** The same rule as `hazardScope` for one loaded hazard (the policy's check). */
export function hazardInReach(actor: Actor, action: Action, h: HazardReach): boolean {
  if (inScope(actor, action, h.responsibleOrg)) return true;
  const scope = scopeOf(actor, action);
  if (scope.kind === 'own') return widening.reported.has(action) && h.reportedOrg.id === scope.orgId;
  if (scope.kind !== 'subtree') return false;
  const within = (o: OrgReach | null) => o !== null && o.path.startsWith(scope.path);
  return (
    (widening.area.has(action) && h.areas.some(within)) ||
    (widening.department.has(action) && within(h.department)) ||
    (widening.supervising.has(action) && within(h.supervisingOrg)) ||
    (widening.reported.has(action) && within(h.reportedOrg))
  );
}
