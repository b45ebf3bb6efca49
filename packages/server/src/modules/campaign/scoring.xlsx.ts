import { AppError, type api, bi, campaign as plan, type FieldError } from '@citysafe/domain';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { type CellValue, type ImportLimits, readSheet } from '../../platform/sheet.js';

const { formatPoints, parsePoints, scoringConfidences, scoringKindLabels } = plan;
type Scoring = z.infer<typeof api.campaignScoring.scoring>;

export const SCORING_SHEET = '评分细则';
const MAX_ROWS = 2000;

/**
 * The columns of the importable sheet. On import a header is matched by its text before any
 * bracket, so "类型(评分项/鼓励项/否决项)" and "类型" are the same column, and columns may be
 * in any order.
 */
const columns = [
  { field: 'code', header: '编码', width: 8, required: true },
  { field: 'parentCode', header: '上级编码', width: 10, required: false },
  { field: 'name', header: '名称', width: 40, required: true },
  { field: 'kind', header: '类型(评分项/鼓励项/否决项)', width: 14, required: false },
  { field: 'fullScore', header: '分值', width: 8, required: true },
  { field: 'deductionPerFinding', header: '每处扣分', width: 10, required: false },
  { field: 'cap', header: '扣分上限', width: 10, required: false },
  { field: 'confidence', header: '可信度(V/P/U)', width: 12, required: false },
  { field: 'source', header: '依据', width: 70, required: false },
  { field: 'tasks', header: '关联任务', width: 16, required: false },
] as const satisfies readonly { field: plan.ScoringRowField; header: string; width: number; required: boolean }[];

const baseHeader = (text: string): string => text.replace(/\s/g, '').split(/[(（]/)[0]!;

const kindByLabel = new Map<string, plan.ScoringKind>(
  (Object.entries(scoringKindLabels) as [plan.ScoringKind, { zh: string; en: string }][]).flatMap(([kind, label]) => [
    [label.zh, kind],
    [kind, kind],
  ]),
);

/** Task numbers as written in a cell: "6、7", "6,7" or "6 7". */
const taskList = (seqs: readonly number[]): string => seqs.join('、');

/**
 * The tree as a workbook: the importable sheet (one row per item, parents before their lower
 * items, points as people write them), the current scores, and how to fill the sheet in.
 */
export async function writeScoringWorkbook(title: string, view: Scoring, at: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CitySafe 城安';
  wb.created = at;
  const codeOf = new Map(view.items.map((i) => [i.id, i.code]));
  const points = (centi: number | null) => (centi === null ? null : centi / 100);

  const sheet = wb.addWorksheet(SCORING_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(columns.map((c) => c.header));
  sheet.getRow(1).font = { bold: true };
  for (const i of view.items) {
    sheet.addRow([
      i.code,
      i.parentId ? (codeOf.get(i.parentId) ?? null) : null,
      i.name,
      scoringKindLabels[i.kind].zh,
      i.kind === 'veto' ? null : points(i.fullScoreCenti),
      points(i.deductionPerFindingCenti),
      points(i.capCenti),
      i.confidence,
      i.source,
      // Text, so that one task number is not turned into a number cell and back.
      taskList(i.taskSeqs),
    ]);
  }
  sheet.columns.forEach((col, n) => {
    col.width = columns[n]!.width;
    col.alignment = { vertical: 'top', wrapText: true };
  });

  const scores = wb.addWorksheet('自评得分', { views: [{ state: 'frozen', ySplit: 2 }] });
  scores.mergeCells('A1:N1');
  scores.getCell('A1').value = `${title} 自评得分（${plan.shanghaiDateOf(at)}）`;
  scores.getCell('A1').font = { bold: true, size: 14 };
  // 扣分后可得 is full marks less the open findings, an upper bound; 已佐证得分 is what the accepted, evidenced parts earn.
  scores.addRow([
    '编码',
    '名称',
    '类型',
    '分值',
    '扣分',
    '扣分后可得',
    '已佐证得分',
    '预估得分',
    '风险扣分',
    '佐证状态',
    '原因',
    '未销号扣分记录',
    '佐证资料数',
    '可信度',
  ]);
  scores.getRow(2).font = { bold: true };
  for (const i of view.items) {
    const r = i.result;
    scores.addRow([
      `${'　'.repeat(i.depth)}${i.code}`,
      i.name,
      scoringKindLabels[i.kind].zh,
      i.kind === 'veto' ? '' : formatPoints(r.fullCenti),
      i.kind === 'item' ? formatPoints(r.deductedCenti) : '',
      i.kind === 'veto' ? (r.triggered ? '否决' : '') : formatPoints(r.scoreCenti),
      i.kind === 'veto' ? '' : formatPoints(i.support.supportedCenti),
      i.kind === 'veto' ? '' : formatPoints(i.support.estimatedCenti),
      i.kind === 'item' ? formatPoints(i.support.atRiskCenti) : '',
      i.kind === 'item' ? i.support.statusLabel.zh : '',
      i.kind === 'item' ? i.support.reason.zh : '',
      i.openFindings,
      i.evidenceFiles,
      i.confidence,
    ]);
  }
  const t = view.totals;
  scores.addRow([]);
  scores.addRow([
    '',
    '总分',
    '',
    formatPoints(t.fullCenti),
    formatPoints(t.fullCenti - t.scoreCenti),
    formatPoints(t.scoreCenti),
    formatPoints(t.supportedCenti),
    formatPoints(t.estimatedCenti),
    formatPoints(t.atRiskCenti),
    t.unsupportedItems > 0 ? `未佐证 ${t.unsupportedItems} 项` : '',
  ]);
  scores.addRow(['', '鼓励项加分', '', formatPoints(t.bonusFullCenti), '', formatPoints(t.bonusCenti)]);
  scores.addRow(['', '否决', '', '', '', t.vetoed ? `是：${t.vetoReasons.map((v) => v.name).join('；')}` : '否']);
  scores.columns.forEach((col, n) => {
    col.width = [10, 40, 8, 8, 8, 10, 10, 8, 8, 8, 60, 14, 10, 8][n];
  });

  const help = wb.addWorksheet('填写说明');
  help.addRows([
    ['列', '说明'],
    ['编码', '本创建工作内唯一，如 一、1、(1)'],
    ['上级编码', '上级评分项的编码；一级项留空'],
    ['类型', '评分项（从满分扣减）、鼓励项（加分，单列）、否决项（有未销号记录即否决，不填分值）'],
    ['分值', '以分为单位，最多两位小数；下级项分值合计不得超过上级项'],
    ['每处扣分', '每发现一处扣减（鼓励项为每处加分）的分值；留空时每条扣分记录须自填分值'],
    ['扣分上限', '本项最多扣减（加分）的分值，留空即为本项分值'],
    ['可信度', 'V 已核实原文；P 部分核实（非官方来源）；U 未核实。P、U 项须对照官方文本核对'],
    ['依据', '文件名称、文号与条款，如《国家安全发展示范城市评分标准(2019版)》(安委办〔2020〕2号)'],
    ['关联任务', '任务分解表中的序号，用顿号或逗号分隔'],
  ]);
  help.getRow(1).font = { bold: true };
  help.getColumn(1).width = 12;
  help.getColumn(2).width = 90;

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One row read from the sheet, with its Excel row number for error messages. */
export interface ImportedScoringRow extends plan.ScoringRow {
  rowNumber: number;
  confidence: plan.ScoringConfidence;
  source: string | null;
  taskSeqs: number[];
}

const cellValue = (value: CellValue | undefined): CellValue => (typeof value === 'number' ? value : (value ?? '').trim());

/**
 * Reads an uploaded workbook into rows (the upload is xlsx by content: the import endpoint accepts
 * nothing else). The sheet is read streaming in the import worker within `limits` (`readSheet`):
 * 413 for a zip bomb or more than `MAX_ROWS` rows, found before the rest is read; 400 for an
 * unreadable file or missing columns, and 400 listing every bad cell as `rows.<Excel row>.<field>`.
 */
export async function readScoringWorkbook(bytes: Buffer, limits: ImportLimits): Promise<ImportedScoringRow[]> {
  const sheet = await readSheet(bytes, { sheet: SCORING_SHEET, headerRows: 1, maxRows: MAX_ROWS }, limits);
  const header = sheet.rows[0]?.number === 1 ? sheet.rows[0].cells : [];

  const at = new Map<plan.ScoringRowField, number>();
  for (const [col, value] of header) {
    const column = columns.find((c) => baseHeader(c.header) === baseHeader(String(value)));
    if (column && !at.has(column.field)) at.set(column.field, col);
  }
  const missing = columns.filter((c) => c.required && !at.has(c.field)).map((c) => baseHeader(c.header));
  if (missing.length > 0) {
    throw new AppError('VALIDATION', undefined, {
      fields: [{ field: 'file', message: bi(`第 1 行缺少列：${missing.join('、')}`, `Row 1 lacks the columns ${missing.join(', ')}`) }],
    });
  }

  const rows: ImportedScoringRow[] = [];
  const errors: FieldError[] = [];
  for (const { number: n, cells } of sheet.rows) {
    if (n === 1) continue;
    const row = new Map(cells);
    const get = (field: plan.ScoringRowField): CellValue => {
      const col = at.get(field);
      return col === undefined ? '' : cellValue(row.get(col));
    };
    if ([...at.values()].every((col) => cellValue(row.get(col)) === '')) continue;
    const bad = (field: plan.ScoringRowField, zh: string, en: string) => errors.push({ field: `rows.${n}.${field}`, message: bi(zh, en) });
    const text = (field: plan.ScoringRowField, max: number): string => {
      const v = String(get(field)).trim();
      if (v.length > max) bad(field, `最长 ${max} 字`, `At most ${max} characters`);
      return v;
    };
    const pointsOf = (field: plan.ScoringRowField, required: boolean): number | null => {
      const v = get(field);
      if (v === '') {
        if (required) bad(field, '请填写分值', 'Points required');
        return null;
      }
      const centi = parsePoints(v);
      if (centi === null || centi < 0) {
        bad(field, `“${v}”不是不小于 0、最多两位小数的分值`, `“${v}” is not points (0 or more, up to two decimals)`);
        return null;
      }
      return centi;
    };

    const code = text('code', 32);
    if (!code) bad('code', '请填写编码', 'Code required');
    const name = text('name', 200);
    if (!name) bad('name', '请填写名称', 'Name required');
    const kindText = String(get('kind')).trim();
    const kind = kindText === '' ? 'item' : kindByLabel.get(kindText);
    if (!kind) bad('kind', `类型“${kindText}”应为评分项、鼓励项或否决项`, `Kind “${kindText}” is not 评分项, 鼓励项 or 否决项`);
    const fullScoreCenti = pointsOf('fullScore', kind !== 'veto') ?? 0;
    const confidenceText = String(get('confidence')).trim().toUpperCase();
    const confidence = confidenceText === '' ? 'U' : scoringConfidences.find((c) => c === confidenceText);
    if (!confidence) bad('confidence', `可信度“${confidenceText}”应为 V、P 或 U`, `Confidence “${confidenceText}” is not V, P or U`);
    const tasksText = String(get('tasks')).trim();
    const taskSeqs =
      tasksText === ''
        ? []
        : tasksText
            .split(/[,，、;；\s]+/)
            .filter(Boolean)
            .map(Number);
    if (taskSeqs.some((s) => !Number.isInteger(s) || s < 1 || s > 9999))
      bad('tasks', `关联任务“${tasksText}”应为以顿号分隔的任务序号`, `Tasks “${tasksText}” should be task numbers separated by 、`);
    const parentCode = text('parentCode', 32);
    const source = text('source', 500);
    rows.push({
      rowNumber: n,
      code,
      parentCode: parentCode === '' ? null : parentCode,
      name,
      kind: kind ?? 'item',
      fullScoreCenti,
      deductionPerFindingCenti: pointsOf('deductionPerFinding', false),
      capCenti: pointsOf('cap', false),
      confidence: confidence ?? 'U',
      source: source === '' ? null : source,
      taskSeqs: [...new Set(taskSeqs)],
    });
  }
  if (errors.length > 0) throw new AppError('VALIDATION', undefined, { fields: errors });
  if (rows.length === 0)
    throw new AppError('VALIDATION', undefined, {
      fields: [{ field: 'file', message: bi('没有评分项数据行', 'The sheet has no item rows') }],
    });
  return rows;
}
