import { AppError, type api, bi, hazard as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { now, type Tx } from '../../platform/db.js';
import { presentFile } from '../../platform/files.service.js';
import { files } from '../../platform/platform.tables.js';
import { timeline } from '../../platform/workflow.js';
import { orgs, users } from '../identity/index.js';
import { riskSources } from '../risk/index.js';
import { hazardSettings } from './hazard-rules.service.js';
import type { HazardObject } from './hazard.policy.js';
import { hazardPolicy } from './hazard.policy.js';
import { hazardScope } from './hazard.scope.js';
import { hazardPhotos, hazards } from './hazard.tables.js';

export type HazardRow = typeof hazards.$inferSelect;
type OrgRow = typeof orgs.$inferSelect;
export type HazardItem = z.infer<typeof api.hazard.hazard>;
export type HazardDetail = z.infer<typeof api.hazard.hazardDetail>;

export const hazardNotFound = () => new AppError('NOT_FOUND', bi('隐患不存在', 'No such hazard'));

const responsible = alias(orgs, 'responsible');
const street = alias(orgs, 'street');
const community = alias(orgs, 'community');
const grid = alias(orgs, 'grid');
const department = alias(orgs, 'department');
const reported = alias(orgs, 'reported');
const supervising = alias(orgs, 'supervising');
const earlier = alias(hazards, 'earlier');

/** The rows a hazard is presented and authorised from: itself, the orgs it names, the hazard it repeats. */
export interface JoinedHazard {
  h: HazardRow;
  responsible: OrgRow;
  street: OrgRow | null;
  community: OrgRow | null;
  grid: OrgRow | null;
  department: OrgRow | null;
  reported: OrgRow;
  supervising: OrgRow | null;
  earlier: { id: string; code: string } | null;
}

/** A select of hazards with their orgs joined; `hazards` keeps its own name, so `hazardScope(actor, action)` applies. */
export const joinedHazards = (db: Tx) =>
  db
    .select({
      h: hazards,
      responsible,
      street,
      community,
      grid,
      department,
      reported,
      supervising,
      earlier: { id: earlier.id, code: earlier.code },
    })
    .from(hazards)
    .innerJoin(responsible, eq(responsible.id, hazards.responsibleOrgId))
    .innerJoin(reported, eq(reported.id, hazards.reportedOrgId))
    .leftJoin(street, eq(street.id, hazards.streetId))
    .leftJoin(community, eq(community.id, hazards.communityId))
    .leftJoin(grid, eq(grid.id, hazards.gridId))
    .leftJoin(department, eq(department.id, hazards.departmentId))
    .leftJoin(supervising, eq(supervising.id, hazards.supervisingOrgId))
    .leftJoin(earlier, eq(earlier.id, hazards.repeatOf));

/** The joined `responsible` org, for searches over the unit's name. */
export const responsibleOrg = responsible;

/** The hazard as the policy sees it. */
export const hazardObject = (j: JoinedHazard): HazardObject => ({
  level: j.h.level,
  status: j.h.status,
  rectifiedBy: j.h.rectifiedBy,
  reach: {
    responsibleOrg: j.responsible,
    areas: [j.street, j.community, j.grid].filter((o): o is OrgRow => o !== null),
    department: j.department,
    reportedOrg: j.reported,
    supervisingOrg: j.supervising,
  },
});

/**
 * Loads a hazard the caller may read (404 otherwise: a hazard out of reach is not known to exist),
 * optionally locking its row for a change in the caller's transaction.
 */
export async function loadHazard(tx: Tx, actor: Actor, id: string, options: { lock?: boolean } = {}): Promise<JoinedHazard> {
  const query = joinedHazards(tx).where(and(eq(hazards.id, id), hazardScope(actor, 'hazard.read')));
  const [row] = options.lock ? await query.for('update', { of: hazards }) : await query;
  if (!row) throw hazardNotFound();
  return row;
}

const orgName = (o: OrgRow) => o.shortName || o.name;
const ref = (o: OrgRow | null) => (o ? { id: o.id, name: orgName(o) } : null);

/** Past its binding deadline (the supervising body's once listed, else the 整改期限) on `today` and not closed. */
export const isOverdue = (h: HazardRow, today: string): boolean => {
  const deadline = rules.bindingDeadline(h);
  return h.status !== 'closed' && deadline !== null && deadline < today;
};

/** The day a hazard is presented on and the settings its deadline's standing depends on. */
export interface PresentedOn {
  today: string;
  dueSoonDays: number;
}

/** Its binding deadline's standing on `today` (domain `hazardDeadlineStanding`, as the daily check counts it). */
export function deadlineStandingOf(h: HazardRow, on: PresentedOn): HazardItem['deadlineStanding'] {
  const deadline = rules.bindingDeadline(h);
  return {
    deadline,
    field: rules.deadlineColumnOf(h),
    ...rules.hazardDeadlineStanding(on.today, deadline, { closed: h.status === 'closed', dueSoonDays: on.dueSoonDays }),
  };
}

/** Today and the settings in force, read once per list. */
export const presentedOn = async (tx: Tx): Promise<PresentedOn> => ({
  today: shanghaiDateOf(now(tx)),
  dueSoonDays: (await hazardSettings(tx)).dueSoonDays,
});

/** A hazard as lists show it, with the actions the caller may take on it now. */
export function presentHazard(actor: Actor, j: JoinedHazard, on: PresentedOn): HazardItem {
  const h = j.h;
  const today = on.today;
  return {
    id: h.id,
    code: h.code,
    title: h.title,
    level: h.level,
    status: h.status,
    origin: h.origin,
    originRef: h.originRef,
    externalId: h.externalId,
    category: h.category,
    placeName: h.placeName,
    lng: h.geom?.x ?? null,
    lat: h.geom?.y ?? null,
    street: ref(j.street),
    community: ref(j.community),
    grid: ref(j.grid),
    responsibleOrg: ref(j.responsible)!,
    department: ref(j.department),
    foundAt: h.foundAt.toISOString(),
    deadline: h.deadline,
    overdue: isOverdue(h, today),
    deadlineStanding: deadlineStandingOf(h, on),
    riskSourceId: h.riskSourceId,
    repeatOf: j.earlier?.id ? j.earlier : null,
    updatedAt: h.updatedAt.toISOString(),
    allowedActions: hazardPolicy.allowed(actor, hazardObject(j)),
  };
}

/** One hazard with everything its page shows: photos, plan, supervision, the people, the timeline. */
export async function presentHazardDetail(tx: Tx, actor: Actor, j: JoinedHazard): Promise<HazardDetail> {
  const h = j.h;
  const people = [h.reportedBy, h.rectifiedBy, h.verifiedBy].filter((u): u is string => u !== null);
  // One after the other: inside a transaction they share one connection (pg warns of queries queued on a busy client).
  const photos = await tx
    .select({ stage: hazardPhotos.stage, addedAt: hazardPhotos.addedAt, file: files })
    .from(hazardPhotos)
    .innerJoin(files, eq(files.id, hazardPhotos.fileId))
    .where(eq(hazardPhotos.hazardId, h.id))
    .orderBy(asc(hazardPhotos.addedAt), asc(hazardPhotos.fileId));
  const names =
    people.length > 0 ? await tx.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, people)) : [];
  const source = h.riskSourceId
    ? await tx
        .select({ id: riskSources.id, code: riskSources.code, name: riskSources.name })
        .from(riskSources)
        .where(eq(riskSources.id, h.riskSourceId))
    : [];
  const steps = await timeline(tx, rules.hazardWorkflow.entity, h.id);
  const nameOf = (id: string | null) => (id ? (names.find((n) => n.id === id)?.name ?? null) : null);
  return {
    ...presentHazard(actor, j, await presentedOn(tx)),
    description: h.description,
    // The pushing system's org is the reporting org (`source_org_id` is set from the caller's org).
    sourceOrg: h.sourceOrgId === null ? null : ref(j.reported),
    riskSource: source[0] ?? null,
    controlMeasureId: h.controlMeasureId,
    standardClauseId: h.standardClauseId,
    majorBasis: h.majorBasis,
    responsiblePerson: h.responsiblePerson,
    responsiblePhone: h.responsiblePhone,
    reportedBy: nameOf(h.reportedBy),
    reportedOrg: ref(j.reported)!,
    plan: h.plan,
    // Only a reclassification leaves a plan on a 一般 hazard: kept for the record, no longer the one in force.
    planSuperseded: h.plan !== null && h.level === '一般',
    planUpdatedAt: h.planUpdatedAt?.toISOString() ?? null,
    supervision:
      h.listedAt === null
        ? null
        : {
            supervisingOrg: ref(j.supervising),
            supervisingBody: h.supervisingBody,
            responsibleLeader: h.responsibleLeader,
            deadline: h.supervisionDeadline,
            publicNotice: h.publicNotice,
            listedAt: h.listedAt.toISOString(),
            stopWork: h.stopWork,
          },
    rectifiedBy: nameOf(h.rectifiedBy),
    rectifiedAt: h.rectifiedAt?.toISOString() ?? null,
    verifiedBy: nameOf(h.verifiedBy),
    closedAt: h.closedAt?.toISOString() ?? null,
    reviewDueOn: h.reviewDueOn,
    photos: photos.map((p) => ({ stage: p.stage, addedAt: p.addedAt.toISOString(), file: presentFile(p.file) })),
    createdAt: h.createdAt.toISOString(),
    timeline: steps,
  };
}
