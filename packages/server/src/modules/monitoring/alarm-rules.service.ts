import { AppError, type api, bi, monitoring as rules } from '@citysafe/domain';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, can } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import type { Platform } from '../../platform/platform.js';
import { allowIf, definePolicy } from '../../platform/policy.js';
import { monitoringAlarmRules } from './alarm-rules.tables.js';
import { deviceScope } from './device.service.js';
import { monitoringDevices } from './device.tables.js';
import { alarmRuleOf, ruleEvaluatorOf } from './rule-eval.service.js';

type RuleInput = z.output<typeof api.monitoringRules.alarmRuleInput>;
type ListQuery = z.output<typeof api.monitoringRules.listRules.query>;
type RuleRow = typeof monitoringAlarmRules.$inferSelect;

const r = monitoringAlarmRules;
const d = monitoringDevices;

/** A rule with what its reach is judged by: the device's code and name, and whether the device is in the caller's reach for monitoring.rule. */
interface Loaded {
  rule: RuleRow;
  deviceCode: string | null;
  deviceName: string | null;
  deviceWritable: boolean;
}

/**
 * A rule on one device is the business of those whose monitoring.rule reach covers the device (`deviceScope`); a rule
 * on a type of device applies across the district, so it needs the reach of the district (安委办) or wider.
 */
const mayWrite = (actor: Actor, rule: { deviceId: string | null }, deviceWritable: boolean): boolean => {
  if (!can(actor, 'monitoring.rule')) return false;
  if (rule.deviceId) return deviceWritable;
  const scope = actor.kind === 'system' ? 'all' : actor.grants['monitoring.rule'];
  return scope === 'all' || scope === 'district';
};
const typeRuleRefusal = {
  code: 'FORBIDDEN' as const,
  message: bi(
    '按设备类型设置的规则适用于全区，须由全区范围的用户设置',
    'A rule for a type of device applies district-wide and needs a district-wide reach',
  ),
};
const rulePolicy = definePolicy<Loaded, 'update' | 'delete'>({
  update: (actor, l) => allowIf(mayWrite(actor, l.rule, l.deviceWritable), l.rule.deviceId ? undefined : typeRuleRefusal),
  delete: (actor, l) => allowIf(mayWrite(actor, l.rule, l.deviceWritable), l.rule.deviceId ? undefined : typeRuleRefusal),
});

function present(actor: Actor, l: Loaded, unit?: string): api.monitoringRules.AlarmRuleView {
  const { rule } = l;
  const evaluated = alarmRuleOf(rule);
  return {
    id: rule.id,
    name: rule.name,
    kind: rule.kind,
    metric: rule.metric,
    deviceId: rule.deviceId,
    deviceCode: l.deviceCode,
    deviceName: l.deviceName,
    deviceType: rule.deviceType,
    op: rule.op,
    threshold: rule.threshold,
    forSeconds: rule.forSeconds,
    hysteresis: rule.hysteresis,
    hysteresisInForce: rules.hysteresisOf(evaluated),
    windowSeconds: rule.windowSeconds,
    count: rule.count,
    ratePerMinute: rule.ratePerMinute,
    offlineIntervals: rule.offlineIntervals,
    level: rule.level,
    enabled: rule.enabled,
    condition: rules.describeRule(evaluated, unit),
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
    allowedActions: rulePolicy.allowed(actor, l),
  };
}

const selectRules = (tx: Tx, actor: Actor) =>
  tx
    .select({
      rule: r,
      deviceCode: d.code,
      deviceName: d.name,
      deviceMetrics: d.metrics,
      deviceWritable: sql<boolean>`coalesce(${deviceScope(actor, 'monitoring.rule')}, false)`,
    })
    .from(r)
    .leftJoin(d, eq(d.id, r.deviceId))
    .$dynamic();

type Selected = Awaited<ReturnType<ReturnType<typeof selectRules>['execute']>>[number];

const loaded = (s: Selected): Loaded => ({
  rule: s.rule,
  deviceCode: s.deviceCode,
  deviceName: s.deviceName,
  deviceWritable: s.deviceCode !== null && s.deviceWritable,
});
/** The unit a rule's numbers are in: the device's for its metric, else the usual one of a well-known metric (a rule on a type of device). */
const unitOf = (s: Selected): string | undefined =>
  s.deviceMetrics?.find((m) => m.key === s.rule.metric)?.unit ??
  (rules.knownMetrics as Record<string, { unit: string }>)[s.rule.metric]?.unit;

/** A rule on a device is seen by those who see the device's unit; a rule on a type of device by every reader. */
const readable = (actor: Actor): SQL => sql`(${r.deviceId} is null or ${deviceScope(actor, 'monitoring.read')})`;

const notFound = () => new AppError('NOT_FOUND', bi('报警规则不存在', 'No such alarm rule'));

async function load(tx: Tx, actor: Actor, id: string, lock = false): Promise<Selected> {
  const query = selectRules(tx, actor).where(and(eq(r.id, id), readable(actor)));
  const [found] = lock ? await query.for('update', { of: r }) : await query;
  if (!found) throw notFound();
  return found;
}

export async function listRules(db: Db, actor: Actor, q: ListQuery): Promise<z.infer<typeof api.monitoringRules.listRules.response>> {
  const found = await listPage(
    db,
    selectRules(db, actor),
    {
      where: [
        readable(actor),
        q.deviceId ? eq(r.deviceId, q.deviceId) : undefined,
        q.deviceType ? eq(r.deviceType, q.deviceType) : undefined,
        q.metric ? eq(r.metric, q.metric) : undefined,
        q.kind ? eq(r.kind, q.kind) : undefined,
        q.level ? eq(r.level, q.level) : undefined,
        q.enabled ? eq(r.enabled, q.enabled === 'true') : undefined,
      ],
      search: [r.name, r.metric, d.code, d.name],
      sortable: {
        name: r.name,
        metric: r.metric,
        updatedAt: r.updatedAt,
        level: sql`case ${r.level} when 'red' then 0 when 'orange' then 1 when 'yellow' then 2 else 3 end`,
      },
      defaultOrder: [sql`${r.enabled} desc`, r.metric, r.name],
      tieBreaker: r.id,
    },
    q,
  );
  return {
    ...found,
    items: (found.rows as Selected[]).map((s) => present(actor, loaded(s), unitOf(s))),
    allowedActions: can(actor, 'monitoring.rule') ? ['create'] : [],
  };
}

export const getRule = (db: Db, actor: Actor, id: string) =>
  db.transaction(async (tx) => {
    const s = await load(tx, actor, id);
    return present(actor, loaded(s), unitOf(s));
  });

/** The device a rule names, in the caller's reach for writing rules; its metric must be one the device reports. */
async function targetOf(tx: Tx, actor: Actor, input: RuleInput): Promise<void> {
  if (!input.deviceId) {
    if (!mayWrite(actor, { deviceId: null }, false)) throw new AppError('FORBIDDEN', typeRuleRefusal.message);
    return;
  }
  const [device] = await tx
    .select({ metrics: d.metrics, writable: sql<boolean>`${deviceScope(actor, 'monitoring.rule')}` })
    .from(d)
    .where(and(eq(d.id, input.deviceId), deviceScope(actor, 'monitoring.read')));
  if (!device)
    throw new AppError('NOT_FOUND', bi('设备不存在', 'No such device'), {
      fields: [{ field: 'deviceId', message: bi('设备不存在', 'No such device') }],
    });
  if (!mayWrite(actor, { deviceId: input.deviceId }, device.writable)) throw new AppError('FORBIDDEN');
  if (!device.metrics.some((m) => m.key === input.metric))
    throw new AppError('RULE_VIOLATION', bi('该设备没有此监测指标', 'The device does not report this metric'), {
      fields: [
        {
          field: 'metric',
          message: bi(
            `设备的指标：${device.metrics.map((m) => m.key).join('、')}`,
            `The device's metrics: ${device.metrics.map((m) => m.key).join(', ')}`,
          ),
        },
      ],
    });
}

/** The columns of a rule from its input: the fields its kind does not use are stored empty. */
function columnsOf(input: RuleInput) {
  const uses = (kinds: rules.RuleKind[]) => kinds.includes(input.kind);
  return {
    name: input.name,
    kind: input.kind,
    metric: input.metric,
    deviceId: input.deviceId ?? null,
    deviceType: input.deviceId ? null : (input.deviceType ?? null),
    op: uses(['threshold', 'count', 'rate']) ? (input.op ?? null) : null,
    threshold: uses(['threshold', 'count']) ? (input.threshold ?? null) : null,
    forSeconds: uses(['threshold', 'rate']) ? input.forSeconds : 0,
    hysteresis: input.kind === 'offline' ? null : (input.hysteresis ?? null),
    windowSeconds: uses(['count']) ? (input.windowSeconds ?? null) : null,
    count: uses(['count']) ? (input.count ?? null) : null,
    ratePerMinute: uses(['rate']) ? (input.ratePerMinute ?? null) : null,
    offlineIntervals: uses(['offline']) ? (input.offlineIntervals ?? rules.DEFAULT_OFFLINE_INTERVALS) : null,
    level: input.level,
    enabled: input.enabled,
  };
}

/** Adds a rule (audited); the evaluation reads it from the next readings on. */
export async function createRule(platform: Platform, actor: Actor, input: RuleInput) {
  const view = await platform.db.transaction(async (tx) => {
    await targetOf(tx, actor, input);
    const at = now(tx);
    const [row] = await tx
      .insert(r)
      .values({ ...columnsOf(input), createdBy: actor.userId, createdAt: at, updatedAt: at })
      .returning({ id: r.id });
    await audit(tx, actor, { action: 'alarmRule.create', entityType: 'alarmRule', entityId: row!.id, after: input });
    const s = await load(tx, actor, row!.id);
    return present(actor, loaded(s), unitOf(s));
  });
  ruleEvaluatorOf(platform).rulesChanged();
  return view;
}

/** Changes, disables or enables a rule (audited). An alarm it raised stays open; its state goes on under the new condition. */
export async function updateRule(platform: Platform, actor: Actor, id: string, input: RuleInput) {
  const view = await platform.db.transaction(async (tx) => {
    const before = await load(tx, actor, id, true);
    rulePolicy.authorize(actor, loaded(before), 'update');
    await targetOf(tx, actor, input);
    await tx
      .update(r)
      .set({ ...columnsOf(input), updatedAt: now(tx) })
      .where(eq(r.id, id));
    await audit(tx, actor, { action: 'alarmRule.update', entityType: 'alarmRule', entityId: id, before: before.rule, after: input });
    const s = await load(tx, actor, id);
    return present(actor, loaded(s), unitOf(s));
  });
  ruleEvaluatorOf(platform).rulesChanged();
  return view;
}

/** Deletes a rule and its states (audited); the alarms it raised stay with their history. */
export async function deleteRule(platform: Platform, actor: Actor, id: string) {
  await platform.db.transaction(async (tx) => {
    const before = await load(tx, actor, id, true);
    rulePolicy.authorize(actor, loaded(before), 'delete');
    await tx.delete(r).where(eq(r.id, id));
    await audit(tx, actor, { action: 'alarmRule.delete', entityType: 'alarmRule', entityId: id, before: before.rule });
  });
  ruleEvaluatorOf(platform).rulesChanged();
  return { ok: true as const };
}
