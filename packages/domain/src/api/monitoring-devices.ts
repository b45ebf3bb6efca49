import { z } from 'zod';
import {
  DEVICE_CODE_PATTERN,
  deviceStates,
  deviceStatuses,
  deviceTypeCodes,
  METRIC_KEY_PATTERN,
  normaliseUnit,
  seriesBuckets,
} from '../monitoring/metrics.js';
import { nameInput } from '../text.js';
import { id, idParams, listQuery, page, timestamp } from './common.js';
import { endpoint, type Endpoint, mediaType } from './endpoint.js';

/** The monitoring module's endpoints: monitoring-devices part (devices, readings, series, telemetry over HTTP). */

const tags = ['monitoring'];

export const deviceCode = z
  .string()
  .trim()
  .regex(DEVICE_CODE_PATTERN, '设备编码只能由 1–64 位字母、数字、_ 和 - 组成 / the device code is 1–64 letters, digits, _ or -');

/** One metric a device reports: its key in the payload and its unit (a symbol of `metricUnits` or an alias). */
export const deviceMetricInput = z.object({
  key: z
    .string()
    .trim()
    .regex(
      METRIC_KEY_PATTERN,
      '指标键须为小写字母开头的 1–32 位 a-z、0-9、_ / the metric key is 1–32 of a-z, 0-9, _ starting with a letter',
    ),
  unit: z
    .string()
    .trim()
    .transform((u, ctx) => {
      const unit = normaliseUnit(u);
      if (!unit) ctx.addIssue({ code: 'custom', message: `未知的计量单位「${u}」/ unknown unit "${u}"` });
      return unit ?? z.NEVER;
    }),
  label: nameInput().max(30).optional(),
});

const metrics = z
  .array(deviceMetricInput)
  .min(1, '至少一个监测指标 / at least one metric')
  .max(32)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((m, i) => {
      if (seen.has(m.key))
        ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `指标「${m.key}」重复 / duplicate metric "${m.key}"` });
      seen.add(m.key);
    });
  });

export const deviceInput = z.object({
  code: deviceCode,
  name: nameInput().min(1).max(100),
  type: z.enum(deviceTypeCodes),
  orgId: id,
  lng: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  placeName: nameInput().max(200).nullable().optional(),
  riskSourceId: id.nullable().optional(),
  majorHazardUnitId: id.nullable().optional(),
  intervalSeconds: z.number().int().min(1).max(86_400).optional(),
  metrics,
});
export const deviceUpdate = deviceInput
  .omit({ code: true })
  .partial()
  .extend({ status: z.enum(deviceStatuses).optional() });

export const deviceActionNames = ['update', 'token'] as const;

export const deviceMetric = z.object({ key: z.string(), unit: z.string(), label: z.string().optional() });

export const device = z.object({
  id,
  code: z.string(),
  name: z.string(),
  type: z.enum(deviceTypeCodes),
  orgId: id,
  orgName: z.string(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  placeName: z.string().nullable(),
  streetId: id.nullable(),
  streetName: z.string().nullable(),
  riskSourceId: id.nullable(),
  majorHazardUnitId: id.nullable(),
  metrics: z.array(deviceMetric),
  intervalSeconds: z.number().int(),
  status: z.enum(deviceStatuses),
  /** normal | alarm (an open alarm) | offline (silent for 3 intervals) | disabled. */
  state: z.enum(Object.keys(deviceStates) as [keyof typeof deviceStates, ...(keyof typeof deviceStates)[]]),
  lastSeenAt: timestamp.nullable(),
  malformedCount: z.number().int(),
  lastMalformedAt: timestamp.nullable(),
  lastMalformedReason: z.string().nullable(),
  hasToken: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
  allowedActions: z.array(z.enum(deviceActionNames)),
});
export type Device = z.infer<typeof device>;

const listFilters = {
  type: z.enum(deviceTypeCodes).optional(),
  status: z.enum(deviceStatuses).optional(),
  orgId: id.optional(),
  streetId: id.optional(),
};
export const deviceListQuery = listQuery({ sort: ['code', 'name', 'lastSeenAt'], filters: listFilters });

const range = {
  metric: z.string().regex(METRIC_KEY_PATTERN, '指标键不正确 / invalid metric key'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};
/** Readings are a list like the others (page, sort by time either way); without `metric`, the device's first metric. */
export const readingsQuery = listQuery({
  sort: ['ts'],
  pageSize: { default: 500, max: 5000 },
  filters: { ...range, metric: range.metric.optional() },
});
export const reading = z.object({ ts: timestamp, value: z.number() });
export const seriesQuery = z.object({ ...range, bucket: z.enum(seriesBuckets).optional() });
export const seriesPoint = z.object({ ts: timestamp, min: z.number(), max: z.number(), avg: z.number(), count: z.number().int() });
export const series = z.object({ bucket: z.enum(seriesBuckets), points: z.array(seriesPoint) });

/** One telemetry message: a time and metric values (the MQTT payload is one of these or an array). */
export const telemetryItem = z.object({
  device: deviceCode,
  ts: z.iso.datetime({ offset: true }),
  values: z.record(z.string(), z.number()),
});
export const telemetryResult = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ index: z.number().int(), field: z.string(), message: z.object({ zh: z.string(), en: z.string() }) })),
});

const feature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.object({ id: z.string(), code: z.string(), name: z.string(), type: z.string(), state: z.string() }),
});
const featureCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(feature) });

export const list = endpoint({
  method: 'GET',
  path: '/api/devices',
  permission: 'monitoring.read',
  summary: '监测设备列表 / Devices within the caller’s reach',
  tags,
  query: deviceListQuery,
  response: page(device),
});
export const geojson = endpoint({
  method: 'GET',
  path: '/api/devices.geojson',
  permission: 'monitoring.read',
  summary: '监测设备地图 / Devices as GeoJSON points with their state',
  tags,
  query: z.object(listFilters),
  response: featureCollection,
});
export const xlsx = endpoint({
  method: 'GET',
  path: '/api/devices.xlsx',
  permission: 'monitoring.read',
  summary: '导出监测设备 / Devices as xlsx',
  tags,
  query: z.object(listFilters),
  produces: [mediaType.xlsx],
});
export const create = endpoint({
  method: 'POST',
  path: '/api/devices',
  permission: 'monitoring.device',
  summary: '登记监测设备 / Register a device',
  tags,
  body: deviceInput,
  response: device,
  status: 201,
  errors: ['CONFLICT'],
});
export const get = endpoint({
  method: 'GET',
  path: '/api/devices/:id',
  permission: 'monitoring.read',
  summary: '监测设备 / One device with its state and malformed-payload counter',
  tags,
  params: idParams,
  response: device,
});
export const update = endpoint({
  method: 'PUT',
  path: '/api/devices/:id',
  permission: 'monitoring.device',
  summary: '修改监测设备 / Change a device',
  tags,
  params: idParams,
  body: deviceUpdate,
  response: device,
});
export const issueToken = endpoint({
  method: 'POST',
  path: '/api/devices/:id/token',
  permission: 'monitoring.device',
  summary: '签发设备令牌 / Issue the device’s API token (shown once; replaces the previous one)',
  tags,
  params: idParams,
  response: z.object({ token: z.string(), prefix: z.string() }),
  status: 201,
});
export const readings = endpoint({
  method: 'GET',
  path: '/api/devices/:id/readings',
  permission: 'monitoring.read',
  summary: '监测数据 / Stored readings of one metric in time order',
  tags,
  params: idParams,
  query: readingsQuery,
  response: page(reading),
});
export const seriesOf = endpoint({
  method: 'GET',
  path: '/api/devices/:id/series',
  permission: 'monitoring.read',
  summary: '监测曲线 / A metric for charts: raw, per-minute or per-hour min/max/avg',
  tags,
  params: idParams,
  query: seriesQuery,
  response: series,
});
export const telemetry = endpoint({
  method: 'POST',
  path: '/api/telemetry',
  permission: 'telemetry.publish',
  summary: '上报监测数据 / Readings over HTTP for gateways without MQTT (idempotent by device, metric and time)',
  tags,
  /** One object or an array; each item is checked on its own, so one bad item is reported and the rest stored. */
  body: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown()).min(1).max(5000)]),
  response: telemetryResult,
  status: 202,
});

export const endpoints = { list, geojson, xlsx, create, get, update, issueToken, readings, seriesOf, telemetry } satisfies Record<
  string,
  Endpoint
>;
