import { type Action, type api, type Bilingual, bi, hazard as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, eq, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import { type Actor, can, scopeOf } from '../../platform/actor.js';
import { now, type Tx } from '../../platform/db.js';
import { hazardSettings } from './hazard-rules.service.js';
import { hazardExtensions } from './hazard-extensions.tables.js';
import { hazardScope } from './hazard.scope.js';
import { hazards } from './hazard.tables.js';

type InboxItem = api.inbox.InboxItem;

/** The hazard module's kinds of 待办. */
const hazardInboxKinds = {
  'hazard.rectify': bi('待整改隐患', 'Hazards to rectify'),
  'hazard.verify': bi('待验收隐患', 'Rectifications to verify'),
  'hazard.list': bi('待挂牌督办', 'Major hazards to list'),
  'hazard.review': bi('待现场审查', 'On-site reviews'),
  'hazard.extension': bi('待审批隐患延期', 'Hazard extensions to decide'),
  'hazard.statistics': bi('待报送隐患统计表', 'Hazard statistics tables due'),
} as const satisfies Record<string, Bilingual>;
type Kind = keyof typeof hazardInboxKinds;

/** At most this many items of one kind: the rest are on the list page, filtered the same way. */
const PER_KIND = 50;

// Which hazards wait for whom is read off the workflow: the states an action starts from and its permission.
const { startRectification, submitRectification, submitAssessment, applyClose, verify, list, close } = rules.hazardWorkflow.actions;
const rectifyStates = {
  一般: [...new Set([...startRectification.from, ...submitRectification.from])],
  重大: [...new Set([...submitAssessment.from, ...applyClose.from])],
};

/**
 * "In the caller's reach for the action", leaving out an installation-wide reach: an administrator may act
 * on every hazard, but the work is the units' and their supervisors', and an inbox of every hazard of the
 * district would bury the administrator's own (as in the campaign's inbox).
 */
const expected = (actor: Actor, action: Action, alias?: string): SQL =>
  !can(actor, action) || scopeOf(actor, action).kind === 'all' ? sql`false` : hazardScope(actor, action, alias);

const item = (kind: Kind, rest: Omit<InboxItem, 'kind' | 'kindLabel' | 'key'>): InboxItem => ({
  ...rest,
  key: `${kind}:${rest.objectId}`,
  kind,
  kindLabel: hazardInboxKinds[kind],
});

const dueStateOf = (state: rules.HazardDeadlineState): InboxItem['dueState'] =>
  state === 'overdue' || state === 'due_soon' ? state : state === 'on_time' ? 'on_track' : null;

/**
 * The hazards as 待办: to rectify (the responsible unit), to verify (not by whoever rectified it), to list
 * (planned 重大 hazards awaiting 挂牌督办), to review on site, extension requests to decide, and the 16号令
 * statistics tables open now (安委办 and the departments). Each is listed while the caller's reach covers the
 * action's permission in the action's states.
 */
export async function hazardInbox(tx: Tx, actor: Actor): Promise<InboxItem[]> {
  const day = shanghaiDateOf(now(tx));
  const { dueSoonDays } = await hazardSettings(tx);
  const dueOf = (deadline: string | null): Pick<InboxItem, 'due' | 'dueState'> => ({
    due: deadline,
    dueState: dueStateOf(rules.hazardDeadlineStanding(day, deadline, { closed: false, dueSoonDays }).state),
  });
  const ask = async (
    kind: Kind,
    where: SQL | undefined,
    due: (h: { deadline: string | null; supervisionDeadline: string | null; reviewDueOn: string | null }) => string | null,
  ) => {
    const found = await tx
      .select({
        id: hazards.id,
        code: hazards.code,
        title: hazards.title,
        deadline: hazards.deadline,
        supervisionDeadline: hazards.supervisionDeadline,
        reviewDueOn: hazards.reviewDueOn,
        updatedAt: hazards.updatedAt,
      })
      .from(hazards)
      .where(where)
      .orderBy(sql`coalesce(${hazards.supervisionDeadline}, ${hazards.deadline}) nulls last`, hazards.code)
      .limit(PER_KIND);
    return found.map((h) =>
      item(kind, {
        title: bi(`${h.code} ${h.title}`, `${h.code} ${h.title}`),
        objectType: 'hazard',
        objectId: h.id,
        ...dueOf(due(h)),
        reason: null,
        since: h.updatedAt.toISOString(),
        link: `/hazards/${h.id}`,
      }),
    );
  };
  const binding = rules.bindingDeadline;
  const items: InboxItem[] = [
    ...(await ask(
      'hazard.rectify',
      and(
        or(
          and(eq(hazards.level, '一般'), inArray(hazards.status, rectifyStates.一般)),
          and(eq(hazards.level, '重大'), inArray(hazards.status, rectifyStates.重大)),
        ),
        expected(actor, startRectification.permission as Action),
      ),
      binding,
    )),
    ...(await ask(
      'hazard.verify',
      and(
        eq(hazards.level, '一般'),
        inArray(hazards.status, [...verify.from]),
        // The verifier is not the one who rectified it.
        actor.userId ? sql`${hazards.rectifiedBy} is distinct from ${actor.userId}` : undefined,
        expected(actor, verify.permission as Action),
      ),
      () => null,
    )),
    ...(await ask(
      'hazard.list',
      and(eq(hazards.level, '重大'), inArray(hazards.status, [...list.from]), expected(actor, list.permission as Action)),
      () => null,
    )),
    ...(await ask(
      'hazard.review',
      and(inArray(hazards.status, [...close.from]), expected(actor, close.permission as Action)),
      (h) => h.reviewDueOn,
    )),
  ];
  const pending = await tx
    .select({
      id: hazardExtensions.id,
      hazardId: hazards.id,
      code: hazards.code,
      title: hazards.title,
      requestedDeadline: hazardExtensions.requestedDeadline,
      previousDeadline: hazardExtensions.previousDeadline,
      reason: hazardExtensions.reason,
      requestedAt: hazardExtensions.requestedAt,
    })
    .from(hazardExtensions)
    .innerJoin(hazards, eq(hazards.id, hazardExtensions.hazardId))
    .where(
      and(
        inArray(hazardExtensions.status, [...rules.hazardExtensionWorkflow.actions.approve.from]),
        ne(hazards.status, 'closed'),
        or(
          and(eq(hazards.level, '一般'), expected(actor, 'hazard.verify')),
          and(eq(hazards.level, '重大'), can(actor, 'hazard.verify') ? expected(actor, 'hazard.supervise') : sql`false`),
        ),
      ),
    )
    .orderBy(hazardExtensions.requestedAt)
    .limit(PER_KIND);
  items.push(
    ...pending.map((e) =>
      item('hazard.extension', {
        title: bi(`${e.code} ${e.title}：申请延期至 ${e.requestedDeadline}`, `${e.code} ${e.title}: extension to ${e.requestedDeadline}`),
        objectType: rules.hazardExtensionWorkflow.entity,
        objectId: e.id,
        ...dueOf(e.previousDeadline),
        reason: e.reason,
        since: e.requestedAt.toISOString(),
        link: `/hazards/${e.hazardId}`,
      }),
    ),
  );
  // The district's tables are compiled by 安委办 and the departments (district- or subtree-wide supervisors).
  const compiles = scopeOf(actor, 'hazard.supervise').kind === 'subtree';
  if (compiles) {
    items.push(
      ...rules.statisticsTablesOpen(day).map((t) =>
        item('hazard.statistics', {
          title:
            t.kind === 'quarterly'
              ? bi(`${t.year}年第${t.quarter}季度隐患排查治理统计分析表`, `Hazard statistics, ${t.year} Q${t.quarter}`)
              : bi(`${t.year}年度隐患排查治理统计分析表`, `Hazard statistics, year ${t.year}`),
          objectType: 'hazardStatistics',
          objectId: t.period,
          ...dueOf(t.dueOn),
          reason: null,
          since: null,
          link: '/hazards/stats',
        }),
      ),
    );
  }
  return items;
}
