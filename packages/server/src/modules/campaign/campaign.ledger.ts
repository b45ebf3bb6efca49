import { campaign as plan } from '@citysafe/domain';
import ExcelJS from 'exceljs';
import type { Actor } from '../../platform/actor.js';
import { type Db, now } from '../../platform/db.js';
import { readableCampaign, visibleTasks } from './campaign.service.js';

const statusLabel: Record<string, string> = {
  not_started: '未开始',
  in_progress: '推进中',
  submitted: '已报送',
  accepted: '已完成',
  returned: '已退回',
};
const deadlineLabel: Record<string, string> = { done: '已完成', overdue: '逾期', due_soon: '临期', on_track: '正常', unscheduled: '未定' };

/**
 * 工作台账: the ledger offices keep in Excel — one sheet of tasks as 附件2 lays them out with
 * their state, and one sheet of each unit's part. It holds what the caller may see.
 */
export async function ledgerWorkbook(db: Db, actor: Actor, campaignId: string): Promise<{ name: string; bytes: Buffer }> {
  const { c, org } = await readableCampaign(db, actor, campaignId);
  const tasks = await visibleTasks(db, actor, campaignId, org, {});
  const at = now(db);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CitySafe 城安';
  wb.created = at;

  const sheet = wb.addWorksheet('任务台账', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.mergeCells('A1:J1');
  sheet.getCell('A1').value = `${c.title} 工作台账（${plan.shanghaiDateOf(at)}）`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.addRow(['序号', '板块', '主要目标任务', '责任单位', '完成时限', '时限起', '时限止', '状态', '进度(%)', '时限状态']);
  sheet.getRow(2).font = { bold: true };
  for (const { task: t } of tasks) {
    sheet.addRow([
      t.seq,
      t.sectionTitle,
      t.content,
      t.responsibleText,
      t.deadline.text,
      t.deadline.start ?? '',
      t.deadline.end ?? '',
      statusLabel[t.status],
      t.percent,
      deadlineLabel[t.deadlineState],
    ]);
  }
  sheet.columns.forEach((col, i) => {
    col.width = [6, 22, 60, 30, 18, 12, 12, 10, 9, 10][i];
    col.alignment = { vertical: 'top', wrapText: true };
  });

  const parts = wb.addWorksheet('责任单位进展', { views: [{ state: 'frozen', ySplit: 1 }] });
  parts.addRow(['序号', '责任单位', '对接联系单位', '状态', '进度(%)', '时限止', '延期至', '时限状态', '最近报送']);
  parts.getRow(1).font = { bold: true };
  for (const { task: t, parts: units } of tasks) {
    for (const a of units) {
      parts.addRow([
        t.seq,
        a.orgName,
        a.viaOrgName ?? '',
        statusLabel[a.status],
        a.percent,
        a.deadlineEnd ?? '',
        a.extendedTo ?? '',
        deadlineLabel[a.deadlineState],
        a.lastReportAt ? plan.shanghaiDateOf(new Date(a.lastReportAt)) : '',
      ]);
    }
  }
  parts.columns.forEach((col, i) => {
    col.width = [6, 18, 14, 10, 9, 12, 12, 10, 12][i];
  });
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { name: `${c.title}-工作台账.xlsx`, bytes };
}
