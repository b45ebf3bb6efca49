import type { monitoring } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../identity/identity.tables.js';
import { monitoringDevices } from './device.tables.js';

/**
 * 报警规则 as data: per metric on one device (`device_id`) or on every device of a type (`device_type`), exactly one
 * of the two. The kind says which of the fields apply (domain `monitoring/rules.ts`).
 */
export const monitoringAlarmRules = pgTable(
  'monitoring_alarm_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind').$type<monitoring.RuleKind>().notNull().default('threshold'),
    metric: text('metric').notNull(),
    deviceId: uuid('device_id').references(() => monitoringDevices.id, { onDelete: 'cascade' }),
    /** A code of `monitoring.deviceTypes`. */
    deviceType: text('device_type').$type<monitoring.DeviceType>(),
    /** The comparison (threshold, count) or the direction of change (rate); none for offline. */
    op: text('op').$type<monitoring.ComparisonOp>(),
    threshold: doublePrecision('threshold'),
    forSeconds: integer('for_seconds').notNull().default(0),
    /** The clearing band; null takes the domain's default share of the line. */
    hysteresis: doublePrecision('hysteresis'),
    windowSeconds: integer('window_seconds'),
    count: integer('count'),
    ratePerMinute: doublePrecision('rate_per_minute'),
    offlineIntervals: integer('offline_intervals'),
    level: text('level').$type<monitoring.AlarmLevel>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('monitoring_alarm_rules_target_check', sql`(${t.deviceId} is null) <> (${t.deviceType} is null)`),
    check('monitoring_alarm_rules_kind_check', sql`${t.kind} in ('threshold', 'rate', 'count', 'offline')`),
    check('monitoring_alarm_rules_op_check', sql`${t.op} in ('>', '>=', '<', '<=')`),
    check(
      'monitoring_alarm_rules_fields_check',
      sql`case ${t.kind}
        when 'threshold' then ${t.op} is not null and ${t.threshold} is not null
        when 'count' then ${t.op} is not null and ${t.threshold} is not null and ${t.count} >= 1 and ${t.windowSeconds} >= 1
        when 'rate' then ${t.op} is not null and ${t.ratePerMinute} > 0
        else ${t.offlineIntervals} >= 1 end`,
    ),
    check('monitoring_alarm_rules_level_check', sql`${t.level} in ('red', 'orange', 'yellow', 'blue')`),
    index('monitoring_alarm_rules_device_idx').on(t.deviceId),
    index('monitoring_alarm_rules_type_idx').on(t.deviceType, t.metric),
  ],
);

/**
 * The evaluation state of a rule on one device's metric, written when it raises or clears (and by the offline job),
 * so that a restart neither raises an alarm again nor forgets one. Between transitions it lives in memory.
 */
export const monitoringRuleStates = pgTable(
  'monitoring_rule_states',
  {
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => monitoringAlarmRules.id, { onDelete: 'cascade' }),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => monitoringDevices.id, { onDelete: 'cascade' }),
    metric: text('metric').notNull(),
    active: boolean('active').notNull(),
    state: jsonb('state').$type<monitoring.RuleState>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.deviceId, t.metric] })],
);
