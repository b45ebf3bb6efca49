import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgs, users } from '../identity/identity.tables.js';

/**
 * 常住人口 of an area (a street or community, by its org; its boundary is the map module's) in a year, with where the
 * figure comes from: the coverage and shelter checks read the latest year of each street. Kept here because no other
 * module holds population; edited by emergency.manage.
 */
export const emergencyAreaPopulation = pgTable(
  'emergency_area_population',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    population: integer('population').notNull(),
    /** 统计公报, 七普, 街道上报 … or `演示数据` for the demo's figures. */
    source: text('source').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('emergency_area_population_area_year_uq').on(t.areaId, t.year),
    check('emergency_area_population_population_check', sql`${t.population} >= 0`),
    check('emergency_area_population_year_check', sql`${t.year} between 1949 and 2200`),
  ],
);
