import { type Action, bi, hazard as rules } from '@citysafe/domain';
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, inScope, likePrefix, scopeOf } from '../../platform/actor.js';
import { allowIf, forbidden, refuse, workflowPolicy } from '../../platform/policy.js';

/**
 * Who reaches an inspection, one rule for lists (SQL) and one object (memory), after the hazards' reach:
 * - its inspecting org is in the caller's org scope (who runs it, and those above);
 * - for reading, also its target enterprise (an enterprise sees the inspections of itself) and its
 *   areas (a street sees the inspections in its street, a grid member those in its grid).
 * Running it (start, answer, complete, cancel) stays with the inspecting org and those above it.
 */
export function inspectionScope(actor: Actor, action: Action, alias = 'hazard_inspections'): SQL {
  const t = sql.identifier(alias);
  const scope = scopeOf(actor, action);
  const reading = action === 'hazard.read';
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'none':
      return sql`false`;
    case 'own':
      return reading
        ? sql`(${t}.inspector_org_id = ${scope.orgId} or ${t}.target_org_id = ${scope.orgId})`
        : sql`${t}.inspector_org_id = ${scope.orgId}`;
    case 'subtree': {
      const reach = sql`(select o.id from orgs o where o.path like ${likePrefix(scope.path)})`;
      return reading
        ? sql`(${t}.inspector_org_id in ${reach} or ${t}.target_org_id in ${reach} or ${t}.street_id in ${reach}
            or ${t}.community_id in ${reach} or ${t}.grid_id in ${reach})`
        : sql`${t}.inspector_org_id in ${reach}`;
    }
  }
}

/** An inspection as the policy sees it: its state, its inspecting org, its target and areas (with paths). */
export interface InspectionObject {
  status: rules.InspectionStatus;
  inspectorOrg: { id: string; path: string };
  targetOrg: { id: string; path: string } | null;
  areas: { id: string; path: string }[];
}

/** The same rule as `inspectionScope` for one loaded inspection. */
export function inspectionInReach(actor: Actor, action: Action, obj: InspectionObject): boolean {
  if (inScope(actor, action, obj.inspectorOrg)) return true;
  if (action !== 'hazard.read') return false;
  if (obj.targetOrg && inScope(actor, action, obj.targetOrg)) return true;
  const scope = scopeOf(actor, action);
  return scope.kind === 'subtree' && obj.areas.some((a) => a.path.startsWith(scope.path));
}

const runs = (actor: Actor, obj: InspectionObject) => inspectionInReach(actor, 'hazard.inspect', obj);

/** The inspecting side starts, answers, completes and cancels; items are answered only while it is in progress. */
export const inspectionPolicy = workflowPolicy(rules.inspectionWorkflow, {
  state: (i: InspectionObject) => i.status,
  reach: (actor, i) => allowIf(runs(actor, i)),
  others: {
    answer: (actor, i) => {
      if (!runs(actor, i)) return forbidden;
      return allowIf(
        i.status === 'in_progress',
        refuse(
          'INVALID_TRANSITION',
          i.status === 'planned'
            ? bi('请先开始排查，再填写排查项', 'Start the inspection before answering its items')
            : bi('排查已结束，不能再填写', 'The inspection is over: its items can no longer be answered'),
        ),
      );
    },
  },
});
