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

/**
 * Declares a workflow with its state and action names inferred. Each action keeps its own input
 * schema's type, so the contract and the services type an action's fields by its name.
 */
export const defineWorkflow = <S extends string, const Acts extends Record<string, WorkflowAction<S>>>(def: {
  entity: string;
  initial: NoInfer<S>;
  states: Record<S, { label: Bilingual; terminal?: boolean }>;
  actions: Acts;
}): WorkflowDefinition<S, Extract<keyof Acts, string>> & { actions: Acts } => def;

/** Any workflow, for helpers that take one whatever its states and actions. */
export type AnyWorkflow = WorkflowDefinition<string, string>;
/** The state names of a workflow. */
export type StateOf<W extends AnyWorkflow> = Extract<keyof W['states'], string>;
/** The action names of a workflow, `system` ones included. */
export type ActionOf<W extends AnyWorkflow> = Extract<keyof W['actions'], string>;

/** The fields an action takes, as parsed: its input schema's output, or none. */
export type ActionInput<W extends AnyWorkflow, A extends ActionOf<W>> = W['actions'][A] extends { input: infer I extends z.ZodType }
  ? z.output<I>
  : Record<string, never>;

/** The actions of a workflow a caller may take (not the platform's `system` ones). */
export type CallerActionOf<W extends AnyWorkflow> = {
  [A in ActionOf<W>]: W['actions'][A] extends { permission: 'system' } ? never : A;
}[ActionOf<W>];

/** The actions of a workflow that callers take (not the platform's `system` ones), in declaration order. */
export const callerActions = <W extends AnyWorkflow>(def: W): CallerActionOf<W>[] =>
  (Object.keys(def.actions) as CallerActionOf<W>[]).filter((name) => def.actions[name]!.permission !== 'system');

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

/** A planned transition of a workflow whose input is typed by its action: narrow on `action`. */
export type Transition<W extends AnyWorkflow> = {
  [A in ActionOf<W>]: { action: A; from: StateOf<W>; to: StateOf<W>; input: ActionInput<W, A> };
}[ActionOf<W>];

/**
 * Checks that the caller may take the action from this state, without its input: throws
 * NOT_FOUND for an unknown action, FORBIDDEN when the caller lacks the permission, and
 * INVALID_TRANSITION (409) with the reason when the state does not allow it.
 */
export function checkTransition<S extends string, A extends string>(
  def: WorkflowDefinition<S, A>,
  state: S,
  actionName: string,
  can: PermissionCheck | 'system',
): A {
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
  return name;
}

/**
 * Checks one action against the state machine (see `checkTransition`) and returns the transition
 * to perform; VALIDATION with the fields when required input is missing.
 */
export function planTransition<S extends string, A extends string>(
  def: WorkflowDefinition<S, A>,
  state: S,
  actionName: string,
  rawInput: unknown,
  can: PermissionCheck | 'system',
): PlannedTransition<S, A> {
  const name = checkTransition(def, state, actionName, can);
  const action = def.actions[name];
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
