import { AppError, type api, bi, risk as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, asc, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { type Db, now } from '../../platform/db.js';
import { searchCondition, sortOrder } from '../../platform/list.js';
import { orgs } from '../identity/index.js';
import { sourceConditions, sourceSortable } from './risk.service.js';
import { riskSources } from './risk.tables.js';

/** The most rows one export holds: past it the reader is asked to narrow the filters. */
export const EXPORT_MAX_ROWS = 50_000;

export const categoryLabel = (code: string): string => rules.riskCategories.find((c) => c.code === code)?.label.zh ?? code;
export const levelLabel = (level: rules.RiskLevel | null): string => (level ? rules.riskLevelInfo[level].label.zh : '未评估');
const colorLabel: Record<rules.RiskColor, string> = { red: '红', orange: '橙', yellow: '黄', blue: '蓝' };
const statusLabel = (s: rules.RiskSourceStatus): string => rules.riskSourceWorkflow.states[s].label.zh;

const street = alias(orgs, 'street');
const community = alias(orgs, 'community');
const grid = alias(orgs, 'grid');
const name = (o: { name: AnyPgColumn; shortName: AnyPgColumn }) => sql<string | null>`coalesce(${o.shortName}, ${o.name})`;

/**
 * 风险清单: the registry as offices keep it in Excel, one row per source the caller may see, with the
 * list's filters and order; the location as the longitude/latitude of a point on the geometry.
 */
export async function registryWorkbook(
  db: Db,
  actor: Actor,
  q: z.output<typeof api.risk.exportSources.query>,
): Promise<{ name: string; bytes: Buffer }> {
  const where = and(
    ...sourceConditions(actor, q),
    searchCondition(q.q, [riskSources.name, riskSources.code, riskSources.address, orgs.name]),
  );
  const found = await db
    .select({
      code: riskSources.code,
      name: riskSources.name,
      category: riskSources.category,
      org: name(orgs),
      street: name(street),
      community: name(community),
      grid: name(grid),
      address: riskSources.address,
      responsiblePerson: riskSources.responsiblePerson,
      responsiblePhone: riskSources.responsiblePhone,
      assessedLevel: riskSources.assessedLevel,
      level: riskSources.level,
      status: riskSources.status,
      confirmedAt: riskSources.locationConfirmedAt,
      lon: sql<number>`ST_X(ST_PointOnSurface(${riskSources.geom}))`.mapWith(Number),
      lat: sql<number>`ST_Y(ST_PointOnSurface(${riskSources.geom}))`.mapWith(Number),
      geometryType: sql<string>`GeometryType(${riskSources.geom})`,
      measures: sql<number>`(select count(*)::int from risk_control_measures m where m.source_id = ${riskSources.id})`,
      updatedAt: riskSources.updatedAt,
    })
    .from(riskSources)
    .innerJoin(orgs, sql`${orgs.id} = ${riskSources.orgId}`)
    .leftJoin(street, sql`${street.id} = ${riskSources.streetId}`)
    .leftJoin(community, sql`${community.id} = ${riskSources.communityId}`)
    .leftJoin(grid, sql`${grid.id} = ${riskSources.gridId}`)
    .where(where)
    .orderBy(sortOrder(sourceSortable, q.sort) ?? asc(riskSources.code), asc(riskSources.id))
    .limit(EXPORT_MAX_ROWS + 1);
  if (found.length > EXPORT_MAX_ROWS) {
    throw new AppError(
      'RULE_VIOLATION',
      bi(`一次最多导出 ${EXPORT_MAX_ROWS} 条，请缩小筛选范围`, `One export holds at most ${EXPORT_MAX_ROWS} rows: narrow the filters`),
    );
  }

  const at = now(db);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CitySafe 城安';
  wb.created = at;
  const sheet = wb.addWorksheet('风险清单', { views: [{ state: 'frozen', ySplit: 2 }] });
  const header = [
    '编码',
    '名称',
    '类别',
    '责任单位',
    '街道',
    '社区',
    '网格',
    '地址',
    '责任人',
    '联系电话',
    '评估等级',
    '当前等级',
    '颜色',
    '状态',
    '位置确认',
    '经度',
    '纬度',
    '几何类型',
    '管控措施数',
    '更新日期',
  ];
  sheet.mergeCells(1, 1, 1, header.length);
  sheet.getCell('A1').value = `风险清单（${shanghaiDateOf(at)}，共 ${found.length} 项）`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.addRow(header);
  sheet.getRow(2).font = { bold: true };
  for (const r of found) {
    sheet.addRow([
      r.code,
      r.name,
      categoryLabel(r.category),
      r.org,
      r.street ?? '',
      r.community ?? '',
      r.grid ?? '',
      r.address ?? '',
      r.responsiblePerson ?? '',
      r.responsiblePhone ?? '',
      levelLabel(r.assessedLevel),
      levelLabel(r.level),
      r.level ? colorLabel[rules.riskLevelInfo[r.level].color] : '',
      statusLabel(r.status),
      r.confirmedAt ? shanghaiDateOf(r.confirmedAt) : '未确认',
      Number(r.lon.toFixed(6)),
      Number(r.lat.toFixed(6)),
      r.geometryType,
      r.measures,
      shanghaiDateOf(r.updatedAt),
    ]);
  }
  sheet.columns.forEach((col, i) => {
    col.width = [14, 30, 16, 20, 10, 12, 16, 24, 10, 14, 10, 10, 6, 8, 12, 12, 12, 12, 10, 12][i];
  });
  return { name: `风险清单-${shanghaiDateOf(at)}.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}
