import { type api, majorHazard as mh, shanghaiDateOf } from '@citysafe/domain';
import { asc, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { type Db, now } from '../../platform/db.js';
import { allInstallations } from './major-hazard.service.js';
import { majorHazardInventory } from './major-hazard.tables.js';

type Filters = z.infer<typeof api.majorHazard.installationsXlsx.query>;
type Person = api.majorHazard.ResponsiblePersons['main'];

/** The columns of 重大危险源辨识分级一览表, in order, with their widths. */
export const tableColumns: readonly { header: string; width: number }[] = [
  { header: '序号', width: 6 },
  { header: '企业名称', width: 26 },
  { header: '重大危险源名称', width: 22 },
  { header: '单元类型', width: 10 },
  { header: '所在街道', width: 12 },
  { header: '社区', width: 12 },
  { header: '网格', width: 16 },
  { header: '危险物质及最大储存（在线）量', width: 40 },
  { header: 'S（Σq/Q）', width: 10 },
  { header: '暴露人数（500 m 内）', width: 10 },
  { header: 'α', width: 6 },
  { header: 'R', width: 10 },
  { header: '级别', width: 8 },
  { header: '状态', width: 12 },
  { header: '申报日期', width: 12 },
  { header: '登记备案日期', width: 12 },
  { header: '备案编号', width: 22 },
  { header: '主要负责人', width: 24 },
  { header: '技术负责人', width: 24 },
  { header: '操作负责人', width: 24 },
  { header: '经度', width: 11 },
  { header: '纬度', width: 11 },
];

const person = (p: Person): string => (p ? `${p.name}（${p.post}）${p.phone}` : '');

/**
 * 重大危险源辨识分级一览表: one row per unit the caller may read (the list's filters), the inventory
 * written out as `物质 q t` per substance; grades as 一级…四级, units that are not a major hazard as 不构成.
 */
export async function installationsWorkbook(db: Db, actor: Actor, filters: Filters): Promise<{ name: string; bytes: Buffer }> {
  const items = await allInstallations(db, actor, filters);
  const inventory =
    items.length === 0
      ? []
      : await db
          .select()
          .from(majorHazardInventory)
          .where(
            inArray(
              majorHazardInventory.installationId,
              items.map((i) => i.id),
            ),
          )
          .orderBy(asc(majorHazardInventory.seq));
  const byInstallation = new Map<string, typeof inventory>();
  for (const row of inventory) byInstallation.set(row.installationId, [...(byInstallation.get(row.installationId) ?? []), row]);
  const at = now(db);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CitySafe 城安';
  wb.created = at;
  const sheet = wb.addWorksheet('重大危险源辨识分级一览表', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.mergeCells(1, 1, 1, tableColumns.length);
  sheet.getCell('A1').value = `重大危险源辨识分级一览表（${shanghaiDateOf(at)}，GB 18218-2018）`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.addRow(tableColumns.map((c) => c.header));
  sheet.getRow(2).font = { bold: true };
  items.forEach((i, index) => {
    const substances = (byInstallation.get(i.id) ?? []).map((s) => `${s.substanceName} ${s.quantityTonnes} t`).join('；');
    sheet.addRow([
      index + 1,
      i.orgName,
      i.name,
      mh.unitKindLabels[i.unitKind].zh,
      i.streetName ?? '',
      i.communityName ?? '',
      i.gridName ?? '',
      substances,
      i.s,
      i.exposedPopulation,
      i.alpha,
      i.r ?? '',
      i.grade ? mh.gradeLabels[i.grade as 1 | 2 | 3 | 4].zh : '不构成',
      mh.installationWorkflow.states[i.status].label.zh,
      i.declaredOn ?? '',
      i.registeredOn ?? '',
      i.registrationNo ?? '',
      person(i.responsible.main),
      person(i.responsible.technical),
      person(i.responsible.operational),
      i.location[0],
      i.location[1],
    ]);
  });
  sheet.columns.forEach((col, index) => {
    col.width = tableColumns[index]!.width;
    col.alignment = { vertical: 'top', wrapText: true };
  });
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { name: `重大危险源辨识分级一览表-${shanghaiDateOf(at)}.xlsx`, bytes };
}
