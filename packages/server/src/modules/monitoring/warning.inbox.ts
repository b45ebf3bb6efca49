import { type api, bi, monitoring } from '@citysafe/domain';
import { asc, eq } from 'drizzle-orm';
import { type Actor, can } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import { monitoringWarnings } from './warning.tables.js';

type InboxItem = api.inbox.InboxItem;

const PER_KIND = 50;
const kindLabel = bi('待审批的预警信息', 'Warnings to approve');

/** WARNINGS' 待办: warnings submitted for approval, for those who approve (the longest waiting first). */
export async function warningInbox(tx: Tx, actor: Actor): Promise<InboxItem[]> {
  if (!can(actor, 'monitoring.warn.approve')) return [];
  const pending = await tx
    .select()
    .from(monitoringWarnings)
    .where(eq(monitoringWarnings.status, 'pending'))
    .orderBy(asc(monitoringWarnings.updatedAt), asc(monitoringWarnings.id))
    .limit(PER_KIND);
  return pending.map((w) => {
    const level = monitoring.warningLevelLabels[w.level];
    return {
      key: `monitoring.warningApproval:${w.id}`,
      kind: 'monitoring.warningApproval',
      kindLabel,
      title: bi(`${level.zh}：${w.headline}`, `${level.en}: ${w.headline}`),
      objectType: 'warning',
      objectId: w.id,
      due: null,
      dueState: null,
      reason: null,
      since: w.updatedAt.toISOString(),
      link: `/monitoring/warnings/${w.id}`,
    };
  });
}
