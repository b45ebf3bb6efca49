import { hazard } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { statusCheck, statusColumn } from '../../platform/columns.js';
import { users } from '../identity/identity.tables.js';
import { hazards } from './hazard.tables.js';

/**
 * 延期申请: the responsible unit asks to move a hazard's deadline; the verifying (一般) or supervising (重大)
 * side approves (the deadline moves in the same transaction) or rejects it. At most one request per hazard
 * awaits a decision (the partial unique index: two requests at once cannot both get in).
 */
export const hazardExtensions = pgTable(
  'hazard_extensions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hazardId: uuid('hazard_id')
      .notNull()
      .references(() => hazards.id, { onDelete: 'cascade' }),
    /** Which deadline it moves: the 整改期限, or the 挂牌督办 deadline of a listed 重大 hazard. */
    field: text('field').$type<'deadline' | 'supervisionDeadline'>().notNull(),
    previousDeadline: date('previous_deadline', { mode: 'string' }),
    requestedDeadline: date('requested_deadline', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    status: statusColumn(hazard.hazardExtensionWorkflow),
    requestedBy: uuid('requested_by').references(() => users.id),
    requestedByName: text('requested_by_name').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    statusCheck('hazard_extensions', t.status, hazard.hazardExtensionWorkflow),
    check('hazard_extensions_field_check', sql`${t.field} in ('deadline', 'supervisionDeadline')`),
    uniqueIndex('hazard_extensions_one_open_uq')
      .on(t.hazardId)
      .where(sql`status = 'requested'`),
    index('hazard_extensions_hazard_idx').on(t.hazardId, t.requestedAt),
  ],
);

/**
 * The daily check's notices, one row per hazard, deadline and step (`dueSoon`, `overdue:<audience>`,
 * `reviewOverdue`): inserting the row claims the notice, so a second run or a second node sends nothing.
 * The deadline is part of the key: an extension starts a fresh series for the new deadline.
 */
export const hazardDeadlineNotices = pgTable(
  'hazard_deadline_notices',
  {
    hazardId: uuid('hazard_id')
      .notNull()
      .references(() => hazards.id, { onDelete: 'cascade' }),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    step: text('step').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.hazardId, t.dueOn, t.step] })],
);

/** Reminders of the 16号令 Art. 14 statistics tables, one per table (`2026-Q3`, `2026`), claimed the same way. */
export const hazardStatisticsReminders = pgTable('hazard_statistics_reminders', {
  period: text('period').primaryKey(),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
});
