import { type api, type Bilingual, bi, report as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, inArray, type SQL, sql } from 'drizzle-orm';
import { type Actor, can, scopeCondition, scopeOf } from '../../platform/actor.js';
import { now, type Tx } from '../../platform/db.js';
import { districtWide, reportLimits } from './report-handling.service.js';
import { reportScope } from './report.scope.js';
import { reports } from './report.tables.js';

type InboxItem = api.inbox.InboxItem;

/** The report module's kinds of 待办: each waiting step, its limit's standing (overdue, due soon) on the item. */
const reportInboxKinds = {
  'report.accept': bi('待受理举报', 'Reports to accept'),
  'report.assign': bi('待交办举报', 'Reports to assign'),
  'report.handle': bi('待办理举报', 'Reports to handle'),
  'report.verify': bi('待核查举报', 'Reports to verify'),
  'report.close': bi('待办结答复', 'Reports to close with a reply'),
} as const satisfies Record<string, Bilingual>;
type Kind = keyof typeof reportInboxKinds;

const PER_KIND = 50;

/**
 * The reports as 待办 (design12.md: to accept, to handle, to verify, overdue): 安委办 accepts, assigns, verifies and
 * closes (a district-wide reach of report.handle); the assigned unit handles. An installation-wide administrator
 * gets none (the work is the offices'). Each item carries the limit of its step, `overdue` once past it.
 */
export async function reportInbox(tx: Tx, actor: Actor): Promise<InboxItem[]> {
  if (!can(actor, 'report.handle') || scopeOf(actor, 'report.handle').kind === 'all') return [];
  const at = now(tx);
  const { dueSoonDays } = await reportLimits(tx);
  const office = districtWide(actor, 'report.handle');
  const ask = async (kind: Kind, statuses: rules.ReportStatus[], where: SQL | undefined): Promise<InboxItem[]> => {
    const found = await tx
      .select()
      .from(reports)
      .where(and(inArray(reports.status, statuses), reportScope(actor, 'report.handle'), where))
      .orderBy(asc(sql`coalesce(${reports.extendedUntil}, ${reports.dueAt}, ${reports.acceptDueAt})`), asc(reports.code))
      .limit(PER_KIND);
    return found.map((r) => {
      const due = rules.stepDueAt(r);
      return {
        key: `${kind}:${r.id}`,
        kind,
        kindLabel: reportInboxKinds[kind],
        title: bi(`${r.code} ${r.title ?? r.description.slice(0, 30)}`, `${r.code} ${r.title ?? r.description.slice(0, 30)}`),
        objectType: 'report',
        objectId: r.id,
        due: due ? shanghaiDateOf(due) : null,
        dueState: rules.isOverdue(r, at) ? 'overdue' : rules.isDueSoon(r, at, dueSoonDays) ? 'due_soon' : 'on_track',
        reason: null,
        since: r.updatedAt.toISOString(),
        link: `/reports/${r.id}`,
      };
    });
  };
  if (office)
    return [
      ...(await ask('report.accept', ['received'], undefined)),
      ...(await ask('report.assign', ['accepted'], undefined)),
      ...(await ask('report.verify', ['handled'], undefined)),
      ...(await ask('report.close', ['verified'], undefined)),
    ];
  // A unit handles what is assigned to its subtree (not what merely lies in its area).
  return ask('report.handle', ['assigned'], scopeCondition(actor, 'report.handle', reports.assignedOrgId));
}
