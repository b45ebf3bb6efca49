import {
  allowedActions,
  type api,
  type PermissionCheck,
  type PlannedTransition,
  planTransition,
  type WorkflowDefinition,
} from '@citysafe/domain';
import { and, asc, eq } from 'drizzle-orm';
import { type Actor, can } from './actor.js';
import { audit } from './audit.js';
import { now, type Tx } from './db.js';
import { workflowTransitions } from './platform.tables.js';

/**
 * The server half of the workflow engine every module uses: the state machine lives in the
 * domain package; this checks an action against it for an actor, and records the transition
 * as the object's timeline and in the audit log.
 */
export const actionsFor = <S extends string, A extends string>(
  def: WorkflowDefinition<S, A>,
  state: S,
  actor: Actor,
  objectCheck: (action: A) => boolean = () => true,
): A[] => allowedActions(def, state, (p) => can(actor, p)).filter(objectCheck);

/** How the engine asks for an actor's permissions: the platform itself takes `system` actions. */
export const permissionCheck = (actor: Actor): PermissionCheck | 'system' => (actor.kind === 'system' ? 'system' : (p) => can(actor, p));

/** Plans one action for an actor (system actors may take `system` actions). */
export const plan = <S extends string, A extends string>(
  def: WorkflowDefinition<S, A>,
  state: S,
  action: string,
  input: unknown,
  actor: Actor,
): PlannedTransition<S, A> => planTransition(def, state, action, input, permissionCheck(actor));

/** Writes the transition to the timeline and the audit log, in the caller's transaction. */
export async function recordTransition<S extends string, A extends string>(
  tx: Tx,
  def: WorkflowDefinition<S, A>,
  entityId: string,
  t: PlannedTransition<S, A>,
  actor: Actor,
  snapshot: { before: unknown; after: unknown },
): Promise<void> {
  await tx.insert(workflowTransitions).values({
    entityType: def.entity,
    entityId,
    action: t.action,
    fromState: t.from,
    toState: t.to,
    actorId: actor.userId,
    actorName: actor.displayName,
    input: t.input,
    // The platform's clock, as the audit row beside it: a timeline must agree with the dates the service stored.
    at: now(tx),
  });
  await audit(tx, actor, {
    action: `${def.entity}.${t.action}`,
    entityType: def.entity,
    entityId,
    before: snapshot.before,
    after: snapshot.after,
  });
}

/** The timeline of one object, oldest first. */
export async function timeline(tx: Tx, entityType: string, entityId: string): Promise<api.TimelineEntry[]> {
  const rows = await tx
    .select()
    .from(workflowTransitions)
    .where(and(eq(workflowTransitions.entityType, entityType), eq(workflowTransitions.entityId, entityId)))
    .orderBy(asc(workflowTransitions.id));
  return rows.map((r) => ({
    id: String(r.id),
    action: r.action,
    fromState: r.fromState,
    toState: r.toState,
    actorId: r.actorId,
    actorName: r.actorName,
    at: r.at.toISOString(),
    input: (r.input ?? {}) as Record<string, unknown>,
  }));
}
