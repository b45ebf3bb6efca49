import { AppError, type api, bi, emergency as em, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, desc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import { type Actor, inScope, scopeCondition } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, rows, type Tx } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import { orgs, users } from '../identity/index.js';
import { dutyHandovers, dutyLog, dutyRosters } from './duty.tables.js';
import { incidentScope, recordIncident } from './incident.service.js';
import { incidents } from './incident.tables.js';

type RosterDay = api.emergencyDuty.RosterDay;
type Handover = api.emergencyDuty.Handover;
type DutyLogEntry = api.emergencyDuty.DutyLogEntry;

interface Org {
  id: string;
  name: string;
  path: string;
}

const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();

/** The org named, or the caller's own; 404 when it does not exist. */
async function orgOf(tx: Tx, actor: Actor, orgId: string | undefined): Promise<Org> {
  const id = orgId ?? actor.orgId;
  if (!id) throw new AppError('VALIDATION', undefined, { fields: [{ field: 'orgId', message: bi('请选择单位', 'Choose an org') }] });
  const [org] = await tx.select({ id: orgs.id, name: orgs.name, path: orgs.path }).from(orgs).where(eq(orgs.id, id));
  if (!org) throw new AppError('NOT_FOUND', bi('单位不存在', 'No such org'));
  return org;
}

/** The org, when the caller may take the action for it (its duty is theirs to keep or read); 403 otherwise. */
async function orgInReach(tx: Tx, actor: Actor, orgId: string | undefined, action: 'emergency.read' | 'emergency.duty'): Promise<Org> {
  const org = await orgOf(tx, actor, orgId);
  if (!inScope(actor, action, org)) throw new AppError('FORBIDDEN');
  return org;
}

/** Today in Asia/Shanghai by the platform's clock: a duty day is a civil day. */
export const dutyToday = (tx: Tx): string => shanghaiDateOf(now(tx));

type RosterRow = typeof dutyRosters.$inferSelect & { orgName: string };

const presentRoster = (r: RosterRow): RosterDay => ({
  id: r.id,
  orgId: r.orgId,
  orgName: r.orgName,
  date: r.dutyDate,
  leader: { userId: r.leaderUserId, name: r.leaderName, phone: r.leaderPhone },
  staff: r.staff.map((p) => ({ userId: p.userId ?? null, name: p.name, phone: p.phone })),
  note: r.note,
  updatedAt: iso(r.updatedAt),
});

const selectRosters = (tx: Tx) =>
  tx
    .select({
      id: dutyRosters.id,
      orgId: dutyRosters.orgId,
      dutyDate: dutyRosters.dutyDate,
      leaderUserId: dutyRosters.leaderUserId,
      leaderName: dutyRosters.leaderName,
      leaderPhone: dutyRosters.leaderPhone,
      staff: dutyRosters.staff,
      note: dutyRosters.note,
      updatedBy: dutyRosters.updatedBy,
      createdAt: dutyRosters.createdAt,
      updatedAt: dutyRosters.updatedAt,
      orgName: orgs.name,
    })
    .from(dutyRosters)
    .innerJoin(orgs, eq(orgs.id, dutyRosters.orgId));

/** An org's roster for a month, every day listed (a day nobody is rostered for has `roster: null`). */
export async function listRosters(db: Db, actor: Actor, q: { month?: string | undefined; orgId?: string | undefined }) {
  const org = await orgInReach(db, actor, q.orgId, 'emergency.read');
  const month = q.month ?? dutyToday(db).slice(0, 7);
  const days = em.daysOfMonth(month);
  const found = await selectRosters(db).where(
    and(eq(dutyRosters.orgId, org.id), gte(dutyRosters.dutyDate, days[0]!), lte(dutyRosters.dutyDate, days.at(-1)!)),
  );
  const byDate = new Map(found.map((r) => [r.dutyDate, presentRoster(r)]));
  return {
    org: { id: org.id, name: org.name },
    month,
    days: days.map((date) => ({ date, roster: byDate.get(date) ?? null })),
    allowedActions: inScope(actor, 'emergency.duty', org) ? (['update'] as const).slice() : [],
  };
}

/** Every user id a roster names exists: a roster pointing at nobody would show a call button for no one. */
async function checkUsers(tx: Tx, people: { field: string; userId?: string | null | undefined }[]): Promise<void> {
  const named = people.filter((p) => p.userId);
  if (named.length === 0) return;
  const found = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      inArray(
        users.id,
        named.map((p) => p.userId!),
      ),
    );
  const known = new Set(found.map((u) => u.id));
  const missing = named.filter((p) => !known.has(p.userId!));
  if (missing.length > 0)
    throw new AppError('VALIDATION', undefined, {
      fields: missing.map((p) => ({ field: p.field, message: bi('用户不存在', 'No such user') })),
    });
}

/** Sets an org's duty for a day (one row per org and day: one leader a day), replacing what was there. */
export async function putRoster(db: Db, actor: Actor, date: string, body: api.emergencyDuty.RosterInput): Promise<RosterDay> {
  const problems = em.rosterProblems(body);
  if (problems.length > 0) throw new AppError('VALIDATION', undefined, { fields: problems });
  return db.transaction(async (tx) => {
    const org = await orgInReach(tx, actor, body.orgId, 'emergency.duty');
    await checkUsers(tx, [
      { field: 'leader.userId', userId: body.leader.userId },
      ...body.staff.map((p, i) => ({ field: `staff.${i}.userId`, userId: p.userId })),
    ]);
    const [before] = await selectRosters(tx).where(and(eq(dutyRosters.orgId, org.id), eq(dutyRosters.dutyDate, date)));
    const at = now(tx);
    const values = {
      leaderUserId: body.leader.userId ?? null,
      leaderName: body.leader.name,
      leaderPhone: body.leader.phone,
      staff: body.staff.map((p) => ({ userId: p.userId ?? null, name: p.name, phone: p.phone })),
      note: body.note ?? null,
      updatedBy: actor.userId,
      updatedAt: at,
    };
    const [saved] = await tx
      .insert(dutyRosters)
      .values({ orgId: org.id, dutyDate: date, ...values, createdAt: at })
      .onConflictDoUpdate({ target: [dutyRosters.orgId, dutyRosters.dutyDate], set: values })
      .returning();
    const after = presentRoster({ ...saved!, orgName: org.name });
    await audit(tx, actor, {
      action: 'dutyRoster.set',
      entityType: 'dutyRoster',
      entityId: saved!.id,
      before: before ? presentRoster(before) : null,
      after,
    });
    return after;
  });
}

export async function deleteRoster(db: Db, actor: Actor, date: string, orgId: string | undefined): Promise<{ ok: true }> {
  return db.transaction(async (tx) => {
    const org = await orgInReach(tx, actor, orgId, 'emergency.duty');
    const [gone] = await tx
      .delete(dutyRosters)
      .where(and(eq(dutyRosters.orgId, org.id), eq(dutyRosters.dutyDate, date)))
      .returning();
    if (!gone) throw new AppError('NOT_FOUND', bi('当日没有排班', 'Nobody is rostered that day'));
    await audit(tx, actor, {
      action: 'dutyRoster.delete',
      entityType: 'dutyRoster',
      entityId: gone.id,
      before: presentRoster({ ...gone, orgName: org.name }),
      after: null,
    });
    return { ok: true as const };
  });
}

/** Today's duty of every org the caller reads, their own org first; whether the caller is on it. */
export async function todayDuty(db: Db, actor: Actor) {
  const date = dutyToday(db);
  const found = await selectRosters(db)
    .where(and(eq(dutyRosters.dutyDate, date), scopeCondition(actor, 'emergency.read', dutyRosters.orgId)))
    .orderBy(sql`${dutyRosters.orgId} = ${actor.orgId} desc`, asc(orgs.sortOrder), asc(orgs.name));
  const rosters = found.map(presentRoster);
  return { date, rosters, onDuty: rosters.some((r) => isOnDuty(actor, r)) };
}

const isOnDuty = (actor: Actor, r: RosterDay): boolean =>
  actor.userId !== null && (r.leader.userId === actor.userId || r.staff.some((p) => p.userId === actor.userId));

/** The incidents being handled (received or responding) that the caller reads, for a handover. */
async function openIncidentsOf(tx: Tx, actor: Actor): Promise<em.HandoverItems['openIncidents']> {
  const found = await tx
    .select({ id: incidents.id, code: incidents.code, title: incidents.title, status: incidents.status })
    .from(incidents)
    .where(and(inArray(incidents.status, ['reported', 'responding']), incidentScope(actor, 'emergency.read')))
    .orderBy(desc(incidents.occurredAt))
    .limit(100);
  return found;
}

async function handoverItemsOf(tx: Tx, actor: Actor, org: Org): Promise<em.HandoverItems> {
  const openIncidents = await openIncidentsOf(tx, actor);
  const entries = await tx
    .select({ id: dutyLog.id, kind: dutyLog.kind, summary: dutyLog.summary, at: dutyLog.at })
    .from(dutyLog)
    .where(and(eq(dutyLog.orgId, org.id), eq(dutyLog.status, 'open')))
    .orderBy(asc(dutyLog.at))
    .limit(200);
  return { openIncidents, openLogEntries: entries.map((e) => ({ ...e, at: iso(e.at) })) };
}

type HandoverRow = typeof dutyHandovers.$inferSelect & { orgName: string };

const presentHandover = (h: HandoverRow, locale: Actor['locale']): Handover => ({
  id: h.id,
  orgId: h.orgId,
  orgName: h.orgName,
  date: h.dutyDate,
  fromName: h.fromName,
  toName: h.toName,
  toUserId: h.toUserId,
  items: h.items,
  summary: em.handoverSummary(h.items)[locale === 'en-US' ? 'en' : 'zh'],
  note: h.note,
  at: iso(h.at),
});

const selectHandovers = (tx: Tx) =>
  tx
    .select({
      id: dutyHandovers.id,
      orgId: dutyHandovers.orgId,
      dutyDate: dutyHandovers.dutyDate,
      fromUserId: dutyHandovers.fromUserId,
      fromName: dutyHandovers.fromName,
      toUserId: dutyHandovers.toUserId,
      toName: dutyHandovers.toName,
      items: dutyHandovers.items,
      note: dutyHandovers.note,
      at: dutyHandovers.at,
      orgName: orgs.name,
    })
    .from(dutyHandovers)
    .innerJoin(orgs, eq(orgs.id, dutyHandovers.orgId));

/** What the shift would hand over now, and the last handover of the org. */
export async function handoverDraft(db: Db, actor: Actor, orgId: string | undefined) {
  const org = await orgInReach(db, actor, orgId, 'emergency.duty');
  const items = await handoverItemsOf(db, actor, org);
  const [last] = await selectHandovers(db).where(eq(dutyHandovers.orgId, org.id)).orderBy(desc(dutyHandovers.at)).limit(1);
  return {
    orgId: org.id,
    orgName: org.name,
    date: dutyToday(db),
    items,
    summary: em.handoverSummary(items)[actor.locale === 'en-US' ? 'en' : 'zh'],
    last: last ? presentHandover(last, actor.locale) : null,
  };
}

/** Hands the duty over: the open items are written into the handover as they stand at this moment. */
export async function createHandover(db: Db, actor: Actor, body: api.emergencyDuty.HandoverInput): Promise<Handover> {
  return db.transaction(async (tx) => {
    const org = await orgInReach(tx, actor, body.orgId, 'emergency.duty');
    await checkUsers(tx, [{ field: 'toUserId', userId: body.toUserId }]);
    const items = await handoverItemsOf(tx, actor, org);
    const [saved] = await tx
      .insert(dutyHandovers)
      .values({
        orgId: org.id,
        dutyDate: dutyToday(tx),
        fromUserId: actor.userId,
        fromName: actor.displayName,
        toUserId: body.toUserId ?? null,
        toName: body.toName,
        items,
        note: body.note ?? null,
        at: now(tx),
      })
      .returning();
    const result = presentHandover({ ...saved!, orgName: org.name }, actor.locale);
    await audit(tx, actor, { action: 'dutyHandover.create', entityType: 'dutyHandover', entityId: saved!.id, before: null, after: result });
    return result;
  });
}

export async function listHandovers(db: Db, actor: Actor, q: api.emergencyDuty.HandoverListQuery) {
  const found = await listPage(
    db,
    selectHandovers(db).$dynamic(),
    {
      where: [scopeCondition(actor, 'emergency.read', dutyHandovers.orgId), q.orgId ? eq(dutyHandovers.orgId, q.orgId) : undefined],
      search: [dutyHandovers.fromName, dutyHandovers.toName, dutyHandovers.note],
      sortable: { at: dutyHandovers.at },
      defaultOrder: [desc(dutyHandovers.at)],
      tieBreaker: dutyHandovers.id,
    },
    q,
  );
  return { ...found, items: (found.rows as HandoverRow[]).map((h) => presentHandover(h, actor.locale)) };
}

type LogRow = typeof dutyLog.$inferSelect & { orgName: string; orgPath: string; incidentCode: string | null };

const selectLog = (tx: Tx) =>
  tx
    .select({
      id: dutyLog.id,
      orgId: dutyLog.orgId,
      at: dutyLog.at,
      kind: dutyLog.kind,
      caller: dutyLog.caller,
      phone: dutyLog.phone,
      summary: dutyLog.summary,
      status: dutyLog.status,
      closedNote: dutyLog.closedNote,
      closedAt: dutyLog.closedAt,
      incidentId: dutyLog.incidentId,
      recordedBy: dutyLog.recordedBy,
      recordedName: dutyLog.recordedName,
      createdAt: dutyLog.createdAt,
      orgName: orgs.name,
      orgPath: orgs.path,
      incidentCode: incidents.code,
    })
    .from(dutyLog)
    .innerJoin(orgs, eq(orgs.id, dutyLog.orgId))
    .leftJoin(incidents, eq(incidents.id, dutyLog.incidentId));

/** What the caller may do with an entry: an open entry is closed by its org's duty, or recorded as an incident. */
function logActions(actor: Actor, e: LogRow): DutyLogEntry['allowedActions'] {
  if (e.status !== 'open') return [];
  const org = { id: e.orgId, path: e.orgPath };
  const actions: DutyLogEntry['allowedActions'] = [];
  if (inScope(actor, 'emergency.duty', org)) actions.push('close');
  if (inScope(actor, 'emergency.duty', org) && inScope(actor, 'emergency.report', org)) actions.push('recordIncident');
  return actions;
}

export const presentLog = (actor: Actor, e: LogRow): DutyLogEntry => ({
  id: e.id,
  orgId: e.orgId,
  orgName: e.orgName,
  at: iso(e.at),
  kind: e.kind,
  caller: e.caller,
  phone: e.phone,
  summary: e.summary,
  status: e.status,
  closedNote: e.closedNote,
  closedAt: e.closedAt ? iso(e.closedAt) : null,
  incidentId: e.incidentId,
  incidentCode: e.incidentCode,
  recordedName: e.recordedName,
  allowedActions: logActions(actor, e),
});

/** Start of an Asia/Shanghai day. */
const dayStart = (day: string): Date => new Date(`${day}T00:00:00+08:00`);

export async function listDutyLog(db: Db, actor: Actor, q: api.emergencyDuty.DutyLogQuery) {
  const found = await listPage(
    db,
    selectLog(db).$dynamic(),
    {
      where: [
        scopeCondition(actor, 'emergency.read', dutyLog.orgId),
        q.orgId ? eq(dutyLog.orgId, q.orgId) : undefined,
        q.kind ? eq(dutyLog.kind, q.kind) : undefined,
        q.status ? eq(dutyLog.status, q.status) : undefined,
        q.from ? gte(dutyLog.at, dayStart(q.from)) : undefined,
        q.to ? lt(dutyLog.at, new Date(dayStart(q.to).getTime() + 86_400_000)) : undefined,
      ],
      search: [dutyLog.summary, dutyLog.caller, dutyLog.phone],
      sortable: { at: dutyLog.at },
      defaultOrder: [desc(dutyLog.at)],
      tieBreaker: dutyLog.id,
    },
    q,
  );
  return { ...found, items: (found.rows as LogRow[]).map((e) => presentLog(actor, e)) };
}

export async function loadLogEntry(tx: Tx, actor: Actor, id: string, lock = false): Promise<LogRow> {
  if (lock) await tx.execute(sql`select 1 from duty_log where id = ${id} for update`);
  const [e] = await selectLog(tx).where(and(eq(dutyLog.id, id), scopeCondition(actor, 'emergency.read', dutyLog.orgId)));
  if (!e) throw new AppError('NOT_FOUND', bi('值班记录不存在', 'No such log entry'));
  return e;
}

export async function createDutyLogEntry(db: Db, actor: Actor, body: api.emergencyDuty.DutyLogInput): Promise<DutyLogEntry> {
  return db.transaction(async (tx) => {
    const org = await orgInReach(tx, actor, body.orgId, 'emergency.duty');
    const at = body.at ? new Date(body.at) : now(tx);
    if (at.getTime() > now(tx).getTime() + 5 * 60_000)
      throw new AppError('VALIDATION', undefined, {
        fields: [{ field: 'at', message: bi('时间不能晚于现在', 'The time cannot be in the future') }],
      });
    const [saved] = await tx
      .insert(dutyLog)
      .values({
        orgId: org.id,
        at,
        kind: body.kind,
        caller: body.caller ?? null,
        phone: body.phone ?? null,
        summary: body.summary,
        recordedBy: actor.userId,
        recordedName: actor.displayName,
        createdAt: now(tx),
      })
      .returning();
    const result = presentLog(actor, await loadLogEntry(tx, actor, saved!.id));
    await audit(tx, actor, { action: 'dutyLogEntry.create', entityType: 'dutyLogEntry', entityId: saved!.id, before: null, after: result });
    return result;
  });
}

/** The entry, locked and still open, when the caller may take the action on it: 403 / 409 otherwise. */
export async function openEntryFor(tx: Tx, actor: Actor, id: string, action: 'close' | 'recordIncident'): Promise<LogRow> {
  const entry = await loadLogEntry(tx, actor, id, true);
  if (entry.status !== 'open')
    throw new AppError('INVALID_TRANSITION', bi('该值班记录已办结或已转为事故', 'This entry is already closed or recorded as an incident'));
  if (!logActions(actor, entry).includes(action)) throw new AppError('FORBIDDEN');
  return entry;
}

export async function closeDutyLogEntry(db: Db, actor: Actor, id: string, note: string): Promise<DutyLogEntry> {
  return db.transaction(async (tx) => {
    const before = presentLog(actor, await openEntryFor(tx, actor, id, 'close'));
    await tx
      .update(dutyLog)
      .set({ status: 'closed', closedNote: note, closedAt: now(tx) })
      .where(eq(dutyLog.id, id));
    const after = presentLog(actor, await loadLogEntry(tx, actor, id));
    await audit(tx, actor, { action: 'dutyLogEntry.close', entityType: 'dutyLogEntry', entityId: id, before, after });
    return after;
  });
}

/** The orgs whose duty the caller is on today (leader or staff), each with its open log entries (the inbox). */
export async function openEntriesOnDuty(
  tx: Tx,
  actor: Actor,
): Promise<{ orgs: { orgId: string; orgName: string; rosterId: string; open: number }[] }> {
  if (!actor.userId) return { orgs: [] };
  const found = await rows<{ org_id: string; org_name: string; roster_id: string; open: number }>(
    tx,
    sql`select r.org_id, o.name as org_name, r.id as roster_id,
        (select count(*)::int from duty_log l where l.org_id = r.org_id and l.status = 'open') as open
      from duty_rosters r join orgs o on o.id = r.org_id
      where r.duty_date = ${dutyToday(tx)}
        and (r.leader_user_id = ${actor.userId} or r.staff @> ${JSON.stringify([{ userId: actor.userId }])}::jsonb)
      order by o.name`,
  );
  return { orgs: found.map((r) => ({ orgId: r.org_id, orgName: r.org_name, rosterId: r.roster_id, open: Number(r.open) })) };
}

/**
 * 转为事故: the entry becomes an incident through INCIDENT's record rule (origin `duty`, the entry's id as its
 * origin_ref; validation, areas, grade, numbering and audit are that rule's), in the same transaction as the entry
 * is marked `recorded`, so that two clicks never make two incidents (the second finds the entry no longer open: 409).
 */
export async function recordDutyLogIncident(
  db: Db,
  actor: Actor,
  id: string,
  body: api.emergencyDuty.DutyIncidentInput,
): Promise<{ entry: DutyLogEntry; incidentId: string }> {
  return db.transaction(async (tx) => {
    const entry = await openEntryFor(tx, actor, id, 'recordIncident');
    const before = presentLog(actor, entry);
    const incidentId = await recordIncident(tx, actor, {
      title: body.title,
      category: body.category,
      origin: 'duty',
      originRef: entry.id,
      occurredAt: body.occurredAt,
      learnedAt: iso(entry.at),
      summary: entry.summary,
      placeName: body.placeName ?? null,
      ...(body.location ? { lng: body.location[0], lat: body.location[1] } : {}),
      deaths: body.deaths,
      missing: body.missing,
      seriousInjuries: body.seriousInjuries,
      minorInjuries: body.minorInjuries,
      directLossWan: body.directLossWan,
    });
    await tx
      .update(dutyLog)
      .set({ status: 'recorded', incidentId, closedAt: now(tx) })
      .where(eq(dutyLog.id, id));
    const after = presentLog(actor, await loadLogEntry(tx, actor, id));
    await audit(tx, actor, { action: 'dutyLogEntry.recordIncident', entityType: 'dutyLogEntry', entityId: id, before, after });
    return { entry: after, incidentId };
  });
}
