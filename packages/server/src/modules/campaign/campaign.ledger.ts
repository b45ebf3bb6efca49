import { campaign as plan } from '@citysafe/domain';
import { desc, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Actor } from '../../platform/actor.js';
import { type Db, now } from '../../platform/db.js';
import { files } from '../../platform/platform.tables.js';
import { readableCampaign, visibleTasks } from './campaign.service.js';
import { campaignReports } from './campaign.tables.js';

const statusLabel: Record<string, string> = {
  not_started: '未开始',
  in_progress: '推进中',
  submitted: '已报送',
  accepted: '已完成',
  returned: '已退回',
};
const deadlineLabel: Record<string, string> = { done: '已完成', overdue: '逾期', due_soon: '临期', on_track: '正常', unscheduled: '未定' };

/**
 * Each part's latest progress text (最近进展) and the names of every evidence file its reports carry (佐证材料),
 * in two queries whatever the number of parts.
 */
async function progressOf(db: Db, assignmentIds: string[]): Promise<Map<string, { text: string; evidence: string[] }>> {
  const result = new Map<string, { text: string; evidence: string[] }>();
  if (!assignmentIds.length) return result;
  const latest = await db
    .selectDistinctOn([campaignReports.assignmentId], { assignmentId: campaignReports.assignmentId, text: campaignReports.text })
    .from(campaignReports)
    .where(inArray(campaignReports.assignmentId, assignmentIds))
    .orderBy(campaignReports.assignmentId, desc(campaignReports.createdAt));
  for (const r of latest) result.set(r.assignmentId, { text: r.text, evidence: [] });
  const evidence = await db
    .select({ assignmentId: campaignReports.assignmentId, name: files.name })
    .from(campaignReports)
    .innerJoin(files, sql`${files.id} = any(${campaignReports.fileIds})`)
    .where(inArray(campaignReports.assignmentId, assignmentIds))
    .orderBy(campaignReports.createdAt, files.name);
  for (const r of evidence) {
    const names = result.get(r.assignmentId)?.evidence;
    if (names && !names.includes(r.name)) names.push(r.name);
  }
  return result;
}

/** A sheet as offices print it: A4 landscape, fitted to the page width, its header row on every page, filterable. */
function forPrint(sheet: ExcelJS.Worksheet, headerRow: number, columns: number): void {
  sheet.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${headerRow}:${headerRow}`,
  };
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns } };
}

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
  forPrint(sheet, 2, 10);

  // Each part beside its task's text (a sheet read alone must say what the task is), with what the unit last said
  // and the evidence it filed.
  const progress = await progressOf(
    db,
    tasks.flatMap((x) => x.parts.map((a) => a.id)),
  );
  const parts = wb.addWorksheet('责任单位进展', { views: [{ state: 'frozen', ySplit: 1 }] });
  parts.addRow([
    '序号',
    '主要目标任务',
    '责任单位',
    '对接联系单位',
    '状态',
    '进度(%)',
    '时限止',
    '延期至',
    '时限状态',
    '最近报送',
    '最近进展',
    '佐证材料',
  ]);
  parts.getRow(1).font = { bold: true };
  for (const { task: t, parts: units } of tasks) {
    for (const a of units) {
      const said = progress.get(a.id);
      parts.addRow([
        t.seq,
        t.content,
        a.orgName,
        a.viaOrgName ?? '',
        statusLabel[a.status],
        a.percent,
        a.deadlineEnd ?? '',
        a.extendedTo ?? '',
        deadlineLabel[a.deadlineState],
        a.lastReportAt ? plan.shanghaiDateOf(new Date(a.lastReportAt)) : '',
        said?.text ?? '',
        said?.evidence.join('\n') ?? '',
      ]);
    }
  }
  parts.columns.forEach((col, i) => {
    col.width = [6, 40, 18, 14, 10, 9, 12, 12, 10, 12, 40, 30][i];
    col.alignment = { vertical: 'top', wrapText: true };
  });
  forPrint(parts, 1, 12);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { name: `${c.title}-工作台账.xlsx`, bytes };
}
