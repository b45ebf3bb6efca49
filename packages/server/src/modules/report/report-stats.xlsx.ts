import { type api, addCalendarDays } from '@citysafe/domain';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { type Db, now } from '../../platform/db.js';
import { reportStats } from './report-stats.service.js';

type StatsRow = z.infer<typeof api.reportHandling.reportStatsRow>;

const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const header = ['', '接收', '受理', '不予受理', '办结', '关闭-未解决', '按期办结', '逾期未办', '办结率', '按期办结率'];
const line = (name: string, r: Omit<StatsRow, 'key' | 'name'>) => [
  name,
  r.received,
  r.accepted,
  r.refused,
  r.closed,
  r.unresolved,
  r.onTime,
  r.overdueOpen,
  percent(r.closureRate),
  percent(r.onTimeRate),
];

/** The last day of a month `YYYY-MM`. */
const lastDay = (month: string): string => addCalendarDays(`${nextMonth(month)}-01`, -1);
const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/**
 * 举报办理月报: the month's figures (办结率 = 办结 ÷ 受理, 关闭-未解决 apart, 按期办结率 its own figure) in one sheet per
 * grouping — total, by category, by street, by unit — within the caller's reach. No identity: only counts.
 */
export async function reportMonthlyWorkbook(db: Db, actor: Actor, month: string): Promise<{ name: string; bytes: Buffer }> {
  const stats = await reportStats(db, actor, { from: `${month}-01`, to: lastDay(month) });
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CitySafe 城安';
  wb.created = now(db);
  const sheets: [string, StatsRow[]][] = [
    ['按类别', stats.byCategory],
    ['按街道', stats.byStreet],
    ['按承办单位', stats.byUnit],
  ];
  const summary = wb.addWorksheet('汇总');
  summary.addRow([`${month} 举报办理月报`]).font = { bold: true, size: 14 };
  summary.addRow(['办结率 = 本期受理举报中已办结（不含关闭-未解决）的件数 ÷ 本期受理件数；按期办结率 = 按期办结件数 ÷ 办结件数']);
  summary.addRow(header).font = { bold: true };
  summary.addRow(line('合计', stats.total));
  summary.addRow([]);
  summary.addRow(['已发放奖励', stats.rewards.paidCount, '金额（元）', stats.rewards.paidAmount]);
  summary.getColumn(1).width = 18;
  for (const [title, rowsOf] of sheets) {
    const sheet = wb.addWorksheet(title);
    sheet.addRow(header).font = { bold: true };
    for (const r of rowsOf) sheet.addRow(line(r.name.zh, r));
    sheet.getColumn(1).width = 24;
  }
  return { name: `举报办理月报-${month}.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}
