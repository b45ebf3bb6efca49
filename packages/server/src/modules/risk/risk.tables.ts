import { risk } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import {
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { geometryColumn, statusCheck, statusColumn } from '../../platform/columns.js';
import { orgs, users } from '../identity/identity.tables.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** 风险源/风险点: one entry of the district's census of risk sources. */
export const riskSources = pgTable(
  'risk_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** FX-<year>-<seq>, claimed in `risk_source_numbers`. */
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    /** A code of `risk.riskCategories`. */
    category: text('category').notNull(),
    /** A point, a line or a polygon in WGS-84, read and written as GeoJSON. */
    geom: geometryColumn('Geometry', 'geom').notNull(),
    address: text('address'),
    /** The responsible unit (an enterprise or a department); the source's org scope. */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    responsiblePerson: text('responsible_person'),
    responsiblePhone: text('responsible_phone'),
    description: text('description'),
    /** GB/T 13861-2022 classes (codes of `risk.hazardFactorClasses`). */
    hazardFactors: text('hazard_factors')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** GB 6441 accident types (codes of the edition in force when registered). */
    accidentTypes: text('accident_types')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Computed from the area boundaries (map module's `locateAreas`) on every move; never typed. */
    streetId: uuid('street_id').references(() => orgs.id),
    communityId: uuid('community_id').references(() => orgs.id),
    gridId: uuid('grid_id').references(() => orgs.id),
    /** From the latest assessment. */
    assessedLevel: text('assessed_level').$type<risk.RiskLevel>(),
    /** What the map shows: the higher of the assessed level and every open raiser (`dynamic-level.ts`). */
    level: text('level').$type<risk.RiskLevel>(),
    status: statusColumn(risk.riskSourceWorkflow),
    /**
     * Where the map's low-zoom clusters count the source (the centre of its box) and its level as a
     * rank (4 重大 … 1 低, 0 unassessed), kept by the database: a tile over the whole district groups
     * 100 000 sources through the index on these instead of reading and measuring every geometry.
     */
    anchorLon: doublePrecision('anchor_lon').generatedAlwaysAs(sql`(ST_XMin(geom::box2d) + ST_XMax(geom::box2d)) / 2`),
    anchorLat: doublePrecision('anchor_lat').generatedAlwaysAs(sql`(ST_YMin(geom::box2d) + ST_YMax(geom::box2d)) / 2`),
    levelRank: smallint('level_rank').generatedAlwaysAs(
      sql`case level when 'major' then 4 when 'significant' then 3 when 'general' then 2 when 'low' then 1 else 0 end`,
    ),
    locationConfirmedAt: timestamp('location_confirmed_at', { withTimezone: true }),
    locationConfirmedBy: uuid('location_confirmed_by').references(() => users.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('risk_sources_geom_idx').using('gist', t.geom),
    index('risk_sources_anchor_idx').on(t.anchorLon, t.anchorLat, t.levelRank),
    index('risk_sources_org_idx').on(t.orgId),
    index('risk_sources_street_idx').on(t.streetId),
    index('risk_sources_community_idx').on(t.communityId),
    index('risk_sources_grid_idx').on(t.gridId),
    index('risk_sources_level_idx').on(t.level),
    index('risk_sources_category_idx').on(t.category),
    statusCheck('risk_sources', t.status, risk.riskSourceWorkflow),
  ],
);

/** The last number given per year, claimed by an atomic upsert so that two registrations never share a code. */
export const riskSourceNumbers = pgTable('risk_source_numbers', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/** One assessment of a source (LEC, LS or a direct grading with its reason); the latest sets `assessed_level`. */
export const riskAssessments = pgTable(
  'risk_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => riskSources.id, { onDelete: 'cascade' }),
    method: text('method').$type<'lec' | 'ls' | 'direct'>().notNull(),
    /** The method's inputs as given ({L,E,C} or {L,S}; empty for a direct grading). */
    inputs: jsonb('inputs').notNull().default({}),
    /** D of LEC or R of LS; null for a direct grading. */
    score: doublePrecision('score'),
    level: text('level').$type<risk.RiskLevel>().notNull(),
    reason: text('reason'),
    /** The grading settings in force when assessed, so that a later change does not rewrite history. */
    settings: jsonb('settings').notNull().default({}),
    assessedBy: uuid('assessed_by').references(() => users.id),
    assessorName: text('assessor_name').notNull(),
    assessedAt: timestamp('assessed_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('risk_assessments_source_idx').on(t.sourceId, t.assessedAt)],
);

/** A control measure (管控措施) of a source, with who answers for it and how often it is reviewed. */
export const riskControlMeasures = pgTable(
  'risk_control_measures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => riskSources.id, { onDelete: 'cascade' }),
    /** A code of `risk.controlMeasureTypes`. */
    type: text('type').notNull(),
    description: text('description').notNull(),
    /** A code of `risk.responsibleLevels` (公司/部门/班组/岗位). */
    responsibleLevel: text('responsible_level').notNull(),
    responsibleUnit: text('responsible_unit'),
    responsiblePerson: text('responsible_person'),
    reviewCycleDays: integer('review_cycle_days').notNull(),
    nextReviewOn: date('next_review_on', { mode: 'string' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('risk_control_measures_source_idx').on(t.sourceId)],
);

/**
 * 动态升级: an open record in another module (a 重大隐患, an active alarm) that raises the displayed
 * level of a source until it closes. The other modules write these through `raiseRiskLevel` /
 * `releaseRiskLevel` (modules/risk/index.ts); one open raiser per origin and source.
 */
export const riskLevelRaisers = pgTable(
  'risk_level_raisers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => riskSources.id, { onDelete: 'cascade' }),
    originModule: text('origin_module').notNull(),
    /** e.g. 'hazard.major', 'monitoring.alarm': a key of `risk.levelRaiseRules`. */
    originKind: text('origin_kind').notNull(),
    originId: text('origin_id').notNull(),
    raiseTo: text('raise_to').$type<risk.RiskLevel>().notNull(),
    reason: text('reason'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('risk_level_raisers_open_uq')
      .on(t.sourceId, t.originKind, t.originId)
      .where(sql`closed_at is null`),
    index('risk_level_raisers_origin_idx').on(t.originKind, t.originId),
  ],
);

/** Settings of the module an administrator with risk.manage changes (the grading: level colours, LS thresholds). */
export const riskSettings = pgTable(
  'risk_settings',
  {
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.key] })],
);
