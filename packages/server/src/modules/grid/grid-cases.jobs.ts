import { asc } from 'drizzle-orm';
import { holdersOf } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { notifyOnce } from '../notifications/index.js';
import { overdueSql } from './grid-cases.service.js';
import { gridCaseEscalations, gridCases } from './grid.tables.js';

export const GRID_OVERDUE_JOB = 'grid.overdueCheck';
/** The check runs every hour: a case's deadline is counted in hours (24 h for 紧急问题). */
const HOUR = 60 * 60 * 1000;

export async function scheduleGridOverdueCheck(platform: Platform, at = new Date(Math.ceil(platform.clock.now().getTime() / HOUR) * HOUR)) {
  await platform.jobs.schedule(platform.db, GRID_OVERDUE_JOB, {}, at, { uniqueKey: `${GRID_OVERDUE_JOB}:${at.toISOString()}` });
}

/**
 * Who is told: the unit the case was dispatched to (its holders of `grid.case`) and the office that dispatched it and
 * will verify it (the holders over the case's grid: its street) — not installation-wide administrators.
 */
async function audience(tx: Tx, c: { gridId: string; assignedOrgId: string | null }): Promise<string[]> {
  const office = await holdersOf(tx, 'grid.case', c.gridId, { scopes: ['district', 'subtree'] });
  const unit = c.assignedOrgId ? await holdersOf(tx, 'grid.case', c.assignedOrgId, { scopes: ['subtree', 'own'] }) : [];
  return [...unit, ...office];
}

/**
 * 超期督办 of grid cases: each case still with its unit (`gridCaseDeadlineStates`) whose deadline has passed tells the
 * unit and the grid's office once per deadline (the claim row; a return gives a new deadline and, if missed, a new
 * notice). Returns the number of cases told about.
 */
export async function checkGridCaseOverdue(platform: Platform): Promise<number> {
  const { db } = platform;
  const at = platform.clock.now();
  const late = await db.select().from(gridCases).where(overdueSql(at)).orderBy(asc(gridCases.deadline), asc(gridCases.code));
  let told = 0;
  for (const c of late) {
    const deadline = c.deadline!;
    const sent = await notifyOnce(
      platform,
      async (tx) =>
        (
          await tx
            .insert(gridCaseEscalations)
            .values({ caseId: c.id, deadline, sentAt: at })
            .onConflictDoNothing()
            .returning({ caseId: gridCaseEscalations.caseId })
        ).length > 0,
      async (tx) => ({
        userIds: await audience(tx, c),
        input: {
          kind: 'grid.overdue',
          title: `网格事件 ${c.code} 超过处置时限`,
          body: `「${c.title}」处置时限 ${deadline.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}（${c.deadlineHours} 小时），请尽快处置并反馈。`,
          link: `/grid/cases/${c.id}`,
          orgId: c.assignedOrgId ?? c.gridId,
        },
      }),
    );
    if (sent) told += 1;
  }
  return told;
}

export function registerGridJobs(platform: Platform): void {
  platform.jobs.register(GRID_OVERDUE_JOB, async () => {
    // The next run first: a failing check must not end the chain.
    await scheduleGridOverdueCheck(platform, new Date(platform.clock.now().getTime() + HOUR));
    await checkGridCaseOverdue(platform);
  });
}
