import { type Action, type api, type Bilingual, bi, campaign as plan } from '@citysafe/domain';
import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { type Actor, scopeCondition, scopeOf } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import { orgs } from '../identity/index.js';
import { assignmentPolicy, extensionPolicy, flagPolicy, supervisionPolicy } from './campaign.policy.js';
import { campaignFlags, extensionPending, today } from './campaign.service.js';
import {
  campaignAssignments,
  campaignExtensions,
  campaignFlagReviews,
  campaigns,
  campaignSupervisions,
  campaignTasks,
} from './campaign.tables.js';
import { NOTICE_PREFIX } from './supervision.service.js';

type InboxItem = api.inbox.InboxItem;

// Which parts, extensions and 督办 wait for whom is read off the workflows: the states an action may
// start from, and the action's permission, so the inbox offers exactly what the policies accept.
const { actions } = plan.assignmentWorkflow;
const extensionToDecide = [...plan.extensionWorkflow.actions.approve.from];
const { answer, close } = plan.supervisionWorkflow.actions;

/** The campaign's kinds of 待办, each named for the count at the top of the 工作台. */
const campaignInboxKinds = {
  'campaign.returned': bi('被退回', 'Returned'),
  'campaign.overdue': bi('已逾期', 'Overdue'),
  'campaign.dueSoon': bi('临期', 'Due soon'),
  'campaign.report': bi('待报送', 'To report'),
  'campaign.answer': bi('待答复督办', '督办 to answer'),
  'campaign.accept': bi('待验收', 'To accept'),
  'campaign.extension': bi('待审批延期', 'Extensions to decide'),
  'campaign.closeSupervision': bi('待办结督办', 'Answers to close'),
  'campaign.flag': bi('待核对', 'Inconsistencies to confirm'),
} as const satisfies Record<string, Bilingual>;
type Kind = keyof typeof campaignInboxKinds;

const campaignOrg = alias(orgs, 'campaign_org');

/**
 * "This org column is in the caller's reach for the action", leaving out an installation-wide reach:
 * an administrator may act on every unit's part everywhere, but the work is the units' and their
 * 安委办's (the same people `unitPeople` and `campaignOffice` notify), and an inbox of every part of
 * every district would bury the administrator's own.
 */
function expectedOf(actor: Actor, action: Action, column: AnyPgColumn): SQL {
  return scopeOf(actor, action).kind === 'all' ? sql`false` : scopeCondition(actor, action, column);
}

/** The deadline state of an open item, as the inbox colours it (no colour without a date). */
function dueOf(day: string, end: string | null): Pick<InboxItem, 'due' | 'dueState'> {
  const state = plan.deadlineState(day, end, false);
  return { due: end, dueState: state === 'overdue' || state === 'due_soon' || state === 'on_track' ? state : null };
}

const excerpt = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

const taskTitle = (seq: number, unit: string, content: string): Bilingual =>
  bi(`任务 ${seq} · ${unit}：${excerpt(content)}`, `Task ${seq} · ${unit}: ${excerpt(content)}`);

/** An item of a kind; its key is the kind and the object unless one object asks several things (flags). */
const item = (kind: Kind, rest: Omit<InboxItem, 'kind' | 'kindLabel' | 'key'> & { key?: string }): InboxItem => ({
  ...rest,
  key: rest.key ?? `${kind}:${rest.objectId}`,
  kind,
  kindLabel: campaignInboxKinds[kind],
});

/** The latest reason given with a workflow action on an object (a return's, a send-back's), in SQL. */
const lastReason = (entity: string, action: string, id: AnyPgColumn): SQL<string | null> =>
  sql<string | null>`(select wt.input->>'reason' from workflow_transitions wt
    where wt.entity_type = ${entity} and wt.entity_id = ${id}::text and wt.action = ${action} order by wt.id desc limit 1)`;

/** How the lists name a unit: its short name when it has one. */
const unitName = sql<string>`coalesce(nullif(${orgs.shortName}, ''), ${orgs.name})`;

/** The units' parts: to report (by deadline, or returned with the reason) and, for 安委办, to accept. */
async function partItems(tx: Tx, actor: Actor, day: string): Promise<InboxItem[]> {
  const a = campaignAssignments;
  const found = await tx
    .select({
      id: a.id,
      status: a.status,
      taskId: a.taskId,
      end: sql<string | null>`coalesce(${a.extendedTo}, ${campaignTasks.deadlineEnd})`,
      lastReportAt: a.lastReportAt,
      seq: campaignTasks.seq,
      content: campaignTasks.content,
      unit: { id: orgs.id, path: orgs.path },
      unitName,
      campaignOrg: { id: campaignOrg.id, path: campaignOrg.path },
      returnReason: lastReason(plan.assignmentWorkflow.entity, 'return', a.id),
      extensionPending,
    })
    .from(a)
    .innerJoin(campaignTasks, eq(campaignTasks.id, a.taskId))
    .innerJoin(campaigns, eq(campaigns.id, a.campaignId))
    .innerJoin(orgs, eq(orgs.id, a.orgId))
    .innerJoin(campaignOrg, eq(campaignOrg.id, campaigns.orgId))
    .where(
      and(
        eq(campaigns.status, 'active'),
        or(
          and(inArray(a.status, [...actions.report.from]), expectedOf(actor, actions.report.permission, a.orgId)),
          and(inArray(a.status, [...actions.accept.from]), expectedOf(actor, actions.accept.permission, campaigns.orgId)),
        ),
      ),
    );
  return found.flatMap((p): InboxItem[] => {
    const status = p.status as plan.AssignmentStatus;
    const allowed = assignmentPolicy.allowed(actor, {
      status,
      unit: p.unit,
      campaignOrg: p.campaignOrg,
      extensionPending: p.extensionPending,
    });
    const common = {
      title: taskTitle(p.seq, p.unitName, p.content),
      objectType: plan.assignmentWorkflow.entity,
      objectId: p.id,
      link: `/campaign/tasks/${p.taskId}`,
    };
    if (allowed.includes('accept')) {
      return [
        // Submitting is the last report: the submission waits since then.
        item('campaign.accept', { ...common, due: null, dueState: null, reason: null, since: p.lastReportAt?.toISOString() ?? null }),
      ];
    }
    if (!allowed.includes('report')) return [];
    const due = dueOf(day, p.end);
    const kind: Kind =
      status === 'returned'
        ? 'campaign.returned'
        : due.dueState === 'overdue'
          ? 'campaign.overdue'
          : due.dueState === 'due_soon'
            ? 'campaign.dueSoon'
            : 'campaign.report';
    return [
      item(kind, {
        ...common,
        ...due,
        reason: status === 'returned' ? p.returnReason : null,
        // The unit's own work waits on its deadline, not on anyone since a moment.
        since: null,
      }),
    ];
  });
}

/** Extension requests awaiting 安委办's decision. */
async function extensionItems(tx: Tx, actor: Actor): Promise<InboxItem[]> {
  const e = campaignExtensions;
  const found = await tx
    .select({
      id: e.id,
      status: e.status,
      requestedEnd: e.requestedEnd,
      reason: e.reason,
      createdAt: e.createdAt,
      taskId: campaignTasks.id,
      seq: campaignTasks.seq,
      content: campaignTasks.content,
      unitName,
      campaignOrg: { id: campaignOrg.id, path: campaignOrg.path },
    })
    .from(e)
    .innerJoin(campaignAssignments, eq(campaignAssignments.id, e.assignmentId))
    .innerJoin(campaignTasks, eq(campaignTasks.id, campaignAssignments.taskId))
    .innerJoin(campaigns, eq(campaigns.id, campaignAssignments.campaignId))
    .innerJoin(orgs, eq(orgs.id, campaignAssignments.orgId))
    .innerJoin(campaignOrg, eq(campaignOrg.id, campaigns.orgId))
    .where(
      and(
        eq(campaigns.status, 'active'),
        inArray(e.status, extensionToDecide),
        expectedOf(actor, plan.extensionWorkflow.actions.approve.permission, campaigns.orgId),
      ),
    );
  return found
    .filter((x) =>
      extensionPolicy.allowed(actor, { status: x.status as plan.ExtensionStatus, campaignOrg: x.campaignOrg }).includes('approve'),
    )
    .map((x) =>
      item('campaign.extension', {
        title: bi(
          `任务 ${x.seq} · ${x.unitName}：申请延期至 ${x.requestedEnd}`,
          `Task ${x.seq} · ${x.unitName}: asks for ${x.requestedEnd}`,
        ),
        objectType: plan.extensionWorkflow.entity,
        objectId: x.id,
        due: null,
        dueState: null,
        reason: x.reason,
        since: x.createdAt.toISOString(),
        link: `/campaign/tasks/${x.taskId}`,
      }),
    );
}

/** 督办 notices: the unit answers them by their due date; 安委办 closes (or sends back) the answers. */
async function supervisionItems(tx: Tx, actor: Actor, day: string): Promise<InboxItem[]> {
  const s = campaignSupervisions;
  const found = await tx
    .select({
      id: s.id,
      status: s.status,
      year: s.year,
      number: s.number,
      responseDue: s.responseDue,
      createdAt: s.createdAt,
      answeredAt: s.answeredAt,
      seq: campaignTasks.seq,
      unit: { id: orgs.id, path: orgs.path },
      unitName,
      campaignOrg: { id: campaignOrg.id, path: campaignOrg.path },
      sentBackReason: lastReason(plan.supervisionWorkflow.entity, 'reject', s.id),
    })
    .from(s)
    .innerJoin(campaignTasks, eq(campaignTasks.id, s.taskId))
    .innerJoin(campaigns, eq(campaigns.id, s.campaignId))
    .innerJoin(orgs, eq(orgs.id, s.orgId))
    .innerJoin(campaignOrg, eq(campaignOrg.id, campaigns.orgId))
    .where(
      and(
        eq(campaigns.status, 'active'),
        or(
          and(inArray(s.status, [...answer.from]), expectedOf(actor, answer.permission, s.orgId)),
          and(inArray(s.status, [...close.from]), expectedOf(actor, close.permission, campaigns.orgId)),
        ),
      ),
    );
  return found.flatMap((x): InboxItem[] => {
    const allowed = supervisionPolicy.allowed(actor, {
      status: x.status as plan.SupervisionStatus,
      unit: x.unit,
      campaignOrg: x.campaignOrg,
    });
    const no = plan.supervisionNo(NOTICE_PREFIX, x.year, x.number);
    const common = {
      title: bi(`${no} · 任务 ${x.seq} · ${x.unitName}`, `${no} · Task ${x.seq} · ${x.unitName}`),
      objectType: plan.supervisionWorkflow.entity,
      objectId: x.id,
      link: `/campaign/supervisions/${x.id}`,
    };
    if (allowed.includes('answer')) {
      return [
        item('campaign.answer', { ...common, ...dueOf(day, x.responseDue), reason: x.sentBackReason, since: x.createdAt.toISOString() }),
      ];
    }
    if (allowed.includes('close')) {
      return [
        item('campaign.closeSupervision', {
          ...common,
          due: null,
          dueState: null,
          reason: null,
          since: x.answeredAt?.toISOString() ?? null,
        }),
      ];
    }
    return [];
  });
}

/** The plan's inconsistencies that 安委办 has not confirmed yet, per campaign it runs. */
async function flagItems(tx: Tx, actor: Actor): Promise<InboxItem[]> {
  const run = await tx
    .select({
      id: campaigns.id,
      planningYear: campaigns.planningYear,
      shiftYears: campaigns.shiftYears,
      org: { id: campaignOrg.id, path: campaignOrg.path },
    })
    .from(campaigns)
    .innerJoin(campaignOrg, eq(campaignOrg.id, campaigns.orgId))
    .where(and(eq(campaigns.status, 'active'), expectedOf(actor, 'campaign.manage', campaigns.orgId)));
  if (run.length === 0) return [];
  const reviews = await tx
    .select({ campaignId: campaignFlagReviews.campaignId, flagKey: campaignFlagReviews.flagKey })
    .from(campaignFlagReviews)
    .where(
      inArray(
        campaignFlagReviews.campaignId,
        run.map((c) => c.id),
      ),
    );
  const confirmed = new Set(reviews.map((r) => `${r.campaignId} ${r.flagKey}`));
  return run.flatMap((c) =>
    campaignFlags(c)
      .filter((f) => flagPolicy.allowed(actor, { campaignOrg: c.org, confirmed: confirmed.has(`${c.id} ${f.key}`) }).includes('confirm'))
      .map((f) =>
        item('campaign.flag', {
          key: `campaign.flag:${c.id}:${f.key}`,
          title: f.message,
          objectType: 'campaign',
          objectId: c.id,
          due: null,
          dueState: null,
          reason: null,
          since: null,
          link: `/campaign/${c.id}/schedule`,
        }),
      ),
  );
}

/**
 * The campaign's part of the caller's 待办: each item is listed exactly when the campaign's policy
 * allows the caller its action (report, accept, decide, answer, close, confirm), within the reach
 * the caller is expected to work in. Five queries, whatever the number of items.
 */
export async function campaignInbox(tx: Tx, actor: Actor): Promise<InboxItem[]> {
  const day = today(tx);
  return [
    ...(await partItems(tx, actor, day)),
    ...(await extensionItems(tx, actor)),
    ...(await supervisionItems(tx, actor, day)),
    ...(await flagItems(tx, actor)),
  ];
}
