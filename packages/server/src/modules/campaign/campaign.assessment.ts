import { campaign as plan } from '@citysafe/domain';
import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.js';
import type { Db } from '../../platform/db.js';
import { workflowTransitions } from '../../platform/platform.tables.js';
import { deadlineMoves, readableCampaign, today } from './campaign.service.js';
import { campaignAssignments, campaignSupervisions, campaignTasks } from './campaign.tables.js';
import { orgs } from '../identity/index.js';

/** The first instant after a Shanghai calendar day (UTC+8, no daylight saving): what "by the end of that day" means. */
export const endOfShanghaiDay = (day: string): Date => new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000);

/**
 * 考核: every responsible unit ranked by how much of its work is accepted and how much was on
 * time, less the supervision notices it needed (weights in the domain package, with their source).
 * Every unit of the district may see the ranking, as 通报 make it public within the district.
 * `asOf` (a day) ranks the units as they stood at the end of that day, from the parts' history: a
 * 通报 about last quarter reports last quarter's standing, not today's.
 */
export async function assessment(db: Db, actor: Actor, campaignId: string, asOf?: string) {
  await readableCampaign(db, actor, campaignId);
  const day = asOf ?? today(db);
  const until = asOf ? endOfShanghaiDay(asOf) : null;
  const parts = await db
    .select({
      a: campaignAssignments,
      org: orgs,
      original: campaignTasks.deadlineEnd,
    })
    .from(campaignAssignments)
    .innerJoin(orgs, eq(orgs.id, campaignAssignments.orgId))
    .innerJoin(campaignTasks, eq(campaignTasks.id, campaignAssignments.taskId))
    .where(eq(campaignAssignments.campaignId, campaignId));
  // Each part's state then: its last step before `until` (none yet: where every part starts); today: as stored.
  const stateOf = new Map<string, string>(parts.map((p) => [p.a.id, until ? plan.assignmentWorkflow.initial : p.a.status]));
  const acceptedAt = new Map<string, string>();
  const ids = until ? parts.map((p) => p.a.id) : parts.filter((p) => p.a.status === 'accepted').map((p) => p.a.id);
  if (ids.length) {
    const steps = await db
      .select({
        entityId: workflowTransitions.entityId,
        action: workflowTransitions.action,
        to: workflowTransitions.toState,
        at: workflowTransitions.at,
      })
      .from(workflowTransitions)
      .where(
        and(
          eq(workflowTransitions.entityType, plan.assignmentWorkflow.entity),
          inArray(workflowTransitions.entityId, ids),
          until ? lt(workflowTransitions.at, until) : eq(workflowTransitions.action, 'accept'),
        ),
      )
      .orderBy(asc(workflowTransitions.id));
    for (const t of steps) {
      if (until) stateOf.set(t.entityId, t.to);
      // The last acceptance counts (a part may be reopened and accepted again).
      if (t.action === 'accept') {
        const at = plan.shanghaiDateOf(t.at);
        if ((acceptedAt.get(t.entityId) ?? '') < at) acceptedAt.set(t.entityId, at);
      }
    }
  }
  const movesOf = await deadlineMoves(db, campaignId, until);
  const supervisions = await db
    .select({ orgId: campaignSupervisions.orgId })
    .from(campaignSupervisions)
    .where(and(eq(campaignSupervisions.campaignId, campaignId), until ? lt(campaignSupervisions.createdAt, until) : undefined));
  const tallies = new Map<string, { orgId: string; orgName: string; sort: string; overdueDays: number } & plan.UnitTally>();
  for (const p of parts) {
    const t = tallies.get(p.org.id) ?? {
      orgId: p.org.id,
      orgName: p.org.shortName || p.org.name,
      sort: p.org.path,
      parts: 0,
      accepted: 0,
      overdue: 0,
      late: 0,
      overdueDays: 0,
      supervisions: 0,
    };
    t.parts++;
    const moves = movesOf.get(p.a.id) ?? [];
    const accepted = stateOf.get(p.a.id) === 'accepted';
    // The deadline in force at the end of `day`: the last extension approved by then, else the plan's.
    const end = moves.at(-1)?.to ?? p.original;
    const days = plan.overdueDays(p.original, moves, accepted ? (acceptedAt.get(p.a.id) ?? day) : null, day);
    t.overdueDays += days;
    if (accepted) t.accepted++;
    if (!accepted && plan.deadlineState(day, end, false) === 'overdue') t.overdue++;
    // Accepted late, or saved by an extension approved after the deadline: the days overdue stay on the record.
    else if (days > 0) t.late++;
    tallies.set(p.org.id, t);
  }
  for (const s of supervisions) {
    const t = tallies.get(s.orgId);
    if (t) t.supervisions++;
  }
  const ranked = [...tallies.values()]
    .map((t) => ({ ...t, score: plan.assessmentScore(t) }))
    .sort((a, b) => b.score - a.score || b.accepted - a.accepted || a.sort.localeCompare(b.sort));
  const { source, ...weights } = plan.assessmentWeights;
  return {
    items: ranked.map(({ sort: _sort, ...t }, i) => ({ rank: i + 1, ...t })),
    weights: { ...weights, source },
  };
}
