import { AppError, type api, bi, monitoring as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, count, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { type Actor, can, inScope, systemActor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, rows, type Tx } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import type { Platform } from '../../platform/platform.js';
import { workflowTransitions } from '../../platform/platform.tables.js';
import { actionsFor, plan, recordTransition, timeline } from '../../platform/workflow.js';
import { hazards, insertHazard } from '../hazard/index.js';
import { orgs, users } from '../identity/index.js';
import { pushNotifications } from '../notifications/index.js';
import { raiseRiskLevel, releaseRiskLevel } from '../risk/index.js';
import { type AlarmMessage, type Delivery, circleOf, tell } from './alarm.notify.js';
import { type AlarmReach, alarmInReach, alarmScope } from './alarm.scope.js';
import { alarmSettingsOf } from './alarm-settings.service.js';
import { monitoringAlarmNumbers, monitoringAlarms } from './alarm.tables.js';
import { monitoringAlarmRules } from './alarm-rules.tables.js';
import { monitoringDevices } from './device.tables.js';

export { alarmScope } from './alarm.scope.js';

type AlarmRow = typeof monitoringAlarms.$inferSelect;
type OrgRow = typeof orgs.$inferSelect;
type DeviceRow = typeof monitoringDevices.$inferSelect;
type NotificationRow = Awaited<ReturnType<typeof tell>>['rows'][number];
export type AlarmItem = z.infer<typeof api.monitoringAlarms.alarm>;
export type AlarmDetail = z.infer<typeof api.monitoringAlarms.alarmDetail>;

const workflow = rules.alarmWorkflow;

export const alarmNotFound = () => new AppError('NOT_FOUND', bi('报警不存在', 'No such alarm'));

const unit = alias(orgs, 'alarm_unit');
const street = alias(orgs, 'alarm_street');
const community = alias(orgs, 'alarm_community');
const grid = alias(orgs, 'alarm_grid');
const dispatched = alias(orgs, 'alarm_dispatch');

/** The rows an alarm is presented and authorised from: itself, its device, the orgs they name, its rule and hazard. */
interface JoinedAlarm {
  a: AlarmRow;
  d: DeviceRow;
  unit: OrgRow;
  street: OrgRow | null;
  community: OrgRow | null;
  grid: OrgRow | null;
  dispatched: OrgRow | null;
  ruleName: string | null;
  hazardCode: string | null;
}

/** A select of alarms with what they are shown with; `monitoring_alarms` keeps its name, so `alarmScope` applies. */
const joinedAlarms = (db: Tx) =>
  db
    .select({
      a: monitoringAlarms,
      d: monitoringDevices,
      unit,
      street,
      community,
      grid,
      dispatched,
      ruleName: monitoringAlarmRules.name,
      hazardCode: hazards.code,
    })
    .from(monitoringAlarms)
    .innerJoin(monitoringDevices, eq(monitoringDevices.id, monitoringAlarms.deviceId))
    .innerJoin(unit, eq(unit.id, monitoringDevices.orgId))
    .leftJoin(street, eq(street.id, monitoringDevices.streetId))
    .leftJoin(community, eq(community.id, monitoringDevices.communityId))
    .leftJoin(grid, eq(grid.id, monitoringDevices.gridId))
    .leftJoin(dispatched, eq(dispatched.id, monitoringAlarms.dispatchOrgId))
    .leftJoin(monitoringAlarmRules, eq(monitoringAlarmRules.id, monitoringAlarms.ruleId))
    .leftJoin(hazards, eq(hazards.id, monitoringAlarms.hazardId));

const reachOf = (j: JoinedAlarm): AlarmReach => ({
  deviceOrg: j.unit,
  areas: [j.street, j.community, j.grid].filter((o): o is OrgRow => o !== null),
  dispatchOrg: j.dispatched,
});

/**
 * May the caller take this workflow action on this alarm: it handles alarms within its reach; an answer comes
 * from the unit it was dispatched to (or those over that unit).
 */
function mayTake(actor: Actor, j: JoinedAlarm, action: rules.AlarmWorkflowAction): boolean {
  if (!alarmInReach(actor, 'monitoring.alarm', reachOf(j))) return false;
  if (action === 'answer') return j.dispatched !== null && inScope(actor, 'monitoring.alarm', j.dispatched);
  return true;
}

/** 转为隐患: from a confirmed alarm without a hazard yet, by someone who may also register hazards. */
const mayOpenHazard = (actor: Actor, j: JoinedAlarm): boolean =>
  rules.openHazardAction.from.includes(j.a.status) &&
  j.a.hazardId === null &&
  can(actor, 'hazard.report') &&
  alarmInReach(actor, 'monitoring.alarm', reachOf(j));

function allowedOn(actor: Actor, j: JoinedAlarm): AlarmItem['allowedActions'] {
  const own = actionsFor(workflow, j.a.status, actor, (action) => mayTake(actor, j, action));
  return mayOpenHazard(actor, j) ? [...own, 'openHazard'] : own;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function present(actor: Actor, j: JoinedAlarm): AlarmItem {
  const { a, d } = j;
  return {
    id: a.id,
    code: a.code,
    level: a.level,
    status: a.status,
    ruleId: a.ruleId,
    ruleName: j.ruleName,
    deviceId: d.id,
    deviceCode: d.code,
    deviceName: d.name,
    deviceType: d.type,
    orgId: j.unit.id,
    orgName: j.unit.name,
    placeName: d.placeName,
    streetName: j.street?.name ?? null,
    lng: d.geom?.x ?? null,
    lat: d.geom?.y ?? null,
    metric: a.metric,
    unit: d.metrics.find((m) => m.key === a.metric)?.unit ?? null,
    firstValue: a.firstValue,
    lastValue: a.lastValue,
    threshold: a.threshold,
    count: a.count,
    raisedAt: a.raisedAt.toISOString(),
    lastRaisedAt: a.lastRaisedAt.toISOString(),
    clearedAt: iso(a.clearedAt),
    acknowledgedAt: iso(a.acknowledgedAt),
    escalationLevel: a.escalationLevel,
    dispatchOrgId: a.dispatchOrgId,
    dispatchOrgName: j.dispatched?.name ?? null,
    dispatchDeadline: iso(a.dispatchDeadline),
    hazardId: a.hazardId,
    hazardCode: j.hazardCode,
    riskSourceId: a.riskSourceId,
    closedAt: iso(a.closedAt),
    allowedActions: allowedOn(actor, j),
  };
}

async function presentDetail(tx: Tx, actor: Actor, j: JoinedAlarm): Promise<AlarmDetail> {
  const [by] = j.a.acknowledgedBy ? await tx.select({ name: users.displayName }).from(users).where(eq(users.id, j.a.acknowledgedBy)) : [];
  return {
    ...present(actor, j),
    acknowledgedBy: by?.name ?? null,
    escalatedAt: iso(j.a.escalatedAt),
    nextReminderAt: iso(j.a.nextReminderAt),
    timeline: await timeline(tx, workflow.entity, j.a.id),
  };
}

/** One alarm within the caller's reading reach (404 otherwise: one outside it is not even seen); `lock` for an action. */
async function loadAlarm(tx: Tx, actor: Actor, id: string, lock = false): Promise<JoinedAlarm> {
  const query = joinedAlarms(tx)
    .where(and(eq(monitoringAlarms.id, id), alarmScope(actor, 'monitoring.read')))
    .$dynamic();
  const [found] = lock ? await query.for('update', { of: monitoringAlarms }) : await query;
  if (!found) throw alarmNotFound();
  return found as JoinedAlarm;
}

const statusFilter = (q: { status?: rules.AlarmStatus | undefined; open?: 'true' | 'false' | undefined }): SQL | undefined => {
  if (q.status) return eq(monitoringAlarms.status, q.status);
  if (q.open === 'true') return ne(monitoringAlarms.status, 'closed');
  if (q.open === 'false') return eq(monitoringAlarms.status, 'closed');
  return undefined;
};

/** The list's conditions (scope and filters), shared by the page and the xlsx export. */
export function alarmConditions(actor: Actor, q: z.output<typeof api.monitoringAlarms.exportAlarms.query>): (SQL | undefined)[] {
  return [
    alarmScope(actor, 'monitoring.read'),
    q.deviceId ? eq(monitoringAlarms.deviceId, q.deviceId) : undefined,
    statusFilter(q),
    q.level ? eq(monitoringAlarms.level, q.level) : undefined,
    q.streetId ? eq(monitoringDevices.streetId, q.streetId) : undefined,
  ];
}

const levelRank = sql`case ${monitoringAlarms.level} when 'red' then 4 when 'orange' then 3 when 'yellow' then 2 else 1 end`;
export const alarmSortable = {
  raisedAt: monitoringAlarms.raisedAt,
  lastRaisedAt: monitoringAlarms.lastRaisedAt,
  level: levelRank,
  code: monitoringAlarms.code,
};
export const alarmSearch = [monitoringAlarms.code, monitoringDevices.code, monitoringDevices.name, monitoringDevices.placeName];

export async function listAlarms(db: Db, actor: Actor, q: z.output<typeof api.monitoringAlarms.listAlarms.query>) {
  const found = await listPage(
    db,
    joinedAlarms(db).$dynamic(),
    {
      where: alarmConditions(actor, q),
      search: alarmSearch,
      sortable: alarmSortable,
      defaultOrder: [desc(monitoringAlarms.lastRaisedAt)],
      tieBreaker: monitoringAlarms.id,
    },
    q,
  );
  const { rows: items, ...paging } = found;
  return { ...paging, items: items.map((j) => present(actor, j as JoinedAlarm)) };
}

/** The rows of the xlsx export, in the list's order (newest first), at most `limit`. */
export async function alarmsForExport(db: Db, actor: Actor, q: z.output<typeof api.monitoringAlarms.exportAlarms.query>, limit: number) {
  const found = await joinedAlarms(db)
    .where(and(...alarmConditions(actor, q)))
    .orderBy(desc(monitoringAlarms.lastRaisedAt), monitoringAlarms.id)
    .limit(limit);
  return found.map((j) => present(actor, j as JoinedAlarm));
}

export async function getAlarm(db: Db, actor: Actor, id: string): Promise<AlarmDetail> {
  return presentDetail(db, actor, await loadAlarm(db, actor, id));
}

/** The next code of a year, claimed in the database (two alarms at once never share one). */
async function nextCode(tx: Tx): Promise<string> {
  const year = Number(shanghaiDateOf(now(tx)).slice(0, 4));
  const [claimed] = await tx
    .insert(monitoringAlarmNumbers)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: monitoringAlarmNumbers.year, set: { last: sql`${monitoringAlarmNumbers.last} + 1` } })
    .returning({ last: monitoringAlarmNumbers.last });
  return `BJ-${year}-${String(claimed!.last).padStart(6, '0')}`;
}

/**
 * An event of the alarm's life that is not a step of the workflow (raised, cleared, escalated, a hazard opened):
 * on its timeline beside the steps, and in the audit log, under `actor` (the platform for what the rules and jobs do).
 */
async function recordEvent(tx: Tx, actor: Actor, a: Pick<AlarmRow, 'id' | 'status'>, action: string, input: Record<string, unknown>) {
  await tx.insert(workflowTransitions).values({
    entityType: workflow.entity,
    entityId: a.id,
    action,
    fromState: a.status,
    toState: a.status,
    actorId: actor.userId,
    actorName: actor.displayName,
    input,
    at: now(tx),
  });
  await audit(tx, actor, { action: `alarm.${action}`, entityType: workflow.entity, entityId: a.id, after: input });
}

const levelWord = (level: rules.AlarmLevel) => rules.alarmLevelInfo[level].label.zh;

/** A message about an alarm, naming its level, device and value. */
function messageOf(kind: string, prefix: string, a: AlarmRow, d: Pick<DeviceRow, 'name' | 'placeName' | 'metrics'>): AlarmMessage {
  const metric = d.metrics.find((m) => m.key === a.metric);
  const unitText = metric?.unit ? ` ${metric.unit}` : '';
  const where = d.placeName ? `（${d.placeName}）` : '';
  return {
    kind,
    title: `${prefix}${levelWord(a.level)}报警 ${a.code}：${d.name}`,
    body: `${d.name}${where} ${rules.metricLabel(metric ?? { key: a.metric })} = ${a.lastValue}${unitText}${a.threshold !== null ? `，阈值 ${a.threshold}${unitText}` : ''}`,
    link: `/monitoring/alarms/${a.id}`,
  };
}

/** What a rule says when it raises (RULES' evaluation, the simulator's demo, tests). */
export interface RaiseAlarmInput {
  /** The rule that raised it; null for an alarm raised otherwise (it then never folds). */
  ruleId: string | null;
  deviceId: string;
  metric: string;
  value: number;
  threshold: number | null;
  level: rules.AlarmLevel;
  /** The reading's time. */
  at: Date;
}

/** A raise: the alarm's id, whether it folded into an open one, and the notifications to push after the commit. */
export interface RaisedAlarm {
  id: string;
  code: string;
  folded: boolean;
  notices: NotificationRow[];
}

/**
 * Raises an alarm in the caller's transaction. While an alarm of the same rule and device is open (not closed), the
 * crossing folds into it: its count, last value and time move on and a cleared alarm is active again; nobody is told
 * again (the reminders do that while it stays unacknowledged). Otherwise a new alarm: its code claimed, its risk
 * source's displayed level raised (`monitoring.alarm.<level>`, none for blue), its first circle told on their
 * channels. Push `notices` after the commit (`announceAlarms`) so that open browsers hear of it.
 */
export async function raiseAlarm(tx: Tx, platform: Platform, input: RaiseAlarmInput): Promise<RaisedAlarm> {
  const folded = input.ruleId ? await foldInto(tx, input) : null;
  if (folded) return folded;
  const [device] = await tx.select().from(monitoringDevices).where(eq(monitoringDevices.id, input.deviceId));
  if (!device) throw new AppError('NOT_FOUND', bi('监测设备不存在', 'No such device'));
  const at = now(tx);
  const settings = await alarmSettingsOf(tx);
  const [created] = await tx
    .insert(monitoringAlarms)
    .values({
      code: await nextCode(tx),
      ruleId: input.ruleId,
      deviceId: device.id,
      metric: input.metric,
      level: input.level,
      firstValue: input.value,
      lastValue: input.value,
      threshold: input.threshold,
      raisedAt: input.at,
      lastRaisedAt: input.at,
      riskSourceId: device.riskSourceId,
      // Reminders and escalation count from the alarm's own time, as the escalation check does.
      nextReminderAt: new Date(input.at.getTime() + settings.remindEveryMinutes[input.level] * 60_000),
      createdAt: at,
      updatedAt: at,
    })
    // The open alarm of this rule and device (partial unique index): a raise that lost the race folds instead.
    .onConflictDoNothing()
    .returning();
  if (!created) {
    const late = await foldInto(tx, input);
    if (late) return late;
    throw new AppError('CONFLICT', bi('报警已由另一请求登记', 'The alarm was raised by another request'));
  }
  const kind = rules.alarmRaiseKind(input.level);
  if (created.riskSourceId && isRaiseKind(kind)) {
    await raiseRiskLevel(tx, systemActor, { sourceId: created.riskSourceId, originKind: kind, originId: created.id, reason: created.code });
  }
  const people = await circleOf(tx, { deviceOrgId: device.orgId, streetId: device.streetId }, 0);
  const told = await tell(
    tx,
    platform,
    people,
    created.level,
    device.orgId,
    messageOf(`monitoring.alarm.${created.level}`, '', created, device),
  );
  await recordEvent(tx, systemActor, created, 'raise', {
    metric: input.metric,
    value: input.value,
    threshold: input.threshold,
    level: input.level,
    people: people.length,
    delivery: told.delivery,
  });
  return { id: created.id, code: created.code, folded: false, notices: told.rows };
}

/** The risk module knows raisers for red, orange and yellow; a blue alarm raises nothing. */
const isRaiseKind = (kind: string): boolean =>
  ['monitoring.alarm.red', 'monitoring.alarm.orange', 'monitoring.alarm.yellow'].includes(kind);

async function foldInto(tx: Tx, input: RaiseAlarmInput): Promise<RaisedAlarm | null> {
  const [open] = await tx
    .select()
    .from(monitoringAlarms)
    .where(
      and(eq(monitoringAlarms.ruleId, input.ruleId!), eq(monitoringAlarms.deviceId, input.deviceId), ne(monitoringAlarms.status, 'closed')),
    )
    .for('update');
  if (!open) return null;
  const later = input.at > open.lastRaisedAt;
  await tx
    .update(monitoringAlarms)
    .set({
      count: sql`${monitoringAlarms.count} + 1`,
      // A late crossing counts but does not stand for the latest value.
      ...(later ? { lastValue: input.value, lastRaisedAt: input.at, clearedAt: null } : {}),
      updatedAt: now(tx),
    })
    .where(eq(monitoringAlarms.id, open.id));
  return { id: open.id, code: open.code, folded: true, notices: [] };
}

/** Pushes the notices of raises to open browsers, after their transaction committed. */
export async function announceAlarms(platform: Platform, raised: readonly { notices: NotificationRow[] }[]): Promise<void> {
  await pushNotifications(
    platform,
    raised.flatMap((r) => r.notices),
  );
}

/**
 * The values of a rule on a device returned to normal (the rule's clear condition, with its hysteresis): the open
 * alarm is marked cleared, on its timeline; it stays open until a person closes it, and its risk raiser stays.
 * Returns the alarm's id, or null when no alarm of the rule and device is open.
 */
export async function clearAlarm(
  tx: Tx,
  input: { ruleId: string; deviceId: string; at: Date; value: number | null },
): Promise<{ id: string } | null> {
  const [cleared] = await tx
    .update(monitoringAlarms)
    .set({ clearedAt: input.at, updatedAt: now(tx) })
    .where(
      and(
        eq(monitoringAlarms.ruleId, input.ruleId),
        eq(monitoringAlarms.deviceId, input.deviceId),
        ne(monitoringAlarms.status, 'closed'),
        sql`${monitoringAlarms.clearedAt} is null`,
      ),
    )
    .returning();
  if (!cleared) return null;
  await recordEvent(tx, systemActor, cleared, 'clear', { value: input.value, at: input.at.toISOString() });
  return { id: cleared.id };
}

/** The number of open (not closed) alarms per device, for the devices' state; devices without one are absent. */
export async function openAlarmCountOf(tx: Tx, deviceIds: readonly string[]): Promise<Map<string, number>> {
  if (deviceIds.length === 0) return new Map();
  const found = await tx
    .select({ deviceId: monitoringAlarms.deviceId, n: count() })
    .from(monitoringAlarms)
    .where(and(inArray(monitoringAlarms.deviceId, [...deviceIds]), ne(monitoringAlarms.status, 'closed')))
    .groupBy(monitoringAlarms.deviceId);
  return new Map(found.map((r) => [r.deviceId, Number(r.n)]));
}

/** The people of the dispatched unit who handle alarms: they answer. */
async function dispatchedPeople(tx: Tx, orgId: string): Promise<string[]> {
  const found = await rows<{ id: string }>(
    tx,
    sql`select u.id from users u where u.org_id = ${orgId} and u.status = 'active' and exists (
      select 1 from user_roles ur join roles r on r.code = ur.role_code where ur.user_id = u.id and 'monitoring.alarm' = any(r.actions))
      order by u.id`,
  );
  return found.map((r) => r.id);
}

type ActionBody = Record<string, unknown>;

/**
 * One action on an alarm, in one transaction with its timeline row and audit: the workflow's steps (403 outside the
 * caller's reach or without the permission, 409 from the wrong state, 400 for a missing input, 422 for a deadline
 * already past or an unknown unit) and `openHazard`. Dispatching tells the unit; closing releases the risk raiser.
 */
export async function alarmAction(platform: Platform, actor: Actor, id: string, action: string, body: unknown): Promise<AlarmDetail> {
  const notices: NotificationRow[] = [];
  const detail = await platform.db.transaction(async (tx) => {
    const j = await loadAlarm(tx, actor, id, true);
    if (action === rules.openHazardAction.name) {
      await openHazard(tx, actor, j, body);
      return presentDetail(tx, actor, await loadAlarm(tx, actor, id));
    }
    const t = plan(workflow, j.a.status, action, body, actor);
    if (!mayTake(actor, j, t.action))
      throw new AppError(
        'FORBIDDEN',
        bi(
          `无权对该报警执行“${workflow.actions[t.action].label.zh}”`,
          `You may not ${workflow.actions[t.action].label.en.toLowerCase()} this alarm`,
        ),
      );
    const at = now(tx);
    const set: Partial<AlarmRow> = { status: t.to, updatedAt: at };
    const input = t.input as ActionBody;
    switch (t.action) {
      case 'acknowledge':
        Object.assign(set, { acknowledgedAt: at, acknowledgedBy: actor.userId, nextReminderAt: null });
        break;
      case 'dispatch': {
        const deadline = new Date(String(input.deadline));
        if (deadline <= at)
          throw new AppError('RULE_VIOLATION', bi('处置期限须晚于现在', 'The deadline must be later than now'), {
            fields: [{ field: 'deadline', message: bi('处置期限须晚于现在', 'The deadline must be later than now') }],
          });
        const [org] = await tx
          .select({ id: orgs.id, path: orgs.path })
          .from(orgs)
          .where(eq(orgs.id, String(input.orgId)));
        // Within the dispatcher's own reach: the unit dispatched to sees the alarm, so no one hands alarms beyond theirs.
        if (!org || !inScope(actor, 'monitoring.alarm', org))
          throw new AppError('RULE_VIOLATION', bi('处置单位不存在', 'No such unit'), {
            fields: [{ field: 'orgId', message: bi('处置单位不存在', 'No such unit') }],
          });
        Object.assign(set, { dispatchOrgId: org.id, dispatchDeadline: deadline });
        break;
      }
      case 'close':
        Object.assign(set, { closedAt: at, nextReminderAt: null });
        break;
      case 'dismiss':
        Object.assign(set, { nextReminderAt: null });
        break;
    }
    const [after] = await tx.update(monitoringAlarms).set(set).where(eq(monitoringAlarms.id, j.a.id)).returning();
    await recordTransition(tx, workflow, j.a.id, t, actor, { before: j.a, after });
    if (t.action === 'close') await releaseRiskLevel(tx, actor, { originKind: rules.alarmRaiseKind(j.a.level), originId: j.a.id });
    if (t.action === 'dispatch') {
      const people = await dispatchedPeople(tx, after!.dispatchOrgId!);
      const message = messageOf('monitoring.alarm.dispatched', '处置任务：', after!, j.d);
      message.body = `${message.body}。处置要求：${String(input.instructions)}；期限 ${after!.dispatchDeadline!.toISOString()}`;
      const told = await tell(tx, platform, people, after!.level, after!.dispatchOrgId!, message);
      notices.push(...told.rows);
    }
    return presentDetail(tx, actor, await loadAlarm(tx, actor, id));
  });
  await pushNotifications(platform, notices);
  return detail;
}

/** 转为隐患: a 一般 hazard of the device's unit at the device's place, origin `monitoring`, linked both ways. */
async function openHazard(tx: Tx, actor: Actor, j: JoinedAlarm, body: unknown): Promise<void> {
  const name = rules.openHazardAction.label;
  if (!can(actor, 'monitoring.alarm') || !can(actor, 'hazard.report'))
    throw new AppError('FORBIDDEN', bi(`无权执行“${name.zh}”`, `You may not ${name.en.toLowerCase()}`));
  if (!rules.openHazardAction.from.includes(j.a.status)) {
    const state = workflow.states[j.a.status].label;
    throw new AppError(
      'INVALID_TRANSITION',
      bi(`当前状态为“${state.zh}”，不能执行“${name.zh}”`, `Cannot ${name.en.toLowerCase()} while the state is “${state.en}”`),
    );
  }
  if (j.a.hazardId)
    throw new AppError('CONFLICT', bi(`该报警已转为隐患 ${j.hazardCode ?? ''}`, `The alarm already opened hazard ${j.hazardCode ?? ''}`));
  if (!alarmInReach(actor, 'monitoring.alarm', reachOf(j)))
    throw new AppError('FORBIDDEN', bi(`无权执行“${name.zh}”`, `You may not ${name.en.toLowerCase()}`));
  const parsed = rules.openHazardInput.safeParse(body ?? {});
  if (!parsed.success)
    throw new AppError('VALIDATION', undefined, {
      fields: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: bi(i.message, i.message) })),
    });
  const { a, d } = j;
  const metric = d.metrics.find((m) => m.key === a.metric);
  const hazardId = await insertHazard(tx, actor, {
    title: parsed.data.title ?? `${d.name}${rules.metricLabel(metric ?? { key: a.metric })}监测报警（${a.code}）`,
    description:
      parsed.data.description ??
      `监测报警 ${a.code}：${levelWord(a.level)}，${rules.metricLabel(metric ?? { key: a.metric })} ${a.lastValue}${metric?.unit ?? ''}，首次报警 ${a.raisedAt.toISOString()}，累计 ${a.count} 次。`,
    level: '一般',
    responsibleOrgId: d.orgId,
    foundAt: now(tx).toISOString(),
    ...(d.geom ? { lng: d.geom.x, lat: d.geom.y } : {}),
    placeName: d.placeName,
    riskSourceId: d.riskSourceId,
    origin: 'monitoring',
    originRef: a.code,
  });
  await tx
    .update(monitoringAlarms)
    .set({ hazardId, updatedAt: now(tx) })
    .where(eq(monitoringAlarms.id, a.id));
  await recordEvent(tx, actor, a, 'openHazard', { hazardId });
}

/** What the escalation check did: escalation steps taken and reminders sent. */
export interface EscalationCounts {
  escalated: number;
  reminded: number;
}

/**
 * The escalation check (every minute, and callable from tests with the clock set): an alarm still `raised` (nobody
 * acknowledged it) escalates one step each time another `escalateAfterMinutes[level]` pass since it was raised —
 * the unit's parents, then 安委办, then the subscribed group robots — each step claimed by a guarded update so that
 * two nodes never send it twice; and while unacknowledged, those told so far are reminded every
 * `remindEveryMinutes[level]`.
 */
export async function checkAlarmEscalations(platform: Platform): Promise<EscalationCounts> {
  const { db } = platform;
  const at = platform.clock.now();
  const settings = await alarmSettingsOf(db);
  const counts: EscalationCounts = { escalated: 0, reminded: 0 };
  const due = await db
    .select({ id: monitoringAlarms.id })
    .from(monitoringAlarms)
    .where(escalationDue(settings, at))
    .orderBy(monitoringAlarms.raisedAt);
  for (const { id } of due) {
    const notices = await db.transaction((tx) => escalate(tx, platform, id, settings, at));
    if (notices) {
      counts.escalated++;
      await pushNotifications(platform, notices);
    }
  }
  const reminders = await db
    .select({ id: monitoringAlarms.id })
    .from(monitoringAlarms)
    .where(and(eq(monitoringAlarms.status, 'raised'), sql`${monitoringAlarms.nextReminderAt} <= ${at}`))
    .orderBy(monitoringAlarms.nextReminderAt);
  for (const { id } of reminders) {
    const notices = await db.transaction((tx) => remind(tx, platform, id, settings, at));
    if (notices) {
      counts.reminded++;
      await pushNotifications(platform, notices);
    }
  }
  return counts;
}

const LAST_STEP = rules.escalationCircles.length;

/** Minutes of a per-level setting for the alarm's level, in SQL. */
const minutesOf = (per: Record<rules.AlarmLevel, number>) =>
  sql`(case ${monitoringAlarms.level} when 'red' then ${per.red}::int when 'orange' then ${per.orange}::int when 'yellow' then ${per.yellow}::int else ${per.blue}::int end)`;

/** Still unacknowledged, a step left, and the next step's time (raised + (step + 1) × the level's minutes) reached. */
const escalationDue = (settings: rules.AlarmSettings, at: Date): SQL =>
  and(
    eq(monitoringAlarms.status, 'raised'),
    sql`${monitoringAlarms.escalationLevel} < ${LAST_STEP}`,
    sql`${monitoringAlarms.raisedAt} + make_interval(mins => ${minutesOf(settings.escalateAfterMinutes)} * (${monitoringAlarms.escalationLevel} + 1)) <= ${at}`,
  )!;

async function joinedForJob(tx: Tx, id: string) {
  const [j] = await tx
    .select({ a: monitoringAlarms, d: monitoringDevices })
    .from(monitoringAlarms)
    .innerJoin(monitoringDevices, eq(monitoringDevices.id, monitoringAlarms.deviceId))
    .where(eq(monitoringAlarms.id, id));
  return j;
}

/** One escalation step of one alarm, claimed by moving `escalation_level` from the value seen; null when another node took it. */
async function escalate(
  tx: Tx,
  platform: Platform,
  id: string,
  settings: rules.AlarmSettings,
  at: Date,
): Promise<NotificationRow[] | null> {
  const [claimed] = await tx
    .update(monitoringAlarms)
    .set({ escalationLevel: sql`${monitoringAlarms.escalationLevel} + 1`, escalatedAt: at, updatedAt: at })
    .where(and(eq(monitoringAlarms.id, id), escalationDue(settings, at)))
    .returning();
  if (!claimed) return null;
  const j = (await joinedForJob(tx, id))!;
  const step = claimed.escalationLevel;
  const circle = rules.escalationCircles[step - 1]!;
  const people = await circleOf(tx, { deviceOrgId: j.d.orgId, streetId: j.d.streetId }, step);
  const minutes = Math.round((at.getTime() - claimed.raisedAt.getTime()) / 60_000);
  const message = messageOf('monitoring.alarm.escalated', `【${minutes}分钟未确认，已升级】`, claimed, j.d);
  const told = await tell(tx, platform, people, claimed.level, j.d.orgId, message, { forceRobot: circle === 'robot' });
  await recordEvent(tx, systemActor, claimed, 'escalate', {
    step,
    circle,
    people: people.length,
    delivery: told.delivery satisfies Delivery,
  });
  return told.rows;
}

/** A reminder to everyone told so far, claimed by moving `next_reminder_at` on. */
async function remind(tx: Tx, platform: Platform, id: string, settings: rules.AlarmSettings, at: Date): Promise<NotificationRow[] | null> {
  const j = await joinedForJob(tx, id);
  if (!j || j.a.status !== 'raised' || !j.a.nextReminderAt || j.a.nextReminderAt > at) return null;
  // On the alarm's own beat (raised + n × the interval), the first step of it after now: a late check neither
  // shifts the reminders nor sends the missed ones in a burst.
  const every = settings.remindEveryMinutes[j.a.level] * 60_000;
  const behind = at.getTime() - j.a.nextReminderAt.getTime();
  const next = new Date(j.a.nextReminderAt.getTime() + (Math.floor(behind / every) + 1) * every);
  const [claimed] = await tx
    .update(monitoringAlarms)
    .set({ nextReminderAt: next, updatedAt: at })
    .where(and(eq(monitoringAlarms.id, id), eq(monitoringAlarms.nextReminderAt, j.a.nextReminderAt)))
    .returning();
  if (!claimed) return null;
  const parties = { deviceOrgId: j.d.orgId, streetId: j.d.streetId };
  const circles: string[][] = [];
  for (let step = 0; step <= Math.min(claimed.escalationLevel, LAST_STEP - 1); step++) circles.push(await circleOf(tx, parties, step));
  const people = [...new Set(circles.flat())];
  const message = messageOf('monitoring.alarm.reminder', '【提醒：尚未确认】', claimed, j.d);
  return (await tell(tx, platform, people, claimed.level, j.d.orgId, message)).rows;
}
