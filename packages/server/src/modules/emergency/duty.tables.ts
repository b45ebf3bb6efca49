import { emergency as em } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { check, date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgs, users } from '../identity/identity.tables.js';
import { incidents } from './incident.tables.js';

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/**
 * 值班表: one org's duty on one day (Asia/Shanghai): the 带班领导 and the 值班人员. One row per org and day, so an
 * org has one leader a day; names and phones are kept as entered (a person on the roster need not have an account).
 */
export const dutyRosters = pgTable(
  'duty_rosters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    dutyDate: date('duty_date', { mode: 'string' }).notNull(),
    leaderUserId: uuid('leader_user_id').references(() => users.id),
    leaderName: text('leader_name').notNull(),
    leaderPhone: text('leader_phone').notNull(),
    staff: jsonb('staff').$type<em.DutyPerson[]>().notNull().default([]),
    note: text('note'),
    updatedBy: uuid('updated_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('duty_rosters_org_date_uq').on(t.orgId, t.dutyDate), index('duty_rosters_date_idx').on(t.dutyDate)],
);

/** 交接班: who handed the duty to whom, with the open items as they stood (a snapshot, kept as recorded). */
export const dutyHandovers = pgTable(
  'duty_handovers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    dutyDate: date('duty_date', { mode: 'string' }).notNull(),
    fromUserId: uuid('from_user_id').references(() => users.id),
    fromName: text('from_name').notNull(),
    toUserId: uuid('to_user_id').references(() => users.id),
    toName: text('to_name').notNull(),
    items: jsonb('items').$type<em.HandoverItems>().notNull(),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('duty_handovers_org_at_idx').on(t.orgId, t.at)],
);

/** 值班记录: a call, an event or a notice the duty received, open until closed or recorded as an incident. */
export const dutyLog = pgTable(
  'duty_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind').$type<em.DutyLogKind>().notNull(),
    caller: text('caller'),
    phone: text('phone'),
    summary: text('summary').notNull(),
    status: text('status').$type<em.DutyLogStatus>().notNull().default('open'),
    closedNote: text('closed_note'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** The incident recorded from this entry (INCIDENT's `recordIncident`, origin `duty`). */
    incidentId: uuid('incident_id').references(() => incidents.id),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedName: text('recorded_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('duty_log_kind_check', inList('kind', em.dutyLogKinds)),
    check('duty_log_status_check', inList('status', em.dutyLogStatuses)),
    index('duty_log_org_at_idx').on(t.orgId, t.at),
    index('duty_log_open_idx')
      .on(t.orgId)
      .where(sql`status = 'open'`),
  ],
);
