import { type api, bi, hazard as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { type Actor, can } from '../../platform/actor.js';
import { now, type Tx } from '../../platform/db.js';
import { hazardInspections as t } from './inspection.tables.js';

type InboxItem = api.inbox.InboxItem;

/** At most this many: the rest are on the inspections page (「本单位」). */
const LIMIT = 50;

// What is still to carry out is read off the workflow: the states from which the inspection is started or completed.
const { start, complete } = rules.inspectionWorkflow.actions;
const toCarryOut = [...new Set([...start.from, ...complete.from])];

const kindLabel = bi('待开展排查', 'Inspections to carry out');

/**
 * The inspections the caller's own org is to carry out (planned, or started and not completed), nearest
 * planned day first: the inspecting org's work, not that of every org above it that could also run them
 * (as the hazards' inbox leaves an installation-wide reach out). Late when its planned day has passed,
 * due on the day itself.
 */
export async function inspectionInbox(tx: Tx, actor: Actor): Promise<InboxItem[]> {
  if (!actor.orgId || !can(actor, 'hazard.inspect')) return [];
  const day = shanghaiDateOf(now(tx));
  const found = await tx
    .select({
      id: t.id,
      code: t.code,
      title: t.title,
      plannedOn: t.plannedOn,
      updatedAt: t.updatedAt,
    })
    .from(t)
    .where(and(eq(t.inspectorOrgId, actor.orgId), inArray(t.status, toCarryOut)))
    .orderBy(asc(t.plannedOn), asc(t.code))
    .limit(LIMIT);
  return found.map((i) => ({
    key: `hazard.inspection:${i.id}`,
    kind: 'hazard.inspection',
    kindLabel,
    title: bi(`${i.code} ${i.title}`, `${i.code} ${i.title}`),
    objectType: rules.inspectionWorkflow.entity,
    objectId: i.id,
    due: i.plannedOn,
    dueState: i.plannedOn < day ? 'overdue' : i.plannedOn === day ? 'due_soon' : 'on_track',
    reason: null,
    since: i.updatedAt.toISOString(),
    link: `/hazard-inspections/${i.id}`,
  }));
}
