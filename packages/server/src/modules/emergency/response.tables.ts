import type { emergency } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { geometryColumn } from '../../platform/columns.js';
import { users } from '../identity/identity.tables.js';
import { incidents } from './incident.tables.js';
import { emergencyPlans } from './plan.tables.js';

/** 应急响应: a plan activated for an incident at a level; at most one response of an incident is open at a time. */
export const emergencyResponses = pgTable(
  'emergency_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    planId: uuid('plan_id')
      .notNull()
      .references(() => emergencyPlans.id),
    /** The plan's version activated (its content may be revised later). */
    planVersion: integer('plan_version').notNull(),
    level: text('level').$type<emergency.ResponseLevel>().notNull(),
    activatedAt: timestamp('activated_at', { withTimezone: true }).notNull(),
    activatedBy: uuid('activated_by').references(() => users.id),
    activatedByName: text('activated_by_name').notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    check('emergency_responses_level_check', sql`${t.level} in ('Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ')`),
    uniqueIndex('emergency_responses_open_uq')
      .on(t.incidentId)
      .where(sql`${t.endedAt} is null`),
    index('emergency_responses_incident_idx').on(t.incidentId, t.activatedAt),
  ],
);

/** A role of the activated plan and the person who holds it. */
export const emergencyResponseRoles = pgTable(
  'emergency_response_roles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    responseId: uuid('response_id')
      .notNull()
      .references(() => emergencyResponses.id, { onDelete: 'cascade' }),
    roleKey: text('role_key').notNull(),
    roleName: text('role_name').notNull(),
    holderId: uuid('holder_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    uniqueIndex('emergency_response_roles_key_uq').on(t.responseId, t.roleKey),
    index('emergency_response_roles_holder_idx').on(t.holderId),
  ],
);

/** A role's action at the activated level, as a task due some minutes after activation, done by the role's holder. */
export const emergencyResponseTasks = pgTable(
  'emergency_response_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    responseId: uuid('response_id')
      .notNull()
      .references(() => emergencyResponses.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => emergencyResponseRoles.id, { onDelete: 'cascade' }),
    actionKey: text('action_key').notNull(),
    text: text('text').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: uuid('done_by').references(() => users.id),
    note: text('note'),
  },
  (t) => [index('emergency_response_tasks_response_idx').on(t.responseId, t.dueAt)],
);

/** 指挥日志: decisions, orders and reports of an incident's command, in the order they were written. */
export const emergencyCommandLog = pgTable(
  'emergency_command_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    authorId: uuid('author_id').references(() => users.id),
    authorName: text('author_name').notNull(),
    kind: text('kind').$type<emergency.CommandLogKind>().notNull(),
    text: text('text').notNull(),
  },
  (t) => [
    check('emergency_command_log_kind_check', sql`${t.kind} in ('decision', 'order', 'report', 'note')`),
    index('emergency_command_log_incident_idx').on(t.incidentId, t.at),
  ],
);

/** 态势标绘: a point, line or area drawn on an incident's map with its kind and note. */
export const emergencyMarks = pgTable(
  'emergency_marks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    geom: geometryColumn('Geometry', 'geom').notNull(),
    kind: text('kind').$type<emergency.MarkKind>().notNull(),
    note: text('note'),
    authorId: uuid('author_id').references(() => users.id),
    authorName: text('author_name').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('emergency_marks_geom_check', sql`GeometryType(${t.geom}) in ('POINT', 'LINESTRING', 'POLYGON')`),
    index('emergency_marks_incident_idx').on(t.incidentId, t.at),
  ],
);
