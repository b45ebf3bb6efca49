import { campaign as plan } from '@citysafe/domain';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.js';
import type { Db } from '../../platform/db.js';
import { orgs } from '../identity/index.js';
import { assessment } from './campaign.assessment.js';
import { campaignPolicy } from './campaign.policy.js';
import { getCampaign, readableCampaign, today, visibleTasks } from './campaign.service.js';
import { getSupervision } from './supervision.service.js';

/**
 * Word documents in the shape of Chinese official documents (GB/T 9704 党政机关公文格式): title in
 * 小标宋 二号, body in 仿宋_GB2312 三号 with two-character indents, headings in 黑体, the issuing
 * office and date at the end. Offices print, stamp and file them, so they are real .docx files.
 */
const FANGSONG = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const HEITI = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };
const XIAOBIAOSONG = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };
const SANHAO = 32; // 三号 = 16 pt, in half-points
const ERHAO = 44; // 二号 = 22 pt

const title = (text: string) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 300 },
    children: [new TextRun({ text, font: XIAOBIAOSONG, size: ERHAO })],
  });
const body = (text: string, indent = true) =>
  new Paragraph({
    indent: indent ? { firstLine: 640 } : undefined,
    spacing: { line: 560 },
    children: [new TextRun({ text, font: FANGSONG, size: SANHAO })],
  });
const heading = (text: string) =>
  new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560 }, children: [new TextRun({ text, font: HEITI, size: SANHAO })] });
const right = (text: string) =>
  new Paragraph({
    alignment: AlignmentType.RIGHT,
    spacing: { line: 560 },
    children: [new TextRun({ text, font: FANGSONG, size: SANHAO })],
  });

const cell = (text: string, bold = false) =>
  new TableCell({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, font: FANGSONG, size: 24, bold })] })],
  });
const table = (header: string[], rows: (string | number)[][]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(String(v))) })),
    ],
  });

/** 2026-11-29 → 2026年11月29日, as dates are written in documents. */
export const chineseDate = (iso: string): string => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

const OFFICE = '西安国际港务区安全生产委员会办公室';

const pack = async (children: (Paragraph | Table)[]) =>
  Buffer.from(await Packer.toBuffer(new Document({ creator: 'CitySafe 城安', sections: [{ children }] })));

/** 督办通知书: the numbered notice to one unit, with the task, what is required and the answer date. */
export async function supervisionNotice(db: Db, actor: Actor, id: string): Promise<{ name: string; bytes: Buffer }> {
  const s = await getSupervision(db, actor, id);
  const c = await getCampaign(db, actor, s.campaignId);
  const [org] = await db.select().from(orgs).where(eq(orgs.id, s.orgId));
  const task = plan.campaignTemplate.tasks.find((t) => t.seq === s.taskSeq);
  const bytes = await pack([
    title('督办通知书'),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 300 },
      children: [new TextRun({ text: s.docNo, font: FANGSONG, size: SANHAO })],
    }),
    body(`${org?.name ?? s.orgName}：`, false),
    body(
      `根据《${c.title}》实施方案（${c.documentNo}）任务分解表第${s.taskSeq}项“${task?.content ?? ''}”，你单位为责任单位。经查，该项工作推进不力，现予督办。`,
    ),
    heading('一、督办事项'),
    body(s.content),
    heading('二、办理要求'),
    body(
      `请你单位高度重视，认真研究落实，于${chineseDate(s.responseDue)}前将办理情况书面报送安委办（可通过城市安全管理平台答复并上传佐证资料）。逾期未报或落实不到位的，将纳入创建工作考核并予以通报。`,
    ),
    right(OFFICE),
    right(chineseDate(s.createdAt.slice(0, 10))),
  ]);
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
  const bytes = await pack([
    title(`关于${c.title}推进情况的通报`),
    body('各街办，各办、部、局，陆港集团、西安港集团：', false),
    body(
      `截至${chineseDate(day)}，${c.title}共分解任务${t.total}项，已完成（验收通过）${t.accepted}项，完成率${rate}%；已报送待验收${t.submitted}项，推进中${t.in_progress}项，未开始${t.not_started}项；逾期${t.overdue}项。现将有关情况通报如下：`,
    ),
    heading('一、各板块推进情况'),
    table(['板块', '任务数', '已完成', '未完成', '逾期'], sections),
    heading('二、各单位推进情况及排名'),
    body(`按任务完成率、按时完成情况及督办次数综合排名（${plan.assessmentWeights.source.zh}）。`),
    table(
      ['排名', '单位', '承担任务', '已完成', '逾期', '督办', '得分'],
      ranking.items.map((u) => [u.rank, u.orgName, u.parts, u.accepted, u.overdue, u.supervisions, u.score]),
    ),
    heading('三、逾期任务'),
    ...(overdueTasks.length
      ? overdueTasks.map((x) => {
          const late = x.parts.filter((p) => p.deadlineState === 'overdue').map((p) => p.orgName);
          return body(
            `第${x.task.seq}项（完成时限：${x.task.deadline.text}）：${x.task.content.slice(0, 60)}……逾期单位：${late.join('、')}。`,
          );
        })
      : [body('无逾期任务。')]),
    heading('四、下一步工作要求'),
    body(
      '各责任单位要对照任务分解表，逐项梳理未完成任务，倒排工期、压实责任；逾期任务须在通报印发后10个工作日内完成整改并报送佐证资料。安委办将持续跟踪督办，推进情况纳入年度安全生产考核。',
    ),
    right(OFFICE),
    right(chineseDate(day)),
  ]);
  return { name: `${c.title}推进情况通报-${day}.docx`, bytes };
}
