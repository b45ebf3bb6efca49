import type { z } from 'zod';
import { AppError } from '../errors.js';
import { type Bilingual, bi } from '../i18n.js';
import type { Action } from '../identity/permissions.js';

/** One action of a workflow: from which states, to which state, who may take it, what it needs. */
export interface WorkflowAction<S extends string> {
  label: Bilingual;
  from: readonly S[];
  to: S;
  /** The permission a caller needs. `system` actions are taken only by the platform (timers, rules). */
  permission: Action | 'system';
  /** The fields the caller must send with the action, e.g. a reason for a refusal. */
  input?: z.ZodType<Record<string, unknown>>;
}

/** A workflow: an explicit state machine (architecture rule 5). */
export interface WorkflowDefinition<S extends string, A extends string> {
  /** The entity type, as used in audit rows and timelines. */
  entity: string;
  initial: S;
  states: Record<S, { label: Bilingual; terminal?: boolean }>;
  actions: Record<A, WorkflowAction<S>>;
}

/** Declares a workflow with its state and action names inferred. */
export const defineWorkflow = <S extends string, A extends string>(def: WorkflowDefinition<S, A>): WorkflowDefinition<S, A> => def;

/** Answers whether the caller holds a permission on this particular object. */
export type PermissionCheck = (permission: Action) => boolean;

/** The actions this caller may take from this state, in declaration order. */
export function allowedActions<S extends string, A extends string>(def: WorkflowDefinition<S, A>, state: S, can: PermissionCheck): A[] {
  return (Object.keys(def.actions) as A[]).filter((name) => {
    const action = def.actions[name];
    return action.permission !== 'system' && action.from.includes(state) && can(action.permission);
  });
}

export interface PlannedTransition<S extends string, A extends string> {
  action: A;
  from: S;
  to: S;
  input: Record<string, unknown>;
}

/**
 * Checks one action against the state machine and returns the transition to perform.
 * Throws 404-like VALIDATION for an unknown action, FORBIDDEN when the caller lacks the
 * permission, INVALID_TRANSITION (409) with the reason when the state does not allow it, and
 * VALIDATION with the fields when required input is missing.
 */
export function planTransition<S extends string, A extends string>(
  def: WorkflowDefinition<S, A>,
  state: S,
  actionName: string,
  rawInput: unknown,
  can: PermissionCheck | 'system',
): PlannedTransition<S, A> {
  if (!Object.hasOwn(def.actions, actionName)) {
    throw new AppError('NOT_FOUND', bi(`没有名为 ${actionName} 的操作`, `There is no action named ${actionName}`));
  }
  const name = actionName as A;
  const action = def.actions[name];
  if (can !== 'system' && (action.permission === 'system' || !can(action.permission))) {
    throw new AppError('FORBIDDEN', bi(`无权执行“${action.label.zh}”`, `You may not ${action.label.en.toLowerCase()}`));
  }
  if (!action.from.includes(state)) {
    const current = def.states[state].label;
    throw new AppError(
      'INVALID_TRANSITION',
      bi(
        `当前状态为“${current.zh}”，不能执行“${action.label.zh}”`,
        `Cannot ${action.label.en.toLowerCase()} while the state is “${current.en}”`,
      ),
      { details: { state, action: name, allowedFrom: action.from } },
    );
  }
  let input: Record<string, unknown> = {};
  if (action.input) {
    const parsed = action.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      throw new AppError('VALIDATION', undefined, {
        fields: parsed.error.issues.map((issue) => ({
          field: issue.path.join('.'),
          message: bi(`${issue.message}`, issue.message),
        })),
      });
    }
    input = parsed.data;
  }
  return { action: name, from: state, to: action.to, input };
}
