import { type api, report as rules, shanghaiDateOf } from '@citysafe/domain';
import { and, asc } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { PassThrough, type Readable } from 'node:stream';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { type Db, now } from '../../platform/db.js';
import { searchCondition, sortOrder } from '../../platform/list.js';
import { joinedReports, reportConditions, reportSearch, reportSortable } from './report-handling.service.js';
import { reports } from './report.tables.js';

/** Rows read per query while the workbook streams: a page of the ledger, never the whole of it in memory. */
const BATCH = 1000;

const time = (d: Date | null): string =>
  d ? `${shanghaiDateOf(d)} ${d.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}` : '';

const columns: [string, number][] = [
  ['举报编号', 16],
  ['类别', 16],
  ['状态', 10],
  ['渠道', 12],
  ['实名/匿名', 10],
  ['接收时间', 20],
  ['受理时限', 20],
  ['受理时间', 20],
  ['办理时限', 20],
  ['是否延期', 10],
  ['是否逾期', 10],
  ['街道', 12],
  ['地点', 24],
  ['被举报单位', 22],
  ['承办单位', 18],
  ['办理结果', 14],
  ['转办单位', 18],
  ['办结时间', 20],
  ['举报内容', 60],
];

/**
 * 举报台账 as xlsx, streamed (standards.md §8: exports of tens of thousands of reports stream instead of failing): the
 * workbook is written row by row to the response while the rows are read a batch at a time, in the list's filters and
 * order, within the caller's reach. It says real-name or anonymous, never who: the identity is not in `reports`.
 */
export function reportLedgerStream(db: Db, actor: Actor, q: z.output<typeof api.reportHandling.exportReports.query>): Readable {
  const out = new PassThrough();
  const at = now(db);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  wb.creator = 'CitySafe 城安';
  const sheet = wb.addWorksheet('举报台账');
  sheet.columns = columns.map(([header, width]) => ({ header, width }));
  const write = async () => {
    const where = and(...reportConditions(actor, at, q), searchCondition(q.q, reportSearch));
    const order = sortOrder(reportSortable, q.sort) ?? asc(reports.receivedAt);
    for (let offset = 0; ; offset += BATCH) {
      const batch = await joinedReports(db).where(where).orderBy(order, asc(reports.id)).limit(BATCH).offset(offset);
      for (const j of batch) {
        const r = j.r;
        sheet
          .addRow([
            r.code,
            j.category.nameZh,
            rules.reportWorkflow.states[r.status].label.zh,
            rules.reportChannelLabels[r.channel].zh,
            r.anonymous ? '匿名' : '实名',
            time(r.receivedAt),
            time(r.acceptDueAt),
            time(r.acceptedAt),
            time(rules.effectiveDueAt(r)),
            r.extendedUntil ? '是' : '否',
            rules.isOverdue(r, at) ? '是' : '否',
            j.street ? j.street.shortName || j.street.name : '',
            r.placeName ?? r.address ?? '',
            r.reportedOrgName ?? '',
            j.assigned ? j.assigned.shortName || j.assigned.name : '',
            r.outcome ? rules.reportOutcomeLabels[r.outcome].zh : '',
            r.transferredTo ?? '',
            time(r.closedAt),
            r.description,
          ])
          .commit();
      }
      if (batch.length < BATCH) break;
    }
    sheet.commit();
    await wb.commit();
  };
  write().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
