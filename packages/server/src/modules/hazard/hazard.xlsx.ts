import { AppError, type api, bi, hazard as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, asc } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { type Db, now } from '../../platform/db.js';
import { searchCondition, sortOrder } from '../../platform/list.js';
import { isOverdue, joinedHazards } from './hazard.present.js';
import { hazardConditions, hazardSearch, hazardSortable } from './hazard.service.js';
import { hazards } from './hazard.tables.js';

/** The most rows one export holds: past it the reader is asked to narrow the filters. */
export const EXPORT_MAX_ROWS = 50_000;

const categoryLabel = (code: string | null): string =>
  code ? (rules.hazardCategories.find((c) => c.code === code)?.label.zh ?? code) : '';
const name = (o: { name: string; shortName: string | null } | null): string => (o ? o.shortName || o.name : '');
const day = (d: Date | null): string => (d ? shanghaiDateOf(d) : '');

/**
 * 隐患台账: one row per hazard the caller may see, with the list's filters and order, as offices keep the
 * ledger in Excel (found, where, level, who answers for it, the deadline, where it stands).
 */
export async function hazardLedgerWorkbook(
  db: Db,
  actor: Actor,
  q: z.output<typeof api.hazard.exportHazards.query>,
): Promise<{ name: string; bytes: Buffer }> {
  const at = now(db);
  const today = shanghaiDateOf(at);
  const found = await joinedHazards(db)
    .where(and(...hazardConditions(actor, today, q), searchCondition(q.q, hazardSearch)))
    .orderBy(sortOrder(hazardSortable, q.sort) ?? asc(hazards.code), asc(hazards.id))
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
  const sheet = wb.addWorksheet('隐患台账', { views: [{ state: 'frozen', ySplit: 2 }] });
  const columns: [string, number][] = [
    ['隐患编号', 16],
    ['隐患名称', 30],
    ['等级', 14],
    ['类别', 12],
    ['来源', 10],
    ['状态', 14],
    ['责任单位', 22],
    ['责任人', 10],
    ['联系电话', 14],
    ['监管部门', 14],
    ['街道', 10],
    ['社区', 12],
    ['网格', 16],
    ['地点', 22],
    ['发现时间', 12],
    ['整改期限', 12],
    ['督办期限', 12],
    ['是否逾期', 8],
    ['整改完成', 12],
    ['闭环/销号', 12],
    ['外部编号', 16],
    ['重复隐患', 16],
  ];
  sheet.mergeCells(1, 1, 1, columns.length);
  sheet.getCell('A1').value = `隐患台账（${today}，共 ${found.length} 项）`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.addRow(columns.map(([title]) => title));
  sheet.getRow(2).font = { bold: true };
  for (const j of found) {
    const h = j.h;
    sheet.addRow([
      h.code,
      h.title,
      rules.hazardLevelLabels[h.level].zh,
      categoryLabel(h.category),
      rules.hazardOriginLabels[h.origin].zh,
      rules.hazardWorkflow.states[h.status].label.zh,
      name(j.responsible),
      h.responsiblePerson ?? '',
      h.responsiblePhone ?? '',
      name(j.department),
      name(j.street),
      name(j.community),
      name(j.grid),
      h.placeName ?? '',
      day(h.foundAt),
      h.deadline ?? '',
      h.supervisionDeadline ?? '',
      isOverdue(h, today) ? '是' : '否',
      day(h.rectifiedAt),
      day(h.closedAt),
      h.externalId ?? '',
      j.earlier?.code ?? '',
    ]);
  }
  sheet.columns.forEach((col, i) => {
    col.width = columns[i]![1];
  });
  return { name: `隐患台账-${today}.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}
