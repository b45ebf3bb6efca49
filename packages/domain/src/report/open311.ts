import type { Bilingual } from '../i18n.js';
import { type ReportOutcome, type ReportStatus, reportOutcomeLabels, reportWorkflow } from './workflow.js';

/**
 * Open311 GeoReport v2 (open311/open311.github.io `GeoReport_v2/index.md`, frozen; standards.md §1): the documents
 * the district's reports are published and received in. The spec's rules applied here:
 * - XML is required, JSON optional with the same structure ("Spark convention": a list's parent element is the JSON
 *   array, e.g. `<services><service>` ↔ `[{…}]`); the format is the path's suffix `.xml` / `.json`.
 * - Datetimes are ISO 8601 (the W3C note) and must carry their zone: ours are written in +08:00 (Asia/Shanghai).
 * - A request's `status` is only `open` or `closed`; `GET /requests` returns the last 90 days or the first 1000
 *   requests, whichever is smaller, and a `start_date`..`end_date` range may not span more than 90 days.
 * - Errors are a list of `{code, description}` (`<errors><error>`): 400 for a missing or invalid argument, 403 for a
 *   missing or invalid `api_key`, 404 for an unknown service code or request.
 * The reporter's identity (name, phone, e-mail) is never in a GET answer (举报奖励办法: 举报人信息保密).
 */

export const open311Formats = ['json', 'xml'] as const;
export type Open311Format = (typeof open311Formats)[number];

/** The content types the spec names for each format (both UTF-8). */
export const open311ContentType: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The specification token the discovery document names (Service Discovery spec: "http://wiki.open311.org/GeoReport_v2"). */
export const open311Specification = 'http://wiki.open311.org/GeoReport_v2';

/** `GET /requests` answers at most this many requests over at most this many days (the spec's "Response Volume"). */
export const open311MaxRequests = 1000;
export const open311WindowDays = 90;
const DAY_MS = 86_400_000;

/** The spec limits a request's description to 4 000 characters. */
export const open311DescriptionMax = 4000;

/** "A brief description ... service_notice" of every created report: what happens next, with the statutory limit. */
export const open311ServiceNotice =
  '举报已接收，将在受理时限内决定是否受理；受理后 60 日内办结（可延期一次，不超过 30 日）。/ Received: a decision on acceptance ' +
  'follows within the acceptance limit; an accepted report is handled within 60 days (one extension of at most 30 days).';

const OFFSET_MS = 8 * 3600 * 1000;

/** A date as the spec's W3C datetime in China Standard Time: `2026-03-01T09:30:00+08:00` (whole seconds). */
export function open311DateTime(at: Date): string {
  return `${new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/**
 * Reads a `start_date` / `end_date` argument: a W3C datetime with its zone (`2010-01-01T00:00:00Z`, `…+08:00`), or a
 * bare date taken as that day's 00:00 in Asia/Shanghai. A datetime without a zone is ambiguous and refused (null).
 */
export function parseOpen311DateTime(text: string): Date | null {
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const full = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  if (!dateOnly && !full) return null;
  const at = new Date(dateOnly ? `${text}T00:00:00+08:00` : text);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** The time window of `GET /requests`, or the reason the arguments cannot make one. */
export type Open311Window = { from: Date; to: Date } | { error: string };

/**
 * The spec's window: both dates as given (at most 90 days apart); one date and 90 days from or to it; neither:
 * the last 90 days up to now.
 */
export function open311Window(startDate: Date | null, endDate: Date | null, now: Date): Open311Window {
  const span = open311WindowDays * DAY_MS;
  const to = endDate ?? (startDate ? new Date(Math.min(startDate.getTime() + span, now.getTime())) : now);
  const from = startDate ?? new Date(to.getTime() - span);
  if (from > to) return { error: 'start_date must not be after end_date / 开始时间不能晚于结束时间' };
  if (to.getTime() - from.getTime() > span) {
    return { error: `start_date and end_date may not span more than ${open311WindowDays} days / 查询区间不能超过 ${open311WindowDays} 天` };
  }
  return { from, to };
}

/** `open` or `closed`, the only statuses the spec knows: a report is closed in a terminal state of its workflow. */
export type Open311Status = 'open' | 'closed';
export const open311StatusOf = (status: ReportStatus): Open311Status =>
  (reportWorkflow.states[status] as { terminal?: boolean }).terminal ? 'closed' : 'open';

/** Reads a comma list of statuses (`open,closed`); null when one of them is neither. */
export function parseOpen311Statuses(text: string): Open311Status[] | null {
  const items = splitList(text);
  return items.every((s): s is Open311Status => s === 'open' || s === 'closed') ? items : null;
}

/** The spec's comma-delimited lists (service_request_id, service_code, status), blanks dropped. */
export const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

const both = (b: Bilingual) => `${b.zh} / ${b.en}`;

/**
 * `status_notes`: the state in words and, once handled, the outcome (转办 names the unit it went to; a merged
 * duplicate says so, as the spec's example "Duplicate request."). Never the office's free-text reply, which is
 * written to the reporter and may name them.
 */
export function open311StatusNotes(r: {
  status: ReportStatus;
  outcome: ReportOutcome | null;
  transferredTo: string | null;
  duplicate: boolean;
}): string {
  if (r.duplicate) return '重复举报，已并入先前的举报 / Duplicate request, merged into an earlier report.';
  const state = both(reportWorkflow.states[r.status].label);
  if (!r.outcome) return state;
  const outcome = both(reportOutcomeLabels[r.outcome]);
  return r.outcome === 'transferred' && r.transferredTo ? `${state}: ${outcome} → ${r.transferredTo}` : `${state}: ${outcome}`;
}

/**
 * Contact details a reporter may have typed into the description, replaced before it is published: mainland
 * mobile numbers, landlines with an area code, 18-character resident ID numbers and e-mail addresses. The identity
 * fields themselves never reach a GET answer; this guards the free text.
 */
const contactPatterns: RegExp[] = [
  /[\w.+-]+@[\w-]+(\.[\w-]+)+/g,
  /(?<!\d)\d{17}[\dXx](?![\dXx])/g,
  /(?<!\d)(\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g,
  /(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g,
];
export function redactContacts(text: string): string {
  return contactPatterns.reduce((t, p) => t.replace(p, '***'), text);
}

/** A service (`GET /services`): one report category. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

/** The statutory categories (rewarded by the 举报奖励办法) form one group, the district's own the other. */
const statutory = new Set(['major_hazard', 'violation', 'concealed_accident']);

/**
 * A category as a service. `realtime`: the tracking code is the `service_request_id`, given at once. `metadata` is
 * true because every category takes the optional attributes below.
 */
export function open311Service(c: { code: string; nameZh: string; nameEn: string; open311Description: string }): Open311Service {
  return {
    service_code: c.code,
    service_name: `${c.nameZh} / ${c.nameEn}`,
    description: c.open311Description,
    metadata: true,
    type: 'realtime',
    keywords: `${c.nameZh}, ${c.nameEn}, 举报`,
    group: statutory.has(c.code) ? '安全生产举报 / Work-safety reports' : '城市安全 / Urban safety',
  };
}

/** An attribute of a service definition (`GET /services/{code}`). */
export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

/** The report fields an app may send besides the spec's own arguments, as `attribute[code]=value`. */
export const open311AttributeFields = {
  reported_org: 'reportedOrgName',
  place_name: 'placeName',
  title: 'title',
} as const;
export type Open311AttributeCode = keyof typeof open311AttributeFields;

export const open311Attributes: readonly Open311Attribute[] = [
  {
    variable: true,
    code: 'reported_org',
    datatype: 'string',
    required: false,
    datatype_description: '单位全称，至多 200 字 / The unit’s full name, at most 200 characters',
    order: 1,
    description: '被举报单位 / The business or unit reported',
    values: [],
  },
  {
    variable: true,
    code: 'place_name',
    datatype: 'string',
    required: false,
    datatype_description: '至多 200 字 / At most 200 characters',
    order: 2,
    description: '场所名称（如店名、楼栋）/ The place (shop, building)',
    values: [],
  },
  {
    variable: true,
    code: 'title',
    datatype: 'string',
    required: false,
    datatype_description: '至多 200 字 / At most 200 characters',
    order: 3,
    description: '一句话概括 / A one-line summary',
    values: [],
  },
];

/** One request as `GET /requests` and `GET /requests/{id}` answer it: the spec's fields in the spec's order. */
export interface Open311Request {
  service_request_id: string;
  status: Open311Status;
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: null;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: null;
}

/** What a report row gives to an Open311 request; nothing of `report_reporters` is among it. */
export interface Open311ReportFacts {
  code: string;
  status: ReportStatus;
  category: string;
  categoryName: string;
  description: string;
  address: string | null;
  placeName: string | null;
  lng: number | null;
  lat: number | null;
  assignedOrgName: string | null;
  outcome: ReportOutcome | null;
  transferredTo: string | null;
  duplicate: boolean;
  receivedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  acceptDueAt: Date;
  dueAt: Date | null;
  extendedUntil: Date | null;
}

/**
 * A report as an Open311 request. `expected_datetime` is the limit in force: the extension, else the 60 days from
 * acceptance, else the acceptance limit; none once closed. `updated_datetime` of a closed report is its closing
 * (the spec: "For requests with status=closed, this will be the date the request was closed"). Photos stay behind
 * the login (they may show people), so `media_url` is empty.
 */
export function open311Request(r: Open311ReportFacts): Open311Request {
  const status = open311StatusOf(r.status);
  const expected = status === 'closed' ? null : (r.extendedUntil ?? r.dueAt ?? r.acceptDueAt);
  return {
    service_request_id: r.code,
    status,
    status_notes: open311StatusNotes(r),
    service_name: r.categoryName,
    service_code: r.category,
    description: redactContacts(r.description),
    agency_responsible: r.assignedOrgName,
    service_notice: null,
    requested_datetime: open311DateTime(r.receivedAt),
    updated_datetime: open311DateTime(status === 'closed' && r.closedAt ? r.closedAt : r.updatedAt),
    expected_datetime: expected ? open311DateTime(expected) : null,
    address: [r.address, r.placeName].filter(Boolean).join(' ') || null,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lng,
    media_url: null,
  };
}

/** One error of an `errors` body. */
export interface Open311Error {
  code: number;
  description: string;
}

/** The parent elements whose JSON arrays are lists of one named child in XML (the spec's examples). */
const xmlItem: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

/** Characters XML 1.0 cannot carry at all, dropped; the rest escaped. */
const escapeXml = (text: string): string =>
  text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

function xmlElement(name: string, value: unknown, indent: string): string {
  if (value === null || value === undefined) return `${indent}<${name}></${name}>\n`;
  if (Array.isArray(value)) {
    const item = xmlItem[name];
    if (!item) throw new Error(`no XML item element for the list ${name}`);
    return `${indent}<${name}>\n${value.map((v) => xmlElement(item, v, `${indent}  `)).join('')}${indent}</${name}>\n`;
  }
  if (typeof value === 'object') {
    const children = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => xmlElement(k, v, `${indent}  `))
      .join('');
    return `${indent}<${name}>\n${children}${indent}</${name}>\n`;
  }
  return `${indent}<${name}>${escapeXml(String(value))}</${name}>\n`;
}

/**
 * A document in XML as the spec writes it: the declaration with `encoding="utf-8"`, no namespace, the root named
 * `root` (a list root such as `services` holds one `service` per item), booleans as `true`/`false`, null as an
 * empty element.
 */
export function open311Xml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${xmlElement(root, value, '')}`;
}

/** The root element of each document, for the XML form (the JSON form is the value itself). */
export const open311Roots = {
  discovery: 'discovery',
  services: 'services',
  serviceDefinition: 'service_definition',
  requests: 'service_requests',
  errors: 'errors',
} as const;

/**
 * When this server's Service Discovery document or service definitions last changed in shape (the spec's
 * `changeset`, "sortable"): the attributes above. Categories an administrator edits are read live by `services`.
 */
export const open311Changeset = '2026-11-30 00:00';

/** The Service Discovery document (open311.github.io `Service_Discovery.md`): one production GeoReport v2 endpoint. */
export function open311Discovery(endpointUrl: string) {
  return {
    changeset: open311Changeset,
    contact: '区安委办举报受理（12350 安全生产举报热线）/ The district work-safety committee office (hotline 12350)',
    key_service:
      'API key 由区安委办在城安平台“举报 › Open311 接入”签发 / Keys are issued by the district office in CitySafe: Reports › Open311 apps',
    endpoints: [
      {
        specification: open311Specification,
        url: endpointUrl,
        changeset: open311Changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}
