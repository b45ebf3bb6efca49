import { type api, type Bilingual, bi, grid as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { type Actor, can, scopeCondition, scopeOf } from '../../platform/actor.js';
import { now, type Tx } from '../../platform/db.js';
import { gridSettings, placesOf } from './grid.places.js';
import { gridCases } from './grid.tables.js';

type InboxItem = api.inbox.InboxItem;

const gridInboxKinds = {
  'grid.patrol': bi('今日巡查', 'Today’s patrol'),
  'grid.handle': bi('待处置网格事件', 'Grid cases to handle'),
  'grid.verify': bi('待核查网格事件', 'Grid cases to verify'),
} as const satisfies Record<string, Bilingual>;

const PER_KIND = 50;

/**
 * The grid module's 待办: a grid member's places due today as one item ("今日巡查 N 处"); the grid cases dispatched to
 * the caller's unit (overdue past their deadline); the handled cases of the caller's grids to verify. An
 * installation-wide administrator gets none (the work is the offices' and the members').
 */
export async function gridInbox(tx: Tx, actor: Actor): Promise<InboxItem[]> {
  const items: InboxItem[] = [];
  const at = now(tx);
  const today = shanghaiDateOf(at);
  if (can(actor, 'grid.patrol') && actor.roles.includes('grid_member') && actor.orgId) {
    const { settings } = await gridSettings(tx);
    const due = (await placesOf(tx, [actor.orgId], today, settings)).filter((p) => p.due && !p.done);
    if (due.length > 0)
      items.push({
        key: `grid.patrol:${actor.orgId}:${today}`,
        kind: 'grid.patrol',
        kindLabel: gridInboxKinds['grid.patrol'],
        title: bi(`今日巡查 ${due.length} 处`, `${due.length} places to patrol today`),
        objectType: 'grid',
        objectId: actor.orgId,
        due: today,
        dueState: 'on_track',
        reason: null,
        since: null,
        link: '/grid/patrol',
      });
  }
  if (!can(actor, 'grid.case') || scopeOf(actor, 'grid.case').kind === 'all') return items;
  const ask = async (kind: 'grid.handle' | 'grid.verify', status: rules.GridCaseStatus, where: SQL): Promise<InboxItem[]> => {
    const found = await tx
      .select()
      .from(gridCases)
      .where(and(eq(gridCases.status, status), where))
      .orderBy(asc(gridCases.deadline), asc(gridCases.code))
      .limit(PER_KIND);
    return found.map((c) => ({
      key: `${kind}:${c.id}`,
      kind,
      kindLabel: gridInboxKinds[kind],
      title: bi(`${c.code} ${c.title}`, `${c.code} ${c.title}`),
      objectType: 'gridCase',
      objectId: c.id,
      due: c.deadline ? shanghaiDateOf(c.deadline) : null,
      dueState: rules.isGridCaseOverdue(c, at) ? 'overdue' : 'on_track',
      reason: null,
      since: c.createdAt.toISOString(),
      link: `/grid/cases/${c.id}`,
    }));
  };
  items.push(...(await ask('grid.handle', 'dispatched', scopeCondition(actor, 'grid.case', gridCases.assignedOrgId))));
  items.push(...(await ask('grid.verify', 'handled', scopeCondition(actor, 'grid.case', gridCases.gridId))));
  return items;
}
