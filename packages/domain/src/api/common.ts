import { z } from 'zod';

export const id = z.uuid();
export const idParams = z.object({ id });

/** ISO-8601 timestamp as sent over the wire (stored as timestamptz, shown in Asia/Shanghai). */
export const timestamp = z.string();

/**
 * Query of every list endpoint (architecture rule 9): page from 1, size up to 200, `sort` as a
 * field name with `-` for descending, and `q` for free text. Modules extend it with filters.
 */
export const listQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z.string().max(64).optional(),
  q: z.string().trim().max(100).optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

/** A page of a list. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const bilingual = z.object({ zh: z.string(), en: z.string() });

export const ok = z.object({ ok: z.literal(true) });

/** Every object carries the actions the caller may take on it, so the UI never re-derives roles. */
export const allowedActions = z.array(z.string());

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
export const actionBody = z.record(z.string(), z.unknown()).default({});
