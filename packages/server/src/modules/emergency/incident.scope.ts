import type { Action } from '@citysafe/domain';
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, inScope, likePrefix, scopeOf } from '../../platform/actor.js';

/** An org as the in-memory check sees it. */
export type OrgReach = { id: string; path: string };

/** An incident as the reach rule sees it: the orgs it names, each with its path. */
export interface IncidentReach {
  /** 事故发生单位, when registered. */
  unitOrg: OrgReach | null;
  /** Its street, community and grid (those it has). */
  areas: OrgReach[];
  reportedOrg: OrgReach;
}

const columns = (alias: string) => {
  const t = sql.identifier(alias);
  return {
    unit: sql`${t}.unit_org_id`,
    street: sql`${t}.street_id`,
    community: sql`${t}.community_id`,
    grid: sql`${t}.grid_id`,
    reported: sql`${t}.reported_org_id`,
  };
};

/**
 * SQL condition "this incident is within the caller's reach for the action" (design13: INCIDENT): an enterprise
 * (`own` reach) has the incidents of its own unit and those it reported; any other caller those whose unit, area
 * (street, community or grid) or reporting org lies in its part of the tree — a street sees every incident in its
 * area, whoever the unit; district-scope roles (安委办, duty officer, expert) see the whole district. `alias`
 * names the incidents table in the query.
 */
export function incidentScope(actor: Actor, action: Action, alias = 'incidents'): SQL {
  const scope = scopeOf(actor, action);
  const c = columns(alias);
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'none':
      return sql`false`;
    case 'own':
      return sql`(${c.unit} = ${scope.orgId} or ${c.reported} = ${scope.orgId})`;
    case 'subtree': {
      const reach = sql`(select o.id from orgs o where o.path like ${likePrefix(scope.path)})`;
      return sql`(${c.unit} in ${reach} or ${c.street} in ${reach} or ${c.community} in ${reach} or ${c.grid} in ${reach} or ${c.reported} in ${reach})`;
    }
  }
}

/**
 * "The caller may `action` incident `id`" as a condition any statement can carry: a list of the incident's rows and its
 * scope check are then one read, with no transaction around two, and another street's rows never leave the database.
 */
export const incidentIdInScope = (actor: Actor, action: Action, id: string): SQL =>
  sql`exists (select 1 from incidents where incidents.id = ${id} and ${incidentScope(actor, action)})`;

/** The same rule as `incidentScope` for one loaded incident (the policy's check). */
export function incidentInReach(actor: Actor, action: Action, i: IncidentReach): boolean {
  if (i.unitOrg && inScope(actor, action, i.unitOrg)) return true;
  if (inScope(actor, action, i.reportedOrg)) return true;
  const scope = scopeOf(actor, action);
  if (scope.kind !== 'subtree') return false;
  return i.areas.some((a) => a.path.startsWith(scope.path));
}
