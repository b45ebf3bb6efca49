import { z } from 'zod';
import {
  cancelInput,
  closeInput,
  dispatchInput,
  gridCaseKinds,
  gridCaseStatuses,
  gridCaseWorkflow,
  handleInput,
  returnInput,
  verifyInput,
} from '../grid/cases.js';
import { gridSettings } from '../grid/patrol.js';
import { hazardCategoryCodes, hazardLevels } from '../hazard/categories.js';
import { inspectionItemOrigins } from '../hazard/inspection.js';
import { riskLevels } from '../risk/levels.js';
import { nameInput, textInput } from '../text.js';
import {
  actionBodies,
  actionBody,
  actionParams,
  allowedActions,
  bilingual,
  id,
  idParams,
  listQuery,
  page,
  timelineEntry,
  timestamp,
  workflowActions,
} from './common.js';
import { endpoint, mediaType } from './endpoint.js';

/**
 * 网格巡查: grids and the places inside them, each grid member's route for the day (what the phone caches for
 * offline use), visits posted idempotently on their client id, the check-ins map, grid cases in the 数字城管 cycle,
 * 考核 statistics and the settings. A patrol is not a 行政检查: what it finds in an enterprise is a hazard in the
 * hazard loop, a grid case, or a lead (移交线索) to the responsible department — never an inspection record.
 */

const isoDate = z.iso.date('日期格式为 YYYY-MM-DD，且须为有效日期 / a valid date as YYYY-MM-DD');
const isoDateTime = z.iso.datetime({
  offset: true,
  message: '时间格式为 ISO 8601，如 2026-03-01T09:30:00+08:00 / an ISO 8601 date-time such as 2026-03-01T09:30:00+08:00',
});
const orgRef = z.object({ id, name: z.string() });
/** A grid as a route or a line of the 考核 names it: its 15-digit code (GB/T 30428) and name. */
const gridRef = z.object({ id, code: z.string().nullable(), name: z.string() });
const point = z.object({ lng: z.number(), lat: z.number() });

/** The risk level of a place: the highest of its risk sources (the risk module's codes: major 红 … low 蓝). */
export const riskLevel = z.enum(riskLevels);
export const placeTypes = ['enterprise', 'risk_source'] as const;
export const placeType = z.enum(placeTypes);
/** `enterprise:<uuid>` or `risk_source:<uuid>`: how the phone names a place, stable across days. */
export const placeKey = z
  .string()
  .regex(
    /^(enterprise|risk_source):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    '巡查点格式为 enterprise:<id> 或 risk_source:<id> / a place is enterprise:<id> or risk_source:<id>',
  );

/**
 * A place a grid member patrols: an enterprise inside the grid (its own risk sources fold into it: their highest
 * level is its level, their control measures its checklist), or a risk source inside the grid that belongs to no
 * enterprise of the grid (a bridge, a market, a public building).
 */
export const place = z.object({
  key: placeKey,
  type: placeType,
  id,
  name: z.string(),
  address: z.string().nullable(),
  location: point.nullable(),
  riskLevel: riskLevel.nullable(),
  /** Days between two visits, from the settings by `riskLevel`. */
  intervalDays: z.number().int(),
  lastVisitAt: timestamp.nullable(),
  /** YYYY-MM-DD, Asia/Shanghai: the last visit's day plus the interval; today when never visited. */
  nextDueOn: isoDate,
});
export type Place = z.infer<typeof place>;

export const gridSummary = z.object({
  id,
  /** 15 digits (GB/T 30428): division 6 + street 3 + community 3 + sequence 3. */
  code: z.string().nullable(),
  name: z.string(),
  street: orgRef.nullable(),
  community: orgRef.nullable(),
  members: z.array(z.object({ id, name: z.string(), phone: z.string().nullable() })),
  counts: z.object({ enterprises: z.number().int(), riskSources: z.number().int(), places: z.number().int() }),
  /** Places due today or overdue (not visited since they fell due). */
  dueToday: z.number().int(),
  /** Places visited today. */
  visitedToday: z.number().int(),
});
export type GridSummary = z.infer<typeof gridSummary>;

const multiPolygon = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(z.array(z.number())))) });

export const gridDetail = gridSummary.extend({ geometry: multiPolygon.nullable(), places: z.array(place) });
export type GridDetail = z.infer<typeof gridDetail>;

export const listGrids = endpoint({
  method: 'GET',
  path: '/api/grid/grids',
  permission: 'grid.read',
  summary: '网格一览 / Grids in the caller’s reach with their members, places and today’s figures',
  tags: ['grid'],
  query: listQuery({ sort: ['code', 'name'], filters: { streetId: id.optional() }, pageSize: { default: 50, max: 500 } }),
  response: page(gridSummary),
});

export const getGrid = endpoint({
  method: 'GET',
  path: '/api/grid/grids/:id',
  permission: 'grid.read',
  summary: '网格详情 / One grid with its polygon and its places, each with its interval and next due day',
  tags: ['grid'],
  params: idParams,
  response: gridDetail,
});

/** One line of a place's checklist on the phone. `key` is stable for the place (`cm:<measure id>`, `tpl:<template>:<n>`). */
export const routeChecklistItem = z.object({
  key: z.string(),
  text: z.string(),
  basis: z.string().nullable(),
  origin: z.enum(inspectionItemOrigins),
});
export type RouteChecklistItem = z.infer<typeof routeChecklistItem>;

export const routePlace = place.extend({
  /** Due on the route's day (next due on or before it). */
  due: z.boolean(),
  /** Visited on the route's day. */
  done: z.boolean(),
  checklist: z.array(routeChecklistItem),
});
export type RoutePlace = z.infer<typeof routePlace>;

export const route = z.object({
  date: isoDate,
  grid: gridRef,
  /** Every place of the grid, by risk level (red first, then places without a level) then name. */
  places: z.array(routePlace),
});
export type Route = z.infer<typeof route>;

export const getRoute = endpoint({
  method: 'GET',
  path: '/api/grid/route',
  permission: 'grid.read',
  summary: '今日巡查 / The caller’s route for a day: their grid’s places, due or done, with checklists (cached offline)',
  tags: ['grid'],
  query: z.object({
    date: isoDate.optional(),
    /** A street user (or anyone reaching several grids) names the grid; a grid member gets their own. */
    gridId: id.optional(),
  }),
  response: route,
  errors: ['RULE_VIOLATION'],
});

const photoFileIds = z.array(id).max(9, '最多 9 张照片 / at most 9 photos');

export const findingKinds = ['hazard', 'case', 'lead'] as const;
/** What a visit found: a hazard (the hazard loop), a grid case (立案), or a lead to the department (enterprise places only). */
export const findingInput = z
  .object({
    clientId: id,
    kind: z.enum(findingKinds),
    title: nameInput().min(2, '请填写标题 / write a title').max(200),
    description: textInput().max(4000).optional(),
    /** kind `case` (and `lead`): a case category code of the settings; the first category when absent. */
    category: z.string().max(32).optional(),
    /** kind `hazard`: 一般 (default) or 重大. */
    level: z.enum(hazardLevels).optional(),
    /** kind `hazard`: the hazard category. */
    hazardCategory: z.enum(hazardCategoryCodes).optional(),
    /** kind `hazard` at level 重大: the basis of the grading (the hazard loop refuses a 重大 hazard without one, 422). */
    majorBasis: textInput().max(2000).optional(),
    photoFileIds: photoFileIds.optional(),
  })
  .superRefine((f, ctx) => {
    if (f.kind !== 'hazard' && (f.level || f.hazardCategory || f.majorBasis))
      ctx.addIssue({
        code: 'custom',
        path: ['level'],
        message: '只有隐患才有等级和隐患类别 / only a hazard has a level and a hazard category',
      });
  });
export type FindingInput = z.infer<typeof findingInput>;

export const checklistResults = ['ok', 'problem', 'na'] as const;

export const visitInput = z
  .object({
    /** Made on the phone when the visit starts (crypto.randomUUID()); posting it again answers the same visit. */
    clientId: id,
    placeKey,
    startedAt: isoDateTime,
    checkedInAt: isoDateTime,
    /** The device's position at check-in; null when it gave none. */
    location: z
      .object({
        lng: z.number().min(-180).max(180),
        lat: z.number().min(-90).max(90),
        accuracyM: z.number().min(0).max(100_000).nullable().optional(),
      })
      .nullable(),
    checklist: z
      .array(
        z.object({
          key: z.string().max(200),
          text: z.string().max(1000),
          result: z.enum(checklistResults),
          note: textInput().max(2000).optional(),
        }),
      )
      .max(200),
    note: textInput().max(4000).optional(),
    photoFileIds: photoFileIds.optional(),
    findings: z.array(findingInput).max(20).optional(),
  })
  .superRefine((v, ctx) => {
    if (Date.parse(v.startedAt) > Date.parse(v.checkedInAt))
      ctx.addIssue({ code: 'custom', path: ['startedAt'], message: '开始时间不能晚于打卡时间 / the start cannot be after the check-in' });
    const ids = (v.findings ?? []).map((f) => f.clientId.toLowerCase());
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', path: ['findings'], message: '发现的问题编号重复 / two findings share a client id' });
  });
export type VisitInput = z.infer<typeof visitInput>;

/** What a finding became: a hazard (`hazard`) or a grid case (`gridCase`, a case or a lead). */
export const findingRef = z.object({
  clientId: id,
  kind: z.enum(findingKinds),
  ref: z.object({ type: z.enum(['hazard', 'gridCase']), id, code: z.string() }),
});

export const visit = z.object({
  id,
  clientId: id,
  placeKey,
  place: z.object({ type: placeType, id, name: z.string() }),
  gridId: id,
  gridName: z.string(),
  memberId: id,
  memberName: z.string(),
  startedAt: timestamp,
  checkedInAt: timestamp,
  /** When the server received it (later than the check-in for a visit queued offline). */
  receivedAt: timestamp,
  location: z.object({ lng: z.number(), lat: z.number(), accuracyM: z.number().nullable() }).nullable(),
  /** Metres from the place; null without a location on either side. */
  distanceM: z.number().nullable(),
  /** Farther than the check-in radius: recorded, not refused. */
  farCheckIn: z.boolean(),
  checklist: z.array(z.object({ key: z.string(), text: z.string(), result: z.enum(checklistResults), note: z.string().nullable() })),
  note: z.string().nullable(),
  photoFileIds: z.array(id),
  findings: z.array(findingRef),
});
export type Visit = z.infer<typeof visit>;

export const postVisit = endpoint({
  method: 'POST',
  path: '/api/grid/visits',
  permission: 'grid.patrol',
  summary:
    '巡查打卡 / Record a visit (idempotent on clientId: 201 first, 200 the same visit again; 409 the same clientId for another place; 422 a check-in outside now −7 days … +5 min)',
  tags: ['grid'],
  body: visitInput,
  response: visit,
  status: 201,
  alsoStatus: [200],
  errors: ['CONFLICT', 'RULE_VIOLATION'],
});

export const visitFilters = {
  gridId: id.optional(),
  memberId: id.optional(),
  /** Check-in day from / to, inclusive (Asia/Shanghai). */
  from: isoDate.optional(),
  to: isoDate.optional(),
  farCheckIn: z.enum(['true', 'false']).optional(),
};

export const listVisits = endpoint({
  method: 'GET',
  path: '/api/grid/visits',
  permission: 'grid.read',
  summary: '巡查记录 / Visits in the caller’s reach (newest first by default)',
  tags: ['grid'],
  query: listQuery({ sort: ['checkedInAt'], filters: visitFilters }),
  response: page(visit),
});

export const getVisit = endpoint({
  method: 'GET',
  path: '/api/grid/visits/:id',
  permission: 'grid.read',
  summary: '巡查记录详情 / One visit',
  tags: ['grid'],
  params: idParams,
  response: visit,
});

/** A photo's path params: the record it belongs to and the file. */
const photoParams = z.object({ id, fileId: id });

export const getVisitPhoto = endpoint({
  method: 'GET',
  path: '/api/grid/visits/:id/photos/:fileId',
  permission: 'grid.read',
  summary: '巡查照片 / A photo of a visit within the visit’s reach (404 for a file that is not the visit’s)',
  tags: ['grid'],
  params: photoParams,
  produces: [mediaType.binary],
});

export const checkinFeature = z.object({
  type: z.literal('Feature'),
  id,
  geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }),
  properties: z.object({
    visitId: id,
    placeKey,
    placeName: z.string(),
    gridId: id,
    memberId: id,
    memberName: z.string(),
    checkedInAt: timestamp,
    distanceM: z.number().nullable(),
    farCheckIn: z.boolean(),
  }),
});

export const listCheckins = endpoint({
  method: 'GET',
  path: '/api/grid/checkins',
  permission: 'grid.read',
  summary: '打卡地图 / The day’s check-ins with a location as GeoJSON (default today)',
  tags: ['grid'],
  query: z.object({ date: isoDate.optional(), gridId: id.optional() }),
  response: z.object({ type: z.literal('FeatureCollection'), features: z.array(checkinFeature) }),
});

export const gridCaseStatus = z.enum(gridCaseStatuses);
export const gridCaseKind = z.enum(gridCaseKinds);
export const gridCaseActionNames = workflowActions(gridCaseWorkflow);
/** The body of each case action: dispatch {orgId, note?}, handle {note, photoFileIds?}, verify {note?}, return {note}, close {note}, cancel {reason}. */
export const gridCaseActionBodies = actionBodies(gridCaseWorkflow);
export { cancelInput, closeInput, dispatchInput, handleInput, returnInput, verifyInput };

export const gridCase = z.object({
  id,
  /** WG-YYYY-NNNNNN. */
  code: z.string(),
  kind: gridCaseKind,
  title: z.string(),
  description: z.string().nullable(),
  /** A category code of the settings. */
  category: z.string(),
  categoryName: z.string(),
  status: gridCaseStatus,
  gridId: id,
  gridName: z.string(),
  /** The enterprise a lead is about (leads only). */
  enterprise: orgRef.nullable(),
  assignedOrg: orgRef.nullable(),
  /** Dispatch plus the category's hours; null until dispatched. */
  deadline: timestamp.nullable(),
  overdue: z.boolean(),
  location: point.nullable(),
  photoFileIds: z.array(id),
  createdAt: timestamp,
  createdBy: z.string(),
  visitId: id.nullable(),
  closedAt: timestamp.nullable(),
  allowedActions: allowedActions(gridCaseActionNames),
});
export type GridCase = z.infer<typeof gridCase>;

export const gridCaseDetail = gridCase.extend({ timeline: z.array(timelineEntry) });
export type GridCaseDetail = z.infer<typeof gridCaseDetail>;

export const listGridCases = endpoint({
  method: 'GET',
  path: '/api/grid/cases',
  permission: 'grid.read',
  summary: '网格事件 / Grid cases and leads in the caller’s reach (their grids, or assigned to their unit)',
  tags: ['grid'],
  query: listQuery({
    sort: ['createdAt', 'deadline', 'code'],
    filters: {
      status: gridCaseStatus.optional(),
      kind: gridCaseKind.optional(),
      gridId: id.optional(),
      assignedOrgId: id.optional(),
      overdue: z.enum(['true', 'false']).optional(),
    },
  }),
  response: page(gridCase),
});

export const getGridCase = endpoint({
  method: 'GET',
  path: '/api/grid/cases/:id',
  permission: 'grid.read',
  summary: '网格事件详情 / One grid case with its timeline',
  tags: ['grid'],
  params: idParams,
  response: gridCaseDetail,
});

export const getGridCasePhoto = endpoint({
  method: 'GET',
  path: '/api/grid/cases/:id/photos/:fileId',
  permission: 'grid.read',
  summary: '网格事件照片 / A photo of a grid case (found or handled) within the case’s reach (404 for a file that is not the case’s)',
  tags: ['grid'],
  params: photoParams,
  produces: [mediaType.binary],
});

export const gridCaseInput = z.object({
  title: nameInput().min(2, '请填写标题 / write a title').max(200),
  description: textInput().max(4000).optional(),
  category: z.string().min(1).max(32),
  gridId: id,
  location: point.nullable().optional(),
  photoFileIds: photoFileIds.optional(),
});

export const createGridCase = endpoint({
  method: 'POST',
  path: '/api/grid/cases',
  permission: 'grid.patrol',
  summary: '立案 / Register a grid case in one of the caller’s grids',
  tags: ['grid'],
  body: gridCaseInput,
  response: gridCaseDetail,
  status: 201,
  errors: ['RULE_VIOLATION'],
});

export const gridCaseAction = endpoint({
  method: 'POST',
  path: '/api/grid/cases/:id/actions/:action',
  permission: 'grid.case',
  summary: '网格事件处理 / A step: dispatch (派遣), handle (处置), verify (核查通过), return (核查未通过), close (结案), cancel (作废)',
  tags: ['grid'],
  params: actionParams,
  body: actionBody(gridCaseActionBodies),
  response: gridCaseDetail,
  errors: ['INVALID_TRANSITION', 'RULE_VIOLATION'],
});

export const statsQuery = z.object({ from: isoDate.optional(), to: isoDate.optional(), streetId: id.optional() });

export const memberStats = z.object({
  memberId: id,
  name: z.string(),
  grid: gridRef,
  /** Visits the plan called for in the period (each place: days ÷ its interval, rounded up). */
  planned: z.number().int(),
  /** Visits made, counted per place up to its plan. */
  done: z.number().int(),
  /** Places visited at least once ÷ places of the grid, 0..1. */
  coverage: z.number(),
  hazardsFound: z.number().int(),
  casesFound: z.number().int(),
  /** Visits made within the interval of the one before ÷ visits, 0..1 (1 with no visit due). */
  onTimeRate: z.number(),
});
export type MemberStats = z.infer<typeof memberStats>;

export const gridStats = z.object({
  from: isoDate,
  to: isoDate,
  members: z.array(memberStats),
  totals: memberStats.omit({ memberId: true, name: true, grid: true }).extend({ members: z.number().int() }),
});
export type GridStats = z.infer<typeof gridStats>;

export const getStats = endpoint({
  method: 'GET',
  path: '/api/grid/stats',
  permission: 'grid.read',
  summary: '网格员考核 / Each grid member’s patrols against plan, coverage, findings and on-time rate (default: the last 28 days)',
  tags: ['grid'],
  query: statsQuery,
  response: gridStats,
  errors: ['RULE_VIOLATION'],
});

export const exportStats = endpoint({
  method: 'GET',
  path: '/api/grid/stats.xlsx',
  permission: 'grid.read',
  summary: '导出网格员考核 / The same figures as xlsx',
  tags: ['grid'],
  query: statsQuery,
  produces: [mediaType.xlsx],
  errors: ['RULE_VIOLATION'],
});

const settingSource = z.object({
  text: bilingual,
  /** False: the platform's own default, not a regulation's (shown as 未核实). */
  verified: z.boolean(),
  /** The value is still the platform's default. */
  isDefault: z.boolean(),
});

export const gridSettingsView = z.object({
  settings: gridSettings,
  sources: z.object({ intervalDays: settingSource, checkInRadiusM: settingSource, caseCategories: settingSource }),
  updatedAt: timestamp.nullable(),
  updatedBy: z.string().nullable(),
});
export type GridSettingsView = z.infer<typeof gridSettingsView>;

export const getSettings = endpoint({
  method: 'GET',
  path: '/api/grid/settings',
  permission: 'grid.read',
  summary: '网格巡查设置 / Patrol intervals by level, the check-in radius and case categories, each with its source',
  tags: ['grid'],
  response: gridSettingsView,
});

export const putSettings = endpoint({
  method: 'PUT',
  path: '/api/grid/settings',
  permission: 'grid.manage',
  summary: '修改网格巡查设置 / Change the settings (the whole object)',
  tags: ['grid'],
  body: gridSettings,
  response: gridSettingsView,
});
