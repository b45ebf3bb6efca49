import { type api, bi } from '@citysafe/domain';
import type { Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import { dutyToday, openEntriesOnDuty } from './duty.service.js';

/**
 * 今日值班 in the inbox of the people on today's roster (leader or staff), one item per org, with the open log entries
 * to follow: it is there while they are on the roster and keep duty (emergency.duty).
 */
export async function dutyInbox(tx: Tx, actor: Actor): Promise<api.inbox.InboxItem[]> {
  if (!('emergency.duty' in actor.grants)) return [];
  const { orgs } = await openEntriesOnDuty(tx, actor);
  const today = dutyToday(tx);
  return orgs.map((o) => ({
    key: `emergency.duty:${o.orgId}:${today}`,
    kind: 'emergency.duty',
    kindLabel: bi('今日值班', 'On duty today'),
    title: bi(`${o.orgName} 今日值班（待处理 ${o.open} 条）`, `${o.orgName}: on duty today (${o.open} open)`),
    objectType: 'dutyRoster',
    objectId: o.rosterId,
    due: today,
    dueState: 'on_track' as const,
    reason: null,
    since: null,
    link: '/emergency/duty',
  }));
}
