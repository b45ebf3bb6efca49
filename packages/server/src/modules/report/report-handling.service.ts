import { AppError, type api, bi, type Bilingual, report as rules, type Transition } from '@citysafe/domain';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { type Actor, can } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import { forbidden, type Verdict, workflowPolicy } from '../../platform/policy.js';
import { files, settings } from '../../platform/platform.tables.js';
import { recordTransition, timeline } from '../../platform/workflow.js';
import { hazards, hazardScope, insertHazard } from '../hazard/index.js';
import { orgs } from '../identity/index.js';
import { presentReward, rewardsOf } from './report-reward.service.js';
import { type ReportReach, reportInReach, reportScope } from './report.scope.js';
import { reportCategories, reportMessages, reportPhotos, reports } from './report.tables.js';

export type ReportRow = typeof reports.$inferSelect;
type OrgRow = typeof orgs.$inferSelect;
type ReportTransition = Transition<typeof rules.reportWorkflow>;

const street = alias(orgs, 'report_street');
const community = alias(orgs, 'report_community');
const grid = alias(orgs, 'report_grid');
const assigned = alias(orgs, 'report_assigned');
const original = alias(reports, 'report_original');

/** A report with what its presentation and its policy need: areas, the assigned org, the category's names. */
export const joinedReports = (db: Tx) =>
  db
    .select({
      r: reports,
      street,
      community,
      grid,
      assigned,
      original: { id: original.id, code: original.code },
      category: { nameZh: reportCategories.nameZh, nameEn: reportCategories.nameEn, handleDays: reportCategories.handleDays },
    })
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.code, reports.category))
    .leftJoin(street, eq(street.id, reports.streetId))
    .leftJoin(community, eq(community.id, reports.communityId))
    .leftJoin(grid, eq(grid.id, reports.gridId))
    .leftJoin(assigned, eq(assigned.id, reports.assignedOrgId))
    .leftJoin(original, eq(original.id, reports.duplicateOf));
export type JoinedReport = Awaited<ReturnType<ReturnType<typeof joinedReports>['execute']>>[number];

const orgName = (o: OrgRow) => o.shortName || o.name;
const ref = (o: OrgRow | null) => (o ? { id: o.id, name: orgName(o) } : null);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Whether the caller acts district-wide for a permission (安委办): triage, verification and closing are theirs. */
export const districtWide = (actor: Actor, permission: string): boolean =>
  actor.kind === 'system' || ['all', 'district'].includes(actor.grants[permission as keyof Actor['grants']] ?? '');

export interface ReportObject {
  status: rules.ReportStatus;
  reach: ReportReach;
}

export const reportObject = (j: JoinedReport): ReportObject => ({
  status: j.r.status,
  reach: {
    assignedOrg: j.assigned ? { id: j.assigned.id, path: j.assigned.path } : null,
    areas: [j.street, j.community, j.grid].filter((o): o is OrgRow => o !== null).map((o) => ({ id: o.id, path: o.path })),
  },
});

/**
 * Who takes each step: a holder of its permission whose reach covers the report (`reportInReach`); triage (accept,
 * refuse, merge, assign), verification, return and closing are the district's (安委办: a district-wide reach, so that
 * the unit that handled a report does not verify its own work); `handle` is the assigned unit's (its subtree) or the
 * district's; `extend` needs report.manage.
 */
export const reportPolicy = workflowPolicy(rules.reportWorkflow, {
  state: (r: ReportObject) => r.status,
  reach: (actor, r, action): Verdict => {
    const permission = rules.reportWorkflow.actions[action].permission;
    if (!reportInReach(actor, permission, r.reach)) return forbidden;
    if (action === 'handle') {
      const unit = r.reach.assignedOrg;
      return districtWide(actor, permission) || (unit !== null && reportInReach(actor, permission, { assignedOrg: unit, areas: [] }))
        ? true
        : forbidden;
    }
    return districtWide(actor, permission) ? true : forbidden;
  },
});

const notFound = () => new AppError('NOT_FOUND', bi('举报不存在或不在您的职责范围内', 'No such report within your reach'));

export async function loadReport(tx: Tx, actor: Actor, id: string, options: { lock?: boolean } = {}): Promise<JoinedReport> {
  const query = joinedReports(tx).where(and(eq(reports.id, id), reportScope(actor, 'report.read')));
  const [row] = options.lock ? await query.for('update', { of: reports }) : await query;
  if (!row) throw notFound();
  return row;
}

/** The queue's row: never the identity (it is not in `reports`), the description cut to its first line. */
export function presentReport(actor: Actor, j: JoinedReport, at: Date): api.reportHandling.ReportItem {
  const r = j.r;
  return {
    id: r.id,
    code: r.code,
    category: r.category,
    categoryName: { zh: j.category.nameZh, en: j.category.nameEn },
    title: r.title,
    summary: (r.description.split('\n')[0] ?? '').slice(0, 120),
    address: r.address,
    placeName: r.placeName,
    lng: r.geom?.x ?? null,
    lat: r.geom?.y ?? null,
    street: ref(j.street),
    reportedOrgName: r.reportedOrgName,
    anonymous: r.anonymous,
    channel: r.channel,
    status: r.status,
    outcome: r.outcome,
    assignedOrg: ref(j.assigned),
    receivedAt: r.receivedAt.toISOString(),
    acceptDueAt: r.acceptDueAt.toISOString(),
    dueAt: iso(rules.effectiveDueAt(r)),
    extended: r.extendedUntil !== null,
    overdue: rules.isOverdue(r, at),
    duplicateOf: j.original?.id ? { id: j.original.id, code: j.original.code } : null,
    closedAt: iso(r.closedAt),
    allowedActions: reportPolicy.allowed(actor, reportObject(j)),
  };
}

/**
 * A photo of a report the caller may read (report.read within reach), whatever the file's own org: the public's
 * uploads belong to the district's root, so a street reads its reports' photos here, and only theirs (404 otherwise).
 */
export async function reportPhoto(tx: Tx, actor: Actor, reportId: string, fileId: string): Promise<typeof files.$inferSelect> {
  await loadReport(tx, actor, reportId);
  const [found] = await tx
    .select({ f: files })
    .from(reportPhotos)
    .innerJoin(files, eq(files.id, reportPhotos.fileId))
    .where(and(eq(reportPhotos.reportId, reportId), eq(reportPhotos.fileId, fileId)));
  if (!found) throw new AppError('NOT_FOUND', bi('照片不存在', 'No such photo'));
  return found.f;
}

/** An org's type ('' for an unknown id: insertHazard refuses it with its own message). */
async function orgTypeOf(tx: Tx, orgId: string): Promise<string> {
  const [org] = await tx.select({ type: orgs.type }).from(orgs).where(eq(orgs.id, orgId));
  return org?.type ?? '';
}

export async function presentReportDetail(tx: Tx, actor: Actor, j: JoinedReport): Promise<api.reportHandling.ReportDetail> {
  const r = j.r;
  const [hazard] = r.hazardId
    ? await tx.select({ id: hazards.id, code: hazards.code, status: hazards.status }).from(hazards).where(eq(hazards.id, r.hazardId))
    : [];
  const duplicates = await tx
    .select({ id: reports.id, code: reports.code, receivedAt: reports.receivedAt })
    .from(reports)
    .where(eq(reports.duplicateOf, r.id))
    .orderBy(asc(reports.receivedAt));
  const photos = await tx
    .select({ fileId: files.id, name: files.name, mimeType: files.mimeType, exifLng: reportPhotos.exifLng, exifLat: reportPhotos.exifLat })
    .from(reportPhotos)
    .innerJoin(files, eq(files.id, reportPhotos.fileId))
    .where(eq(reportPhotos.reportId, r.id));
  const messages = await tx.select().from(reportMessages).where(eq(reportMessages.reportId, r.id)).orderBy(asc(reportMessages.createdAt));
  return {
    ...presentReport(actor, j, now(tx)),
    description: r.description,
    communityId: r.communityId,
    acceptedAt: iso(r.acceptedAt),
    extensionReason: r.extensionReason,
    transferredTo: r.transferredTo,
    hazard: hazard ?? null,
    duplicates: duplicates.map((d) => ({ id: d.id, code: d.code, receivedAt: d.receivedAt.toISOString() })),
    reply: r.reply,
    photos,
    messages: messages.map((m) => ({ id: m.id, author: m.author, body: m.body, createdAt: m.createdAt.toISOString() })),
    rewards: (await rewardsOf(tx, r.id)).map((w) => presentReward(actor, w)),
    mayViewIdentity: can(actor, 'report.identity') && !r.anonymous,
    timeline: await timeline(tx, rules.reportWorkflow.entity, r.id),
  };
}

// ── the queue ─────────────────────────────────────────────────────────

type ReportFilters = Partial<Pick<z.output<typeof api.reportHandling.listReports.query>, keyof typeof api.reportHandling.reportFilters>>;

/** SQL for "the waiting step is past its limit" (limits.ts `isOverdue`, as a condition). */
export const overdueSql = (at: Date): SQL =>
  sql`((${reports.status} = 'received' and ${reports.acceptDueAt} < ${at.toISOString()}::timestamptz) or (${inArray(
    reports.status,
    rules.openReportStatuses as rules.ReportStatus[],
  )} and coalesce(${reports.extendedUntil}, ${reports.dueAt}) < ${at.toISOString()}::timestamptz))`;

/** The caller's reach and the list's filters, shared by the list and its export. */
export function reportConditions(actor: Actor, at: Date, q: ReportFilters): (SQL | undefined)[] {
  return [
    reportScope(actor, 'report.read'),
    q.status ? eq(reports.status, q.status) : undefined,
    q.category ? eq(reports.category, q.category) : undefined,
    q.streetId ? eq(reports.streetId, q.streetId) : undefined,
    q.assignedOrgId ? eq(reports.assignedOrgId, q.assignedOrgId) : undefined,
    q.overdue === 'true' ? overdueSql(at) : q.overdue === 'false' ? sql`not ${overdueSql(at)}` : undefined,
    q.hazardId ? eq(reports.hazardId, q.hazardId) : undefined,
  ];
}
export const reportSearch = [reports.code, reports.description, reports.address, reports.placeName, reports.reportedOrgName];
export const reportSortable = {
  receivedAt: reports.receivedAt,
  dueAt: sql`coalesce(${reports.extendedUntil}, ${reports.dueAt}, ${reports.acceptDueAt})`,
  code: reports.code,
};

export async function listReports(db: Db, actor: Actor, q: z.output<typeof api.reportHandling.listReports.query>) {
  const at = now(db);
  const found = await listPage(
    db,
    joinedReports(db).$dynamic(),
    {
      where: reportConditions(actor, at, q),
      search: reportSearch,
      sortable: reportSortable,
      defaultOrder: [desc(reports.receivedAt)],
      tieBreaker: reports.id,
    },
    q,
  );
  return { total: found.total, page: found.page, pageSize: found.pageSize, items: found.rows.map((j) => presentReport(actor, j, at)) };
}

export async function getReport(db: Db, actor: Actor, id: string) {
  return presentReportDetail(db, actor, await loadReport(db, actor, id));
}

// ── the steps ─────────────────────────────────────────────────────────

/** Where each limit comes from, as the settings page shows it. */
export const limitSources: Record<string, Bilingual> = rules.reportLimitSources;

/** The district's limits (settings `report.limits`), the rule's defaults until an administrator changes them. */
export async function reportLimits(tx: Tx): Promise<rules.ReportLimitSettings> {
  const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, 'report.limits'));
  const parsed = rules.reportLimitSettings.safeParse(row?.value);
  return parsed.success ? parsed.data : rules.defaultReportLimits;
}

export async function saveReportLimits(db: Db, actor: Actor, value: rules.ReportLimitSettings) {
  return db.transaction(async (tx) => {
    const before = await reportLimits(tx);
    await tx
      .insert(settings)
      .values({ key: 'report.limits', value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now(tx) } });
    await audit(tx, actor, { action: 'report.limits', entityType: 'reportLimits', entityId: 'report.limits', before, after: value });
    return { ...value, sources: limitSources };
  });
}

/** A report's row as the audit log keeps it: without the hash of the reporter's follow-up secret. */
const auditable = ({ secretHash: _secret, ...rest }: ReportRow) => rest;

const fieldError = (field: string, message: Bilingual) => new AppError('VALIDATION', undefined, { fields: [{ field, message }] });

async function officeMessage(tx: Tx, reportId: string, body: string): Promise<void> {
  await tx.insert(reportMessages).values({ reportId, author: 'office', body, createdAt: now(tx) });
}

/** The unit a report is assigned to: a department, a street, a community or another office of the district — not an enterprise. */
async function checkAssignee(tx: Tx, orgId: string): Promise<void> {
  const [org] = await tx.select({ type: orgs.type }).from(orgs).where(eq(orgs.id, orgId));
  if (!org || org.type === 'enterprise' || org.type === 'group')
    throw fieldError('orgId', bi('承办单位须为部门、街道或社区', 'The unit must be a department, a street or a community'));
}

/** A duplicate is merged into an earlier report of the same category, itself not a duplicate nor refused (422 otherwise). */
async function checkMergeTarget(tx: Tx, actor: Actor, r: ReportRow, targetId: string): Promise<JoinedReport> {
  if (targetId === r.id) throw fieldError('duplicateOf', bi('不能与自身合并', 'A report cannot duplicate itself'));
  const target = await loadReport(tx, actor, targetId).catch(() => {
    throw fieldError('duplicateOf', bi('被合并的举报不存在', 'No such report to merge into'));
  });
  const t = target.r;
  if (t.duplicateOf !== null || t.status === 'refused')
    throw new AppError('RULE_VIOLATION', bi(`举报 ${t.code} 本身已被合并或不予受理`, `Report ${t.code} was itself merged or refused`));
  if (t.category !== r.category)
    throw new AppError('RULE_VIOLATION', bi('只能合并同一类别的重复举报', 'Only a report of the same category can be merged'));
  return target;
}

/**
 * Applies one planned step to a report in the caller's transaction and records it (timeline and audit). What each
 * stores beside the state:
 * - accept starts the 60 days (the category's handle days) from now; refuse writes the ground and the reason as the
 *   reply the reporter reads; merge links the duplicate to the first report and tells the reporter which;
 * - assign names the unit; handle stores the outcome, the hazard created (origin 公众举报, the report's code as its
 *   reference) or linked, the unit it was passed to (the reporter is told); return clears the outcome;
 * - close stores the reply and the closing time; extend moves the limit once and tells the reporter why.
 */
export async function applyReportTransition(tx: Tx, actor: Actor, j: JoinedReport, t: ReportTransition): Promise<ReportRow> {
  const before = j.r;
  const at = now(tx);
  const set: Partial<ReportRow> = { status: t.to, updatedAt: at };
  switch (t.action) {
    case 'accept':
      Object.assign(set, { acceptedAt: at, dueAt: rules.handleDueAt(at, j.category.handleDays) });
      break;
    case 'refuse':
      set.reply = `不予受理：${rules.refusalGroundLabels[t.input.ground].zh}。${t.input.reason}`;
      break;
    case 'merge': {
      const target = await checkMergeTarget(tx, actor, before, t.input.duplicateOf);
      Object.assign(set, { duplicateOf: target.r.id, reply: `该事项已受理：与举报 ${target.r.code} 重复，已合并办理。` });
      break;
    }
    case 'assign':
      await checkAssignee(tx, t.input.orgId);
      set.assignedOrgId = t.input.orgId;
      break;
    case 'handle': {
      const h = t.input;
      let hazardId: string | null = null;
      if (h.outcome === 'hazard') {
        if (h.hazardId) {
          // Only a hazard the handler may see is linked: the report's page shows its code and state.
          const [found] = await tx
            .select({ id: hazards.id })
            .from(hazards)
            .where(and(eq(hazards.id, h.hazardId), hazardScope(actor, 'hazard.read')));
          if (!found) throw fieldError('hazardId', bi('隐患不存在', 'No such hazard'));
          hazardId = found.id;
        } else {
          hazardId = await insertHazard(tx, actor, {
            title: h.hazard!.title ?? (before.title || `举报 ${before.code}：${j.category.nameZh}`),
            level: h.hazard!.level,
            responsibleOrgId: h.hazard!.responsibleOrgId,
            foundAt: before.receivedAt.toISOString(),
            // The unit responsible sees the hazard: phone numbers and ID numbers the reporter typed are masked.
            description: rules.redactContacts(before.description),
            ...(before.geom ? { lng: before.geom.x, lat: before.geom.y } : {}),
            placeName: before.placeName ?? before.address,
            majorBasis: h.hazard!.majorBasis ?? null,
            deadline: h.hazard!.deadline ?? null,
            origin: 'public_report',
            originRef: before.code,
            // The reporter's photos, their metadata already removed (`reportPhotosGoWithHazard`).
            recordPhotoIds: rules.reportPhotosGoWithHazard(await orgTypeOf(tx, h.hazard!.responsibleOrgId))
              ? (await tx.select({ fileId: reportPhotos.fileId }).from(reportPhotos).where(eq(reportPhotos.reportId, before.id))).map(
                  (p) => p.fileId,
                )
              : [],
          });
        }
      }
      Object.assign(set, { outcome: h.outcome, hazardId, transferredTo: h.outcome === 'transferred' ? h.transferredTo! : null });
      if (h.outcome === 'transferred') await officeMessage(tx, before.id, `您的举报已转交${h.transferredTo}办理。`);
      break;
    }
    case 'return':
      Object.assign(set, { outcome: null, transferredTo: null });
      break;
    case 'close':
      Object.assign(set, { closedAt: at, reply: t.input.reply });
      break;
    case 'extend': {
      const until = rules.extendedDueAt(before, t.input.days, await reportLimits(tx));
      Object.assign(set, { extendedUntil: until, extensionReason: t.input.reason });
      await officeMessage(tx, before.id, `办理期限延长 ${t.input.days} 日。延期理由：${t.input.reason}`);
      break;
    }
    default:
      break;
  }
  const [after] = await tx.update(reports).set(set).where(eq(reports.id, before.id)).returning();
  // The audit row holds the report's own fields: the identity lives in report_reporters, and the secret's hash stays out.
  await recordTransition(tx, rules.reportWorkflow, before.id, t, actor, { before: auditable(before), after: auditable(after!) });
  return after!;
}

/**
 * One step of a report (`POST /api/reports/{id}/actions/{action}`): loaded within the caller's reach and locked,
 * planned by the policy (404 unknown action, 403 reach or role, 409 state, 400 input), applied and recorded in
 * one transaction, presented with the actions the caller may take next.
 */
export async function performReportAction(db: Db, actor: Actor, id: string, action: string, input: unknown) {
  return db.transaction(async (tx) => {
    const loaded = await loadReport(tx, actor, id, { lock: true });
    const transition = reportPolicy.plan(actor, reportObject(loaded), action, input);
    await applyReportTransition(tx, actor, loaded, transition);
    return presentReportDetail(tx, actor, await loadReport(tx, actor, id));
  });
}

/**
 * Bulk triage from the queue: each report in its own transaction (a savepoint), answered with the status a single
 * action would have had, so that one refused report does not undo the others.
 */
export async function bulkReports(db: Db, actor: Actor, body: z.output<typeof api.reportHandling.bulkReportInput>) {
  const input =
    body.action === 'assign'
      ? { orgId: body.orgId }
      : body.action === 'merge'
        ? { duplicateOf: body.duplicateOf }
        : body.action === 'refuse'
          ? { ground: body.ground, reason: body.reason }
          : {};
  const results: z.output<typeof api.reportHandling.bulkReportResult>['results'] = [];
  for (const id of [...new Set(body.ids)]) {
    try {
      await db.transaction(async (tx) => {
        const loaded = await loadReport(tx, actor, id, { lock: true });
        await applyReportTransition(tx, actor, loaded, reportPolicy.plan(actor, reportObject(loaded), body.action, input));
      });
      results.push({ id, status: 200 });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const status = error.status as 400 | 403 | 404 | 409 | 422;
      results.push({ id, status, error: { code: error.code, message: error.bilingual } });
    }
  }
  return { results };
}

/** A question or a note to the reporter (they read it when tracking, and may answer). */
export async function postReportMessage(db: Db, actor: Actor, id: string, body: string) {
  return db.transaction(async (tx) => {
    const loaded = await loadReport(tx, actor, id);
    if (!reportInReach(actor, 'report.handle', reportObject(loaded).reach)) throw new AppError('FORBIDDEN');
    const [row] = await tx
      .insert(reportMessages)
      .values({ reportId: id, author: 'office', body, createdAt: now(tx) })
      .returning();
    await audit(tx, actor, { action: 'report.ask', entityType: 'report', entityId: id, after: { body } });
    return { id: row!.id, author: row!.author, body: row!.body, createdAt: row!.createdAt.toISOString() };
  });
}
