import { AppError, type api, bi, monitoring as rules, shanghaiDateOf } from '@citysafe/domain';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { type Db, now } from '../../platform/db.js';
import { alarmsForExport } from './alarm.service.js';

/** The most rows one export holds: past it the reader is asked to narrow the filters. */
export const EXPORT_MAX_ROWS = 50_000;

const minute = (iso: string | null): string =>
  iso ? new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso)) : '';

/** 报警记录: one row per alarm the caller may see, with the list's filters, newest first. */
export async function alarmWorkbook(
  db: Db,
  actor: Actor,
  q: z.output<typeof api.monitoringAlarms.exportAlarms.query>,
): Promise<{ name: string; bytes: Buffer }> {
  const at = now(db);
  const today = shanghaiDateOf(at);
  const found = await alarmsForExport(db, actor, q, EXPORT_MAX_ROWS + 1);
  if (found.length > EXPORT_MAX_ROWS) {
    throw new AppError(
      'RULE_VIOLATION',
      bi(`一次最多导出 ${EXPORT_MAX_ROWS} 条，请缩小筛选范围`, `One export holds at most ${EXPORT_MAX_ROWS} rows: narrow the filters`),
    );
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CitySafe 城安';
  wb.created = at;
  const sheet = wb.addWorksheet('报警记录', { views: [{ state: 'frozen', ySplit: 2 }] });
  const columns: [string, number][] = [
    ['报警编号', 16],
    ['级别', 12],
    ['状态', 12],
    ['设备编码', 16],
    ['设备名称', 24],
    ['责任单位', 24],
    ['街道', 12],
    ['位置', 24],
    ['指标', 12],
    ['首次值', 10],
    ['最新值', 10],
    ['阈值', 10],
    ['单位', 8],
    ['次数', 6],
    ['首次报警', 17],
    ['最近报警', 17],
    ['恢复正常', 17],
    ['确认时间', 17],
    ['升级次数', 8],
    ['处置单位', 20],
    ['处置期限', 17],
    ['隐患编号', 16],
    ['关闭时间', 17],
  ];
  sheet.mergeCells(1, 1, 1, columns.length);
  sheet.getCell('A1').value = `报警记录（${today}，共 ${found.length} 条）`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.addRow(columns.map(([title]) => title));
  sheet.getRow(2).font = { bold: true };
  for (const a of found) {
    sheet.addRow([
      a.code,
      rules.alarmLevelInfo[a.level].label.zh,
      rules.alarmWorkflow.states[a.status].label.zh,
      a.deviceCode,
      a.deviceName,
      a.orgName,
      a.streetName ?? '',
      a.placeName ?? '',
      a.metric,
      a.firstValue,
      a.lastValue,
      a.threshold ?? '',
      a.unit ?? '',
      a.count,
      minute(a.raisedAt),
      minute(a.lastRaisedAt),
      minute(a.clearedAt),
      minute(a.acknowledgedAt),
      a.escalationLevel,
      a.dispatchOrgName ?? '',
      minute(a.dispatchDeadline),
      a.hazardCode ?? '',
      minute(a.closedAt),
    ]);
  }
  sheet.columns.forEach((col, n) => {
    col.width = columns[n]![1];
  });
  return { name: `报警记录-${today}.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}
