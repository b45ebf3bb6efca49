import { emergency } from '@citysafe/domain';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { statusCheck, statusColumn } from '../../platform/columns.js';
import { orgs, users } from '../identity/identity.tables.js';
import { emergencyPlanRevisions, emergencyPlans } from './plan.tables.js';

/** 演练: a drill of a plan by a unit, planned, held (tabletop or live) and evaluated against the plan's actions. */
export const emergencyDrills = pgTable(
  'emergency_drills',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => emergencyPlans.id),
    /** The unit holding the drill: the scope column and the unit counted against settings.drillsPerYear. */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    title: text('title').notNull(),
    kind: text('kind').$type<emergency.DrillKind>().notNull(),
    plannedOn: date('planned_on', { mode: 'string' }).notNull(),
    heldOn: date('held_on', { mode: 'string' }),
    summary: text('summary'),
    participants: integer('participants'),
    status: statusColumn(emergency.drillWorkflow),
    /** Per action of the plan (by key): how it went. */
    evaluations: jsonb('evaluations').$type<emergency.DrillEvaluation[]>(),
    findings: text('findings'),
    /** The plan revision that answered the findings. */
    revisionId: uuid('revision_id').references(() => emergencyPlanRevisions.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    statusCheck('emergency_drills', t.status, emergency.drillWorkflow),
    check('emergency_drills_kind_check', sql`${t.kind} in ('tabletop', 'live')`),
    index('emergency_drills_org_idx').on(t.orgId, t.plannedOn),
    index('emergency_drills_plan_idx').on(t.planId),
  ],
);
