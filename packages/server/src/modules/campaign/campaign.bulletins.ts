import { AppError, type api, campaign as plan, fieldError, type RequestPart } from '@citysafe/domain';
import { and, asc, desc, eq, gte, lt, max, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, rows } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import { figuresTable, heading, officialDate, officialDocument, paragraph } from '../../platform/official-document.js';
import { workflowTransitions } from '../../platform/platform.tables.js';
import { assessment, endOfShanghaiDay } from './campaign.assessment.js';
import { OFFICE } from './campaign.documents.js';
import { campaignPolicy } from './campaign.policy.js';
import { getCampaign, readableCampaign, today } from './campaign.service.js';
import { campaignAssignments, campaignBulletins, campaignReports, campaignSupervisions } from './campaign.tables.js';

type Bulletin = typeof campaignBulletins.$inferSelect;
type Period = RequestPart<typeof api.campaign.issueBulletin, 'body'>;

const periodOf = (b: Bulletin): plan.BulletinPeriod =>
  b.periodKind === 'month'
    ? { kind: 'month', month: b.periodFrom.slice(0, 7) }
    : b.periodKind === 'quarter'
      ? { kind: 'quarter', quarter: `${b.periodFrom.slice(0, 4)}-Q${Math.floor((Number(b.periodFrom.slice(5, 7)) - 1) / 3) + 1}` }
      : { kind: 'custom', from: b.periodFrom, to: b.periodTo };

const present = (b: Bulletin) => ({
  id: b.id,
  campaignId: b.campaignId,
  year: b.year,
  number: b.number,
  issueNo: plan.bulletinIssueNo(b.year, b.number),
  periodKind: b.periodKind as Period['kind'],
  periodFrom: b.periodFrom,
  periodTo: b.periodTo,
  periodText: plan.bulletinPeriodText(periodOf(b), { from: b.periodFrom, to: b.periodTo }),
  issuedBy: b.issuedBy,
  issuedAt: b.issuedAt.toISOString(),
});

/** The campaign's district, after checking the caller may issue its bulletins (安委办). */
async function managedCampaign(db: Db, actor: Actor, campaignId: string) {
  const { org } = await readableCampaign(db, actor, campaignId);
  campaignPolicy.authorize(actor, { org }, 'manage');
  return org;
}

/**
 * 印发通报: claims the next 第N期 of the office's year (the year of the issue day, like 督办 numbers; an advisory lock
 * serialises issuers, also for the first of a year) for a period that has begun.
 */
export async function issueBulletin(db: Db, actor: Actor, campaignId: string, period: Period) {
  return db.transaction(async (tx) => {
    const office = await managedCampaign(tx, actor, campaignId);
    const dates = plan.bulletinDates(period);
    if ('error' in dates) {
      throw fieldError(dates.error, '通报期间不正确（起止日期颠倒或超过一年）', 'The period runs backwards or is longer than a year');
    }
    const day = today(tx);
    if (dates.from > day)
      throw fieldError(period.kind === 'custom' ? 'from' : period.kind, '通报期间尚未开始', 'The period has not begun yet');
    const year = Number(day.slice(0, 4));
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`campaign-bulletin:${office.id}:${year}`}))`);
    const [last] = await tx
      .select({ n: max(campaignBulletins.number) })
      .from(campaignBulletins)
      .where(and(eq(campaignBulletins.officeOrgId, office.id), eq(campaignBulletins.year, year)));
    const [row] = await tx
      .insert(campaignBulletins)
      .values({
        campaignId,
        officeOrgId: office.id,
        year,
        number: (last?.n ?? 0) + 1,
        periodKind: period.kind,
        periodFrom: dates.from,
        periodTo: dates.to,
        issuedBy: actor.displayName,
        issuedAt: now(tx),
      })
      .returning();
    await audit(tx, actor, { action: 'campaignBulletin.issue', entityType: 'campaignBulletin', entityId: row!.id, after: row });
    return present(row!);
  });
}

export async function listBulletins(db: Db, actor: Actor, campaignId: string, q: RequestPart<typeof api.campaign.listBulletins, 'query'>) {
  await managedCampaign(db, actor, campaignId);
  const { rows: found, ...paging } = await listPage(
    db,
    db.select().from(campaignBulletins).$dynamic(),
    {
      where: [eq(campaignBulletins.campaignId, campaignId)],
      search: [],
      sortable: { issuedAt: campaignBulletins.issuedAt },
      // The latest issue first, by its number (2026年第N期).
      defaultOrder: [desc(campaignBulletins.year), desc(campaignBulletins.number)],
      tieBreaker: asc(campaignBulletins.id),
    },
    q,
  );
  return { ...paging, items: found.map(present) };
}

/** Each part as it stood at `until`: its section, unit, deadline and state (its last step before then). */
async function partsAt(db: Db, campaignId: string, until: Date) {
  return rows<{
    id: string;
    section: number;
    sectionTitle: string;
    seq: number;
    content: string;
    deadlineText: string;
    orgName: string;
    end: string | null;
    state: string;
  }>(
    db,
    sql`select a.id, t.section, t.section_title as "sectionTitle", t.seq, t.content, t.deadline_text as "deadlineText",
               coalesce(nullif(o.short_name, ''), o.name) as "orgName", coalesce(a.extended_to, t.deadline_end)::text as "end",
               coalesce((select w.to_state from ${workflowTransitions} w
                          where w.entity_type = ${plan.assignmentWorkflow.entity} and w.entity_id = a.id::text and w.at < ${until}
                          order by w.id desc limit 1), ${plan.assignmentWorkflow.initial}) as state
          from ${campaignAssignments} a
          join campaign_tasks t on t.id = a.task_id
          join orgs o on o.id = a.org_id
         where a.campaign_id = ${campaignId}
         order by t.seq, o.path`,
  );
}

/** What happened within the period: parts accepted, progress reports filed, supervision notices issued. */
async function periodActivity(db: Db, campaignId: string, since: Date, until: Date) {
  const [accepted] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${workflowTransitions} w join ${campaignAssignments} a on w.entity_id = a.id::text
         where w.entity_type = ${plan.assignmentWorkflow.entity} and w.action = 'accept' and a.campaign_id = ${campaignId}
           and w.at >= ${since} and w.at < ${until}`,
  );
  const reports = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(campaignReports)
    .innerJoin(campaignAssignments, eq(campaignAssignments.id, campaignReports.assignmentId))
    .where(
      and(eq(campaignAssignments.campaignId, campaignId), gte(campaignReports.createdAt, since), lt(campaignReports.createdAt, until)),
    );
  const supervisions = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(campaignSupervisions)
    .where(
      and(
        eq(campaignSupervisions.campaignId, campaignId),
        gte(campaignSupervisions.createdAt, since),
        lt(campaignSupervisions.createdAt, until),
      ),
    );
  return { accepted: accepted?.n ?? 0, reports: reports[0]?.n ?? 0, supervisions: supervisions[0]?.n ?? 0 };
}

/**
 * The issued 工作通报 as a Word document: 第N期 in the 发文字号's place and what was done within its period. Made again
 * on each download, so it always reads the same.
 */
export async function issuedBulletinDocument(db: Db, actor: Actor, bulletinId: string): Promise<{ name: string; bytes: Buffer }> {
  const [b] = await db.select().from(campaignBulletins).where(eq(campaignBulletins.id, bulletinId));
  if (!b) throw new AppError('NOT_FOUND');
  await managedCampaign(db, actor, b.campaignId);
  const shown = present(b);
  const issuedOn = plan.shanghaiDateOf(b.issuedAt);
  const { title, bytes } = await bulletinDocument(db, actor, b.campaignId, {
    issueNo: shown.issueNo,
    period: { text: shown.periodText, from: b.periodFrom },
    asOf: b.periodTo,
    issuedOn,
  });
  return { name: `${title}工作通报${shown.issueNo}.docx`, bytes };
}

/**
 * The bulletin as things stand today, before it is issued with a number (the draft 安委办 reads first): the same
 * document as an issued one, without 第N期 and without a period's activity.
 */
export async function draftBulletinDocument(db: Db, actor: Actor, campaignId: string): Promise<{ name: string; bytes: Buffer }> {
  await managedCampaign(db, actor, campaignId);
  const day = today(db);
  const { title, bytes } = await bulletinDocument(db, actor, campaignId, { issueNo: null, period: null, asOf: day, issuedOn: day });
  return { name: `${title}推进情况通报-${day}.docx`, bytes };
}

/**
 * 工作通报 (GB/T 9704-2012 via `officialDocument`): progress overall, by section and by unit with the ranking, the
 * overdue tasks and the next steps — what 附件1 §四 asks 安委办 to publish regularly. Every figure is as things stood
 * at the end of `asOf`, from the parts' history; with a period, what was done within it leads.
 */
async function bulletinDocument(
  db: Db,
  actor: Actor,
  campaignId: string,
  doc: { issueNo: string | null; period: { text: string; from: string } | null; asOf: string; issuedOn: string },
): Promise<{ title: string; bytes: Buffer }> {
  const c = await getCampaign(db, actor, campaignId);
  const until = endOfShanghaiDay(doc.asOf);
  const parts = await partsAt(db, campaignId, until);
  const ranking = await assessment(db, actor, campaignId, doc.asOf);
  const overdue = (p: (typeof parts)[number]) => p.state !== 'accepted' && plan.deadlineState(doc.asOf, p.end, false) === 'overdue';

  // A task is done when every unit's part of it is accepted (as the ledger counts).
  const tasks = new Map<number, (typeof parts)[number][]>();
  for (const p of parts) tasks.set(p.seq, [...(tasks.get(p.seq) ?? []), p]);
  const taskList = [...tasks.values()];
  const doneTasks = taskList.filter((ps) => ps.every((p) => p.state === 'accepted')).length;
  const overdueTasks = taskList.filter((ps) => ps.some(overdue));
  // Every task of the plan counts, also one no unit has a part of yet.
  const total = c.totals.planTasks;
  const rate = total ? ((doneTasks / total) * 100).toFixed(1) : '0.0';
  const sections = plan.campaignTemplate.sections.map((sec) => {
    const mine = taskList.filter((ps) => ps[0]!.section === sec.no);
    const done = mine.filter((ps) => ps.every((p) => p.state === 'accepted')).length;
    return [sec.title, mine.length, done, mine.length - done, mine.filter((ps) => ps.some(overdue)).length];
  });
  const standing = `截至${officialDate(doc.asOf)}，${c.title}共分解任务${total}项，已完成${doneTasks}项，完成率${rate}%；逾期${overdueTasks.length}项。现将有关情况通报如下：`;
  let lead = standing;
  if (doc.period) {
    const activity = await periodActivity(db, campaignId, new Date(Date.parse(`${doc.period.from}T00:00:00+08:00`)), until);
    lead = `${doc.period.text}，各责任单位新完成（验收通过）任务事项${activity.accepted}项，报送工作进展${activity.reports}次，安委办下发督办通知${activity.supervisions}份。${standing}`;
  }

  const bytes = await officialDocument({
    issuerMark: OFFICE,
    ...(doc.issueNo ? { docNo: doc.issueNo } : {}),
    title: `关于${c.title}${doc.period?.text ?? ''}推进情况的通报`,
    to: '各街办，各办、部、局，陆港集团、西安港集团',
    body: [
      paragraph(lead),
      heading(1, '一、各板块推进情况'),
      figuresTable(['板块', '任务数', '已完成', '未完成', '逾期'], sections),
      heading(1, '二、各单位推进情况及排名'),
      paragraph(`截至${officialDate(doc.asOf)}，按任务完成率、按时完成情况及督办次数综合排名（${plan.assessmentWeights.source.zh}）。`),
      figuresTable(
        ['排名', '单位', '承担任务', '已完成', '逾期', '督办', '得分'],
        ranking.items.map((u) => [u.rank, u.orgName, u.parts, u.accepted, u.overdue, u.supervisions, u.score]),
      ),
      heading(1, '三、逾期任务'),
      ...(overdueTasks.length
        ? overdueTasks.map((ps) =>
            paragraph(
              `第${ps[0]!.seq}项（完成时限：${ps[0]!.deadlineText}）：${ps[0]!.content.slice(0, 60)}……逾期单位：${ps
                .filter(overdue)
                .map((p) => p.orgName)
                .join('、')}。`,
            ),
          )
        : [paragraph(doc.period ? '本期末无逾期任务。' : '无逾期任务。')]),
      heading(1, '四、下一步工作要求'),
      paragraph(
        '各责任单位要对照任务分解表，逐项梳理未完成任务，倒排工期、压实责任；逾期任务须在通报印发后10个工作日内完成整改并报送佐证资料。安委办将持续跟踪督办，推进情况纳入年度安全生产考核。',
      ),
    ],
    signedBy: OFFICE,
    date: doc.issuedOn,
    printedBy: OFFICE,
    printedOn: doc.issuedOn,
  });
  return { title: c.title, bytes };
}
