import { primaryKey, text, timestamp, uuid, pgTable } from 'drizzle-orm/pg-core';
import { reports } from './report.tables.js';

/**
 * The escalation notices of a late step (accept, handle, verify, close), one per report, step and limit: the row is
 * the claim, inserted with the notifications in one transaction, so that a second run or a second node sends nothing
 * and an extension (a new limit) starts a fresh one.
 */
export const reportEscalations = pgTable(
  'report_escalations',
  {
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    step: text('step').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.step, t.dueAt] })],
);
