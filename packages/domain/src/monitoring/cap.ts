import { type Bilingual, bi } from '../i18n.js';
import type { Confidence } from '../risk/grading.js';
import { alarmSettingSources } from './alarm-levels.js';

/**
 * CAP 1.2 (OASIS, "Common Alerting Protocol Version 1.2", 2010; https://docs.oasis-open.org/emergency/cap/v1.2/CAP-v1.2.html)
 * and its Chinese profile GB/T 35965.1-2018 《应急信息交互协议 第1部分：预警信息》 (in force 2018-08-01): the values our
 * warnings are written with. Copied from the project's reference notes on the standards (§3, §7); what is marked
 * `verified: false` could not be read in the standard's own text and is this project's reading.
 */
export const capNamespace = 'urn:oasis:names:tc:emergency:cap:1.2';
/** The media type of a CAP document (IANA registration `application/cap+xml`, CAP 1.2 §3.3.2 / RFC 7303 convention). */
export const capMediaType = 'application/cap+xml';

/** The four statutory warning levels, 一级 highest (《突发事件应对法》 2007 Art. 42: 红/橙/黄/蓝). */
export const warningLevels = ['red', 'orange', 'yellow', 'blue'] as const;
export type WarningLevel = (typeof warningLevels)[number];
export const warningLevelLabels: Record<WarningLevel, Bilingual> = {
  red: bi('红色预警（一级）', 'Red (level I)'),
  orange: bi('橙色预警（二级）', 'Orange (level II)'),
  yellow: bi('黄色预警（三级）', 'Yellow (level III)'),
  blue: bi('蓝色预警（四级）', 'Blue (level IV)'),
};

export const capUrgencies = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const capSeverities = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const capCertainties = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
export const capCategories = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export type CapUrgency = (typeof capUrgencies)[number];
export type CapSeverity = (typeof capSeverities)[number];
export type CapCertainty = (typeof capCertainties)[number];
export type CapCategory = (typeof capCategories)[number];

/** One row of the level table: what a Chinese level is written as in CAP, and where that comes from. */
export interface CapLevelMapping {
  severity: CapSeverity;
  urgency: CapUrgency;
  certainty: CapCertainty;
  source: string;
  verified: boolean;
}

/**
 * 红/橙/黄/蓝 → CAP severity/urgency/certainty. Severity follows the order of both scales (CAP 1.2 §3.2.2 severity:
 * Extreme "extraordinary threat", Severe "significant threat", Moderate "possible threat", Minor "minimal to no
 * known threat"), the highest Chinese level to the highest CAP value. GB/T 35965.1-2018 writes the Chinese colour in
 * its own severity code list (Red/Orange/Yellow/Blue); its exact table was not available to us, so this mapping is
 * marked unverified. Urgency and certainty are not carried by the colour: a warning is issued ahead of the event
 * (red Immediate: "responsive action should be taken immediately"; orange Expected: "soon (within next hour)";
 * yellow and blue Future) and is a forecast (Likely: "> ~50 %" for red/orange, Possible for yellow/blue). An importer keeps the values
 * of the CAP document it reads; these are only what we write.
 */
export const capLevelTable: Record<WarningLevel, CapLevelMapping> = {
  red: {
    severity: 'Extreme',
    urgency: 'Immediate',
    certainty: 'Likely',
    source: 'CAP 1.2 §3.2.2; GB/T 35965.1-2018 (colour codes)',
    verified: false,
  },
  orange: {
    severity: 'Severe',
    urgency: 'Expected',
    certainty: 'Likely',
    source: 'CAP 1.2 §3.2.2; GB/T 35965.1-2018 (colour codes)',
    verified: false,
  },
  yellow: {
    severity: 'Moderate',
    urgency: 'Future',
    certainty: 'Possible',
    source: 'CAP 1.2 §3.2.2; GB/T 35965.1-2018 (colour codes)',
    verified: false,
  },
  blue: {
    severity: 'Minor',
    urgency: 'Future',
    certainty: 'Possible',
    source: 'CAP 1.2 §3.2.2; GB/T 35965.1-2018 (colour codes)',
    verified: false,
  },
};

/** The Chinese level of an imported CAP `severity`: the table read backwards (Unknown counts as blue, the lowest). */
export const levelOfSeverity = (severity: string): WarningLevel =>
  (warningLevels.find((level) => capLevelTable[level].severity === severity) ?? 'blue') as WarningLevel;

/** A kind of warning with the CAP `category` it is written with (CAP 1.2 §3.2.2 category values). */
export interface WarningType {
  label: Bilingual;
  category: CapCategory;
}

/** The kinds of warning the platform issues (issue #12: 气象/地质/洪涝/城市生命线/人员密集/危化品/other), as data. */
export const warningTypes = {
  weather: { label: bi('气象灾害', 'Weather'), category: 'Met' },
  geological: { label: bi('地质灾害', 'Geological hazard'), category: 'Geo' },
  flood: { label: bi('洪涝灾害', 'Flood'), category: 'Met' },
  lifeline: { label: bi('城市生命线', 'Urban lifelines'), category: 'Infra' },
  crowd: { label: bi('人员密集场所', 'Crowded places'), category: 'Safety' },
  hazmat: { label: bi('危险化学品', 'Hazardous chemicals'), category: 'CBRNE' },
  fire: { label: bi('火灾', 'Fire'), category: 'Fire' },
  other: { label: bi('其他', 'Other'), category: 'Other' },
} as const satisfies Record<string, WarningType>;
export type WarningTypeCode = keyof typeof warningTypes;
export const warningTypeCodes = Object.keys(warningTypes) as [WarningTypeCode, ...WarningTypeCode[]];

/** The type of an imported CAP `category`: the first of ours written with it, else `other`. */
export const typeOfCategory = (category: string): WarningTypeCode =>
  warningTypeCodes.find((code) => warningTypes[code].category === category) ?? 'other';

/**
 * A time as CAP writes it (CAP 1.2 §3.3.2: "2002-05-24T16:49:00-07:00", no fractional seconds, "-00:00" only for
 * UTC) in Beijing time, as GB/T 35965.1-2018 asks (+08:00).
 */
export function capTime(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3600_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

/**
 * A GeoJSON ring (longitude, latitude) as a CAP polygon: "lat,lon lat,lon …" (CAP 1.2 §3.2.4 polygon: "a paired
 * set of points … the first and last pairs of coordinates MUST be the same"), closed if the ring was not, in decimal degrees.
 */
export function capPolygon(ring: readonly (readonly number[])[]): string {
  const points = ring.map(([lon, lat]) => [lat!, lon!] as const);
  const first = points[0];
  const last = points.at(-1);
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) points.push(first);
  // Six decimals (about 0.1 m): no binary floating-point tails such as 109.03999999999999 in the message.
  const decimal = (n: number) => String(Number(n.toFixed(6)));
  return points.map(([lat, lon]) => `${decimal(lat)},${decimal(lon)}`).join(' ');
}

/** A CAP polygon read back into a closed GeoJSON ring; null when it is not at least four "lat,lon" pairs. */
export function ringOfCapPolygon(text: string): number[][] | null {
  const pairs = text
    .trim()
    .split(/\s+/)
    .map((pair) => pair.split(',').map(Number));
  if (pairs.length < 3 || pairs.some((p) => p.length !== 2 || p.some((n) => !Number.isFinite(n)))) return null;
  const ring = pairs.map(([lat, lon]) => [lon!, lat!]);
  const [first, last] = [ring[0]!, ring.at(-1)!];
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push(first);
  if (ring.length < 4) return null;
  if (ring.some(([lon, lat]) => Math.abs(lon!) > 180 || Math.abs(lat!) > 90)) return null;
  return ring;
}

/**
 * A CAP identifier after GB/T 35965.1-2018 附录A: `ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N` — 6-digit division code
 * (GB/T 2260), 3-digit agency code (GB/T 4657), 3-digit sub-unit (default 000), 2-digit extension (default 00),
 * the Beijing time of entry and a sequence digit 0–9 (the format partly verified in the reference notes).
 */
export function capIdentifier(prefix: { division: string; agency: string }, at: Date, sequence: number): string {
  const stamp = capTime(at).slice(0, 19).replace(/[-T:]/g, '');
  return `${prefix.division}${prefix.agency}00000_${stamp}_${sequence}`;
}

/**
 * Where each warning setting's default comes from and how sure we are of it ([V]/[U] as the alarm settings'). The SMS
 * gateway is the one the alarms send to: its source is theirs.
 */
export const warningSettingSources: Record<
  'smsGatewayUrl' | 'capSender' | 'divisionCode' | 'agencyCode',
  { source: Bilingual; confidence: Confidence }
> = {
  smsGatewayUrl: alarmSettingSources.smsGatewayUrl,
  capSender: {
    source: bi('本地配置（CAP 1.2 sender：全局唯一标识）', 'Local configuration (CAP 1.2 sender: globally unique)'),
    confidence: 'U',
  },
  divisionCode: {
    source: bi('GB/T 2260 行政区划代码：西安市灞桥区 610111', 'GB/T 2260 division code: 610111, Baqiao District of Xi’an'),
    confidence: 'V',
  },
  agencyCode: { source: bi('GB/T 4657 机构编码，未核实，默认 000', 'GB/T 4657 agency code, unverified; 000 by default'), confidence: 'U' },
};
