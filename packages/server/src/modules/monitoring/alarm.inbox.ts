import { type api, type Bilingual, bi, monitoring as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Actor, can, scopeCondition } from '../../platform/actor.js';
import { now, type Tx } from '../../platform/db.js';
import { alarmScope } from './alarm.scope.js';
import { monitoringAlarms } from './alarm.tables.js';
import { monitoringDevices } from './device.tables.js';

type InboxItem = api.inbox.InboxItem;

const kinds = {
  'monitoring.alarmRaised': bi('待确认的报警', 'Alarms to acknowledge'),
  'monitoring.alarmDispatched': bi('待反馈的报警处置', 'Dispatched alarms to answer'),
} as const satisfies Record<string, Bilingual>;

const PER_KIND = 50;
const levelRank = sql`case ${monitoringAlarms.level} when 'red' then 4 when 'orange' then 3 when 'yellow' then 2 else 1 end`;

/**
 * ALARMS' 待办: alarms nobody has acknowledged yet within the caller's reach (the highest level first, then the
 * oldest), and alarms dispatched to the caller's unit awaiting its answer, by their deadline.
 */
export async function alarmInbox(tx: Tx, actor: Actor): Promise<InboxItem[]> {
  if (!can(actor, 'monitoring.alarm')) return [];
  const items: InboxItem[] = [];
  const at = now(tx);
  const raised = await tx
    .select({ a: monitoringAlarms, name: monitoringDevices.name })
    .from(monitoringAlarms)
    .innerJoin(monitoringDevices, eq(monitoringDevices.id, monitoringAlarms.deviceId))
    .where(and(eq(monitoringAlarms.status, 'raised'), alarmScope(actor, 'monitoring.alarm')))
    .orderBy(sql`${levelRank} desc`, asc(monitoringAlarms.raisedAt), asc(monitoringAlarms.id))
    .limit(PER_KIND);
  for (const { a, name } of raised) {
    const level = rules.alarmLevelInfo[a.level].label;
    items.push({
      key: `monitoring.alarmRaised:${a.id}`,
      kind: 'monitoring.alarmRaised',
      kindLabel: kinds['monitoring.alarmRaised'],
      title: bi(`${level.zh}报警 ${a.code}：${name}`, `${level.en} alarm ${a.code}: ${name}`),
      objectType: 'alarm',
      objectId: a.id,
      due: null,
      dueState: null,
      reason: null,
      since: a.raisedAt.toISOString(),
      link: `/monitoring/alarms/${a.id}`,
    });
  }
  const dispatched = await tx
    .select({ a: monitoringAlarms, name: monitoringDevices.name })
    .from(monitoringAlarms)
    .innerJoin(monitoringDevices, eq(monitoringDevices.id, monitoringAlarms.deviceId))
    .where(and(eq(monitoringAlarms.status, 'dispatched'), scopeCondition(actor, 'monitoring.alarm', monitoringAlarms.dispatchOrgId)))
    .orderBy(asc(monitoringAlarms.dispatchDeadline), asc(monitoringAlarms.id))
    .limit(PER_KIND);
  for (const { a, name } of dispatched) {
    const deadline = a.dispatchDeadline!;
    items.push({
      key: `monitoring.alarmDispatched:${a.id}`,
      kind: 'monitoring.alarmDispatched',
      kindLabel: kinds['monitoring.alarmDispatched'],
      title: bi(`报警处置 ${a.code}：${name}`, `Alarm ${a.code} to handle: ${name}`),
      objectType: 'alarm',
      objectId: a.id,
      due: shanghaiDateOf(deadline),
      dueState: deadline < at ? 'overdue' : shanghaiDateOf(deadline) === shanghaiDateOf(at) ? 'due_soon' : 'on_track',
      reason: null,
      since: a.updatedAt.toISOString(),
      link: `/monitoring/alarms/${a.id}`,
    });
  }
  return items;
}
