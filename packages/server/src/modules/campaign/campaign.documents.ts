import { campaign as plan, shanghaiDateOf } from '@citysafe/domain';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.js';
import type { Db } from '../../platform/db.js';
import { figuresTable, heading, officialDate, officialDocument, paragraph, quoted } from '../../platform/official-document.js';
import { orgs } from '../identity/index.js';
import { assessment } from './campaign.assessment.js';
import { campaignPolicy } from './campaign.policy.js';
import { getCampaign, readableCampaign, today, visibleTasks } from './campaign.service.js';
import { getSupervision } from './supervision.service.js';

/** 安委办, the office that issues the campaign's notices and bulletins (发文机关, 印发机关). */
export const OFFICE = '西安国际港务区安全生产委员会办公室';

/** 督办通知书: the numbered notice to one unit, with the task, what is required and the answer date. */
export async function supervisionNotice(db: Db, actor: Actor, id: string): Promise<{ name: string; bytes: Buffer }> {
  const s = await getSupervision(db, actor, id);
  const [org] = await db.select().from(orgs).where(eq(orgs.id, s.orgId));
  const task = plan.campaignTemplate.tasks.find((t) => t.seq === s.taskSeq);
  const template = plan.campaignTemplate;
  const issued = shanghaiDateOf(new Date(s.createdAt));
  const bytes = await officialDocument({
    issuerMark: OFFICE,
    docNo: s.docNo,
    title: '督办通知书',
    to: org?.name ?? s.orgName,
    // The plan is cited by its own title and number, whatever the campaign that runs it is called.
    body: [
      paragraph(
        `根据《${template.title}》（${template.documentNo}）任务分解表第${s.taskSeq}项${quoted(task?.content ?? '')}，你单位为责任单位。经查，该项工作推进不力，现予督办。`,
      ),
      heading(1, '一、督办事项'),
      paragraph(s.content),
      heading(1, '二、办理要求'),
      paragraph(
        `请你单位高度重视，认真研究落实，于${officialDate(s.responseDue)}前将办理情况书面报送安委办（可通过城市安全管理平台答复并上传佐证资料）。逾期未报或落实不到位的，将纳入创建工作考核并予以通报。`,
      ),
    ],
    signedBy: OFFICE,
    date: issued,
    printedBy: OFFICE,
    printedOn: issued,
  });
  return { name: `督办通知书-${s.docNo}.docx`, bytes };
}

/**
 * 工作通报: progress overall, by section and by unit with the ranking, the overdue tasks, and the
 * next steps — what 附件1 §四 asks 安委办 to publish regularly.
 */
export async function bulletin(db: Db, actor: Actor, campaignId: string): Promise<{ name: string; bytes: Buffer }> {
  const c = await getCampaign(db, actor, campaignId);
  const { org } = await readableCampaign(db, actor, campaignId); // the district, for the task reach
  // The bulletin is 安委办's: the presenter offers it with `manage`, so the same rule lets it through.
  campaignPolicy.authorize(actor, { org }, 'manage');
  const tasks = await visibleTasks(db, actor, campaignId, org, {});
  const ranking = await assessment(db, actor, campaignId);
  const day = today(db);
  const t = c.totals;
  const rate = t.total ? ((t.accepted / t.total) * 100).toFixed(1) : '0.0';
  const sections = plan.campaignTemplate.sections.map((sec) => {
    const mine = tasks.filter((x) => x.task.section === sec.no);
    const done = mine.filter((x) => x.task.status === 'accepted').length;
    const overdue = mine.filter((x) => x.task.deadlineState === 'overdue').length;
    return [sec.title, mine.length, done, mine.length - done, overdue];
  });
  const overdueTasks = tasks.filter((x) => x.task.deadlineState === 'overdue');
  const bytes = await officialDocument({
    issuerMark: OFFICE,
    title: `关于${c.title}推进情况的通报`,
    to: '各街办，各办、部、局，陆港集团、西安港集团',
    body: [
      paragraph(
        `截至${officialDate(day)}，${c.title}共分解任务${t.total}项，已完成（验收通过）${t.accepted}项，完成率${rate}%；已报送待验收${t.submitted}项，推进中${t.in_progress}项，未开始${t.not_started}项；逾期${t.overdue}项。现将有关情况通报如下：`,
      ),
      heading(1, '一、各板块推进情况'),
      figuresTable(['板块', '任务数', '已完成', '未完成', '逾期'], sections),
      heading(1, '二、各单位推进情况及排名'),
      paragraph(`按任务完成率、按时完成情况及督办次数综合排名（${plan.assessmentWeights.source.zh}）。`),
      figuresTable(
        ['排名', '单位', '承担任务', '已完成', '逾期', '督办', '得分'],
        ranking.items.map((u) => [u.rank, u.orgName, u.parts, u.accepted, u.overdue, u.supervisions, u.score]),
      ),
      heading(1, '三、逾期任务'),
      ...(overdueTasks.length
        ? overdueTasks.map((x) => {
            const late = x.parts.filter((p) => p.deadlineState === 'overdue').map((p) => p.orgName);
            return paragraph(
              `第${x.task.seq}项（完成时限：${x.task.deadline.text}）：${x.task.content.slice(0, 60)}……逾期单位：${late.join('、')}。`,
            );
          })
        : [paragraph('无逾期任务。')]),
      heading(1, '四、下一步工作要求'),
      paragraph(
        '各责任单位要对照任务分解表，逐项梳理未完成任务，倒排工期、压实责任；逾期任务须在通报印发后10个工作日内完成整改并报送佐证资料。安委办将持续跟踪督办，推进情况纳入年度安全生产考核。',
      ),
    ],
    signedBy: OFFICE,
    date: day,
    printedBy: OFFICE,
    printedOn: day,
  });
  return { name: `${c.title}推进情况通报-${day}.docx`, bytes };
}
