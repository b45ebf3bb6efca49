import { emergency, shanghaiDateOf } from '@citysafe/domain';
import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import { holdersOf } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { notify, pushNotifications } from '../notifications/index.js';
import { incidentInvestigations, incidentMeasures, incidentReportNotices, incidentReports } from './incident-reports.tables.js';
import { unitMembers } from './incident-reports.present.js';
import { onIncidentChanged } from './incident-reports.service.js';
import { incidents } from './incident.tables.js';

export const REPORT_CHECK_JOB = 'emergency.reportCheck';
/** The statutory clocks run in hours (1 h for the first report), so the check runs every few minutes. */
export const REPORT_CHECK_MINUTES = 5;
/** A report this close to its due time reminds those who make it. */
export const REPORT_DUE_SOON_MINUTES = 30;
/** A report this long overdue is escalated to the district's command (安委办, the duty officers). */
export const REPORT_ESCALATE_AFTER_MINUTES = 60;
/** An investigation's deadline this near reminds the investigators. */
export const INVESTIGATION_DUE_SOON_DAYS = 7;

/** Schedules the next check, once per slot whatever the number of nodes or restarts. */
export async function scheduleReportCheck(platform: Platform, after = platform.clock.now()): Promise<void> {
  const slot = REPORT_CHECK_MINUTES * 60_000;
  const at = new Date((Math.floor(after.getTime() / slot) + 1) * slot);
  await platform.jobs.schedule(platform.db, REPORT_CHECK_JOB, {}, at, { uniqueKey: `${REPORT_CHECK_JOB}:${at.toISOString()}` });
}

/** Claims one reminder by inserting its row: a second run, or a second node, finds it and sends nothing. */
async function claim(tx: Tx, objectId: string, due: string, step: string, at: Date): Promise<boolean> {
  const claimed = await tx
    .insert(incidentReportNotices)
    .values({ objectId, due, step, sentAt: at })
    .onConflictDoNothing()
    .returning({ step: incidentReportNotices.step });
  return claimed.length > 0;
}

/** Those who make an incident's reports: emergency.report (emergency.command for an escalation) over its unit and its reporting org. */
async function reporters(tx: Tx, i: { unitOrgId: string | null; reportedOrgId: string }, escalation: boolean): Promise<string[]> {
  const action = escalation ? 'emergency.command' : 'emergency.report';
  const scopes = ['own', 'subtree'] as const;
  const ids = await holdersOf(tx, action, i.reportedOrgId, { scopes });
  if (i.unitOrgId) ids.push(...(await holdersOf(tx, action, i.unitOrgId, { scopes })));
  return ids;
}

/** The district's command: emergency.command holders whose reach is the district (安委办, the duty officers). */
const districtCommand = (tx: Tx, orgId: string) => holdersOf(tx, 'emergency.command', orgId, { scopes: ['district'] });

type Counts = { reports: number; investigations: number; measures: number };

/**
 * The check (every few minutes): first each open incident's schedule is recomputed (a response that ended owes its
 * 终报); then each owed report due within 30 minutes reminds its makers, once overdue tells them again, and an hour
 * overdue is escalated to the district's command — each notice once per report and due time. Investigations whose
 * report or approval is due within 7 days or overdue, and 整改措施 past their deadline, remind once per day of the
 * deadline and step. Returns how many notices went out.
 */
export async function checkReportDeadlines(platform: Platform): Promise<Counts> {
  const { db } = platform;
  const at = platform.clock.now();
  const today = shanghaiDateOf(at);
  const counts: Counts = { reports: 0, investigations: 0, measures: 0 };
  const open = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(sql`${incidents.status} <> 'closed'`);
  for (const { id } of open) await db.transaction((tx) => onIncidentChanged(tx, id));

  const owed = await db
    .select({ r: incidentReports, i: incidents })
    .from(incidentReports)
    .innerJoin(incidents, eq(incidents.id, incidentReports.incidentId))
    .where(and(isNull(incidentReports.submittedAt), lte(incidentReports.dueAt, new Date(at.getTime() + REPORT_DUE_SOON_MINUTES * 60_000))));
  for (const { r, i } of owed) {
    const late = at.getTime() - r.dueAt.getTime();
    const steps = late < 0 ? ['dueSoon'] : late >= REPORT_ESCALATE_AFTER_MINUTES * 60_000 ? ['overdue', 'escalated'] : ['overdue'];
    const what = `${i.code} ${emergency.reportKindLabels[r.kind].zh}（${emergency.reportLevelLabels[r.level].zh}）`;
    for (const step of steps) {
      const created = await db.transaction(async (tx) => {
        if (!(await claim(tx, r.id, r.dueAt.toISOString(), step, at))) return [];
        const audience =
          step === 'escalated' ? await districtCommand(tx, i.reportedOrgId) : await reporters(tx, i, r.kind === 'escalation');
        const minutes = Math.round(Math.abs(late) / 60_000);
        return notify(tx, platform, audience, {
          kind: step === 'dueSoon' ? 'emergency.reportDueSoon' : 'emergency.reportOverdue',
          title:
            step === 'dueSoon'
              ? `${what}将于 ${minutes} 分钟后到期`
              : step === 'escalated'
                ? `${what}已超时 ${minutes} 分钟仍未报送，请督促`
                : `${what}已超过法定时限，请立即报送`,
          body: i.title,
          link: `/emergency/incidents/${i.id}`,
          orgId: i.reportedOrgId,
        });
      });
      counts.reports += await sent(platform, created);
    }
  }

  const investigations = await db
    .select({ v: incidentInvestigations, i: incidents })
    .from(incidentInvestigations)
    .innerJoin(incidents, eq(incidents.id, incidentInvestigations.incidentId))
    .where(sql`${incidentInvestigations.status} <> 'approved'`);
  for (const { v, i } of investigations) {
    const due = v.status === 'investigating' ? (v.extendedTo ?? v.dueOn) : (v.approvalExtendedTo ?? v.approvalDueOn);
    if (!due) continue;
    const { daysLeft } = emergency.dayStanding(today, due);
    if (daysLeft > INVESTIGATION_DUE_SOON_DAYS) continue;
    const step = `${v.status}:${daysLeft < 0 ? 'overdue' : 'dueSoon'}`;
    const created = await db.transaction(async (tx) => {
      if (!(await claim(tx, v.id, due, step, at))) return [];
      const audience = await holdersOf(tx, 'emergency.investigate', i.reportedOrgId);
      const what = v.status === 'investigating' ? '事故调查报告' : '调查报告批复';
      return notify(tx, platform, audience, {
        kind: daysLeft < 0 ? 'emergency.investigationOverdue' : 'emergency.investigationDueSoon',
        title: daysLeft < 0 ? `${i.code} ${what}已超过期限（${due}）` : `${i.code} ${what}应于 ${due} 前完成`,
        body: i.title,
        link: `/emergency/incidents/${i.id}`,
        orgId: i.reportedOrgId,
      });
    });
    counts.investigations += await sent(platform, created);
  }

  const measures = await db
    .select({ m: incidentMeasures, code: incidents.code, incidentId: incidents.id })
    .from(incidentMeasures)
    .innerJoin(incidentInvestigations, eq(incidentInvestigations.id, incidentMeasures.investigationId))
    .innerJoin(incidents, eq(incidents.id, incidentInvestigations.incidentId))
    .where(and(eq(incidentMeasures.status, 'open'), sql`${incidentMeasures.deadline} < ${today}::date`));
  for (const { m, code, incidentId } of measures) {
    const created = await db.transaction(async (tx) => {
      if (!(await claim(tx, m.id, m.deadline, 'overdue', at))) return [];
      return notify(tx, platform, await unitMembers(tx, m.orgId), {
        kind: 'emergency.measureOverdue',
        title: `事故 ${code} 的整改措施已逾期（期限 ${m.deadline}）`,
        body: m.text,
        link: `/emergency/incidents/${incidentId}`,
        orgId: m.orgId,
      });
    });
    counts.measures += await sent(platform, created);
  }
  return counts;
}

/** Pushes what a claim created and counts it as one notice sent. */
async function sent(platform: Platform, created: Awaited<ReturnType<typeof notify>>): Promise<number> {
  if (created.length === 0) return 0;
  await pushNotifications(platform, created);
  return 1;
}

export function registerReportJobs(platform: Platform): void {
  platform.jobs.register(REPORT_CHECK_JOB, async () => {
    // The next check first: a failing run must not end the chain.
    await scheduleReportCheck(platform);
    await checkReportDeadlines(platform);
  });
}
