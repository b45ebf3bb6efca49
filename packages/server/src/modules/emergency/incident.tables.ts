import { emergency } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { pointColumn, statusCheck, statusColumn } from '../../platform/columns.js';
import { orgs, users } from '../identity/identity.tables.js';

/**
 * 事故/突发事件: one incident received from any origin (a phone transfer, a grid member, an alarm, an enterprise,
 * the duty desk), graded by 493号令 Art. 3 from its figures and followed through the incident workflow.
 * REPORTS (statutory reports), PLANS (responses), RESOURCES (dispatches) and DUTY (duty log) reference it.
 */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** SG-<year>-<seq>, claimed in `incident_numbers`. */
    code: text('code').notNull().unique(),
    title: text('title').notNull(),
    /** 简要经过 (Art. 12 (3)). */
    summary: text('summary'),
    /** 已经采取的措施 (Art. 12 (5)). */
    measuresTaken: text('measures_taken'),
    /** A code of `emergency.incidentCategories`. */
    category: text('category').$type<emergency.IncidentCategory>().notNull(),
    /** A GB 6441 accident type code (the edition in force on the day, risk's `accidentTypeEditionOn`). */
    accidentType: text('accident_type'),
    /** A code of `emergency.incidentOrigins`; `origin_ref` the origin's own id (an alarm, a duty-log entry). */
    origin: text('origin').$type<emergency.IncidentOrigin>().notNull(),
    originRef: text('origin_ref'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    /** 单位负责人接到报告的时间: the Art. 9 one-hour clock starts here. */
    learnedAt: timestamp('learned_at', { withTimezone: true }).notNull(),
    placeName: text('place_name'),
    geom: pointColumn('geom'),
    /** Computed by the map module's `locateAreas` from the point; never typed, recomputed on boundary changes. */
    streetId: uuid('street_id').references(() => orgs.id),
    communityId: uuid('community_id').references(() => orgs.id),
    gridId: uuid('grid_id').references(() => orgs.id),
    /** 事故发生单位, when registered (an enterprise sees its own); `unit_name` when it is not. */
    unitOrgId: uuid('unit_org_id').references(() => orgs.id),
    unitName: text('unit_name'),
    deaths: integer('deaths').notNull().default(0),
    missing: integer('missing').notNull().default(0),
    /** 重伤, including 急性工业中毒. */
    seriousInjuries: integer('serious_injuries').notNull().default(0),
    minorInjuries: integer('minor_injuries').notNull().default(0),
    /** 直接经济损失 (estimated), in 万元; read as a number. */
    directLossWan: numeric('direct_loss_wan', { precision: 14, scale: 2, mode: 'number' }).notNull().default(0),
    grade: text('grade').$type<emergency.AccidentGrade>().notNull(),
    gradeDecidedBy: jsonb('grade_decided_by').$type<emergency.GradingCriterion[]>(),
    status: statusColumn(emergency.incidentWorkflow),
    reportedBy: uuid('reported_by').references(() => users.id),
    reportedOrgId: uuid('reported_org_id')
      .notNull()
      .references(() => orgs.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    statusCheck('incidents', t.status, emergency.incidentWorkflow),
    check('incidents_grade_check', sql`${t.grade} in ('特别重大', '重大', '较大', '一般')`),
    check(
      'incidents_figures_check',
      sql`${t.deaths} >= 0 and ${t.missing} >= 0 and ${t.seriousInjuries} >= 0 and ${t.minorInjuries} >= 0 and ${t.directLossWan} >= 0`,
    ),
    index('incidents_status_occurred_idx').on(t.status, t.occurredAt),
    index('incidents_street_occurred_idx').on(t.streetId, t.occurredAt),
    index('incidents_unit_org_idx').on(t.unitOrgId),
    index('incidents_geom_idx').using('gist', t.geom),
  ],
);

/** The last number given per year, claimed by an atomic upsert so that two incidents never share a code. */
export const incidentNumbers = pgTable('incident_numbers', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/** Each grading of an incident: the first at its record, then one per change of its figures (the issue: history kept). */
export const incidentGradeHistory = pgTable(
  'incident_grade_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
    deaths: integer('deaths').notNull(),
    missing: integer('missing').notNull(),
    seriousInjuries: integer('serious_injuries').notNull(),
    minorInjuries: integer('minor_injuries').notNull(),
    directLossWan: numeric('direct_loss_wan', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    grade: text('grade').$type<emergency.AccidentGrade>().notNull(),
    decidedBy: jsonb('decided_by').$type<emergency.GradingCriterion[]>().notNull(),
    /** Why the figures changed (a missing person found, a death in hospital). */
    note: text('note'),
    changedBy: uuid('changed_by').references(() => users.id),
  },
  (t) => [index('incident_grade_history_incident_idx').on(t.incidentId, t.changedAt)],
);

/** The module's settings an administrator with emergency.manage changes (one row per key, like hazard_settings). */
export const emergencySettingsTable = pgTable(
  'emergency_settings',
  {
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.key] })],
);
