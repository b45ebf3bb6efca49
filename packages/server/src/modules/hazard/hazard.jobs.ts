import { hazard as rules, nextShanghaiHour, shanghaiDateOf } from '@citysafe/domain';
import { and, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { rows, type Tx } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { notify, pushNotifications } from '../notifications/index.js';
import { audienceOf, audiencesOf } from './hazard.audiences.js';
import { hazardSettings } from './hazard-rules.service.js';
import { hazardDeadlineNotices, hazardStatisticsReminders } from './hazard-extensions.tables.js';
import { hazards } from './hazard.tables.js';

export const HAZARD_DEADLINE_JOB = 'hazard.deadlineCheck';

/** Schedules the daily check for the next 08:00 Asia/Shanghai, once whatever the number of nodes or restarts. */
export async function scheduleHazardDeadlineCheck(platform: Platform, at = nextShanghaiHour(platform.clock.now(), 8)): Promise<void> {
  await platform.jobs.schedule(platform.db, HAZARD_DEADLINE_JOB, {}, at, {
    uniqueKey: `${HAZARD_DEADLINE_JOB}:${at.toISOString().slice(0, 10)}`,
  });
}

/** The statuses in which a hazard's deadline binds: every state but the terminal one. */
const openStatuses = (Object.keys(rules.hazardWorkflow.states) as rules.HazardStatus[]).filter(
  (s) => rules.hazardWorkflow.states[s].terminal !== true,
);
const reviewStates = [...rules.hazardWorkflow.actions.close.from];

/**
 * Claims one notice by inserting its row: a second run, or a second node, finds it and sends nothing.
 * The claim and the notifications commit together, so a failed send leaves the notice unclaimed.
 */
async function claim(tx: Tx, hazardId: string, dueOn: string, step: string, at: Date): Promise<boolean> {
  const claimed = await tx
    .insert(hazardDeadlineNotices)
    .values({ hazardId, dueOn, step, sentAt: at })
    .onConflictDoNothing()
    .returning({ step: hazardDeadlineNotices.step });
  return claimed.length > 0;
}

const audienceWords: Record<rules.EscalationAudience, string> = {
  responsiblePerson: '责任人',
  unit: '责任单位',
  department: '行业监管部门',
  safetyOffice: '安委办',
};

type Counts = { deadlines: number; reviews: number; statistics: number };

/**
 * The daily check (08:00 Asia/Shanghai):
 * - each open hazard whose binding deadline is due soon reminds the responsible person; once overdue, each
 *   rung of the escalation ladder (settings) is told when the days overdue reach it — each notice once per
 *   hazard and deadline (an extension starts a fresh series);
 * - a listed hazard awaiting its on-site review past `review_due_on` tells the supervising side and 安委办 once;
 * - in the week before a 16号令 statistics table is due, 安委办 and the departments are reminded once.
 * Returns how many notices of each kind went out.
 */
export async function checkHazardDeadlines(platform: Platform): Promise<Counts> {
  const { db } = platform;
  const at = platform.clock.now();
  const day = shanghaiDateOf(at);
  const settings = await hazardSettings(db);
  const counts: Counts = { deadlines: 0, reviews: 0, statistics: 0 };
  // Only hazards whose binding deadline is within the due-soon window or past it can call for a notice.
  const horizon = sql`(${day}::date + ${settings.dueSoonDays}::int)`;
  const candidates = await db
    .select({
      id: hazards.id,
      code: hazards.code,
      title: hazards.title,
      status: hazards.status,
      deadline: hazards.deadline,
      supervisionDeadline: hazards.supervisionDeadline,
      reviewDueOn: hazards.reviewDueOn,
      responsibleOrgId: hazards.responsibleOrgId,
      departmentId: hazards.departmentId,
      supervisingOrgId: hazards.supervisingOrgId,
      streetId: hazards.streetId,
    })
    .from(hazards)
    .where(
      and(
        inArray(hazards.status, openStatuses),
        or(
          sql`coalesce(${hazards.supervisionDeadline}, ${hazards.deadline}) <= ${horizon}`,
          and(inArray(hazards.status, reviewStates), isNotNull(hazards.reviewDueOn), sql`${hazards.reviewDueOn} < ${day}::date`),
        ),
      ),
    )
    .orderBy(hazards.code);
  for (const h of candidates) {
    const deadline = rules.bindingDeadline(h);
    const standing = rules.hazardDeadlineStanding(day, deadline, { closed: false, dueSoonDays: settings.dueSoonDays });
    for (const notice of rules.deadlineNotices(standing, settings)) {
      const created = await db.transaction(async (tx) => {
        if (!(await claim(tx, h.id, deadline!, notice.step, at))) return [];
        const recipients = await audienceOf(tx, h, notice.audience);
        return notify(tx, platform, recipients, {
          kind: notice.step === 'dueSoon' ? 'hazard.dueSoon' : 'hazard.overdue',
          title:
            notice.step === 'dueSoon'
              ? `隐患 ${h.code} 临近整改期限（${deadline} 前）`
              : `隐患 ${h.code} 已逾期 ${standing.daysOverdue} 天（期限 ${deadline}），通知${audienceWords[notice.audience]}`,
          body: h.title,
          link: `/hazards/${h.id}`,
          orgId: h.responsibleOrgId,
        });
      });
      counts.deadlines += await sent(platform, created);
    }
    if (reviewStates.includes(h.status as (typeof reviewStates)[number]) && h.reviewDueOn && h.reviewDueOn < day) {
      const created = await db.transaction(async (tx) => {
        if (!(await claim(tx, h.id, h.reviewDueOn!, 'reviewOverdue', at))) return [];
        return notify(tx, platform, await audiencesOf(tx, h, ['department', 'safetyOffice']), {
          kind: 'hazard.reviewOverdue',
          title: `隐患 ${h.code} 的现场审查已超期（应于 ${h.reviewDueOn} 前完成）`,
          body: h.title,
          link: `/hazards/${h.id}`,
          orgId: h.responsibleOrgId,
        });
      });
      counts.reviews += await sent(platform, created);
    }
  }
  for (const table of rules.statisticsTablesToRemind(day)) {
    const created = await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(hazardStatisticsReminders)
        .values({ period: table.period, dueOn: table.dueOn, sentAt: at })
        .onConflictDoNothing()
        .returning({ period: hazardStatisticsReminders.period });
      if (claimed.length === 0) return [];
      return notify(tx, platform, await statisticsAudience(tx), {
        kind: 'hazard.statisticsDue',
        title:
          table.kind === 'quarterly'
            ? `${table.year}年第${table.quarter}季度隐患排查治理统计分析表应于 ${table.dueOn} 前报送`
            : `${table.year}年度隐患排查治理统计分析表应于 ${table.dueOn} 前报送`,
        body: rules.STATISTICS_SOURCE.zh,
        link: '/hazards/stats',
        // The root of the org tree: the district's group robots hear it.
        orgId: (await rows<{ id: string }>(tx, sql`select id from orgs order by length(path), id limit 1`))[0]!.id,
      });
    });
    counts.statistics += await sent(platform, created);
  }
  return counts;
}

/** Pushes what a claim created and counts it as one notice sent. */
async function sent(platform: Platform, created: Awaited<ReturnType<typeof notify>>): Promise<number> {
  if (created.length === 0) return 0;
  await pushNotifications(platform, created);
  return 1;
}

/**
 * Who compiles the statistics tables: 安委办 and the departments, i.e. the active holders of hazard.supervise
 * through a district- or subtree-wide role (installation administrators are not the office that reports).
 */
async function statisticsAudience(tx: Tx): Promise<string[]> {
  const found = await rows<{ id: string }>(
    tx,
    sql`select distinct u.id from users u join user_roles ur on ur.user_id = u.id join roles r on r.code = ur.role_code
      where u.status = 'active' and ${'hazard.supervise'} = any(r.actions) and r.scope in ('district', 'subtree') order by u.id`,
  );
  return found.map((r) => r.id);
}

export function registerHazardJobs(platform: Platform): void {
  platform.jobs.register(HAZARD_DEADLINE_JOB, async () => {
    // Tomorrow's check first: a failing run must not end the daily chain.
    await scheduleHazardDeadlineCheck(platform);
    await checkHazardDeadlines(platform);
  });
}
