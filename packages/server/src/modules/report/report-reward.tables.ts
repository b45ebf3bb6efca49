import { report } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { check, index, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../identity/identity.tables.js';
import { reports } from './report.tables.js';

/**
 * 举报奖励 (举报奖励办法, regulations.md §10): proposed by the handling office with its basis (the fine, or the
 * accident's grade and the concealed deaths), the amount computed by the domain's arithmetic, approved or rejected by
 * report.reward, then paid with its payment record. One live reward per report (only the first valid reporter).
 */
export const reportRewards = pgTable(
  'report_rewards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    status: text('status').$type<report.RewardStatus>().notNull(),
    basis: jsonb('basis').$type<report.RewardBasis>().notNull(),
    /** 元 with fen. */
    amount: numeric('amount', { precision: 12, scale: 2, mode: 'number' }).notNull(),
    note: text('note'),
    proposedBy: uuid('proposed_by').references(() => users.id),
    proposedByName: text('proposed_by_name').notNull(),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull(),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    paymentRef: text('payment_ref'),
  },
  (t) => [
    check('report_rewards_status_check', sql`${t.status} in ('proposed', 'approved', 'paid', 'rejected')`),
    check('report_rewards_amount_check', sql`${t.amount} between 0 and 300000`),
    // Only the first valid reporter is rewarded: one reward per report that is not rejected.
    uniqueIndex('report_rewards_live_idx')
      .on(t.reportId)
      .where(sql`${t.status} <> 'rejected'`),
    index('report_rewards_status_idx').on(t.status, t.paidAt),
  ],
);
