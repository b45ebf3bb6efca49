import { AppError, type api, bi, campaign as plan, fieldError } from '@citysafe/domain';
import { and, asc, desc, eq, inArray, max, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, inScope, scopeCondition } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, type Tx, now } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import { assertReadableFiles } from '../../platform/files.service.js';
import type { Platform } from '../../platform/platform.js';
import { files } from '../../platform/platform.tables.js';
import { recordTransition, timeline } from '../../platform/workflow.js';
import { orgs } from '../identity/index.js';
import { notify, pushNotifications } from '../notifications/index.js';
import { campaignOffice, supervisionPolicy, taskPolicy, unitPeople } from './campaign.policy.js';
import { readableCampaign, today } from './campaign.service.js';
import { campaignAssignments, campaigns, campaignSupervisions, campaignTasks } from './campaign.tables.js';

const { supervisionWorkflow } = plan;
type SupervisionStatus = plan.SupervisionStatus;
type Row = typeof campaignSupervisions.$inferSelect;

/** The issuing office's prefix on notice numbers (西港 = 西安国际港务区, 安委办 issues them). */
export const NOTICE_PREFIX = '西港安委办';

const notFound = () => new AppError('NOT_FOUND', bi('督办通知不存在', 'No such supervision notice'));

async function present(
  db: Tx,
  actor: Actor,
  r: { s: Row; org: typeof orgs.$inferSelect; taskSeq: number },
  campaignOrg: typeof orgs.$inferSelect,
) {
  const fileRows = r.s.responseFileIds.length
    ? await db
        .select({ id: files.id, name: files.name, sizeBytes: files.sizeBytes })
        .from(files)
        .where(inArray(files.id, r.s.responseFileIds))
    : [];
  return {
    id: r.s.id,
    campaignId: r.s.campaignId,
    taskId: r.s.taskId,
    taskSeq: r.taskSeq,
    orgId: r.s.orgId,
    orgName: r.org.shortName || r.org.name,
    docNo: plan.supervisionNo(NOTICE_PREFIX, r.s.year, r.s.number),
    content: r.s.content,
    responseDue: r.s.responseDue,
    overdue: r.s.status === 'issued' && r.s.responseDue < today(db),
    status: r.s.status as SupervisionStatus,
    response: r.s.response,
    responseFiles: fileRows,
    issuedBy: r.s.issuedBy,
    createdAt: r.s.createdAt.toISOString(),
    answeredAt: r.s.answeredAt?.toISOString() ?? null,
    allowedActions: supervisionPolicy.allowed(actor, { status: r.s.status as SupervisionStatus, unit: r.org, campaignOrg }),
    timeline: await timeline(db, supervisionWorkflow.entity, r.s.id),
  };
}

const joined = (db: Tx) =>
  db
    .select({ s: campaignSupervisions, org: orgs, taskSeq: campaignTasks.seq })
    .from(campaignSupervisions)
    .innerJoin(orgs, eq(orgs.id, campaignSupervisions.orgId))
    .innerJoin(campaignTasks, eq(campaignTasks.id, campaignSupervisions.taskId));

export async function listSupervisions(db: Db, actor: Actor, campaignId: string, q: z.output<typeof api.campaign.listSupervisions.query>) {
  const { org } = await readableCampaign(db, actor, campaignId);
  const conds: SQL[] = [eq(campaignSupervisions.campaignId, campaignId)];
  // 安委办 sees every notice; a unit sees those addressed to it.
  if (!inScope(actor, 'campaign.read', org)) conds.push(scopeCondition(actor, 'campaign.read', campaignSupervisions.orgId));
  if (q.status) conds.push(eq(campaignSupervisions.status, q.status));
  if (q.orgId) conds.push(eq(campaignSupervisions.orgId, q.orgId));
  const { rows: found, ...paging } = await listPage(
    db,
    joined(db).$dynamic(),
    {
      where: conds,
      search: [campaignSupervisions.content, campaignSupervisions.response, orgs.name, orgs.shortName],
      sortable: { createdAt: campaignSupervisions.createdAt, responseDue: campaignSupervisions.responseDue, taskSeq: campaignTasks.seq },
      // Latest notice first, by its number (督〔year〕N号).
      defaultOrder: [desc(campaignSupervisions.year), desc(campaignSupervisions.number)],
      tieBreaker: asc(campaignSupervisions.id),
    },
    q,
  );
  return { ...paging, items: await Promise.all(found.map((r) => present(db, actor, r, org))) };
}

async function loadSupervision(db: Tx, actor: Actor, id: string, lock = false) {
  const query = joined(db).where(eq(campaignSupervisions.id, id));
  const [row] = lock ? await query.for('update', { of: campaignSupervisions }) : await query;
  if (!row) throw notFound();
  const { org } = await readableCampaign(db, actor, row.s.campaignId);
  if (!inScope(actor, 'campaign.read', org) && !inScope(actor, 'campaign.read', row.org)) throw notFound();
  return { row, campaignOrg: org };
}

export async function getSupervision(db: Db, actor: Actor, id: string) {
  const { row, campaignOrg } = await loadSupervision(db, actor, id);
  return present(db, actor, row, campaignOrg);
}

/**
 * Issues a numbered notice to one of the task's responsible units and notifies its people. Numbers
 * run per campaign and year without gaps; the row lock on the campaign's notices keeps two offices
 * issuing at once from taking the same number.
 */
export async function issueSupervision(
  platform: Platform,
  actor: Actor,
  taskId: string,
  input: z.output<typeof api.campaign.issueSupervision.body>,
) {
  const { db } = platform;
  const { created, id } = await db.transaction(async (tx) => {
    const [task] = await tx.select().from(campaignTasks).where(eq(campaignTasks.id, taskId));
    if (!task) throw new AppError('NOT_FOUND', bi('任务不存在', 'No such task'));
    const { org: campaignOrg } = await readableCampaign(tx, actor, task.campaignId);
    taskPolicy.authorize(actor, { campaignOrg }, 'issueSupervision');
    const [part] = await tx
      .select({ org: orgs })
      .from(campaignAssignments)
      .innerJoin(orgs, eq(orgs.id, campaignAssignments.orgId))
      .where(and(eq(campaignAssignments.taskId, taskId), eq(campaignAssignments.orgId, input.orgId)));
    if (!part) throw fieldError('orgId', '该单位不是此任务的责任单位', 'The unit is not responsible for this task');
    if (input.responseDue < today(tx)) throw fieldError('responseDue', '答复期限不能早于今天', 'The answer date cannot be in the past');
    const year = Number(today(tx).slice(0, 4));
    // Numbers run per issuing office (the district's 安委办) and year, across its campaigns, as the
    // printed number carries no campaign. The advisory lock serialises issuers, also for the first.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`campaign-supervision:${campaignOrg.id}:${year}`}))`);
    const [last] = await tx
      .select({ n: max(campaignSupervisions.number) })
      .from(campaignSupervisions)
      .innerJoin(campaigns, eq(campaigns.id, campaignSupervisions.campaignId))
      .where(and(eq(campaigns.orgId, campaignOrg.id), eq(campaignSupervisions.year, year)));
    const [row] = await tx
      .insert(campaignSupervisions)
      .values({
        campaignId: task.campaignId,
        taskId,
        orgId: input.orgId,
        year,
        number: (last?.n ?? 0) + 1,
        content: input.content,
        responseDue: input.responseDue,
        issuedBy: actor.displayName,
        // The platform's clock, not the database's: the notice is dated the day its number's year was taken.
        createdAt: now(tx),
      })
      .returning();
    await audit(tx, actor, { action: 'campaignSupervision.issue', entityType: 'campaignSupervision', entityId: row!.id, after: row });
    const docNo = plan.supervisionNo(NOTICE_PREFIX, year, row!.number);
    const notified = await notify(tx, platform, await unitPeople(tx, part.org), {
      kind: 'campaign.supervision',
      title: `督办通知 ${docNo}：第${task.seq}项任务`,
      body: `${input.content}\n请于 ${input.responseDue} 前书面答复。`,
      link: `/campaign/supervisions/${row!.id}`,
      orgId: input.orgId,
    });
    return { created: notified, id: row!.id };
  });
  await pushNotifications(platform, created);
  return getSupervision(db, actor, id);
}

/** The unit answers (with attachments); 安委办 closes the notice or sends it back with a reason. */
export async function performSupervisionAction(platform: Platform, actor: Actor, id: string, action: string, input: unknown) {
  const { db } = platform;
  const created = await db.transaction(async (tx) => {
    const { row, campaignOrg } = await loadSupervision(tx, actor, id, true);
    const t = supervisionPolicy.plan(actor, { status: row.s.status as SupervisionStatus, unit: row.org, campaignOrg }, action, input);
    let set: Partial<Row> = { status: t.to };
    if (t.action === 'answer') {
      const answer = t.input;
      await assertReadableFiles(tx, actor, answer.fileIds);
      set = { ...set, response: answer.response, responseFileIds: answer.fileIds, answeredAt: platform.clock.now() };
    }
    const [after] = await tx.update(campaignSupervisions).set(set).where(eq(campaignSupervisions.id, id)).returning();
    await recordTransition(tx, supervisionWorkflow, id, t, actor, { before: row.s, after });
    const docNo = plan.supervisionNo(NOTICE_PREFIX, row.s.year, row.s.number);
    const link = `/campaign/supervisions/${id}`;
    const unitName = row.org.shortName || row.org.name;
    if (t.action === 'answer') {
      return notify(tx, platform, await campaignOffice(tx, campaignOrg), {
        kind: 'campaign.supervisionAnswered',
        title: `${unitName}已答复督办 ${docNo}`,
        body: row.s.content.slice(0, 80),
        link,
        orgId: row.org.id,
      });
    }
    const reason = t.action === 'reject' ? `原因：${t.input.reason}` : '';
    const title = t.action === 'close' ? `督办 ${docNo} 已办结` : `督办 ${docNo} 被退回，请重新办理`;
    return notify(tx, platform, await unitPeople(tx, row.org), {
      kind: `campaign.supervision${t.action === 'close' ? 'Closed' : 'Rejected'}`,
      title,
      body: reason,
      link,
      orgId: row.org.id,
    });
  });
  await pushNotifications(platform, created);
  return getSupervision(db, actor, id);
}
