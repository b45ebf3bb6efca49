import { addCalendarDays, type api, type Bilingual, bi, emergency as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { type Actor, can, scopeCondition } from '../../platform/actor.js';
import { now, type Tx } from '../../platform/db.js';
import { incidents } from './incident.tables.js';
import { emergencySettingsOf } from './emergency-settings.service.js';
import { emergencyPlans } from './plan.tables.js';
import { emergencyResponseRoles, emergencyResponses, emergencyResponseTasks } from './response.tables.js';

type InboxItem = api.inbox.InboxItem;

const kinds = {
  'emergency.planReview': bi('待评估的应急预案', 'Plans due for review'),
  'emergency.responseTask': bi('应急响应任务', 'Response tasks'),
} as const satisfies Record<string, Bilingual>;

const PER_KIND = 50;

/**
 * PLANS' 待办: plans in force whose review falls due within settings.planReviewNoticeDays (or is overdue) that the
 * caller may revise (emergency.plan over the owner), and the open tasks of the roles the caller holds in responses
 * still open, on the incident's command page.
 */
export async function planInbox(tx: Tx, actor: Actor): Promise<InboxItem[]> {
  const items: InboxItem[] = [];
  const today = shanghaiDateOf(now(tx));
  if (can(actor, 'emergency.plan')) {
    const settings = await emergencySettingsOf(tx);
    const due = await tx
      .select({
        id: emergencyPlans.id,
        title: emergencyPlans.title,
        reviewDueOn: emergencyPlans.reviewDueOn,
        updatedAt: emergencyPlans.updatedAt,
      })
      .from(emergencyPlans)
      .where(
        and(
          eq(emergencyPlans.status, 'active'),
          lte(emergencyPlans.reviewDueOn, addCalendarDays(today, settings.planReviewNoticeDays)),
          scopeCondition(actor, 'emergency.plan', emergencyPlans.orgId),
        ),
      )
      .orderBy(asc(emergencyPlans.reviewDueOn), asc(emergencyPlans.id))
      .limit(PER_KIND);
    for (const p of due) {
      items.push({
        key: `emergency.planReview:${p.id}`,
        kind: 'emergency.planReview',
        kindLabel: kinds['emergency.planReview'],
        title: bi(p.title, p.title),
        objectType: 'emergencyPlan',
        objectId: p.id,
        due: p.reviewDueOn,
        dueState: rules.planReviewState(today, p.reviewDueOn, settings.planReviewNoticeDays) === 'overdue' ? 'overdue' : 'due_soon',
        reason: null,
        since: p.updatedAt.toISOString(),
        link: `/emergency/plans/${p.id}`,
      });
    }
  }
  if (actor.userId) {
    const at = now(tx);
    const tasks = await tx
      .select({
        id: emergencyResponseTasks.id,
        text: emergencyResponseTasks.text,
        dueAt: emergencyResponseTasks.dueAt,
        roleName: emergencyResponseRoles.roleName,
        incidentId: incidents.id,
        code: incidents.code,
        activatedAt: emergencyResponses.activatedAt,
      })
      .from(emergencyResponseTasks)
      .innerJoin(emergencyResponseRoles, eq(emergencyResponseRoles.id, emergencyResponseTasks.roleId))
      .innerJoin(emergencyResponses, eq(emergencyResponses.id, emergencyResponseTasks.responseId))
      .innerJoin(incidents, eq(incidents.id, emergencyResponses.incidentId))
      .where(
        and(
          eq(emergencyResponseRoles.holderId, actor.userId),
          isNull(emergencyResponseTasks.doneAt),
          isNull(emergencyResponses.endedAt),
          sql`${incidents.status} in ('reported', 'responding')`,
        ),
      )
      .orderBy(asc(emergencyResponseTasks.dueAt), asc(emergencyResponseTasks.id))
      .limit(PER_KIND);
    for (const t of tasks) {
      items.push({
        key: `emergency.responseTask:${t.id}`,
        kind: 'emergency.responseTask',
        kindLabel: kinds['emergency.responseTask'],
        title: bi(`${t.code} ${t.roleName}：${t.text}`, `${t.code} ${t.roleName}: ${t.text}`),
        objectType: 'emergencyResponseTask',
        objectId: t.id,
        due: shanghaiDateOf(t.dueAt),
        // A task is due within minutes or hours: once it is past its time it is overdue, otherwise it is pressing.
        dueState: t.dueAt < at ? 'overdue' : 'due_soon',
        reason: null,
        since: t.activatedAt.toISOString(),
        link: `/emergency/command/${t.incidentId}`,
      });
    }
  }
  return items;
}
