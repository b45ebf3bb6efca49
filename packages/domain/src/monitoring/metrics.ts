import { type Bilingual, bi } from '../i18n.js';

/**
 * Device types of the monitoring module: the 城市安全风险综合监测预警平台建设指南 (2021 试行) groups the
 * monitoring into 城市生命线 (gas, water, heat, power, bridges, 综合管廊), 公共安全 (crowds, elevators, fire),
 * 生产安全 (tanks, hazardous chemicals of major-hazard units) and 自然灾害 (weather).
 */
export const deviceTypes = {
  gas: bi('燃气', 'Gas'),
  water: bi('供水', 'Water supply'),
  heat: bi('供热', 'Heating'),
  power: bi('电力', 'Power'),
  bridge: bi('桥梁', 'Bridge'),
  pipe_gallery: bi('综合管廊', 'Utility tunnel'),
  crowd: bi('人员密集场所', 'Crowded place'),
  elevator: bi('电梯', 'Elevator'),
  tank: bi('储罐', 'Storage tank'),
  hazmat: bi('危化品', 'Hazardous chemicals'),
  fire: bi('消防', 'Fire protection'),
  weather: bi('气象', 'Weather'),
  other: bi('其他', 'Other'),
} as const satisfies Record<string, Bilingual>;

export type DeviceType = keyof typeof deviceTypes;
export const deviceTypeCodes = Object.keys(deviceTypes) as [DeviceType, ...DeviceType[]];

export const deviceStatuses = ['active', 'disabled'] as const;
export type DeviceStatus = (typeof deviceStatuses)[number];

/** What the device page and the map show: `alarm` while an alarm is open, `offline` after 3 silent intervals. */
export const deviceStates = {
  normal: bi('正常', 'Normal'),
  alarm: bi('报警', 'Alarm'),
  offline: bi('离线', 'Offline'),
  disabled: bi('停用', 'Disabled'),
} as const satisfies Record<string, Bilingual>;
export type DeviceState = keyof typeof deviceStates;

/** A device counts as offline when it has been silent for this many expected reporting intervals. */
export const OFFLINE_AFTER_INTERVALS = 3;

/**
 * Units a metric may be measured in, by their symbol as stored and shown; `aliases` are ASCII spellings a
 * gateway may send instead (normalised to the symbol on registration).
 */
export const metricUnits = {
  '%LEL': { label: bi('爆炸下限百分比', 'Percent of lower explosive limit'), aliases: ['%lel', 'LEL%'] },
  ppm: { label: bi('百万分之一（体积）', 'Parts per million'), aliases: [] },
  '%VOL': { label: bi('体积百分比', 'Percent by volume'), aliases: ['%vol'] },
  MPa: { label: bi('兆帕', 'Megapascal'), aliases: ['mpa'] },
  kPa: { label: bi('千帕', 'Kilopascal'), aliases: ['kpa'] },
  m: { label: bi('米', 'Metre'), aliases: [] },
  mm: { label: bi('毫米', 'Millimetre'), aliases: [] },
  'm³/h': { label: bi('立方米每小时', 'Cubic metres per hour'), aliases: ['m3/h'] },
  'L/s': { label: bi('升每秒', 'Litres per second'), aliases: ['l/s'] },
  '℃': { label: bi('摄氏度', 'Degree Celsius'), aliases: ['°C', 'C', 'degC'] },
  '%RH': { label: bi('相对湿度', 'Relative humidity'), aliases: ['%rh'] },
  με: { label: bi('微应变', 'Microstrain'), aliases: ['ue', 'microstrain'] },
  '°': { label: bi('度（倾角）', 'Degree (tilt)'), aliases: ['deg'] },
  'mm/s': { label: bi('毫米每秒（振动速度）', 'Millimetres per second (vibration)'), aliases: [] },
  'm/s': { label: bi('米每秒', 'Metres per second'), aliases: [] },
  'mm/h': { label: bi('毫米每小时（雨强）', 'Millimetres per hour (rain)'), aliases: [] },
  V: { label: bi('伏', 'Volt'), aliases: ['v'] },
  A: { label: bi('安', 'Ampere'), aliases: ['a'] },
  kW: { label: bi('千瓦', 'Kilowatt'), aliases: ['kw'] },
  人: { label: bi('人数', 'People'), aliases: ['persons', 'people'] },
  '人/㎡': { label: bi('人每平方米', 'People per square metre'), aliases: ['persons/m2', '人/m2', '人/m²'] },
  '%': { label: bi('百分比', 'Percent'), aliases: [] },
  state: { label: bi('状态码', 'State code'), aliases: [] },
} as const satisfies Record<string, { label: Bilingual; aliases: readonly string[] }>;

export type MetricUnit = keyof typeof metricUnits;

const unitBySpelling = new Map<string, MetricUnit>(
  (Object.entries(metricUnits) as [MetricUnit, { aliases: readonly string[] }][]).flatMap(([unit, { aliases }]) => [
    [unit, unit] as const,
    ...aliases.map((alias) => [alias, unit] as const),
  ]),
);

/** The unit's symbol for a symbol or one of its aliases; undefined when the unit is unknown. */
export const normaliseUnit = (spelling: string): MetricUnit | undefined => unitBySpelling.get(spelling.trim());

/** A metric key: lower-case ASCII, as it appears in the payload's `values`. */
export const METRIC_KEY_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;
/** A device code: the last segment of its MQTT topic. */
export const DEVICE_CODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Well-known metric keys with their label and usual unit (the register form suggests them; other keys are allowed). */
export const knownMetrics = {
  gas_lel: { label: bi('可燃气体浓度', 'Combustible gas'), unit: '%LEL' },
  ch4: { label: bi('甲烷浓度', 'Methane'), unit: '%VOL' },
  co: { label: bi('一氧化碳', 'Carbon monoxide'), unit: 'ppm' },
  h2s: { label: bi('硫化氢', 'Hydrogen sulphide'), unit: 'ppm' },
  o2: { label: bi('氧气浓度', 'Oxygen'), unit: '%VOL' },
  pressure: { label: bi('压力', 'Pressure'), unit: 'MPa' },
  level: { label: bi('液位', 'Level'), unit: 'm' },
  water_level: { label: bi('水位', 'Water level'), unit: 'm' },
  flow: { label: bi('流量', 'Flow'), unit: 'm³/h' },
  temperature: { label: bi('温度', 'Temperature'), unit: '℃' },
  humidity: { label: bi('湿度', 'Humidity'), unit: '%RH' },
  strain: { label: bi('应变', 'Strain'), unit: 'με' },
  displacement: { label: bi('位移', 'Displacement'), unit: 'mm' },
  settlement: { label: bi('沉降', 'Settlement'), unit: 'mm' },
  tilt: { label: bi('倾角', 'Tilt'), unit: '°' },
  vibration: { label: bi('振动', 'Vibration'), unit: 'mm/s' },
  people_count: { label: bi('人数', 'People count'), unit: '人' },
  density: { label: bi('人员密度', 'Crowd density'), unit: '人/㎡' },
  elevator_state: { label: bi('电梯状态', 'Elevator state'), unit: 'state' },
  rainfall: { label: bi('雨强', 'Rainfall'), unit: 'mm/h' },
  wind_speed: { label: bi('风速', 'Wind speed'), unit: 'm/s' },
  voltage: { label: bi('电压', 'Voltage'), unit: 'V' },
  current: { label: bi('电流', 'Current'), unit: 'A' },
  load: { label: bi('负荷', 'Load'), unit: 'kW' },
} as const satisfies Record<string, { label: Bilingual; unit: MetricUnit }>;

export type KnownMetric = keyof typeof knownMetrics;

/** One metric a device reports, as stored on the device. */
export interface DeviceMetric {
  key: string;
  unit: MetricUnit;
  label?: string;
}

/** The label of a metric: the device's own, else the well-known one, else the key. */
export function metricLabel(metric: { key: string; label?: string }, lang: 'zh' | 'en' = 'zh'): string {
  if (metric.label) return metric.label;
  const known = (knownMetrics as Record<string, { label: Bilingual }>)[metric.key];
  return known ? known.label[lang] : metric.key;
}

/** The chart buckets of `/series`: raw readings, per-minute and per-hour roll-ups. */
export const seriesBuckets = ['raw', 'minute', 'hour'] as const;
export type SeriesBucket = (typeof seriesBuckets)[number];

/** The bucket a chart of this span reads when none is asked for: raw up to 6 hours, minutes up to 7 days, else hours. */
export function bucketForSpan(spanMs: number): SeriesBucket {
  if (spanMs <= 6 * 3600_000) return 'raw';
  if (spanMs <= 7 * 86400_000) return 'minute';
  return 'hour';
}
