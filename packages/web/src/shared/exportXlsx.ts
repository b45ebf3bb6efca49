import { saveBlob } from './files/files';

/** One column of an exported sheet. */
export interface XlsxColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
  /** Width in characters; Chinese text needs about two per character. */
  width?: number;
}

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Writes rows to an .xlsx file and hands it to the browser as a download (every list page can
 * export, architecture rule 9). exceljs is loaded only when someone exports.
 */
export async function exportXlsx<T>(fileName: string, sheetName: string, columns: XlsxColumn<T>[], rows: T[]): Promise<void> {
  const mod = await import('exceljs');
  // exceljs ships a UMD bundle for browsers: its exports arrive as the module's default.
  const ExcelJS = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width ?? 16 }));
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row) ?? ''));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];

  const buffer = await workbook.xlsx.writeBuffer();
  saveBlob(new Blob([buffer as ArrayBuffer], { type: xlsxType }), fileName.endsWith('.xlsx') ? fileName : `${fileName}.xlsx`);
}

/** Collects every page of a list (200 a page, the largest the API allows) for export. */
export async function fetchAllPages<T>(
  fetchPage: (page: number, pageSize: number) => Promise<{ items: T[]; total: number }>,
): Promise<T[]> {
  const pageSize = 200;
  const rows: T[] = [];
  for (let page = 1; ; page++) {
    const { items, total } = await fetchPage(page, pageSize);
    rows.push(...items);
    if (items.length < pageSize || rows.length >= total) return rows;
  }
}

/** Today's date as part of an export's file name, e.g. 用户列表_2025-01-31. */
export const dateStamp = (): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
