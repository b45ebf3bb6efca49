import { AppError, type api, bi, risk, shanghaiDateOf } from '@citysafe/domain';
import {
  AlignmentType,
  Document,
  Footer,
  ImageRun,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { desc, eq, sql } from 'drizzle-orm';
import type { Geometry } from 'geojson';
import type { z } from 'zod';
import { type Actor, likePrefix, scopeCondition, scopeOf } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { now, rows, type Tx } from '../../platform/db.js';
import { type ListParams, listPage } from '../../platform/list.js';
import { type Hex, renderMapImage } from '../../platform/map-image.js';
import type { Platform } from '../../platform/platform.js';
import { orgs } from '../identity/index.js';
import { areaBoundaries } from '../map/index.js';
import { riskSourceScope } from './risk.scope.js';
import { gradingConfig } from './risk.service.js';
import { riskWhitePapers } from './white-paper.tables.js';

type RiskLevel = risk.RiskLevel;
/** A level column of the white paper's tables: the four levels, then reviewed sources not yet assessed. */
type LevelColumn = RiskLevel | 'unrated';
type LevelCounts = Record<LevelColumn, number>;
const levelColumns: readonly LevelColumn[] = [...risk.riskLevels, 'unrated'];
const levelName = (l: LevelColumn | null): string => (l && l !== 'unrated' ? risk.riskLevelInfo[l].label.zh : '未评级');
const emptyCounts = (): LevelCounts => ({ major: 0, significant: 0, general: 0, low: 0, unrated: 0 });

/**
 * The figures an edition was made from, kept with it so that the next edition can say what changed:
 * totals by level, category and street, and every source counted (code, name, level).
 */
export interface WhitePaperSnapshot {
  version: 1;
  total: number;
  byLevel: LevelCounts;
  byCategory: { code: string; label: string; counts: LevelCounts; total: number }[];
  byStreet: { id: string | null; name: string; counts: LevelCounts; total: number }[];
  sources: [code: string, name: string, level: RiskLevel | null][];
}

/** A 重大 or 较大 source as the list of section 二 shows it, with its control measures. */
export interface MajorRisk {
  code: string;
  name: string;
  category: string;
  level: RiskLevel;
  streetName: string;
  unitName: string;
  responsiblePerson: string | null;
  measures: { type: string; description: string; responsibleLevel: string; responsibleUnit: string | null }[];
}

/** What the document is written from: everything read from the database, so that the writing is tested alone. */
export interface WhitePaperInput {
  title: string;
  areaName: string;
  office: string;
  /** YYYY-MM-DD, Asia/Shanghai: the day of issue and of the figures. */
  date: string;
  snapshot: WhitePaperSnapshot;
  previous: { title: string; snapshot: WhitePaperSnapshot } | null;
  majorRisks: MajorRisk[];
  /** Per control measure type: how many measures, over how many sources, of which 重大. */
  measuresByType: { type: risk.ControlMeasureType; measures: number; sources: number; majorSources: number }[];
  /** Latest assessments of the counted sources by method. */
  methods: { lec: number; ls: number; direct: number };
  /** The grading rules in force (the administrator's or the defaults), with their sources. */
  grading: risk.GradingConfig;
  map: { png: Buffer; width: number; height: number };
}

/** What changed between two editions' figures. */
export interface WhitePaperChanges {
  added: [string, string, RiskLevel | null][];
  removed: [string, string, RiskLevel | null][];
  levelChanged: { code: string; name: string; from: RiskLevel | null; to: RiskLevel | null }[];
  totalDelta: number;
}

/** Sources added, removed and re-graded since the previous edition, by code (codes are never reused). */
export function whitePaperChanges(current: WhitePaperSnapshot, previous: WhitePaperSnapshot): WhitePaperChanges {
  const before = new Map(previous.sources.map((s) => [s[0], s]));
  const now = new Map(current.sources.map((s) => [s[0], s]));
  return {
    added: current.sources.filter((s) => !before.has(s[0])),
    removed: previous.sources.filter((s) => !now.has(s[0])),
    levelChanged: current.sources.flatMap(([code, name, level]) => {
      const old = before.get(code);
      return old && old[2] !== level ? [{ code, name, from: old[2], to: level }] : [];
    }),
    totalDelta: current.total - previous.total,
  };
}

// ---- the document (house style of campaign.documents.ts: GB/T 9704 fonts and sizes) ----

const FANGSONG = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const HEITI = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };
const KAITI = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '楷体_GB2312' };
const XIAOBIAOSONG = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };
const SANHAO = 32; // 三号 = 16 pt, in half-points
const ERHAO = 44; // 二号 = 22 pt
const XIAOSI = 24; // 小四 = 12 pt, in tables
/** A4 in twips, margins of GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm). */
const PAGE = { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } };
/** The map's width on the page in pixels at 96 dpi: 15.5 cm, within the text width of 15.6 cm. */
const MAP_WIDTH_ON_PAGE = 586;

const run = (text: string, font = FANGSONG, size = SANHAO) => new TextRun({ text, font, size });
const body = (text: string) => new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560 }, children: [run(text)] });
const heading = (text: string) => new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560 }, children: [run(text, HEITI)] });
const subheading = (text: string) => new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560 }, children: [run(text, KAITI)] });
const centred = (text: string, font = FANGSONG, size = SANHAO, after = 0) =>
  new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after }, children: [run(text, font, size)] });
const caption = (text: string) => centred(text, HEITI, XIAOSI, 120);

const cell = (text: string, options: { bold?: boolean; fill?: string } = {}) =>
  new TableCell({
    shading: options.fill ? { type: ShadingType.CLEAR, color: 'auto', fill: options.fill } : undefined,
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text, font: FANGSONG, size: XIAOSI, bold: options.bold })],
      }),
    ],
  });
const table = (header: string[], rowsOf: (string | number)[][]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, { bold: true })) }),
      ...rowsOf.map((r) => new TableRow({ children: r.map((v) => cell(String(v))) })),
    ],
  });

/** 2026-11-29 → 2026年11月29日, as dates are written in documents. */
const chineseDate = (iso: string): string => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
const share = (n: number, total: number) => (total ? `${((n / total) * 100).toFixed(1)}%` : '—');
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const chineseNumbers = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const categoryLabel = (code: string) => risk.riskCategories.find((c) => c.code === code)?.label.zh ?? code;
const measureTypeLabel = (code: string) => risk.controlMeasureTypes.find((t) => t.code === code)?.label.zh ?? code;
const responsibleLevelLabel = (code: string) => risk.responsibleLevels.find((l) => l.code === code)?.label.zh ?? code;
const levelRow = (counts: LevelCounts) => levelColumns.map((l) => counts[l]);

/** What each type of control measure asks of the responsible units (section 五), after the figures. */
const measureRequirements: Record<risk.ControlMeasureType, string> = {
  engineering:
    '重大风险和较大风险点位须优先采取消除、替代、隔离等工程技术措施，落实监测监控和自动化控制，相关设施定期检测维护，确保完好有效。',
  management: '各责任单位要落实风险分级管控责任，按公司、部门、班组、岗位逐级明确管控责任人，严格执行复核周期，复核结果及时录入平台。',
  training: '各责任单位要将风险辨识结果和管控措施纳入从业人员安全教育培训，确保岗位人员知风险、懂措施、会应急。',
  ppe: '涉及有毒有害、高处、有限空间等作业的岗位，须按标准配备并正确使用个体防护装备，建立发放和检查台账。',
  emergency: '各责任单位要针对重大风险和较大风险编制专项应急预案和现场处置方案，定期组织演练，加强与属地街道和相关部门的应急联动。',
};

/** The white paper as a Word document. */
export async function writeWhitePaper(input: WhitePaperInput): Promise<Buffer> {
  const s = input.snapshot;
  const changes = input.previous ? whitePaperChanges(s, input.previous.snapshot) : null;
  const levelHeader = levelColumns.map((l) => levelName(l));
  const [titleMain, titleEdition] = splitTitle(input.title);

  const titlePage = [
    ...Array.from({ length: 6 }, () => centred('')),
    centred(titleMain, XIAOBIAOSONG, ERHAO, 200),
    centred(titleEdition, XIAOBIAOSONG, ERHAO),
    ...Array.from({ length: 10 }, () => centred('')),
    centred(input.office),
    centred(chineseDate(input.date)),
    new Paragraph({ children: [new PageBreak()] }),
  ];

  const overview = [
    heading('一、总体情况'),
    body(
      `截至${chineseDate(input.date)}，${input.areaName}城市安全风险源普查库中经审核的风险源共${s.total}个，其中重大风险${s.byLevel.major}个、较大风险${s.byLevel.significant}个、一般风险${s.byLevel.general}个、低风险${s.byLevel.low}个${s.byLevel.unrated ? `，尚未评估定级${s.byLevel.unrated}个` : ''}。`,
    ),
    caption('表1 风险源按风险等级统计'),
    table(
      ['风险等级', '颜色', '数量（个）', '占比'],
      levelColumns.map((l) => [
        levelName(l),
        l === 'unrated' ? '—' : ({ red: '红', orange: '橙', yellow: '黄', blue: '蓝' } as const)[risk.riskLevelInfo[l].color],
        s.byLevel[l],
        share(s.byLevel[l], s.total),
      ]),
    ),
    caption('表2 风险源按类别统计'),
    table(
      ['类别', ...levelHeader, '合计'],
      [...s.byCategory.map((c) => [c.label, ...levelRow(c.counts), c.total]), ['合计', ...levelRow(s.byLevel), s.total]],
    ),
    caption('表3 风险源按街道统计'),
    table(
      ['街道', ...levelHeader, '合计'],
      [...s.byStreet.map((c) => [c.name, ...levelRow(c.counts), c.total]), ['合计', ...levelRow(s.byLevel), s.total]],
    ),
  ];

  const majorList = [
    heading('二、重大风险和较大风险清单'),
    body(
      input.majorRisks.length
        ? `全区重大风险${s.byLevel.major}个、较大风险${s.byLevel.significant}个，清单及其管控措施、责任单位如下。`
        : '本期无重大风险和较大风险。',
    ),
    ...(input.majorRisks.length
      ? [
          caption('表4 重大风险和较大风险清单'),
          table(
            ['序号', '编号', '名称', '类别', '等级', '所在街道', '责任单位'],
            input.majorRisks.map((r, i) => [
              i + 1,
              r.code,
              r.name,
              categoryLabel(r.category),
              levelName(r.level),
              r.streetName,
              r.unitName,
            ]),
          ),
          ...input.majorRisks.flatMap((r, i) => [
            subheading(`（${i + 1}）${r.code} ${r.name}（${levelName(r.level)}）`),
            body(`责任单位：${r.unitName}${r.responsiblePerson ? `；责任人：${r.responsiblePerson}` : ''}。`),
            ...(r.measures.length
              ? r.measures.map((m) =>
                  body(
                    `${measureTypeLabel(m.type)}：${m.description}（${responsibleLevelLabel(m.responsibleLevel)}管控${m.responsibleUnit ? `，${m.responsibleUnit}负责` : ''}）。`,
                  ),
                )
              : [body('管控措施：尚未登记，责任单位须立即补充。')]),
          ]),
        ]
      : []),
  ];

  const mapHeight = Math.round((MAP_WIDTH_ON_PAGE * input.map.height) / input.map.width);
  const spatial = [
    heading('三、风险空间分布'),
    body(`${input.areaName}风险源空间分布见图1。图中以红、橙、黄、蓝四色标示重大、较大、一般和低风险，灰色线为区、街道边界。`),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new ImageRun({ type: 'png', data: input.map.png, transformation: { width: MAP_WIDTH_ON_PAGE, height: mapHeight } })],
    }),
    caption(`图1 ${input.areaName}安全风险空间分布图`),
    new Table({
      width: { size: 60, type: WidthType.PERCENTAGE },
      alignment: AlignmentType.CENTER,
      rows: risk.riskLevels.map(
        (l) =>
          new TableRow({
            children: [cell('', { fill: risk.riskLevelInfo[l].hex.slice(1) }), cell(levelName(l)), cell(`${s.byLevel[l]}个`)],
          }),
      ),
    }),
    caption('图例'),
  ];

  const changeSection = [
    heading('四、与上一版相比的变化'),
    ...(changes && input.previous
      ? [
          body(
            `与《${input.previous.title}》相比，风险源总数${changes.totalDelta === 0 ? '持平' : `${changes.totalDelta > 0 ? '增加' : '减少'}${Math.abs(changes.totalDelta)}个`}；新增${changes.added.length}个，销号${changes.removed.length}个，等级调整${changes.levelChanged.length}个。`,
          ),
          caption('表5 各等级风险源数量变化'),
          table(
            ['风险等级', '上一版', '本版', '增减'],
            [
              ...levelColumns.map((l) => [
                levelName(l),
                input.previous!.snapshot.byLevel[l],
                s.byLevel[l],
                signed(s.byLevel[l] - input.previous!.snapshot.byLevel[l]),
              ]),
              ['合计', input.previous.snapshot.total, s.total, signed(changes.totalDelta)],
            ],
          ),
          subheading('（一）新增风险源'),
          ...(changes.added.length
            ? [
                table(
                  ['编号', '名称', '等级'],
                  changes.added.map(([code, name, level]) => [code, name, levelName(level)]),
                ),
              ]
            : [body('无。')]),
          subheading('（二）销号风险源'),
          ...(changes.removed.length
            ? [
                table(
                  ['编号', '名称', '原等级'],
                  changes.removed.map(([code, name, level]) => [code, name, levelName(level)]),
                ),
              ]
            : [body('无。')]),
          subheading('（三）等级调整'),
          ...(changes.levelChanged.length
            ? [
                table(
                  ['编号', '名称', '原等级', '现等级'],
                  changes.levelChanged.map((c) => [c.code, c.name, levelName(c.from), levelName(c.to)]),
                ),
              ]
            : [body('无。')]),
        ]
      : [body('本版为首次发布，无上一版可比。')]),
  ];

  const measures = [
    heading('五、防控措施和工作要求'),
    ...input.measuresByType.flatMap((m, i) => [
      subheading(`（${chineseNumbers[i]}）${measureTypeLabel(m.type)}`),
      body(
        m.measures
          ? `已登记${measureTypeLabel(m.type)}${m.measures}项，覆盖风险源${m.sources}个，其中重大风险${m.majorSources}个。${measureRequirements[m.type]}`
          : `尚未登记${measureTypeLabel(m.type)}。${measureRequirements[m.type]}`,
      ),
    ]),
    subheading(`（${chineseNumbers[input.measuresByType.length]}）工作要求`),
    body(
      '各街道、各有关部门和企业要按照“管行业必须管安全、管业务必须管安全、管生产经营必须管安全”的要求，对本白皮书所列重大风险和较大风险逐一落实管控责任和措施；风险源发生变化的，及时在平台更新并重新评估；安委办将结合白皮书开展督导检查，推进情况纳入年度安全生产考核。',
    ),
  ];

  const { lec, ls } = input.grading;
  const method = [
    heading('附：数据来源和方法说明'),
    body(
      `一是数据来源。本白皮书数据来源于城市安全管理平台风险源普查库，统计截至${chineseDate(input.date)}，纳入经责任部门审核的风险源；所在街道由风险源位置与街道边界自动计算。`,
    ),
    body(
      `二是评估方法。风险源的最近一次评估中，作业条件危险性分析法（LEC，D=L×E×C）${input.methods.lec}个，风险矩阵法（LS，R=L×S）${input.methods.ls}个，直接判定${input.methods.direct}个。显示等级取评估等级与未关闭的重大隐患、报警等动态升级因素中的较高者。`,
    ),
    body(
      `三是分级对应。LEC 法：D≥${lec.thresholds.major}为重大风险，${lec.thresholds.significant}≤D<${lec.thresholds.major}为较大风险，${lec.thresholds.general}≤D<${lec.thresholds.significant}为一般风险，D<${lec.thresholds.general}为低风险（${lec.source.zh}；${lec.verified ? '已核实' : '未核实'}）。LS 法：R≥${ls.thresholds.major}为重大风险，R≥${ls.thresholds.significant}为较大风险，R≥${ls.thresholds.general}为一般风险，其余为低风险（${ls.source.zh}；${ls.verified ? '已核实' : '未核实'}）。风险等级与红、橙、黄、蓝四色的对应依据《标本兼治遏制重特大事故工作指南》（已核实）。`,
    ),
  ];

  const doc = new Document({
    creator: 'CitySafe 城安',
    title: input.title,
    sections: [
      {
        properties: { page: PAGE, titlePage: true },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: FANGSONG, size: 28 })],
              }),
            ],
          }),
          first: new Footer({ children: [] }),
        },
        children: [...titlePage, ...overview, ...majorList, ...spatial, ...changeSection, ...measures, ...method],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

/** The title in two lines on the title page: the name, then the edition in brackets. */
function splitTitle(title: string): [string, string] {
  const at = title.indexOf('（');
  return at > 0 ? [title.slice(0, at), title.slice(at)] : [title, ''];
}

// ---- reading the registry ----

/** The area an actor's white paper covers: the root of their reach for risk.read. */
async function coveredArea(tx: Tx, actor: Actor): Promise<{ id: string; name: string; path: string }> {
  const scope = scopeOf(actor, 'risk.read');
  const where =
    scope.kind === 'subtree'
      ? eq(orgs.path, scope.path)
      : scope.kind === 'own'
        ? eq(orgs.id, scope.orgId)
        : // Installation-wide reach: the caller's own district names the paper (the figures still cover everything).
          eq(orgs.path, actor.districtPath || actor.orgPath);
  const [area] = await tx.select({ id: orgs.id, name: orgs.name, path: orgs.path }).from(orgs).where(where);
  if (!area) throw new AppError('FORBIDDEN');
  return area;
}

/** Reviewed sources only: what the registry shows as reviewed is what was reviewed (risk/workflow.ts). */
const counted = (actor: Actor) => sql`s.status = 'reviewed' and ${riskSourceScope(actor, 'risk.read', 's')}`;

async function readFigures(tx: Tx, actor: Actor): Promise<WhitePaperSnapshot> {
  const found = await rows<{
    code: string;
    name: string;
    category: string;
    level: RiskLevel | null;
    street_id: string | null;
    street_name: string | null;
  }>(
    tx,
    sql`select s.code, s.name, s.category, s.level, s.street_id, st.name as street_name
      from risk_sources s left join orgs st on st.id = s.street_id
      where ${counted(actor)} order by s.code`,
  );
  const byLevel = emptyCounts();
  const categories = new Map<string, LevelCounts>();
  const streets = new Map<string | null, { name: string; counts: LevelCounts }>();
  for (const s of found) {
    const column: LevelColumn = s.level ?? 'unrated';
    byLevel[column]++;
    const c = categories.get(s.category) ?? emptyCounts();
    c[column]++;
    categories.set(s.category, c);
    const st = streets.get(s.street_id) ?? { name: s.street_name ?? '未定位到街道', counts: emptyCounts() };
    st.counts[column]++;
    streets.set(s.street_id, st);
  }
  const sum = (c: LevelCounts) => levelColumns.reduce((n, l) => n + c[l], 0);
  const categoryOrder = (code: string) => {
    const i = risk.riskCategories.findIndex((c) => c.code === code);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return {
    version: 1,
    total: found.length,
    byLevel,
    byCategory: [...categories]
      .sort(([a], [b]) => categoryOrder(a) - categoryOrder(b))
      .map(([code, counts]) => ({ code, label: categoryLabel(code), counts, total: sum(counts) })),
    byStreet: [...streets]
      // Streets by name, the sources located in no street last.
      .sort(([a, x], [b, y]) => (a === null ? 1 : b === null ? -1 : x.name.localeCompare(y.name, 'zh-CN')))
      .map(([id, st]) => ({ id, name: st.name, counts: st.counts, total: sum(st.counts) })),
    sources: found.map((s) => [s.code, s.name, s.level]),
  };
}

async function readMajorRisks(tx: Tx, actor: Actor): Promise<MajorRisk[]> {
  const found = await rows<{
    id: string;
    code: string;
    name: string;
    category: string;
    level: RiskLevel;
    street_name: string | null;
    unit_name: string;
    responsible_person: string | null;
  }>(
    tx,
    sql`select s.id, s.code, s.name, s.category, s.level, st.name as street_name, u.name as unit_name, s.responsible_person
      from risk_sources s join orgs u on u.id = s.org_id left join orgs st on st.id = s.street_id
      where ${counted(actor)} and s.level in ('major', 'significant')
      order by case s.level when 'major' then 0 else 1 end, s.code`,
  );
  if (found.length === 0) return [];
  const measures = await rows<{
    source_id: string;
    type: string;
    description: string;
    responsible_level: string;
    responsible_unit: string | null;
  }>(
    tx,
    // The same sources by the same condition (not by a list of ids, which a large registry would push past the parameter limit).
    sql`select m.source_id, m.type, m.description, m.responsible_level, m.responsible_unit
      from risk_control_measures m join risk_sources s on s.id = m.source_id
      where ${counted(actor)} and s.level in ('major', 'significant')
      order by m.created_at, m.id`,
  );
  const typeOrder = (t: string) => risk.controlMeasureTypeCodes.indexOf(t as risk.ControlMeasureType);
  const bySource = new Map<string, typeof measures>();
  for (const m of measures) {
    const list = bySource.get(m.source_id);
    if (list) list.push(m);
    else bySource.set(m.source_id, [m]);
  }
  return found.map((f) => ({
    code: f.code,
    name: f.name,
    category: f.category,
    level: f.level,
    streetName: f.street_name ?? '未定位到街道',
    unitName: f.unit_name,
    responsiblePerson: f.responsible_person,
    measures: (bySource.get(f.id) ?? [])
      .sort((a, b) => typeOrder(a.type) - typeOrder(b.type))
      .map((m) => ({
        type: m.type,
        description: m.description,
        responsibleLevel: m.responsible_level,
        responsibleUnit: m.responsible_unit,
      })),
  }));
}

async function readMeasuresByType(tx: Tx, actor: Actor): Promise<WhitePaperInput['measuresByType']> {
  const found = await rows<{ type: string; measures: number; sources: number; major_sources: number }>(
    tx,
    sql`select m.type, count(*)::int as measures, count(distinct m.source_id)::int as sources,
        count(distinct m.source_id) filter (where s.level = 'major')::int as major_sources
      from risk_control_measures m join risk_sources s on s.id = m.source_id
      where ${counted(actor)} group by m.type`,
  );
  return risk.controlMeasureTypeCodes.map((type) => {
    const f = found.find((x) => x.type === type);
    return { type, measures: f?.measures ?? 0, sources: f?.sources ?? 0, majorSources: f?.major_sources ?? 0 };
  });
}

async function readMethods(tx: Tx, actor: Actor): Promise<WhitePaperInput['methods']> {
  const found = await rows<{ method: 'lec' | 'ls' | 'direct'; n: number }>(
    tx,
    sql`select latest.method, count(*)::int as n from risk_sources s
      join lateral (select a.method from risk_assessments a where a.source_id = s.id order by a.assessed_at desc, a.id desc limit 1) latest on true
      where ${counted(actor)} group by latest.method`,
  );
  const n = (m: string) => found.find((f) => f.method === m)?.n ?? 0;
  return { lec: n('lec'), ls: n('ls'), direct: n('direct') };
}

/** The map's size in pixels: 4:3, sharp enough to print at the width it takes on the page. */
export const WHITE_PAPER_MAP = { width: 1600, height: 1200 } as const;
const BOUNDARY_COLOUR: Hex = '#595959';

/** The figure of section 三: the area's district and street outlines, and every counted source that has a level, in its colour. */
async function drawMap(tx: Tx, actor: Actor, area: { path: string }): Promise<WhitePaperInput['map']> {
  const outlines = await rows<{ level: string; geometry: string }>(
    tx,
    sql`select b.level, ST_AsGeoJSON(b.geom) as geometry from ${areaBoundaries} b join orgs o on o.id = b.org_id
      where b.level in ('district', 'street') and o.path like ${likePrefix(area.path)}`,
  );
  const sources = await rows<{ level: RiskLevel; geometry: string }>(
    tx,
    sql`select s.level, ST_AsGeoJSON(s.geom) as geometry from risk_sources s where ${counted(actor)} and s.level is not null
      order by case s.level when 'major' then 3 when 'significant' then 2 when 'general' then 1 else 0 end`,
  );
  const image = renderMapImage({
    ...WHITE_PAPER_MAP,
    outlines: outlines.map((o) => ({
      geometry: JSON.parse(o.geometry) as Geometry,
      color: BOUNDARY_COLOUR,
      lineWidth: o.level === 'district' ? 4 : 2,
    })),
    // Higher levels last, so that a red point is never hidden under a blue one.
    features: sources.map((s) => ({ geometry: JSON.parse(s.geometry) as Geometry, color: risk.riskLevelInfo[s.level].hex as Hex })),
    legend: risk.riskLevels.map((l) => risk.riskLevelInfo[l].hex as Hex),
  });
  return { png: image.png, width: image.width, height: image.height };
}

// ---- editions ----

type WhitePaperRow = typeof riskWhitePapers.$inferSelect;

function present(
  row: WhitePaperRow,
  orgName: string,
  previous: { title: string; snapshot: WhitePaperSnapshot } | null,
): z.infer<typeof api.riskWhitePaper.whitePaper> {
  const changes = previous ? whitePaperChanges(row.snapshot, previous.snapshot) : null;
  return {
    id: row.id,
    year: row.year,
    sequence: row.sequence,
    title: row.title,
    orgId: row.orgId,
    orgName,
    generatedAt: row.generatedAt.toISOString(),
    generatedByName: row.generatedByName,
    total: row.snapshot.total,
    byLevel: row.snapshot.byLevel,
    changes:
      changes && previous
        ? {
            previousTitle: previous.title,
            added: changes.added.length,
            removed: changes.removed.length,
            levelChanged: changes.levelChanged.length,
            totalDelta: changes.totalDelta,
          }
        : null,
    sizeBytes: row.document.length,
  };
}

/** 西安国际港务区城市安全风险白皮书（2026年版）; a second edition within a year is （2026年第2版）. */
export const whitePaperTitle = (areaName: string, year: number, sequence: number): string =>
  `${areaName}城市安全风险白皮书（${year}年${sequence === 1 ? '版' : `第${sequence}版`}）`;

/** The edition before this one of the same area, for the section on changes. */
async function previousEdition(tx: Tx, orgId: string, before: { year: number; sequence: number }) {
  const [prev] = await tx
    .select({ title: riskWhitePapers.title, snapshot: riskWhitePapers.snapshot })
    .from(riskWhitePapers)
    .where(
      sql`${riskWhitePapers.orgId} = ${orgId} and (${riskWhitePapers.year}, ${riskWhitePapers.sequence}) < (${before.year}, ${before.sequence})`,
    )
    .orderBy(desc(riskWhitePapers.year), desc(riskWhitePapers.sequence))
    .limit(1);
  return prev ?? null;
}

/**
 * Generates the next edition over the sources the caller may see (安委办: the district), numbers it
 * within the year, compares it with the previous edition of the same area, and keeps the document as issued.
 */
export async function generateWhitePaper(platform: Platform, actor: Actor): Promise<z.infer<typeof api.riskWhitePaper.whitePaper>> {
  return platform.db.transaction(async (tx) => {
    const area = await coveredArea(tx, actor);
    const at = now(tx);
    const date = shanghaiDateOf(at);
    const year = Number(date.slice(0, 4));
    // Two generators at once would otherwise both take the same number; the unique index is the backstop.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`risk-white-paper:${area.id}:${year}`}))`);
    const [last] = await rows<{ n: number }>(
      tx,
      sql`select coalesce(max(sequence), 0)::int as n from risk_white_papers where org_id = ${area.id} and year = ${year}`,
    );
    const sequence = (last?.n ?? 0) + 1;
    const title = whitePaperTitle(area.name, year, sequence);
    const snapshot = await readFigures(tx, actor);
    const previous = await previousEdition(tx, area.id, { year, sequence });
    const document = await writeWhitePaper({
      title,
      areaName: area.name,
      office: `${area.name}安全生产委员会办公室`,
      date,
      snapshot,
      previous,
      majorRisks: await readMajorRisks(tx, actor),
      measuresByType: await readMeasuresByType(tx, actor),
      methods: await readMethods(tx, actor),
      grading: (await gradingConfig(tx)).config,
      map: await drawMap(tx, actor, area),
    });
    const [row] = await tx
      .insert(riskWhitePapers)
      .values({
        orgId: area.id,
        year,
        sequence,
        title,
        generatedAt: at,
        generatedBy: actor.userId,
        generatedByName: actor.displayName,
        snapshot,
        document,
      })
      .returning();
    const presented = present(row!, area.name, previous);
    await audit(tx, actor, {
      action: 'riskWhitePaper.generate',
      entityType: 'riskWhitePaper',
      entityId: row!.id,
      after: { title, total: snapshot.total, byLevel: snapshot.byLevel, changes: presented.changes },
    });
    return presented;
  });
}

/**
 * Editions the caller may read: those of an area in their reach, and those of the area their own org
 * lies in — a white paper is published to the district's streets, departments and enterprises.
 */
const readable = (actor: Actor) =>
  sql`(${scopeCondition(actor, 'risk.read', riskWhitePapers.orgId)} or starts_with(${actor.orgPath}, (select o.path from orgs o where o.id = ${riskWhitePapers.orgId})))`;

export async function listWhitePapers(db: Tx, actor: Actor, q: ListParams<'generatedAt' | '-generatedAt'>) {
  const page = await listPage(
    db,
    db
      .select({ row: riskWhitePapers, orgName: orgs.name })
      .from(riskWhitePapers)
      .innerJoin(orgs, eq(orgs.id, riskWhitePapers.orgId))
      .$dynamic(),
    {
      where: [readable(actor)],
      search: [riskWhitePapers.title],
      sortable: { generatedAt: riskWhitePapers.generatedAt },
      defaultOrder: [desc(riskWhitePapers.year), desc(riskWhitePapers.sequence)],
      tieBreaker: riskWhitePapers.id,
    },
    q,
  );
  const items = [];
  for (const r of page.rows) items.push(present(r.row, r.orgName, await previousEdition(db, r.row.orgId, r.row)));
  return { items, total: page.total, page: page.page, pageSize: page.pageSize };
}

/** The edition's Word document as issued. */
export async function whitePaperDocument(db: Tx, actor: Actor, id: string): Promise<{ name: string; bytes: Buffer }> {
  const [row] = await db
    .select({ title: riskWhitePapers.title, document: riskWhitePapers.document })
    .from(riskWhitePapers)
    .where(sql`${riskWhitePapers.id} = ${id} and ${readable(actor)}`);
  if (!row) throw new AppError('NOT_FOUND', bi('白皮书不存在', 'No such white paper'));
  return { name: `${row.title}.docx`, bytes: row.document };
}
