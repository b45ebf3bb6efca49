import { grid } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import {
  boolean,
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
import { pointColumn, statusCheck, statusColumn } from '../../platform/columns.js';
import { orgs, users } from '../identity/identity.tables.js';

/** One checklist line as the member answered it. */
export interface VisitChecklistLine {
  key: string;
  text: string;
  result: 'ok' | 'problem' | 'na';
  note: string | null;
}

/** What one finding of a visit became (kept on the visit so that a repeated post answers the same refs). */
export interface VisitFindingRef {
  clientId: string;
  kind: 'hazard' | 'case' | 'lead';
  ref: { type: 'hazard' | 'gridCase'; id: string; code: string };
}

/**
 * 巡查记录: one visit of a place by a grid member, recorded on the phone (often offline) and posted with the phone's
 * `client_id`, unique: a second post of the same visit finds this row instead of adding one.
 */
export const gridVisits = pgTable(
  'grid_visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id').notNull(),
    placeType: text('place_type').$type<'enterprise' | 'risk_source'>().notNull(),
    placeId: uuid('place_id').notNull(),
    /** The place's name at the visit (an enterprise renamed later keeps its visits readable). */
    placeName: text('place_name').notNull(),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => orgs.id),
    memberId: uuid('member_id')
      .notNull()
      .references(() => users.id),
    memberName: text('member_name').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    location: pointColumn('location'),
    accuracyM: doublePrecision('accuracy_m'),
    distanceM: doublePrecision('distance_m'),
    farCheckIn: boolean('far_check_in').notNull().default(false),
    checklist: jsonb('checklist').$type<VisitChecklistLine[]>().notNull().default([]),
    note: text('note'),
    photoFileIds: uuid('photo_file_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    findings: jsonb('findings').$type<VisitFindingRef[]>().notNull().default([]),
  },
  (t) => [
    uniqueIndex('grid_visits_client_uq').on(t.clientId),
    index('grid_visits_grid_idx').on(t.gridId, t.checkedInAt),
    index('grid_visits_member_idx').on(t.memberId, t.checkedInAt),
    index('grid_visits_place_idx').on(t.placeType, t.placeId, t.checkedInAt),
  ],
);

/**
 * 网格事件: a problem found on patrol in the 数字城管 cycle (立案 → 派遣 → 处置 → 核查 → 结案), or a lead (移交线索)
 * passed to the department responsible for an enterprise. `finding_client_id` is the phone's id of the finding
 * that registered it: unique, so a visit posted twice never registers its findings twice.
 */
export const gridCases = pgTable(
  'grid_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** WG-<year>-<seq>, claimed in `grid_case_numbers`. */
    code: text('code').notNull(),
    kind: text('kind').$type<grid.GridCaseKind>().notNull(),
    title: text('title').notNull(),
    description: text('description'),
    category: text('category').notNull(),
    status: statusColumn(grid.gridCaseWorkflow),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => orgs.id),
    enterpriseId: uuid('enterprise_id').references(() => orgs.id),
    assignedOrgId: uuid('assigned_org_id').references(() => orgs.id),
    /** The hours of the category when registered: a later change of the settings does not move this case's deadline. */
    deadlineHours: integer('deadline_hours').notNull(),
    deadline: timestamp('deadline', { withTimezone: true }),
    location: pointColumn('location'),
    photoFileIds: uuid('photo_file_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    visitId: uuid('visit_id').references(() => gridVisits.id),
    findingClientId: uuid('finding_client_id'),
    createdBy: uuid('created_by').references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('grid_cases_code_uq').on(t.code),
    uniqueIndex('grid_cases_finding_uq').on(t.findingClientId),
    index('grid_cases_grid_idx').on(t.gridId, t.createdAt),
    index('grid_cases_assigned_idx').on(t.assignedOrgId, t.status),
    index('grid_cases_status_idx').on(t.status, t.deadline),
    statusCheck('grid_cases', t.status, grid.gridCaseWorkflow),
    statusCheck('grid_cases', t.kind, grid.gridCaseKinds),
  ],
);

/**
 * Each deadline of a grid case that passed and was told to the unit and the grid's office: claimed once per case and
 * deadline, so the hourly check tells each lateness once (a return restarts the deadline: a new lateness).
 */
export const gridCaseEscalations = pgTable(
  'grid_case_escalations',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => gridCases.id, { onDelete: 'cascade' }),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.deadline] })],
);

/** The last case number given per year, claimed by an atomic upsert. */
export const gridCaseNumbers = pgTable('grid_case_numbers', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/** The district's grid patrol settings: one row (id 1); absent until an administrator saves them (defaults apply). */
export const gridSettingsRows = pgTable('grid_settings', {
  id: integer('id').primaryKey(),
  settings: jsonb('settings').$type<grid.GridSettings>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: text('updated_by').notNull(),
});
