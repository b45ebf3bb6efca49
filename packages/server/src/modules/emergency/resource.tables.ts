import { emergency as em } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { listedStatusColumn, pointColumn, statusCheck } from '../../platform/columns.js';
import { orgs } from '../identity/identity.tables.js';
import { incidents } from './incident.tables.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
/** The owner org: writes are scoped by it (emergency.resource); every emergency.read holder reads all. */
const ownerOrg = () =>
  uuid('org_id')
    .notNull()
    .references(() => orgs.id);
const inList = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/** 救援队伍: a professional, enterprise, social or volunteer rescue team at its base. */
export const emergencyTeams = pgTable(
  'emergency_teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: ownerOrg(),
    name: text('name').notNull(),
    kind: text('kind').$type<em.TeamKind>().notNull(),
    speciality: text('speciality'),
    members: integer('members').notNull().default(0),
    leader: text('leader'),
    phone: text('phone'),
    address: text('address'),
    geom: pointColumn('geom').notNull(),
    status: listedStatusColumn(em.teamStatuses, 'available'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('emergency_teams_kind_check', inList('kind', em.teamKinds)),
    statusCheck('emergency_teams', t.status, em.teamStatuses),
    check('emergency_teams_members_check', sql`${t.members} >= 0`),
    index('emergency_teams_org_idx').on(t.orgId),
    index('emergency_teams_geom_idx').using('gist', t.geom),
  ],
);

/** 专家库: an expert the command may call on, with specialities; the place is optional (where they work). */
export const emergencyExperts = pgTable(
  'emergency_experts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: ownerOrg(),
    name: text('name').notNull(),
    specialities: text('specialities')
      .array()
      .$type<em.ExpertSpeciality[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** 工作单位: where the expert works (free text; experts are often outside the district's org tree). */
    employer: text('employer'),
    title: text('title'),
    phone: text('phone'),
    geom: pointColumn('geom'),
    available: boolean('available').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('emergency_experts_org_idx').on(t.orgId), index('emergency_experts_geom_idx').using('gist', t.geom)],
);

/** 物资储备库: a store holding emergency supplies. */
export const emergencyStores = pgTable(
  'emergency_stores',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: ownerOrg(),
    name: text('name').notNull(),
    address: text('address'),
    keeper: text('keeper'),
    phone: text('phone'),
    geom: pointColumn('geom').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('emergency_stores_org_idx').on(t.orgId), index('emergency_stores_geom_idx').using('gist', t.geom)],
);

/**
 * 应急物资: one item's stock in one store. `quantity` only moves through a movement (a guarded UPDATE), and the
 * CHECK makes the database itself refuse a negative stock.
 */
export const emergencySupplies = pgTable(
  'emergency_supplies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id')
      .notNull()
      .references(() => emergencyStores.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    category: text('category'),
    specification: text('specification'),
    unit: text('unit').notNull(),
    quantity: numeric('quantity', { precision: 14, scale: 2, mode: 'number' }).notNull().default(0),
    minQuantity: numeric('min_quantity', { precision: 14, scale: 2, mode: 'number' }).notNull().default(0),
    expiresOn: date('expires_on', { mode: 'string' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('emergency_supplies_quantity_check', sql`${t.quantity} >= 0`),
    check('emergency_supplies_min_quantity_check', sql`${t.minQuantity} >= 0`),
    index('emergency_supplies_store_idx').on(t.storeId),
  ],
);

/** A stock movement with its receipt (入库单/出库单/借用单/归还单/调拨单 number), and the stock it left. */
export const emergencySupplyMovements = pgTable(
  'emergency_supply_movements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    supplyId: uuid('supply_id')
      .notNull()
      .references(() => emergencySupplies.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<em.SupplyMovementKind>().notNull(),
    quantity: numeric('quantity', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    quantityAfter: numeric('quantity_after', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    receiptNo: text('receipt_no').notNull(),
    /** 领用/借用单位或经办人: who took or brought the goods. */
    counterparty: text('counterparty'),
    /** The dispatch that wrote it (kind `dispatch`, or the `return` of a dispatched quantity). */
    dispatchId: uuid('dispatch_id'),
    note: text('note'),
    byUserId: uuid('by_user_id'),
    byName: text('by_name').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('emergency_supply_movements_kind_check', inList('kind', em.supplyMovementKinds)),
    check('emergency_supply_movements_quantity_check', sql`${t.quantity} > 0`),
    uniqueIndex('emergency_supply_movements_receipt_idx').on(t.receiptNo),
    index('emergency_supply_movements_supply_idx').on(t.supplyId, t.id),
  ],
);

/**
 * 避难场所: type per GB 51143-2015, effective area (有效避难面积, m²); the capacity is computed from the area and
 * settings.shelterAreaPerPerson when read, so a change of the setting changes every capacity. `served_area_ids`
 * are the streets/communities (org ids) it serves — DUTY's shelter check sums areas per street from them.
 */
export const emergencyShelters = pgTable(
  'emergency_shelters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: ownerOrg(),
    name: text('name').notNull(),
    type: text('type').$type<em.ShelterType>().notNull(),
    effectiveAreaM2: doublePrecision('effective_area_m2').notNull(),
    facilities: text('facilities')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    servedAreaIds: uuid('served_area_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    address: text('address'),
    manager: text('manager'),
    phone: text('phone'),
    geom: pointColumn('geom').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('emergency_shelters_type_check', inList('type', em.shelterTypes)),
    check('emergency_shelters_area_check', sql`${t.effectiveAreaM2} >= 0`),
    index('emergency_shelters_org_idx').on(t.orgId),
    index('emergency_shelters_geom_idx').using('gist', t.geom),
    index('emergency_shelters_served_idx').using('gin', t.servedAreaIds),
  ],
);

/** 消防站: DUTY's fire coverage buffers these points. */
export const emergencyFireStations = pgTable(
  'emergency_fire_stations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: ownerOrg(),
    name: text('name').notNull(),
    address: text('address'),
    phone: text('phone'),
    personnel: integer('personnel').notNull().default(0),
    geom: pointColumn('geom').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('emergency_fire_stations_org_idx').on(t.orgId), index('emergency_fire_stations_geom_idx').using('gist', t.geom)],
);

/** 消防车辆 of a station; dispatched like a team. */
export const emergencyVehicles = pgTable(
  'emergency_vehicles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stationId: uuid('station_id')
      .notNull()
      .references(() => emergencyFireStations.id, { onDelete: 'cascade' }),
    plate: text('plate').notNull(),
    /** 车型: 水罐消防车, 泡沫消防车, 举高喷射消防车, 抢险救援消防车 … */
    model: text('model').notNull(),
    status: listedStatusColumn(em.teamStatuses, 'available'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [statusCheck('emergency_vehicles', t.status, em.teamStatuses), index('emergency_vehicles_station_idx').on(t.stationId)],
);

/**
 * A resource sent to an incident: a team, an expert, a fire engine (until returned) or a quantity of a supply
 * (its stock decremented in the same transaction). The name is kept as it was, so the record survives edits.
 */
export const emergencyDispatches = pgTable(
  'emergency_dispatches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<em.DispatchKind>().notNull(),
    resourceId: uuid('resource_id').notNull(),
    resourceName: text('resource_name').notNull(),
    quantity: numeric('quantity', { precision: 14, scale: 2, mode: 'number' }),
    note: text('note'),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }).notNull(),
    dispatchedBy: uuid('dispatched_by'),
    dispatchedByName: text('dispatched_by_name').notNull(),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    returnedQuantity: numeric('returned_quantity', { precision: 14, scale: 2, mode: 'number' }),
  },
  (t) => [
    check('emergency_dispatches_kind_check', inList('kind', em.dispatchKinds)),
    check('emergency_dispatches_quantity_check', sql`${t.quantity} is null or ${t.quantity} > 0`),
    index('emergency_dispatches_incident_idx').on(t.incidentId, t.dispatchedAt),
    index('emergency_dispatches_resource_idx').on(t.resourceId),
  ],
);
