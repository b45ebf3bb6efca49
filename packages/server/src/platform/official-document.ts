import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
} from 'docx';

/**
 * Word documents laid out as Chinese official documents, GB/T 9704-2012《党政机关公文格式》: A4, 版心
 * 156 mm × 225 mm with 天头 37 mm and 订口 28 mm (so 35 mm below and 26 mm on the right), 22 lines of 28
 * characters in 三号仿宋, the 版头 (发文机关标志, 发文字号, red separator), the title in 二号小标宋, headings by
 * level (黑体 一、 / 楷体 （一） / 仿宋 1. and （1）), the 发文机关署名 centred over the 成文日期 (right four
 * characters, Arabic numerals), the 版记 (抄送, 印发机关 and 印发日期 between rules) and page numbers
 * "— 1 —" in 四号 on the outer side. Offices print, stamp and file these, so they are real .docx files.
 */

/** Millimetres in twentieths of a point (twips), the unit of page geometry in WordprocessingML. */
const mm = (value: number): number => Math.round((value * 1440) / 25.4);

const PAGE = { width: mm(210), height: mm(297) };
/** GB/T 9704-2012 §5.2.1: 天头 37 mm ± 1, 订口 28 mm ± 1, 版心 156 × 225 mm. */
export const officialMargins = { top: mm(37), bottom: mm(297 - 37 - 225), left: mm(28), right: mm(210 - 28 - 156) };
/** §5.2.2: 22 lines in the 225 mm of the 版心 — each line exactly 1/22 of it. */
export const officialLinePitch = Math.floor(mm(225) / 22);
/**
 * §5.2.2: 28 characters in the 156 mm of the 版心. 三号 is 16 pt; 28 × 16 pt is 448 pt against 442 pt of
 * width, so each character gives up a quarter point (28 × 15.75 = 441 pt; 29 would need 456.75).
 */
const CHARACTER_SPACING = -5; // twips
const CHARACTER = 320 + CHARACTER_SPACING; // one 三号 character with its spacing, in twips

const font = (eastAsia: string) => ({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia });
const FANGSONG = font('仿宋_GB2312');
const HEITI = font('黑体');
const KAITI = font('楷体_GB2312');
const XIAOBIAOSONG = font('方正小标宋简体');
const SONGTI = font('宋体');
const SANHAO = 32; // 三号 = 16 pt, in half-points
const SIHAO = 28; // 四号 = 14 pt
const ERHAO = 44; // 二号 = 22 pt
const RED = 'FF0000';

/**
 * Every line of the body on the grid: exactly one 22nd of the 版心. A comma or full stop that ends a full line
 * may hang past the right edge (行末标点悬挂), as in Word's default for Chinese text.
 */
const onGrid = { line: officialLinePitch, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

const run = (text: string, face = FANGSONG, size = SANHAO, color?: string) =>
  new TextRun({ text, font: face, size, color, characterSpacing: CHARACTER_SPACING });

/** A paragraph of 正文: 三号仿宋, the first line indented two characters. */
export const paragraph = (text: string): Paragraph =>
  new Paragraph({ spacing: onGrid, indent: { firstLine: 2 * CHARACTER }, children: [run(text)] });

/** A line set flush left (主送机关, a salutation). */
export const flushLeft = (text: string): Paragraph => new Paragraph({ spacing: onGrid, children: [run(text)] });

/** An empty line of the grid (the spaces the standard counts in lines). */
export const blankLine = (): Paragraph => new Paragraph({ spacing: onGrid, children: [] });

/**
 * A heading of 正文 by level (§7.3.3): 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋 — the number is the
 * caller's, as the text reads.
 */
export const heading = (level: 1 | 2 | 3 | 4, text: string): Paragraph =>
  new Paragraph({
    spacing: onGrid,
    indent: { firstLine: 2 * CHARACTER },
    children: [run(text, level === 1 ? HEITI : level === 2 ? KAITI : FANGSONG)],
  });

const cell = (text: string, bold = false) =>
  new TableCell({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, font: FANGSONG, size: 24, bold })] })],
  });

/** A table of figures in 小四仿宋 across the 版心, its header row repeated on each page. */
export const figuresTable = (header: string[], rows: (string | number)[][]): Table =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(String(v))) })),
    ],
  });

/** 2026-11-29 → 2026年11月29日: §7.3.5.3, Arabic numerals, the year in full, no padding of month or day. */
export const officialDate = (iso: string): string =>
  `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/**
 * Text quoted inside a quotation: Chinese quotation marks nest “ ‘ ’ ”, so the inner text's double marks
 * become single ones (a task that quotes a document, quoted in a notice).
 */
export const quoted = (text: string): string => `“${text.replace(/“/g, '‘').replace(/”/g, '’')}”`;

/**
 * The width of a line of text in characters: CJK, full-width signs and the curly quotation marks (full width in
 * Chinese fonts) one, Latin letters and digits a half.
 */
export const widthInCharacters = (text: string): number =>
  [...text].reduce((sum, ch) => sum + (ch.charCodeAt(0) >= 0x2e80 || (ch >= '\u2018' && ch <= '\u201f') ? 1 : 0.5), 0);

/**
 * The width a line takes when set: Word and LibreOffice put about a quarter of a character between Chinese text
 * and digits (2026年11月30日 is set as 2026 年 11 月 30 日).
 */
const setWidth = (text: string): number =>
  widthInCharacters(text) + 0.25 * (text.match(/[0-9A-Za-z](?=[^0-9A-Za-z])|[^0-9A-Za-z](?=[0-9A-Za-z])/g)?.length ?? 0);

/**
 * 发文机关署名 and 成文日期 of a stamped document (§7.3.5.1): the date four characters from the right, the
 * issuer centred over it; an issuer too long for that goes two characters from the right and the date is
 * centred under it instead.
 */
function signature(issuer: string, date: string): Paragraph[] {
  const issuerWidth = setWidth(issuer);
  const dateWidth = setWidth(date);
  const issuerRight = Math.max(2, 4 + (dateWidth - issuerWidth) / 2);
  const dateRight = issuerRight + (issuerWidth - dateWidth) / 2;
  const line = (text: string, rightCharacters: number) =>
    new Paragraph({
      spacing: onGrid,
      alignment: AlignmentType.RIGHT,
      indent: { right: Math.round(rightCharacters * CHARACTER) },
      children: [run(text)],
    });
  return [line(issuer, issuerRight), line(date, dateRight)];
}

const rule = (size: number) => ({ style: BorderStyle.SINGLE, size, color: '000000', space: 1 });
const THICK = 8; // 0.35 mm ≈ 1 pt, in eighths of a point
const THIN = 6; // 0.25 mm

/**
 * 版记 (§8): 抄送 and the line "印发机关 … X年X月X日印发" in 四号仿宋, one character in from each side, between
 * a thick rule above and below (a thin one between 抄送 and 印发).
 */
function colophon(printedBy: string, printedOn: string, cc: string | undefined): Paragraph[] {
  const right = mm(156) - 280;
  const lines: Paragraph[] = [];
  if (cc)
    lines.push(
      new Paragraph({
        spacing: onGrid,
        indent: { left: 280, right: 280 },
        border: { top: rule(THICK) },
        children: [new TextRun({ text: `抄送：${cc}。`, font: FANGSONG, size: SIHAO })],
      }),
    );
  lines.push(
    new Paragraph({
      spacing: onGrid,
      indent: { left: 280 },
      tabStops: [{ type: TabStopType.RIGHT, position: right }],
      border: { top: rule(cc ? THIN : THICK), bottom: rule(THICK) },
      children: [new TextRun({ text: `${printedBy}\t${officialDate(printedOn)}印发`, font: FANGSONG, size: SIHAO })],
    }),
  );
  return lines;
}

/** "— 1 —" in 四号 宋体, one character in from the outer edge: right on odd pages, left on even ones (§7.5). */
const pageNumber = (alignment: 'left' | 'right') =>
  new Footer({
    children: [
      new Paragraph({
        alignment: alignment === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: alignment === 'right' ? { right: 280 } : { left: 280 },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: SONGTI, size: SIHAO })],
      }),
    ],
  });

export interface OfficialDocumentInput {
  /** 发文机关标志, printed red at the head: the issuing office's name. */
  issuerMark: string;
  /** 发文字号 (西港安委办〔2026〕3号), centred under the mark; absent for documents without one. */
  docNo?: string;
  title: string;
  /** 主送机关, flush left under the title. */
  to?: string;
  body: (Paragraph | Table)[];
  /** 发文机关署名 over the 成文日期 (ISO date). */
  signedBy: string;
  date: string;
  /** 版记: 印发机关 and 印发日期 (ISO date); 抄送 when there is one. */
  printedBy: string;
  printedOn: string;
  cc?: string;
}

/** The whole document, in the order of §7: 版头, 主体, 版记. */
export async function officialDocument(input: OfficialDocumentInput): Promise<Buffer> {
  const head = [
    new Paragraph({ spacing: onGrid, alignment: AlignmentType.CENTER, children: [run(input.issuerMark, XIAOBIAOSONG, ERHAO, RED)] }),
    blankLine(),
    blankLine(),
    // §7.2.4: 发文字号 two lines under the mark, centred; §7.2.6: 4 mm under it the red rule, as wide as the 版心.
    new Paragraph({
      spacing: onGrid,
      alignment: AlignmentType.CENTER,
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 11 } },
      children: [run(input.docNo ?? '')],
    }),
    blankLine(),
    blankLine(),
    // §7.3.1: the title two lines under the rule.
    new Paragraph({ spacing: onGrid, alignment: AlignmentType.CENTER, children: [run(input.title, XIAOBIAOSONG, ERHAO)] }),
    blankLine(),
  ];
  const children = [
    ...head,
    ...(input.to ? [flushLeft(`${input.to}：`)] : []),
    ...input.body,
    blankLine(),
    ...signature(input.signedBy, officialDate(input.date)),
    blankLine(),
    ...colophon(input.printedBy, input.printedOn, input.cc),
  ];
  const document = new Document({
    creator: 'CitySafe 城安',
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: FANGSONG, size: SANHAO } } } },
    sections: [
      {
        properties: {
          page: { size: PAGE, margin: { ...officialMargins, header: mm(15), footer: mm(21) } },
          grid: { linePitch: officialLinePitch },
        },
        footers: { default: pageNumber('right'), even: pageNumber('left') },
        children,
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(document));
}
