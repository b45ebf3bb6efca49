import { campaign as plan, nextShanghaiHour } from '@citysafe/domain';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Platform } from '../../platform/platform.js';
import { orgs } from '../identity/index.js';
import { notify, pushNotifications } from '../notifications/index.js';
import { campaignOffice, unitPeople } from './campaign.policy.js';
import { campaignAssignments, campaigns, campaignTasks } from './campaign.tables.js';

export const DEADLINE_JOB = 'campaign.deadlineCheck';

/** The next 08:00 in Asia/Shanghai (00:00 UTC), when offices open: reminders land at the start of the day. */
export const nextMorning = (now: Date): Date => nextShanghaiHour(now, 8);

/** Schedules the daily check for the next morning, once whatever the number of nodes or restarts. */
export async function scheduleDeadlineCheck(platform: Platform, at = nextMorning(platform.clock.now())): Promise<void> {
  await platform.jobs.schedule(platform.db, DEADLINE_JOB, {}, at, { uniqueKey: `${DEADLINE_JOB}:${at.toISOString().slice(0, 10)}` });
}

/**
 * The daily deadline check: each unit's part that became due soon (7 days) or overdue since the
 * last check notifies the unit and 安委办. Each change is notified once.
 */
export async function checkDeadlines(platform: Platform): Promise<number> {
  const { db } = platform;
  const day = plan.shanghaiDateOf(platform.clock.now());
  const parts = await db
    .select({ a: campaignAssignments, task: campaignTasks, org: orgs, campaignOrgId: campaigns.orgId })
    .from(campaignAssignments)
    .innerJoin(campaignTasks, eq(campaignTasks.id, campaignAssignments.taskId))
    .innerJoin(campaigns, eq(campaigns.id, campaignAssignments.campaignId))
    .innerJoin(orgs, eq(orgs.id, campaignAssignments.orgId))
    .where(and(eq(campaigns.status, 'active'), ne(campaignAssignments.status, 'accepted')));
  let sent = 0;
  for (const p of parts) {
    const state = plan.deadlineState(day, p.a.extendedTo ?? p.task.deadlineEnd, false);
    if ((state !== 'due_soon' && state !== 'overdue') || state === p.a.notifiedState) continue;
    const end = p.a.extendedTo ?? p.task.deadlineEnd;
    const unitName = p.org.shortName || p.org.name;
    const created = await db.transaction(async (tx) => {
      // Claim the change: a second node running the same check finds it claimed and sends nothing.
      const claimed = await tx
        .update(campaignAssignments)
        .set({ notifiedState: state })
        .where(and(eq(campaignAssignments.id, p.a.id), sql`${campaignAssignments.notifiedState} is distinct from ${state}`))
        .returning({ id: campaignAssignments.id });
      if (claimed.length === 0) return [];
      const recipients = [...(await unitPeople(tx, p.org)), ...(await campaignOffice(tx, { id: p.campaignOrgId }))];
      return notify(tx, platform, recipients, {
        kind: state === 'overdue' ? 'campaign.overdue' : 'campaign.dueSoon',
        title:
          state === 'overdue'
            ? `第${p.task.seq}项任务已逾期（${unitName}，时限 ${end}）`
            : `第${p.task.seq}项任务临近时限（${unitName}，${end} 前）`,
        body: p.task.content.slice(0, 80),
        link: `/campaign/tasks/${p.task.id}`,
        orgId: p.org.id,
      });
    });
    if (created.length === 0) continue;
    await pushNotifications(platform, created);
    sent++;
  }
  return sent;
}

export function registerCampaignJobs(platform: Platform): void {
  platform.jobs.register(DEADLINE_JOB, async () => {
    // Tomorrow's check first: a failing run must not end the daily chain.
    await scheduleDeadlineCheck(platform);
    await checkDeadlines(platform);
  });
}
