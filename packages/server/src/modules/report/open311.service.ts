import { AppError, api, bi, report as domain } from '@citysafe/domain';
import { and, asc, desc, eq, getTableColumns, gte, inArray, isNotNull, isNull, lte, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { randomToken, sha256 } from '../../platform/auth.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import { orgs } from '../identity/index.js';
import { open311Clients } from './open311.tables.js';
import { createReport } from './report-intake.service.js';
import { reportCategories, reports } from './report.tables.js';

/** A refusal in the spec's terms: the HTTP status and the `errors` list (`{code, description}`). */
export class Open311Failure extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly errors: domain.Open311Error[],
  ) {
    super(errors.map((e) => e.description).join('; '));
  }
}

const fail = (status: 400 | 403 | 404, description: string): never => {
  throw new Open311Failure(status, [{ code: status, description }]);
};

// ---- services ----

const activeCategories = (db: Db | Tx) =>
  db
    .select()
    .from(reportCategories)
    .where(eq(reportCategories.active, true))
    .orderBy(asc(reportCategories.sort), asc(reportCategories.code));

/** `GET /services`: each active report category. */
export async function open311Services(db: Db): Promise<domain.Open311Service[]> {
  return (await activeCategories(db)).map(domain.open311Service);
}

async function activeCategory(db: Db | Tx, code: string) {
  const [row] = await db
    .select()
    .from(reportCategories)
    .where(and(eq(reportCategories.code, code), eq(reportCategories.active, true)));
  return row ?? fail(404, `service_code ${code} not found / 没有此举报类别`);
}

/** `GET /services/{code}`: the attributes an app may send with a report of that category. */
export async function open311ServiceDefinition(db: Db, code: string) {
  await activeCategory(db, code);
  return { service_code: code, attributes: [...domain.open311Attributes] };
}

// ---- requests ----

/** The columns of a report an Open311 request is made of: none of `report_reporters`, none of the secret. */
const requestColumns = {
  code: reports.code,
  status: reports.status,
  category: reports.category,
  nameZh: reportCategories.nameZh,
  nameEn: reportCategories.nameEn,
  description: reports.description,
  address: reports.address,
  placeName: reports.placeName,
  lng: sql<number | null>`st_x(${reports.geom})`,
  lat: sql<number | null>`st_y(${reports.geom})`,
  assignedOrgName: orgs.name,
  outcome: reports.outcome,
  transferredTo: reports.transferredTo,
  duplicateOf: reports.duplicateOf,
  receivedAt: reports.receivedAt,
  updatedAt: reports.updatedAt,
  closedAt: reports.closedAt,
  acceptDueAt: reports.acceptDueAt,
  dueAt: reports.dueAt,
  extendedUntil: reports.extendedUntil,
};

type RequestRow = Awaited<ReturnType<typeof selectRequests>>[number];

const present = (r: RequestRow): domain.Open311Request =>
  domain.open311Request({
    code: r.code,
    status: r.status,
    category: r.category,
    categoryName: `${r.nameZh} / ${r.nameEn}`,
    description: r.description,
    address: r.address,
    placeName: r.placeName,
    // Both drivers may hand a double back as text.
    lng: r.lng === null ? null : Number(r.lng),
    lat: r.lat === null ? null : Number(r.lat),
    assignedOrgName: r.assignedOrgName,
    outcome: r.outcome,
    transferredTo: r.transferredTo,
    duplicate: r.duplicateOf !== null,
    receivedAt: r.receivedAt,
    updatedAt: r.updatedAt,
    closedAt: r.closedAt,
    acceptDueAt: r.acceptDueAt,
    dueAt: r.dueAt,
    extendedUntil: r.extendedUntil,
  });

const selectRequests = (db: Db, where: SQL | undefined) =>
  db
    .select(requestColumns)
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.code, reports.category))
    .leftJoin(orgs, eq(orgs.id, reports.assignedOrgId))
    .where(where)
    .orderBy(desc(reports.receivedAt), asc(reports.code))
    .limit(domain.open311MaxRequests);

/** The arguments of `GET /requests`, each optional, as they came in the query string. */
export interface Open311RequestQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
}

const dateArgument = (name: string, text: string | undefined): Date | null => {
  // "Optional" in the spec: an empty argument is the same as none.
  if (!text) return null;
  return domain.parseOpen311DateTime(text) ?? fail(400, `${name} must be a W3C datetime with its zone, e.g. 2026-01-01T00:00:00+08:00`);
};

/**
 * `GET /requests`: `service_request_id` (a comma list) overrides every other argument; otherwise the window of the
 * spec (at most 90 days, the last 90 by default), the service codes and the statuses; newest first, at most 1000.
 */
export async function open311Requests(db: Db, q: Open311RequestQuery): Promise<domain.Open311Request[]> {
  const ids = domain.splitList(q.service_request_id ?? '');
  if (ids.length > 0) {
    if (ids.length > domain.open311MaxRequests) fail(400, `at most ${domain.open311MaxRequests} service_request_id at once`);
    return (await selectRequests(db, inArray(reports.code, ids))).map(present);
  }
  const window = domain.open311Window(dateArgument('start_date', q.start_date), dateArgument('end_date', q.end_date), now(db));
  if ('error' in window) return fail(400, window.error);
  const codes = domain.splitList(q.service_code ?? '');
  const statuses = q.status ? domain.parseOpen311Statuses(q.status) : null;
  if (q.status && !statuses) fail(400, 'status must be open or closed (a comma list) / 状态只能是 open 或 closed');
  const terminal = domain.reportStatuses.filter((s) => domain.open311StatusOf(s) === 'closed');
  const wanted = new Set(statuses ?? []);
  const byStatus =
    wanted.size === 1
      ? wanted.has('closed')
        ? inArray(reports.status, terminal)
        : sql`${reports.status} not in (${sql.join(
            terminal.map((s) => sql`${s}`),
            sql`, `,
          )})`
      : undefined;
  return (
    await selectRequests(
      db,
      and(
        gte(reports.receivedAt, window.from),
        lte(reports.receivedAt, window.to),
        codes.length > 0 ? inArray(reports.category, codes) : undefined,
        byStatus,
      ),
    )
  ).map(present);
}

/** `GET /requests/{id}`: one report by its tracking code, as a list of one (the spec's `service_requests`). */
export async function open311Request(db: Db, code: string): Promise<domain.Open311Request[]> {
  const [row] = await selectRequests(db, eq(reports.code, code));
  return [row ? present(row) : fail(404, `service_request_id ${code} not found / 没有此举报`)];
}

/**
 * `GET /tokens/{token}`: our services are `realtime` (the tracking code comes back at once), so no token is ever
 * handed out; an app that kept a report's internal id as its token may still turn it into the tracking code.
 */
export async function open311Token(db: Db, token: string): Promise<{ service_request_id: string; token: string }[]> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const [row] = uuid.test(token) ? await db.select({ code: reports.code }).from(reports).where(eq(reports.id, token)) : [];
  return [row ? { service_request_id: row.code, token } : fail(404, `token ${token} not found`)];
}

// ---- API keys ----

const KEY_PREFIX = 'o311_';

/** The app an `api_key` belongs to, unless missing, unknown or revoked (403 in the spec); its last use recorded. */
export async function open311ClientOfKey(tx: Tx, apiKey: string | undefined): Promise<{ id: string; name: string }> {
  if (!apiKey) return fail(403, 'api_key is missing / 缺少 api_key');
  const [row] = await tx
    .update(open311Clients)
    .set({ lastUsedAt: now(tx) })
    .where(and(eq(open311Clients.keyHash, sha256(apiKey)), isNull(open311Clients.revokedAt)))
    .returning({ id: open311Clients.id, name: open311Clients.name });
  return row ?? fail(403, 'Invalid api_key received / api_key 无效或已吊销');
}

type ClientRow = typeof open311Clients.$inferSelect;

const presentClient = (c: ClientRow, reportCount: number): z.infer<typeof api.open311.open311Client> => ({
  id: c.id,
  name: c.name,
  keyPrefix: c.keyPrefix,
  createdAt: c.createdAt.toISOString(),
  lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
  revokedAt: c.revokedAt?.toISOString() ?? null,
  reports: reportCount,
});

// Spelled out: inside a select from open311_clients, the correlated column must name its table.
const reportCount = sql<number>`(select count(*)::int from reports r where r.open311_client_id = "open311_clients"."id")`;

export async function listOpen311Clients(db: Db, q: z.output<typeof api.open311.listOpen311Clients.query>) {
  const { rows, ...paging } = await listPage(
    db,
    db
      .select({ ...getTableColumns(open311Clients), reports: reportCount })
      .from(open311Clients)
      .$dynamic(),
    {
      where: [q.revoked === undefined ? undefined : q.revoked ? isNotNull(open311Clients.revokedAt) : isNull(open311Clients.revokedAt)],
      search: [open311Clients.name, open311Clients.keyPrefix],
      sortable: { createdAt: open311Clients.createdAt, name: open311Clients.name, lastUsedAt: open311Clients.lastUsedAt },
      defaultOrder: [desc(open311Clients.createdAt)],
      tieBreaker: asc(open311Clients.id),
    },
    q,
  );
  return { ...paging, items: rows.map(({ reports: count, ...client }) => presentClient(client, Number(count))) };
}

/** Issues a key to an app: shown once in the answer, only its hash kept. */
export async function createOpen311Client(db: Db, actor: Actor, input: z.output<typeof api.open311.createOpen311Client.body>) {
  const apiKey = KEY_PREFIX + randomToken(32);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(open311Clients)
      .values({ name: input.name, keyHash: sha256(apiKey), keyPrefix: apiKey.slice(0, 10), createdAt: now(tx) })
      .returning();
    const { keyHash: _hash, ...logged } = row!;
    await audit(tx, actor, { action: 'open311Client.create', entityType: 'open311Client', entityId: row!.id, after: logged });
    return { ...presentClient(row!, 0), apiKey };
  });
}

export async function revokeOpen311Client(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(open311Clients).where(eq(open311Clients.id, id)).for('update');
    if (!row) throw new AppError('NOT_FOUND', bi('没有此接入应用', 'No such Open311 app'));
    if (row.revokedAt) throw new AppError('CONFLICT', bi('该 API key 已吊销', 'This key is already revoked'));
    await tx
      .update(open311Clients)
      .set({ revokedAt: now(tx) })
      .where(eq(open311Clients.id, id));
    await audit(tx, actor, { action: 'open311Client.revoke', entityType: 'open311Client', entityId: id });
  });
}

// ---- POST /requests ----

/** A form body split into the spec's plain arguments and its `attribute[code]` / `attribute[code][]` values. */
export function readOpen311Form(form: URLSearchParams): { args: Record<string, string>; attributes: Record<string, string[]> } {
  const args: Record<string, string> = {};
  const attributes: Record<string, string[]> = {};
  for (const [key, value] of form) {
    const attribute = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (attribute) (attributes[attribute[1]!] ??= []).push(value);
    else args[key] = value;
  }
  return { args, attributes };
}

/** Our field names in the spec's words, so that a refusal names what the app sent. */
const open311Names: Record<string, string> = {
  category: 'service_code',
  lng: 'long',
  lat: 'lat',
  address: 'address_string',
  description: 'description',
  reporter: 'last_name',
  'reporter.name': 'last_name',
  'reporter.phone': 'phone',
  'reporter.contact': 'email',
  ...Object.fromEntries(Object.entries(domain.open311AttributeFields).map(([code, field]) => [field, `attribute[${code}]`])),
};

const numberArgument = (name: string, text: string | undefined): number | undefined => {
  if (!text) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : fail(400, `${name} must be a number (WGS84 degrees) / ${name} 须为数字`);
};

/**
 * The report an Open311 form describes, checked as every report is (`api.report.reportInput`), refusals named in the
 * spec's argument names. The identity (`last_name` + `first_name`, Chinese order; `phone`; `email` as the contact)
 * makes it a real-name report; with none of them it is anonymous. `device_id` and `account_id` are not kept: they
 * would identify the reporter outside `report_reporters`. A `media_url` is kept as a line of the description: the
 * server never fetches an address an app typed.
 */
export function open311ReportInput(args: Record<string, string>, attributes: Record<string, string[]>) {
  if (!args.service_code) fail(400, 'service_code is required / 缺少 service_code');
  const unknown = Object.keys(attributes).filter((code) => !Object.hasOwn(domain.open311AttributeFields, code));
  if (unknown.length > 0) fail(400, `unknown attribute ${unknown.join(', ')}; see /services/${args.service_code}`);
  const lat = numberArgument('lat', args.lat);
  const lng = numberArgument('long', args.long);
  if (lat === undefined && lng === undefined && !args.address_string?.trim()) {
    fail(
      400,
      args.address_id
        ? 'address_id is not supported: send lat and long, or address_string'
        : 'lat and long, or address_string, are required / 请提供位置',
    );
  }
  const description = args.description ?? '';
  if (description.length > domain.open311DescriptionMax) fail(400, `description is limited to ${domain.open311DescriptionMax} characters`);
  let media = '';
  if (args.media_url) {
    const url = URL.canParse(args.media_url) ? new URL(args.media_url) : null;
    if (!url || !['http:', 'https:'].includes(url.protocol) || args.media_url.length > 2000) fail(400, 'media_url must be an http(s) URL');
    media = `\n\n[media_url] ${args.media_url}`;
  }
  const name = `${args.last_name?.trim() ?? ''}${args.first_name?.trim() ?? ''}`;
  const phone = args.phone?.trim() || null;
  const email = args.email?.trim() || null;
  const anonymous = !name && !phone && !email;
  const parsed = api.report.reportInput.safeParse({
    category: args.service_code,
    description: description + media,
    ...(lng !== undefined ? { lng } : {}),
    ...(lat !== undefined ? { lat } : {}),
    address: args.address_string?.trim() || null,
    ...Object.fromEntries(
      Object.entries(domain.open311AttributeFields)
        .filter(([code]) => attributes[code]?.[0])
        .map(([code, field]) => [field, attributes[code]![0]]),
    ),
    anonymous,
    reporter: anonymous ? null : { name, phone, contact: email },
  });
  if (!parsed.success) {
    throw new Open311Failure(
      400,
      parsed.error.issues.map((issue) => {
        const path = issue.path.join('.');
        return { code: 400, description: `${open311Names[path] ?? open311Names[String(issue.path[0])] ?? path}: ${issue.message}` };
      }),
    );
  }
  return parsed.data;
}

/**
 * `POST /requests`: the app's key first (403), then the report through INTAKE's `createReport` — the one create rule,
 * the identity into `report_reporters` only — in one transaction. The answer gives the tracking code at once
 * (`realtime`) and, in `service_notice`, the follow-up secret the app hands to the reporter (shown once).
 */
export async function open311Submit(db: Db, actor: Actor, form: URLSearchParams) {
  const { args, attributes } = readOpen311Form(form);
  return db.transaction(async (tx) => {
    const client = await open311ClientOfKey(tx, args.api_key);
    if (!args.service_code) fail(400, 'service_code is required / 缺少 service_code');
    await activeCategory(tx, args.service_code!);
    const input = open311ReportInput(args, attributes);
    const created = await createReport(tx, actor, { ...input, channel: 'open311', open311ClientId: client.id });
    return [
      {
        service_request_id: created.code,
        service_notice: `${domain.open311ServiceNotice} 查询码 / Follow-up secret: ${created.secret}`,
        account_id: null,
      },
    ];
  });
}
