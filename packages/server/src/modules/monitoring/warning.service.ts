import { AppError, type api, bi, monitoring } from '@citysafe/domain';
import { and, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, can, systemActor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { geometrySql } from '../../platform/columns.js';
import { now, rows, type Tx } from '../../platform/db.js';
import { outboundUrlProblem, postJson } from '../../platform/egress.js';
import { listPage } from '../../platform/list.js';
import type { Platform } from '../../platform/platform.js';
import { allowIf, forbidden, refuse, workflowPolicy } from '../../platform/policy.js';
import { recordTransition, timeline } from '../../platform/workflow.js';
import { orgs } from '../identity/index.js';
import { notify, pushNotifications } from '../notifications/index.js';
import { type CapMessage, type ImportedCap, readCap, writeAtom, writeCap } from './cap.js';
import {
  monitoringCapImports,
  monitoringWarningSettings,
  monitoringWarnings,
  monitoringWarningVersions,
  type PublishedContent,
} from './warning.tables.js';

const { warningWorkflow } = monitoring;
type WarningRow = typeof monitoringWarnings.$inferSelect;
type VersionRow = typeof monitoringWarningVersions.$inferSelect;
type Content = monitoring.WarningContent;
type WarningOut = z.infer<typeof api.monitoringWarnings.warning>;
type Settings = z.infer<typeof api.monitoringWarnings.warningSettings>;

export const WARNING_SMS_JOB = 'monitoring.warningSms';
export const WARNING_EXPIRY_JOB = 'monitoring.warningExpiry';

/** The settings' defaults (where each comes from: `monitoring.warningSettingSources`). */
const defaultSettings = {
  smsGatewayUrl: null,
  capSender: 'yjfb@citysafe.local',
  // 西安市灞桥区, where the port district lies (reference notes on the standards, §3: GB/T 2260 code 610111).
  divisionCode: '610111',
  agencyCode: '000',
} as const;

/** The publication settings (defaults until an approver saves them). */
export async function warningSettings(tx: Tx): Promise<Settings> {
  const [row] = await tx.select().from(monitoringWarningSettings).where(eq(monitoringWarningSettings.id, 1));
  const s = row ?? defaultSettings;
  return {
    smsGatewayUrl: s.smsGatewayUrl,
    capSender: s.capSender,
    divisionCode: s.divisionCode,
    agencyCode: s.agencyCode,
    sources: monitoring.warningSettingSources,
  };
}

/** Why an SMS gateway address may not be used (not public and not allow-listed), as a 422 on `smsGatewayUrl`. */
export async function checkSmsGateway(platform: Platform, url: string | null): Promise<void> {
  if (!url) return;
  const problem = await outboundUrlProblem(url, platform.config.webhookAllowHosts);
  if (problem) throw new AppError('RULE_VIOLATION', problem, { fields: [{ field: 'smsGatewayUrl', message: problem }] });
}

/** The one SMS gateway alarms and warnings both send to (its column here; the alarm settings read and write it too). */
export async function smsGatewayUrlOf(tx: Tx): Promise<string | null> {
  return (await warningSettings(tx)).smsGatewayUrl;
}

/** Stores the SMS gateway, making the settings' row with its defaults when none was saved yet. */
export async function storeSmsGateway(tx: Tx, url: string | null): Promise<void> {
  await tx
    .insert(monitoringWarningSettings)
    .values({ id: 1, ...defaultSettings, smsGatewayUrl: url, updatedAt: now(tx) })
    .onConflictDoUpdate({ target: monitoringWarningSettings.id, set: { smsGatewayUrl: url, updatedAt: now(tx) } });
}

/** PUT /api/warnings/settings: the gateway address is checked as webhooks are (public addresses, or allow-listed). */
export async function saveWarningSettings(
  platform: Platform,
  actor: Actor,
  input: z.output<typeof api.monitoringWarnings.putWarningSettings.body>,
): Promise<Settings> {
  await checkSmsGateway(platform, input.smsGatewayUrl);
  return platform.db.transaction(async (tx) => {
    const before = await warningSettings(tx);
    const values = { ...input, updatedAt: now(tx) };
    await tx
      .insert(monitoringWarningSettings)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: monitoringWarningSettings.id, set: values });
    const after = await warningSettings(tx);
    await audit(tx, actor, { action: 'warningSettings.update', entityType: 'warningSettings', entityId: '1', before, after });
    return after;
  });
}

/** Whether the caller drafts or approves warnings: only they see drafts and those awaiting approval. */
const seesDrafts = (actor: Actor) => can(actor, 'monitoring.warn') || can(actor, 'monitoring.warn.approve');
const draftStates: monitoring.WarningStatus[] = ['draft', 'pending'];

/**
 * Warnings are the district's: whoever holds an action's permission may take it on any warning (the separation of
 * drafting and publishing is the approval action, monitoring.warn.approve). `edit` is a draft's own endpoint (PUT).
 */
export const warningPolicy = workflowPolicy(warningWorkflow, {
  state: (w: Pick<WarningRow, 'status'>) => w.status,
  reach: () => true,
  others: {
    edit: (actor, w) =>
      can(actor, 'monitoring.warn')
        ? allowIf(
            w.status === 'draft',
            refuse(
              'INVALID_TRANSITION',
              bi('只能修改草稿；已发布的预警请用“更新预警”', 'Only a draft can be edited; update a published warning instead'),
            ),
          )
        : forbidden,
  },
});

const problem = (p: { field: string; message: ReturnType<typeof bi> }) =>
  new AppError('RULE_VIOLATION', p.message, { fields: [{ field: p.field, message: p.message }] });

/** The street ids that are streets (their boundary's level); anything else named is a 422 on `streetIds`. */
async function checkStreets(tx: Tx, streetIds: string[]): Promise<void> {
  if (streetIds.length === 0) return;
  const found = await tx
    .select({ id: orgs.id })
    .from(orgs)
    .where(and(inArray(orgs.id, streetIds), eq(orgs.type, 'street')));
  if (found.length !== new Set(streetIds).size)
    throw problem({ field: 'streetIds', message: bi('所选街道不存在', 'A chosen street does not exist') });
}

const contentValues = (c: Content) => ({
  type: c.type,
  level: c.level,
  headline: c.headline,
  description: c.description,
  instruction: c.instruction,
  audience: c.audience,
  areaDesc: c.areaDesc,
  // Stored as a MultiPolygon whatever was drawn, so that every reader sees one shape.
  area: c.area ? (c.area.type === 'Polygon' ? { type: 'MultiPolygon' as const, coordinates: [c.area.coordinates] } : c.area) : null,
  streetIds: [...new Set(c.streetIds)],
  onset: c.onset ? new Date(c.onset) : null,
  expires: new Date(c.expires),
  channels: [...new Set(c.channels)],
});

async function checkContent(tx: Tx, c: Content): Promise<void> {
  const p = monitoring.warningContentProblem(c);
  if (p) throw problem(p);
  await checkStreets(tx, c.streetIds);
}

async function loadWarning(tx: Tx, actor: Actor, id: string, lock: boolean): Promise<WarningRow> {
  const query = tx.select().from(monitoringWarnings).where(eq(monitoringWarnings.id, id));
  const [w] = lock ? await query.for('update') : await query;
  if (!w || (draftStates.includes(w.status) && !seesDrafts(actor)))
    throw new AppError('NOT_FOUND', bi('预警信息不存在', 'No such warning'));
  return w;
}

const presentVersion = (v: VersionRow) => ({
  version: v.version,
  identifier: v.identifier,
  msgType: v.msgType,
  sent: v.sent.toISOString(),
  references: v.references,
  deliveries: v.deliveries,
});

async function present(tx: Tx, actor: Actor, w: WarningRow): Promise<WarningOut> {
  const versions = await tx
    .select()
    .from(monitoringWarningVersions)
    .where(eq(monitoringWarningVersions.warningId, w.id))
    .orderBy(desc(monitoringWarningVersions.version));
  return {
    id: w.id,
    status: w.status,
    statusLabel: warningWorkflow.states[w.status].label,
    type: w.type,
    level: w.level,
    headline: w.headline,
    description: w.description,
    instruction: w.instruction,
    audience: w.audience,
    areaDesc: w.areaDesc,
    area: w.area as WarningOut['area'],
    streetIds: w.streetIds,
    onset: w.onset?.toISOString() ?? null,
    expires: w.expires.toISOString(),
    channels: w.channels,
    importedFrom: w.importedFrom,
    version: w.version,
    identifier: versions[0]?.identifier ?? null,
    publishedAt: w.publishedAt?.toISOString() ?? null,
    createdBy: w.createdByName,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
    allowedActions: warningPolicy.allowed(actor, w),
    versions: versions.map(presentVersion),
    timeline: await timeline(tx, warningWorkflow.entity, w.id),
  };
}

/** GET /api/warnings: newest first; drafts and those awaiting approval only for those who draft or approve. */
export async function listWarnings(platform: Platform, actor: Actor, q: z.output<typeof api.monitoringWarnings.listWarnings.query>) {
  const w = monitoringWarnings;
  const { rows: found, ...paging } = await listPage(
    platform.db,
    platform.db.select().from(w).$dynamic(),
    {
      where: [
        seesDrafts(actor) ? undefined : sql`${w.status} not in ('draft', 'pending')`,
        q.status ? eq(w.status, q.status) : undefined,
        q.level ? eq(w.level, q.level) : undefined,
        q.type ? eq(w.type, q.type) : undefined,
      ],
      search: [w.headline, w.areaDesc, w.description],
      sortable: {
        createdAt: w.createdAt,
        expires: w.expires,
        publishedAt: w.publishedAt,
        level: sql`array_position(array['blue','yellow','orange','red'], ${w.level})`,
      },
      defaultOrder: [desc(w.createdAt)],
      tieBreaker: w.id,
    },
    q,
  );
  return {
    ...paging,
    items: found.map((r) => ({
      id: r.id,
      status: r.status,
      statusLabel: warningWorkflow.states[r.status].label,
      type: r.type,
      level: r.level,
      headline: r.headline,
      areaDesc: r.areaDesc,
      onset: r.onset?.toISOString() ?? null,
      expires: r.expires.toISOString(),
      version: r.version,
      publishedAt: r.publishedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

export function getWarning(platform: Platform, actor: Actor, id: string): Promise<WarningOut> {
  return platform.db.transaction(async (tx) => present(tx, actor, await loadWarning(tx, actor, id, false)));
}

async function insertDraft(tx: Tx, actor: Actor, c: Content, importedFrom: string | null): Promise<WarningRow> {
  await checkContent(tx, c);
  if (!actor.orgId) throw new AppError('FORBIDDEN');
  const at = now(tx);
  const [w] = await tx
    .insert(monitoringWarnings)
    .values({
      ...contentValues(c),
      importedFrom,
      orgId: actor.orgId,
      createdBy: actor.userId,
      createdByName: actor.displayName,
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  return w!;
}

/** POST /api/warnings: a draft. */
export function createWarning(platform: Platform, actor: Actor, input: Content): Promise<WarningOut> {
  return platform.db.transaction(async (tx) => {
    const w = await insertDraft(tx, actor, input, null);
    await audit(tx, actor, { action: 'warning.create', entityType: 'warning', entityId: w.id, after: w });
    return present(tx, actor, w);
  });
}

/** PUT /api/warnings/{id}: a draft's content (409 once submitted). */
export function editWarning(platform: Platform, actor: Actor, id: string, input: Content): Promise<WarningOut> {
  return platform.db.transaction(async (tx) => {
    const w = await loadWarning(tx, actor, id, true);
    warningPolicy.authorize(actor, w, 'edit');
    await checkContent(tx, input);
    const [after] = await tx
      .update(monitoringWarnings)
      .set({ ...contentValues(input), updatedAt: now(tx) })
      .where(eq(monitoringWarnings.id, id))
      .returning();
    await audit(tx, actor, { action: 'warning.edit', entityType: 'warning', entityId: id, before: w, after });
    return present(tx, actor, after!);
  });
}

/**
 * The CAP polygons of a warning's area: the outer ring of each drawn polygon, else the outer rings of its streets'
 * boundaries (as stored by the map module), simplified to at most ~0.0001° so a message stays small.
 */
async function capPolygons(tx: Tx, w: WarningRow): Promise<string[]> {
  if (w.area) {
    const geometry = w.area as { type: 'MultiPolygon'; coordinates: number[][][][] };
    return geometry.coordinates.map((polygon) => monitoring.capPolygon(polygon[0]!));
  }
  if (w.streetIds.length === 0) return [];
  const found = await rows<{ ring: string }>(
    tx,
    sql`select ST_AsGeoJSON(ST_ExteriorRing((ST_Dump(ST_SimplifyPreserveTopology(geom, 0.0001))).geom), 6) as ring
        from boundaries where org_id in (${sql.join(
          w.streetIds.map((s) => sql`${s}::uuid`),
          sql`, `,
        )}) order by org_id`,
  );
  return found.map((r) => monitoring.capPolygon((JSON.parse(r.ring) as { coordinates: number[][] }).coordinates));
}

/** The street orgs a warning reaches: those chosen, and those whose boundary meets the drawn area. */
async function areaOrgs(tx: Tx, w: WarningRow): Promise<{ id: string; name: string }[]> {
  const chosen = w.streetIds.length
    ? sql`o.id in (${sql.join(
        w.streetIds.map((s) => sql`${s}::uuid`),
        sql`, `,
      )})`
    : sql`false`;
  const drawn = w.area
    ? sql`exists (select 1 from boundaries b where b.org_id = o.id and ST_Intersects(b.geom, ${geometrySql(w.area as never)}))`
    : sql`false`;
  return rows<{ id: string; name: string }>(
    tx,
    sql`select o.id, o.name from orgs o where o.type = 'street' and (${chosen} or ${drawn}) order by o.sort_order, o.name`,
  );
}

/** Active users whose org lies in one of these orgs' subtrees. */
async function usersIn(tx: Tx, orgIds: string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const found = await rows<{ id: string }>(
    tx,
    sql`select distinct u.id from users u join orgs o on o.id = u.org_id
        join orgs a on o.path like a.path || '%'
        where u.status = 'active' and a.id in (${sql.join(
          orgIds.map((s) => sql`${s}::uuid`),
          sql`, `,
        )})`,
  );
  return found.map((r) => r.id);
}

/** The district an org lies in (the first `district` on its path), or the org itself. */
async function districtOf(tx: Tx, orgId: string): Promise<string> {
  const [d] = await rows<{ id: string }>(
    tx,
    sql`select a.id from orgs o join orgs a on o.path like a.path || '%' where o.id = ${orgId} and a.type = 'district' order by length(a.path) desc limit 1`,
  );
  return d?.id ?? orgId;
}

/** The next sequence digit of a GB/T 35965.1 identifier in this second (0–9; a tenth in one second is a 409). */
async function nextIdentifier(tx: Tx, s: Settings, at: Date): Promise<string> {
  const base = monitoring.capIdentifier({ division: s.divisionCode, agency: s.agencyCode }, at, 0).slice(0, -1);
  const [{ n } = { n: 0 }] = await rows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from monitoring_warning_versions where identifier like ${`${base}%`}`,
  );
  if (n > 9) throw new AppError('CONFLICT', bi('同一秒内发布过多，请稍后再试', 'Too many messages in this second; try again'));
  return `${base}${n}`;
}

const capReference = (v: Pick<VersionRow, 'sender' | 'identifier' | 'sent'>) => `${v.sender},${v.identifier},${monitoring.capTime(v.sent)}`;

interface Published {
  version: VersionRow;
  notified: Awaited<ReturnType<typeof notify>>;
}

/**
 * Publishes the warning's current content as its next version: the CAP message (Alert the first time, Update or
 * Cancel later, referencing every earlier message), then each channel — in-app notices to the users of the
 * streets in the area (or of the district when the area meets none), the robots of those orgs and above through
 * the notifications module (kind `monitoring.warning`), the SMS gateway when configured (a job; otherwise
 * recorded as skipped). The public page and the CAP/Atom feeds read the published versions.
 */
async function publish(
  tx: Tx,
  platform: Platform,
  actor: Actor,
  w: WarningRow,
  msgType: monitoring.CapMsgType,
  note: string | null,
): Promise<Published> {
  const settings = await warningSettings(tx);
  const at = now(tx);
  const earlier = await tx
    .select()
    .from(monitoringWarningVersions)
    .where(eq(monitoringWarningVersions.warningId, w.id))
    .orderBy(monitoringWarningVersions.version);
  const version = w.version + 1;
  const areaStreets = await areaOrgs(tx, w);
  const [district] = await tx
    .select({ name: orgs.name })
    .from(orgs)
    .where(eq(orgs.id, await districtOf(tx, w.orgId)));
  const content: PublishedContent = {
    type: w.type,
    level: w.level,
    headline: w.headline,
    description: w.description,
    instruction: w.instruction,
    audience: w.audience,
    areaDesc: w.areaDesc || areaStreets.map((s) => s.name).join('、') || district?.name || '',
    onset: w.onset?.toISOString() ?? null,
    expires: w.expires.toISOString(),
    polygons: await capPolygons(tx, w),
    senderName: district?.name ?? '',
  };
  const references = earlier.length ? earlier.map(capReference).join(' ') : null;
  const deliveries: monitoring.WarningDeliveryRecord[] = [];
  let notified: Published['notified'] = [];
  const title = `${msgType === 'Cancel' ? '【解除】' : msgType === 'Update' ? '【更新】' : ''}${monitoring.warningLevelLabels[w.level].zh}：${w.headline}`;
  const link = `/monitoring/warnings/${w.id}`;
  const targetOrgs = areaStreets.length ? areaStreets.map((s) => s.id) : [await districtOf(tx, w.orgId)];
  if (w.channels.includes('app') || w.channels.includes('robot')) {
    const users = w.channels.includes('app') ? await usersIn(tx, targetOrgs) : [];
    // One notice per org of the area, so that each org's robots (and those above it) hear it; the users once.
    for (const [index, orgId] of targetOrgs.entries()) {
      const batch = await notify(tx, platform, index === 0 ? users : [], {
        kind: 'monitoring.warning',
        title,
        body: note ?? w.instruction ?? '',
        link,
        orgId,
      });
      notified = [...notified, ...batch];
    }
    if (w.channels.includes('app')) deliveries.push({ channel: 'app', status: 'sent', count: users.length, note: null });
    if (w.channels.includes('robot')) deliveries.push({ channel: 'robot', status: 'queued', count: targetOrgs.length, note: null });
  }
  if (w.channels.includes('public')) deliveries.push({ channel: 'public', status: 'sent', count: 1, note: null });
  if (w.channels.includes('sms')) {
    if (settings.smsGatewayUrl) {
      await platform.jobs.schedule(tx, WARNING_SMS_JOB, { warningId: w.id, version }, at);
      deliveries.push({ channel: 'sms', status: 'queued', count: 1, note: null });
    } else {
      deliveries.push({ channel: 'sms', status: 'skipped', count: 0, note: '未配置短信网关 / no SMS gateway configured' });
    }
  }
  const [row] = await tx
    .insert(monitoringWarningVersions)
    .values({
      warningId: w.id,
      version,
      identifier: await nextIdentifier(tx, settings, at),
      sender: settings.capSender,
      msgType,
      sent: at,
      references,
      content,
      deliveries,
    })
    .returning();
  await audit(tx, actor, { action: 'warning.deliver', entityType: 'warning', entityId: w.id, after: { version, msgType, deliveries } });
  if (msgType !== 'Cancel')
    await platform.jobs.schedule(tx, WARNING_EXPIRY_JOB, {}, w.expires, { uniqueKey: `${WARNING_EXPIRY_JOB}:${w.expires.toISOString()}` });
  return { version: row!, notified };
}

/** POST /api/warnings/{id}/actions/{action}: submit, approve (publishes), return, update (a new version), cancel. */
export async function performWarningAction(
  platform: Platform,
  actor: Actor,
  id: string,
  action: string,
  input: unknown,
): Promise<WarningOut> {
  const result = await platform.db.transaction(async (tx) => {
    const w = await loadWarning(tx, actor, id, true);
    const t = warningPolicy.plan(actor, w, action, input);
    const at = now(tx);
    let changes: Partial<WarningRow> = { status: t.to, updatedAt: at };
    if (t.action === 'update') {
      await checkContent(tx, t.input);
      changes = { ...changes, ...contentValues(t.input) };
    }
    if (t.to === 'published' && t.action === 'approve') changes.publishedAt = at;
    if (t.to === 'published' && w.expires <= at && t.action === 'approve')
      throw problem({
        field: 'expires',
        message: bi('预警已过失效时间，请修改后再提交', 'The warning has already expired; edit it first'),
      });
    const [after] = await tx.update(monitoringWarnings).set(changes).where(eq(monitoringWarnings.id, id)).returning();
    let published: Published | null = null;
    if (t.action === 'approve' || t.action === 'update' || (t.action === 'cancel' && w.status === 'published')) {
      const msgType = t.action === 'approve' ? 'Alert' : t.action === 'update' ? 'Update' : 'Cancel';
      published = await publish(tx, platform, actor, after!, msgType, t.action === 'cancel' ? t.input.reason : null);
      await tx.update(monitoringWarnings).set({ version: published.version.version }).where(eq(monitoringWarnings.id, id));
    }
    await recordTransition(tx, warningWorkflow, id, t, actor, { before: w, after });
    const drafter =
      t.action === 'return' && w.createdBy
        ? await notify(tx, platform, [w.createdBy], {
            kind: 'monitoring.warningReturned',
            title: `预警“${w.headline}”被退回修改`,
            body: t.input.reason,
            link: `/monitoring/warnings/${id}`,
            orgId: w.orgId,
          })
        : [];
    const [fresh] = await tx.select().from(monitoringWarnings).where(eq(monitoringWarnings.id, id));
    return { body: await present(tx, actor, fresh!), notified: [...(published?.notified ?? []), ...drafter] };
  });
  await pushNotifications(platform, result.notified);
  return result.body;
}

/**
 * POST /api/warnings/import: a CAP 1.2 message becomes a draft for relay — its texts, its level from the severity
 * (the level table read backwards), its type from the category, its polygons as the area; the validity kept when
 * it still lies ahead, else a day from now for the drafter to set.
 */
export async function importWarning(platform: Platform, actor: Actor, xml: string): Promise<WarningOut> {
  const cap = readCap(xml);
  return platform.db.transaction(async (tx) => {
    const w = await draftFromCap(tx, actor, cap);
    await recordCapImport(tx, cap, w.id);
    return present(tx, actor, w);
  });
}

/** Remembers a CAP message as imported (a file may bring the same one again; a feed never drafts it twice). */
export async function recordCapImport(tx: Tx, cap: ImportedCap, warningId: string): Promise<void> {
  await tx
    .insert(monitoringCapImports)
    .values({ sender: cap.sender, identifier: cap.identifier, warningId, importedAt: now(tx) })
    .onConflictDoNothing();
}

/** Whether a CAP message (by sender and identifier) was imported before. */
export async function capImported(tx: Tx, cap: ImportedCap): Promise<boolean> {
  const [found] = await tx
    .select({ identifier: monitoringCapImports.identifier })
    .from(monitoringCapImports)
    .where(and(eq(monitoringCapImports.sender, cap.sender), eq(monitoringCapImports.identifier, cap.identifier)));
  return found !== undefined;
}

/** A draft made from a parsed CAP message, audited as an import; 400/422 when it does not make a warning. */
export async function draftFromCap(tx: Tx, actor: Actor, cap: ImportedCap): Promise<WarningRow> {
  const at = now(tx);
  const expires = cap.expires && Date.parse(cap.expires) > at.getTime() ? cap.expires : new Date(at.getTime() + 86_400_000).toISOString();
  const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  const parsed = monitoring.warningContent.safeParse({
    type: monitoring.typeOfCategory(cap.category),
    level: monitoring.levelOfSeverity(cap.severity),
    headline: clip(cap.headline || cap.event || cap.identifier, 160),
    description: clip(cap.description || cap.headline || cap.event || '—', 4000),
    instruction: clip(cap.instruction, 4000),
    audience: clip(cap.audience, 500),
    areaDesc: clip(cap.areaDesc, 500),
    area: cap.rings.length ? { type: 'MultiPolygon', coordinates: cap.rings.map((ring) => [ring]) } : null,
    onset: cap.onset && Date.parse(cap.onset) < Date.parse(expires) ? cap.onset : null,
    expires,
    channels: ['app', 'public'],
  });
  if (!parsed.success)
    throw new AppError('VALIDATION', undefined, {
      fields: parsed.error.issues.map((i) => ({
        field: `file:${i.path.join('.')}`,
        message: bi(`CAP 内容无法转为预警：${i.message}`, `The CAP content does not make a warning: ${i.message}`),
      })),
    });
  const content = parsed.data;
  if (!content.area)
    throw problem({
      field: 'file',
      message: bi('CAP 文档没有可用的多边形区域，请在草稿中画出区域', 'The CAP document has no usable polygon; draw the area in the draft'),
    });
  const w = await insertDraft(tx, actor, content, `${cap.sender},${cap.identifier},${cap.sent}`);
  await audit(tx, actor, {
    action: 'warning.import',
    entityType: 'warning',
    entityId: w.id,
    after: { ...w, capIdentifier: cap.identifier, capSender: cap.sender },
  });
  return w;
}

/** A warning as the API shows it, to the actor. */
export const presentWarning = (tx: Tx, actor: Actor, w: WarningRow) => present(tx, actor, w);

/** Published and not yet expired: what the public page and the Atom feed show. */
const inForce = (at: Date) => and(eq(monitoringWarnings.status, 'published'), gt(monitoringWarnings.expires, at));

async function latestVersions(tx: Tx, where: ReturnType<typeof and>) {
  return tx
    .select({ w: monitoringWarnings, v: monitoringWarningVersions })
    .from(monitoringWarnings)
    .innerJoin(
      monitoringWarningVersions,
      and(
        eq(monitoringWarningVersions.warningId, monitoringWarnings.id),
        eq(monitoringWarningVersions.version, monitoringWarnings.version),
      ),
    )
    .where(where)
    .orderBy(sql`array_position(array['red','orange','yellow','blue'], ${monitoringWarnings.level})`, desc(monitoringWarningVersions.sent));
}

const capPath = (id: string) => `/api/public/warnings/${id}.cap`;

/** GET /api/public/warnings: the warnings in force as last published, the most severe first. */
export async function listPublicWarnings(platform: Platform): Promise<z.infer<typeof api.monitoringWarnings.listPublicWarnings.response>> {
  return platform.db.transaction(async (tx) => {
    const at = now(tx);
    const found = await latestVersions(tx, inForce(at));
    return {
      updatedAt: at.toISOString(),
      items: found.map(({ w, v }) => ({
        id: w.id,
        type: v.content.type,
        typeLabel: monitoring.warningTypes[v.content.type].label,
        level: v.content.level,
        levelLabel: monitoring.warningLevelLabels[v.content.level],
        headline: v.content.headline,
        description: v.content.description,
        instruction: v.content.instruction,
        audience: v.content.audience,
        areaDesc: v.content.areaDesc,
        area: w.area as z.infer<typeof api.monitoringWarnings.publicWarning>['area'],
        onset: v.content.onset,
        expires: v.content.expires,
        sent: v.sent.toISOString(),
        version: v.version,
        identifier: v.identifier,
        capUrl: capPath(w.id),
      })),
    };
  });
}

const capOf = (v: VersionRow, web: string | null): CapMessage => {
  const c = v.content;
  const mapped = monitoring.capLevelTable[c.level];
  return {
    identifier: v.identifier,
    sender: v.sender,
    sent: v.sent,
    msgType: v.msgType,
    references: v.references,
    note: null,
    info: {
      category: monitoring.warningTypes[c.type].category,
      event: monitoring.warningTypes[c.type].label.zh,
      urgency: v.msgType === 'Cancel' ? 'Past' : mapped.urgency,
      severity: mapped.severity,
      certainty: mapped.certainty,
      audience: c.audience,
      onset: c.onset ? new Date(c.onset) : null,
      expires: new Date(c.expires),
      senderName: c.senderName,
      headline: c.headline,
      description: c.description,
      instruction: c.instruction,
      web,
      areaDesc: c.areaDesc,
      polygons: c.polygons,
    },
  };
};

const absolute = (platform: Platform, path: string) =>
  platform.config.publicUrl ? new URL(path, platform.config.publicUrl).toString() : path;

/** GET /api/public/warnings/{id}.cap: the latest message of a published, updated, cancelled or expired warning. */
export async function publicWarningCap(platform: Platform, id: string): Promise<string> {
  return platform.db.transaction(async (tx) => {
    const [found] = await latestVersions(
      tx,
      and(eq(monitoringWarnings.id, id), inArray(monitoringWarnings.status, ['published', 'cancelled', 'expired'])),
    );
    if (!found) throw new AppError('NOT_FOUND', bi('预警信息不存在或未发布', 'No such published warning'));
    return writeCap(capOf(found.v, platform.config.publicUrl ? absolute(platform, '/public/warnings') : null));
  });
}

/** GET /api/public/warnings.atom: one entry per warning in force, linking its CAP document. */
export async function publicWarningsAtom(platform: Platform): Promise<string> {
  return platform.db.transaction(async (tx) => {
    const at = now(tx);
    const found = await latestVersions(tx, inForce(at));
    return writeAtom({
      id: `urn:citysafe:warnings:${(await warningSettings(tx)).capSender}`,
      title: '预警信息发布 / Warnings',
      self: absolute(platform, '/api/public/warnings.atom'),
      updated: found.reduce((latest, { v }) => (v.sent > latest ? v.sent : latest), new Date(0)),
      entries: found.map(({ w, v }) => ({
        id: `urn:citysafe:warning:${v.identifier}`,
        title: `${monitoring.warningLevelLabels[v.content.level].zh}：${v.content.headline}`,
        summary: v.content.description,
        updated: v.sent,
        capUrl: absolute(platform, capPath(w.id)),
        pageUrl: absolute(platform, '/public/warnings'),
      })),
    });
  });
}

/** Moves every published warning whose time is over to `expired` (the job; also callable at any time). */
export async function expireWarnings(platform: Platform): Promise<number> {
  return platform.db.transaction(async (tx) => {
    const at = now(tx);
    const due = await tx
      .select()
      .from(monitoringWarnings)
      .where(and(eq(monitoringWarnings.status, 'published'), lte(monitoringWarnings.expires, at)))
      .for('update', { skipLocked: true });
    for (const w of due) {
      const t = warningPolicy.plan(systemActor, w, 'expire', {});
      const [after] = await tx
        .update(monitoringWarnings)
        .set({ status: t.to, updatedAt: at })
        .where(eq(monitoringWarnings.id, w.id))
        .returning();
      await recordTransition(tx, warningWorkflow, w.id, t, systemActor, { before: w, after });
    }
    return due.length;
  });
}

/** The jobs: the SMS gateway's delivery (retried by the runner on failure) and the expiry sweep. */
export function registerWarningJobs(platform: Platform): void {
  platform.jobs.register(WARNING_EXPIRY_JOB, async () => {
    await expireWarnings(platform);
  });
  platform.jobs.register(WARNING_SMS_JOB, async (payload) => {
    const [found] = await platform.db
      .select()
      .from(monitoringWarningVersions)
      .where(
        and(
          eq(monitoringWarningVersions.warningId, String(payload.warningId)),
          eq(monitoringWarningVersions.version, Number(payload.version)),
        ),
      );
    const settings = await warningSettings(platform.db);
    if (!found || !settings.smsGatewayUrl) return;
    const c = found.content;
    const answer = await postJson(
      settings.smsGatewayUrl,
      {
        identifier: found.identifier,
        msgType: found.msgType,
        level: c.level,
        text: `【${monitoring.warningLevelLabels[c.level].zh}】${c.headline}。${c.instruction}`.slice(0, 500),
        areaDesc: c.areaDesc,
        polygons: c.polygons,
        expires: monitoring.capTime(new Date(c.expires)),
      },
      { allowHosts: platform.config.webhookAllowHosts, timeoutMs: 10_000 },
    );
    if (answer.status < 200 || answer.status >= 300) throw new Error(`SMS gateway answered ${answer.status}`);
  });
}
