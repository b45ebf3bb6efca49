import { type Action, AppError, type api, bi, monitoring } from '@citysafe/domain';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, can, inScope, likePrefix, scopeOf } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { sha256 } from '../../platform/auth.js';
import { type Db, now, rows, type Tx } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import { apiTokens, newApiTokenSecret, orgs } from '../identity/index.js';
import { type AreasChange, areaIdSql, extentSql, locateAreas } from '../map/index.js';
import { openAlarmCountOf } from './alarm.service.js';
import { monitoringDevices as devices } from './device.tables.js';

type DeviceRow = typeof devices.$inferSelect;
type Api = typeof api.monitoringDevices;
type Org = { id: string; path: string };

/**
 * SQL condition "this device is within the caller's reach for the action": its responsible unit is in the caller's
 * org scope (an enterprise: its own devices only), or — for a caller whose reach is a part of the tree (a street, a
 * community, a grid) — the device lies in an area of that subtree. District roles see all. `alias` names the devices
 * table in the query (`deviceScope(actor, 'monitoring.read', 'd')` for `from monitoring_devices d`).
 */
export function deviceScope(actor: Actor, action: Action, alias = 'monitoring_devices'): SQL {
  const scope = scopeOf(actor, action);
  const t = sql.identifier(alias);
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'none':
      return sql`false`;
    case 'own':
      return sql`${t}.org_id = ${scope.orgId}`;
    case 'subtree': {
      const reach = sql`(select o.id from orgs o where o.path like ${likePrefix(scope.path)})`;
      return sql`(${t}.org_id in ${reach} or ${t}.street_id in ${reach} or ${t}.community_id in ${reach} or ${t}.grid_id in ${reach})`;
    }
  }
}

/** The same rule as `deviceScope` for one device whose org and areas are loaded. */
function deviceInReach(actor: Actor, action: Action, org: Org, areas: Org[]): boolean {
  if (inScope(actor, action, org)) return true;
  const scope = scopeOf(actor, action);
  return scope.kind === 'subtree' && areas.some((a) => a.path.startsWith(scope.path));
}

/** A device with what its page shows: its org's name and path, its street's name, the paths of its areas. */
export type LoadedDevice = DeviceRow & { orgName: string; orgPath: string; streetName: string | null; areaPaths: string[] };

async function joinRows(tx: Tx, where: SQL): Promise<LoadedDevice[]> {
  const extra = await rows<{ id: string; org_name: string; org_path: string; street_name: string | null; area_paths: string[] }>(
    tx,
    sql`select d.id, o.name as org_name, o.path as org_path, s.name as street_name,
               array(select a.path from orgs a where a.id in (d.street_id, d.community_id, d.grid_id)) as area_paths
          from monitoring_devices d join orgs o on o.id = d.org_id left join orgs s on s.id = d.street_id
         where ${where}`,
  );
  const byId = new Map(extra.map((e) => [e.id, e]));
  const found = await tx
    .select()
    .from(devices)
    .where(
      sql`${devices.id} in ${
        extra.length
          ? sql`(${sql.join(
              extra.map((e) => sql`${e.id}`),
              sql`, `,
            )})`
          : sql`(null)`
      }`,
    );
  return found.map((d) => {
    const e = byId.get(d.id)!;
    return { ...d, orgName: e.org_name, orgPath: e.org_path, streetName: e.street_name, areaPaths: e.area_paths };
  });
}

/**
 * One device the caller may see with `action` (monitoring.read by default), or 404: a device outside the caller's
 * reach does not exist for them. `forUpdate` locks the row for the rest of the transaction.
 */
export async function loadDevice(tx: Tx, actor: Actor, id: string, action: Action = 'monitoring.read'): Promise<LoadedDevice> {
  const [d] = await joinRows(tx, sql`d.id = ${id}`);
  if (
    !d ||
    !deviceInReach(
      actor,
      action,
      { id: d.orgId, path: d.orgPath },
      d.areaPaths.map((path) => ({ id: '', path })),
    )
  )
    throw new AppError('NOT_FOUND');
  return d;
}

/** The state shown for a device: disabled, else alarm while an alarm is open, else offline after 3 silent intervals. */
export function deviceState(
  d: Pick<DeviceRow, 'status' | 'lastSeenAt' | 'intervalSeconds'>,
  openAlarms: number,
  at: Date,
): monitoring.DeviceState {
  if (d.status === 'disabled') return 'disabled';
  if (openAlarms > 0) return 'alarm';
  if (!d.lastSeenAt || at.getTime() - d.lastSeenAt.getTime() > monitoring.OFFLINE_AFTER_INTERVALS * d.intervalSeconds * 1000)
    return 'offline';
  return 'normal';
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function present(actor: Actor, d: LoadedDevice, openAlarms: number, at: Date): api.monitoringDevices.Device {
  const manages = can(actor, 'monitoring.device') && deviceInReach(actor, 'monitoring.device', { id: d.orgId, path: d.orgPath }, []);
  return {
    id: d.id,
    code: d.code,
    name: d.name,
    type: d.type,
    orgId: d.orgId,
    orgName: d.orgName,
    lng: d.geom?.x ?? null,
    lat: d.geom?.y ?? null,
    placeName: d.placeName,
    streetId: d.streetId,
    streetName: d.streetName,
    riskSourceId: d.riskSourceId,
    majorHazardUnitId: d.majorHazardUnitId,
    metrics: d.metrics,
    intervalSeconds: d.intervalSeconds,
    status: d.status,
    state: deviceState(d, openAlarms, at),
    lastSeenAt: iso(d.lastSeenAt),
    malformedCount: d.malformedCount,
    lastMalformedAt: iso(d.lastMalformedAt),
    lastMalformedReason: d.lastMalformedReason,
    hasToken: d.tokenId !== null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    allowedActions: manages ? ['update', 'token'] : [],
  };
}

async function presentMany(tx: Tx, actor: Actor, list: LoadedDevice[]) {
  const counts = await openAlarmCountOf(
    tx,
    list.map((d) => d.id),
  );
  const at = now(tx);
  return list.map((d) => present(actor, d, counts.get(d.id) ?? 0, at));
}

/** The responsible unit of a device: an org within the caller's monitoring.device reach (400 when unknown, 403 outside). */
async function responsibleOrg(tx: Tx, actor: Actor, orgId: string): Promise<Org> {
  const [org] = await tx.select({ id: orgs.id, path: orgs.path }).from(orgs).where(eq(orgs.id, orgId));
  if (!org) throw new AppError('VALIDATION', undefined, { fields: [{ field: 'orgId', message: bi('单位不存在', 'No such unit') }] });
  if (!inScope(actor, 'monitoring.device', org))
    throw new AppError('FORBIDDEN', bi('只能为本单位及下级单位登记设备', 'Devices are registered for your own unit or those below it'), {
      fields: [{ field: 'orgId', message: bi('超出本单位范围', 'Outside your unit') }],
    });
  return org;
}

async function checkRiskSource(tx: Tx, riskSourceId: string | null | undefined): Promise<void> {
  if (!riskSourceId) return;
  const [found] = await rows<{ id: string }>(tx, sql`select id from risk_sources where id = ${riskSourceId}`);
  if (!found)
    throw new AppError('VALIDATION', undefined, {
      fields: [{ field: 'riskSourceId', message: bi('风险源不存在', 'No such risk source') }],
    });
}

const pointOf = (lng: number | undefined, lat: number | undefined, field: 'lng' | 'lat') => {
  if (lng === undefined && lat === undefined) return null;
  if (lng === undefined || lat === undefined)
    throw new AppError('VALIDATION', undefined, {
      fields: [{ field: field === 'lng' ? 'lat' : 'lng', message: bi('经度和纬度须同时填写', 'Give both longitude and latitude') }],
    });
  return { x: lng, y: lat };
};

const areasOf = async (tx: Tx, point: { x: number; y: number } | null) =>
  point ? locateAreas(tx, { type: 'Point', coordinates: [point.x, point.y] }) : { streetId: null, communityId: null, gridId: null };

const duplicateCode = (code: string) =>
  new AppError('CONFLICT', bi(`设备编码「${code}」已登记`, `Device code "${code}" is already registered`), {
    fields: [{ field: 'code', message: bi('设备编码已存在', 'This code is already registered') }],
  });

/** Registers a device (monitoring.device over its responsible unit); 409 naming `code` when the code is taken. */
export async function createDevice(db: Db, actor: Actor, input: z.output<Api['create']['body']>) {
  return db.transaction(async (tx) => {
    await responsibleOrg(tx, actor, input.orgId);
    await checkRiskSource(tx, input.riskSourceId);
    const point = pointOf(input.lng, input.lat, 'lng');
    const [taken] = await tx.select({ id: devices.id }).from(devices).where(eq(devices.code, input.code));
    if (taken) throw duplicateCode(input.code);
    const at = now(tx);
    const [row] = await tx
      .insert(devices)
      .values({
        code: input.code,
        name: input.name,
        type: input.type,
        orgId: input.orgId,
        geom: point,
        ...(await areasOf(tx, point)),
        placeName: input.placeName ?? null,
        riskSourceId: input.riskSourceId ?? null,
        majorHazardUnitId: input.majorHazardUnitId ?? null,
        metrics: input.metrics,
        intervalSeconds: input.intervalSeconds ?? 60,
        createdAt: at,
        updatedAt: at,
      })
      .onConflictDoNothing({ target: devices.code })
      .returning();
    // Two registrations of one code at once: the unique index decides, the loser gets the same 409.
    if (!row) throw duplicateCode(input.code);
    await audit(tx, actor, { action: 'monitoringDevice.create', entityType: 'monitoringDevice', entityId: row.id, after: row });
    invalidateDeviceCache();
    const [presented] = await presentMany(tx, actor, [await loadDevice(tx, actor, row.id)]);
    return presented!;
  });
}

/** Changes a device within the caller's monitoring.device reach. */
export async function updateDevice(db: Db, actor: Actor, id: string, input: z.output<Api['update']['body']>) {
  return db.transaction(async (tx) => {
    const before = await loadDevice(tx, actor, id, 'monitoring.device');
    if (input.orgId && input.orgId !== before.orgId) await responsibleOrg(tx, actor, input.orgId);
    await checkRiskSource(tx, input.riskSourceId);
    const set: Partial<typeof devices.$inferInsert> = { updatedAt: now(tx) };
    for (const key of [
      'name',
      'type',
      'orgId',
      'placeName',
      'riskSourceId',
      'majorHazardUnitId',
      'intervalSeconds',
      'metrics',
      'status',
    ] as const) {
      if (input[key] !== undefined) Object.assign(set, { [key]: input[key] });
    }
    if (input.lng !== undefined || input.lat !== undefined) {
      const point = pointOf(input.lng, input.lat, 'lng');
      Object.assign(set, { geom: point }, await areasOf(tx, point));
    }
    const [after] = await tx.update(devices).set(set).where(eq(devices.id, id)).returning();
    await audit(tx, actor, { action: 'monitoringDevice.update', entityType: 'monitoringDevice', entityId: id, before, after });
    invalidateDeviceCache();
    const [presented] = await presentMany(tx, actor, [await loadDevice(tx, actor, id)]);
    return presented!;
  });
}

export async function getDevice(db: Db, actor: Actor, id: string) {
  const [presented] = await presentMany(db, actor, [await loadDevice(db, actor, id)]);
  return presented!;
}

type ListFilters = { type?: string | undefined; status?: string | undefined; orgId?: string | undefined; streetId?: string | undefined };
const filtersOf = (q: ListFilters): (SQL | undefined)[] => [
  q.type ? eq(devices.type, q.type as monitoring.DeviceType) : undefined,
  q.status ? eq(devices.status, q.status as monitoring.DeviceStatus) : undefined,
  q.orgId ? eq(devices.orgId, q.orgId) : undefined,
  q.streetId ? eq(devices.streetId, q.streetId) : undefined,
];

export async function listDevices(db: Db, actor: Actor, q: z.output<Api['list']['query']>) {
  const { rows: found, ...paging } = await listPage(
    db,
    db.select({ id: devices.id }).from(devices).$dynamic(),
    {
      where: [deviceScope(actor, 'monitoring.read'), ...filtersOf(q)],
      search: [devices.code, devices.name, devices.placeName],
      sortable: { code: devices.code, name: devices.name, lastSeenAt: devices.lastSeenAt },
      defaultOrder: [asc(devices.code)],
      tieBreaker: asc(devices.id),
    },
    q,
  );
  const loaded = await devicesByIds(
    db,
    found.map((r) => r.id),
  );
  return { ...paging, items: await presentMany(db, actor, loaded) };
}

async function devicesByIds(tx: Tx, ids: string[]): Promise<LoadedDevice[]> {
  if (ids.length === 0) return [];
  const byId = new Map(
    (
      await joinRows(
        tx,
        sql`d.id in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})`,
      )
    ).map((d) => [d.id, d]),
  );
  return ids.map((i) => byId.get(i)!);
}

/** Every device the caller reads that the filters keep (the map and the export), in code order. */
export async function allDevices(db: Db, actor: Actor, q: ListFilters) {
  const found = await db
    .select({ id: devices.id })
    .from(devices)
    .where(and(deviceScope(actor, 'monitoring.read'), ...filtersOf(q)))
    .orderBy(asc(devices.code))
    .limit(20_000);
  return presentMany(
    db,
    actor,
    await devicesByIds(
      db,
      found.map((r) => r.id),
    ),
  );
}

/**
 * Issues the device's API token: `telemetry.publish` only, in the caller's name, bound to this device
 * (`monitoring_devices.token_id`) so that the broker lets it publish on the device's own topic only. A new token
 * revokes the previous one. The secret is returned once.
 */
export async function issueDeviceToken(db: Db, actor: Actor, id: string) {
  if (actor.via === 'token') throw new AppError('FORBIDDEN', bi('接口令牌不能再创建令牌', 'A token cannot create tokens'));
  if (!can(actor, 'telemetry.publish'))
    throw new AppError('FORBIDDEN', bi('缺少“上报监测数据”权限，不能签发设备令牌', 'You need telemetry.publish to issue device tokens'));
  return db.transaction(async (tx) => {
    const d = await loadDevice(tx, actor, id, 'monitoring.device');
    const at = now(tx);
    if (d.tokenId) await tx.update(apiTokens).set({ revokedAt: at }).where(eq(apiTokens.id, d.tokenId));
    const secret = newApiTokenSecret();
    const [token] = await tx
      .insert(apiTokens)
      .values({
        name: `设备 ${d.code}`,
        userId: actor.userId!,
        tokenHash: secret.hash,
        prefix: secret.prefix,
        actions: ['telemetry.publish'],
      })
      .returning({ id: apiTokens.id });
    await tx.update(devices).set({ tokenId: token!.id, updatedAt: at }).where(eq(devices.id, id));
    await audit(tx, actor, {
      action: 'monitoringDevice.token',
      entityType: 'monitoringDevice',
      entityId: id,
      after: { tokenId: token!.id, prefix: secret.prefix },
    });
    invalidateDeviceCache();
    return { token: secret.token, prefix: secret.prefix };
  });
}

/** Recomputes the street, community and grid of the devices in a changed boundary's extent (map module hook). */
export async function relocateDevices(tx: Tx, change: AreasChange): Promise<void> {
  const geom = sql`${devices.geom}`;
  await tx
    .update(devices)
    .set({ streetId: areaIdSql('street', geom), communityId: areaIdSql('community', geom), gridId: areaIdSql('grid', geom) })
    .where(sql`${devices.geom} is not null and ST_Intersects(${devices.geom}, ${extentSql(change)})`);
}

/** What the ingest needs of a device, by code; cached per process and dropped whenever a device changes here. */
export interface IngestDevice {
  id: string;
  code: string;
  type: monitoring.DeviceType;
  orgId: string;
  orgPath: string;
  status: monitoring.DeviceStatus;
  metrics: Set<string>;
  tokenId: string | null;
}

let deviceCache = new Map<string, { device: IngestDevice | null; at: number }>();
/** Entries live this long at most: a device changed by another node is seen within it. */
const DEVICE_CACHE_MS = 10_000;

export function invalidateDeviceCache(): void {
  deviceCache = new Map();
}

/** The devices of these codes (null for unknown codes), from the cache or one query for the missing ones. */
export async function ingestDevicesByCode(tx: Tx, codes: string[]): Promise<Map<string, IngestDevice | null>> {
  const out = new Map<string, IngestDevice | null>();
  const missing: string[] = [];
  const at = Date.now();
  for (const code of codes) {
    const hit = deviceCache.get(code);
    if (hit && at - hit.at < DEVICE_CACHE_MS) out.set(code, hit.device);
    else missing.push(code);
  }
  if (missing.length > 0) {
    const found = await rows<{
      id: string;
      code: string;
      type: monitoring.DeviceType;
      org_id: string;
      org_path: string;
      status: monitoring.DeviceStatus;
      metrics: monitoring.DeviceMetric[];
      token_id: string | null;
    }>(
      tx,
      sql`select d.id, d.code, d.type, d.org_id, o.path as org_path, d.status, d.metrics, d.token_id
            from monitoring_devices d join orgs o on o.id = d.org_id
           where d.code in (${sql.join(
             missing.map((c) => sql`${c}`),
             sql`, `,
           )})`,
    );
    const byCode = new Map(found.map((r) => [r.code, r]));
    for (const code of missing) {
      const r = byCode.get(code);
      const device: IngestDevice | null = r
        ? {
            id: r.id,
            code: r.code,
            type: r.type,
            orgId: r.org_id,
            orgPath: r.org_path,
            status: r.status,
            metrics: new Set(r.metrics.map((m) => m.key)),
            tokenId: r.token_id,
          }
        : null;
      deviceCache.set(code, { device, at });
      out.set(code, device);
    }
  }
  return out;
}

/**
 * The device a token is bound to (`monitoring_devices.token_id`), by the token's secret; null for a token bound to
 * none (a gateway's, made on the tokens page), which may publish for every device in its holder's reach.
 */
export async function boundDeviceCode(tx: Tx, secret: string): Promise<string | null> {
  const [found] = await rows<{ code: string }>(
    tx,
    sql`select d.code from monitoring_devices d join api_tokens t on t.id = d.token_id
         where t.token_hash = ${sha256(secret)}`,
  );
  return found?.code ?? null;
}

/** Whether an actor may publish readings for a device: within its telemetry.publish reach (a bound token: checked apart). */
export const mayPublishFor = (actor: Actor, device: IngestDevice): boolean =>
  actor.kind === 'system' || inScope(actor, 'telemetry.publish', { id: device.orgId, path: device.orgPath });
