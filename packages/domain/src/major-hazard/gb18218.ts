import { type Bilingual, bi } from '../i18n.js';
import type { Confidence } from '../risk/grading.js';

/**
 * GB 18218-2018《危险化学品重大危险源辨识》 as data: 表1 (named substances), 表2 (critical quantities by
 * hazard category), 表3 and 表4 (the correction factor β), 表5 (α by exposed population) and the grades.
 * Each table carries its source and how sure we are of it (regulations.md §3: [V] verified, [P] partly,
 * [U] unverified); the UI marks anything not verified as 未核实.
 */

/** One row of 表1: a named substance and its critical quantity Q in tonnes. */
export interface NamedSubstance {
  /** The row number in 表1. */
  no: number;
  /** The name as 表1 writes it; unique, so that it can be chosen by name. */
  name: string;
  nameEn: string;
  /** Other names people use for it (光气 for 碳酰氯, LPG for 液化石油气); matched like the name. */
  aliases: readonly string[];
  /** CAS numbers (甲烷/天然气 has two); empty where 表1 gives none (mixtures, grades of one substance). */
  cas: readonly string[];
  /** Critical quantity Q, tonnes. */
  criticalQuantityTonnes: number;
  /** A condition or note of the row (a grade, a content, an open question). */
  note?: Bilingual;
  confidence: Confidence;
}

const row = (
  no: number,
  name: string,
  nameEn: string,
  cas: readonly string[],
  criticalQuantityTonnes: number,
  more: { aliases?: readonly string[]; note?: Bilingual; confidence?: Confidence } = {},
): NamedSubstance => ({
  no,
  name,
  nameEn,
  aliases: more.aliases ?? [],
  cas,
  criticalQuantityTonnes,
  ...(more.note ? { note: more.note } : {}),
  confidence: more.confidence ?? 'P',
});

export const table1Source: Bilingual = bi(
  'GB 18218-2018 表1（危险化学品名称及其临界量）；数值取自公开的代码转录，名称按 CAS 号校正；2018 年新增的氧、硝酸胍及硝化纤维素、硝酸铵的拆分经 siyuancloud.com/90.html 核实',
  'GB 18218-2018 Table 1 (named dangerous chemicals and critical quantities); values from a public code transcription, names corrected by CAS number; the 2018 additions (oxygen, guanidine nitrate) and the nitrocellulose and ammonium nitrate splits checked against siyuancloud.com/90.html',
);
export const table1Confidence: Confidence = 'P';

/** 表1: all 85 named substances. */
export const table1: readonly NamedSubstance[] = [
  row(1, '氨', 'Ammonia', ['7664-41-7'], 10, { aliases: ['液氨'] }),
  row(2, '二氟化氧', 'Oxygen difluoride', ['7783-41-7'], 1),
  row(3, '二氧化氮', 'Nitrogen dioxide', ['10102-44-0'], 1),
  row(4, '二氧化硫', 'Sulfur dioxide', ['7446-09-5'], 20),
  row(5, '氟', 'Fluorine', ['7782-41-4'], 1),
  row(6, '碳酰氯', 'Carbonyl chloride (phosgene)', ['75-44-5'], 0.3, { aliases: ['光气', 'Phosgene'] }),
  row(7, '环氧乙烷', 'Ethylene oxide', ['75-21-8'], 10),
  row(8, '甲醛（含量>90%）', 'Formaldehyde (content > 90 %)', ['50-00-0'], 5, { aliases: ['甲醛'] }),
  row(9, '磷化氢', 'Phosphine', ['7803-51-2'], 1),
  row(10, '硫化氢', 'Hydrogen sulfide', ['7783-06-4'], 5),
  row(11, '氯化氢（无水）', 'Hydrogen chloride (anhydrous)', ['7647-01-0'], 20, { aliases: ['氯化氢'] }),
  row(12, '氯', 'Chlorine', ['7782-50-5'], 5, { aliases: ['氯气', '液氯'] }),
  row(13, '煤气（CO，CO 和 H₂、CH₄ 的混合物等）', 'Town gas (CO; mixtures of CO with H₂, CH₄, etc.)', [], 20, {
    aliases: ['煤气', '一氧化碳'],
    note: bi('一氧化碳按本行计，β 取表3 一氧化碳', 'Carbon monoxide is counted on this row, with β of carbon monoxide in Table 3'),
  }),
  row(14, '砷化氢', 'Arsine', ['7784-42-1'], 1),
  row(15, '锑化氢', 'Stibine', ['7803-52-3'], 1),
  row(16, '硒化氢', 'Hydrogen selenide', ['7783-07-5'], 1),
  row(17, '溴甲烷', 'Methyl bromide', ['74-83-9'], 10),
  row(18, '丙酮氰醇', 'Acetone cyanohydrin', ['75-86-5'], 20),
  row(19, '丙烯醛', 'Acrolein', ['107-02-8'], 20),
  row(20, '氟化氢', 'Hydrogen fluoride', ['7664-39-3'], 1),
  row(21, '环氧氯丙烷', 'Epichlorohydrin', ['106-89-8'], 20),
  row(22, '环氧溴丙烷', 'Epibromohydrin', ['3132-64-7'], 20),
  row(23, '甲苯二异氰酸酯', 'Toluene diisocyanate (TDI)', ['26471-62-5'], 100, { aliases: ['TDI'] }),
  row(24, '一氯化硫', 'Sulfur monochloride', ['10025-67-9'], 1),
  row(25, '氰化氢', 'Hydrogen cyanide', ['74-90-8'], 1),
  row(26, '三氧化硫', 'Sulfur trioxide', ['7446-11-9'], 75),
  row(27, '烯丙胺', 'Allylamine', ['107-11-9'], 20),
  row(28, '溴', 'Bromine', ['7726-95-6'], 20),
  row(29, '乙撑亚胺', 'Ethyleneimine', ['151-56-4'], 20),
  row(30, '异氰酸甲酯', 'Methyl isocyanate', ['624-83-9'], 0.75),
  row(31, '叠氮化钡', 'Barium azide', ['18810-58-7'], 0.5),
  row(32, '叠氮化铅', 'Lead azide', ['13424-46-9'], 0.5),
  row(33, '雷汞', 'Mercury fulminate', ['628-86-4'], 0.5),
  row(34, '三硝基苯甲醚', 'Trinitroanisole', ['28653-16-9'], 5),
  row(35, '2,4,6-三硝基甲苯', '2,4,6-Trinitrotoluene (TNT)', ['118-96-7'], 5, { aliases: ['TNT'] }),
  row(36, '硝化甘油', 'Nitroglycerin', ['55-63-0'], 1),
  row(37, '硝化纤维素（干的或含水（或乙醇）<25%）', 'Nitrocellulose (dry, or water or ethanol < 25 %)', [], 1, { confidence: 'V' }),
  row(38, '硝化纤维素（未改型的，或增塑的，含增塑剂<18%）', 'Nitrocellulose (unmodified, or plasticizer < 18 %)', [], 1, {
    confidence: 'V',
  }),
  row(39, '硝化纤维素（含乙醇≥25%）', 'Nitrocellulose (ethanol ≥ 25 %)', [], 10, { confidence: 'V' }),
  row(40, '硝化纤维素（含氮≤12.6%）', 'Nitrocellulose (nitrogen ≤ 12.6 %)', [], 50, { confidence: 'V' }),
  row(41, '硝化纤维素（含水≥25%）', 'Nitrocellulose (water ≥ 25 %)', [], 50, { confidence: 'V' }),
  row(42, '硝化纤维素溶液', 'Nitrocellulose solution', [], 50, {
    note: bi(
      '含硝化纤维素量：siyuancloud 作≤25%，代码转录作≤55%，待核对',
      'Nitrocellulose content: ≤ 25 % per siyuancloud, ≤ 55 % per the code transcription; to be checked',
    ),
    confidence: 'U',
  }),
  row(43, '硝酸铵（含可燃物>0.2%）', 'Ammonium nitrate (combustibles > 0.2 %)', ['6484-52-2'], 5, { confidence: 'V' }),
  row(44, '硝酸铵（含可燃物≤0.2%）', 'Ammonium nitrate (combustibles ≤ 0.2 %)', [], 50, { confidence: 'V' }),
  row(45, '硝酸铵肥料（含可燃物≤0.4%）', 'Ammonium nitrate fertiliser (combustibles ≤ 0.4 %)', [], 200, { confidence: 'V' }),
  row(46, '硝酸钾', 'Potassium nitrate', ['7757-79-1'], 1000),
  row(47, '1,3-丁二烯', '1,3-Butadiene', ['106-99-0'], 5, { aliases: ['丁二烯'] }),
  row(48, '二甲醚', 'Dimethyl ether', ['115-10-6'], 50),
  row(49, '甲烷，天然气', 'Methane, natural gas', ['74-82-8', '8006-14-2'], 50, { aliases: ['甲烷', '天然气', 'LNG', '液化天然气'] }),
  row(50, '氯乙烯', 'Vinyl chloride', ['75-01-4'], 50),
  row(51, '氢', 'Hydrogen', ['1333-74-0'], 5, { aliases: ['氢气'] }),
  row(52, '液化石油气（含丙烷、丁烷及其混合物）', 'Liquefied petroleum gas (propane, butane and mixtures)', ['68476-85-7'], 50, {
    aliases: ['液化石油气', 'LPG'],
  }),
  row(53, '一甲胺', 'Methylamine', ['74-89-5'], 5),
  row(54, '乙炔', 'Acetylene', ['74-86-2'], 1),
  row(55, '乙烯', 'Ethylene', ['74-85-1'], 50),
  row(56, '氧（压缩的或液化的）', 'Oxygen (compressed or liquefied)', ['7782-44-7'], 200, {
    aliases: ['氧', '氧气', '液氧'],
    confidence: 'V',
  }),
  row(57, '苯', 'Benzene', ['71-43-2'], 50),
  row(58, '苯乙烯', 'Styrene', ['100-42-5'], 500),
  row(59, '丙酮', 'Acetone', ['67-64-1'], 500),
  row(60, '2-丙烯腈', '2-Propenenitrile (acrylonitrile)', ['107-13-1'], 50, { aliases: ['丙烯腈'] }),
  row(61, '二硫化碳', 'Carbon disulfide', ['75-15-0'], 50),
  row(62, '环己烷', 'Cyclohexane', ['110-82-7'], 500),
  row(63, '1,2-环氧丙烷', '1,2-Epoxypropane (propylene oxide)', ['75-56-9'], 10, { aliases: ['环氧丙烷'] }),
  row(64, '甲苯', 'Toluene', ['108-88-3'], 500),
  row(65, '甲醇', 'Methanol', ['67-56-1'], 500),
  row(66, '汽油（乙醇汽油、甲醇汽油）', 'Gasoline (including ethanol and methanol gasoline)', ['86290-81-5'], 200, { aliases: ['汽油'] }),
  row(67, '乙醇', 'Ethanol', ['64-17-5'], 500),
  row(68, '乙醚', 'Diethyl ether', ['60-29-7'], 10),
  row(69, '乙酸乙酯', 'Ethyl acetate', ['141-78-6'], 500),
  row(70, '正己烷', 'n-Hexane', ['110-54-3'], 500),
  row(71, '过乙酸', 'Peracetic acid', ['79-21-0'], 10),
  row(
    72,
    '过氧化甲基乙基酮（10%<有效氧含量≤10.7%，含 A 型稀释剂≥48%）',
    'Methyl ethyl ketone peroxide (specified grade)',
    ['1338-23-4'],
    10,
    {
      aliases: ['过氧化甲基乙基酮'],
      note: bi('等级条件按代码转录，待核对', 'Grade condition per the code transcription; to be checked'),
    },
  ),
  row(73, '白磷', 'White phosphorus', ['12185-10-3'], 50),
  row(74, '烷基铝', 'Alkylaluminium', [], 1),
  row(75, '戊硼烷', 'Pentaborane', ['19624-22-7'], 1),
  row(76, '过氧化钾', 'Potassium peroxide', ['17014-71-0'], 20),
  row(77, '过氧化钠', 'Sodium peroxide', ['1313-60-6'], 20),
  row(78, '氯酸钾', 'Potassium chlorate', ['3811-04-9'], 100),
  row(79, '氯酸钠', 'Sodium chlorate', ['7775-09-9'], 100),
  row(80, '发烟硝酸', 'Fuming nitric acid', ['52583-42-3'], 20),
  row(81, '硝酸（发红烟的除外，含硝酸>70%）', 'Nitric acid (not red-fuming, > 70 %)', ['7697-37-2'], 100, { aliases: ['硝酸'] }),
  row(82, '硝酸胍', 'Guanidine nitrate', ['506-93-4'], 50, { confidence: 'V' }),
  row(83, '碳化钙', 'Calcium carbide', ['75-20-7'], 100, { aliases: ['电石'] }),
  row(84, '钾', 'Potassium', ['7440-09-7'], 1),
  row(85, '钠', 'Sodium', ['7440-23-5'], 10),
];

/** One row of 表2: a hazard category code and its critical quantity. */
export interface HazardCategory {
  code: string;
  /** The GHS class (危险性类别) the code stands for. */
  label: Bilingual;
  criticalQuantityTonnes: number;
  confidence: Confidence;
}

export const table2Source: Bilingual = bi(
  'GB 18218-2018 表2（未在表1中列举的危险化学品类别及其临界量）；取自公开的代码转录，J 类经 siyuancloud.com/90.html 核实',
  'GB 18218-2018 Table 2 (categories of dangerous chemicals not named in Table 1); from a public code transcription, the J rows checked against siyuancloud.com/90.html',
);
export const table2Confidence: Confidence = 'P';

const category = (code: string, zh: string, en: string, criticalQuantityTonnes: number, confidence: Confidence = 'P'): HazardCategory => ({
  code,
  label: bi(zh, en),
  criticalQuantityTonnes,
  confidence,
});

/** 表2: critical quantities by hazard category, for substances not in 表1. */
export const table2: readonly HazardCategory[] = [
  category('J1', '急性毒性-类别1，所有暴露途径，气体', 'Acute toxicity cat. 1, all routes, gas', 5, 'V'),
  category('J2', '急性毒性-类别1，所有暴露途径，固体、液体', 'Acute toxicity cat. 1, all routes, solid or liquid', 50, 'V'),
  category('J3', '急性毒性-类别2、类别3，所有暴露途径，气体', 'Acute toxicity cat. 2 or 3, all routes, gas', 50, 'V'),
  category(
    'J4',
    '急性毒性-类别2、类别3，吸入途径，液体（沸点≤35℃）',
    'Acute toxicity cat. 2 or 3, inhalation, liquid (bp ≤ 35 °C)',
    50,
    'V',
  ),
  category(
    'J5',
    '急性毒性-类别2，所有暴露途径，液体（除 J4 外）、固体',
    'Acute toxicity cat. 2, all routes, liquid (other than J4) or solid',
    500,
    'V',
  ),
  category('W1.1', '不稳定爆炸物；1.1 项爆炸物', 'Unstable explosives; division 1.1', 1),
  category('W1.2', '1.2、1.3、1.5、1.6 项爆炸物', 'Explosives, divisions 1.2, 1.3, 1.5, 1.6', 10),
  category('W1.3', '1.4 项爆炸物', 'Explosives, division 1.4', 50),
  category('W2', '易燃气体，类别1和类别2', 'Flammable gases, cat. 1 and 2', 10),
  category('W3', '气溶胶，类别1和类别2（净重）', 'Aerosols, cat. 1 and 2 (net weight)', 150),
  category('W4', '氧化性气体，类别1', 'Oxidising gases, cat. 1', 50),
  category(
    'W5.1',
    '易燃液体：类别1；类别2和3，工作温度高于沸点',
    'Flammable liquids: cat. 1; cat. 2 and 3 kept above their boiling point',
    10,
  ),
  category(
    'W5.2',
    '易燃液体：类别2和3，具有引发重大事故的特殊工艺条件',
    'Flammable liquids: cat. 2 and 3 under special process conditions that may cause a major accident',
    50,
  ),
  category('W5.3', '不属于 W5.1 或 W5.2 的其他类别2易燃液体', 'Other flammable liquids, cat. 2', 1000),
  category('W5.4', '不属于 W5.1 或 W5.2 的其他类别3易燃液体', 'Other flammable liquids, cat. 3', 5000),
  category('W6.1', '自反应物质和混合物：A型和B型', 'Self-reactive substances and mixtures, types A and B', 10),
  category('W6.2', '自反应物质和混合物：C型、D型、E型', 'Self-reactive substances and mixtures, types C, D and E', 50),
  category('W7.1', '有机过氧化物：A型和B型', 'Organic peroxides, types A and B', 10),
  category('W7.2', '有机过氧化物：C型、D型、E型、F型', 'Organic peroxides, types C to F', 50),
  category('W8', '自燃液体和自燃固体，类别1', 'Pyrophoric liquids and solids, cat. 1', 50),
  category('W9.1', '氧化性固体和液体，类别1', 'Oxidising solids and liquids, cat. 1', 50),
  category('W9.2', '氧化性固体和液体，类别2和类别3', 'Oxidising solids and liquids, cat. 2 and 3', 200),
  category('W10', '易燃固体，类别1', 'Flammable solids, cat. 1', 200),
  category('W11', '遇水放出易燃气体的物质和混合物，类别1和类别2', 'Substances that emit flammable gases with water, cat. 1 and 2', 200),
];

export const hazardCategoryCodes = table2.map((c) => c.code) as [string, ...string[]];

/** One row of 表3: the correction factor β of a named toxic gas. */
export interface NamedGasBeta {
  name: string;
  nameEn: string;
  /** The 表1 row of the same substance. */
  table1No: number;
  beta: number;
}

export const table3Source: Bilingual = bi(
  'GB 18218-2018 表3（毒性气体校正系数 β）；名称据原安监总局令第40号附件1，数值与 2018 版转录一致',
  'GB 18218-2018 Table 3 (β of named toxic gases); names per the former SAWS Order No. 40 annex 1, values matching the 2018 transcription',
);
export const table3Confidence: Confidence = 'V';

/** 表3: β for named toxic gases. */
export const table3: readonly NamedGasBeta[] = [
  { name: '一氧化碳', nameEn: 'Carbon monoxide', table1No: 13, beta: 2 },
  { name: '二氧化硫', nameEn: 'Sulfur dioxide', table1No: 4, beta: 2 },
  { name: '氨', nameEn: 'Ammonia', table1No: 1, beta: 2 },
  { name: '环氧乙烷', nameEn: 'Ethylene oxide', table1No: 7, beta: 2 },
  { name: '氯化氢', nameEn: 'Hydrogen chloride', table1No: 11, beta: 3 },
  { name: '溴甲烷', nameEn: 'Methyl bromide', table1No: 17, beta: 3 },
  { name: '氯', nameEn: 'Chlorine', table1No: 12, beta: 4 },
  { name: '硫化氢', nameEn: 'Hydrogen sulfide', table1No: 10, beta: 5 },
  { name: '氟化氢', nameEn: 'Hydrogen fluoride', table1No: 20, beta: 5 },
  { name: '二氧化氮', nameEn: 'Nitrogen dioxide', table1No: 3, beta: 10 },
  { name: '氰化氢', nameEn: 'Hydrogen cyanide', table1No: 25, beta: 10 },
  { name: '碳酰氯', nameEn: 'Carbonyl chloride (phosgene)', table1No: 6, beta: 20 },
  { name: '磷化氢', nameEn: 'Phosphine', table1No: 9, beta: 20 },
  { name: '异氰酸甲酯', nameEn: 'Methyl isocyanate', table1No: 30, beta: 20 },
];

export const table4Source: Bilingual = bi(
  'GB 18218-2018 表4（未在表3中列举的危险化学品校正系数 β）；仅见于公开的代码转录，待核对',
  'GB 18218-2018 Table 4 (β by category for substances not in Table 3); from a public code transcription only, to be checked',
);
export const table4Confidence: Confidence = 'P';

/** 表4: β by hazard category code. */
export const table4: Readonly<Record<string, number>> = {
  J1: 4,
  J2: 1,
  J3: 2,
  J4: 2,
  J5: 1,
  'W1.1': 2,
  'W1.2': 2,
  'W1.3': 2,
  W2: 1.5,
  W3: 1,
  W4: 1,
  'W5.1': 1.5,
  'W5.2': 1,
  'W5.3': 1,
  'W5.4': 1,
  'W6.1': 1.5,
  'W6.2': 1,
  'W7.1': 1.5,
  'W7.2': 1,
  W8: 1,
  'W9.1': 1,
  'W9.2': 1,
  W10: 1,
  W11: 1,
};

/** One row of 表5: α for the people exposed within 500 m of the plant boundary. */
export interface AlphaBand {
  /** The lowest number of exposed people of the band (inclusive). */
  minPeople: number;
  /** The highest (inclusive); null for 100 or more. */
  maxPeople: number | null;
  alpha: number;
}

export const table5Source: Bilingual = bi(
  'GB 18218-2018 表5（暴露人员校正系数 α，厂区边界外 500 m 范围内常住人口）；原安监总局令第40号附件1',
  'GB 18218-2018 Table 5 (α by the resident population within 500 m outside the plant boundary); former SAWS Order No. 40 annex 1',
);
export const table5Confidence: Confidence = 'V';

/** 表5, highest band first. */
export const table5: readonly AlphaBand[] = [
  { minPeople: 100, maxPeople: null, alpha: 2.0 },
  { minPeople: 50, maxPeople: 99, alpha: 1.5 },
  { minPeople: 30, maxPeople: 49, alpha: 1.2 },
  { minPeople: 1, maxPeople: 29, alpha: 1.0 },
  { minPeople: 0, maxPeople: 0, alpha: 0.5 },
];

/** The grades 一级…四级 by R, highest first: a grade holds R ≥ its `minR` (and below the grade above). */
export const gradeBands: readonly { grade: 1 | 2 | 3 | 4; minR: number; label: Bilingual }[] = [
  { grade: 1, minR: 100, label: bi('一级', 'Grade 1') },
  { grade: 2, minR: 50, label: bi('二级', 'Grade 2') },
  { grade: 3, minR: 10, label: bi('三级', 'Grade 3') },
  { grade: 4, minR: 0, label: bi('四级', 'Grade 4') },
];

export const gradingSource: Bilingual = bi(
  'GB 18218-2018 分级：R = α(β₁q₁/Q₁ + … + βₙqₙ/Qₙ)；R≥100 一级，50≤R<100 二级，10≤R<50 三级，R<10 四级（原安监总局令第40号附件1）',
  'GB 18218-2018 grading: R = α(β₁q₁/Q₁ + … + βₙqₙ/Qₙ); R ≥ 100 grade 1, 50 ≤ R < 100 grade 2, 10 ≤ R < 50 grade 3, R < 10 grade 4 (former SAWS Order No. 40 annex 1)',
);
export const gradingConfidence: Confidence = 'V';

export const identificationSource: Bilingual = bi(
  'GB 18218-2018 辨识：S = q₁/Q₁ + … + qₙ/Qₙ ≥ 1 即构成重大危险源（条款号待核对）；未列入表1的按表2类别，多个类别取最小临界量（待核对）',
  'GB 18218-2018 identification: S = q₁/Q₁ + … + qₙ/Qₙ ≥ 1 makes a major hazard (clause number to be checked); substances not in Table 1 by their Table 2 category, the smallest Q of several (to be checked)',
);
export const identificationConfidence: Confidence = 'U';
