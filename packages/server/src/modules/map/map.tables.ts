import { map } from '@citysafe/domain';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { geometryColumn, statusCheck } from '../../platform/columns.js';
import { orgs } from '../identity/identity.tables.js';

/**
 * 区域边界: the area of a district, street, community or grid, one per org. Points (enterprises,
 * risk sources, installations) take their street, community and grid from these polygons
 * (`locateAreas()`), never from what someone typed.
 */
export const areaBoundaries = pgTable(
  'boundaries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    /** The org's type when the boundary was saved (an org's type does not change once it has children). */
    level: text('level').$type<map.AreaLevel>().notNull(),
    geom: geometryColumn('MultiPolygon', 'geom').notNull(),
    source: text('source').$type<map.BoundarySource>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('boundaries_org_uq').on(t.orgId),
    index('boundaries_geom_idx').using('gist', t.geom),
    index('boundaries_level_idx').on(t.level),
    statusCheck('boundaries', t.level, map.areaLevels),
    statusCheck('boundaries', t.source, map.boundarySources),
  ],
);
