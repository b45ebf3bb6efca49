import { emergency, shanghaiDateOf } from '@citysafe/domain';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { ReportContent } from './incident-reports.tables.js';

/**
 * The report as a Word document in the shape of an official document (GB/T 9704, as the campaign's 督办通知书): the
 * title, the recipient, the six items of 493号令 Art. 12 as numbered sections, the figures of item 4 also as a table,
 * and the reporter, phone and time at the end. Written from the content snapshot alone, so it is tested alone and
 * the record changing later does not change it.
 */
const FANGSONG = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const HEITI = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };
const XIAOBIAOSONG = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };
const SANHAO = 32; // 三号 = 16 pt, in half-points
const ERHAO = 44; // 二号 = 22 pt

const run = (text: string, font = FANGSONG, size = SANHAO) => new TextRun({ text, font, size });
const paragraph = (text: string, indent = true) =>
  new Paragraph({ indent: indent ? { firstLine: 640 } : undefined, spacing: { line: 560 }, children: [run(text)] });
const heading = (text: string) => new Paragraph({ spacing: { line: 560 }, children: [run(text, HEITI)] });
const right = (text: string) => new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { line: 560 }, children: [run(text)] });
const cell = (text: string, bold = false) =>
  new TableCell({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, font: FANGSONG, size: 24, bold })] })],
  });

/** An instant as documents write it in Asia/Shanghai: 2026年3月10日10时20分. */
export function chineseTime(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日${local.getUTCHours()}时${String(local.getUTCMinutes()).padStart(2, '0')}分`;
}

/** The document's title: 关于…的首报 / 续报（第2次）/ 补报 / 终报, and for an escalation the level it goes to. */
export function reportTitle(kind: emergency.ReportKind, level: emergency.ReportLevel, seq: number, title: string): string {
  const label = emergency.reportKindLabels[kind].zh;
  const which =
    kind === 'follow_up' || kind === 'supplementary'
      ? `${label}（第${seq}次）`
      : kind === 'escalation'
        ? `报告（报${emergency.reportLevelLabels[level].zh}）`
        : label;
  return `关于${title}的${which}`;
}

/** The Word file of one report. */
export async function reportDocument(
  report: { kind: emergency.ReportKind; level: emergency.ReportLevel; seq: number; submittedAt: Date; late: boolean },
  c: ReportContent,
): Promise<Buffer> {
  const figures = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: ['死亡', '下落不明', '重伤（含急性工业中毒）', '轻伤', '直接经济损失（万元，初步估计）'].map((h) => cell(h, true)),
      }),
      new TableRow({
        children: [c.deaths, c.missing, c.seriousInjuries, c.minorInjuries, c.directLossWan.toFixed(2)].map((v) => cell(String(v))),
      }),
    ],
  });
  const recipient = emergency.reportLevelLabels[report.level].zh;
  const casualties = `截至报告时，事故已造成死亡${c.deaths}人、下落不明${c.missing}人、重伤${c.seriousInjuries}人、轻伤${c.minorInjuries}人，初步估计直接经济损失${c.directLossWan.toFixed(2)}万元。事故等级：${emergency.accidentGradeLabels[c.grade].zh}（依据条例第三条）。`;
  const sectionText: Record<emergency.ReportSection, string> = { ...c.sections, casualties };
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 300 },
      children: [run(reportTitle(report.kind, report.level, report.seq, c.title), XIAOBIAOSONG, ERHAO)],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 300 }, children: [run(`事故编号：${c.code}`)] }),
    paragraph(`${recipient}：`, false),
    paragraph(
      `${chineseTime(c.occurredAt)}，${c.placeName ?? '（地点待核实）'}发生${emergency.incidentCategoryLabels[c.category].zh}。单位负责人于${chineseTime(c.learnedAt)}接到报告。根据《生产安全事故报告和调查处理条例》第十二条，现将有关情况报告如下：`,
    ),
  ];
  for (const section of emergency.reportSections) {
    children.push(heading(emergency.reportSectionLabels[section].zh));
    for (const line of sectionText[section].split('\n').filter((l) => l.trim() !== '')) children.push(paragraph(line));
    if (section === 'casualties') children.push(figures);
  }
  children.push(
    paragraph(`报告人：${c.reporterName}    联系电话：${c.reporterPhone}`, false),
    right(`报告时间：${chineseTime(report.submittedAt.toISOString())}`),
    right(shanghaiDateOf(report.submittedAt)),
  );
  if (report.late) children.push(paragraph('（本报告超过法定时限报送）', false));
  return Buffer.from(await Packer.toBuffer(new Document({ creator: 'CitySafe 城安', title: c.title, sections: [{ children }] })));
}
