import { hazard } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { pointColumn, statusCheck, statusColumn } from '../../platform/columns.js';
import { files } from '../../platform/platform.tables.js';
import { orgs, users } from '../identity/identity.tables.js';
import { riskControlMeasures, riskSources } from '../risk/risk.tables.js';

/** 治理方案 of a 重大 hazard: the six parts 16号令 Art. 15 requires. */
export interface HazardPlan {
  goals: string;
  methods: string;
  funding: string;
  organization: string;
  timeline: string;
  safetyMeasures: string;
}

/**
 * 隐患: one hazard found by an enterprise's self-check, an inspection, a grid patrol, a public report, a
 * monitoring alarm, a campaign or a department's check, followed through the hazard workflow until it is
 * closed (一般) or 销号 (重大).
 */
export const hazards = pgTable(
  'hazards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** YH-<year>-<seq>, claimed in `hazard_numbers`. */
    code: text('code').notNull().unique(),
    title: text('title').notNull(),
    description: text('description'),
    /** The contract's values, stored as they are: '一般' | '重大'. */
    level: text('level').$type<hazard.HazardLevel>().notNull(),
    status: statusColumn(hazard.hazardWorkflow),
    /** A code of `hazard.hazardOrigins`; `origin_ref` the origin's own id (inspection, report code, alarm). */
    origin: text('origin').$type<hazard.HazardOrigin>().notNull(),
    originRef: text('origin_ref'),
    /** The enterprise system's own id, unique per pushing org: pushing it again finds the same hazard. */
    externalId: text('external_id'),
    sourceOrgId: uuid('source_org_id').references(() => orgs.id),
    /** A code of `hazard.hazardCategories`. */
    category: text('category'),
    placeName: text('place_name'),
    geom: pointColumn('geom'),
    /** Computed by the map module's `locateAreas` from the point (or the responsible org's location); never typed. */
    streetId: uuid('street_id').references(() => orgs.id),
    communityId: uuid('community_id').references(() => orgs.id),
    gridId: uuid('grid_id').references(() => orgs.id),
    riskSourceId: uuid('risk_source_id').references(() => riskSources.id),
    controlMeasureId: uuid('control_measure_id').references(() => riskControlMeasures.id),
    /** A clause of the 判定标准 library (RULES' `hazard_standard_clauses`), checked by the service, no FK. */
    standardClauseId: uuid('standard_clause_id'),
    /** 判定依据 in words, when no clause of the library fits. */
    majorBasis: text('major_basis'),
    /** 责任单位: the org scope column. */
    responsibleOrgId: uuid('responsible_org_id')
      .notNull()
      .references(() => orgs.id),
    responsiblePerson: text('responsible_person'),
    responsiblePhone: text('responsible_phone'),
    /** 行业监管部门 supervising the sector. */
    departmentId: uuid('department_id').references(() => orgs.id),
    reportedBy: uuid('reported_by').references(() => users.id),
    reportedOrgId: uuid('reported_org_id')
      .notNull()
      .references(() => orgs.id),
    foundAt: timestamp('found_at', { withTimezone: true }).notNull(),
    /** 整改期限. */
    deadline: date('deadline', { mode: 'string' }),
    /** An earlier hazard of the same place and category within the configured window (RULES' `findRepeatOf`). */
    repeatOf: uuid('repeat_of'),
    plan: jsonb('plan').$type<HazardPlan>(),
    planUpdatedAt: timestamp('plan_updated_at', { withTimezone: true }),
    /** 挂牌督办. */
    supervisingOrgId: uuid('supervising_org_id').references(() => orgs.id),
    supervisingBody: text('supervising_body'),
    responsibleLeader: text('responsible_leader'),
    supervisionDeadline: date('supervision_deadline', { mode: 'string' }),
    publicNotice: boolean('public_notice').notNull().default(false),
    listedAt: timestamp('listed_at', { withTimezone: true }),
    stopWork: text('stop_work').$type<'none' | 'partial' | 'full'>(),
    rectifiedBy: uuid('rectified_by').references(() => users.id),
    rectifiedAt: timestamp('rectified_at', { withTimezone: true }),
    verifiedBy: uuid('verified_by').references(() => users.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** The on-site review due after `applyClose` (reviewDays of the settings). */
    reviewDueOn: date('review_due_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    statusCheck('hazards', t.status, hazard.hazardWorkflow),
    check('hazards_level_check', sql`${t.level} in ('一般', '重大')`),
    check('hazards_stop_work_check', sql`${t.stopWork} is null or ${t.stopWork} in ('none', 'partial', 'full')`),
    uniqueIndex('hazards_external_uq')
      .on(t.sourceOrgId, t.externalId)
      .where(sql`external_id is not null`),
    index('hazards_status_deadline_idx').on(t.status, t.deadline),
    index('hazards_street_status_deadline_idx').on(t.streetId, t.status, t.deadline),
    index('hazards_responsible_org_idx').on(t.responsibleOrgId),
    index('hazards_found_at_idx').on(t.foundAt),
    index('hazards_geom_idx').using('gist', t.geom),
    index('hazards_risk_source_idx').on(t.riskSourceId),
  ],
);

/** The last number given per year, claimed by an atomic upsert so that two hazards never share a code. */
export const hazardNumbers = pgTable('hazard_numbers', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/** A photo of a hazard: as found, after rectification, of the assessment or the on-site review. */
export const hazardPhotos = pgTable(
  'hazard_photos',
  {
    hazardId: uuid('hazard_id')
      .notNull()
      .references(() => hazards.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id),
    stage: text('stage').$type<hazard.HazardPhotoStage>().notNull(),
    addedBy: uuid('added_by').references(() => users.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.hazardId, t.fileId] }),
    check('hazard_photos_stage_check', sql`${t.stage} in ('found', 'rectified', 'assessment', 'review')`),
  ],
);
