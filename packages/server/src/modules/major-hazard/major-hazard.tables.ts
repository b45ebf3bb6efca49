import { majorHazard as mh } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { pointColumn, statusCheck, statusColumn } from '../../platform/columns.js';
import { orgs } from '../identity/identity.tables.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** One 包保责任人 (《危险化学品重大危险源安全包保责任制》): name, post and phone. */
export interface ResponsiblePerson {
  name: string;
  post: string;
  phone: string;
}

/** The three 包保责任人 of an installation: 主要负责人, 技术负责人, 操作负责人; each may still be unnamed. */
export interface ResponsiblePersons {
  main: ResponsiblePerson | null;
  technical: ResponsiblePerson | null;
  operational: ResponsiblePerson | null;
}

/**
 * 重大危险源: one production or storage unit of an enterprise (GB 18218-2018 3.3, 3.4) with its
 * GB 18218 assessment (S, R, α, grade) kept current from its inventory and exposed population, and
 * where it stands in the declaration and registration workflow.
 */
export const majorHazardInstallations = pgTable(
  'major_hazard_installations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The enterprise that runs the unit; the scope column (an enterprise sees its own). */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    unitKind: text('unit_kind').$type<mh.UnitKind>().notNull(),
    location: pointColumn('location').notNull(),
    address: text('address'),
    /** The areas containing the location, computed from the boundaries (never typed). */
    streetId: uuid('street_id').references(() => orgs.id),
    communityId: uuid('community_id').references(() => orgs.id),
    gridId: uuid('grid_id').references(() => orgs.id),
    /** 暴露人员: people within 500 m of the unit, which sets α (GB 18218-2018 表5). */
    exposedPopulation: integer('exposed_population').notNull().default(0),
    /** Σ q/Q over the inventory: a major hazard at S ≥ 1. */
    s: doublePrecision('s').notNull().default(0),
    /** R = α Σ β q/Q; null while the unit is not a major hazard. */
    r: doublePrecision('r'),
    alpha: doublePrecision('alpha').notNull().default(0.5),
    /** 1–4 (一级 the most severe), null when not a major hazard. */
    grade: integer('grade'),
    isMajor: boolean('is_major').notNull().default(false),
    assessedAt: timestamp('assessed_at', { withTimezone: true }),
    /** 申报: the day the enterprise last declared it. */
    declaredOn: date('declared_on', { mode: 'string' }),
    /** 登记备案: the day and number the department registered it under. */
    registeredOn: date('registered_on', { mode: 'string' }),
    registrationNo: text('registration_no'),
    responsible: jsonb('responsible').$type<ResponsiblePersons>().notNull().default({ main: null, technical: null, operational: null }),
    status: statusColumn(mh.installationWorkflow),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    statusCheck('major_hazard_installations', t.status, mh.installationWorkflow),
    check('major_hazard_installations_unit_kind_check', sql`${t.unitKind} in ('production', 'storage')`),
    check('major_hazard_installations_grade_check', sql`${t.grade} is null or ${t.grade} between 1 and 4`),
    index('major_hazard_installations_org_idx').on(t.orgId),
    index('major_hazard_installations_street_idx').on(t.streetId),
    index('major_hazard_installations_location_idx').using('gist', t.location),
  ],
);

/** 危险物质: one substance of an installation's inventory at its greatest quantity present (q, t). */
export const majorHazardInventory = pgTable(
  'major_hazard_inventory',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    installationId: uuid('installation_id')
      .notNull()
      .references(() => majorHazardInstallations.id, { onDelete: 'cascade' }),
    /**
     * The order substances were entered in (the calculator's items follow it): rows inserted in one
     * statement share their `created_at`, so the time cannot order them.
     */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    /** As named in GB 18218-2018 表1 (or the enterprise's own name for a substance graded by category). */
    substanceName: text('substance_name').notNull(),
    cas: text('cas'),
    /** 表2 hazard category code, for a substance not named in 表1. */
    category: text('category'),
    quantityTonnes: doublePrecision('quantity_tonnes').notNull(),
    /** How it is held: 储罐, 钢瓶, 反应釜, 管道 … */
    form: text('form'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('major_hazard_inventory_installation_idx').on(t.installationId),
    check('major_hazard_inventory_quantity_check', sql`${t.quantityTonnes} >= 0`),
  ],
);

/** Every change of an installation's grade, with who made the change that moved it. */
export const majorHazardGradeChanges = pgTable(
  'major_hazard_grade_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    installationId: uuid('installation_id')
      .notNull()
      .references(() => majorHazardInstallations.id, { onDelete: 'cascade' }),
    fromGrade: integer('from_grade'),
    toGrade: integer('to_grade'),
    fromS: doublePrecision('from_s'),
    toS: doublePrecision('to_s').notNull(),
    fromR: doublePrecision('from_r'),
    toR: doublePrecision('to_r'),
    /** What moved it: `inventory` (a substance added, changed or removed), `population`, `created`. */
    cause: text('cause').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('major_hazard_grade_changes_installation_idx').on(t.installationId, t.id)],
);
