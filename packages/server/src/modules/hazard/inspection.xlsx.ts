import { AppError, type api, bi, hazard as rules, shanghaiDateOf } from '@citysafe/domain';
import { inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { type Db, now } from '../../platform/db.js';
import { hazards } from './hazard.tables.js';
import { inspectionLedgerRows } from './inspection.service.js';
import { hazardInspectionItems as items } from './inspection.tables.js';

/** The most rows one export holds: past it the reader is asked to narrow the filters. */
export const INSPECTION_EXPORT_MAX_ROWS = 20_000;

const day = (d: Date | null): string => (d ? shanghaiDateOf(d) : '');

/**
 * 排查记录台账: one row per inspection the caller may read, with the list's filters and order — what was
 * inspected, by whom and when, how its checklist came out (passed, failed, not applicable, unanswered) and
 * the hazards its failed items registered, as offices keep the record in Excel.
 */
export async function inspectionLedgerWorkbook(
  db: Db,
  actor: Actor,
  q: z.output<typeof api.hazardInspections.exportInspections.query>,
): Promise<{ name: string; bytes: Buffer }> {
  const at = now(db);
  const today = shanghaiDateOf(at);
  const found = await inspectionLedgerRows(db, actor, q, INSPECTION_EXPORT_MAX_ROWS + 1);
  if (found.length > INSPECTION_EXPORT_MAX_ROWS) {
    throw new AppError(
      'RULE_VIOLATION',
      bi(
        `一次最多导出 ${INSPECTION_EXPORT_MAX_ROWS} 条，请缩小筛选范围`,
        `One export holds at most ${INSPECTION_EXPORT_MAX_ROWS} rows: narrow the filters`,
      ),
    );
  }
  const ids = found.map((r) => r.i.id);
  const outcomes =
    ids.length > 0
      ? await db
          .select({
            inspectionId: items.inspectionId,
            passed: sql<number>`count(*) filter (where ${items.result} = 'pass')::int`,
            na: sql<number>`count(*) filter (where ${items.result} = 'na')::int`,
            pending: sql<number>`count(*) filter (where ${items.result} = 'pending')::int`,
            hazardCodes: sql<
              string[]
            >`coalesce(array_agg(${hazards.code} order by ${items.position}) filter (where ${hazards.code} is not null), '{}')`,
          })
          .from(items)
          .leftJoin(hazards, sql`${hazards.id} = ${items.hazardId}`)
          .where(inArray(items.inspectionId, ids))
          .groupBy(items.inspectionId)
      : [];
  const byId = new Map(outcomes.map((o) => [o.inspectionId, o]));

  const wb = new ExcelJS.Workbook();
  wb.creator = 'CitySafe 城安';
  wb.created = at;
  const sheet = wb.addWorksheet('排查记录台账', { views: [{ state: 'frozen', ySplit: 2 }] });
  const columns: [string, number][] = [
    ['排查编号', 16],
    ['排查名称', 32],
    ['被检查单位', 24],
    ['场所', 20],
    ['街道', 12],
    ['排查单位', 16],
    ['排查人', 10],
    ['排查模板', 16],
    ['计划日期', 12],
    ['状态', 10],
    ['开始日期', 12],
    ['完成日期', 12],
    ['检查项', 8],
    ['合格', 8],
    ['不合格', 8],
    ['不适用', 8],
    ['未填写', 8],
    ['登记隐患', 30],
    ['排查结论', 30],
  ];
  sheet.mergeCells(1, 1, 1, columns.length);
  sheet.getCell('A1').value = `排查记录台账（${today}，共 ${found.length} 次）`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.addRow(columns.map(([title]) => title));
  sheet.getRow(2).font = { bold: true };
  for (const r of found) {
    const i = r.i;
    const o = byId.get(i.id);
    sheet.addRow([
      i.code,
      i.title,
      r.targetName ?? '',
      i.placeName ?? '',
      r.streetName ?? '',
      r.inspectorOrgName,
      r.inspectorName ?? '',
      i.templateCode ? (rules.inspectionTemplate(i.templateCode)?.name.zh ?? i.templateCode) : '',
      i.plannedOn,
      rules.inspectionWorkflow.states[i.status].label.zh,
      day(i.startedAt),
      day(i.completedAt),
      r.itemCount,
      o?.passed ?? 0,
      r.failedCount,
      o?.na ?? 0,
      o?.pending ?? 0,
      (o?.hazardCodes ?? []).join('、'),
      i.summary ?? '',
    ]);
  }
  sheet.columns.forEach((col, n) => {
    col.width = columns[n]![1];
  });
  return { name: `排查记录台账-${today}.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}
