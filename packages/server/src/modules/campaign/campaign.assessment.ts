import { campaign as plan } from '@citysafe/domain';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.js';
import type { Db } from '../../platform/db.js';
import { workflowTransitions } from '../../platform/platform.tables.js';
import { readableCampaign, today } from './campaign.service.js';
import { campaignAssignments, campaignSupervisions, campaignTasks } from './campaign.tables.js';
import { orgs } from '../identity/index.js';
import { and, inArray, sql } from 'drizzle-orm';

/**
 * 考核: every responsible unit ranked by how much of its work is accepted and how much was on
 * time, less the supervision notices it needed (weights in the domain package, with their source).
 * Every unit of the district may see the ranking, as 通报 make it public within the district.
 */
export async function assessment(db: Db, actor: Actor, campaignId: string) {
  await readableCampaign(db, actor, campaignId);
  const parts = await db
    .select({
      a: campaignAssignments,
      org: orgs,
      end: sql<string | null>`coalesce(${campaignAssignments.extendedTo}, ${campaignTasks.deadlineEnd})`,
    })
    .from(campaignAssignments)
    .innerJoin(orgs, eq(orgs.id, campaignAssignments.orgId))
    .innerJoin(campaignTasks, eq(campaignTasks.id, campaignAssignments.taskId))
    .where(eq(campaignAssignments.campaignId, campaignId));
  const acceptedAt = new Map<string, string>();
  const ids = parts.filter((p) => p.a.status === 'accepted').map((p) => p.a.id);
  if (ids.length) {
    const accepts = await db
      .select({ entityId: workflowTransitions.entityId, at: workflowTransitions.at })
      .from(workflowTransitions)
      .where(
        and(
          eq(workflowTransitions.entityType, plan.assignmentWorkflow.entity),
          eq(workflowTransitions.action, 'accept'),
          inArray(workflowTransitions.entityId, ids),
        ),
      );
    // The last acceptance counts (a part may be reopened and accepted again).
    for (const t of accepts) {
      const day = plan.shanghaiDateOf(t.at);
      if ((acceptedAt.get(t.entityId) ?? '') < day) acceptedAt.set(t.entityId, day);
    }
  }
  const supervisions = await db
    .select({ orgId: campaignSupervisions.orgId })
    .from(campaignSupervisions)
    .where(eq(campaignSupervisions.campaignId, campaignId));
  const day = today(db);
  const tallies = new Map<string, { orgId: string; orgName: string; sort: string } & plan.UnitTally>();
  for (const p of parts) {
    const t = tallies.get(p.org.id) ?? {
      orgId: p.org.id,
      orgName: p.org.shortName || p.org.name,
      sort: p.org.path,
      parts: 0,
      accepted: 0,
      overdue: 0,
      late: 0,
      supervisions: 0,
    };
    t.parts++;
    if (p.a.status === 'accepted') {
      t.accepted++;
      const at = acceptedAt.get(p.a.id);
      if (p.end && at && at > p.end) t.late++;
    } else if (plan.deadlineState(day, p.end, false) === 'overdue') {
      t.overdue++;
    }
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
