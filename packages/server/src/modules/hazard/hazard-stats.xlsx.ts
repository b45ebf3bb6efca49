import { hazard as rules, shanghaiDateOf } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Actor } from '../../platform/actor.js';
import { type Db, now, rows } from '../../platform/db.js';
import { figuresByCategoryAndLevel, sumFigures } from './hazard-stats.js';

type Figures = ReturnType<typeof sumFigures>;
const sum = sumFigures;

/** The columns of each level: 一般 has no 挂牌督办, 重大 adds 挂牌督办 and 销号. */
const generalColumns = ['排查数', '已整改', '按期整改', '按期整改率', '逾期未整改'] as const;
const majorColumns = ['排查数', '已整改', '按期整改', '按期整改率', '逾期未整改', '挂牌督办', '已销号', '销号率'] as const;
const generalCells = (f: Figures) => [f.found, f.rectified, f.rectifiedOnTime, f.onTimeRate, f.overdue];
const majorCells = (f: Figures) => [
  f.found,
  f.rectified,
  f.rectifiedOnTime,
  f.onTimeRate,
  f.overdue,
  f.listed,
  f.closedListed,
  f.closeRate,
];

/**
 * 隐患排查治理情况统计表 (16号令 Art. 14: quarterly and annual, signed by the unit's principal): one
 * row per category (and 未分类), 一般 and 重大 side by side, a 合计 row; the title, the reporting
 * unit (the caller's org, whose reach the figures cover), the period and the 负责人签字 line as on
 * the paper form. The rates are cells formatted as percentages; an empty rate means nothing to divide.
 */
export async function statisticsTable(
  db: Db,
  actor: Actor,
  table: { kind: 'quarterly'; year: number; quarter: 1 | 2 | 3 | 4 } | { kind: 'annual'; year: number },
): Promise<{ name: string; bytes: Buffer }> {
  const period = table.kind === 'quarterly' ? rules.quarterPeriod(table.year, table.quarter) : rules.yearPeriod(table.year);
  const byKey = await figuresByCategoryAndLevel(db, actor, period);
  const [unit] = actor.orgId ? await rows<{ name: string }>(db, sql`select name from orgs where id = ${actor.orgId}`) : [{ name: '' }];
  const at = now(db);
  const periodName = table.kind === 'quarterly' ? `${table.year}年第${table.quarter}季度` : `${table.year}年度`;
  const empty = sum([]);
  const categories = [...rules.hazardCategories.map((c) => ({ code: c.code as string, label: c.label.zh })), { code: '', label: '未分类' }];
  const lines = categories.map((c) => ({
    label: c.label,
    general: byKey.get(`${c.code}|一般`) ?? empty,
    major: byKey.get(`${c.code}|重大`) ?? empty,
  }));

  const wb = new ExcelJS.Workbook();
  wb.creator = 'CitySafe 城安';
  wb.created = at;
  const sheet = wb.addWorksheet(table.kind === 'quarterly' ? '季度统计表' : '年度统计表');
  const width = 1 + generalColumns.length + majorColumns.length;
  sheet.mergeCells(1, 1, 1, width);
  sheet.getCell(1, 1).value = `隐患排查治理情况统计表（${periodName}）`;
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, width);
  // Two ideographic spaces part the fields, as on the printed form.
  const gap = '\u3000\u3000';
  sheet.getCell(2, 1).value =
    `填报单位：${unit?.name ?? ''}${gap}统计期间：${period.from} 至 ${period.to}${gap}填报日期：${shanghaiDateOf(at)}`;
  sheet.mergeCells(3, 1, 4, 1);
  sheet.getCell(3, 1).value = '隐患类别';
  sheet.mergeCells(3, 2, 3, 1 + generalColumns.length);
  sheet.getCell(3, 2).value = '一般事故隐患';
  sheet.mergeCells(3, 2 + generalColumns.length, 3, width);
  sheet.getCell(3, 2 + generalColumns.length).value = '重大事故隐患';
  sheet.getRow(4).values = ['', ...generalColumns, ...majorColumns];
  for (const r of [3, 4]) {
    sheet.getRow(r).font = { bold: true };
    sheet.getRow(r).alignment = { horizontal: 'center', vertical: 'middle' };
  }
  const total = { label: '合计', general: sum(lines.map((l) => l.general)), major: sum(lines.map((l) => l.major)) };
  for (const line of [...lines, total]) {
    sheet.addRow([line.label, ...generalCells(line.general), ...majorCells(line.major)]);
  }
  sheet.lastRow!.font = { bold: true };
  const rateColumns = [1 + 4, 1 + generalColumns.length + 4, width];
  for (const c of rateColumns) sheet.getColumn(c).numFmt = '0.0%';
  sheet.addRow([]);
  sheet.addRow([
    '说明：已整改为期间内验收闭环或销号的隐患；按期整改率 = 按期整改 / 期间内闭环且有整改期限的隐患；逾期未整改按期末计；挂牌督办为期间内处于督办中的重大隐患，销号率 = 已销号 / 挂牌督办。',
  ]);
  sheet.mergeCells(sheet.lastRow!.number, 1, sheet.lastRow!.number, width);
  sheet.addRow([]);
  sheet.addRow(['单位负责人（签字）：', '', '', '', '填表人：', '', '', '', '联系电话：']);
  sheet.columns.forEach((col, i) => {
    col.width = i === 0 ? 16 : 10;
  });
  const name = table.kind === 'quarterly' ? `隐患统计表-${table.year}-Q${table.quarter}.xlsx` : `隐患统计表-${table.year}.xlsx`;
  return { name, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}
