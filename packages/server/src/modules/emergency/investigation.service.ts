import { AppError, type api, bi, emergency, shanghaiDateOf } from '@citysafe/domain';
import { and, eq, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { now } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import type { Platform } from '../../platform/platform.js';
import { recordTransition } from '../../platform/workflow.js';
import { orgs } from '../identity/index.js';
import { notify, pushNotifications } from '../notifications/index.js';
import {
  investigationPolicy,
  loadReportingIncident,
  measureIsMine,
  measurePolicy,
  presentMeasure,
  presentReporting,
  unitMembers,
} from './incident-reports.present.js';
import { incidentInvestigations, incidentMeasures } from './incident-reports.tables.js';
import { incidentScope } from './incident.scope.js';
import { incidents } from './incident.tables.js';

type Reporting = api.emergencyReports.IncidentReporting;

/** Opens the investigation: its report is due 60 days after the accident's day (Art. 29), whenever it is opened. */
export async function openInvestigation(platform: Platform, actor: Actor, incidentId: string): Promise<Reporting> {
  return platform.db.transaction(async (tx) => {
    const incident = await loadReportingIncident(tx, actor, incidentId, true);
    if (!incident.investigates) throw new AppError('FORBIDDEN');
    const at = now(tx);
    const [row] = await tx
      .insert(incidentInvestigations)
      .values({ incidentId, dueOn: emergency.investigationDueOn(incident.occurredAt), openedBy: actor.userId, openedAt: at, updatedAt: at })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('CONFLICT', bi('该事故的调查已成立', 'The investigation has already been opened'));
    await audit(tx, actor, { action: 'incidentInvestigation.open', entityType: 'incidentInvestigation', entityId: row.id, after: row });
    return presentReporting(tx, actor, incident);
  });
}

/**
 * An investigation action: extend the report's deadline (once, ≤ 60 days, Art. 29), submit the report (approval due
 * 15 days later, 30 for 特别重大, Art. 32), extend approval (特别重大 only, ≤ 30 days), approve. The rule violations are
 * 422 naming the limit.
 */
export async function performInvestigationAction(
  platform: Platform,
  actor: Actor,
  incidentId: string,
  action: string,
  input: unknown,
): Promise<Reporting> {
  return platform.db.transaction(async (tx) => {
    const incident = await loadReportingIncident(tx, actor, incidentId, true);
    const [inv] = await tx.select().from(incidentInvestigations).where(eq(incidentInvestigations.incidentId, incidentId)).for('update');
    if (!inv) throw new AppError('NOT_FOUND', bi('该事故尚未成立调查', 'No investigation has been opened'));
    const t = investigationPolicy.plan(actor, { status: inv.status, incident }, action, input);
    const today = shanghaiDateOf(now(tx));
    let change: Partial<typeof incidentInvestigations.$inferInsert> = {};
    if (t.action === 'extend') {
      emergency.checkInvestigationExtension(inv.dueOn, inv.extendedTo, t.input.extendedTo);
      change = { extendedTo: t.input.extendedTo, extensionReason: t.input.reason };
    } else if (t.action === 'submitReport') {
      change = { reportSubmittedOn: today, reportSummary: t.input.summary, approvalDueOn: emergency.approvalDueOn(incident.grade, today) };
    } else if (t.action === 'extendApproval') {
      emergency.checkApprovalExtension(incident.grade, inv.approvalDueOn!, inv.approvalExtendedTo, t.input.extendedTo);
      change = { approvalExtendedTo: t.input.extendedTo };
    } else if (t.action === 'approve') {
      change = { approvedOn: today, approvalNote: t.input.note ?? null };
    }
    const [after] = await tx
      .update(incidentInvestigations)
      .set({ ...change, status: t.to, updatedAt: now(tx) })
      .where(eq(incidentInvestigations.id, inv.id))
      .returning();
    await recordTransition(tx, emergency.investigationWorkflow, inv.id, t, actor, { before: inv, after });
    return presentReporting(tx, actor, incident);
  });
}

/** A 整改措施 of the investigation for a named unit, which is told and sees it among its 待办. */
export async function addMeasure(
  platform: Platform,
  actor: Actor,
  incidentId: string,
  input: z.output<typeof api.emergencyReports.addMeasure.body>,
): Promise<Reporting> {
  const result = await platform.db.transaction(async (tx) => {
    const incident = await loadReportingIncident(tx, actor, incidentId, true);
    const [inv] = await tx.select().from(incidentInvestigations).where(eq(incidentInvestigations.incidentId, incidentId));
    if (!inv) throw new AppError('INVALID_TRANSITION', bi('请先成立事故调查', 'Open the investigation first'));
    investigationPolicy.authorize(actor, { status: inv.status, incident }, 'addMeasure');
    const [org] = await tx.select({ id: orgs.id, name: orgs.name }).from(orgs).where(eq(orgs.id, input.orgId));
    if (!org) throw new AppError('VALIDATION', undefined, { fields: [{ field: 'orgId', message: bi('单位不存在', 'No such unit') }] });
    const [row] = await tx
      .insert(incidentMeasures)
      .values({ investigationId: inv.id, orgId: org.id, text: input.text, deadline: input.deadline, createdAt: now(tx) })
      .returning();
    await audit(tx, actor, { action: 'incidentMeasure.add', entityType: 'incidentMeasure', entityId: row!.id, after: row });
    const created = await notify(tx, platform, await unitMembers(tx, org.id), {
      kind: 'emergency.measure',
      title: `事故 ${incident.code} 整改措施：请于 ${input.deadline} 前完成`,
      body: input.text,
      link: `/emergency/incidents/${incidentId}`,
      orgId: org.id,
    });
    return { created, body: await presentReporting(tx, actor, incident) };
  });
  await pushNotifications(platform, result.created);
  return result.body;
}

/** What the caller may see of the measures: their own units', and those of the incidents they can read. */
const visibleMeasures = (actor: Actor) => or(measureIsMine(actor), incidentScope(actor, 'emergency.read'));

/** `GET /api/emergency/measures`: the measures the caller's units carry (and those of incidents they read). */
export async function listMeasures(platform: Platform, actor: Actor, q: z.output<typeof api.emergencyReports.listMeasures.query>) {
  return platform.db.transaction(async (tx) => {
    const today = shanghaiDateOf(now(tx));
    const query = tx
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
      .$dynamic();
    const page = await listPage(
      tx,
      query,
      {
        where: [visibleMeasures(actor), q.status ? eq(incidentMeasures.status, q.status) : undefined],
        search: [incidentMeasures.text, incidents.code, orgs.name],
        sortable: { deadline: incidentMeasures.deadline },
        defaultOrder: [sql`${incidentMeasures.status} = 'done'`, incidentMeasures.deadline],
        tieBreaker: incidentMeasures.id,
      },
      q,
    );
    return { ...page, items: page.rows.map((r) => presentMeasure(actor, r, today)) };
  });
}

/** The named unit marks its measure done. */
export async function performMeasureAction(platform: Platform, actor: Actor, measureId: string, action: string, input: unknown) {
  return platform.db.transaction(async (tx) => {
    const [found] = await tx
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
      .where(and(eq(incidentMeasures.id, measureId), visibleMeasures(actor)))
      .for('update', { of: incidentMeasures });
    if (!found) throw new AppError('NOT_FOUND', bi('整改措施不存在', 'No such measure'));
    const t = measurePolicy.plan(actor, { status: found.m.status, mine: found.mine }, action, input);
    const [after] = await tx
      .update(incidentMeasures)
      .set({ status: t.to, doneAt: now(tx), doneNote: t.input.note, doneBy: actor.userId })
      .where(eq(incidentMeasures.id, measureId))
      .returning();
    await recordTransition(tx, emergency.measureWorkflow, measureId, t, actor, { before: found.m, after });
    return presentMeasure(actor, { ...found, m: after! }, shanghaiDateOf(now(tx)));
  });
}
