import { AppError, type api, bi, emergency as rules } from '@citysafe/domain';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, can } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, rows, type Tx } from '../../platform/db.js';
import { geometryJson } from '../../platform/columns.js';
import { listPage } from '../../platform/list.js';
import { stampedCacheOf } from '../../platform/stamped.js';
import { users } from '../identity/index.js';
import { incidentIdInScope, incidentScope } from './incident.scope.js';
import { performIncidentAction } from './incident.service.js';
import { incidents } from './incident.tables.js';
import { loadPlan } from './plan.service.js';
import { emergencyPlans } from './plan.tables.js';
import {
  emergencyCommandLog,
  emergencyMarks,
  emergencyResponseRoles,
  emergencyResponses,
  emergencyResponseTasks,
} from './response.tables.js';

type CommandView = api.emergencyPlans.CommandView;
type LogEntry = api.emergencyPlans.LogEntry;
type Mark = api.emergencyPlans.Mark;

const i = incidents;

/** emergency.command over the incident, as a column: the command page's writes (activate, log, mark). */
const commandsSql = (actor: Actor) =>
  can(actor, 'emergency.command') ? sql<boolean>`coalesce(${incidentScope(actor, 'emergency.command')}, false)` : sql<boolean>`false`;

interface CommandIncident {
  id: string;
  code: string;
  title: string;
  status: string;
  grade: string;
  category: string;
  placeName: string | null;
  geom: { x: number; y: number } | null;
  occurredAt: Date;
  commands: boolean;
}

/** The command page's stamp (migration 0031: moved by every write to the page's log, marks and responses), read with its incident. */
interface StampedIncident extends CommandIncident {
  stamp: string;
}

/** The stamp of an incident none of whose command rows was ever written. */
const stampSql = (id: string) =>
  sql<string>`coalesce((select s.stamp from emergency_command_stamps s where s.incident_id = ${id}), 0)::text`;

/**
 * The incident of a command page, when the caller may read it (404 otherwise: another street never learns that an
 * incident outside its area exists); `commands` says whether they may also write its log, marks and responses.
 * `stamped` adds the page's stamp to the same statement.
 */
async function loadIncident(tx: Tx, actor: Actor, id: string, options: { lock?: boolean; stamped: true }): Promise<StampedIncident>;
async function loadIncident(tx: Tx, actor: Actor, id: string, options?: { lock?: boolean; stamped?: false }): Promise<CommandIncident>;
async function loadIncident(
  tx: Tx,
  actor: Actor,
  id: string,
  { lock = false, stamped = false }: { lock?: boolean; stamped?: boolean } = {},
): Promise<CommandIncident> {
  const fields = {
    id: i.id,
    code: i.code,
    title: i.title,
    status: i.status,
    grade: i.grade,
    category: i.category,
    placeName: i.placeName,
    geom: i.geom,
    occurredAt: i.occurredAt,
    commands: commandsSql(actor).mapWith(Boolean),
  };
  const query = tx
    .select(stamped ? { ...fields, stamp: stampSql(id) } : fields)
    .from(i)
    .where(and(eq(i.id, id), incidentScope(actor, 'emergency.read')));
  const [found] = lock ? await query.for('update', { of: i }) : await query;
  if (!found) throw new AppError('NOT_FOUND', bi('事故不存在', 'No such incident'));
  return found;
}

/**
 * The stamp of the command page of an incident the caller may read (404 otherwise): the log and marks routes answer
 * from what was read under it (`StampedAnswer`) while it stays the same.
 */
export async function commandStamp(db: Db, actor: Actor, id: string): Promise<string> {
  const [found] = await db
    .select({ stamp: stampSql(id) })
    .from(i)
    .where(and(eq(i.id, id), incidentScope(actor, 'emergency.read')));
  if (!found) throw new AppError('NOT_FOUND', bi('事故不存在', 'No such incident'));
  return found.stamp;
}

/** The incident loaded for a command write: 403 when the caller reads it but does not command it. */
async function commandedIncident(tx: Tx, actor: Actor, id: string, lock = false): Promise<CommandIncident> {
  const incident = await loadIncident(tx, actor, id, { lock });
  if (!incident.commands) throw new AppError('FORBIDDEN', bi('您不负责该事故的指挥', 'You do not command this incident'));
  return incident;
}

/** Once the response has ended the command page is a record: nothing more is written to it. */
const isOpen = (status: string) => status === 'reported' || status === 'responding';

function refuseClosed(incident: CommandIncident): void {
  if (!isOpen(incident.status))
    throw new AppError(
      'INVALID_TRANSITION',
      bi('应急处置已结束，指挥记录不能再修改', 'The response has ended; the command record is closed'),
    );
}

/** What the command page shows of an incident beyond its row, the same for every reader: kept under its stamp. */
interface CommandParts {
  responses: { r: typeof emergencyResponses.$inferSelect; planTitle: string }[];
  roles: { role: typeof emergencyResponseRoles.$inferSelect; holderName: string }[];
  tasks: (typeof emergencyResponseTasks.$inferSelect)[];
  logCount: number;
  markCount: number;
}

async function readCommandParts(tx: Tx, incidentId: string): Promise<CommandParts> {
  const responses = await tx
    .select({ r: emergencyResponses, planTitle: emergencyPlans.title })
    .from(emergencyResponses)
    .innerJoin(emergencyPlans, eq(emergencyPlans.id, emergencyResponses.planId))
    .where(eq(emergencyResponses.incidentId, incidentId))
    .orderBy(desc(emergencyResponses.activatedAt), desc(emergencyResponses.id));
  const ids = responses.map(({ r }) => r.id);
  const roles = ids.length
    ? await tx
        .select({ role: emergencyResponseRoles, holderName: users.displayName })
        .from(emergencyResponseRoles)
        .innerJoin(users, eq(users.id, emergencyResponseRoles.holderId))
        .where(inArray(emergencyResponseRoles.responseId, ids))
    : [];
  const tasks = ids.length
    ? await tx
        .select()
        .from(emergencyResponseTasks)
        .where(inArray(emergencyResponseTasks.responseId, ids))
        .orderBy(asc(emergencyResponseTasks.dueAt), asc(emergencyResponseTasks.id))
    : [];
  const [counts] = await rows<{ logCount: number; markCount: number }>(
    tx,
    sql`select (select count(*)::int from emergency_command_log l where l.incident_id = ${incidentId}) as "logCount",
      (select count(*)::int from emergency_marks m where m.incident_id = ${incidentId}) as "markCount"`,
  );
  return { responses, roles, tasks, ...counts! };
}

/** Kept command parts: 16 MiB at most (a response with 24 tasks is about 10 KB). */
const COMMAND_PARTS_BUDGET_BYTES = 16 * 1024 * 1024;
const commandPartsSize = (p: CommandParts) => 1024 + 400 * (p.responses.length + p.roles.length + p.tasks.length);

/**
 * The parts read once per stamp: a page watched by fifty people reads them once per change, not once per refresh. Only
 * outside a transaction — a transaction's own writes are read by `readCommandParts` itself.
 */
async function commandParts(db: Db, incident: StampedIncident): Promise<CommandParts> {
  const cache = stampedCacheOf(db, 'emergency.commandParts', COMMAND_PARTS_BUDGET_BYTES, commandPartsSize);
  return cache.get(incident.id, incident.stamp, () => readCommandParts(db, incident.id));
}

/** The page as this caller sees it: whether a task is overdue is judged now, and who may complete it by the caller. */
function view(
  tx: Tx,
  actor: Actor,
  incident: CommandIncident,
  { responses, roles, tasks, logCount, markCount }: CommandParts,
): CommandView {
  const at = now(tx);
  const open = isOpen(incident.status);
  return {
    incident: {
      id: incident.id,
      code: incident.code,
      title: incident.title,
      status: incident.status,
      grade: incident.grade,
      category: incident.category,
      placeName: incident.placeName,
      lng: incident.geom?.x ?? null,
      lat: incident.geom?.y ?? null,
      occurredAt: incident.occurredAt.toISOString(),
    },
    responses: responses.map(({ r, planTitle }) => ({
      id: r.id,
      planId: r.planId,
      planTitle,
      planVersion: r.planVersion,
      level: r.level,
      activatedAt: r.activatedAt.toISOString(),
      activatedByName: r.activatedByName,
      endedAt: r.endedAt?.toISOString() ?? null,
      roles: roles
        .filter((x) => x.role.responseId === r.id)
        .map(({ role, holderName }) => ({
          id: role.id,
          roleKey: role.roleKey,
          roleName: role.roleName,
          holderId: role.holderId,
          holderName,
          tasks: tasks
            .filter((t) => t.roleId === role.id)
            .map((t) => ({
              id: t.id,
              actionKey: t.actionKey,
              text: t.text,
              dueAt: t.dueAt.toISOString(),
              doneAt: t.doneAt?.toISOString() ?? null,
              note: t.note,
              overdue: t.doneAt === null && t.dueAt < at,
              allowedActions:
                open && r.endedAt === null && t.doneAt === null && role.holderId === actor.userId ? (['complete'] as const).slice() : [],
            })),
        })),
    })),
    logCount,
    markCount,
    allowedActions: incident.commands && open ? ['activate', 'log', 'mark'] : [],
  };
}

/**
 * Read without a transaction, like every list: each statement is consistent on its own, the page is refreshed as the
 * incident moves, and a BEGIN/COMMIT around reads would only add two round trips to every load.
 */
export async function getCommand(db: Db, actor: Actor, id: string): Promise<CommandView> {
  const incident = await loadIncident(db, actor, id, { stamped: true });
  return view(db, actor, incident, await commandParts(db, incident));
}

/** The page read whole, nothing kept: what `getCommand` costs without its stamp (the benchmark's direct baseline). */
export async function readCommand(db: Db, actor: Actor, id: string): Promise<CommandView> {
  return view(db, actor, await loadIncident(db, actor, id), await readCommandParts(db, id));
}

type ActivateBody = z.output<typeof api.emergencyPlans.activatePlan.body>;

/**
 * 启动预案: the plan (readable by the caller, in force, defining the level) activated for the incident. Every role with
 * actions at the level needs a holder (an active user); each such action becomes a task of that role, due its
 * minutes after activation. A response already open is superseded (响应级别调整): it ends now and stays on record.
 * A `reported` incident moves to `responding` through the incident workflow, in the same transaction. The incident
 * row is locked, so two activations at once are taken one after the other.
 */
export async function activate(tx: Tx, actor: Actor, incidentId: string, body: ActivateBody): Promise<string> {
  const incident = await commandedIncident(tx, actor, incidentId, true);
  refuseClosed(incident);
  const plan = await loadPlan(tx, actor, body.planId);
  if (plan.status !== 'active') throw new AppError('RULE_VIOLATION', bi('该预案已废止', 'The plan has been withdrawn'));
  if (!plan.content.levels.includes(body.level))
    throw new AppError('RULE_VIOLATION', bi(`该预案没有${body.level}级响应`, `The plan defines no level ${body.level} response`));
  const planRoles = new Map(plan.content.roles.map((r) => [r.key, r]));
  const given = new Map<string, string>();
  for (const r of body.roles) {
    if (!planRoles.has(r.roleKey))
      throw new AppError('RULE_VIOLATION', bi(`预案中没有角色 ${r.roleKey}`, `The plan has no role ${r.roleKey}`));
    if (given.has(r.roleKey)) throw new AppError('RULE_VIOLATION', bi(`角色 ${r.roleKey} 重复`, `Role ${r.roleKey} is given twice`));
    given.set(r.roleKey, r.holderId);
  }
  const at = now(tx);
  const drafts = rules.responseTasksOf(plan.content, body.level, at);
  const missing = [...new Set(drafts.map((d) => d.roleKey))].filter((k) => !given.has(k)).map((k) => planRoles.get(k)!.name);
  if (missing.length > 0)
    throw new AppError('RULE_VIOLATION', bi(`请为以下角色指定人员：${missing.join('、')}`, `Name a person for: ${missing.join(', ')}`));
  const holderIds = [...new Set(given.values())];
  const holders = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, holderIds), eq(users.status, 'active')));
  if (holders.length !== holderIds.length)
    throw new AppError('RULE_VIOLATION', bi('指定的人员不存在或已停用', 'A person named does not exist or is disabled'));

  await tx
    .update(emergencyResponses)
    .set({ endedAt: at })
    .where(and(eq(emergencyResponses.incidentId, incidentId), isNull(emergencyResponses.endedAt)));
  const [response] = await tx
    .insert(emergencyResponses)
    .values({
      incidentId,
      planId: plan.id,
      planVersion: plan.version,
      level: body.level,
      activatedAt: at,
      activatedBy: actor.userId,
      activatedByName: actor.displayName,
    })
    .returning();
  const roleRows = await tx
    .insert(emergencyResponseRoles)
    .values(
      [...given].map(([roleKey, holderId]) => ({ responseId: response!.id, roleKey, roleName: planRoles.get(roleKey)!.name, holderId })),
    )
    .returning();
  const roleIds = new Map(roleRows.map((r) => [r.roleKey, r.id]));
  if (drafts.length > 0)
    await tx.insert(emergencyResponseTasks).values(
      drafts.map((d) => ({
        responseId: response!.id,
        roleId: roleIds.get(d.roleKey)!,
        actionKey: d.actionKey,
        text: d.text,
        dueAt: d.dueAt,
      })),
    );
  if (incident.status === 'reported') await performIncidentAction(tx, actor, incidentId, 'startResponse', {});
  await tx.insert(emergencyCommandLog).values({
    incidentId,
    at,
    authorId: actor.userId,
    authorName: actor.displayName,
    kind: 'decision',
    // The log is a record kept in the office's language, like the entries people write in it (one language per
    // entry: a "中文 / English" text read as both at once on either side).
    text: `启动《${plan.title}》${body.level}级响应`,
  });
  await audit(tx, actor, {
    action: 'emergencyResponse.activate',
    entityType: 'emergencyResponse',
    entityId: response!.id,
    after: { ...response, roles: roleRows.map((r) => ({ roleKey: r.roleKey, holderId: r.holderId })), tasks: drafts.length },
  });
  return response!.id;
}

export const activatePlan = (db: Db, actor: Actor, incidentId: string, body: ActivateBody): Promise<CommandView> =>
  db.transaction(async (tx) => {
    await activate(tx, actor, incidentId, body);
    const incident = await loadIncident(tx, actor, incidentId);
    return view(tx, actor, incident, await readCommandParts(tx, incidentId));
  });

/**
 * A task is done by the holder of its role, once, while the response is open; the row is locked so that a second
 * click waits and then finds it done (409).
 */
export async function completeTask(db: Db, actor: Actor, taskId: string, note: string | undefined): Promise<CommandView> {
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({
        task: emergencyResponseTasks,
        holderId: emergencyResponseRoles.holderId,
        endedAt: emergencyResponses.endedAt,
        incidentId: emergencyResponses.incidentId,
      })
      .from(emergencyResponseTasks)
      .innerJoin(emergencyResponseRoles, eq(emergencyResponseRoles.id, emergencyResponseTasks.roleId))
      .innerJoin(emergencyResponses, eq(emergencyResponses.id, emergencyResponseTasks.responseId))
      .where(eq(emergencyResponseTasks.id, taskId))
      .for('update', { of: emergencyResponseTasks });
    if (!found) throw new AppError('NOT_FOUND', bi('任务不存在', 'No such task'));
    const incident = await loadIncident(tx, actor, found.incidentId);
    if (found.holderId !== actor.userId)
      throw new AppError('FORBIDDEN', bi('只有该角色的承担人可以完成此任务', 'Only the holder of the role completes its task'));
    if (found.task.doneAt) throw new AppError('CONFLICT', bi('该任务已完成', 'The task is already done'));
    if (found.endedAt || !isOpen(incident.status)) throw new AppError('CONFLICT', bi('该响应已结束', 'The response has ended'));
    const at = now(tx);
    const [after] = await tx
      .update(emergencyResponseTasks)
      .set({ doneAt: at, doneBy: actor.userId, note: note ?? null })
      .where(eq(emergencyResponseTasks.id, taskId))
      .returning();
    await audit(tx, actor, {
      action: 'emergencyResponseTask.complete',
      entityType: 'emergencyResponseTask',
      entityId: taskId,
      before: found.task,
      after,
    });
    return view(tx, actor, incident, await readCommandParts(tx, found.incidentId));
  });
}

const presentLog = (r: typeof emergencyCommandLog.$inferSelect): LogEntry => ({
  id: r.id,
  at: r.at.toISOString(),
  authorName: r.authorName,
  kind: r.kind,
  text: r.text,
});

type LogQuery = z.output<typeof api.emergencyPlans.listCommandLog.query>;

export async function listCommandLog(
  db: Db,
  actor: Actor,
  incidentId: string,
  q: LogQuery,
): Promise<z.infer<typeof api.emergencyPlans.listCommandLog.response>> {
  const l = emergencyCommandLog;
  const found = await listPage(
    db,
    db.select().from(l).$dynamic(),
    {
      where: [
        eq(l.incidentId, incidentId),
        incidentIdInScope(actor, 'emergency.read', incidentId),
        q.kind ? eq(l.kind, q.kind) : undefined,
      ],
      search: [l.text, l.authorName],
      sortable: { at: l.at },
      defaultOrder: [desc(l.at)],
      tieBreaker: desc(l.id),
    },
    q,
  );
  // No row: an empty log (or filter) of a readable incident, or an incident the caller may not read (404).
  if (found.rows.length === 0) await loadIncident(db, actor, incidentId);
  return { ...found, items: (found.rows as (typeof l.$inferSelect)[]).map(presentLog) };
}

export async function addLogEntry(
  db: Db,
  actor: Actor,
  incidentId: string,
  body: z.output<typeof api.emergencyPlans.addLogEntry.body>,
): Promise<LogEntry> {
  return db.transaction(async (tx) => {
    refuseClosed(await commandedIncident(tx, actor, incidentId));
    const [row] = await tx
      .insert(emergencyCommandLog)
      .values({ incidentId, at: now(tx), authorId: actor.userId, authorName: actor.displayName, kind: body.kind, text: body.text })
      .returning();
    await audit(tx, actor, { action: 'emergencyCommandLog.create', entityType: 'emergencyCommandLog', entityId: row!.id, after: row });
    return presentLog(row!);
  });
}

const m = emergencyMarks;

/** A mark as the page shows it. 15 decimals: a degree value comes back exactly as it was drawn. */
const markFields = {
  id: m.id,
  geometry: geometryJson<Mark['geometry']>(m.geom, 15),
  kind: m.kind,
  note: m.note,
  authorName: m.authorName,
  at: m.at,
};

const presentMark = (r: {
  id: string;
  geometry: Mark['geometry'];
  kind: Mark['kind'];
  note: string | null;
  authorName: string;
  at: Date;
}): Mark => ({
  ...r,
  at: r.at.toISOString(),
});

/**
 * One statement, no transaction: the incident, when the caller may read it, joined to its marks (none: one row with
 * no mark; no row at all: 404).
 */
export async function listMarks(db: Db, actor: Actor, incidentId: string): Promise<{ items: Mark[] }> {
  const found = await db
    .select({ mark: markFields })
    .from(i)
    .leftJoin(m, eq(m.incidentId, i.id))
    .where(and(eq(i.id, incidentId), incidentScope(actor, 'emergency.read')))
    .orderBy(asc(m.at), asc(m.id));
  if (found.length === 0) throw new AppError('NOT_FOUND', bi('事故不存在', 'No such incident'));
  return { items: found.flatMap(({ mark }) => (mark ? [presentMark(mark)] : [])) };
}

/**
 * A mark's geometry has passed the contract (`markGeometry`: type, ranges, closed rings); PostGIS then judges what
 * the shape of a polygon can only be judged by (a ring crossing itself): 422 naming the reason, never stored.
 */
export async function addMark(
  db: Db,
  actor: Actor,
  incidentId: string,
  body: z.output<typeof api.emergencyPlans.addMark.body>,
): Promise<Mark> {
  return db.transaction(async (tx) => {
    refuseClosed(await commandedIncident(tx, actor, incidentId));
    if (body.geometry.type === 'Polygon') {
      const [check] = await rows<{ reason: string | null }>(
        tx,
        sql`select case when ST_IsValid(g) then null else ST_IsValidReason(g) end as reason
          from (select ST_GeomFromGeoJSON(${JSON.stringify(body.geometry)}) as g) as input`,
      );
      if (check?.reason)
        throw new AppError('RULE_VIOLATION', bi(`标绘的区域无效：${check.reason}`, `The area drawn is not valid: ${check.reason}`));
    }
    const values = {
      incidentId,
      geom: body.geometry,
      kind: body.kind,
      note: body.note ?? null,
      authorId: actor.userId,
      authorName: actor.displayName,
      at: now(tx),
    };
    const [row] = await tx.insert(emergencyMarks).values(values).returning(markFields);
    await audit(tx, actor, {
      action: 'emergencyMark.create',
      entityType: 'emergencyMark',
      entityId: row!.id,
      after: { ...values, id: row!.id },
    });
    return presentMark(row!);
  });
}

export async function deleteMark(db: Db, actor: Actor, markId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(emergencyMarks).where(eq(emergencyMarks.id, markId)).for('update');
    if (!row) throw new AppError('NOT_FOUND', bi('标绘不存在', 'No such mark'));
    refuseClosed(await commandedIncident(tx, actor, row.incidentId));
    await tx.delete(emergencyMarks).where(eq(emergencyMarks.id, markId));
    await audit(tx, actor, {
      action: 'emergencyMark.delete',
      entityType: 'emergencyMark',
      entityId: markId,
      before: { ...row, geom: row.geom },
    });
  });
}
