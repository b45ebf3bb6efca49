import { AppError, addCalendarDays, bi, hazard as rules, shanghaiDateOf, type Transition } from '@citysafe/domain';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, systemActor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { assertReadableFiles } from '../../platform/files.service.js';
import { plan, recordTransition } from '../../platform/workflow.js';
import { orgs } from '../identity/index.js';
import { raiseRiskLevel, releaseRiskLevel } from '../risk/index.js';
import { hazardSettings } from './hazard-rules.service.js';
import { checkMajorBasis } from './hazard.service.js';
import { hazardPolicy } from './hazard.policy.js';
import { type HazardDetail, type HazardRow, hazardObject, loadHazard, presentHazardDetail } from './hazard.present.js';
import { hazardPhotos, hazards } from './hazard.tables.js';

type HazardTransition = Transition<typeof rules.hazardWorkflow>;

/** The raiser kind a 重大 hazard opens on its risk source (risk module, `levelRaiseRules`). */
const majorHazardRaise = 'hazard.major';

/** Attaches photos of one stage, each one the caller may read (400 naming `photoIds.i` otherwise). */
async function addPhotos(tx: Tx, actor: Actor, hazardId: string, stage: rules.HazardPhotoStage, fileIds: readonly string[]): Promise<void> {
  if (fileIds.length === 0) return;
  await assertReadableFiles(tx, actor, fileIds, 'photoIds');
  await tx
    .insert(hazardPhotos)
    .values(fileIds.map((fileId) => ({ hazardId, fileId, stage, addedBy: actor.userId, addedAt: now(tx) })))
    // A photo already attached (e.g. as found) keeps its first stage.
    .onConflictDoNothing();
}

/** 挂牌督办 is by a government body, a department or a street: 400 naming `supervisingOrgId` for any other org. */
async function checkSupervisingOrg(tx: Tx, orgId: string): Promise<void> {
  const [org] = await tx.select({ type: orgs.type }).from(orgs).where(eq(orgs.id, orgId));
  if (!org || !(rules.supervisingOrgTypes as readonly string[]).includes(org.type))
    throw new AppError('VALIDATION', undefined, {
      fields: [
        {
          field: 'supervisingOrgId',
          message: bi(
            '督办单位须为政府、议事协调机构、部门或街道',
            'The supervising org must be a government body, committee, department or street',
          ),
        },
      ],
    });
}

/**
 * What a reclassification changes besides the state: the level named (409 when it is the level already: a stale
 * page), up to 重大 with its basis checked as at creation (422 `majorBasis`), down to 一般 without the basis (the
 * audit row keeps the one it had); the 重大 loop starts with its report. The 治理方案 of a 重大 hazard stays: the detail marks it as made under the former grading.
 */
async function reclassification(tx: Tx, before: HazardRow, input: z.output<typeof rules.reclassifyInput>): Promise<Partial<HazardRow>> {
  if (input.level === before.level)
    throw new AppError(
      'CONFLICT',
      bi(
        `该隐患已是${rules.hazardLevelLabels[before.level].zh}`,
        `The hazard is a ${rules.hazardLevelLabels[before.level].en.toLowerCase()} already`,
      ),
    );
  if (input.level === '一般') return { level: '一般', standardClauseId: null, majorBasis: null };
  await checkMajorBasis(tx, input);
  return { level: '重大', standardClauseId: input.standardClauseId ?? null, majorBasis: input.majorBasis ?? null };
}

/**
 * Applies one planned transition to a hazard in the caller's transaction and records it (timeline and audit):
 * what each step stores beside the state. Exported for the demo data, which walks hazards through their loops.
 * - rectifying (一般) records who rectified and when, with the photos after it; a return clears them, so that
 *   the next submission is the one verified;
 * - verify and close (销号) record who verified and when it closed; closing a 重大 hazard releases the risk
 *   level its source was raised to; the on-site review's photos (销号 or an order to correct) are kept;
 * - 挂牌督办 stores the supervision; the assessment records the rectification's end, with its photos;
 * - the application to close sets the on-site review's due day, an order to correct clears it;
 * - a reclassification changes the level (`reclassification`); down to 一般 releases the risk level as closing
 *   does, up to 重大 raises it as creating a 重大 hazard does.
 */
export async function applyHazardTransition(tx: Tx, actor: Actor, before: HazardRow, transition: HazardTransition): Promise<HazardRow> {
  const at = now(tx);
  const set: Partial<HazardRow> = { status: transition.to, updatedAt: at };
  switch (transition.action) {
    case 'rectifyOnSpot':
    case 'submitRectification':
      Object.assign(set, { rectifiedBy: actor.userId, rectifiedAt: at });
      await addPhotos(tx, actor, before.id, 'rectified', transition.input.photoIds);
      break;
    case 'return':
      Object.assign(set, { rectifiedBy: null, rectifiedAt: null });
      break;
    case 'verify':
      Object.assign(set, { verifiedBy: actor.userId, closedAt: at });
      break;
    case 'close':
      Object.assign(set, { verifiedBy: actor.userId, closedAt: at });
      await addPhotos(tx, actor, before.id, 'review', transition.input.photoIds);
      break;
    case 'list': {
      const l = transition.input;
      await checkSupervisingOrg(tx, l.supervisingOrgId);
      Object.assign(set, {
        supervisingOrgId: l.supervisingOrgId,
        supervisingBody: l.supervisingBody,
        responsibleLeader: l.responsibleLeader,
        supervisionDeadline: l.deadline,
        publicNotice: l.publicNotice,
        stopWork: l.stopWork,
        listedAt: at,
      });
      break;
    }
    case 'submitAssessment':
      Object.assign(set, { rectifiedBy: actor.userId, rectifiedAt: at });
      await addPhotos(tx, actor, before.id, 'assessment', transition.input.photoIds);
      break;
    case 'applyClose':
      set.reviewDueOn = addCalendarDays(shanghaiDateOf(at), (await hazardSettings(tx)).reviewDays);
      break;
    case 'orderCorrection':
      set.reviewDueOn = null;
      await addPhotos(tx, actor, before.id, 'review', transition.input.photoIds);
      break;
    case 'reclassify':
      Object.assign(set, await reclassification(tx, before, transition.input));
      break;
    default:
      break;
  }
  const [after] = await tx.update(hazards).set(set).where(eq(hazards.id, before.id)).returning();
  await recordTransition(tx, rules.hazardWorkflow, before.id, transition, actor, { before, after });
  const released = transition.action === 'close' || (transition.action === 'reclassify' && after!.level === '一般');
  if (released) await releaseRiskLevel(tx, actor, { originKind: majorHazardRaise, originId: before.id });
  if (transition.action === 'reclassify' && after!.level === '重大' && after!.riskSourceId)
    await raiseRiskLevel(tx, actor, {
      sourceId: after!.riskSourceId,
      originKind: majorHazardRaise,
      originId: before.id,
      reason: after!.title,
    });
  return after!;
}

/**
 * Stores the 治理方案 of a 重大 hazard already authorised for the caller (16号令 Art. 15): 422 naming each
 * missing or empty part; the first plan of a reported hazard makes it `planned` (the `system` action
 * `submitPlan`, recorded under the caller's name); each save is audited (`hazard.savePlan`).
 */
export async function storePlan(tx: Tx, actor: Actor, before: HazardRow, draft: rules.HazardPlanDraft): Promise<void> {
  const missing = rules.missingPlanParts(draft);
  if (missing.length > 0) {
    throw new AppError(
      'RULE_VIOLATION',
      bi('治理方案须包含 16号令第十五条规定的六项内容', 'A treatment plan needs the six parts of Decree 16, Art. 15'),
      {
        fields: missing.map((part) => ({ field: part, message: rules.missingPlanPartMessage(part) })),
      },
    );
  }
  const complete = Object.fromEntries(rules.hazardPlanPartNames.map((part) => [part, draft[part]!])) as rules.HazardPlan;
  const at = now(tx);
  const submit = before.status === 'reported' ? plan(rules.hazardWorkflow, before.status, 'submitPlan', {}, systemActor) : null;
  const [after] = await tx
    .update(hazards)
    .set({ plan: complete, planUpdatedAt: at, updatedAt: at, ...(submit ? { status: submit.to } : {}) })
    .where(eq(hazards.id, before.id))
    .returning();
  await audit(tx, actor, { action: 'hazard.savePlan', entityType: 'hazard', entityId: before.id, before: before.plan, after: complete });
  if (submit) await recordTransition(tx, rules.hazardWorkflow, before.id, submit, actor, { before, after });
}

/**
 * One step of a hazard's loop (`POST /api/hazards/{id}/actions/{action}`): the hazard loaded within the caller's
 * reach and locked, the step planned by the policy (404 unknown action, 403 reach or role, 409 state or level,
 * 422 the verifier who rectified, 400 input), applied and recorded in one transaction, presented with the
 * actions the caller may take next.
 */
export async function performHazardAction(db: Db, actor: Actor, id: string, action: string, input: unknown): Promise<HazardDetail> {
  return db.transaction(async (tx) => {
    const loaded = await loadHazard(tx, actor, id, { lock: true });
    const transition = hazardPolicy.plan(actor, hazardObject(loaded), action, input);
    await applyHazardTransition(tx, actor, loaded.h, transition);
    return presentHazardDetail(tx, actor, await loadHazard(tx, actor, id));
  });
}

/**
 * `PUT /api/hazards/{id}/plan`: the 治理方案 of a 重大 hazard, from its report until it is assessed (409 on a
 * 一般 hazard or in another state, 403 outside the responsible unit's reach, 422 naming each missing part).
 */
export async function saveHazardPlan(db: Db, actor: Actor, id: string, draft: rules.HazardPlanDraft): Promise<HazardDetail> {
  return db.transaction(async (tx) => {
    const loaded = await loadHazard(tx, actor, id, { lock: true });
    hazardPolicy.authorize(actor, hazardObject(loaded), 'savePlan');
    await storePlan(tx, actor, loaded.h, draft);
    return presentHazardDetail(tx, actor, await loadHazard(tx, actor, id));
  });
}
