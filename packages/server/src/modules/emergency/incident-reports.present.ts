import { type Action, AppError, type api, bi, emergency, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { type Actor, can, holdersOf } from '../../platform/actor.js';
import { now, rows, type Tx } from '../../platform/db.js';
import { allowIf, definePolicy, forbidden, refuse, workflowPolicy } from '../../platform/policy.js';
import { orgs } from '../identity/index.js';
import { incidentFindings, incidentInvestigations, incidentMeasures, incidentReports } from './incident-reports.tables.js';
import { incidentScope } from './incident.scope.js';
import { incidents } from './incident.tables.js';

type Reporting = api.emergencyReports.IncidentReporting;

/** An incident as the reporting rules see it, with the caller's reach over it for each action they need. */
export interface ReportingIncident {
  id: string;
  code: string;
  title: string;
  summary: string | null;
  measuresTaken: string | null;
  category: emergency.IncidentCategory;
  grade: emergency.AccidentGrade;
  status: emergency.IncidentStatus;
  occurredAt: Date;
  learnedAt: Date;
  placeName: string | null;
  unitName: string | null;
  unitOrgName: string | null;
  deaths: number;
  missing: number;
  seriousInjuries: number;
  minorInjuries: number;
  directLossWan: number;
  /** Whether the caller's reach covers the incident for emergency.report / .command / .investigate. */
  reports: boolean;
  commands: boolean;
  investigates: boolean;
}

const reachOf = (actor: Actor, action: Action): SQL<boolean> =>
  can(actor, action) ? sql<boolean>`coalesce(${incidentScope(actor, action)}, false)` : sql<boolean>`false`;

/** Loads an incident the caller may read (404 otherwise), locked when a report or the investigation is about to change. */
export async function loadReportingIncident(tx: Tx, actor: Actor, id: string, lock: boolean): Promise<ReportingIncident> {
  const query = tx
    .select({
      id: incidents.id,
      code: incidents.code,
      title: incidents.title,
      summary: incidents.summary,
      measuresTaken: incidents.measuresTaken,
      category: incidents.category,
      grade: incidents.grade,
      status: incidents.status,
      occurredAt: incidents.occurredAt,
      learnedAt: incidents.learnedAt,
      placeName: incidents.placeName,
      unitName: incidents.unitName,
      unitOrgName: sql<string | null>`(select o.name from orgs o where o.id = ${incidents.unitOrgId})`,
      deaths: incidents.deaths,
      missing: incidents.missing,
      seriousInjuries: incidents.seriousInjuries,
      minorInjuries: incidents.minorInjuries,
      directLossWan: incidents.directLossWan,
      reports: reachOf(actor, 'emergency.report'),
      commands: reachOf(actor, 'emergency.command'),
      investigates: reachOf(actor, 'emergency.investigate'),
    })
    .from(incidents)
    .where(and(eq(incidents.id, id), incidentScope(actor, 'emergency.read')));
  const [found] = lock ? await query.for('update', { of: incidents }) : await query;
  if (!found) throw new AppError('NOT_FOUND', bi('事故不存在', 'No such incident'));
  return found;
}

type ReportRow = typeof incidentReports.$inferSelect;

/**
 * Submitting a report: an escalation is the district's (emergency.command within reach), every other report the
 * unit's or its receivers' (emergency.report within reach). A level reports only after the level below has (Art. 11:
 * each level reports on receiving), and a report is made once.
 */
export const reportPolicy = definePolicy<{ incident: ReportingIncident; report: ReportRow; below: ReportRow | null }, 'submit'>({
  submit: (_actor, { incident, report, below }) => {
    if (!(report.kind === 'escalation' ? incident.commands : incident.reports)) return forbidden;
    if (report.submittedAt) return refuse('CONFLICT', bi('该报告已提交', 'This report has been submitted'));
    return allowIf(
      report.kind !== 'escalation' || !!below?.submittedAt,
      refuse('INVALID_TRANSITION', bi('下一级尚未报告，不能越过其上报', 'The level below has not reported yet')),
    );
  },
});

/** The report a level's escalation follows: the first report for the city, the city's for the province, and so on. */
export function reportBelow(report: ReportRow, all: readonly ReportRow[]): ReportRow | null {
  if (report.kind !== 'escalation') return null;
  const level = emergency.reportLevels.indexOf(report.level);
  return level === 1
    ? (all.find((r) => r.kind === 'first') ?? null)
    : (all.find((r) => r.kind === 'escalation' && r.level === emergency.reportLevels[level - 1]) ?? null);
}

/** The investigation's actions: the investigators' (emergency.investigate within the incident's reach). */
export const investigationPolicy = workflowPolicy(emergency.investigationWorkflow, {
  state: (i: { status: emergency.InvestigationStatus; incident: ReportingIncident }) => i.status,
  reach: (_actor, i) => allowIf(i.incident.investigates),
  others: { addMeasure: (_actor, i) => allowIf(i.incident.investigates) },
});

/** A measure is completed by its unit: emergency.report over the measure's org. */
export const measurePolicy = workflowPolicy(emergency.measureWorkflow, {
  state: (m: { status: emergency.MeasureStatus; mine: boolean }) => m.status,
  reach: (_actor, m) => allowIf(m.mine),
});

/**
 * SQL: the measure is the caller's unit's own (emergency.report, the caller's org named): a unit carries out its own
 * measures, not its parent street nor the district on its behalf.
 */
export const measureIsMine = (actor: Actor): SQL<boolean> =>
  can(actor, 'emergency.report') && actor.orgId ? sql<boolean>`(${incidentMeasures.orgId} = ${actor.orgId})` : sql<boolean>`false`;

/** Reads the measures matching `where`, presented for the caller. */
export async function presentMeasures(tx: Tx, actor: Actor, where: SQL | undefined): Promise<api.emergencyReports.Measure[]> {
  const today = shanghaiDateOf(now(tx));
  const found = await tx
    .select({
      m: incidentMeasures,
      incidentId: incidentInvestigations.incidentId,
      incidentCode: incidents.code,
      orgName: orgs.name,
      mine: measureIsMine(actor),
    })
    .from(incidentMeasures)
    .innerJoin(incidentInvestigations, eq(incidentInvestigations.id, incidentMeasures.investigationId))
    .innerJoin(incidents, eq(incidents.id, incidentInvestigations.incidentId))
    .innerJoin(orgs, eq(orgs.id, incidentMeasures.orgId))
    .where(where)
    .orderBy(asc(incidentMeasures.deadline), asc(incidentMeasures.id));
  return found.map(({ m, incidentId, incidentCode, orgName, mine }) =>
    presentMeasure(actor, { m, incidentId, incidentCode, orgName, mine }, today),
  );
}

export function presentMeasure(
  actor: Actor,
  r: { m: typeof incidentMeasures.$inferSelect; incidentId: string; incidentCode: string; orgName: string; mine: boolean },
  today: string,
): api.emergencyReports.Measure {
  return {
    id: r.m.id,
    incidentId: r.incidentId,
    incidentCode: r.incidentCode,
    orgId: r.m.orgId,
    orgName: r.orgName,
    text: r.m.text,
    deadline: r.m.deadline,
    status: r.m.status,
    overdue: r.m.status === 'open' && emergency.dayStanding(today, r.m.deadline).overdue,
    doneAt: r.m.doneAt?.toISOString() ?? null,
    doneNote: r.m.doneNote,
    allowedActions: measurePolicy.allowed(actor, { status: r.m.status, mine: r.mine }),
  };
}

const reportSource = (kind: emergency.ReportKind) =>
  kind === 'first'
    ? emergency.reportingRuleSources.first
    : kind === 'escalation'
      ? emergency.reportingRuleSources.escalation
      : kind === 'supplementary'
        ? emergency.reportingRuleSources.supplementary
        : kind === 'final'
          ? emergency.reportingRuleSources.final
          : emergency.reportingRuleSources.follow_up;

/** The reports in order of their due time (then their kind's order). */
export const inScheduleOrder = (a: ReportRow, b: ReportRow): number =>
  a.dueAt.getTime() - b.dueAt.getTime() || emergency.reportKinds.indexOf(a.kind) - emergency.reportKinds.indexOf(b.kind);

/** Everything the incident page's reporting panel shows, for this caller. */
export async function presentReporting(tx: Tx, actor: Actor, incident: ReportingIncident): Promise<Reporting> {
  const at = now(tx);
  const today = shanghaiDateOf(at);
  const reports = (await tx.select().from(incidentReports).where(eq(incidentReports.incidentId, incident.id))).sort(inScheduleOrder);
  const findings = await tx
    .select({ f: incidentFindings, orgName: orgs.name })
    .from(incidentFindings)
    .leftJoin(orgs, eq(orgs.id, incidentFindings.orgId))
    .where(eq(incidentFindings.incidentId, incident.id))
    .orderBy(asc(incidentFindings.recordedAt), asc(incidentFindings.id));
  const [inv] = await tx.select().from(incidentInvestigations).where(eq(incidentInvestigations.incidentId, incident.id));
  return {
    incidentId: incident.id,
    code: incident.code,
    now: at.toISOString(),
    reports: reports.map((r) => {
      const standing = emergency.reportStanding(r, at);
      const c = r.content;
      return {
        id: r.id,
        kind: r.kind,
        level: r.level,
        seq: r.seq,
        dueAt: r.dueAt.toISOString(),
        submittedAt: r.submittedAt?.toISOString() ?? null,
        late: r.late,
        // A made report's standing is its stored lateness, never recomputed.
        state: r.submittedAt ? (r.late ? 'late' : 'on_time') : standing.state,
        msLeft: standing.msLeft,
        submittedBy: r.submittedByName,
        figures: c
          ? {
              deaths: c.deaths,
              missing: c.missing,
              seriousInjuries: c.seriousInjuries,
              minorInjuries: c.minorInjuries,
              directLossWan: c.directLossWan,
            }
          : null,
        source: reportSource(r.kind),
        allowedActions: reportPolicy.allowed(actor, { incident, report: r, below: reportBelow(r, reports) }),
      };
    }),
    findings: findings.map(({ f, orgName }) => ({
      id: f.id,
      kind: f.kind,
      orgId: f.orgId,
      orgName,
      description: f.description,
      foundOn: f.foundOn,
      recordedBy: f.recordedByName,
      recordedAt: f.recordedAt.toISOString(),
    })),
    investigation: inv
      ? {
          id: inv.id,
          status: inv.status,
          dueOn: inv.dueOn,
          extendedTo: inv.extendedTo,
          reportDueOn: inv.extendedTo ?? inv.dueOn,
          reportOverdue: inv.status === 'investigating' && emergency.dayStanding(today, inv.extendedTo ?? inv.dueOn).overdue,
          extensionReason: inv.extensionReason,
          reportSubmittedOn: inv.reportSubmittedOn,
          reportSummary: inv.reportSummary,
          approvalDueOn: inv.approvalDueOn,
          approvalExtendedTo: inv.approvalExtendedTo,
          approvalOverdue:
            inv.status === 'submitted' && emergency.dayStanding(today, (inv.approvalExtendedTo ?? inv.approvalDueOn)!).overdue,
          approvedOn: inv.approvedOn,
          approvalNote: inv.approvalNote,
          sources: { investigation: emergency.reportingRuleSources.investigation, approval: emergency.reportingRuleSources.approval },
          measures: await presentMeasures(tx, actor, eq(incidentMeasures.investigationId, inv.id)),
          allowedActions: investigationPolicy.allowed(actor, { status: inv.status, incident }),
        }
      : null,
    allowedActions: [
      ...(incident.investigates ? (['recordFinding'] as const) : []),
      ...(incident.investigates && !inv ? (['openInvestigation'] as const) : []),
    ],
  };
}

/** The active people of a unit who hold emergency.report there: those who carry out its measures. */
export async function unitMembers(tx: Tx, orgId: string): Promise<string[]> {
  const holders = new Set(await holdersOf(tx, 'emergency.report', orgId));
  const members = await rows<{ id: string }>(tx, sql`select id from users where org_id = ${orgId} and status = 'active' order by id`);
  return members.map((m) => m.id).filter((id) => holders.has(id));
}
