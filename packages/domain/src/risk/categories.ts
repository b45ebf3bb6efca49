import { type Bilingual, bi } from '../i18n.js';
import type { Confidence } from './grading.js';

/** Where a list comes from, shown beside it in the UI (P and U as 待核对, to be checked). */
export interface CatalogueSource {
  title: string;
  confidence: Confidence;
  note?: string;
}

/** Which part of the city a category belongs to: enterprises' production (行业领域) or the city's public side (城市运行). */
export type CategoryGroup = 'industry' | 'city';

export interface RiskCategory {
  code: string;
  label: Bilingual;
  group: CategoryGroup;
  /** Tasks of the seed plan (西港安城创〔2020〕1号 附件) that name this kind of source. */
  seedTasks: readonly number[];
}

/**
 * Categories of risk sources: the industries and urban scenarios the seed plan names in its tasks
 * on risk control (tasks 19–37, 43–44, 51; 附件 tasks 8 and 10: 企业（单位）风险（源） and 社会面城市风险（源）).
 * Codes are what the database stores; adding one is a data change, never a migration.
 */
export const riskCategories = [
  { code: 'hazardous_chemicals', label: bi('危险化学品', 'Hazardous chemicals'), group: 'industry', seedTasks: [19, 21] },
  { code: 'fireworks', label: bi('烟花爆竹', 'Fireworks'), group: 'industry', seedTasks: [20] },
  { code: 'oil_gas_pipeline', label: bi('油气管道', 'Oil and gas pipelines'), group: 'city', seedTasks: [22] },
  {
    code: 'industry_trade',
    label: bi('工贸企业（涉氨制冷、粉尘涉爆、有限空间）', 'Industry and trade (ammonia refrigeration, combustible dust, confined spaces)'),
    group: 'industry',
    seedTasks: [23],
  },
  { code: 'construction', label: bi('建筑施工', 'Construction sites'), group: 'industry', seedTasks: [24, 25] },
  { code: 'spoil_ground', label: bi('渣土受纳场', 'Spoil grounds and landfills'), group: 'city', seedTasks: [28] },
  { code: 'crowded_place', label: bi('人员密集场所', 'Crowded places'), group: 'city', seedTasks: [26, 27, 30] },
  { code: 'high_rise', label: bi('高层建筑', 'High-rise buildings'), group: 'city', seedTasks: [28, 33] },
  {
    code: 'lifeline',
    label: bi(
      '城市生命线（燃气、供水、排水、供热、电力、地下管线）',
      'Urban lifelines (gas, water, drainage, heat, power, underground lines)',
    ),
    group: 'city',
    seedTasks: [28, 31, 32],
  },
  {
    code: 'special_equipment',
    label: bi('特种设备（电梯、起重机械、游乐设施）', 'Special equipment (lifts, cranes, amusement rides)'),
    group: 'city',
    seedTasks: [30, 33],
  },
  { code: 'public_transport', label: bi('公共交通', 'Public transport'), group: 'city', seedTasks: [34, 35, 36] },
  { code: 'road_rail', label: bi('道路交通与铁路沿线', 'Roads and railway corridors'), group: 'city', seedTasks: [28, 37] },
  { code: 'bridge_tunnel', label: bi('桥梁隧道', 'Bridges and tunnels'), group: 'city', seedTasks: [28] },
  {
    code: 'natural_disaster',
    label: bi('自然灾害（洪涝、地质灾害、地震、森林火灾）', 'Natural hazards (flood, geological, earthquake, forest fire)'),
    group: 'city',
    seedTasks: [29, 43, 44],
  },
  { code: 'other', label: bi('其他', 'Other'), group: 'city', seedTasks: [51] },
] as const satisfies readonly RiskCategory[];

export type RiskCategoryCode = (typeof riskCategories)[number]['code'];
export const riskCategoryCodes = riskCategories.map((c) => c.code) as [RiskCategoryCode, ...RiskCategoryCode[]];

export interface CodedItem {
  code: string;
  label: Bilingual;
  confidence: Confidence;
}

/**
 * Hazard factors (危险和有害因素) by the classes of GB/T 13861-2022 《生产过程危险和有害因素分类与代码》
 * (published 2022-03-09, in force 2022-10-01): the four top classes and their second-level classes.
 * The reference verifies the standard [V] but the class list only from secondary sources [P]; the
 * codes below the second level are unverified and are not used.
 */
export const hazardFactorSource: CatalogueSource = {
  title: 'GB/T 13861-2022《生产过程危险和有害因素分类与代码》',
  confidence: 'P',
  note: '类别依据二手资料，三级代码未核对 / classes from secondary sources; lower codes unchecked',
};

export const hazardFactorClasses = [
  { code: '1', label: bi('人的因素', 'Human factors'), confidence: 'P' },
  { code: '11', label: bi('心理、生理性危险和有害因素', 'Psychological and physiological factors'), confidence: 'P' },
  { code: '12', label: bi('行为性危险和有害因素', 'Behavioural factors'), confidence: 'P' },
  { code: '2', label: bi('物的因素', 'Material factors'), confidence: 'P' },
  { code: '21', label: bi('物理性危险和有害因素', 'Physical factors'), confidence: 'P' },
  { code: '22', label: bi('化学性危险和有害因素', 'Chemical factors'), confidence: 'P' },
  { code: '23', label: bi('生物性危险和有害因素', 'Biological factors'), confidence: 'P' },
  { code: '3', label: bi('环境因素', 'Environmental factors'), confidence: 'P' },
  { code: '31', label: bi('室内作业场所环境不良', 'Poor indoor workplace'), confidence: 'P' },
  { code: '32', label: bi('室外作业场地环境不良', 'Poor outdoor worksite'), confidence: 'P' },
  { code: '33', label: bi('地下（含水下）作业环境不良', 'Poor underground or underwater worksite'), confidence: 'P' },
  { code: '39', label: bi('其他作业环境不良', 'Other poor working environment'), confidence: 'P' },
  { code: '4', label: bi('管理因素', 'Management factors'), confidence: 'P' },
] as const satisfies readonly CodedItem[];
export const hazardFactorCodes = hazardFactorClasses.map((c) => c.code) as [string, ...string[]];

/** The two editions of the accident classification, chosen by date: the 2025 one applies from its day in force. */
export interface AccidentTypeEdition {
  standard: string;
  inForceFrom: string | null;
  source: CatalogueSource;
  types: readonly CodedItem[];
}

const types1986 = [
  '物体打击',
  '车辆伤害',
  '机械伤害',
  '起重伤害',
  '触电',
  '淹溺',
  '灼烫',
  '火灾',
  '高处坠落',
  '坍塌',
  '冒顶片帮',
  '透水',
  '放炮',
  '火药爆炸',
  '瓦斯爆炸',
  '锅炉爆炸',
  '容器爆炸',
  '其他爆炸',
  '中毒和窒息',
  '其他伤害',
];
const en1986 = [
  'Struck by object',
  'Vehicle injury',
  'Machinery injury',
  'Lifting injury',
  'Electric shock',
  'Drowning',
  'Burn and scald',
  'Fire',
  'Fall from height',
  'Collapse',
  'Roof fall and rib spalling',
  'Water inrush',
  'Blasting',
  'Explosive explosion',
  'Gas (firedamp) explosion',
  'Boiler explosion',
  'Vessel explosion',
  'Other explosion',
  'Poisoning and asphyxiation',
  'Other injury',
];
const types2025 = [
  '物体打击',
  '厂(场)内车辆致害',
  '道路(轨道)车辆致害',
  '机械致害',
  '起重致害',
  '触电',
  '淹溺',
  '灼烫',
  '火灾',
  '高处坠落',
  '跌落',
  '坍塌',
  '水害',
  '容器爆炸',
  '管道爆炸',
  '可燃气体爆炸',
  '可燃液体蒸汽爆炸',
  '粉尘爆炸',
  '民用爆炸物品爆炸',
  '烟花爆竹爆炸',
  '其他可燃固体爆炸',
  '高温熔融物爆炸',
  '中毒',
  '窒息',
  '滑坡',
  '泄漏',
  '其他事故',
];
const en2025 = [
  'Struck by object',
  'In-plant vehicle',
  'Road or rail vehicle',
  'Machinery',
  'Lifting',
  'Electric shock',
  'Drowning',
  'Burn and scald',
  'Fire',
  'Fall from height',
  'Fall on the same level',
  'Collapse',
  'Water hazard',
  'Vessel explosion',
  'Pipeline explosion',
  'Flammable gas explosion',
  'Flammable liquid vapour explosion',
  'Dust explosion',
  'Civil explosives explosion',
  'Fireworks explosion',
  'Other combustible solid explosion',
  'Molten metal explosion',
  'Poisoning',
  'Asphyxiation',
  'Landslide',
  'Leakage',
  'Other accident',
];
const coded = (zh: string[], en: string[], confidence: Confidence): CodedItem[] =>
  zh.map((label, i) => ({ code: String(i + 1).padStart(2, '0'), label: bi(label, en[i]!), confidence }));

/**
 * GB 6441-1986 《企业职工伤亡事故分类》 (20 types, codes 01–20) [V], and GB 6441-2025
 * 《生产安全事故分类与编码》 (published 2025-12-31, in force 2026-07-01, replacing the 1986 one) [V for the
 * standard; the 27-item list is from secondary sources, which also give 29 — P]. The 2025 codes here
 * are this list's order, not the standard's own coding, which is unverified.
 */
export const accidentTypeEditions: readonly AccidentTypeEdition[] = [
  {
    standard: 'GB 6441-1986',
    inForceFrom: null,
    source: { title: 'GB 6441-1986《企业职工伤亡事故分类》', confidence: 'V' },
    types: coded(types1986, en1986, 'V'),
  },
  {
    standard: 'GB 6441-2025',
    inForceFrom: '2026-07-01',
    source: {
      title: 'GB 6441-2025《生产安全事故分类与编码》',
      confidence: 'P',
      note: '27 类依据二手资料（另有 29 类之说），编码按列表顺序，待核对 / 27 types per secondary sources (others say 29); codes follow the list, unchecked',
    },
    types: coded(types2025, en2025, 'P'),
  },
];

/** The edition in force on a day (YYYY-MM-DD, Asia/Shanghai): the latest whose day in force is not after it. */
export function accidentTypeEditionOn(day: string): AccidentTypeEdition {
  let found = accidentTypeEditions[0]!;
  for (const e of accidentTypeEditions) if (e.inForceFrom === null || e.inForceFrom <= day) found = e;
  return found;
}

/**
 * Types of control measure (管控措施), the five the issue names, in the order of the hierarchy of
 * controls: engineering first, emergency response last (GB/T 33000-2016 and the provincial
 * 双重预防 guides list 工程技术、管理、培训教育、个体防护、应急处置 措施 [P]).
 */
export const controlMeasureTypes = [
  { code: 'engineering', label: bi('工程技术措施', 'Engineering controls') },
  { code: 'management', label: bi('管理措施', 'Management controls') },
  { code: 'training', label: bi('培训教育措施', 'Training and education') },
  { code: 'ppe', label: bi('个体防护措施', 'Personal protective equipment') },
  { code: 'emergency', label: bi('应急处置措施', 'Emergency response') },
] as const;
export type ControlMeasureType = (typeof controlMeasureTypes)[number]['code'];
export const controlMeasureTypeCodes = controlMeasureTypes.map((t) => t.code) as [ControlMeasureType, ...ControlMeasureType[]];

export const controlMeasureSource: CatalogueSource = {
  title: '《关于实施遏制重特大事故工作指南构建双重预防机制的意见》；各省《安全风险分级管控和隐患排查治理双重预防机制建设指南》',
  confidence: 'U',
  note: '分级管控层级与复核周期为各地指南常见做法，待核对 / the levels and review cycles follow common provincial guides; unchecked',
};

/**
 * 分级管控: the higher the level, the higher the tier that answers for its control — 重大 by the
 * company, 较大 by the department, 一般 by the team, 低 by the post — with the usual review cycle of
 * each tier (a month for the company's, a quarter and half a year below, a year at the post) [U].
 * They are defaults offered by the form; a measure keeps its own cycle.
 */
export const responsibleLevels = [
  { code: 'company', label: bi('公司级', 'Company'), forLevel: 'major', reviewCycleDays: 30 },
  { code: 'department', label: bi('部门（车间）级', 'Department (workshop)'), forLevel: 'significant', reviewCycleDays: 90 },
  { code: 'team', label: bi('班组级', 'Team'), forLevel: 'general', reviewCycleDays: 180 },
  { code: 'post', label: bi('岗位级', 'Post'), forLevel: 'low', reviewCycleDays: 365 },
] as const;
export type ResponsibleLevel = (typeof responsibleLevels)[number]['code'];
export const responsibleLevelCodes = responsibleLevels.map((l) => l.code) as [ResponsibleLevel, ...ResponsibleLevel[]];
