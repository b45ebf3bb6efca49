import { z } from 'zod';
import { type Bilingual, bi } from '../i18n.js';
import { textInput } from '../text.js';
import type { HazardCategoryCode } from './categories.js';
import { defineWorkflow } from '../workflow/engine.js';

/**
 * 排查任务: an inspection of an enterprise or a public place, run down a checklist whose items come
 * from the target's risk sources' control measures, from chosen clauses of the 判定标准 and from a
 * campaign template (专项整治). Each item passes, fails or does not apply; a failed item becomes a
 * hazard (origin `inspection`) in the same transaction.
 */

const reason = z.object({ reason: textInput().min(2, '请填写原因 / give a reason').max(2000) });

/** What the inspector writes when finishing: the findings in a few lines (optional). */
export const inspectionCompleteInput = z.object({ summary: textInput().max(4000).optional() });

/**
 * The life of an inspection: planned, started on site, completed once every item is answered
 * (the service checks that; the machine only knows the states), or cancelled before completion.
 */
export const inspectionWorkflow = defineWorkflow({
  entity: 'hazardInspection',
  initial: 'planned',
  states: {
    planned: { label: bi('待排查', 'Planned') },
    in_progress: { label: bi('排查中', 'In progress') },
    completed: { label: bi('已完成', 'Completed'), terminal: true },
    cancelled: { label: bi('已取消', 'Cancelled'), terminal: true },
  },
  actions: {
    start: { label: bi('开始排查', 'Start'), from: ['planned'], to: 'in_progress', permission: 'hazard.inspect' },
    complete: {
      label: bi('完成排查', 'Complete'),
      from: ['in_progress'],
      to: 'completed',
      permission: 'hazard.inspect',
      input: inspectionCompleteInput,
    },
    cancel: {
      label: bi('取消排查', 'Cancel'),
      from: ['planned', 'in_progress'],
      to: 'cancelled',
      permission: 'hazard.inspect',
      input: reason,
    },
  },
});
export type InspectionStatus = keyof typeof inspectionWorkflow.states;
export const inspectionStatuses = Object.keys(inspectionWorkflow.states) as [InspectionStatus, ...InspectionStatus[]];

/** An item's answer: 合格, 不合格 (a hazard is registered), 不适用; `pending` until answered. */
export const inspectionResults = ['pending', 'pass', 'fail', 'na'] as const;
export type InspectionResult = (typeof inspectionResults)[number];
export const inspectionResultLabels: Record<InspectionResult, Bilingual> = {
  pending: bi('未检查', 'Not checked'),
  pass: bi('合格', 'Pass'),
  fail: bi('不合格', 'Fail'),
  na: bi('不适用', 'Not applicable'),
};

/** Where a checklist item came from: a control measure of a risk source, a standard clause, a template, or typed on the day. */
export const inspectionItemOrigins = ['control_measure', 'clause', 'template', 'custom'] as const;
export type InspectionItemOrigin = (typeof inspectionItemOrigins)[number];

/** The rule an item checks, with where it is written and how sure we are of the reference ([V] checked, [U] from memory). */
export interface ItemBasis {
  rule: string;
  source: string;
  verified: boolean;
}

/** One line of a template: what to look at, the hazard category a failure falls in, and the rule it checks. */
export interface TemplateItem {
  text: string;
  /** The category a hazard found by this item is filed under. */
  category: HazardCategoryCode;
  basis: ItemBasis;
}

/** A campaign checklist (专项整治) as data: an administrator picks one when planning an inspection. */
export interface InspectionTemplate {
  code: string;
  name: Bilingual;
  /** What kind of place it is for. */
  appliesTo: Bilingual;
  items: readonly TemplateItem[];
}

const U = (rule: string, source: string): ItemBasis => ({ rule, source, verified: false });

const FIRE_LAW = '《中华人民共和国消防法》（2021 修正）';
const NINE_SMALL = '《九小场所消防安全管理规定》（各地地方规定，如《西安市“九小”场所消防安全管理规定》）';
const HIGH_RISE = '《高层民用建筑消防安全管理规定》（应急管理部令第5号，2021）';
const EBIKE_GB = 'GB 17761-2018《电动自行车安全技术规范》';
const GAS_STANDARD = '《城镇燃气经营安全重大隐患判定标准》（住房和城乡建设部，2023）';
const GAS_DESIGN = 'GB 50028-2006《城镇燃气设计规范》（2020 年版）';
const CONFINED = '《工贸企业有限空间作业安全规定》（应急管理部令第13号，2023）';
const FIRE_MAJOR = 'GB 35181-2017《重大火灾隐患判定方法》';
const CHEM_MAJOR = '《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》（安监总管三〔2017〕121号）';
const CONSTRUCTION = '《房屋市政工程生产安全重大事故隐患判定标准（2024版）》（住房和城乡建设部）';

/**
 * The seed's special campaigns (任务 20–30, 40–42, 57–58: 九小场所, 电动自行车, 群租房, 城镇燃气,
 * 有限空间, 人员密集场所, 危险化学品, 建筑施工) as checklists. The items paraphrase the rules they
 * check; every reference is flagged unverified ([U]) until checked against the published text.
 */
export const inspectionTemplates: readonly InspectionTemplate[] = [
  {
    code: 'nine_small',
    name: bi('“九小”场所消防安全检查', '"Nine small" premises: fire safety'),
    appliesTo: bi(
      '小商店、小餐饮、小旅馆、小歌舞娱乐、小网吧、小美容洗浴、小生产加工、小学校幼儿园、小医院',
      'Small shops, eateries, hostels, entertainment, internet cafés, salons, workshops, schools and clinics',
    ),
    items: [
      {
        text: '疏散通道、安全出口畅通，未被占用、堵塞、封闭',
        category: 'fire',
        basis: U('不得占用、堵塞、封闭疏散通道、安全出口', `${FIRE_LAW} 第二十八条`),
      },
      {
        text: '按规定配置灭火器且在有效期内，会正确使用',
        category: 'fire',
        basis: U('按照国家标准配置消防设施、器材，并定期检验维修', `${FIRE_LAW} 第十六条`),
      },
      {
        text: '未违规住人（“三合一”场所住宿与经营、储存分隔）',
        category: 'fire',
        basis: U('住宿与生产、储存、经营合用场所应采取防火分隔，不得违规住人', NINE_SMALL),
      },
      {
        text: '电气线路穿管保护，无私拉乱接、超负荷用电',
        category: 'electrical',
        basis: U('电器产品的安装、使用及其线路的设计、敷设应符合消防技术标准', `${FIRE_LAW} 第二十七条`),
      },
      {
        text: '门窗未设置影响逃生和灭火救援的铁栅栏、广告牌等障碍物',
        category: 'fire',
        basis: U('人员密集场所的门窗不得设置影响逃生和灭火救援的障碍物', `${FIRE_LAW} 第二十八条`),
      },
      {
        text: '应急照明、疏散指示标志完好有效',
        category: 'fire',
        basis: U('保障疏散通道、安全出口、消防车通道畅通，保证防火防烟分区、疏散指示标志符合标准', `${FIRE_LAW} 第十六条`),
      },
    ],
  },
  {
    code: 'ebike',
    name: bi('电动自行车停放充电检查', 'E-bikes: parking and charging'),
    appliesTo: bi(
      '住宅小区、高层建筑、电动自行车集中停放充电场所',
      'Residential estates, high-rise buildings, e-bike parking and charging areas',
    ),
    items: [
      {
        text: '未在公共门厅、疏散走道、楼梯间、安全出口停放电动自行车或充电',
        category: 'e_bike',
        basis: U('禁止在高层民用建筑公共门厅、疏散走道、楼梯间、安全出口停放电动自行车或者为电动自行车充电', `${HIGH_RISE} 第三十七条`),
      },
      {
        text: '未“飞线”充电、未将电池带入户内或电梯充电',
        category: 'e_bike',
        basis: U('电动自行车应在集中场所停放充电，不得私拉电线充电', `${HIGH_RISE} 第三十七条`),
      },
      {
        text: '集中充电场所设置具备定时、过载保护、自动断电功能的充电设施',
        category: 'e_bike',
        basis: U('鼓励设置具备定时充电、自动断电、故障报警等功能的充电设施', `${HIGH_RISE} 第三十七条`),
      },
      {
        text: '集中停放充电场所与建筑安全分隔，配置灭火器材',
        category: 'fire',
        basis: U('集中停放、充电场所的消防安全要求', `${HIGH_RISE} 第三十七条`),
      },
      { text: '车辆无违规改装、电池无私自更换', category: 'e_bike', basis: U('电动自行车整车及蓄电池的安全技术要求', EBIKE_GB) },
    ],
  },
  {
    code: 'group_rental',
    name: bi('群租房安全检查', 'Shared rental flats'),
    appliesTo: bi('出租房屋、群租房', 'Rented and multi-occupancy flats'),
    items: [
      {
        text: '未擅自改变房屋结构、未用易燃可燃材料分隔',
        category: 'fire',
        basis: U('不得违规改变房屋结构、使用易燃可燃材料分隔居住空间', '《商品房屋租赁管理办法》（住房和城乡建设部令第6号，2010）第八条'),
      },
      {
        text: '人均居住面积和每间居住人数符合当地标准',
        category: 'crowded_place',
        basis: U('出租房屋人均居住面积不得低于当地人民政府规定的最低标准', '《商品房屋租赁管理办法》第八条'),
      },
      {
        text: '每层配置灭火器，设置独立式感烟火灾探测报警器',
        category: 'fire',
        basis: U('按照国家标准配置消防设施、器材', `${FIRE_LAW} 第十六条`),
      },
      {
        text: '逃生通道畅通，窗户无影响逃生的防盗网',
        category: 'fire',
        basis: U('不得设置影响逃生和灭火救援的障碍物', `${FIRE_LAW} 第二十八条`),
      },
      {
        text: '电气线路规范，无私拉乱接，无电动自行车入户充电',
        category: 'electrical',
        basis: U('电器产品、燃气用具的安装、使用应符合消防技术标准', `${FIRE_LAW} 第二十七条`),
      },
    ],
  },
  {
    code: 'gas_catering',
    name: bi('城镇燃气（餐饮用户）安全检查', 'Town gas: restaurants'),
    appliesTo: bi('使用管道燃气或瓶装液化石油气的餐饮场所', 'Restaurants on piped gas or LPG cylinders'),
    items: [
      {
        text: '安装可燃气体报警装置并与紧急切断阀联锁，运行正常',
        category: 'gas',
        basis: U('餐饮等商业用户未按规定安装可燃气体报警装置构成重大隐患', `${GAS_STANDARD}`),
      },
      {
        text: '燃气管道、软管无老化、破损，连接处无泄漏（肥皂水检漏）',
        category: 'gas',
        basis: U('用户燃气设施应定期检查，使用不合格软管或软管超期使用属隐患', GAS_DESIGN),
      },
      {
        text: '液化石油气钢瓶在检验期内，未超量存放，未在地下、半地下室使用',
        category: 'gas',
        basis: U('地下或半地下空间使用液化石油气构成重大隐患', GAS_STANDARD),
      },
      { text: '燃气用具与可燃物保持安全距离，厨房通风良好', category: 'gas', basis: U('燃气用具的设置与通风要求', GAS_DESIGN) },
      {
        text: '从业人员经燃气安全培训，知晓关阀和应急处置',
        category: 'gas',
        basis: U('燃气用户应遵守安全用气规则', '《城镇燃气管理条例》（国务院令第583号，2016 修订）第二十八条'),
      },
    ],
  },
  {
    code: 'confined_space',
    name: bi('有限空间作业安全检查', 'Confined-space work'),
    appliesTo: bi('存在有限空间的工贸企业、市政管网运维单位', 'Enterprises and utilities with confined spaces'),
    items: [
      {
        text: '建立有限空间管理台账，设置明显的安全警示标志',
        category: 'confined_space',
        basis: U('辨识有限空间并建立台账，设置明显的安全警示标志和警示说明', `${CONFINED} 第八条`),
      },
      { text: '作业审批制度落实，作业前审批', category: 'confined_space', basis: U('有限空间作业应当履行审批手续', CONFINED) },
      {
        text: '坚持“先通风、再检测、后作业”，检测记录完整',
        category: 'confined_space',
        basis: U('作业前通风，检测合格后方可作业，作业中持续监测', CONFINED),
      },
      { text: '作业现场设专人监护，监护人员未离岗', category: 'confined_space', basis: U('作业现场应当设置专人监护', CONFINED) },
      {
        text: '配备呼吸防护、安全带、气体检测仪等防护和救援装备，禁止盲目施救',
        category: 'confined_space',
        basis: U('配备符合要求的防护用品和应急救援装备，严禁盲目施救', CONFINED),
      },
    ],
  },
  {
    code: 'crowded_place',
    name: bi('人员密集场所消防安全检查', 'Crowded places: fire safety'),
    appliesTo: bi(
      '商场、宾馆、医院、学校、养老机构、公共娱乐场所等',
      'Malls, hotels, hospitals, schools, care homes, entertainment venues',
    ),
    items: [
      {
        text: '安全出口、疏散通道未锁闭、未堵塞',
        category: 'crowded_place',
        basis: U('人员密集场所营业期间安全出口、疏散通道上锁、遮挡、占用，属重大火灾隐患判定要素', `${FIRE_MAJOR} 第5章`),
      },
      {
        text: '自动喷水灭火系统、火灾自动报警系统运行正常',
        category: 'fire',
        basis: U('自动消防设施不能正常运行属重大火灾隐患判定要素', `${FIRE_MAJOR} 第7章`),
      },
      {
        text: '消防控制室值班人员持证在岗',
        category: 'fire',
        basis: U('消防控制室应实行每日24小时专人值班，每班不少于2人，值班人员持证上岗', 'GB 25506-2010《消防控制室通用技术要求》'),
      },
      {
        text: '未使用易燃可燃材料装修',
        category: 'fire',
        basis: U('人员密集场所内部装修违规使用易燃可燃材料属重大火灾隐患判定要素', FIRE_MAJOR),
      },
      {
        text: '每日防火巡查、每月防火检查有记录',
        category: 'fire',
        basis: U('人员密集场所应当进行每日防火巡查', '《机关、团体、企业、事业单位消防安全管理规定》（公安部令第61号）第二十五条'),
      },
    ],
  },
  {
    code: 'hazardous_chemicals',
    name: bi('危险化学品企业安全检查', 'Hazardous-chemical enterprises'),
    appliesTo: bi('危险化学品生产、储存、使用、经营单位', 'Enterprises producing, storing, using or trading hazardous chemicals'),
    items: [
      {
        text: '主要负责人和安全生产管理人员依法经考核合格',
        category: 'hazardous_chemicals',
        basis: U('主要负责人和安全管理人员未依法经考核合格构成重大隐患', `${CHEM_MAJOR} 第一条`),
      },
      {
        text: '特种作业人员持证上岗',
        category: 'hazardous_chemicals',
        basis: U('特种作业人员未持证上岗构成重大隐患', `${CHEM_MAJOR} 第二条`),
      },
      {
        text: '涉及“两重点一重大”的装置装备自动化控制系统，重大危险源配备温度、压力、液位、可燃有毒气体泄漏报警等监控',
        category: 'hazardous_chemicals',
        basis: U('未按规定装备自动化控制系统或安全仪表系统构成重大隐患', `${CHEM_MAJOR} 第四条、第七条`),
      },
      {
        text: '危险化学品按规定专库储存，禁忌物料未混存',
        category: 'hazardous_chemicals',
        basis: U('危险化学品储存未按规定分区分类，禁忌物料混存构成重大隐患', `${CHEM_MAJOR} 第十九条`),
      },
      {
        text: '动火、进入受限空间等特殊作业按规定审批',
        category: 'hazardous_chemicals',
        basis: U('未按国家标准制定动火、进入受限空间等特殊作业管理制度或制度未有效执行构成重大隐患', `${CHEM_MAJOR} 第二十条`),
      },
    ],
  },
  {
    code: 'construction',
    name: bi('建筑施工安全检查', 'Building construction sites'),
    appliesTo: bi('房屋建筑和市政基础设施工程施工现场', 'Building and municipal construction sites'),
    items: [
      {
        text: '施工单位取得安全生产许可证，项目负责人、专职安全员持证在岗',
        category: 'construction',
        basis: U('施工单位未取得安全生产许可证擅自施工，或项目负责人、专职安全员未到岗履职构成重大隐患', `${CONSTRUCTION} 第三条`),
      },
      {
        text: '深基坑、高支模、脚手架等危大工程按专项施工方案实施',
        category: 'construction',
        basis: U('危险性较大的分部分项工程未编制、未审核专项施工方案，或未按方案施工构成重大隐患', CONSTRUCTION),
      },
      {
        text: '塔式起重机、施工升降机等起重机械经检验合格，安全装置有效',
        category: 'special_equipment',
        basis: U('建筑起重机械安全装置失效或未经验收投入使用构成重大隐患', CONSTRUCTION),
      },
      {
        text: '临边、洞口防护到位',
        category: 'construction',
        basis: U('高处作业临边、洞口防护不到位属施工安全隐患', 'JGJ 80-2016《建筑施工高处作业安全技术规范》'),
      },
      {
        text: '施工现场临时用电采用三级配电、两级保护',
        category: 'electrical',
        basis: U('施工现场临时用电应采用三级配电系统、TN-S 接零保护系统和二级漏电保护系统', 'JGJ 46-2005《施工现场临时用电安全技术规范》'),
      },
    ],
  },
];

/** The template with this code, or undefined. */
export const inspectionTemplate = (code: string): InspectionTemplate | undefined => inspectionTemplates.find((t) => t.code === code);

export const inspectionTemplateCodes = inspectionTemplates.map((t) => t.code) as [string, ...string[]];

/** One checklist item before it is stored: its text, where it came from and the rule it checks. */
export interface ChecklistItemDraft {
  text: string;
  origin: InspectionItemOrigin;
  category: string | null;
  basis: string | null;
  controlMeasureId: string | null;
  riskSourceId: string | null;
  clauseId: string | null;
}

/** A risk source's control measure as the checklist reads it. */
export interface MeasureForChecklist {
  id: string;
  sourceId: string;
  sourceName: string;
  description: string;
  /** The category of hazard a failed measure is filed under (from the source's category, when known). */
  category: string | null;
}

/** A standard clause as the checklist reads it. */
export interface ClauseForChecklist {
  id: string;
  /** e.g. `GB 35181-2017 5.1.1` or `应急管理部令第10号 第三条（一）`. */
  reference: string;
  text: string;
  category: string | null;
}

/** How a basis reads on an item and on the hazard it becomes: the rule, then its source, then [U] while unverified. */
export const basisText = (b: ItemBasis): string => `${b.rule}（${b.source}）${b.verified ? '' : ' [U]'}`;

/**
 * Builds a checklist in a fixed order: the target's own control measures first (what the
 * enterprise promised to keep up), then the chosen standard clauses, then the template's items,
 * then what the inspector adds. An item repeating an earlier one's text is left out, so a measure
 * written the same as a template line is checked once.
 */
export function buildChecklist(input: {
  measures: readonly MeasureForChecklist[];
  clauses: readonly ClauseForChecklist[];
  template?: InspectionTemplate | undefined;
  custom?: readonly string[];
}): ChecklistItemDraft[] {
  const none = { controlMeasureId: null, riskSourceId: null, clauseId: null };
  const drafts: ChecklistItemDraft[] = [
    ...input.measures.map((m) => ({
      ...none,
      text: `${m.sourceName}：${m.description}`,
      origin: 'control_measure' as const,
      category: m.category,
      basis: bi('风险管控措施', 'Risk control measure').zh,
      controlMeasureId: m.id,
      riskSourceId: m.sourceId,
    })),
    ...input.clauses.map((c) => ({
      ...none,
      text: c.text,
      origin: 'clause' as const,
      category: c.category,
      basis: c.reference,
      clauseId: c.id,
    })),
    ...(input.template?.items ?? []).map((i) => ({
      ...none,
      text: i.text,
      origin: 'template' as const,
      category: i.category,
      basis: basisText(i.basis),
    })),
    ...(input.custom ?? []).map((text) => ({ ...none, text, origin: 'custom' as const, category: null, basis: null })),
  ];
  const seen = new Set<string>();
  return drafts.filter((d) => {
    const key = d.text.replace(/\s+/g, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether an inspection may be completed: every item answered. The unanswered positions otherwise (1-based, as shown). */
export function unansweredItems(items: readonly { position: number; result: InspectionResult }[]): number[] {
  return items.filter((i) => i.result === 'pending').map((i) => i.position);
}
