import { type api, type Bilingual, bi, risk as rules } from '@citysafe/domain';
import { and, inArray, isNull, type SQL } from 'drizzle-orm';
import { type Actor, can } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import { sourceLink } from './risk.audit.js';
import { riskSourceScope } from './risk.scope.js';
import { riskSources } from './risk.tables.js';

type InboxItem = api.inbox.InboxItem;

/** The risk module's kinds of 待办. */
const riskInboxKinds = {
  'risk.review': bi('待审核风险源', 'Risk sources to review'),
  'risk.returned': bi('被退回的风险源', 'Risk sources returned'),
  'risk.confirmLocation': bi('待确认位置', 'Locations to confirm'),
} as const satisfies Record<string, Bilingual>;
type Kind = keyof typeof riskInboxKinds;

/** At most this many items of one kind: the rest are on the list page, filtered the same way. */
const PER_KIND = 50;

const { review, submit } = rules.riskSourceWorkflow.actions;

/**
 * The census as 待办: sources submitted that the caller may review (the department above the unit,
 * 安委办), sources returned to the caller's unit, and sources in the caller's street whose location
 * awaits confirmation. The states and permissions are read off the workflow and the scope is the
 * policy's (`riskSourceScope` per action), so an item is listed exactly while its action is allowed.
 */
export async function riskInbox(tx: Tx, actor: Actor): Promise<InboxItem[]> {
  const ask = async (kind: Kind, where: SQL | undefined, reason?: (s: { id: string }) => string | null) => {
    const found = await tx
      .select({ id: riskSources.id, code: riskSources.code, name: riskSources.name, updatedAt: riskSources.updatedAt })
      .from(riskSources)
      .where(where)
      .orderBy(riskSources.updatedAt)
      .limit(PER_KIND);
    return found.map((s): InboxItem => ({
      key: `${kind}:${s.id}`,
      kind,
      kindLabel: riskInboxKinds[kind],
      title: bi(`${s.code} ${s.name}`, `${s.code} ${s.name}`),
      objectType: 'riskSource',
      objectId: s.id,
      due: null,
      dueState: null,
      reason: reason?.(s) ?? null,
      since: s.updatedAt.toISOString(),
      link: sourceLink(s.id),
    }));
  };
  const items: InboxItem[] = [];
  if (can(actor, review.permission)) {
    items.push(
      ...(await ask('risk.review', and(inArray(riskSources.status, [...review.from]), riskSourceScope(actor, review.permission)))),
    );
  }
  // A returned source is back with its unit, not with the district office that returned it.
  const registers = actor.grants[submit.permission];
  if (registers === 'own' || registers === 'subtree') {
    items.push(...(await ask('risk.returned', and(inArray(riskSources.status, ['returned']), riskSourceScope(actor, submit.permission)))));
  }
  if (can(actor, 'risk.confirmLocation')) {
    items.push(
      ...(await ask('risk.confirmLocation', and(isNull(riskSources.locationConfirmedAt), riskSourceScope(actor, 'risk.confirmLocation')))),
    );
  }
  return items;
}
