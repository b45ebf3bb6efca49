import { z } from 'zod';
import {
  dispatchKinds,
  expertSpecialities,
  resourceKinds,
  shelterTypes,
  supplyMovementKinds,
  teamKinds,
  teamStatuses,
} from '../emergency/resources.js';
import { nameInput, textInput } from '../text.js';
import { id, idParams, listQuery, page, timestamp } from './common.js';
import { endpoint, type Endpoint, mediaType } from './endpoint.js';
import { lngLat } from './major-hazard.js';

/** The emergency module's endpoints: teams, experts, supplies, shelters, fire stations; nearest; dispatch. */

const tags = ['emergency'];
const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,20}$/, '电话号码格式不正确 / invalid phone number');
const optionalText = (max: number) => nameInput().max(max).nullable().optional();
const quantity = z.number().min(0, '数量不能为负 / the quantity cannot be negative').max(1e10);
const isoDate = z.iso.date();

/** What the caller may do with a resource: change it (its owner org's reach), dispatch it (emergency.command). */
export const resourceActionNames = ['update', 'dispatch'] as const;
const owned = {
  id,
  orgId: id,
  orgName: z.string(),
  updatedAt: timestamp,
  allowedActions: z.array(z.enum(resourceActionNames)),
};
/** The owner org: left out, the caller's own org. */
const ownerInput = { orgId: id.optional() };

export const team = z.object({
  ...owned,
  name: z.string(),
  kind: z.enum(teamKinds),
  speciality: z.string().nullable(),
  members: z.number().int(),
  leader: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  location: lngLat,
  status: z.enum(teamStatuses),
});
export type Team = z.infer<typeof team>;
export const teamInput = z.object({
  ...ownerInput,
  name: nameInput().min(1).max(100),
  kind: z.enum(teamKinds),
  speciality: optionalText(100),
  members: z.number().int().min(0).max(100_000).default(0),
  leader: optionalText(50),
  phone: phone.nullable().optional(),
  address: optionalText(200),
  location: lngLat,
  status: z.enum(teamStatuses).optional(),
});

export const expert = z.object({
  ...owned,
  name: z.string(),
  specialities: z.array(z.enum(expertSpecialities)),
  employer: z.string().nullable(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  location: lngLat.nullable(),
  available: z.boolean(),
});
export type Expert = z.infer<typeof expert>;
export const expertInput = z.object({
  ...ownerInput,
  name: nameInput().min(1).max(50),
  specialities: z.array(z.enum(expertSpecialities)).min(1, '至少一个专业 / at least one speciality').max(12),
  employer: optionalText(100),
  title: optionalText(50),
  phone: phone.nullable().optional(),
  location: lngLat.nullable().optional(),
  available: z.boolean().optional(),
});

export const store = z.object({
  ...owned,
  name: z.string(),
  address: z.string().nullable(),
  keeper: z.string().nullable(),
  phone: z.string().nullable(),
  location: lngLat,
  /** Items at or below their minimum, and items expired or expiring. */
  lowItems: z.number().int(),
  expiringItems: z.number().int(),
});
export type Store = z.infer<typeof store>;
export const storeInput = z.object({
  ...ownerInput,
  name: nameInput().min(1).max(100),
  address: optionalText(200),
  keeper: optionalText(50),
  phone: phone.nullable().optional(),
  location: lngLat,
});

export const supply = z.object({
  ...owned,
  storeId: id,
  storeName: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  specification: z.string().nullable(),
  unit: z.string(),
  quantity: z.number(),
  minQuantity: z.number(),
  expiresOn: isoDate.nullable(),
  stockState: z.enum(['ok', 'low']),
  expiryState: z.enum(['none', 'ok', 'expiring', 'expired']),
  location: lngLat,
});
export type Supply = z.infer<typeof supply>;
/** A new item and its opening stock (an 入库 movement with the receipt); later the stock moves only by movements. */
export const supplyInput = z.object({
  storeId: id,
  name: nameInput().min(1).max(100),
  category: optionalText(50),
  specification: optionalText(100),
  unit: nameInput().min(1).max(10),
  quantity: quantity.default(0),
  minQuantity: quantity.default(0),
  expiresOn: isoDate.nullable().optional(),
});
export const supplyUpdate = supplyInput.omit({ storeId: true, quantity: true }).partial();

export const shelter = z.object({
  ...owned,
  name: z.string(),
  type: z.enum(shelterTypes),
  effectiveAreaM2: z.number(),
  /** 可容纳人数: effective area ÷ the configured area per person (settings.shelterAreaPerPerson), rounded down. */
  capacity: z.number().int(),
  facilities: z.array(z.string()),
  servedAreas: z.array(z.object({ id, name: z.string() })),
  address: z.string().nullable(),
  manager: z.string().nullable(),
  phone: z.string().nullable(),
  location: lngLat,
});
export type Shelter = z.infer<typeof shelter>;
export const shelterInput = z.object({
  ...ownerInput,
  name: nameInput().min(1).max(100),
  type: z.enum(shelterTypes),
  effectiveAreaM2: z.number().min(0).max(1e8),
  facilities: z.array(nameInput().min(1).max(30)).max(40).default([]),
  /** The streets and communities it serves (org ids). */
  servedAreaIds: z.array(id).max(50).default([]),
  address: optionalText(200),
  manager: optionalText(50),
  phone: phone.nullable().optional(),
  location: lngLat,
});

export const vehicle = z.object({
  id,
  stationId: id,
  plate: z.string(),
  model: z.string(),
  status: z.enum(teamStatuses),
});
export type Vehicle = z.infer<typeof vehicle>;
export const fireStation = z.object({
  ...owned,
  name: z.string(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  personnel: z.number().int(),
  location: lngLat,
  vehicles: z.array(vehicle),
});
export type FireStation = z.infer<typeof fireStation>;
export const fireStationInput = z.object({
  ...ownerInput,
  name: nameInput().min(1).max(100),
  address: optionalText(200),
  phone: phone.nullable().optional(),
  personnel: z.number().int().min(0).max(10_000).default(0),
  location: lngLat,
});
export const vehicleInput = z.object({
  plate: nameInput().min(1).max(20),
  model: nameInput().min(1).max(50),
  status: z.enum(teamStatuses).optional(),
});

/** One problem of one row of an import: the Excel row, the column and what is wrong. */
export const importError = z.object({ row: z.number().int(), field: z.string(), message: z.object({ zh: z.string(), en: z.string() }) });
export const importReport = z.object({
  total: z.number().int(),
  valid: z.number().int(),
  errors: z.array(importError),
  rows: z.array(z.object({ row: z.number().int(), name: z.string(), valid: z.boolean() })),
  /** Rows created: 0 for a preview, and for a commit refused because of errors. */
  imported: z.number().int(),
});
export type ImportReport = z.infer<typeof importReport>;

const feature = z.object({
  type: z.literal('Feature'),
  id,
  geometry: z.object({ type: z.literal('Point'), coordinates: lngLat }),
  properties: z.object({ id, kind: z.enum(resourceKinds), name: z.string(), available: z.boolean(), detail: z.string() }),
});
const featureCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(feature) });

const listFilters = { q: z.string().trim().max(100).optional(), orgId: id.optional() };
/**
 * One register's endpoints: list (district-wide for emergency.read), GeoJSON, xlsx, create and change (within the
 * owner org's reach, emergency.resource).
 */
function register<const P extends string, I extends z.ZodType, C extends z.ZodType, U extends z.ZodType, F extends z.ZodRawShape>(
  path: P,
  label: string,
  item: I,
  create: C,
  update: U,
  filters: F,
) {
  const unpaged = z.object(listFilters).extend(filters);
  // A register is read by name (and reversed with -name); its pages are long (the map shows the same rows).
  const q = listQuery({ sort: ['name'], filters: { orgId: listFilters.orgId, ...filters }, pageSize: { default: 50, max: 500 } });
  return {
    list: endpoint({
      method: 'GET',
      path: `/api/emergency/${path}`,
      permission: 'emergency.read',
      summary: `${label}列表 / ${path} of the district`,
      tags,
      query: q,
      response: page(item),
    }),
    geojson: endpoint({
      method: 'GET',
      path: `/api/emergency/${path}.geojson`,
      permission: 'emergency.read',
      summary: `${label}地图 / ${path} as GeoJSON points`,
      tags,
      query: unpaged,
      response: featureCollection,
    }),
    xlsx: endpoint({
      method: 'GET',
      path: `/api/emergency/${path}.xlsx`,
      permission: 'emergency.read',
      summary: `导出${label} / ${path} as xlsx (the import's columns)`,
      tags,
      query: unpaged,
      produces: [mediaType.xlsx],
    }),
    create: endpoint({
      method: 'POST',
      path: `/api/emergency/${path}`,
      permission: 'emergency.resource',
      summary: `新增${label} / Add to ${path}`,
      tags,
      body: create,
      response: item,
      status: 201,
    }),
    update: endpoint({
      method: 'PATCH',
      path: `/api/emergency/${path}/:id`,
      permission: 'emergency.resource',
      summary: `修改${label} / Change one of ${path}`,
      tags,
      params: idParams,
      body: update,
      response: item,
    }),
  } satisfies Record<string, Endpoint>;
}

/** A register's xlsx import with its preview (row-level errors). */
function importing<const P extends string>(path: P, label: string) {
  return {
    previewImport: endpoint({
      method: 'POST',
      path: `/api/emergency/${path}/import/preview`,
      permission: 'emergency.resource',
      summary: `${label}导入预检 / Check an xlsx of ${path} row by row; nothing is saved`,
      tags,
      upload: { accept: [mediaType.xlsx] },
      response: importReport,
    }),
    commitImport: endpoint({
      method: 'POST',
      path: `/api/emergency/${path}/import`,
      permission: 'emergency.resource',
      summary: `导入${label} / Import an xlsx of ${path}: nothing when a row has errors, unless validOnly=true`,
      tags,
      query: z.object({ validOnly: z.enum(['true', 'false']).default('false') }),
      upload: { accept: [mediaType.xlsx] },
      response: importReport,
      errors: ['RULE_VIOLATION'],
    }),
  } satisfies Record<string, Endpoint>;
}

export const teams = {
  ...register('teams', '救援队伍', team, teamInput, teamInput.partial(), {
    kind: z.enum(teamKinds).optional(),
    status: z.enum(teamStatuses).optional(),
  }),
  ...importing('teams', '救援队伍'),
};
export const experts = {
  ...register('experts', '专家', expert, expertInput, expertInput.partial(), {
    speciality: z.enum(expertSpecialities).optional(),
  }),
  ...importing('experts', '专家'),
};
export const stores = register('stores', '物资储备库', store, storeInput, storeInput.partial(), {});
export const supplies = {
  ...register('supplies', '应急物资', supply, supplyInput, supplyUpdate, {
    storeId: id.optional(),
    state: z.enum(['low', 'expiring', 'expired']).optional(),
  }),
  ...importing('supplies', '应急物资'),
};
export const shelters = {
  ...register('shelters', '避难场所', shelter, shelterInput, shelterInput.partial(), {
    type: z.enum(shelterTypes).optional(),
  }),
  ...importing('shelters', '避难场所'),
};
export const fireStations = {
  ...register('fire-stations', '消防站', fireStation, fireStationInput, fireStationInput.partial(), {}),
  ...importing('fire-stations', '消防站'),
};

export const addVehicle = endpoint({
  method: 'POST',
  path: '/api/emergency/fire-stations/:id/vehicles',
  permission: 'emergency.resource',
  summary: '添加消防车辆 / Add a fire engine to a station',
  tags,
  params: idParams,
  body: vehicleInput,
  response: fireStation,
  status: 201,
});

export const updateVehicle = endpoint({
  method: 'PATCH',
  path: '/api/emergency/fire-stations/:id/vehicles/:vehicleId',
  permission: 'emergency.resource',
  summary: '修改消防车辆 / Change a fire engine',
  tags,
  params: z.object({ id, vehicleId: id }),
  body: vehicleInput.partial(),
  response: fireStation,
});

export const movement = z.object({
  id: z.number().int(),
  supplyId: id,
  kind: z.enum(supplyMovementKinds),
  quantity: z.number(),
  quantityAfter: z.number(),
  receiptNo: z.string(),
  counterparty: z.string().nullable(),
  dispatchId: id.nullable(),
  note: z.string().nullable(),
  byName: z.string(),
  at: timestamp,
});
export type Movement = z.infer<typeof movement>;

export const listMovements = endpoint({
  method: 'GET',
  path: '/api/emergency/supplies/:id/movements',
  permission: 'emergency.read',
  summary: '物资出入库记录 / The stock movements of a supply, newest first',
  tags,
  params: idParams,
  response: z.object({ items: z.array(movement) }),
});

/** 入库/出库/借出/归还 by hand; `dispatch` movements are written by dispatches only. */
export const recordMovement = endpoint({
  method: 'POST',
  path: '/api/emergency/supplies/:id/movements',
  permission: 'emergency.resource',
  summary: '物资入库、出库、借出、归还 / Move stock with a receipt (409 when the stock is short)',
  tags,
  params: idParams,
  body: z.object({
    kind: z.enum(['in', 'out', 'lend', 'return']),
    quantity: z.number().positive('数量须大于0 / the quantity must be positive').max(1e10),
    counterparty: optionalText(100),
    note: textInput().max(500).nullable().optional(),
  }),
  response: z.object({ supply, movement }),
  status: 201,
  errors: ['CONFLICT'],
});

export const nearestResource = z.object({
  kind: z.enum(resourceKinds),
  id,
  name: z.string(),
  /** Team kind, shelter type, supply category … as a short label. */
  detail: z.string(),
  location: lngLat,
  distanceM: z.number(),
  available: z.boolean(),
  /** For a supply: the stock and unit; for a shelter: its capacity; for a fire station: vehicles available. */
  quantity: z.number().nullable(),
  unit: z.string().nullable(),
  phone: z.string().nullable(),
});
export type NearestResource = z.infer<typeof nearestResource>;

const kindsParam = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const list = s.split(',').filter(Boolean);
    for (const k of list)
      if (!(resourceKinds as readonly string[]).includes(k)) {
        ctx.addIssue({ code: 'custom', message: `未知资源类型 ${k} / unknown kind ${k}` });
        return z.NEVER;
      }
    return list as (typeof resourceKinds)[number][];
  });

export const nearest = endpoint({
  method: 'GET',
  path: '/api/emergency/resources/nearest',
  permission: 'emergency.read',
  summary: '最近的应急资源 / Resources nearest a point, by straight-line distance, with their availability',
  tags,
  query: z.object({
    lng: z.coerce.number().min(-180).max(180),
    lat: z.coerce.number().min(-90).max(90),
    kinds: kindsParam.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(10),
  }),
  response: z.object({ items: z.array(nearestResource) }),
});

export const dispatch = z.object({
  id,
  incidentId: id,
  kind: z.enum(dispatchKinds),
  resourceId: id,
  resourceName: z.string(),
  quantity: z.number().nullable(),
  unit: z.string().nullable(),
  note: z.string().nullable(),
  dispatchedAt: timestamp,
  dispatchedByName: z.string(),
  returnedAt: timestamp.nullable(),
  returnedQuantity: z.number().nullable(),
  allowedActions: z.array(z.enum(['return'])),
});
export type Dispatch = z.infer<typeof dispatch>;

export const createDispatch = endpoint({
  method: 'POST',
  path: '/api/emergency/dispatches',
  permission: 'emergency.command',
  summary: '调派资源 / Dispatch a team, expert, fire engine or a quantity of a supply to an incident (409 when short or busy)',
  tags,
  body: z.object({
    incidentId: id,
    kind: z.enum(dispatchKinds),
    resourceId: id,
    /** Required for a supply, refused for the others. */
    quantity: z.number().positive().max(1e10).optional(),
    note: textInput().max(500).nullable().optional(),
  }),
  response: dispatch,
  status: 201,
  errors: ['CONFLICT', 'RULE_VIOLATION'],
});

export const listDispatches = endpoint({
  method: 'GET',
  path: '/api/emergency/dispatches',
  permission: 'emergency.read',
  summary: '已调派资源 / The resources dispatched to an incident',
  tags,
  query: z.object({ incidentId: id }),
  response: z.object({ items: z.array(dispatch) }),
});

export const returnDispatch = endpoint({
  method: 'POST',
  path: '/api/emergency/dispatches/:id/return',
  permission: 'emergency.command',
  summary: '资源归队/归还 / A team back, or the unused quantity of a supply returned to its store',
  tags,
  params: idParams,
  body: z.object({ returnedQuantity: z.number().min(0).max(1e10).optional() }),
  response: dispatch,
  errors: ['CONFLICT'],
});
