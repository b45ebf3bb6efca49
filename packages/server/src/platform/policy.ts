import {
  type ActionOf,
  type AnyWorkflow,
  AppError,
  type Bilingual,
  type CallerActionOf,
  callerActions,
  checkTransition,
  type ErrorCode,
  type StateOf,
  type Transition,
} from '@citysafe/domain';
import type { Actor } from './actor.js';
import { actionsFor, permissionCheck, plan } from './workflow.js';

/**
 * Why an actor may not take an action: the error the service throws. A plain value rather than an
 * AppError, so that asking for every object of a list (the presenter) costs no stack traces.
 */
export interface Refusal {
  code: ErrorCode;
  message?: Bilingual;
}

/** A rule's answer: `true` when the actor may take the action on the object now. */
export type Verdict = true | Refusal;

/** The rule of one action on one kind of object. */
export type Rule<Obj> = (actor: Actor, obj: Obj) => Verdict;

/** 403 with the default message: the object is outside the actor's reach for the action. */
export const forbidden: Refusal = { code: 'FORBIDDEN' };

/** A refusal with its own code and message, e.g. 409 while something is pending. */
export const refuse = (code: ErrorCode, message?: Bilingual): Refusal => ({ code, ...(message ? { message } : {}) });

/** `true` when the condition holds, else the refusal. */
export const allowIf = (condition: boolean, refusal: Refusal = forbidden): Verdict => condition || refusal;

const raise = (r: Refusal): never => {
  throw new AppError(r.code, r.message);
};

/**
 * One module's answer to "may this actor do action A to this object", for one kind of object. The
 * service enforces it (`authorize` throws the refusal: 403, 409, …) and the presenter lists it
 * (`allowed` is the object's `allowedActions`), so the two cannot drift.
 */
export interface Policy<Obj, A extends string> {
  /** The object's actions, in the order the contract lists them. */
  readonly actions: readonly A[];
  /** The actions this actor may take on this object now: the presenter's `allowedActions`. */
  allowed(actor: Actor, obj: Obj): A[];
  /** Throws the refusal unless the actor may take the action on the object now: the service's check. */
  authorize(actor: Actor, obj: Obj, action: A): void;
}

/** A policy from one rule per action (the object's own endpoints: update, delete, link …). */
export function definePolicy<Obj, A extends string>(rules: Record<A, Rule<Obj>>): Policy<Obj, A> {
  const actions = Object.keys(rules) as A[];
  return {
    actions,
    allowed: (actor, obj) => actions.filter((a) => rules[a](actor, obj) === true),
    authorize: (actor, obj, action) => {
      const verdict = rules[action](actor, obj);
      if (verdict !== true) raise(verdict);
    },
  };
}

/** A policy of an object that moves through a workflow, with the actions of its own endpoints. */
export interface WorkflowPolicy<Obj, W extends AnyWorkflow, X extends string> extends Policy<Obj, CallerActionOf<W> | X> {
  /**
   * Plans the workflow action a request names: 404 for an unknown action, 403 when the object is
   * outside the actor's reach for it or the actor's roles lack its permission, 409 when the state
   * does not allow it, 400 with the fields when its input is wrong. The input is typed by action.
   */
  plan(actor: Actor, obj: Obj, action: string, input: unknown): Transition<W>;
}

/**
 * A policy built on a workflow (the engine decides permission and state); `reach` adds what the
 * workflow cannot know, whether this object lies in the actor's reach for the action (e.g. a unit
 * reports on its own part, 安委办 decides in its district). `others` are the object's actions
 * that are not transitions, listed after the workflow's unless `othersFirst` (the contract's order).
 */
export function workflowPolicy<Obj, W extends AnyWorkflow, X extends string = never>(
  def: W,
  spec: {
    state: (obj: Obj) => StateOf<W>;
    reach: (actor: Actor, obj: Obj, action: ActionOf<W>) => Verdict;
    others?: Record<X, Rule<Obj>>;
    othersFirst?: boolean;
  },
): WorkflowPolicy<Obj, W, X> {
  const others = (spec.others ?? {}) as Record<X, Rule<Obj>>;
  const otherNames = Object.keys(others) as X[];
  const isOther = (action: string): action is X => Object.hasOwn(others, action);
  const checkReach = (actor: Actor, obj: Obj, action: string): void => {
    // An unknown action is left to the engine, which answers 404 whatever the reach.
    if (!Object.hasOwn(def.actions, action)) return;
    const verdict = spec.reach(actor, obj, action as ActionOf<W>);
    if (verdict !== true) raise(verdict);
  };
  const inOrder = <T>(transitions: T[], own: T[]): T[] => (spec.othersFirst ? [...own, ...transitions] : [...transitions, ...own]);
  return {
    actions: inOrder<CallerActionOf<W> | X>(callerActions(def), otherNames),
    allowed: (actor, obj) =>
      inOrder<CallerActionOf<W> | X>(
        actionsFor(def, spec.state(obj), actor, (a) => spec.reach(actor, obj, a as ActionOf<W>) === true) as CallerActionOf<W>[],
        otherNames.filter((a) => others[a](actor, obj) === true),
      ),
    authorize: (actor, obj, action) => {
      if (isOther(action)) {
        const verdict = others[action](actor, obj);
        if (verdict !== true) raise(verdict);
        return;
      }
      checkReach(actor, obj, action);
      checkTransition(def, spec.state(obj), action, permissionCheck(actor));
    },
    plan: (actor, obj, action, input) => {
      checkReach(actor, obj, action);
      return plan(def, spec.state(obj), action, input, actor) as Transition<W>;
    },
  };
}
