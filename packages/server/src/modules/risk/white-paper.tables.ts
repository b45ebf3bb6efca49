import { customType, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgs, users } from '../identity/identity.tables.js';
import type { WhitePaperSnapshot } from './white-paper.js';

/** Bytes as PostgreSQL `bytea`; PGlite answers a Uint8Array, node-postgres a Buffer: both become a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/**
 * 城市安全风险白皮书, one row per edition: numbered per area and year, the Word file as issued (an
 * issued document does not change when the registry does), and the figures it was made from, so
 * that the next edition can say what changed.
 */
export const riskWhitePapers = pgTable(
  'risk_white_papers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The area the edition covers: the district (or the part of the org tree) its generator sees. */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    year: integer('year').notNull(),
    /** The edition's number within the year, from 1, claimed under an advisory lock per area and year. */
    sequence: integer('sequence').notNull(),
    title: text('title').notNull(),
    generatedAt: timestamp('generated_at', { withTimezone: true }).notNull(),
    generatedBy: uuid('generated_by').references(() => users.id),
    generatedByName: text('generated_by_name').notNull(),
    snapshot: jsonb('snapshot').$type<WhitePaperSnapshot>().notNull(),
    document: bytea('document').notNull(),
  },
  (t) => [uniqueIndex('risk_white_papers_edition_uq').on(t.orgId, t.year, t.sequence)],
);
