import { AppError, type api, bi, hazard as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, can } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { now, type Tx } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { allowIf, definePolicy, forbidden, refuse, workflowPolicy } from '../../platform/policy.js';
import { recordTransition } from '../../platform/workflow.js';
import { notify, pushNotifications } from '../notifications/index.js';
import { audiencesOf } from './hazard.audiences.js';
import { hazardSettings } from './hazard-rules.service.js';
import { hazardExtensions } from './hazard-extensions.tables.js';
import { hazardScope } from './hazard.scope.js';
import { hazards } from './hazard.tables.js';

const { hazardExtensionWorkflow } = rules;
type Extensions = z.infer<typeof api.hazardExtensions.extensions>;

/** A hazard as the extension rules see it: its deadlines, its level, and the caller's reach over it. */
export interface ExtensionHazard {
  id: string;
  code: string;
  title: string;
  level: rules.HazardLevel;
  status: rules.HazardStatus;
  deadline: string | null;
  supervisionDeadline: string | null;
  responsibleOrgId: string;
  departmentId: string | null;
  supervisingOrgId: string | null;
  streetId: string | null;
  /** Whether the caller's reach covers the hazard for hazard.rectify / hazard.verify / hazard.supervise. */
  rectifies: boolean;
  verifies: boolean;
  supervises: boolean;
  /** An extension request awaits a decision. */
  pending: boolean;
}

const closed = (h: { status: rules.HazardStatus }): boolean => rules.hazardWorkflow.states[h.status].terminal === true;

/**
 * Asking for more time: the responsible unit (hazard.rectify within reach), while the hazard is open, has a
 * deadline to move, and no other request awaits a decision (one at a time: 409).
 */
export const hazardExtensionRequestPolicy = definePolicy<ExtensionHazard, 'request'>({
  request: (_actor, h) => {
    if (!h.rectifies) return forbidden;
    if (closed(h)) return refuse('INVALID_TRANSITION', bi('隐患已闭环，无需延期', 'The hazard is closed; no extension is needed'));
    if (!rules.bindingDeadline(h))
      return refuse('INVALID_TRANSITION', bi('隐患未设整改期限，无需延期', 'The hazard has no deadline to extend'));
    return allowIf(!h.pending, refuse('CONFLICT', bi('已有待审批的延期申请', 'An extension request is already awaiting a decision')));
  },
});

/**
 * Deciding: for a 一般 hazard the side that verifies it (hazard.verify within reach); for a 重大 one the side
 * that supervises it (hazard.supervise within reach: the 挂牌督办 department, 安委办), the workflow's own
 * hazard.verify permission checked by the engine as well.
 */
export const hazardExtensionPolicy = workflowPolicy(hazardExtensionWorkflow, {
  state: (e: { status: rules.HazardExtensionStatus; hazard: ExtensionHazard }) => e.status,
  reach: (_actor, e) => allowIf(e.hazard.level === '重大' ? e.hazard.supervises : e.hazard.verifies),
});

const reachOf = (actor: Actor, action: 'hazard.rectify' | 'hazard.verify' | 'hazard.supervise') =>
  can(actor, action) ? sql<boolean>`coalesce(${hazardScope(actor, action)}, false)` : sql<boolean>`false`;

/** Loads a hazard the caller may read (404 otherwise), locked when it is about to change. */
async function loadHazard(tx: Tx, actor: Actor, id: string, lock: boolean): Promise<ExtensionHazard> {
  const query = tx
    .select({
      id: hazards.id,
      code: hazards.code,
      title: hazards.title,
      level: hazards.level,
      status: hazards.status,
      deadline: hazards.deadline,
      supervisionDeadline: hazards.supervisionDeadline,
      responsibleOrgId: hazards.responsibleOrgId,
      departmentId: hazards.departmentId,
      supervisingOrgId: hazards.supervisingOrgId,
      streetId: hazards.streetId,
      rectifies: reachOf(actor, 'hazard.rectify'),
      verifies: reachOf(actor, 'hazard.verify'),
      supervises: reachOf(actor, 'hazard.supervise'),
      // Written out: drizzle names a selected column without its table, which inside the subquery would be e.id.
      pending: sql<boolean>`exists (select 1 from hazard_extensions e where e.hazard_id = hazards.id and e.status = 'requested')`,
    })
    .from(hazards)
    .where(and(eq(hazards.id, id), hazardScope(actor, 'hazard.read')));
  const [h] = lock ? await query.for('update', { of: hazards }) : await query;
  if (!h) throw new AppError('NOT_FOUND', bi('隐患不存在', 'No such hazard'));
  return h;
}

/** The extension list of one hazard, newest first, with the deadline's standing today. */
async function present(tx: Tx, actor: Actor, h: ExtensionHazard): Promise<Extensions> {
  const settings = await hazardSettings(tx);
  const found = await tx
    .select()
    .from(hazardExtensions)
    .where(eq(hazardExtensions.hazardId, h.id))
    .orderBy(desc(hazardExtensions.requestedAt), desc(hazardExtensions.id));
  const deadline = rules.bindingDeadline(h);
  return {
    hazardId: h.id,
    standing: {
      deadline,
      field: rules.deadlineColumnOf(h),
      ...rules.hazardDeadlineStanding(shanghaiDateOf(now(tx)), deadline, { closed: closed(h), dueSoonDays: settings.dueSoonDays }),
    },
    allowedActions: hazardExtensionRequestPolicy.allowed(actor, h),
    items: found.map((e) => ({
      id: e.id,
      hazardId: e.hazardId,
      previousDeadline: e.previousDeadline,
      requestedDeadline: e.requestedDeadline,
      field: e.field,
      reason: e.reason,
      status: e.status,
      requestedBy: e.requestedByName,
      requestedAt: e.requestedAt.toISOString(),
      decidedBy: e.decidedByName,
      decidedAt: e.decidedAt?.toISOString() ?? null,
      decisionNote: e.decisionNote,
      allowedActions: hazardExtensionPolicy.allowed(actor, { status: e.status, hazard: h }),
    })),
  };
}

/** `GET /api/hazards/{id}/extensions`: what was asked and decided, and whether the caller may ask now. */
export async function listHazardExtensions(platform: Platform, actor: Actor, hazardId: string): Promise<Extensions> {
  return platform.db.transaction(async (tx) => present(tx, actor, await loadHazard(tx, actor, hazardId, false)));
}

const link = (hazardId: string) => `/hazards/${hazardId}`;

/**
 * The responsible unit asks to move the deadline. The hazard row is locked, so a second request waits and
 * then finds this one pending (409); the partial unique index is the last guard. The deciders are told.
 */
export async function requestHazardExtension(
  platform: Platform,
  actor: Actor,
  hazardId: string,
  input: z.output<typeof api.hazardExtensions.requestExtension.body>,
): Promise<Extensions> {
  const result = await platform.db.transaction(async (tx) => {
    const h = await loadHazard(tx, actor, hazardId, true);
    hazardExtensionRequestPolicy.authorize(actor, h, 'request');
    const current = rules.bindingDeadline(h);
    if (current && input.requestedDeadline <= current)
      throw new AppError('RULE_VIOLATION', bi(`延期后的期限须晚于当前期限 ${current}`, `The new deadline must be after ${current}`), {
        fields: [
          {
            field: 'requestedDeadline',
            message: bi(`延期后的期限须晚于当前期限 ${current}`, `The new deadline must be after ${current}`),
          },
        ],
      });
    const [ext] = await tx
      .insert(hazardExtensions)
      .values({
        hazardId,
        field: rules.deadlineColumnOf(h),
        previousDeadline: current,
        requestedDeadline: input.requestedDeadline,
        reason: input.reason,
        requestedBy: actor.userId,
        requestedByName: actor.displayName,
        requestedAt: now(tx),
      })
      .returning();
    await audit(tx, actor, { action: 'hazardExtension.request', entityType: 'hazardExtension', entityId: ext!.id, after: ext });
    const deciders = await audiencesOf(tx, h, h.level === '重大' ? ['department', 'safetyOffice'] : ['department']);
    const created = await notify(tx, platform, deciders, {
      kind: 'hazard.extensionRequested',
      title: `隐患 ${h.code} 申请延期至 ${input.requestedDeadline}（原期限 ${current ?? '未设'}）`,
      body: input.reason,
      link: link(h.id),
      orgId: h.responsibleOrgId,
    });
    return { created, body: await present(tx, actor, { ...h, pending: true }) };
  });
  await pushNotifications(platform, result.created);
  return result.body;
}

/** The decider approves (the deadline moves, in the same transaction) or rejects; the requester is told. */
export async function performHazardExtensionAction(
  platform: Platform,
  actor: Actor,
  hazardId: string,
  extensionId: string,
  action: string,
  input: unknown,
): Promise<Extensions> {
  const result = await platform.db.transaction(async (tx) => {
    const h = await loadHazard(tx, actor, hazardId, true);
    const [ext] = await tx
      .select()
      .from(hazardExtensions)
      .where(and(eq(hazardExtensions.id, extensionId), eq(hazardExtensions.hazardId, hazardId)))
      .for('update');
    if (!ext) throw new AppError('NOT_FOUND', bi('延期申请不存在', 'No such extension request'));
    const t = hazardExtensionPolicy.plan(actor, { status: ext.status, hazard: h }, action, input);
    let moved = h;
    if (t.to === 'approved') {
      if (closed(h)) throw new AppError('INVALID_TRANSITION', bi('隐患已闭环，无需延期', 'The hazard is closed; no extension is needed'));
      const move =
        ext.field === 'supervisionDeadline' ? { supervisionDeadline: ext.requestedDeadline } : { deadline: ext.requestedDeadline };
      const [extended] = await tx
        .update(hazards)
        .set({ ...move, updatedAt: now(tx) })
        .where(eq(hazards.id, hazardId))
        .returning({ deadline: hazards.deadline, supervisionDeadline: hazards.supervisionDeadline });
      await audit(tx, actor, {
        action: 'hazard.extend',
        entityType: 'hazard',
        entityId: hazardId,
        before: { deadline: h.deadline, supervisionDeadline: h.supervisionDeadline },
        after: { ...extended, extensionId },
      });
      moved = { ...h, ...move };
    }
    const note = t.action === 'reject' ? t.input.reason : null;
    const [after] = await tx
      .update(hazardExtensions)
      .set({ status: t.to, decidedBy: actor.userId, decidedByName: actor.displayName, decidedAt: now(tx), decisionNote: note })
      .where(eq(hazardExtensions.id, extensionId))
      .returning();
    await recordTransition(tx, hazardExtensionWorkflow, extensionId, t, actor, { before: ext, after });
    const told = ext.requestedBy ? [ext.requestedBy] : [];
    const created = await notify(tx, platform, [...told, ...(await audiencesOf(tx, h, ['responsiblePerson']))], {
      kind: t.to === 'approved' ? 'hazard.extensionApproved' : 'hazard.extensionRejected',
      title:
        t.to === 'approved'
          ? `隐患 ${h.code} 延期申请已同意，期限延至 ${ext.requestedDeadline}`
          : `隐患 ${h.code} 延期申请未获同意，期限仍为 ${ext.previousDeadline ?? '未设'}`,
      body: note ?? '',
      link: link(h.id),
      orgId: h.responsibleOrgId,
    });
    return { created, body: await present(tx, actor, { ...moved, pending: false }) };
  });
  await pushNotifications(platform, result.created);
  return result.body;
}
