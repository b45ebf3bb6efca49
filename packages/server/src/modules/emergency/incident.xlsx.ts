import { AppError, type api, bi, emergency as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, desc } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { type Db, now } from '../../platform/db.js';
import { searchCondition, sortOrder } from '../../platform/list.js';
import { joinedIncidents, orgName } from './incident.present.js';
import { incidentConditions, incidentSearch, incidentSortable } from './incident.service.js';
import { incidents } from './incident.tables.js';

/** The most rows one export holds: past it the reader is asked to narrow the filters. */
export const EXPORT_MAX_ROWS = 50_000;

const minute = (d: Date): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(d);

/** 事故台账: one row per incident the caller may see, with the list's filters and order. */
export async function incidentLedgerWorkbook(
  db: Db,
  actor: Actor,
  q: z.output<typeof api.emergency.exportIncidents.query>,
): Promise<{ name: string; bytes: Buffer }> {
  const at = now(db);
  const today = shanghaiDateOf(at);
  const found = await joinedIncidents(db)
    .where(and(...incidentConditions(actor, q), searchCondition(q.q, incidentSearch)))
    .orderBy(sortOrder(incidentSortable, q.sort) ?? desc(incidents.occurredAt), incidents.id)
    .limit(EXPORT_MAX_ROWS + 1);
  if (found.length > EXPORT_MAX_ROWS) {
    throw new AppError(
      'RULE_VIOLATION',
      bi(`一次最多导出 ${EXPORT_MAX_ROWS} 条，请缩小筛选范围`, `One export holds at most ${EXPORT_MAX_ROWS} rows: narrow the filters`),
    );
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CitySafe 城安';
  wb.created = at;
  const sheet = wb.addWorksheet('事故台账', { views: [{ state: 'frozen', ySplit: 2 }] });
  const columns: [string, number][] = [
    ['事故编号', 14],
    ['事故名称', 30],
    ['类别', 14],
    ['等级', 10],
    ['状态', 12],
    ['发生时间', 17],
    ['接报时间', 17],
    ['接报来源', 12],
    ['事故发生单位', 24],
    ['街道', 10],
    ['社区', 12],
    ['地点', 24],
    ['死亡', 6],
    ['失踪', 6],
    ['重伤', 6],
    ['轻伤', 6],
    ['直接经济损失（万元）', 12],
  ];
  sheet.mergeCells(1, 1, 1, columns.length);
  sheet.getCell('A1').value = `事故台账（${today}，共 ${found.length} 起）`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.addRow(columns.map(([title]) => title));
  sheet.getRow(2).font = { bold: true };
  for (const j of found) {
    const i = j.i;
    sheet.addRow([
      i.code,
      i.title,
      rules.incidentCategoryLabels[i.category].zh,
      i.grade,
      rules.incidentWorkflow.states[i.status].label.zh,
      minute(i.occurredAt),
      minute(i.learnedAt),
      rules.incidentOriginLabels[i.origin].zh,
      i.unitName ?? (j.unit ? orgName(j.unit) : ''),
      j.street ? orgName(j.street) : '',
      j.community ? orgName(j.community) : '',
      i.placeName ?? '',
      i.deaths,
      i.missing,
      i.seriousInjuries,
      i.minorInjuries,
      i.directLossWan,
    ]);
  }
  sheet.columns.forEach((col, n) => {
    col.width = columns[n]![1];
  });
  return { name: `事故台账-${today}.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}
