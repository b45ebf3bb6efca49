import type { Bilingual, risk } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { boolean, check, date, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../identity/identity.tables.js';

/** The hazard module's settings an administrator with hazard.manage changes (one row per key: `settings`). */
export const hazardSettingsTable = pgTable(
  'hazard_settings',
  {
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.key] })],
);

/**
 * 重大事故隐患判定标准: the rule library a 重大 hazard's basis is chosen from. Built-in ones are seeded from
 * `hazard.builtInHazardStandards` by their `code` and never overwritten; they are deactivated, not deleted.
 */
export const hazardStandards = pgTable(
  'hazard_standards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    issuer: text('issuer'),
    /** 文号 or standard number (应急管理部令第10号, GB 35181-2017). */
    documentNumber: text('document_number'),
    /** A hazard category code of `hazard.hazardCategories`, when the standard is for one sector. */
    sector: text('sector'),
    effectiveOn: date('effective_on', { mode: 'string' }),
    source: jsonb('source').$type<Bilingual>().notNull(),
    confidence: text('confidence').$type<risk.Confidence>().notNull(),
    builtIn: boolean('built_in').notNull().default(false),
    active: boolean('active').notNull().default(true),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('hazard_standards_confidence_check', sql`${t.confidence} in ('V', 'P', 'U')`)],
);

/** One clause of a 判定标准: its number as the document writes it and its text (a summary for built-in ones). */
export const hazardStandardClauses = pgTable(
  'hazard_standard_clauses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    standardId: uuid('standard_id')
      .notNull()
      .references(() => hazardStandards.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    text: text('text').notNull(),
    /** The order the document lists it in (the seed's order; new clauses go last). */
    position: integer('position').notNull(),
    builtIn: boolean('built_in').notNull().default(false),
    active: boolean('active').notNull().default(true),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('hazard_standard_clauses_number_uq').on(t.standardId, t.number)],
);
