import { campaign as plan, shanghaiDateOf } from '@citysafe/domain';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.js';
import type { Db } from '../../platform/db.js';
import { heading, officialDate, officialDocument, paragraph, quoted } from '../../platform/official-document.js';
import { orgs } from '../identity/index.js';
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
