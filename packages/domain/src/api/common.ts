import { z } from 'zod';
import { type AnyWorkflow, type CallerActionOf, callerActions } from '../workflow/engine.js';

export const id = z.uuid();
export const idParams = z.object({ id });

/** ISO-8601 timestamp as sent over the wire (stored as timestamptz, shown in Asia/Shanghai). */
export const timestamp = z.string();

/** A sort value: a field name ascending, or `-` and the field name descending. */
export type SortValue<F extends string> = F | `-${F}`;

export interface ListQueryOptions<F extends string, E extends z.ZodRawShape> {
  /** The fields this list can be sorted by; any other `sort` is refused with 400. */
  sort: readonly [F, ...F[]];
  /** The list's own filters, added to page, pageSize, sort and q. */
  filters?: E;
  /** Page size when not given and its ceiling, for lists read whole by the web app (20 and 200 otherwise). */
  pageSize?: { default: number; max: number };
}

/**
 * Query of a list endpoint (architecture rule 9): page from 1, a bounded page size, `sort` limited
 * to the fields the list declares (`field` or `-field`), `q` for free text, and the list's filters.
 * Declaring the fields here puts them in the OpenAPI document and refuses the rest at validation,
 * before any service runs.
 */
export function listQuery<const F extends string, E extends z.ZodRawShape = Record<never, never>>(options: ListQueryOptions<F, E>) {
  const values = options.sort.flatMap((f) => [f, `-${f}`]) as [SortValue<F>, ...SortValue<F>[]];
  const size = options.pageSize ?? { default: 20, max: 200 };
  const allowed = options.sort.join(', ');
  return z
    .object({
      page: z.coerce.number().int().min(1).default(1),
      pageSize: z.coerce.number().int().min(1).max(size.max).default(size.default),
      sort: z
        .enum(values, {
          error: `只能按 ${options.sort.join('、')} 排序，前加 - 为倒序 / Sort by one of: ${allowed}; prefix - for descending`,
        })
        .optional(),
      q: z.string().trim().max(100).optional(),
    })
    .extend((options.filters ?? {}) as E);
}

/** A page of a list. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const bilingual = z.object({ zh: z.string(), en: z.string() });

export const ok = z.object({ ok: z.literal(true) });

/**
 * Every object carries the actions the caller may take on it, so the UI never re-derives roles:
 * typed by the names of the object's actions (its workflow's and those of its own endpoints).
 */
export const allowedActions = <const A extends readonly [string, ...string[]]>(names: A) => z.array(z.enum(names));

/** A workflow's caller actions as a non-empty tuple, for `z.enum` and `allowedActions`. */
export const workflowActions = <W extends AnyWorkflow>(def: W) =>
  callerActions(def) as unknown as readonly [CallerActionOf<W>, ...CallerActionOf<W>[]];

/** One row of an object's timeline: a workflow transition. */
export const timelineEntry = z.object({
  id: z.string(),
  action: z.string(),
  fromState: z.string(),
  toState: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  at: timestamp,
  input: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;

/** Body of `POST /api/<things>/:id/actions/:action`: the action's own fields. */
export const actionParams = z.object({ id, action: z.string().min(1).max(64) });

const noInput = z.object({});

/** The body schema of each caller action of a workflow, by action name: its input, or an empty object. */
export type ActionBodies<W extends AnyWorkflow> = {
  [A in CallerActionOf<W>]: W['actions'][A] extends { input: infer I extends z.ZodObject } ? I : typeof noInput;
};

/**
 * One body schema per action of a workflow, keyed by the name the `:action` path parameter carries:
 * the action's own input, from the workflow itself, so contract and engine cannot disagree.
 */
export function actionBodies<W extends AnyWorkflow>(def: W): ActionBodies<W> {
  return Object.fromEntries(
    callerActions(def).map((name) => [name, (def.actions[name]!.input as z.ZodObject | undefined) ?? noInput]),
  ) as ActionBodies<W>;
}

/** What a client sends with one action, e.g. `ActionBody<typeof api.userActionBodies, 'disable'>`. */
export type ActionBody<B, A extends keyof B> = B[A] extends z.ZodType ? z.input<B[A]> : never;

/**
 * Body of `POST /api/<things>/:id/actions/:action`: any one of the actions' bodies. Which one
 * applies is named by `:action`; the workflow engine parses the body with that action's schema
 * (400 with the fields) and an unknown name is 404, so the route keeps every field it was sent.
 */
export const actionBody = <B extends Record<string, z.ZodObject>>(bodies: B) =>
  z
    .union(Object.values(bodies).map((b) => b.loose()) as unknown as [ReturnType<B[keyof B]['loose']>])
    // A missing body is an empty one; the named action's schema decides whether that will do.
    .default({} as never);
