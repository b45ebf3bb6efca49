import { type Bilingual, bi } from '../i18n.js';
import type { Confidence } from '../risk/grading.js';
import type { HazardCategoryCode } from './categories.js';

/** One clause of a 判定标准: its number as the document writes it and a short summary of its text. */
export interface StandardClauseData {
  number: string;
  text: string;
}

/**
 * A 重大事故隐患判定标准 as the project ships it: a hazard matching one of its clauses is 重大 (16号令 Art. 3's
 * definition made concrete per sector). `code` is the key the seed finds it by; `sector` a hazard category code.
 */
export interface HazardStandardData {
  code: string;
  name: string;
  nameEn: string;
  issuer: string;
  documentNumber: string | null;
  sector: HazardCategoryCode | null;
  /** The day it took effect, when known (ISO date). */
  effectiveOn: string | null;
  source: Bilingual;
  confidence: Confidence;
  clauses: readonly StandardClauseData[];
}

/** Written on every standard remembered rather than read: regulations.md §5.2 lists it "from memory". */
const fromMemory = (what: string, whatEn: string): Bilingual =>
  bi(
    `regulations.md §5.2（凭记忆列出，未与官方原文核对）；${what}`,
    `regulations.md §5.2 (listed from memory, not checked against the official text); ${whatEn}`,
  );

/**
 * The 判定标准 library seeded into `hazard_standards` / `hazard_standard_clauses` (an administrator with
 * hazard.manage edits, deactivates and adds to it; the seed never overwrites those edits). Clauses are a
 * representative set summarised from the documents, not their full text; every standard but the
 * 民用爆炸物品 one is unverified ([U], regulations.md §5.2) and the UI says so.
 */
export const builtInHazardStandards: readonly HazardStandardData[] = [
  {
    code: 'gongmao-2023',
    name: '工贸企业重大事故隐患判定标准',
    nameEn: 'Criteria for major accident hazards in industry and trade enterprises',
    issuer: '应急管理部',
    documentNumber: '应急管理部令第10号',
    sector: null,
    effectiveOn: '2023-05-15',
    source: fromMemory('条款摘要，施行日期待核对', 'clauses summarised, date in force to be checked'),
    confidence: 'U',
    clauses: [
      { number: '第三条（一）', text: '未对承包单位、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查的' },
      { number: '第三条（二）', text: '特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业的' },
      { number: '第三条（三）', text: '金属冶炼企业主要负责人、安全生产管理人员未按照规定经考核合格的' },
      {
        number: '第十二条（一）',
        text: '粉尘爆炸危险场所设置在非框架结构的多层建筑物内，或者粉尘爆炸危险场所内设有员工宿舍、会议室、办公室、休息室等人员聚集场所的',
      },
      { number: '第十三条（一）', text: '使用液氨制冷的企业，包装、分割、产品整理场所的空调系统采用氨直接蒸发制冷的' },
      { number: '第十四条（一）', text: '未对有限空间进行辨识、建立安全管理台账，并且未设置明显的安全警示标志的' },
      {
        number: '第十四条（二）',
        text: '未落实有限空间作业审批，或者未执行"先通风、再检测、后作业"要求，或者作业现场未设置监护人员的',
      },
    ],
  },
  {
    code: 'huagong-2017',
    name: '化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）',
    nameEn: 'Criteria for major accident hazards in chemical and hazardous-chemical enterprises (trial)',
    issuer: '原国家安全生产监督管理总局',
    documentNumber: '安监总管三〔2017〕121号',
    sector: 'hazardous_chemicals',
    effectiveOn: null,
    source: fromMemory('二十项中的代表条款摘要', 'a representative part of its twenty items, summarised'),
    confidence: 'U',
    clauses: [
      { number: '一', text: '危险化学品生产、经营单位主要负责人和安全生产管理人员未依法经考核合格' },
      { number: '二', text: '特种作业人员未持证上岗' },
      { number: '三', text: '涉及"两重点一重大"的生产装置、储存设施外部安全防护距离不符合国家标准要求' },
      {
        number: '四',
        text: '涉及重点监管危险化工工艺的装置未实现自动化控制，系统未实现紧急停车功能，装备的自动化控制系统、紧急停车系统未投入使用',
      },
      { number: '七', text: '液化烃、液氨、液氯等易燃易爆、有毒有害液化气体的充装未使用万向管道充装系统' },
      {
        number: '十二',
        text: '涉及可燃和有毒有害气体泄漏的场所未按国家标准设置检测报警装置，爆炸危险场所未按国家标准安装使用防爆电气设备',
      },
      { number: '十五', text: '安全阀、爆破片等安全附件未正常投用' },
      { number: '十八', text: '未按照国家标准制定动火、进入受限空间等特殊作业管理制度，或者制度未有效执行' },
      { number: '二十', text: '未按国家标准分区分类储存危险化学品，超量、超品种储存危险化学品，相互禁配物质混放混存' },
    ],
  },
  {
    code: 'ranqi-2023',
    name: '城镇燃气经营安全重大隐患判定标准',
    nameEn: 'Criteria for major hazards in urban gas supply',
    issuer: '住房和城乡建设部',
    documentNumber: null,
    sector: 'gas',
    effectiveOn: null,
    source: fromMemory(
      '文号、施行日期和条款号待核对，条款为摘要',
      'document number, date in force and clause numbers to be checked; clauses summarised',
    ),
    confidence: 'U',
    clauses: [
      { number: '第三条', text: '未取得燃气经营许可证从事燃气经营活动' },
      { number: '第四条', text: '燃气经营者的主要负责人、安全生产管理人员以及运行、维护和抢修人员未经专业培训并考核合格' },
      { number: '第五条', text: '向未取得燃气经营许可证的单位或者个人提供用于经营的燃气' },
      { number: '第六条', text: '燃气设施的安全保护范围内存在违章占压，或在不具备安全条件的场所储存、使用瓶装燃气' },
    ],
  },
  {
    code: 'fangwu-shizheng-2022',
    name: '房屋市政工程生产安全重大事故隐患判定标准（2022版）',
    nameEn: 'Criteria for major accident hazards in building and municipal works (2022)',
    issuer: '住房和城乡建设部',
    documentNumber: '建质规〔2022〕2号',
    sector: 'construction',
    effectiveOn: null,
    source: fromMemory('2024 年版是否取代待核对，条款为摘要', 'whether a 2024 version replaces it is to be checked; clauses summarised'),
    confidence: 'U',
    clauses: [
      { number: '第三条（一）', text: '建筑施工企业未取得安全生产许可证擅自从事建筑施工活动' },
      {
        number: '第三条（二）',
        text: '施工单位的主要负责人、项目负责人、专职安全生产管理人员未取得安全生产考核合格证书从事相关工作',
      },
      { number: '第三条（三）', text: '建筑施工特种作业人员未取得特种作业人员操作资格证书上岗作业' },
      {
        number: '第三条（四）',
        text: '危险性较大的分部分项工程未编制、未审核专项施工方案，或未按规定组织专家对超过一定规模的危大工程专项施工方案进行论证',
      },
      {
        number: '第四条（一）',
        text: '对因基坑工程施工可能造成损害的毗邻重要建筑物、构筑物和地下管线等，未采取专项防护措施',
      },
    ],
  },
  {
    code: 'daolu-yunshu-2023',
    name: '道路运输企业和城市客运企业安全生产重大事故隐患判定标准（试行）',
    nameEn: 'Criteria for major accident hazards in road transport and urban passenger transport enterprises (trial)',
    issuer: '交通运输部',
    documentNumber: null,
    sector: 'road_transport',
    effectiveOn: null,
    source: fromMemory('文号和条款号待核对，条款为摘要', 'document number and clause numbers to be checked; clauses summarised'),
    confidence: 'U',
    clauses: [
      { number: '第三条（一）', text: '未取得道路运输经营许可，擅自从事道路运输经营' },
      { number: '第三条（二）', text: '使用已达到报废标准或者检测不合格的车辆从事道路运输经营' },
      { number: '第三条（三）', text: '驾驶人员未取得相应从业资格证件从事道路运输经营' },
    ],
  },
  {
    code: 'gb35181-2017',
    name: 'GB 35181-2017 重大火灾隐患判定方法',
    nameEn: 'GB 35181-2017 Determination of major fire hazards',
    issuer: '国家质量监督检验检疫总局、国家标准化管理委员会',
    documentNumber: 'GB 35181-2017',
    sector: 'fire',
    effectiveOn: '2018-07-01',
    source: fromMemory(
      '第 6 章直接判定要素摘要，施行日期待核对',
      'the direct criteria of chapter 6 summarised, date in force to be checked',
    ),
    confidence: 'U',
    clauses: [
      {
        number: '6.2',
        text: '生产、储存、经营易燃易爆危险品的场所与人员密集场所、居住场所设置在同一建筑物内，或与其防火间距小于国家工程建设消防技术标准规定值的75%',
      },
      { number: '6.4', text: '甲、乙类生产场所和仓库设置在建筑的地下室或半地下室' },
      {
        number: '6.5',
        text: '公共娱乐场所、商店、地下人员密集场所的安全出口数量不足或其总净宽度小于国家工程建设消防技术标准规定值的80%',
      },
      {
        number: '6.6',
        text: '旅馆、公共娱乐场所、商店、地下人员密集场所未按国家工程建设消防技术标准的规定设置自动喷水灭火系统或火灾自动报警系统',
      },
      { number: '6.8', text: '在人员密集场所违反消防安全规定使用、储存或销售易燃易爆危险品' },
      { number: '6.9', text: '托儿所、幼儿园的儿童用房以及老年人活动场所，所在楼层位置不符合国家工程建设消防技术标准的规定' },
      {
        number: '6.10',
        text: '人员密集场所的居住场所采用彩钢夹芯板搭建，且彩钢夹芯板芯材的燃烧性能等级低于 GB 8624 规定的 A 级',
      },
    ],
  },
  {
    code: 'minbao-2023',
    name: '民用爆炸物品行业重大事故隐患判定标准（试行）',
    nameEn: 'Criteria for major accident hazards in the civil explosives industry (trial)',
    issuer: '工业和信息化部办公厅',
    documentNumber: '工信厅安全函〔2023〕337号',
    sector: 'hazardous_chemicals',
    effectiveOn: '2023-12-01',
    source: bi(
      'regulations.md §5.2（已核实：m.moheshi.com.cn）；条款未收录，由管理员按原文录入',
      'regulations.md §5.2 (verified: m.moheshi.com.cn); no clauses shipped, the administrator enters them from the text',
    ),
    confidence: 'V',
    clauses: [],
  },
];
