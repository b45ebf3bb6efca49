import { AppError, type api, bi, campaign as plan, fieldError } from '@citysafe/domain';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, can, inScope, likePrefix, scopeCondition } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, rows, type Tx } from '../../platform/db.js';
import { assertReadableFiles } from '../../platform/files.service.js';
import { listPage, searchCondition } from '../../platform/list.js';
import type { Platform } from '../../platform/platform.js';
import { files, workflowTransitions } from '../../platform/platform.tables.js';
import { recordTransition, timeline } from '../../platform/workflow.js';
import { orgs } from '../identity/index.js';
import { notify, pushNotifications } from '../notifications/index.js';
import {
  campaignAssignments,
  campaignExtensions,
  campaignFlagReviews,
  campaignReports,
  campaigns,
  campaignTasks,
} from './campaign.tables.js';
import {
  type AssignmentObject,
  assignmentPolicy,
  campaignOffice,
  campaignPolicy,
  extensionPolicy,
  flagPolicy,
  taskPolicy,
  unitPeople,
} from './campaign.policy.js';

const { assignmentWorkflow, deadlineState, extensionWorkflow, shiftYears, taskStatusOf } = plan;
type AssignmentStatus = plan.AssignmentStatus;
type ExtensionStatus = plan.ExtensionStatus;
type CampaignRow = typeof campaigns.$inferSelect;
type TaskRow = typeof campaignTasks.$inferSelect;
type AssignmentRow = typeof campaignAssignments.$inferSelect;
type OrgRow = typeof orgs.$inferSelect;

/** Today's calendar day in Asia/Shanghai by the platform's clock, where the plan's deadlines are civil dates. */
export const today = (db: Tx): string => plan.shanghaiDateOf(now(db));

const notFound = () => new AppError('NOT_FOUND', bi('创建工作不存在', 'No such campaign'));

// ---- reach ----

async function campaignOrg(db: Tx, c: CampaignRow): Promise<OrgRow> {
  const [org] = await db.select().from(orgs).where(eq(orgs.id, c.orgId));
  return org!;
}

/** Whether the caller sees every task of the campaign (安委办, leaders) or only their units' tasks. */
const seesWholeCampaign = (actor: Actor, org: OrgRow): boolean => inScope(actor, 'campaign.read', org);

/** Whether the caller may open a campaign of this district: they work in it (or see everything). */
const campaignVisible = (actor: Actor, district: OrgRow): boolean =>
  actor.kind === 'system' ||
  actor.grants['campaign.read'] === 'all' ||
  (can(actor, 'campaign.read') && actor.orgPath.startsWith(district.path));

/** A campaign the caller may open, with its district; 404 otherwise. */
export async function readableCampaign(db: Tx, actor: Actor, id: string): Promise<{ c: CampaignRow; org: OrgRow }> {
  const [c] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  if (!c) throw notFound();
  const org = await campaignOrg(db, c);
  if (!campaignVisible(actor, org)) throw notFound();
  return { c, org };
}

// ---- campaigns ----

/**
 * The overview's numbers. Whoever sees the whole campaign counts every task of the plan; a unit counts the tasks it has
 * a part of — the tasks its charts, lists and ledger show. Each task by its state as the ledger shows it (all its parts),
 * so that a number and the ledger filtered by it agree.
 */
async function totals(db: Tx, actor: Actor, campaignId: string, whole: boolean) {
  const parts = await db
    .select({
      taskId: campaignAssignments.taskId,
      status: campaignAssignments.status,
      end: sql<string | null>`coalesce(${campaignAssignments.extendedTo}, ${campaignTasks.deadlineEnd})`,
      mine: whole ? sql<boolean>`true` : sql<boolean>`${scopeCondition(actor, 'campaign.read', campaignAssignments.orgId)}`,
    })
    .from(campaignAssignments)
    .innerJoin(campaignTasks, eq(campaignTasks.id, campaignAssignments.taskId))
    .where(eq(campaignAssignments.campaignId, campaignId));
  const planTasks = await db.select({ id: campaignTasks.id }).from(campaignTasks).where(eq(campaignTasks.campaignId, campaignId));
  const partsOf = new Map<string, typeof parts>();
  for (const p of parts) partsOf.set(p.taskId, [...(partsOf.get(p.taskId) ?? []), p]);
  const tasks = whole ? planTasks : planTasks.filter((t) => partsOf.get(t.id)?.some((p) => p.mine));
  const day = today(db);
  const result = {
    total: tasks.length,
    not_started: 0,
    in_progress: 0,
    submitted: 0,
    accepted: 0,
    overdue: 0,
    planTasks: planTasks.length,
    scope: whole ? ('campaign' as const) : ('unit' as const),
  };
  for (const t of tasks) {
    const mine = partsOf.get(t.id) ?? [];
    const status = taskStatusOf(mine.map((p) => p.status as AssignmentStatus));
    result[status]++;
    if (mine.some((p) => deadlineState(day, p.end, p.status === 'accepted') === 'overdue')) result.overdue++;
  }
  return result;
}

async function presentCampaign(db: Tx, actor: Actor, c: CampaignRow, org: OrgRow): Promise<z.infer<typeof api.campaign.campaign>> {
  return {
    id: c.id,
    title: c.title,
    documentNo: c.documentNo,
    issuedOn: c.issuedOn,
    planningYear: c.planningYear,
    shiftYears: c.shiftYears,
    status: c.status as 'active' | 'closed',
    createdAt: c.createdAt.toISOString(),
    totals: await totals(db, actor, c.id, seesWholeCampaign(actor, org)),
    allowedActions: campaignPolicy.allowed(actor, { org }),
  };
}

/** `campaignVisible` as SQL over the campaign's district (`orgs`), for the list. */
function visibleCampaignCondition(actor: Actor): SQL {
  if (actor.kind === 'system' || actor.grants['campaign.read'] === 'all') return sql`true`;
  if (!can(actor, 'campaign.read')) return sql`false`;
  return sql`starts_with(${actor.orgPath}, ${orgs.path})`;
}

export async function listCampaigns(db: Db, actor: Actor, q: z.output<typeof api.campaign.listCampaigns.query>) {
  const { rows: found, ...paging } = await listPage(
    db,
    db.select({ c: campaigns, org: orgs }).from(campaigns).innerJoin(orgs, eq(orgs.id, campaigns.orgId)).$dynamic(),
    {
      where: [visibleCampaignCondition(actor), q.status ? eq(campaigns.status, q.status) : undefined],
      search: [campaigns.title, campaigns.documentNo],
      sortable: { createdAt: campaigns.createdAt, title: campaigns.title, issuedOn: campaigns.issuedOn },
      defaultOrder: [desc(campaigns.createdAt)],
      tieBreaker: asc(campaigns.id),
    },
    q,
  );
  return { ...paging, items: await Promise.all(found.map(({ c, org }) => presentCampaign(db, actor, c, org))) };
}

export async function getCampaign(db: Db, actor: Actor, id: string) {
  const { c, org } = await readableCampaign(db, actor, id);
  return presentCampaign(db, actor, c, org);
}

/** The district an actor works in: the campaign created by 安委办 belongs to it. */
async function districtOf(db: Tx, actor: Actor): Promise<OrgRow> {
  const districtId = actor.districtPath.split('/').filter(Boolean).pop();
  const [org] = districtId ? await db.select().from(orgs).where(eq(orgs.id, districtId)) : [];
  if (!org) throw new AppError('RULE_VIOLATION', bi('创建者不属于任何区', 'The creator belongs to no district'));
  return org;
}

/**
 * Creates a campaign from the seed plan: every task with its deadline read into dates (shifted by
 * whole years for a later campaign), its targets, and one part per responsible unit. Groups that
 * name a committee's members go to that committee's office, which reports for them; 各街办 goes to
 * every street office; groups that name no definite set of units stay as text on the task.
 */
export async function createCampaign(platform: Platform, actor: Actor, input: z.output<typeof api.campaign.createCampaign.body>) {
  const { db } = platform;
  return db.transaction(async (tx) => {
    const district = await districtOf(tx, actor);
    campaignPolicy.authorize(actor, { org: district }, 'manage');
    const treeRows = await tx
      .select()
      .from(orgs)
      .where(sql`${orgs.path} like ${likePrefix(district.path)}`);
    const byCode = new Map(treeRows.map((o) => [o.code, o]));
    for (const [code, orgId] of Object.entries(input.orgMapping)) {
      const target = treeRows.find((o) => o.id === orgId);
      if (!target) throw fieldError(`orgMapping.${code}`, '映射的机构不存在或不在本区', 'Mapped org not found in this district');
      byCode.set(code, target);
    }
    const orgFor = (code: string): OrgRow => {
      const org = byCode.get(code);
      if (!org) {
        throw new AppError(
          'RULE_VIOLATION',
          bi(
            `计划中的单位 ${code} 在组织机构中不存在，请在 orgMapping 中映射`,
            `Unit ${code} of the plan is not in the org tree; map it in orgMapping`,
          ),
          {
            fields: [{ field: 'orgMapping', message: bi(`缺少 ${code} 的映射`, `Missing mapping for ${code}`) }],
          },
        );
      }
      return org;
    };
    const officeOf = (committeeCode: string): OrgRow | undefined => {
      const committee = byCode.get(committeeCode);
      return committee ? treeRows.find((o) => o.parentId === committee.id && o.type === 'committee_office') : undefined;
    };
    const t = plan.campaignTemplate;
    const [c] = await tx
      .insert(campaigns)
      .values({
        title: input.title,
        documentNo: t.documentNo,
        issuedOn: shiftYears(t.issuedOn, input.shiftYears),
        planningYear: input.planningYear ?? null,
        shiftYears: input.shiftYears,
        orgId: district.id,
      })
      .returning();
    for (const task of t.tasks) {
      const d = plan.campaignDeadline(task.deadlineText, {
        issuedOn: t.issuedOn,
        shiftYears: input.shiftYears,
        planningYear: input.planningYear,
      });
      // One part per org of today's tree: two units of the plan merged into one org since (mapped to it) give it one part.
      const units = new Map<string, { org: OrgRow; via: OrgRow | null }>();
      const add = (org: OrgRow, via: OrgRow | null) => {
        if (!units.has(org.id)) units.set(org.id, { org, via });
      };
      const groups: string[] = [];
      for (const r of task.responsible) {
        if ('orgCode' in r) {
          add(orgFor(r.orgCode), r.via ? orgFor(r.via) : null);
          continue;
        }
        const group = plan.responsibleGroups[r.group] as { committeeCode?: string; orgCodes?: readonly string[] };
        const office = group.committeeCode ? officeOf(group.committeeCode) : undefined;
        if (office) add(office, null);
        for (const code of group.orgCodes ?? []) add(orgFor(code), null);
        groups.push(r.group);
      }
      const [row] = await tx
        .insert(campaignTasks)
        .values({
          campaignId: c!.id,
          seq: task.seq,
          section: task.section,
          sectionTitle: t.sections.find((s) => s.no === task.section)!.title,
          content: task.content,
          responsibleText: task.responsibleText,
          responsibleGroups: groups,
          deadlineText: task.deadlineText,
          deadlineKind: d.kind,
          deadlineStart: d.start,
          deadlineEnd: d.end,
          targets: plan.extractTargets(task.content),
        })
        .returning({ id: campaignTasks.id });
      if (units.size > 0) {
        await tx
          .insert(campaignAssignments)
          .values([...units.values()].map((u) => ({ campaignId: c!.id, taskId: row!.id, orgId: u.org.id, viaOrgId: u.via?.id ?? null })));
      }
    }
    await audit(tx, actor, { action: 'campaign.create', entityType: 'campaign', entityId: c!.id, after: { ...c, tasks: t.tasks.length } });
    return presentCampaign(tx, actor, c!, district);
  });
}

// ---- tasks ----

type Joined = { a: AssignmentRow; org: OrgRow; viaName: string | null; extensionPending: boolean };

/**
 * Whether a part has an extension request awaiting 安委办's decision (in a state `approve` starts from): one
 * expression for the part's card, the ledger's badge, the part's policy and the inbox.
 */
export const extensionPending = sql<boolean>`exists (select 1 from ${campaignExtensions} e where e.assignment_id = ${campaignAssignments.id} and e.status in (${sql.join(
  extensionWorkflow.actions.approve.from.map((state) => sql`${state}`),
  sql`, `,
)}))`;

async function assignmentsOf(db: Tx, taskIds: string[]): Promise<Joined[]> {
  if (taskIds.length === 0) return [];
  const rows = await db
    .select({
      a: campaignAssignments,
      org: orgs,
      viaName: sql<string | null>`(select coalesce(v.short_name, v.name) from orgs v where v.id = ${campaignAssignments.viaOrgId})`,
      extensionPending,
    })
    .from(campaignAssignments)
    .innerJoin(orgs, eq(orgs.id, campaignAssignments.orgId))
    .where(inArray(campaignAssignments.taskId, taskIds))
    .orderBy(asc(orgs.sortOrder), asc(orgs.path));
  return rows;
}

const effectiveEnd = (task: TaskRow, a: AssignmentRow): string | null => a.extendedTo ?? task.deadlineEnd;

/** A unit's part as its policy sees it. */
const assignmentObject = (j: Pick<Joined, 'a' | 'org' | 'extensionPending'>, campaignOrg: OrgRow): AssignmentObject => ({
  status: j.a.status as AssignmentStatus,
  unit: j.org,
  campaignOrg,
  extensionPending: j.extensionPending,
});

function presentAssignment(actor: Actor, campaignOrgRow: OrgRow, task: TaskRow, j: Joined, day: string) {
  const end = effectiveEnd(task, j.a);
  return {
    id: j.a.id,
    taskId: j.a.taskId,
    orgId: j.a.orgId,
    orgName: j.org.shortName || j.org.name,
    viaOrgName: j.viaName,
    status: j.a.status as AssignmentStatus,
    percent: j.a.percent,
    deadlineEnd: task.deadlineEnd,
    extendedTo: j.a.extendedTo,
    deadlineState: deadlineState(day, end, j.a.status === 'accepted'),
    lastReportAt: j.a.lastReportAt?.toISOString() ?? null,
    extensionPending: j.extensionPending,
    mine: inScope(actor, 'campaign.read', j.org),
    allowedActions: assignmentPolicy.allowed(actor, assignmentObject(j, campaignOrgRow)),
  };
}

const STATE_RANK = { overdue: 4, due_soon: 3, on_track: 2, unscheduled: 1, done: 0 } as const;

type PresentedAssignment = ReturnType<typeof presentAssignment>;

function presentTask(
  task: TaskRow,
  parts: PresentedAssignment[],
  day: string,
  actions: z.infer<typeof api.campaign.task>['allowedActions'],
): z.infer<typeof api.campaign.task> {
  const status = taskStatusOf(parts.map((p) => p.status));
  const worst = parts.map((p) => p.deadlineState).sort((x, y) => STATE_RANK[y] - STATE_RANK[x])[0];
  return {
    id: task.id,
    campaignId: task.campaignId,
    seq: task.seq,
    section: task.section,
    sectionTitle: task.sectionTitle,
    content: task.content,
    responsibleText: task.responsibleText,
    responsible: parts.map((p) => ({
      orgId: p.orgId,
      orgName: p.orgName,
      viaOrgName: p.viaOrgName,
      status: p.status,
      percent: p.percent,
      deadlineState: p.deadlineState,
      extensionPending: p.extensionPending,
      mine: p.mine,
    })),
    responsibleGroups: task.responsibleGroups,
    deadline: { text: task.deadlineText, kind: task.deadlineKind, start: task.deadlineStart, end: task.deadlineEnd },
    targets: task.targets as z.infer<typeof api.campaign.campaignTarget>[],
    status,
    deadlineState: status === 'accepted' ? 'done' : (worst ?? deadlineState(day, task.deadlineEnd, false)),
    percent: parts.length ? Math.round(parts.reduce((sum, p) => sum + p.percent, 0) / parts.length) : 0,
    allowedActions: actions,
  };
}

/** The tasks the caller may see: all of them for 安委办, else those with a part of the caller's units. */
function visibleTaskCondition(actor: Actor, whole: boolean): SQL {
  if (whole) return sql`true`;
  return sql`exists (select 1 from campaign_assignments ca where ca.task_id = ${campaignTasks.id} and ${scopeCondition(actor, 'campaign.read', sql`ca.org_id`)})`;
}

// The list filters and sorts tasks by what their units' parts add up to, so the database computes it
// with the rules of `deadlineState`, `taskStatusOf` and `STATE_RANK`; campaign.lists.test.ts checks
// every filter value against the status the API presents.

/** `plan.deadlineState(day, end, done)` in SQL. */
const deadlineSql = (day: string, end: SQL, done: SQL): SQL =>
  sql`case when ${done} then 'done' when ${end} is null then 'unscheduled' when ${end} < ${day}::date then 'overdue'
    when ${end} <= ${day}::date + ${plan.DUE_SOON_DAYS}::int then 'due_soon' else 'on_track' end`;

const partsOfTask = sql`from campaign_assignments ca where ca.task_id = ${campaignTasks.id}`;

/** `taskStatusOf` over the task's parts (no parts, or none started, is not started). */
const taskStatusSql = sql`(select case
    when bool_and(ca.status = 'not_started') is not false then 'not_started'
    when bool_and(ca.status = 'accepted') then 'accepted'
    when bool_and(ca.status in ('accepted', 'submitted')) then 'submitted'
    else 'in_progress' end ${partsOfTask})`;

/** The task's deadline state as `presentTask` gives it: done when accepted, else its worst part's, else its own. */
function taskDeadlineSql(day: string): SQL {
  const ranked = sql.join(
    Object.entries(STATE_RANK)
      .sort(([, a], [, b]) => a - b)
      .map(([state]) => sql`${state}`),
    sql`, `,
  );
  const part = deadlineSql(day, sql`coalesce(ca.extended_to, ${campaignTasks.deadlineEnd})`, sql`ca.status = 'accepted'`);
  const worstPart = sql`(select (array[${ranked}])[max(array_position(array[${ranked}], ${part}))] ${partsOfTask})`;
  return sql`case when ${taskStatusSql} = 'accepted' then 'done'
    else coalesce(${worstPart}, ${deadlineSql(day, sql`${campaignTasks.deadlineEnd}`, sql`false`)}) end`;
}

/** The mean of the parts' percentages, rounded as `presentTask` rounds it. */
const taskPercentSql = sql`(select coalesce(round(avg(ca.percent)), 0) ${partsOfTask})`;

/** What `q` searches in a task. */
const taskSearch = [campaignTasks.content, campaignTasks.responsibleText, campaignTasks.sectionTitle];

/** The caller's tasks of a campaign that meet the list's filters, as SQL. */
function taskConditions(
  actor: Actor,
  campaignId: string,
  org: OrgRow,
  q: Partial<z.output<typeof api.campaign.listTasks.query>>,
  day: string,
): (SQL | undefined)[] {
  return [
    eq(campaignTasks.campaignId, campaignId),
    visibleTaskCondition(actor, seesWholeCampaign(actor, org)),
    q.section ? eq(campaignTasks.section, q.section) : undefined,
    q.orgId ? sql`exists (select 1 ${partsOfTask} and ca.org_id = ${q.orgId})` : undefined,
    q.status ? sql`${taskStatusSql} = ${q.status}` : undefined,
    q.deadline ? sql`${taskDeadlineSql(day)} = ${q.deadline}` : undefined,
  ];
}

/** Tasks with every unit's part, presented. */
async function withParts(db: Tx, actor: Actor, org: OrgRow, rows: TaskRow[], day: string) {
  const parts = await assignmentsOf(
    db,
    rows.map((r) => r.id),
  );
  // Grouped once: a ledger page of a hundred tasks has several hundred parts.
  const byTask = new Map<string, Joined[]>();
  for (const p of parts) byTask.set(p.a.taskId, [...(byTask.get(p.a.taskId) ?? []), p]);
  const actions = taskPolicy.allowed(actor, { campaignOrg: org });
  return rows.map((r) => {
    const mine = (byTask.get(r.id) ?? []).map((p) => presentAssignment(actor, org, r, p, day));
    return { task: presentTask(r, mine, day, actions), parts: mine };
  });
}

/** The task ledger: filtered, sorted and paged in SQL; each task of the page with its units' parts. */
export async function listTasks(db: Db, actor: Actor, campaignId: string, q: z.output<typeof api.campaign.listTasks.query>) {
  const { org } = await readableCampaign(db, actor, campaignId);
  const day = today(db);
  const { rows: found, ...paging } = await listPage(
    db,
    db.select().from(campaignTasks).$dynamic(),
    {
      where: taskConditions(actor, campaignId, org, q, day),
      search: taskSearch,
      sortable: { seq: campaignTasks.seq, section: campaignTasks.section, deadlineEnd: campaignTasks.deadlineEnd, percent: taskPercentSql },
      defaultOrder: [],
      // Unique within the campaign, and the plan's own order.
      tieBreaker: asc(campaignTasks.seq),
    },
    q,
  );
  // The ledger's fields only (api.campaign.taskListItem): targets are on the task's own page.
  const items = (await withParts(db, actor, org, found, day)).map(({ task: { targets: _targets, ...item } }) => item);
  return { ...paging, items };
}

/** Every task of the caller's that meets the filters, in the plan's order, with every unit's part; for the ledger and reports. */
export async function visibleTasks(
  db: Tx,
  actor: Actor,
  campaignId: string,
  org: OrgRow,
  q: Partial<z.output<typeof api.campaign.listTasks.query>>,
) {
  const day = today(db);
  const rows = await db
    .select()
    .from(campaignTasks)
    .where(and(...taskConditions(actor, campaignId, org, q, day), searchCondition(q.q, taskSearch)))
    .orderBy(asc(campaignTasks.seq));
  return withParts(db, actor, org, rows, day);
}

/** A task the actor may read, with its parts, presented without their histories. */
async function readableTask(db: Tx, actor: Actor, taskId: string) {
  const [task] = await db.select().from(campaignTasks).where(eq(campaignTasks.id, taskId));
  if (!task) throw new AppError('NOT_FOUND', bi('任务不存在', 'No such task'));
  const { org } = await readableCampaign(db, actor, task.campaignId);
  const parts = await assignmentsOf(db, [task.id]);
  const whole = seesWholeCampaign(actor, org);
  if (!whole && !parts.some((p) => inScope(actor, 'campaign.read', p.org)))
    throw new AppError('NOT_FOUND', bi('任务不存在', 'No such task'));
  const day = today(db);
  const presented = parts.map((p) => presentAssignment(actor, org, task, p, day));
  const base = presentTask(task, presented, day, taskPolicy.allowed(actor, { campaignOrg: org }));
  return { task, org, parts, whole, day, base, presented };
}

/** A report as the task's page shows it: its indicator values checked against the task's targets. */
function presentReport(
  r: typeof campaignReports.$inferSelect,
  targets: z.infer<typeof api.campaign.campaignTarget>[],
  fileRows: { id: string; name: string; sizeBytes: number }[],
): z.infer<typeof api.campaign.report> {
  return {
    id: r.id,
    assignmentId: r.assignmentId,
    kind: r.kind as 'report' | 'submit',
    text: r.text,
    percent: r.percent,
    indicatorValues: (r.indicatorValues as { target: number; value: number }[]).map((v) => ({
      ...v,
      met: targets[v.target] ? plan.isMet(targets[v.target]!, v.value) : false,
    })),
    files: fileRows.filter((f) => r.fileIds.includes(f.id)),
    authorName: r.authorName,
    createdAt: r.createdAt.toISOString(),
  };
}

const filesNamed = (db: Tx, ids: string[]) =>
  ids.length
    ? db.select({ id: files.id, name: files.name, sizeBytes: files.sizeBytes }).from(files).where(inArray(files.id, ids))
    : Promise.resolve([]);

/**
 * Each part's approved extensions, in the order they were approved (before `until` when given): the day of the
 * approval and the deadline it set. The history 考核 reads the overdue days from.
 */
export async function deadlineMoves(db: Tx, campaignId: string, until: Date | null): Promise<Map<string, plan.DeadlineMove[]>> {
  const approvals = await rows<{ assignmentId: string; to: string; at: Date }>(
    db,
    sql`select e.assignment_id as "assignmentId", e.requested_end::text as "to", w.at
          from ${workflowTransitions} w
          join ${campaignExtensions} e on w.entity_id = e.id::text
          join ${campaignAssignments} a on a.id = e.assignment_id
         where w.entity_type = ${plan.extensionWorkflow.entity} and w.to_state = 'approved' and a.campaign_id = ${campaignId}
           ${until ? sql`and w.at < ${until}` : sql``}
         order by w.id`,
  );
  const moves = new Map<string, plan.DeadlineMove[]>();
  for (const a of approvals) {
    moves.set(a.assignmentId, [...(moves.get(a.assignmentId) ?? []), { on: plan.shanghaiDateOf(new Date(a.at)), to: a.to }]);
  }
  return moves;
}

export async function getTask(db: Tx, actor: Actor, taskId: string) {
  const { task, org, parts, whole, day, base } = await readableTask(db, actor, taskId);
  const ids = parts.map((p) => p.a.id);
  const [reports, extensions] = await Promise.all([
    ids.length
      ? db.select().from(campaignReports).where(inArray(campaignReports.assignmentId, ids)).orderBy(asc(campaignReports.createdAt))
      : [],
    ids.length
      ? db.select().from(campaignExtensions).where(inArray(campaignExtensions.assignmentId, ids)).orderBy(asc(campaignExtensions.createdAt))
      : [],
  ]);
  const fileRows = await filesNamed(db, [...new Set(reports.flatMap((r) => r.fileIds))]);
  const targets = base.targets;
  const movesOf = extensions.length ? await deadlineMoves(db, task.campaignId, null) : new Map<string, plan.DeadlineMove[]>();
  const assignments = await Promise.all(
    parts.map(async (p) => {
      // A unit reads its own part in full; of the other units it sees the state, not their reports.
      const open = whole || inScope(actor, 'campaign.read', p.org);
      return {
        ...presentAssignment(actor, org, task, p, day),
        reports: open ? reports.filter((r) => r.assignmentId === p.a.id).map((r) => presentReport(r, targets, fileRows)) : [],
        extensions: open
          ? extensions
              .filter((e) => e.assignmentId === p.a.id)
              .map((e) => ({
                id: e.id,
                assignmentId: e.assignmentId,
                requestedEnd: e.requestedEnd,
                reason: e.reason,
                status: e.status as ExtensionStatus,
                requestedBy: e.requestedBy,
                decidedBy: e.decidedBy,
                createdAt: e.createdAt.toISOString(),
                late: plan.extensionRequestedLate(task.deadlineEnd, movesOf.get(e.assignmentId) ?? [], plan.shanghaiDateOf(e.createdAt)),
                allowedActions: extensionPolicy.allowed(actor, { status: e.status as ExtensionStatus, campaignOrg: org }),
              }))
          : [],
        timeline: open ? await timeline(db, assignmentWorkflow.entity, p.a.id) : [],
      };
    }),
  );
  return { ...base, assignments };
}

// ---- work on a unit's part ----

async function loadAssignment(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select({ a: campaignAssignments, task: campaignTasks, org: orgs, extensionPending })
    .from(campaignAssignments)
    .innerJoin(campaignTasks, eq(campaignTasks.id, campaignAssignments.taskId))
    .innerJoin(orgs, eq(orgs.id, campaignAssignments.orgId))
    .where(eq(campaignAssignments.id, id))
    .for('update', { of: campaignAssignments });
  if (!row) throw new AppError('NOT_FOUND', bi('任务分工不存在', 'No such task part'));
  const { c, org } = await readableCampaign(tx, actor, row.a.campaignId);
  if (!seesWholeCampaign(actor, org) && !inScope(actor, 'campaign.read', row.org)) {
    // Units sharing a task see each other's parts (403 on acting); others do not know it exists.
    const [shared] = await tx
      .select({ id: campaignAssignments.id })
      .from(campaignAssignments)
      .where(and(eq(campaignAssignments.taskId, row.a.taskId), scopeCondition(actor, 'campaign.read', campaignAssignments.orgId)))
      .limit(1);
    if (!shared) throw new AppError('NOT_FOUND', bi('任务分工不存在', 'No such task part'));
  }
  return { ...row, campaign: c, campaignOrg: org };
}

/**
 * Takes one action on a unit's part: a unit reports or submits (with evidence), 安委办 accepts,
 * returns with reasons, or reopens. Submissions notify 安委办; decisions notify the unit.
 */
export async function performAssignmentAction(
  platform: Platform,
  actor: Actor,
  id: string,
  action: string,
  input: unknown,
): Promise<z.infer<typeof api.campaign.assignmentChange>> {
  const { db } = platform;
  let made: typeof campaignReports.$inferSelect | undefined;
  const created = await db.transaction(async (tx) => {
    const row = await loadAssignment(tx, actor, id);
    const t = assignmentPolicy.plan(actor, assignmentObject(row, row.campaignOrg), action, input);
    const before = row.a;
    const at = platform.clock.now();
    let set: Partial<AssignmentRow> = { status: t.to };
    if (t.action === 'report' || t.action === 'submit') {
      const progress = t.input;
      const targets = row.task.targets as unknown[];
      progress.indicatorValues.forEach((v, i) => {
        if (v.target >= targets.length)
          throw fieldError(`indicatorValues.${i}.target`, '该任务没有这个指标', 'The task has no such target');
      });
      await assertReadableFiles(tx, actor, progress.fileIds);
      [made] = await tx
        .insert(campaignReports)
        .values({
          assignmentId: id,
          kind: t.action,
          text: progress.text,
          percent: progress.percent,
          indicatorValues: progress.indicatorValues,
          fileIds: progress.fileIds,
          authorId: actor.userId,
          authorName: actor.displayName,
          // The platform's clock, as `lastReportAt` beside it: a 通报 counts the reports filed within its period.
          createdAt: at,
        })
        .returning();
      set = { ...set, percent: t.action === 'submit' ? Math.max(progress.percent, before.percent) : progress.percent, lastReportAt: at };
    }
    if (t.action === 'accept') set = { ...set, percent: 100 };
    const [after] = await tx.update(campaignAssignments).set(set).where(eq(campaignAssignments.id, id)).returning();
    await recordTransition(tx, assignmentWorkflow, id, t, actor, { before, after });
    const unitName = row.org.shortName || row.org.name;
    const link = `/campaign/tasks/${row.task.id}`;
    if (t.action === 'submit') {
      return notify(tx, platform, await campaignOffice(tx, row.campaignOrg), {
        kind: 'campaign.submitted',
        title: `第${row.task.seq}项任务：${unitName}已提交验收`,
        body: row.task.content.slice(0, 80),
        link,
        orgId: row.org.id,
      });
    }
    if (t.action === 'accept' || t.action === 'return' || t.action === 'reopen') {
      const verb = { accept: '已验收通过', return: '被退回', reopen: '被重新打开' }[t.action];
      return notify(tx, platform, await unitPeople(tx, row.org), {
        kind: `campaign.${t.action}`,
        title: `第${row.task.seq}项任务${verb}`,
        body: t.action === 'accept' ? row.task.content.slice(0, 80) : `原因：${t.input.reason}`,
        link,
        orgId: row.org.id,
      });
    }
    return [];
  });
  await pushNotifications(platform, created);
  const [a] = await db.select({ taskId: campaignAssignments.taskId }).from(campaignAssignments).where(eq(campaignAssignments.id, id));
  const { base, presented } = await readableTask(db, actor, a!.taskId);
  const { targets, ...task } = base;
  return {
    task,
    assignment: presented.find((p) => p.id === id)!,
    report: made ? presentReport(made, targets, await filesNamed(db, made.fileIds)) : null,
  };
}

/** A unit asks for a later deadline for its part; 安委办 is notified. */
export async function requestExtension(
  platform: Platform,
  actor: Actor,
  id: string,
  input: z.output<typeof api.campaign.requestExtension.body>,
) {
  const { db } = platform;
  const created = await db.transaction(async (tx) => {
    // The part is locked: a second request waits here and then finds the first one pending.
    const row = await loadAssignment(tx, actor, id);
    assignmentPolicy.authorize(actor, assignmentObject(row, row.campaignOrg), 'requestExtension');
    const current = effectiveEnd(row.task, row.a);
    if (current && input.requestedEnd <= current)
      throw fieldError('requestedEnd', `延期后的时限须晚于当前时限 ${current}`, `The new deadline must be after ${current}`);
    const [ext] = await tx
      .insert(campaignExtensions)
      // The platform's clock: whether the request came after the deadline is read from this date.
      .values({
        assignmentId: id,
        requestedEnd: input.requestedEnd,
        reason: input.reason,
        requestedBy: actor.displayName,
        createdAt: now(tx),
      })
      .returning();
    await audit(tx, actor, { action: 'campaignExtension.request', entityType: 'campaignExtension', entityId: ext!.id, after: ext });
    return notify(tx, platform, await campaignOffice(tx, row.campaignOrg), {
      kind: 'campaign.extensionRequested',
      title: `第${row.task.seq}项任务：${row.org.shortName || row.org.name}申请延期至 ${input.requestedEnd}`,
      body: input.reason,
      link: `/campaign/tasks/${row.task.id}`,
      orgId: row.org.id,
    });
  });
  await pushNotifications(platform, created);
  const [a] = await db.select({ taskId: campaignAssignments.taskId }).from(campaignAssignments).where(eq(campaignAssignments.id, id));
  return getTask(db, actor, a!.taskId);
}

/** 安委办 approves (the part's deadline moves) or refuses an extension; the unit is notified. */
export async function performExtensionAction(platform: Platform, actor: Actor, id: string, action: string, input: unknown) {
  const { db } = platform;
  const result = await db.transaction(async (tx) => {
    const [ext] = await tx.select().from(campaignExtensions).where(eq(campaignExtensions.id, id)).for('update');
    if (!ext) throw new AppError('NOT_FOUND', bi('延期申请不存在', 'No such extension request'));
    const row = await loadAssignment(tx, actor, ext.assignmentId);
    const t = extensionPolicy.plan(actor, { status: ext.status as ExtensionStatus, campaignOrg: row.campaignOrg }, action, input);
    const [after] = await tx
      .update(campaignExtensions)
      .set({ status: t.to, decidedBy: actor.displayName })
      .where(eq(campaignExtensions.id, id))
      .returning();
    const late = plan.extensionRequestedLate(
      row.task.deadlineEnd,
      (await deadlineMoves(tx, row.task.campaignId, null)).get(ext.assignmentId) ?? [],
      plan.shanghaiDateOf(ext.createdAt),
    );
    await recordTransition(tx, extensionWorkflow, id, t, actor, { before: ext, after });
    if (t.to === 'approved') {
      const [extended] = await tx
        .update(campaignAssignments)
        .set({ extendedTo: ext.requestedEnd, notifiedState: null })
        .where(eq(campaignAssignments.id, ext.assignmentId))
        .returning();
      await audit(tx, actor, {
        action: 'campaignAssignment.extend',
        entityType: 'campaignAssignment',
        entityId: ext.assignmentId,
        before: row.a,
        after: extended,
      });
    }
    const created = await notify(tx, platform, await unitPeople(tx, row.org), {
      kind: `campaign.extension${t.to === 'approved' ? 'Approved' : 'Refused'}`,
      title: `第${row.task.seq}项任务${late ? '逾期后提出的' : ''}延期申请${t.to === 'approved' ? `已同意，时限延至 ${ext.requestedEnd}` : '未获同意'}`,
      // An extension approved after the deadline moves it, but 考核 keeps the days already overdue.
      body: [t.action === 'refuse' ? `原因：${t.input.reason}` : '', late ? '该申请在原时限届满后提出，已逾期天数计入考核。' : '']
        .filter(Boolean)
        .join('\n'),
      link: `/campaign/tasks/${row.task.id}`,
      orgId: row.org.id,
    });
    return { created, taskId: row.task.id };
  });
  await pushNotifications(platform, result.created);
  return getTask(db, actor, result.taskId);
}

// ---- schedule ----

export async function getSchedule(db: Db, actor: Actor, campaignId: string) {
  const { c, org } = await readableCampaign(db, actor, campaignId);
  const t = plan.campaignTemplate;
  const day = today(db);
  const schedule = t.schedule.map((row) => {
    const deadline = plan.campaignDeadline(row.deadlineText, { issuedOn: t.issuedOn, shiftYears: c.shiftYears });
    return {
      seq: row.seq,
      content: row.content,
      responsibleText: row.responsibleText,
      deadline,
      deadlineState: deadlineState(day, deadline.end, false),
    };
  });
  return {
    schedule,
    phases: t.phases.map((p) => {
      const period = plan.campaignDeadline(p.periodText, { issuedOn: t.issuedOn, shiftYears: c.shiftYears });
      return { seq: p.seq, name: p.name, periodText: p.periodText, content: p.content, start: period.start, end: period.end };
    }),
    flags: await flagsOf(db, actor, c, org),
  };
}

const flagKey = (f: { where: string; seq: number; code: string }): string => `${f.where}:${f.seq}:${f.code}`;

/** The plan's inconsistencies for a campaign (its planning year decides some), each with the key a confirmation names. */
export function campaignFlags(c: Pick<CampaignRow, 'planningYear' | 'shiftYears'>) {
  const found = plan.checkTemplate(plan.campaignTemplate, c.planningYear ? { planningYear: c.planningYear - c.shiftYears } : {});
  const seen = new Map<string, number>();
  return found.map((f) => {
    // A row can carry the same kind of flag twice (task 28 names two units twice): number repeats.
    const base = flagKey(f);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { ...f, key: n === 1 ? base : `${base}:${n}` };
  });
}

/** The plan's inconsistencies for this campaign, each with its confirmation if 安委办 gave one. */
async function flagsOf(db: Tx, actor: Actor, c: CampaignRow, org: OrgRow) {
  const reviews = await db.select().from(campaignFlagReviews).where(eq(campaignFlagReviews.campaignId, c.id));
  return campaignFlags(c).map((f) => {
    const review = reviews.find((r) => r.flagKey === f.key);
    return {
      key: f.key,
      where: f.where,
      seq: f.seq,
      code: f.code,
      message: f.message,
      confirmation: review ? { by: review.confirmedBy, at: review.confirmedAt.toISOString(), note: review.note } : null,
      allowedActions: flagPolicy.allowed(actor, { campaignOrg: org, confirmed: review !== undefined }),
    };
  });
}

/** 安委办 confirms one inconsistency: recorded and audited; the plan's data stays as the seed has it. */
export async function confirmFlag(db: Db, actor: Actor, campaignId: string, input: z.output<typeof api.campaign.confirmFlag.body>) {
  return db.transaction(async (tx) => {
    const { c, org } = await readableCampaign(tx, actor, campaignId);
    campaignPolicy.authorize(actor, { org }, 'manage');
    const flags = await flagsOf(tx, actor, c, org);
    const flag = flags.find((f) => f.key === input.key);
    if (!flag) throw fieldError('key', '没有这条核对提示', 'No such flag');
    flagPolicy.authorize(actor, { campaignOrg: org, confirmed: flag.confirmation !== null }, 'confirm');
    const [review] = await tx
      .insert(campaignFlagReviews)
      .values({ campaignId, flagKey: input.key, note: input.note ?? null, confirmedBy: actor.displayName })
      .returning();
    await audit(tx, actor, { action: 'campaign.confirmFlag', entityType: 'campaign', entityId: campaignId, after: review });
    return {
      ...flag,
      confirmation: { by: review!.confirmedBy, at: review!.confirmedAt.toISOString(), note: review!.note },
      allowedActions: flagPolicy.allowed(actor, { campaignOrg: org, confirmed: true }),
    };
  });
}
