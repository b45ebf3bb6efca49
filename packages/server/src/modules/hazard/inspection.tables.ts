import { hazard } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { pointColumn, statusCheck, statusColumn } from '../../platform/columns.js';
import { orgs, users } from '../identity/identity.tables.js';
import { riskControlMeasures, riskSources } from '../risk/risk.tables.js';
import { hazards } from './hazard.tables.js';

/**
 * 排查任务: an inspection of an enterprise (target org) and/or a public place (name and point), by an
 * inspecting org and person, down a checklist of items; its areas are located from the point (or the
 * target's location) so that a street and its grids see the inspections in their area.
 */
export const hazardInspections = pgTable(
  'hazard_inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** PC-<year>-<seq>, claimed in `hazard_inspection_numbers`. */
    code: text('code').notNull().unique(),
    title: text('title').notNull(),
    targetOrgId: uuid('target_org_id').references(() => orgs.id),
    placeName: text('place_name'),
    geom: pointColumn('geom'),
    streetId: uuid('street_id').references(() => orgs.id),
    communityId: uuid('community_id').references(() => orgs.id),
    gridId: uuid('grid_id').references(() => orgs.id),
    /** The inspecting org: the scope column for running the inspection. */
    inspectorOrgId: uuid('inspector_org_id')
      .notNull()
      .references(() => orgs.id),
    inspectorId: uuid('inspector_id').references(() => users.id),
    /** A code of `hazard.inspectionTemplates`, when one was used. */
    templateCode: text('template_code'),
    plannedOn: date('planned_on', { mode: 'string' }).notNull(),
    status: statusColumn(hazard.inspectionWorkflow),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    summary: text('summary'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    statusCheck('hazard_inspections', t.status, hazard.inspectionWorkflow),
    check('hazard_inspections_target_check', sql`${t.targetOrgId} is not null or ${t.placeName} is not null`),
    index('hazard_inspections_status_planned_idx').on(t.status, t.plannedOn),
    index('hazard_inspections_target_idx').on(t.targetOrgId),
    index('hazard_inspections_inspector_org_idx').on(t.inspectorOrgId),
    index('hazard_inspections_street_idx').on(t.streetId),
  ],
);

/** The last number given per year. */
export const hazardInspectionNumbers = pgTable('hazard_inspection_numbers', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/** One line of an inspection's checklist with its answer; a failed line keeps the hazard it made. */
export const hazardInspectionItems = pgTable(
  'hazard_inspection_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => hazardInspections.id, { onDelete: 'cascade' }),
    /** 1-based, as shown. */
    position: integer('position').notNull(),
    text: text('text').notNull(),
    /** The rule the line checks, with its source. */
    basis: text('basis'),
    /** A code of `hazard.hazardCategories`: the category of the hazard a failure makes. */
    category: text('category'),
    origin: text('origin').$type<hazard.InspectionItemOrigin>().notNull(),
    riskSourceId: uuid('risk_source_id').references(() => riskSources.id),
    controlMeasureId: uuid('control_measure_id').references(() => riskControlMeasures.id),
    /** A clause of the 判定标准 library (RULES' `hazard_standard_clauses`), checked when the checklist is built. */
    clauseId: uuid('clause_id'),
    result: text('result').$type<hazard.InspectionResult>().notNull().default('pending'),
    note: text('note'),
    photoIds: uuid('photo_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    hazardId: uuid('hazard_id').references(() => hazards.id),
    answeredBy: uuid('answered_by').references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('hazard_inspection_items_position_uq').on(t.inspectionId, t.position),
    index('hazard_inspection_items_hazard_idx').on(t.hazardId),
    check('hazard_inspection_items_result_check', sql`${t.result} in ('pending', 'pass', 'fail', 'na')`),
    check('hazard_inspection_items_origin_check', sql`${t.origin} in ('control_measure', 'clause', 'template', 'custom')`),
    check('hazard_inspection_items_hazard_check', sql`${t.hazardId} is null or ${t.result} = 'fail'`),
  ],
);
