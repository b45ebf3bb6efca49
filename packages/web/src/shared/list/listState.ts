import type { Endpoint } from '@citysafe/domain';
import type { z } from 'zod';

/** The sort of a list as antd's Table shows it. */
export interface SortState {
  field: string;
  order: 'ascend' | 'descend';
}

/** `sort=field` / `sort=-field` (the list query's convention) as a column's sort state. */
export function readSort(sort: string | undefined | null): SortState | undefined {
  if (!sort) return undefined;
  return sort.startsWith('-') ? { field: sort.slice(1), order: 'descend' } : { field: sort, order: 'ascend' };
}

/** A column's sort state as the list query's `sort` value; no order means the list's own order. */
export function sortParam(state: { field?: unknown; order?: 'ascend' | 'descend' | null } | undefined): string | undefined {
  if (!state?.order || state.field === undefined || state.field === null) return undefined;
  const field = Array.isArray(state.field) ? state.field.join('.') : String(state.field);
  return state.order === 'descend' ? `-${field}` : field;
}

interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  entries?: Record<string, string>;
  values?: unknown[];
  options?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
}
const defOf = (schema: z.ZodType): ZodDef => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

/** Looks through optional / default wrappers to the schema that holds the values. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (
    let def = defOf(current);
    def.innerType && ['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(def.type);
    def = defOf(current)
  ) {
    current = def.innerType;
  }
  return current;
}

/** The string values a schema admits when it lists them (an enum, literals or a union of those). */
function listedValues(schema: z.ZodType): string[] | undefined {
  const def = defOf(unwrap(schema));
  if (def.type === 'enum' && def.entries) return Object.values(def.entries);
  if (def.type === 'literal' && def.values) return def.values.map(String);
  if (def.type === 'union' && def.options) {
    const parts = def.options.map(listedValues);
    return parts.every((p) => p !== undefined) ? parts.flat() : undefined;
  }
  return undefined;
}

/**
 * The fields a list endpoint may be sorted by, read from its contract: its `sort` parameter, when
 * it lists its values (`name`, `-name`, …). Undefined when the contract takes any text, in which
 * case the page's own columns say what sorts.
 */
export function sortFieldsOf(endpoint: Endpoint): readonly string[] | undefined {
  if (!endpoint.query) return undefined;
  const shape = defOf(unwrap(endpoint.query)).shape;
  const values = shape?.sort ? listedValues(shape.sort) : undefined;
  return values && [...new Set(values.map((v) => v.replace(/^-/, '')))];
}

/**
 * The list query held in the address, checked with the endpoint's query schema: values the
 * contract refuses (a hand-edited or outdated link) are dropped one by one instead of breaking
 * the page. Returns the parsed query and the raw values that passed, to send as they are.
 */
export function readListQuery<Q>(schema: z.ZodType<Q>, params: URLSearchParams): { query: Q; raw: Record<string, string> } {
  // Only the list's own parameters: the address may carry others (a tab, a return link).
  const known = defOf(unwrap(schema)).shape;
  const raw: Record<string, string> = Object.fromEntries([...params].filter(([key]) => !known || key in known));
  for (;;) {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return { query: parsed.data, raw };
    const bad = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')));
    const keys = Object.keys(raw).filter((k) => bad.has(k));
    // Nothing left to drop: the schema needs something the address cannot give.
    if (keys.length === 0) throw parsed.error;
    for (const key of keys) delete raw[key];
  }
}

/** The address after changing some list values: empty ones are removed so links stay short. */
export function patchParams(current: URLSearchParams, patch: Record<string, unknown>): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === null || value === '') next.delete(key);
    else next.set(key, String(value));
  }
  return next;
}
