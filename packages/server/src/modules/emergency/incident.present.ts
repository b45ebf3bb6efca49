import { AppError, type api, bi, emergency as rules } from '@citysafe/domain';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import { timeline } from '../../platform/workflow.js';
import { orgs, users } from '../identity/index.js';
import { type IncidentObject, incidentPolicy } from './incident.policy.js';
import { incidentScope } from './incident.scope.js';
import { incidentGradeHistory, incidents } from './incident.tables.js';

export type IncidentRow = typeof incidents.$inferSelect;
type OrgRow = typeof orgs.$inferSelect;
export type IncidentItem = z.infer<typeof api.emergency.incident>;
export type IncidentDetail = z.infer<typeof api.emergency.incidentDetail>;

export const incidentNotFound = () => new AppError('NOT_FOUND', bi('事故不存在', 'No such incident'));

const unit = alias(orgs, 'unit');
const street = alias(orgs, 'street');
const community = alias(orgs, 'community');
const grid = alias(orgs, 'grid');
const reported = alias(orgs, 'reported');

/** The rows an incident is presented and authorised from: itself and the orgs it names. */
export interface JoinedIncident {
  i: IncidentRow;
  unit: OrgRow | null;
  street: OrgRow | null;
  community: OrgRow | null;
  grid: OrgRow | null;
  reported: OrgRow;
}

/** A select of incidents with their orgs joined; `incidents` keeps its own name, so `incidentScope(actor, action)` applies. */
export const joinedIncidents = (db: Tx) =>
  db
    .select({ i: incidents, unit, street, community, grid, reported })
    .from(incidents)
    .innerJoin(reported, eq(reported.id, incidents.reportedOrgId))
    .leftJoin(unit, eq(unit.id, incidents.unitOrgId))
    .leftJoin(street, eq(street.id, incidents.streetId))
    .leftJoin(community, eq(community.id, incidents.communityId))
    .leftJoin(grid, eq(grid.id, incidents.gridId));

/** The incident as the policy sees it. */
export const incidentObject = (j: JoinedIncident): IncidentObject => ({
  status: j.i.status,
  category: j.i.category,
  reach: {
    unitOrg: j.unit,
    areas: [j.street, j.community, j.grid].filter((o): o is OrgRow => o !== null),
    reportedOrg: j.reported,
  },
});

/** Loads an incident the caller may read (404 otherwise: one out of reach is not known to exist), optionally locked. */
export async function loadIncident(tx: Tx, actor: Actor, id: string, options: { lock?: boolean } = {}): Promise<JoinedIncident> {
  const query = joinedIncidents(tx).where(and(eq(incidents.id, id), incidentScope(actor, 'emergency.read')));
  const [row] = options.lock ? await query.for('update', { of: incidents }) : await query;
  if (!row) throw incidentNotFound();
  return row;
}

export const orgName = (o: OrgRow) => o.shortName || o.name;
const ref = (o: OrgRow | null) => (o ? { id: o.id, name: orgName(o) } : null);

/** An incident as lists show it, with the actions the caller may take on it now. */
export function presentIncident(actor: Actor, j: JoinedIncident): IncidentItem {
  const i = j.i;
  return {
    id: i.id,
    code: i.code,
    title: i.title,
    category: i.category,
    origin: i.origin,
    status: i.status,
    grade: i.grade,
    gradeDecidedBy: i.gradeDecidedBy ?? [],
    occurredAt: i.occurredAt.toISOString(),
    learnedAt: i.learnedAt.toISOString(),
    placeName: i.placeName,
    lng: i.geom?.x ?? null,
    lat: i.geom?.y ?? null,
    street: ref(j.street),
    community: ref(j.community),
    grid: ref(j.grid),
    unitOrg: ref(j.unit),
    unitName: i.unitName ?? (j.unit ? j.unit.name : null),
    deaths: i.deaths,
    missing: i.missing,
    seriousInjuries: i.seriousInjuries,
    minorInjuries: i.minorInjuries,
    directLossWan: i.directLossWan,
    updatedAt: i.updatedAt.toISOString(),
    allowedActions: incidentPolicy.allowed(actor, incidentObject(j)),
  };
}

/** One incident with everything its page shows: the grade history, who recorded it, the timeline. */
export async function presentIncidentDetail(tx: Tx, actor: Actor, j: JoinedIncident): Promise<IncidentDetail> {
  const i = j.i;
  // One after the other: inside a transaction they share one connection.
  const history = await tx
    .select()
    .from(incidentGradeHistory)
    .where(eq(incidentGradeHistory.incidentId, i.id))
    .orderBy(asc(incidentGradeHistory.changedAt), asc(incidentGradeHistory.id));
  const people = [...new Set([i.reportedBy, ...history.map((h) => h.changedBy)].filter((u): u is string => u !== null))];
  const names =
    people.length > 0 ? await tx.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, people)) : [];
  const nameOf = (id: string | null) => (id ? (names.find((n) => n.id === id)?.name ?? null) : null);
  const steps = await timeline(tx, rules.incidentWorkflow.entity, i.id);
  return {
    ...presentIncident(actor, j),
    originRef: i.originRef,
    accidentType: i.accidentType,
    summary: i.summary,
    measuresTaken: i.measuresTaken,
    reportedBy: nameOf(i.reportedBy),
    reportedOrg: ref(j.reported)!,
    createdAt: i.createdAt.toISOString(),
    gradeHistory: history.map((h) => ({
      changedAt: h.changedAt.toISOString(),
      deaths: h.deaths,
      missing: h.missing,
      seriousInjuries: h.seriousInjuries,
      minorInjuries: h.minorInjuries,
      directLossWan: h.directLossWan,
      grade: h.grade,
      decidedBy: h.decidedBy,
      note: h.note,
      changedBy: nameOf(h.changedBy),
    })),
    timeline: steps,
  };
}
