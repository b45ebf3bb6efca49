import { z } from 'zod';
import { bilingual, listQuery, page, timestamp } from './common.js';
import { endpoint } from './endpoint.js';

/** Where an item stands against its due date: 逾期, 临期 (within the module's warning days) or in time. */
export const inboxDueStates = ['overdue', 'due_soon', 'on_track'] as const;
export type InboxDueState = (typeof inboxDueStates)[number];

/**
 * One thing the caller has to do (待办), contributed by a module: it is in the inbox exactly while
 * the caller may take the action it asks for, and `link` opens the page where that is done.
 */
export const inboxItem = z.object({
  /** Unique within the inbox: the kind and the object (and, where one object asks several things, which). */
  key: z.string(),
  /** Module-prefixed, e.g. `campaign.returned`; the counts are by kind. */
  kind: z.string(),
  kindLabel: bilingual,
  /** What and where: the task and the unit, or the notice. */
  title: bilingual,
  objectType: z.string(),
  objectId: z.string(),
  /** The day by which it must be done (Asia/Shanghai), when it has one. */
  due: z.iso.date().nullable(),
  dueState: z.enum(inboxDueStates).nullable(),
  /** Why it is back with the caller (a return's reason) or what is asked (an extension's reason). */
  reason: z.string().nullable(),
  /** Since when it waits, when known: among items due the same day, the longest waiting come first. */
  since: timestamp.nullable(),
  /** The web path where it is done. */
  link: z.string(),
});
export type InboxItem = z.infer<typeof inboxItem>;

export const getInbox = endpoint({
  method: 'GET',
  path: '/api/inbox',
  permission: 'authenticated',
  summary: '我的待办 / What the caller has to do, from every module, overdue and due soon first, with counts per kind',
  tags: ['inbox'],
  response: z.object({ counts: z.record(z.string(), z.number().int()), items: z.array(inboxItem) }),
});

/** One thing the caller did: a row of the audit log they wrote, named by its labels. */
export const doneEntry = z.object({
  id: z.string(),
  at: timestamp,
  action: z.string(),
  actionLabel: bilingual,
  entityType: z.string(),
  entityLabel: bilingual,
  entityId: z.string().nullable(),
});
export type DoneEntry = z.infer<typeof doneEntry>;

export const listDone = endpoint({
  method: 'GET',
  path: '/api/inbox/done',
  permission: 'authenticated',
  summary: '我的已办 / What the caller did recently, newest first (their own rows of the audit log)',
  tags: ['inbox'],
  query: listQuery({ sort: ['at'] }),
  response: page(doneEntry),
});
