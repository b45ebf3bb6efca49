import type { emergency } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgs, users } from '../identity/identity.tables.js';

/**
 * 应急预案: a plan owned by an org (the district's 总体 and 专项 plans by 安委办, a department's, an enterprise's own,
 * a 现场处置方案), with its roles × response levels × actions as validated jsonb (`emergency.planContent`): a plan is
 * read and revised whole, and every revision keeps the whole content beside it in `emergency_plan_revisions`.
 */
export const emergencyPlans = pgTable(
  'emergency_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The owner: the scope column (an enterprise sees and edits its own plans). */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    title: text('title').notNull(),
    kind: text('kind').$type<emergency.PlanKind>().notNull(),
    /** Codes of `emergency.incidentCategories` the plan covers. */
    categories: text('categories')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** 1 at issue, +1 at each revision. */
    version: integer('version').notNull().default(1),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    /** Issue (or the last revision) + settings.planReviewYears. */
    reviewDueOn: date('review_due_on', { mode: 'string' }).notNull(),
    status: text('status').$type<emergency.PlanStatus>().notNull().default('active'),
    content: jsonb('content').$type<emergency.PlanContent>().notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('emergency_plans_kind_check', sql`${t.kind} in ('overall', 'special', 'department', 'enterprise', 'onsite')`),
    check('emergency_plans_status_check', sql`${t.status} in ('active', 'retired')`),
    index('emergency_plans_org_idx').on(t.orgId),
    index('emergency_plans_review_idx').on(t.status, t.reviewDueOn),
  ],
);

/** 修订记录: each version of a plan as it was issued, with why it changed (a review, a drill's findings). */
export const emergencyPlanRevisions = pgTable(
  'emergency_plan_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => emergencyPlans.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    content: jsonb('content').$type<emergency.PlanContent>().notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    note: text('note'),
    /** The drill whose findings this revision answers, when one did. */
    drillId: uuid('drill_id'),
    revisedBy: uuid('revised_by').references(() => users.id),
    revisedByName: text('revised_by_name').notNull(),
    revisedAt: timestamp('revised_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('emergency_plan_revisions_version_uq').on(t.planId, t.version)],
);
