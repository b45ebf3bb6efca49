import { monitoring } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { statusCheck, statusColumn } from '../../platform/columns.js';
import { hazards } from '../hazard/hazard.tables.js';
import { orgs, users } from '../identity/identity.tables.js';
import { riskSources } from '../risk/risk.tables.js';
import { monitoringAlarmRules } from './alarm-rules.tables.js';
import { monitoringDevices } from './device.tables.js';

const levelCheck = (table: string, column: string) =>
  check(`${table}_${column}_check`, sql`${sql.identifier(column)} in ('red', 'orange', 'yellow', 'blue')`);

/**
 * 报警: raised by a rule on a device's readings and followed through the alarm workflow until a person closes it.
 * Duplicates fold: while an alarm of a rule and device is open (not closed), a new crossing adds to its `count`
 * instead of raising another (the partial unique index holds this against concurrent raises).
 */
export const monitoringAlarms = pgTable(
  'monitoring_alarms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** BJ-<year>-<seq>, claimed in `monitoring_alarm_numbers`. */
    code: text('code').notNull().unique(),
    /** The rule that raised it; a deleted rule leaves its alarms without one (they keep metric, level and threshold). */
    ruleId: uuid('rule_id').references(() => monitoringAlarmRules.id, { onDelete: 'set null' }),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => monitoringDevices.id),
    metric: text('metric').notNull(),
    level: text('level').$type<monitoring.AlarmLevel>().notNull(),
    status: statusColumn(monitoring.alarmWorkflow),
    firstValue: doublePrecision('first_value').notNull(),
    lastValue: doublePrecision('last_value').notNull(),
    threshold: doublePrecision('threshold'),
    /** How many crossings folded into this alarm, itself included. */
    count: integer('count').notNull().default(1),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
    lastRaisedAt: timestamp('last_raised_at', { withTimezone: true }).notNull(),
    /** The values returned to normal (the rule's clear condition); closing stays a person's decision. */
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    /** 0: only the first circle was told; each step of the escalation job adds one. */
    escalationLevel: integer('escalation_level').notNull().default(0),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    /** When the next reminder is due while unacknowledged; null once acknowledged. */
    nextReminderAt: timestamp('next_reminder_at', { withTimezone: true }),
    dispatchOrgId: uuid('dispatch_org_id').references(() => orgs.id),
    dispatchDeadline: timestamp('dispatch_deadline', { withTimezone: true }),
    hazardId: uuid('hazard_id').references(() => hazards.id),
    /** Copied from the device when raised: the source whose displayed level the alarm raises until closed. */
    riskSourceId: uuid('risk_source_id').references(() => riskSources.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    statusCheck('monitoring_alarms', t.status, monitoring.alarmWorkflow),
    levelCheck('monitoring_alarms', 'level'),
    check('monitoring_alarms_count_check', sql`${t.count} >= 1`),
    uniqueIndex('monitoring_alarms_open_uq')
      .on(t.ruleId, t.deviceId)
      .where(sql`status <> 'closed' and rule_id is not null`),
    index('monitoring_alarms_status_level_idx').on(t.status, t.level),
    index('monitoring_alarms_device_status_idx').on(t.deviceId, t.status),
    index('monitoring_alarms_raised_at_idx').on(t.raisedAt),
    index('monitoring_alarms_dispatch_org_idx').on(t.dispatchOrgId),
    index('monitoring_alarms_reminder_idx')
      .on(t.nextReminderAt)
      .where(sql`next_reminder_at is not null`),
  ],
);

/** The last alarm number given per year, claimed by an atomic upsert so that two alarms never share a code. */
export const monitoringAlarmNumbers = pgTable('monitoring_alarm_numbers', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/** Each person's channels per level (站内, robot, SMS); a red alarm adds the administrator's required ones. */
export const monitoringAlarmChannelPrefs = pgTable(
  'monitoring_alarm_channel_prefs',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    level: text('level').$type<monitoring.AlarmLevel>().notNull(),
    channels: text('channels').array().$type<monitoring.AlarmChannel[]>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.level] }), levelCheck('monitoring_alarm_channel_prefs', 'level')],
);

/** The alarm settings (escalation minutes, reminders, red's required channels), one row per key. */
export const monitoringAlarmSettings = pgTable('monitoring_alarm_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
