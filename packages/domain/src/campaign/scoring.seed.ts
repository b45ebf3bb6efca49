/**
 * The scoring tree a campaign starts from: the 一级项 and the lower items whose points the
 * project's reference of the rules found (regulations.md §1.3), each with its confidence tag and
 * where it comes from. An administrator checks it against the official text and corrects it (or
 * imports the full standard from xlsx); nothing here is used as a constant elsewhere.
 *
 * No 否决项 is seeded: the veto wording of the 管理办法 and 评分标准 was not retrieved, so veto
 * conditions are for the administrator to add from the official text.
 */
import { campaignTasks } from './template.data.js';
import type { ScoringConfidence, ScoringRow } from './scoring.js';

export const EVALUATION_RULES = '《国家安全发展示范城市评价细则(2019版)》(安委办〔2019〕16号)';
export const SCORING_STANDARD = '《国家安全发展示范城市评分标准(2019版)》(安委办〔2020〕2号)';
const UNOFFICIAL = '分值取自非官方的创建评价系统示例（六个一级项合计恰为 100 分），待核对';

export interface ScoringSeedItem extends ScoringRow {
  confidence: ScoringConfidence;
  source: string;
  /** Tasks of 附件2 (by 序号) that serve the item. */
  taskSeqs: readonly number[];
}

/**
 * 附件2 was drawn up from the 评价细则, its sections following the evaluation's headings:
 * section 二 (源头治理) serves 一级项 源头治理, and so on; section 一 (安全状况) serves 城市安全状况
 * and section 七 (特色亮点) the 鼓励项.
 */
const sectionOfItem: Record<string, number> = { 一: 2, 二: 3, 三: 4, 四: 5, 五: 6, 六: 1, 七: 7 };
const tasksOfSection = (section: number): number[] => campaignTasks.filter((t) => t.section === section).map((t) => t.seq);

const top = (
  code: string,
  name: string,
  points: number,
  confidence: ScoringConfidence,
  source: string,
  kind: 'item' | 'bonus' = 'item',
): ScoringSeedItem => ({
  code,
  parentCode: null,
  name,
  kind,
  fullScoreCenti: points * 100,
  deductionPerFindingCenti: null,
  capCenti: null,
  confidence,
  source,
  taskSeqs: tasksOfSection(sectionOfItem[code]!),
});

const lower = (
  code: string,
  parentCode: string,
  name: string,
  fullScoreCenti: number,
  confidence: ScoringConfidence,
  source: string,
  taskSeqs: readonly number[] = [],
  rule: { perFinding: number; cap: number } | null = null,
): ScoringSeedItem => ({
  code,
  parentCode,
  name,
  kind: 'item',
  fullScoreCenti,
  deductionPerFindingCenti: rule?.perFinding ?? null,
  capCenti: rule?.cap ?? null,
  confidence,
  source,
  taskSeqs,
});

/**
 * The seed tree, in the order of the evaluation. Codes: 一级项 by Chinese numeral in the order of
 * regulations.md §1.3, 二级项 and 三级项 numbered as in the 2019 细则 ("1", "(1)").
 *
 * The finer task links are the ones whose task text matches the item: task 6 is the 专项规划 with
 * review and mid-term evaluation, 7 the 安全预评价/地震/地质灾害 assessments, 8 the 市政消火栓 and
 * 老旧管网 targets, 9–10 the 消防站 layout and equipment, 11 the road divider and school-zone
 * facilities, 12 the 防洪排涝 standards, 19 the 危化品 monitoring targets named by item (11).
 */
export const scoringSeed: readonly ScoringSeedItem[] = [
  top('一', '城市安全源头治理', 18, 'V', `${EVALUATION_RULES}（转载文本：xmjiuan.com、35331.cn）`),
  lower('1', '一', '城市安全规划', 500, 'V', EVALUATION_RULES),
  lower(
    '(1)',
    '1',
    '城市总体规划及防灾减灾等专项规划',
    200,
    'V',
    `${SCORING_STANDARD}：每缺一项规划或缺论证评审、中期评估扣 0.5 分，最多扣 2 分`,
    [6],
    { perFinding: 50, cap: 200 },
  ),
  lower(
    '(2)',
    '1',
    '建设项目安全评估论证',
    200,
    'V',
    `${SCORING_STANDARD}：每个建设项目缺安全预评价、地震安全性评价或地质灾害危险性评估，或无故不采纳评估结论，扣 0.5 分，最多扣 2 分`,
    [7],
    {
      perFinding: 50,
      cap: 200,
    },
  ),
  lower(
    '(3)',
    '1',
    '城市各类设施安全管理办法',
    100,
    'V',
    `${SCORING_STANDARD}：高层建筑、大型商业综合体、综合交通枢纽、管线管廊、轨道交通、燃气工程、垃圾填埋场(渣土受纳场)、电梯、游乐设施 9 类设施每缺一类扣 0.2 分，最多扣 1 分`,
    [],
    { perFinding: 20, cap: 100 },
  ),
  lower('2', '一', '城市基础及安全设施建设', 900, 'V', EVALUATION_RULES),
  lower(
    '(4)',
    '2',
    '市政安全设施',
    200,
    'V',
    `${EVALUATION_RULES}；${SCORING_STANDARD} 有“市政消火栓不完好每处扣 0.2 分（最多 1 分）、老旧管网改造率不高于 80% 扣 1 分”，归属本项待核对，扣分时按条填写分值`,
    [8],
  ),
  lower('(5)', '2', '消防站', 200, 'V', EVALUATION_RULES, [9, 10]),
  lower('(6)', '2', '道路交通安全设施', 200, 'V', EVALUATION_RULES, [11]),
  lower('(7)', '2', '城市防洪排涝安全设施', 200, 'V', EVALUATION_RULES, [12]),
  lower(
    '(8)',
    '2',
    '（名称待核对；2019 年征求意见稿为地下综合管廊）',
    100,
    'U',
    `${EVALUATION_RULES}：第(8)项名称未检索到，分值由 9 − 4×2 推得，待核对`,
  ),
  lower(
    '3',
    '一',
    '（名称待核对；或为城市产业安全改造）',
    400,
    'U',
    `${EVALUATION_RULES}：名称未检索到；分值由 18 − 5 − 9 推得，或对应《评价与管理办法》第八条的产业安全改造、高危企业搬迁改造，待核对`,
  ),
  top('二', '城市安全风险防控', 32, 'V', `${EVALUATION_RULES}：“城市安全风险防控(32分)”（转载文本：mphealthsolution.com）`),
  lower('4', '二', '城市工业企业', 700, 'V', `${EVALUATION_RULES}；其余三级项未检索到，待补充`),
  lower(
    '(11)',
    '4',
    '危险化学品企业运行安全风险',
    300,
    'V',
    `${EVALUATION_RULES}：危化品重大危险源企业视频和安全监控系统安装率、危化品监测预警系统建设完成率均为 100%`,
    [19],
  ),
  lower('5', '二', '人员密集区域', 900, 'P', `${EVALUATION_RULES}：标题与分值取自非官方的创建评价系统示例，与 32 分相符，待核对`),
  top('三', '城市安全监督管理', 16, 'P', `${EVALUATION_RULES}：${UNOFFICIAL}`),
  top('四', '城市安全保障能力', 16, 'P', `${EVALUATION_RULES}：${UNOFFICIAL}`),
  top('五', '城市安全应急救援', 14, 'P', `${EVALUATION_RULES}：${UNOFFICIAL}`),
  top('六', '城市安全状况', 4, 'P', `${EVALUATION_RULES}：${UNOFFICIAL}`),
  top('七', '鼓励项', 5, 'P', `${EVALUATION_RULES}：加分上限取自非官方的创建评价系统示例，待核对`, 'bonus'),
];
