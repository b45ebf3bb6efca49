import { report as rules } from '@citysafe/domain';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { holdersOf } from '../../platform/actor.js';
import { rows, type Tx } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { notifyOnce } from '../notifications/index.js';
import { reportLimits } from './report-handling.service.js';
import { reportEscalations } from './report-handling.tables.js';
import { reports } from './report.tables.js';

export const REPORT_ESCALATION_JOB = 'report.escalationCheck';
/** The check runs every hour: an acceptance limit of days is missed by hours, not by a day. */
const HOUR = 60 * 60 * 1000;

export async function scheduleReportEscalation(platform: Platform, at = new Date(Math.ceil(platform.clock.now().getTime() / HOUR) * HOUR)) {
  await platform.jobs.schedule(platform.db, REPORT_ESCALATION_JOB, {}, at, { uniqueKey: `${REPORT_ESCALATION_JOB}:${at.toISOString()}` });
}

const stepWords: Record<rules.ReportStep, string> = {
  accept: '受理',
  assign: '交办',
  handle: '办理',
  verify: '核查',
  close: '办结答复',
};

/** The district's 安委办 (district-wide holders of report.handle over the report's district) and the assigned unit's handlers. */
async function audience(tx: Tx, r: { streetId: string | null; assignedOrgId: string | null }): Promise<string[]> {
  const root = (await rows<{ id: string }>(tx, sql`select id from orgs order by length(path), id limit 1`))[0]!.id;
  const office = await holdersOf(tx, 'report.handle', r.streetId ?? root, { scopes: ['district'] });
  const unit = r.assignedOrgId ? await holdersOf(tx, 'report.handle', r.assignedOrgId, { scopes: ['subtree', 'own'] }) : [];
  return [...office, ...unit];
}

/**
 * The escalation of late steps (the issue: "late steps escalate"): each open report whose waiting step is past its
 * limit by the settings' `escalateAfterDays` tells 安委办 and the assigned unit once per step and limit (the claim
 * row; an extension is a new limit and a new notice). The message names the report's code, the step and the limit —
 * never the reporter (the identity is not in `reports`), so robots may carry it. Returns the notices sent.
 */
export async function checkReportEscalations(platform: Platform): Promise<number> {
  const { db } = platform;
  const at = platform.clock.now();
  const limits = await reportLimits(db);
  const late = rules.addDays(at, -limits.escalateAfterDays).toISOString();
  const candidates = await db
    .select()
    .from(reports)
    .where(
      or(
        and(eq(reports.status, 'received'), sql`${reports.acceptDueAt} < ${late}::timestamptz`),
        and(
          inArray(reports.status, rules.openReportStatuses as rules.ReportStatus[]),
          sql`coalesce(${reports.extendedUntil}, ${reports.dueAt}) < ${late}::timestamptz`,
        ),
      ),
    )
    .orderBy(asc(reports.code));
  let sent = 0;
  for (const r of candidates) {
    const step = rules.reportStepOf[r.status]!;
    const due = rules.stepDueAt(r)!;
    const told = await notifyOnce(
      platform,
      async (tx) =>
        (
          await tx
            .insert(reportEscalations)
            .values({ reportId: r.id, step, dueAt: due, sentAt: at })
            .onConflictDoNothing()
            .returning({ step: reportEscalations.step })
        ).length > 0,
      async (tx) => ({
        userIds: await audience(tx, r),
        input: {
          kind: 'report.overdue',
          title: `举报 ${r.code} 超过${stepWords[step]}时限`,
          body: `${stepWords[step]}时限 ${due.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}，请督促办理。`,
          link: `/reports/${r.id}`,
          orgId:
            r.assignedOrgId ??
            r.streetId ??
            (await rows<{ id: string }>(tx, sql`select id from orgs order by length(path), id limit 1`))[0]!.id,
        },
      }),
    );
    if (told) sent += 1;
  }
  return sent;
}

export function registerReportJobs(platform: Platform): void {
  platform.jobs.register(REPORT_ESCALATION_JOB, async () => {
    // The next run first: a failing check must not end the chain.
    await scheduleReportEscalation(platform, new Date(platform.clock.now().getTime() + HOUR));
    await checkReportEscalations(platform);
  });
}
