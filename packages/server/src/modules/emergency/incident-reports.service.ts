import { AppError, type api, bi, emergency } from '@citysafe/domain';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { now, type Tx } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { orgs } from '../identity/index.js';
import { reportDocument } from './incident-reports.document.js';
import { loadReportingIncident, presentReporting, reportBelow, reportPolicy } from './incident-reports.present.js';
import { incidentFindings, incidentReports, type ReportContent } from './incident-reports.tables.js';
import { emergencySettingsOf } from './emergency-settings.service.js';
import { incidentGradeHistory, incidents } from './incident.tables.js';

type Reporting = api.emergencyReports.IncidentReporting;

/** While the response goes on 续报 are owed; once it has ended, the 终报. */
const phaseOf = (status: emergency.IncidentStatus): emergency.ScheduleInput['phase'] =>
  status === 'reported' || status === 'responding' ? 'responding' : 'concluded';

const keyOf = (r: { kind: string; level: string; seq: number }) => `${r.kind}:${r.level}:${r.seq}`;

/**
 * Recomputes an incident's report schedule (domain `reportSchedule`) and writes what is owed: new reports inserted,
 * moved clocks updated, reports no longer owed removed. Submitted reports are never touched. INCIDENT calls it after
 * an incident is recorded, after its figures change (a 补报 within the Art. 13 window) and after a workflow action
 * (终报 once concluded); submitting a report calls it (the next 续报).
 */
export async function onIncidentChanged(tx: Tx, incidentId: string): Promise<void> {
  const [incident] = await tx.select().from(incidents).where(eq(incidents.id, incidentId));
  if (!incident) return;
  const rows = await tx.select().from(incidentReports).where(eq(incidentReports.incidentId, incidentId));
  const settings = await emergencySettingsOf(tx);
  const levelOwedSince: Partial<Record<emergency.ReportLevel, Date>> = {};
  const history = await tx
    .select({ grade: incidentGradeHistory.grade, changedAt: incidentGradeHistory.changedAt })
    .from(incidentGradeHistory)
    .where(eq(incidentGradeHistory.incidentId, incidentId))
    .orderBy(asc(incidentGradeHistory.changedAt));
  for (const h of history) for (const level of emergency.escalationLevels(h.grade)) levelOwedSince[level] ??= h.changedAt;
  const schedule = emergency.reportSchedule({
    levelOwedSince,
    grade: incident.grade,
    category: incident.category,
    phase: phaseOf(incident.status),
    occurredAt: incident.occurredAt,
    learnedAt: incident.learnedAt,
    casualties: incident,
    reports: rows.map((r) => ({ ...r, casualties: r.content })),
    settings,
    now: now(tx),
  });
  const owed = new Map(schedule.filter((r) => !r.submittedAt).map((r) => [keyOf(r), r]));
  const open = rows.filter((r) => !r.submittedAt);
  const gone = open.filter((r) => !owed.has(keyOf(r))).map((r) => r.id);
  if (gone.length) await tx.delete(incidentReports).where(and(inArray(incidentReports.id, gone), isNull(incidentReports.submittedAt)));
  for (const r of owed.values()) {
    const existing = open.find((o) => keyOf(o) === keyOf(r));
    if (!existing)
      await tx
        .insert(incidentReports)
        .values({ incidentId, kind: r.kind, level: r.level, seq: r.seq, dueAt: r.dueAt })
        .onConflictDoNothing();
    else if (existing.dueAt.getTime() !== r.dueAt.getTime())
      await tx.update(incidentReports).set({ dueAt: r.dueAt }).where(eq(incidentReports.id, existing.id));
  }
}

/** `GET /api/emergency/incidents/{id}/reports`. */
export async function getReporting(platform: Platform, actor: Actor, incidentId: string): Promise<Reporting> {
  return platform.db.transaction(async (tx) => presentReporting(tx, actor, await loadReportingIncident(tx, actor, incidentId, false)));
}

/**
 * Submits one report: its Art. 12 contents are taken from the record (item 4 always the record's figures; items 3
 * and 5 the record's 简要经过 and 已采取的措施 unless written) and the submitter's text, the Word document is generated
 * and kept as issued, and `late` is decided now, for ever. The row is updated only while unsubmitted, so two
 * submissions at once give one 200 and one 409.
 */
export async function submitReport(
  platform: Platform,
  actor: Actor,
  incidentId: string,
  reportId: string,
  input: z.output<typeof api.emergencyReports.submitReport.body>,
): Promise<Reporting> {
  return platform.db.transaction((tx) => submitReportIn(tx, actor, incidentId, reportId, input));
}

/** `submitReport` in the caller's transaction (the demo's, on its own clock). */
export async function submitReportIn(
  tx: Tx,
  actor: Actor,
  incidentId: string,
  reportId: string,
  input: z.output<typeof api.emergencyReports.submitReport.body>,
): Promise<Reporting> {
  const incident = await loadReportingIncident(tx, actor, incidentId, true);
  const all = await tx.select().from(incidentReports).where(eq(incidentReports.incidentId, incidentId));
  const report = all.find((r) => r.id === reportId);
  if (!report) throw new AppError('NOT_FOUND', bi('报告不存在', 'No such report'));
  reportPolicy.authorize(actor, { incident, report, below: reportBelow(report, all) }, 'submit');
  const at = now(tx);
  const late = at.getTime() > report.dueAt.getTime();
  const content: ReportContent = {
    code: incident.code,
    title: incident.title,
    grade: incident.grade,
    category: incident.category,
    occurredAt: incident.occurredAt.toISOString(),
    learnedAt: incident.learnedAt.toISOString(),
    placeName: incident.placeName,
    unitName: incident.unitOrgName ?? incident.unitName,
    deaths: incident.deaths,
    missing: incident.missing,
    seriousInjuries: incident.seriousInjuries,
    minorInjuries: incident.minorInjuries,
    directLossWan: incident.directLossWan,
    sections: {
      unitOverview: input.unitOverview,
      scene: input.scene,
      course: input.course || incident.summary || '详细经过待续报。',
      casualties: '',
      measures: input.measures || incident.measuresTaken || '无。',
      other: input.other || '无。',
    },
    reporterName: input.reporterName,
    reporterPhone: input.reporterPhone,
  };
  const document = await reportDocument({ ...report, submittedAt: at, late }, content);
  const [done] = await tx
    .update(incidentReports)
    .set({ submittedAt: at, late, content, document, submittedBy: actor.userId, submittedByName: actor.displayName })
    .where(and(eq(incidentReports.id, reportId), isNull(incidentReports.submittedAt)))
    .returning({ id: incidentReports.id });
  if (!done) throw new AppError('CONFLICT', bi('该报告已提交', 'This report has been submitted'));
  await audit(tx, actor, {
    action: 'incidentReport.submit',
    entityType: 'incidentReport',
    entityId: reportId,
    after: { incidentId, kind: report.kind, level: report.level, seq: report.seq, dueAt: report.dueAt, submittedAt: at, late },
  });
  await onIncidentChanged(tx, incidentId);
  return presentReporting(tx, actor, incident);
}

/** The Word document of a submitted report, as issued. */
export async function reportFile(
  platform: Platform,
  actor: Actor,
  incidentId: string,
  reportId: string,
): Promise<{ name: string; bytes: Buffer }> {
  return platform.db.transaction(async (tx) => {
    const incident = await loadReportingIncident(tx, actor, incidentId, false);
    const [r] = await tx
      .select({ kind: incidentReports.kind, seq: incidentReports.seq, level: incidentReports.level, document: incidentReports.document })
      .from(incidentReports)
      .where(and(eq(incidentReports.id, reportId), eq(incidentReports.incidentId, incidentId)));
    if (!r?.document)
      throw new AppError('NOT_FOUND', bi('报告尚未提交，没有文书', 'The report has not been submitted; there is no document'));
    const label = emergency.reportKindLabels[r.kind].zh;
    const which = r.kind === 'escalation' ? `${label}-${emergency.reportLevelLabels[r.level].zh}` : r.seq > 1 ? `${label}${r.seq}` : label;
    return { name: `${incident.code}-${which}.docx`, bytes: r.document };
  });
}

/** Records a 瞒报/谎报 finding (emergency.investigate within the incident's reach). */
export async function recordFinding(
  platform: Platform,
  actor: Actor,
  incidentId: string,
  input: z.output<typeof api.emergencyReports.recordFinding.body>,
): Promise<Reporting> {
  return platform.db.transaction(async (tx) => {
    const incident = await loadReportingIncident(tx, actor, incidentId, true);
    if (!incident.investigates) throw new AppError('FORBIDDEN');
    if (input.orgId && (await tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.id, input.orgId))).length === 0)
      throw new AppError('VALIDATION', undefined, { fields: [{ field: 'orgId', message: bi('单位不存在', 'No such unit') }] });
    const [row] = await tx
      .insert(incidentFindings)
      .values({
        incidentId,
        kind: input.kind,
        orgId: input.orgId ?? null,
        description: input.description,
        foundOn: input.foundOn,
        recordedBy: actor.userId,
        recordedByName: actor.displayName,
        recordedAt: now(tx),
      })
      .returning();
    await audit(tx, actor, { action: 'incidentFinding.record', entityType: 'incidentFinding', entityId: row!.id, after: row });
    return presentReporting(tx, actor, incident);
  });
}
