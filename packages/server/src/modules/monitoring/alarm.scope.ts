import type { Action } from '@citysafe/domain';
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, likePrefix, scopeOf } from '../../platform/actor.js';

/** An org as the in-memory check sees it. */
export type OrgReach = { id: string; path: string };

/** An alarm as the reach rule sees it: its device's unit and areas, and the unit it was dispatched to. */
export interface AlarmReach {
  deviceOrg: OrgReach;
  /** The device's street, community and grid (those it has). */
  areas: OrgReach[];
  dispatchOrg: OrgReach | null;
}

/**
 * SQL condition "this alarm is within the caller's reach for the action", through its device (`alias` names the
 * alarms table in the query): the device's responsible unit is in the caller's org scope (an enterprise: its own
 * devices only); for a caller whose reach is a part of the tree, also a device lying in its area (a street sees
 * the alarms of every device in its streets, whoever runs it); and the unit an alarm was dispatched to, which
 * must see it to answer.
 */
export function alarmScope(actor: Actor, action: Action, alias = 'monitoring_alarms'): SQL {
  const scope = scopeOf(actor, action);
  const a = sql.identifier(alias);
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'none':
      return sql`false`;
    case 'own':
      return sql`(${a}.dispatch_org_id = ${scope.orgId} or exists (select 1 from monitoring_devices sd
        where sd.id = ${a}.device_id and sd.org_id = ${scope.orgId}))`;
    case 'subtree': {
      const reach = sql`(select o.id from orgs o where o.path like ${likePrefix(scope.path)})`;
      return sql`(${a}.dispatch_org_id in ${reach} or exists (select 1 from monitoring_devices sd
        where sd.id = ${a}.device_id
          and (sd.org_id in ${reach} or sd.street_id in ${reach} or sd.community_id in ${reach} or sd.grid_id in ${reach})))`;
    }
  }
}

/** The same rule as `alarmScope` for one loaded alarm (the policy's check). */
export function alarmInReach(actor: Actor, action: Action, r: AlarmReach): boolean {
  const scope = scopeOf(actor, action);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'own':
      return r.deviceOrg.id === scope.orgId || r.dispatchOrg?.id === scope.orgId;
    case 'subtree': {
      const within = (o: OrgReach | null) => o !== null && o.path.startsWith(scope.path);
      return within(r.deviceOrg) || within(r.dispatchOrg) || r.areas.some(within);
    }
  }
}
