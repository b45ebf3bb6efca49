/** The emergency module's endpoints: 值班值守 (rosters, handovers, the duty log, contacts) and coverage analysis. */
import { z } from 'zod';
import { dutyLogKinds, dutyLogStatuses } from '../emergency/duty.js';
import { incidentCategories } from '../emergency/incident-types.js';
import { nameInput, textInput } from '../text.js';
import { allowedActions, id, listQuery, ok, page, timestamp } from './common.js';
import { endpoint } from './endpoint.js';

const tags = ['emergency'];
const isoDate = z.iso.date();
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式为 YYYY-MM / a month as YYYY-MM');
const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{3,20}$/, '电话号码格式不正确 / invalid phone number');
const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** One person on a roster: a platform user (optional) with the name and phone to call. */
export const dutyPerson = z.object({
  userId: id.nullable().optional(),
  name: nameInput().min(1).max(50),
  phone,
});
const dutyPersonOut = z.object({ userId: id.nullable(), name: z.string(), phone: z.string() });

/** One org's duty on one day. */
export const rosterDay = z.object({
  id,
  orgId: id,
  orgName: z.string(),
  date: isoDate,
  leader: dutyPersonOut,
  staff: z.array(dutyPersonOut),
  note: z.string().nullable(),
  updatedAt: timestamp,
});
export type RosterDay = z.infer<typeof rosterDay>;

export const listRosters = endpoint({
  method: 'GET',
  path: '/api/emergency/duty/rosters',
  permission: 'emergency.read',
  summary: '值班表（按月） / An org’s duty roster for a month (default: the caller’s org, this month)',
  tags,
  query: z.object({ month: month.optional(), orgId: id.optional() }),
  response: z.object({
    org: z.object({ id, name: z.string() }),
    month,
    days: z.array(z.object({ date: isoDate, roster: rosterDay.nullable() })),
    allowedActions: allowedActions(['update']),
  }),
});

export const rosterInput = z.object({
  /** The org whose duty it is; the caller's own when left out. */
  orgId: id.optional(),
  leader: dutyPerson,
  staff: z.array(dutyPerson).max(20).default([]),
  note: textInput().max(500).nullable().optional(),
});
export type RosterInput = z.infer<typeof rosterInput>;

export const putRoster = endpoint({
  method: 'PUT',
  path: '/api/emergency/duty/rosters/:date',
  permission: 'emergency.duty',
  summary: '排班（新增或修改某日） / Set an org’s duty for a day: one leader and the staff',
  tags,
  params: z.object({ date: isoDate }),
  body: rosterInput,
  response: rosterDay,
});

export const deleteRoster = endpoint({
  method: 'DELETE',
  path: '/api/emergency/duty/rosters/:date',
  permission: 'emergency.duty',
  summary: '删除某日排班 / Remove an org’s duty for a day',
  tags,
  params: z.object({ date: isoDate }),
  query: z.object({ orgId: id.optional() }),
  response: ok,
});

export const todayDuty = endpoint({
  method: 'GET',
  path: '/api/emergency/duty/today',
  permission: 'emergency.read',
  summary: '今日值班 / Today’s duty of every org within reach, the caller’s own org first',
  tags,
  response: z.object({ date: isoDate, rosters: z.array(rosterDay), onDuty: z.boolean() }),
});

const openIncident = z.object({ id, code: z.string(), title: z.string(), status: z.string() });
const openLogEntry = z.object({ id, kind: z.enum(dutyLogKinds), summary: z.string(), at: timestamp });
export const handoverItems = z.object({ openIncidents: z.array(openIncident), openLogEntries: z.array(openLogEntry) });

export const handover = z.object({
  id,
  orgId: id,
  orgName: z.string(),
  date: isoDate,
  fromName: z.string(),
  toName: z.string(),
  toUserId: id.nullable(),
  items: handoverItems,
  summary: z.string(),
  note: z.string().nullable(),
  at: timestamp,
});
export type Handover = z.infer<typeof handover>;

export const handoverDraft = endpoint({
  method: 'GET',
  path: '/api/emergency/duty/handover',
  permission: 'emergency.duty',
  summary: '交接班内容 / What the shift hands over now: open incidents and open log entries, and the last handover',
  tags,
  query: z.object({ orgId: id.optional() }),
  response: z.object({
    orgId: id,
    orgName: z.string(),
    date: isoDate,
    items: handoverItems,
    summary: z.string(),
    last: handover.nullable(),
  }),
});

export const handoverInput = z.object({
  orgId: id.optional(),
  toUserId: id.nullable().optional(),
  toName: nameInput().min(1).max(50),
  note: textInput().max(2000).nullable().optional(),
});
export type HandoverInput = z.infer<typeof handoverInput>;

export const createHandover = endpoint({
  method: 'POST',
  path: '/api/emergency/duty/handovers',
  permission: 'emergency.duty',
  summary: '交接班 / Hand the duty over: the open items are recorded as they stand',
  tags,
  body: handoverInput,
  response: handover,
  status: 201,
});

export const handoverListQuery = listQuery({ sort: ['at'], filters: { orgId: id.optional() } });
export type HandoverListQuery = z.infer<typeof handoverListQuery>;

export const listHandovers = endpoint({
  method: 'GET',
  path: '/api/emergency/duty/handovers',
  permission: 'emergency.read',
  summary: '交接班记录 / Past handovers within reach',
  tags,
  query: handoverListQuery,
  response: page(handover),
});

export const dutyLogEntry = z.object({
  id,
  orgId: id,
  orgName: z.string(),
  at: timestamp,
  kind: z.enum(dutyLogKinds),
  caller: z.string().nullable(),
  phone: z.string().nullable(),
  summary: z.string(),
  status: z.enum(dutyLogStatuses),
  closedNote: z.string().nullable(),
  closedAt: timestamp.nullable(),
  incidentId: id.nullable(),
  incidentCode: z.string().nullable(),
  recordedName: z.string(),
  allowedActions: allowedActions(['close', 'recordIncident']),
});
export type DutyLogEntry = z.infer<typeof dutyLogEntry>;

export const dutyLogQuery = listQuery({
  sort: ['at'],
  filters: {
    orgId: id.optional(),
    kind: z.enum(dutyLogKinds).optional(),
    status: z.enum(dutyLogStatuses).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  },
});
export type DutyLogQuery = z.infer<typeof dutyLogQuery>;

export const listDutyLog = endpoint({
  method: 'GET',
  path: '/api/emergency/duty/log',
  permission: 'emergency.read',
  summary: '值班记录 / The duty log within reach (calls, events, notices)',
  tags,
  query: dutyLogQuery,
  response: page(dutyLogEntry),
});

export const dutyLogInput = z.object({
  orgId: id.optional(),
  kind: z.enum(dutyLogKinds),
  /** When it happened; now when left out. */
  at: z.iso.datetime({ offset: true }).optional(),
  caller: nameInput().max(50).nullable().optional(),
  phone: phone.nullable().optional(),
  summary: textInput().min(2).max(2000),
});
export type DutyLogInput = z.infer<typeof dutyLogInput>;

export const createDutyLogEntry = endpoint({
  method: 'POST',
  path: '/api/emergency/duty/log',
  permission: 'emergency.duty',
  summary: '记录来电或事件 / Log a call, an event or a notice',
  tags,
  body: dutyLogInput,
  response: dutyLogEntry,
  status: 201,
});

export const closeDutyLogEntry = endpoint({
  method: 'POST',
  path: '/api/emergency/duty/log/:id/close',
  permission: 'emergency.duty',
  summary: '办结值班记录 / Close a log entry with what was done',
  tags,
  params: z.object({ id }),
  body: z.object({ note: textInput().min(2).max(2000) }),
  response: dutyLogEntry,
});

/** What the duty knows of an incident when it records one from the log (INCIDENT's record rule does the rest). */
export const dutyIncidentInput = z.object({
  title: nameInput().min(2).max(100),
  category: z.enum(incidentCategories),
  occurredAt: z.iso.datetime({ offset: true }),
  placeName: nameInput().max(200).nullable().optional(),
  location: lngLat.nullable().optional(),
  deaths: z.number().int().min(0).max(100_000).default(0),
  missing: z.number().int().min(0).max(100_000).default(0),
  seriousInjuries: z.number().int().min(0).max(100_000).default(0),
  minorInjuries: z.number().int().min(0).max(100_000).default(0),
  directLossWan: z.number().min(0).max(100_000_000).default(0),
});
export type DutyIncidentInput = z.infer<typeof dutyIncidentInput>;

export const recordDutyLogIncident = endpoint({
  method: 'POST',
  path: '/api/emergency/duty/log/:id/incident',
  permission: 'emergency.report',
  summary: '转为事故 / Record a log entry as an incident (origin 值班), linking the two',
  tags,
  params: z.object({ id }),
  body: dutyIncidentInput,
  response: z.object({ entry: dutyLogEntry, incidentId: id }),
  status: 201,
  errors: ['CONFLICT'],
});

/** One person of the contact directory: no account data beyond name, phone and roles. */
export const contactPerson = z.object({
  userId: id,
  name: z.string(),
  phone: z.string().nullable(),
  roles: z.array(z.object({ code: z.string(), name: z.string() })),
  onDutyToday: z.boolean(),
});

export const contactOrg = z.object({
  id,
  name: z.string(),
  type: z.string(),
  parentId: id.nullable(),
  people: z.array(contactPerson),
});
export type ContactOrg = z.infer<typeof contactOrg>;

export const contacts = endpoint({
  method: 'GET',
  path: '/api/emergency/contacts',
  permission: 'emergency.read',
  summary: '通讯录 / Contacts by org and role with phones: the caller’s reach and the district’s government bodies',
  tags,
  query: z.object({ q: z.string().trim().max(50).optional(), orgId: id.optional() }),
  response: z.object({ orgs: z.array(contactOrg) }),
});

/** A key place (重点场所) and whether a station reaches it. */
export const keyPlace = z.object({
  id,
  kind: z.enum(['crowded_place', 'major_hazard']),
  name: z.string(),
  location: lngLat,
  covered: z.boolean(),
  /** Straight-line distance to the nearest station (m); null without any station. */
  nearestStationM: z.number().nullable(),
});

export const fireCoverage = endpoint({
  method: 'GET',
  path: '/api/emergency/coverage/fire',
  permission: 'emergency.read',
  summary:
    '消防站覆盖分析 / The district’s area, population and key places within reach of a fire station (straight line), the uncovered area as GeoJSON',
  tags,
  query: z.object({ districtId: id.optional() }),
  response: z.object({
    district: z.object({ id, name: z.string() }),
    minutes: z.number(),
    speedKmh: z.number(),
    reachM: z.number(),
    source: z.string(),
    stations: z.array(z.object({ id, name: z.string(), location: lngLat })),
    area: z.object({ totalM2: z.number(), coveredM2: z.number(), share: z.number().nullable() }),
    population: z.object({ total: z.number(), covered: z.number(), share: z.number().nullable(), streetsWithout: z.array(z.string()) }),
    keyPlaces: z.object({ total: z.number(), covered: z.number(), share: z.number().nullable(), outside: z.array(keyPlace) }),
    streets: z.array(
      z.object({
        id,
        name: z.string(),
        areaM2: z.number(),
        coveredM2: z.number(),
        share: z.number().nullable(),
        population: z.number().nullable(),
      }),
    ),
    /** The part of the district no station reaches in time (null when all of it is reached). */
    uncovered: z.object({ type: z.string(), coordinates: z.array(z.unknown()) }).nullable(),
    /** Each station's reach as a polygon, for the map. */
    reach: z.object({ type: z.string(), coordinates: z.array(z.unknown()) }).nullable(),
  }),
  errors: ['RULE_VIOLATION'],
});

export const shelterStreet = z.object({
  id,
  name: z.string(),
  population: z.number().nullable(),
  populationYear: z.number().nullable(),
  shelters: z.number(),
  effectiveAreaM2: z.number(),
  areaPerPerson: z.number().nullable(),
  meets: z.boolean().nullable(),
  shortfallM2: z.number(),
});
export type ShelterStreet = z.infer<typeof shelterStreet>;

export const shelterCoverage = endpoint({
  method: 'GET',
  path: '/api/emergency/coverage/shelters',
  permission: 'emergency.read',
  summary:
    '避难场所人均面积核查 / Each street’s effective shelter area per resident against the required figure; the streets that fall short',
  tags,
  query: z.object({ districtId: id.optional() }),
  response: z.object({
    required: z.number(),
    source: z.string(),
    streets: z.array(shelterStreet),
    fallingShort: z.array(z.string()),
  }),
  // Without the district's outline on the map there are no streets to check.
  errors: ['RULE_VIOLATION'],
});

export const areaPopulation = z.object({
  areaId: id,
  areaName: z.string(),
  areaType: z.string(),
  year: z.number().int(),
  population: z.number().int(),
  source: z.string(),
  updatedAt: timestamp,
});
export type AreaPopulation = z.infer<typeof areaPopulation>;

export const listPopulations = endpoint({
  method: 'GET',
  path: '/api/emergency/populations',
  permission: 'emergency.read',
  summary: '常住人口（覆盖分析用） / The population figures the coverage analysis uses',
  tags,
  response: z.object({ items: z.array(areaPopulation), allowedActions: allowedActions(['update']) }),
});

export const putPopulation = endpoint({
  method: 'PUT',
  path: '/api/emergency/populations/:areaId/:year',
  permission: 'emergency.manage',
  summary: '录入常住人口 / Set an area’s population for a year, with its source',
  tags,
  params: z.object({ areaId: id, year: z.coerce.number().int().min(1949).max(2200) }),
  body: z.object({ population: z.number().int().min(0).max(100_000_000), source: nameInput().min(2).max(200) }),
  response: areaPopulation,
});
