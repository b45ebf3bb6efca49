import { AppError, api, type Bilingual, bi, risk as rules, shanghaiDateOf } from '@citysafe/domain';
import { inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { type Actor, scopeCondition } from '../../platform/actor.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { type CellValue, readSheet } from '../../platform/sheet.js';
import { orgs } from '../identity/index.js';
import { insertAssessment, insertSource, type NewSource } from './risk.service.js';

/** The sheet the template writes and the import reads. */
export const IMPORT_SHEET = '风险源';
/** Rows one import takes: a street's or a department's census at a time; reading stops past it. */
export const IMPORT_MAX_ROWS = 2000;
/** Rows of the preview shown (the errors are all listed). */
const PREVIEW_ROWS = 200;

type Field =
  | 'name'
  | 'category'
  | 'org'
  | 'lon'
  | 'lat'
  | 'geometry'
  | 'address'
  | 'responsiblePerson'
  | 'responsiblePhone'
  | 'description'
  | 'hazardFactors'
  | 'accidentTypes'
  | 'method'
  | 'L'
  | 'E'
  | 'C'
  | 'S'
  | 'level'
  | 'reason';

/** The template's columns in order; `*` marks the required ones. */
const columns: { field: Field; header: string; width: number; note?: string }[] = [
  { field: 'name', header: '名称*', width: 28 },
  { field: 'category', header: '类别*', width: 18, note: '见“代码表”' },
  { field: 'org', header: '责任单位*', width: 22, note: '单位全称、简称或编码' },
  { field: 'lon', header: '经度', width: 12, note: 'WGS-84，如 109.0689' },
  { field: 'lat', header: '纬度', width: 12, note: 'WGS-84，如 34.3905' },
  { field: 'geometry', header: '位置GeoJSON', width: 24, note: '线或面时填写，代替经纬度' },
  { field: 'address', header: '地址', width: 24 },
  { field: 'responsiblePerson', header: '责任人', width: 10 },
  { field: 'responsiblePhone', header: '联系电话', width: 14 },
  { field: 'description', header: '风险描述', width: 30 },
  { field: 'hazardFactors', header: '危险有害因素', width: 16, note: 'GB/T 13861 类别代码，顿号分隔' },
  { field: 'accidentTypes', header: '事故类型', width: 20, note: 'GB 6441 名称或代码，顿号分隔' },
  { field: 'method', header: '评估方法', width: 10, note: 'LEC、LS 或 直接判定' },
  { field: 'L', header: 'L', width: 6 },
  { field: 'E', header: 'E', width: 6 },
  { field: 'C', header: 'C', width: 6 },
  { field: 'S', header: 'S', width: 6 },
  { field: 'level', header: '直接判定等级', width: 12, note: '重大、较大、一般、低' },
  { field: 'reason', header: '评估理由', width: 24 },
];
const baseHeader = (h: string) => h.replace(/[*＊\s]/g, '');

const levelByName = new Map<string, rules.RiskLevel>(
  rules.riskLevels.flatMap((l) => [
    [rules.riskLevelShortZh[l], l],
    [rules.riskLevelInfo[l].label.zh, l],
    [l, l],
  ]),
);

/** The downloadable template: the columns with their notes, an example row, and the codes on a second sheet. */
export async function importTemplate(db: Db): Promise<{ name: string; bytes: Buffer }> {
  const day = shanghaiDateOf(now(db));
  const edition = rules.accidentTypeEditionOn(day);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CitySafe 城安';
  const sheet = wb.addWorksheet(IMPORT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(columns.map((c) => c.header));
  sheet.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width;
    if (c.note) sheet.getCell(1, i + 1).note = c.note;
  });
  sheet.addRow([
    '示例：1号甲类仓库（删除本行后填写）',
    rules.riskCategories[0].label.zh,
    '西安港安化工仓储有限公司',
    109.0512,
    34.3521,
    '',
    '港务区示例路 1 号',
    '吴强',
    '029-00000000',
    '储存甲类危险化学品',
    '22、21',
    edition.types.find((t) => t.label.zh === '火灾')?.label.zh ?? '',
    'LEC',
    3,
    6,
    15,
    '',
    '',
    '',
  ]);
  const rows = IMPORT_MAX_ROWS + 1;
  const listOf = (column: number, formula: string) => {
    for (let r = 2; r <= rows; r++) sheet.getCell(r, column).dataValidation = { type: 'list', allowBlank: true, formulae: [formula] };
  };
  listOf(2, `代码表!$A$2:$A$${rules.riskCategories.length + 1}`);
  listOf(13, '"LEC,LS,直接判定"');
  listOf(18, '"重大,较大,一般,低"');

  const codes = wb.addWorksheet('代码表');
  codes.addRow(['类别', '类别代码', '', '危险有害因素代码', '名称', '', `事故类型（${edition.standard}）`, '名称']);
  codes.getRow(1).font = { bold: true };
  const height = Math.max(rules.riskCategories.length, rules.hazardFactorClasses.length, edition.types.length);
  for (let i = 0; i < height; i++) {
    const c = rules.riskCategories[i];
    const h = rules.hazardFactorClasses[i];
    const t = edition.types[i];
    codes.addRow([c?.label.zh ?? '', c?.code ?? '', '', h?.code ?? '', h?.label.zh ?? '', '', t?.code ?? '', t?.label.zh ?? '']);
  }
  codes.columns.forEach((col, i) => {
    col.width = [34, 20, 2, 16, 30, 2, 22, 24][i];
  });
  const help = wb.addWorksheet('填写说明');
  for (const line of [
    '1. 每行一个风险源；带 * 的列必填。位置填经纬度（WGS-84）或 GeoJSON（线、面）。',
    '2. 街道、社区、网格由位置自动计算，不需填写。',
    `3. 事故类型按 ${edition.standard}（${edition.source.title}）。危险有害因素按 ${rules.hazardFactorSource.title}。`,
    '4. 评估可选：LEC 填 L、E、C；LS 填 L、S（1–5）；直接判定填等级和理由。',
    '5. 先上传预检：有错误的行会列出行号、列和原因；确认后可只导入正确的行。',
  ])
    help.addRow([line]);
  help.getColumn(1).width = 100;
  return { name: '风险源导入模板.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}

type ReportError = z.infer<typeof api.risk.importError>;
type AssessBody = z.output<typeof api.risk.assessSource.body>;

interface ParsedRow {
  row: number;
  name: string;
  category: string;
  orgName: string;
  source: NewSource | null;
  orgId: string | null;
  assessment: AssessBody | null;
  errors: ReportError[];
}

const splitList = (v: string): string[] =>
  v
    .split(/[,，、;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const columnName = (field: string): string => {
  const top = field.split('.')[0];
  const c = columns.find((col) => col.field === top);
  return c ? baseHeader(c.header) : field;
};

/** The orgs the caller may register for, by full name, short name and code (the 责任单位 column). */
async function registrableOrgs(tx: Tx, actor: Actor): Promise<Map<string, { id: string; name: string }>> {
  const found = await tx
    .select({ id: orgs.id, name: orgs.name, shortName: orgs.shortName, code: orgs.code })
    .from(orgs)
    .where(scopeCondition(actor, 'risk.register', orgs.id));
  const byName = new Map<string, { id: string; name: string }>();
  for (const o of found) for (const key of [o.name, o.shortName, o.code]) if (key) byName.set(key, { id: o.id, name: o.name });
  return byName;
}

/**
 * Reads and checks every row: the cells into a source (the contract's own schema, so the import
 * accepts exactly what the form does) and an optional assessment. Nothing is written.
 */
async function parseRows(platform: Platform, tx: Tx, actor: Actor, bytes: Buffer): Promise<ParsedRow[]> {
  const sheet = await readSheet(bytes, { sheet: IMPORT_SHEET, headerRows: 1, maxRows: IMPORT_MAX_ROWS }, platform.config.imports);
  const header = sheet.rows[0]?.number === 1 ? sheet.rows[0].cells : [];
  const at = new Map<Field, number>();
  for (const [col, value] of header) {
    const column = columns.find((c) => baseHeader(c.header) === baseHeader(String(value)));
    if (column && !at.has(column.field)) at.set(column.field, col);
  }
  const missing = ['name', 'category', 'org'].filter((f) => !at.has(f as Field)).map(columnName);
  if (missing.length > 0) {
    throw new AppError('VALIDATION', undefined, {
      fields: [{ field: 'file', message: bi(`第 1 行缺少列：${missing.join('、')}`, `Row 1 lacks the columns ${missing.join(', ')}`) }],
    });
  }
  const units = await registrableOrgs(tx, actor);
  const edition = rules.accidentTypeEditionOn(shanghaiDateOf(now(tx)));
  const parsed: ParsedRow[] = [];
  for (const { number: n, cells } of sheet.rows) {
    if (n === 1) continue;
    const row = new Map(cells);
    const raw = (field: Field): CellValue | '' => {
      const col = at.get(field);
      const v = col === undefined ? '' : row.get(col);
      return typeof v === 'number' ? v : (v ?? '').trim();
    };
    const text = (field: Field): string => String(raw(field)).trim();
    if ([...at.values()].every((col) => String(row.get(col) ?? '').trim() === '')) continue;
    const errors: ReportError[] = [];
    const bad = (field: string, message: Bilingual) => errors.push({ row: n, field: columnName(field), message });

    const categoryText = text('category');
    const category = rules.riskCategories.find((c) => c.code === categoryText || c.label.zh === categoryText)?.code;
    if (!categoryText) bad('category', bi('请填写类别', 'Category required'));
    else if (!category) bad('category', bi(`类别“${categoryText}”不在代码表中`, `Category “${categoryText}” is not in the code list`));

    const orgText = text('org');
    const org = units.get(orgText);
    if (!orgText) bad('org', bi('请填写责任单位', 'Responsible unit required'));
    else if (!org)
      bad('org', bi(`责任单位“${orgText}”不存在或不在您的管辖范围内`, `Unit “${orgText}” does not exist or is outside your reach`));

    let geometry: unknown = null;
    const geoText = text('geometry');
    if (geoText) {
      try {
        geometry = JSON.parse(geoText);
      } catch {
        bad('geometry', bi('位置GeoJSON 不是有效的 JSON', 'The GeoJSON is not valid JSON'));
      }
    } else if (raw('lon') !== '' || raw('lat') !== '') {
      geometry = { type: 'Point', coordinates: [Number(raw('lon')), Number(raw('lat'))] };
    } else {
      bad('lon', bi('请填写经纬度或位置GeoJSON', 'Give the longitude and latitude, or a GeoJSON'));
    }

    const accidentTypes = splitList(text('accidentTypes')).map(
      (v) => edition.types.find((t) => t.code === v || t.label.zh === v)?.code ?? v,
    );
    const hazardFactors = splitList(text('hazardFactors')).map(
      (v) => rules.hazardFactorClasses.find((h) => h.code === v || h.label.zh === v)?.code ?? v,
    );
    const candidate = {
      name: text('name'),
      category: category ?? rules.riskCategories[0].code,
      geometry: geometry ?? { type: 'Point', coordinates: [0, 0] },
      address: text('address') || null,
      orgId: org?.id,
      responsiblePerson: text('responsiblePerson') || null,
      responsiblePhone: text('responsiblePhone') || null,
      description: text('description') || null,
      hazardFactors,
      accidentTypes,
    };
    const checked = api.risk.sourceInput.safeParse(candidate);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const path = issue.path.map(String);
        const field = path[0] === 'geometry' ? (geoText ? 'geometry' : path.at(-1) === '1' ? 'lat' : 'lon') : (path[0] ?? 'name');
        bad(field, bi(issue.message, issue.message));
      }
    }
    accidentTypes.forEach((code) => {
      if (!edition.types.some((t) => t.code === code))
        bad('accidentTypes', bi(`${edition.standard} 中没有事故类型“${code}”`, `${edition.standard} has no accident type “${code}”`));
    });

    let assessment: AssessBody | null = null;
    const methodText = text('method').toUpperCase();
    if (methodText) {
      const method = methodText === 'LEC' ? 'lec' : methodText === 'LS' ? 'ls' : methodText === '直接判定' ? 'direct' : null;
      const num = (f: Field) => (raw(f) === '' ? undefined : Number(raw(f)));
      const body =
        method === 'lec'
          ? { method, L: num('L'), E: num('E'), C: num('C'), reason: text('reason') || undefined }
          : method === 'ls'
            ? { method, L: num('L'), S: num('S'), reason: text('reason') || undefined }
            : method === 'direct'
              ? { method, level: levelByName.get(text('level')), reason: text('reason') }
              : null;
      if (!body)
        bad('method', bi(`评估方法“${text('method')}”应为 LEC、LS 或 直接判定`, `Method “${text('method')}” is not LEC, LS or 直接判定`));
      else {
        const a = api.risk.assessSource.body.safeParse(body);
        if (a.success) assessment = a.data;
        else for (const issue of a.error.issues) bad(String(issue.path[0] ?? 'method'), bi(issue.message, issue.message));
      }
    }
    parsed.push({
      row: n,
      name: candidate.name,
      category: categoryText,
      orgName: org?.name ?? orgText,
      source: errors.length === 0 && checked.success ? checked.data : null,
      orgId: org?.id ?? null,
      assessment,
      errors,
    });
  }
  if (parsed.length === 0) {
    throw new AppError('VALIDATION', undefined, {
      fields: [{ field: 'file', message: bi('没有风险源数据行', 'The sheet has no rows of sources') }],
    });
  }
  return parsed;
}

function report(parsed: ParsedRow[], imported: number): z.infer<typeof api.risk.importReport> {
  return {
    total: parsed.length,
    valid: parsed.filter((p) => p.errors.length === 0).length,
    errors: parsed.flatMap((p) => p.errors),
    rows: parsed
      .slice(0, PREVIEW_ROWS)
      .map((p) => ({ row: p.row, name: p.name, category: p.category, orgName: p.orgName, valid: p.errors.length === 0 })),
    imported,
  };
}

/** 导入预检: every row checked, every problem listed with its row and column; nothing saved. */
export async function previewImport(platform: Platform, actor: Actor, bytes: Buffer) {
  return report(await parseRows(platform, platform.db, actor, bytes), 0);
}

/**
 * Imports the rows of a checked sheet in one transaction. A file with a bad row imports nothing
 * (422 with the report in `details`) unless the caller chose to import the valid rows.
 */
export async function commitImport(platform: Platform, actor: Actor, bytes: Buffer, validOnly: boolean) {
  const parsed = await parseRows(platform, platform.db, actor, bytes);
  const checked = report(parsed, 0);
  if (checked.errors.length > 0 && !validOnly) {
    throw new AppError(
      'RULE_VIOLATION',
      bi(
        `有 ${checked.total - checked.valid} 行存在错误，未导入任何数据；请修改后重新上传，或选择只导入正确的行`,
        `${checked.total - checked.valid} rows have errors; nothing was imported. Correct them, or choose to import the valid rows`,
      ),
      { details: { report: checked } },
    );
  }
  const imported = await platform.db.transaction(async (tx) => {
    const ids = [...new Set(parsed.flatMap((p) => (p.source && p.orgId ? [p.orgId] : [])))];
    const units = new Map((ids.length ? await tx.select().from(orgs).where(inArray(orgs.id, ids)) : []).map((o) => [o.id, o]));
    let count = 0;
    for (const p of parsed) {
      const unit = p.orgId ? units.get(p.orgId) : undefined;
      if (!p.source || !unit) continue;
      const id = await insertSource(tx, actor, p.source, unit);
      if (p.assessment) await insertAssessment(tx, actor, id, p.assessment);
      count++;
    }
    return count;
  });
  return { ...checked, imported };
}
