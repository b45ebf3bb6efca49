/**
 * The campaign plan of the first district, transcribed from 西港安城创〔2020〕1号
 * 《西安国际港务区国家安全发展示范城市创建工作领导小组关于印发〈西安国际港务区国家安全发展示范城市创建工作实施方案〉的通知》,
 * issued 2020-11-17 (project seed 000_fe1efa791d968ace.txt):
 *   附件1 实施方案 §三 创建步骤 → campaignPhases (five phases);
 *   附件2 任务分解表 → campaignSections, campaignTasks (100 tasks in 7 sections);
 *   附件3 日程安排表 → campaignSchedule (19 rows).
 * Texts are the seed's, with whitespace normalised and rows that a page break split joined again.
 * Errors in the seed are kept as printed (e.g. 附件3 row 12 "2020年3月31日前"); consistency.ts flags
 * them for the administrator. `responsible` is parseResponsible(responsibleText) written out, so a
 * reviewer sees every unit; a test keeps the two in step.
 */
import type { CampaignPhase, CampaignScheduleRow, CampaignSection, CampaignTask, CampaignTemplate } from './types.js';

/** The seven sections of 附件2. */
export const campaignSections: readonly CampaignSection[] = [
  { no: 1, title: '一、城市安全状况显著改善' },
  { no: 2, title: '二、加强城市安全源头治理' },
  { no: 3, title: '三、加强城市安全风险防控' },
  { no: 4, title: '四、加强城市安全监督管理' },
  { no: 5, title: '五、提升城市安全保障能力' },
  { no: 6, title: '六、提升城市安全应急救援能力' },
  { no: 7, title: '七、创建工作中的特色亮点工作' },
];

/** 附件2 任务分解表: the 100 tasks. */
export const campaignTasks: readonly CampaignTask[] = [
  {
    seq: 1,
    section: 1,
    content: '近三年亿元国内生产总值生产安全事故死亡率逐年下降。',
    responsibleText: '安委会各成员单位',
    responsible: [{ group: '安委会各成员单位' }],
    deadlineText: '2020年11月 -2021年7月',
  },
  {
    seq: 2,
    section: 1,
    content: '近三年道路交通事故万车死亡率逐年下降。',
    responsibleText: '交安委办及交安委会各成员单位',
    responsible: [{ orgCode: 'JAWB', role: 'member' }, { group: '交安委会各成员单位' }],
    deadlineText: '2020年11月 -2021年7月',
  },
  {
    seq: 3,
    section: 1,
    content: '近三年火灾十万人口死亡率逐年下降。',
    responsibleText: '消安委办及消安委会各成员单位',
    responsible: [{ orgCode: 'XAWB', role: 'member' }, { group: '消安委会各成员单位' }],
    deadlineText: '2020年11月 -2021年7月',
  },
  {
    seq: 4,
    section: 1,
    content: '近三年平均每百万人口因灾死亡率逐年下降。',
    responsibleText: '应急管理局、交通运输局、农水局、资源规划局等负有自然灾害防治职责的部门,各街办',
    responsible: [
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'NSJ', role: 'member' },
      { orgCode: 'ZYGHJ', role: 'member' },
      { group: '负有自然灾害防治职责的部门' },
      { group: '各街办' },
    ],
    deadlineText: '2020年11月 -2021年7月',
  },
  {
    seq: 5,
    section: 1,
    content:
      '近5年内未发生特别重大事故灾难,且在近3年内未发生重大事故灾难;近1年内未因城市安全有关工作不力被国务院安委会或安委办约谈、通报;国务院安委会或安委办挂牌督办的重大安全隐患已全部按时整改到位;近1年内未发生重特大环境污染和生态破坏事件、药品安全事件或食品安全事故,未出现因工作不力导致重特大自然灾害事件损失扩大、造成恶劣影响的情形。',
    responsibleText: '安委会各成员单位',
    responsible: [{ group: '安委会各成员单位' }],
    deadlineText: '2020年11月 -2021年7月',
  },
  {
    seq: 6,
    section: 2,
    content:
      '制定城市经济社会发展和城市国土空间总体规划(城市总体规划)及综合防灾减灾、安全生产、防震减灾、地质灾害防治、防洪、职业病防治、消防、道路交通安全管理、排水防涝等专项规划和年度实施计划,并组织专家对总体规划、专项规划进行论证评审和中期评估。',
    responsibleText: '经发局、资源规划局、交通运输局、农水局、教育卫健局、应急管理局、城管局、消防救援大队等相关部门',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'ZYGHJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'NSJ', role: 'member' },
      { orgCode: 'JYWJJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'CGJ', role: 'member' },
      { orgCode: 'XFJYDD', role: 'member' },
      { group: '各相关部门和单位' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 7,
    section: 2,
    content: '严格安全准入,建设项目按规定开展安全预评价(设立安全评价)、地震安全性评价、地质灾害危险性评估。',
    responsibleText: '交通运输局、应急管理局、农水局、资源规划局、港口局',
    responsible: [
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'NSJ', role: 'member' },
      { orgCode: 'ZYGHJ', role: 'member' },
      { orgCode: 'GKJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 8,
    section: 2,
    content:
      '加强城市交通、供水、排水防涝、供气、供电和污水、污泥、垃圾处理等基础设施的建设运营全过程安全监管和通信设施建设的协调保障。市政消火栓（消防水鹤）完好率 100%；市政供水、供热和燃气老旧管网改造率 > 80%。',
    responsibleText: '城管局、交通运输局、经发局、农水局、消防救援大队',
    responsible: [
      { orgCode: 'CGJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'NSJ', role: 'member' },
      { orgCode: 'XFJYDD', role: 'member' },
    ],
    deadlineText: '2021 年 4 月',
  },
  {
    seq: 9,
    section: 2,
    content:
      '消防站建设规模和布局符合标准要求，在接到出动指令后 5 分钟内消防队到达辖区边缘；重点社区“四有”（有消防工作站、消防宣传橱窗、公共消防器材点、志愿消防队伍）、重点行政村“五有”（有防火公约、消防宣传标语、志愿消防队伍、消防水源、专兼职消防管理人员）达标率 100%。',
    responsibleText: '消防救援大队、资源规划局、交通运输局、应急管理局',
    responsible: [
      { orgCode: 'XFJYDD', role: 'member' },
      { orgCode: 'ZYGHJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
    ],
    deadlineText: '2021 年 4 月',
  },
  {
    seq: 10,
    section: 2,
    content:
      '居民小区消防安全警示、标识设置率 100%；消防通信、消防供水等消防设施正常维护率达到 95% 以上；消防通信设施完好率 ≥ 95%；消防站及特勤站中的消防车、防护装备、抢险救援器材和灭火器材的配备达标率 100%；居（村）委会和物业服务企业每年至少组织 1 次消防应急疏散演练。',
    responsibleText: '交通运输局、消防救援大队，各街办',
    responsible: [{ orgCode: 'JTYSJ', role: 'member' }, { orgCode: 'XFJYDD', role: 'member' }, { group: '各街办' }],
    deadlineText: '2021 年 4 月',
  },
  {
    seq: 11,
    section: 2,
    content:
      '加强城市交通基础设施建设，根据交通管理要求，在合适的双向六车道及以上道路按规定设置分隔设施；城市桥梁设置限高、限重标识；新建或改建的一级公路按照公路相关涉及规范要求设置中央隔离设施；中心城区中小学校、幼儿园周边不少于 150 米范围内交通安全设施齐全。',
    responsibleText: '交通运输局、教育卫健局',
    responsible: [
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'JYWJJ', role: 'member' },
    ],
    deadlineText: '2021 年 4 月',
  },
  {
    seq: 12,
    section: 2,
    content:
      '城市堤防、河道等防洪工程按规划标准建设，区域骨干河道及重要支流防洪标准基本达到 20 年一遇，区域除涝标准达到 20 年一遇；主城区防洪标准基本达到 100 年一遇。城市主要排涝河道及泵站基本达到 20 年一遇，城市管网排水标准达到 2—3 年一遇，重要地区 3—5 年一遇。城市易涝点按整改方案和计划完成防涝改造。',
    responsibleText: '农水局、交通运输局，',
    responsible: [
      { orgCode: 'NSJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
    ],
    deadlineText: '规划水平年',
  },
  {
    seq: 13,
    section: 2,
    content: '加强城市棚户区、城中村和危房改造过程中的安全监督管理，城市违法建筑整治率达到规划水平年标准。',
    responsibleText: '征迁办、交通运输局，各街办',
    responsible: [{ orgCode: 'ZQB', role: 'member' }, { orgCode: 'JTYSJ', role: 'member' }, { group: '各街办' }],
    deadlineText: '2021 年 6 月',
  },
  {
    seq: 14,
    section: 2,
    content:
      '编制综合管廊建设规划，因地制宜推进城市地下管网和地下综合管廊系统建设。城市新区新建道路综合管廊建设率 > 30%；城市道路综合管廊综合配建率 > 2%。',
    responsibleText: '资源规划局、交通运输局',
    responsible: [
      { orgCode: 'ZYGHJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
    ],
    deadlineText: '2021 年 4 月',
  },
  {
    seq: 15,
    section: 2,
    content:
      '严格执行城市安全生产禁止和限制类产业目录，推动城市产业结构调整，治理整顿安全生产条件落后的生产经营单位，经整改仍不具备安全生产条件的，依法实施关闭。',
    responsibleText: '经发局、应急管理局等各行业主管部门，各街办',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { group: '各行业主管部门' },
      { group: '各街办' },
    ],
    deadlineText: '2021 年 4 月',
  },
  {
    seq: 16,
    section: 2,
    content: '制定完善高危行业企业退城入园、搬迁改造和退出转产扶持奖励政策、工作方案和计划，并按计划逐步落实推进。',
    responsibleText: '经发局、交通运输局、应急管理局、资源规划局等相关部门，各街办',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'ZYGHJ', role: 'member' },
      { group: '各相关部门和单位' },
      { group: '各街办' },
    ],
    deadlineText: '2021年4月',
  },
  {
    seq: 17,
    section: 2,
    content:
      '加快推进城镇人口密集区不符合安全和卫生防护距离要求的危险化学品生产、储存企业就地改造达标、搬迁进入规范化工园区或依法关闭退出。新建危险化学品生产企业进园入区率100%。',
    responsibleText: '经发局、交通运输局、应急管理局、资源规划局等相关部门，各街办',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'ZYGHJ', role: 'member' },
      { group: '各相关部门和单位' },
      { group: '各街办' },
    ],
    deadlineText: '2021年4月',
  },
  {
    seq: 18,
    section: 2,
    content: '制定安全产业规划，引导企业聚焦发展安全产业，改造提升传统行业工艺技术和安全装备水平，促进安全产业供给侧结构性改革。',
    responsibleText: '经发局、财政局、应急管理局',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'CZJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 19,
    section: 3,
    content:
      '强化危化品监管，全面建立区级危化品安全风险分布档案，形成危化品安全风险“一张图一张表”。危险化学品重大危险源的企业视频和安全监控系统安装率及危险化学品监测预警系统建设完成率100%；危化品生产、使用、储存企业二级安全生产标准化建设达标率100%；涉及重点监管危险化工工艺和重大危险源的危险化学品生产装置和储存设施安全仪表系统装备率100%。',
    responsibleText: '应急管理局、港口局、经发局、交通运输局等相关部门',
    responsible: [
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'GKJ', role: 'member' },
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { group: '各相关部门和单位' },
    ],
    deadlineText: '2021年5月',
  },
  {
    seq: 20,
    section: 3,
    content: '严格落实烟花爆竹安全管理规定，持续开展烟花爆竹安全专项整治，从严打击私产、私销、私储、私运等违法行为。',
    responsibleText: '各派出所（平安办对接联系）、应急管理局、工商分局、交通运输局等相关部门和单位',
    responsible: [
      { orgCode: 'PCS', role: 'member', via: 'PAB' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'GSFJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { group: '各相关部门和单位' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 21,
    section: 3,
    content:
      '加强学校实验室危险化学品的安全检查，特别是对涉及采购、运输、储存、使用以及废弃物处置环境污染监管等环节的安全风险进行全时段、全方位管控。',
    responsibleText: '教育卫健局、各派出所（平安办对接联系）、交通运输局、市容环境局',
    responsible: [
      { orgCode: 'JYWJJ', role: 'member' },
      { orgCode: 'PCS', role: 'member', via: 'PAB' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'SRHJJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 22,
    section: 3,
    content: '油气长输管道定检率、安全距离达标率、途经人员密集场所高后果区域安装监测监控率100%。',
    responsibleText: '经发局、质监分局',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'ZJFJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 23,
    section: 3,
    content: '工业、商贸企业持续深化涉氨制冷、粉尘防爆等专项整治、有限空间作业条件确认等工作，全面落实安全责任，强化各项安全防范措施。',
    responsibleText: '经发局、应急管理局',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 24,
    section: 3,
    content: '组织开展防高坠、防坍塌等专项治理行动，加强建设工程施工现场消防安全监督管理。',
    responsibleText: '交通住建局、陆港集团',
    responsible: [
      { orgCode: 'JTZJJ', role: 'member' },
      { orgCode: 'LGJT', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 25,
    section: 3,
    content:
      '建设施工现场视频监控系统安装率100%，大型起重机械安全监控系统出厂安装率100%；危大工程施工方案按规定审查并施工。建筑施工企业主要负责人、项目负责人、专兼职安全管理人员和特种作业人员持证上岗率达100%；安全生产标准化考评合格率90%。',
    responsibleText: '交通住建局、陆港集团、质监分局',
    responsible: [
      { orgCode: 'JTZJJ', role: 'member' },
      { orgCode: 'LGJT', role: 'member' },
      { orgCode: 'ZJFJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 26,
    section: 3,
    content:
      '对大型商业综合体、地铁公交站点、宗教活动场所、旅游景区、商场超市、养老、校园、医院、体育场馆等重点人员密集场所按规定开展风险评估，设置视频监控系统；人员密集场所特种设备注册登记和定检率100%；建立大客流监测预警和应急管控制度；人员密集场所安全出口、疏散通道等符合标准要求；火灾自动报警系统等消防设施符合标准要求。',
    responsibleText: '经发局、交通住建局、组织人事局、社会事业局、教育卫健局、质监分局、消防救援大队、应急管理局等相关部门',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'JTZJJ', role: 'member' },
      { orgCode: 'ZZRSJ', role: 'member' },
      { orgCode: 'SHSYJ', role: 'member' },
      { orgCode: 'JYWJJ', role: 'member' },
      { orgCode: 'ZJFJ', role: 'member' },
      { orgCode: 'XFJYDD', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { group: '各相关部门和单位' },
    ],
    deadlineText: '2021年4月',
  },
  {
    seq: 27,
    section: 3,
    content: '对安全风险较高的大型群众性活动开展风险评估，建立大客流监测预警和应急管控措施。',
    responsibleText: '各派出所（平安办对接联系）',
    responsible: [{ orgCode: 'PCS', role: 'member', via: 'PAB' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 28,
    section: 3,
    content:
      '持续开展高层建筑、大型商业综合体、综合交通枢纽、隧道桥梁、管线管廊、道路铁路轨道交通、燃气工程、排水防涝、垃圾填埋场（渣土受纳场）、加油（气）站、电力设施、电动自行车停放充电场所、危险化学品储存、宗教活动场所、渡口（码头）渡船、地下空间、旅游景区、商场超市、养老、校园、医院、体育场馆、绿化园林、电梯、游乐设施等安全隐患排查治理。深化电气火灾、文物古建筑、宗教活动场所等消防安全综合治理工作。高层建筑按规定设置消防安全经理人、楼长、消防安全警示、标识公告牌。消防安全重点单位消防安全“户籍化”工作验收达标率达到100%。',
    responsibleText:
      '交通住建局、经发局、农水局、城管局、应急管理局、教育卫健局、社会事业局、组织人事局、资源规划局、教育卫健局、市容环境局、应急管理局、质监分局、消防救援大队、陆港集团等相关部门，各街办',
    responsible: [
      { orgCode: 'JTZJJ', role: 'member' },
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'NSJ', role: 'member' },
      { orgCode: 'CGJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'JYWJJ', role: 'member' },
      { orgCode: 'SHSYJ', role: 'member' },
      { orgCode: 'ZZRSJ', role: 'member' },
      { orgCode: 'ZYGHJ', role: 'member' },
      { orgCode: 'SRHJJ', role: 'member' },
      { orgCode: 'ZJFJ', role: 'member' },
      { orgCode: 'XFJYDD', role: 'member' },
      { orgCode: 'LGJT', role: 'member' },
      { group: '各相关部门和单位' },
      { group: '各街办' },
    ],
    deadlineText: '2021年4月',
  },
  {
    seq: 29,
    section: 3,
    content:
      '强化重点林区和森林公园、自然保护区、风景名胜区等区域巡查监控，做好森林防火巡护、火源管理、火情监测预警等工作，切实消除林火隐患。',
    responsibleText: '资源规划局、应急管理局、消防救援大队',
    responsible: [
      { orgCode: 'ZYGHJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'XFJYDD', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 30,
    section: 3,
    content:
      '开展“九小”场所事故隐患排查，按计划完成整改。餐饮场所按规定安装可燃气体浓度报警装置。各类游乐场所和游乐设施开展事故隐患排查，按计划完成整改。',
    responsibleText: '各派出所（平安办对接联系）、交通住建局、质监分局、食药监局、社会事业局',
    responsible: [
      { orgCode: 'PCS', role: 'member', via: 'PAB' },
      { orgCode: 'JTZJJ', role: 'member' },
      { orgCode: 'ZJFJ', role: 'member' },
      { orgCode: 'SYJ', role: 'member' },
      { orgCode: 'SHSYJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 31,
    section: 3,
    content: '供电、供水、供热管网安装安全监测监控设备，重要燃气管网和厂站监测监控设备安装率 100%，用户平均停电时间低于全国城市平均水平。',
    responsibleText: '经发局、农水局、交通运输局',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'NSJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
    ],
    deadlineText: '2020 年 12 月',
  },
  {
    seq: 32,
    section: 3,
    content: '建立地下管线综合管理信息系统，开展地下管线隐患排查，按计划完成整改，燃气管线重大安全隐患整改率 100%。',
    responsibleText: '资源规划局、交通运输局、质监分局等相关部门',
    responsible: [
      { orgCode: 'ZYGHJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'ZJFJ', role: 'member' },
      { group: '各相关部门和单位' },
    ],
    deadlineText: '2021 年 6 月',
  },
  {
    seq: 33,
    section: 3,
    content:
      '建立城市电梯应急处置平台，高层建筑、人员密集场所特种设备注册登记、定期检验率和作业人员持证上岗率 100%；公众聚集场所特种设备使用单位依法需配备专职安全管理员的，配备率达到 100%。',
    responsibleText: '质监分局',
    responsible: [{ orgCode: 'ZJFJ', role: 'member' }],
    deadlineText: '2020 年 12 月',
  },
  {
    seq: 34,
    section: 3,
    content:
      '制定城市公共交通应急预案，定期开展应急演练；建立公交驾驶员生理、心理健康监测机制，定期开展评估；新增公交车驾驶区域安装安全防护隔离设施。',
    responsibleText: '交通运输局、交警一中队',
    responsible: [
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'JJYZD', role: 'member', via: 'CGJ' },
    ],
    deadlineText: '2020 年 12 月',
  },
  {
    seq: 35,
    section: 3,
    content: '长途客运车辆、旅游客车、危险物品运输车辆安装防碰撞、智能视频监控报警装置和卫星定位装置。',
    responsibleText: '交通运输局',
    responsible: [{ orgCode: 'JTYSJ', role: 'member' }],
    deadlineText: '2020 年 12 月',
  },
  {
    seq: 36,
    section: 3,
    content:
      '“两客一危”道路运输企业安全生产标准化建设达标。“两客一危”车辆动态监管装置安装使用率达 95%。区（县）级以上客运场站全部符合《汽车客运站安全生产规范》。对交通流量大、事故多发、违法频率较高等重要路段实施路网运行监测与交通执法监控，对事故多发、易发路段进行实时安全监控。城市内渡口渡船安全达标率 100%。',
    responsibleText: '交通运输局、交警一中队',
    responsible: [
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'JJYZD', role: 'member', via: 'CGJ' },
    ],
    deadlineText: '2021 年 4 月',
  },
  {
    seq: 37,
    section: 3,
    content:
      '建立铁路沿线安全环境整治“双段长”机制；定期组织开展铁路沿线外部环境问题整改专项行动；按计划治理完成铁路外部环境安全管控通报问题。',
    responsibleText: '交通运输局、城管局',
    responsible: [
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'CGJ', role: 'member' },
    ],
    deadlineText: '2020 年 12 月',
  },
  {
    seq: 38,
    section: 3,
    content: '定期开展桥梁、隧道技术状况检测评估，桥梁、隧道安全设施隐患按计划完成整改。',
    responsibleText: '交通运输局',
    responsible: [{ orgCode: 'JTYSJ', role: 'member' }],
    deadlineText: '2020 年 12 月',
  },
  {
    seq: 39,
    section: 3,
    content: '实行农机报废更新补贴政策，引导淘汰老旧农机；配合开展道路联合执法。',
    responsibleText: '农水局，各街办',
    responsible: [{ orgCode: 'NSJ', role: 'member' }, { group: '各街办' }],
    deadlineText: '2020 年-2021 年',
  },
  {
    seq: 40,
    section: 3,
    content: '开展城市老旧房屋安全隐患排查，按计划完成隐患整改。加大城市棚户区、城中村、既有房屋装饰装修和危房改造过程中的安全监管。',
    responsibleText: '交通运输局，各街办',
    responsible: [{ orgCode: 'JTYSJ', role: 'member' }, { group: '各街办' }],
    deadlineText: '2020 年 12 月',
  },
  {
    seq: 41,
    section: 3,
    content:
      '加强老旧建筑、户外广告、店招牌、幕墙、道口遮阳棚和楼房外墙附着物管理，开展户外广告牌、灯箱、店招牌隐患排查，按计划完成隐患整改，严防倒塌和坠落事故。',
    responsibleText: '城管局、交通运输局',
    responsible: [
      { orgCode: 'CGJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
    ],
    deadlineText: '2020 年 12 月',
  },
  {
    seq: 42,
    section: 3,
    content:
      '持续开展全区群租房安全专项整治行动，全面整治城市住宅小区、公寓楼等公共居住区域日租房现象，从严打击以日租房之名开办“黑旅馆”等突出问题。',
    responsibleText: '交通运输局、陆港集团、各街办',
    responsible: [{ orgCode: 'JTYSJ', role: 'member' }, { orgCode: 'LGJT', role: 'member' }, { group: '各街办' }],
    deadlineText: '2020年10月',
  },
  {
    seq: 43,
    section: 3,
    content:
      '气象、水文监测预警系统正常运行；气象灾害预警信息公众覆盖率>90%；完善应急广播体系，畅通预警信息传播绿色通道；开展城市洪水、内涝风险和隐患排查，按计划完成整改；易燃易爆场所安装雷电防护装置并定期检测。',
    responsibleText: '应急管理局、农水局、交通运输局、港口局、经发局，各街办',
    responsible: [
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'NSJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'GKJ', role: 'member' },
      { orgCode: 'JFJ', role: 'member' },
      { group: '各街办' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 44,
    section: 3,
    content:
      '开展城市活动断层探测及国家地震烈度速报和预警工程项目；开展老旧房屋抗震风险排查、鉴定和加固；按抗震设防要求设计和施工学校、医院等建设工程；编制年度地质灾害防治方案，并按照计划实施；在地质灾害隐患点设置警示标志和采取自动化监测技术，向受威胁群众发放防灾明白卡、避险明白卡和防御预案表。',
    responsibleText: '资源规划局、交通运输局、应急管理局',
    responsible: [
      { orgCode: 'ZYGHJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
    ],
    deadlineText: '2021年4月',
  },
  {
    seq: 45,
    section: 4,
    content:
      '坚持党政同责、一岗双责、齐抓共管、失职追责。各级党（工）委定期听取、研究安全生产重大问题；政府每季度召开安全生产专题会议，及时研究部署城市安全工作。各级党（工）委和政府主要负责人是城市安全发展工作的第一责任人；党政班子其他成员对分管领域内城市安全发展负直接领导责任。',
    responsibleText: '安委办、管委会办公室，各街办',
    responsible: [{ orgCode: 'AWB', role: 'member' }, { orgCode: 'GWH-BGS', role: 'member' }, { group: '各街办' }],
    deadlineText: '2020年-2021年',
  },
  {
    seq: 46,
    section: 4,
    content:
      '建立健全督查督办、巡查考核、挂牌通报、警示约谈、移送移交等责任监督和约束机制，推动各级依法依规主动担当作为，认真履职尽责到位。',
    responsibleText: '安委办、各相关部门、各街办',
    responsible: [{ orgCode: 'AWB', role: 'member' }, { group: '各相关部门和单位' }, { group: '各街办' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 47,
    section: 4,
    content:
      '按照“三个必须”和“谁主管谁负责”原则，明确各有关部门安全生产职责；按照编制部门要求，明确重点部门安全监督管理机构，配齐配强机构人员，确保各级各部门履职尽责到位。',
    responsibleText: '安委办、各街办',
    responsible: [{ orgCode: 'AWB', role: 'member' }, { group: '各街办' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 48,
    section: 4,
    content:
      '将创建国家安全发展示范城市和安全生产专项整治工作统筹纳入综治及平安建设体系；安全生产作为领导干部政绩考核的重要内容；建立健全城市安全发展创建工作目标考核体系。',
    responsibleText: '安委办、平安办、组织人事局，各街办',
    responsible: [
      { orgCode: 'AWB', role: 'member' },
      { orgCode: 'PAB', role: 'member' },
      { orgCode: 'ZZRSJ', role: 'member' },
      { group: '各街办' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 49,
    section: 4,
    content: '落实安全生产巡查工作，强化政治、责任、措施、效果巡查督导，扎实推进党政领导属地监管责任、部门监管责任、企业主体责任落实。',
    responsibleText: '安委办，各负有安全生产监管职责的部门',
    responsible: [{ orgCode: 'AWB', role: 'member' }, { group: '负有安全生产监管职责的部门' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 50,
    section: 4,
    content:
      '企业安全培训达到“四个100%”（高危行业“三项岗位”人员100%持证上岗，以班组长、新工人、外来务工人员为重点的企业从业人员100%培训合格后上岗，各级安全监管监察人员 100%持执法证上岗，确保安全培训机构的老师参加知识更新培训；持续提高企业员工工伤保险参保人数，2020 年达到 275.79 万人，高危行业（领域）实行安全生产责任保险。生产经营单位建立事故隐患自查自报自治制度，构建以生产经营单位为主体的隐患排查治理运行机制。',
    responsibleText: '安委会各成员单位，各街办',
    responsible: [{ group: '安委会各成员单位' }, { group: '各街办' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 51,
    section: 4,
    content:
      '开展城市安全风险辨识与评估工作；对城市功能区进行安全风险评估，编制城市安全风险白皮书并及时更新；建立城市安全风险信息管理平台并绘制四色等级安全风险分布图；推进城市风险（源）普查辨识建档暨责任厘清工作，普查建档率达到 100%。',
    responsibleText: '安委办，负有安全生产监管职责的部门，各街办',
    responsible: [{ orgCode: 'AWB', role: 'member' }, { group: '负有安全生产监管职责的部门' }, { group: '各街办' }],
    deadlineText: '2021 年 4 月',
  },
  {
    seq: 52,
    section: 4,
    content: '研究制定重大安全风险“一票否决”的具体情形和管理办法，建立完善重大安全风险联防联控机制，明确风险管控的责任部门和单位。',
    responsibleText: '安委办，负有安全生产监管职责的部门，各街办',
    responsible: [{ orgCode: 'AWB', role: 'member' }, { group: '负有安全生产监管职责的部门' }, { group: '各街办' }],
    deadlineText: '2020 年 12 月',
  },
  {
    seq: 53,
    section: 4,
    content:
      '建立大客流监测预警和应急管控处置机制，完善大型群众性活动和人员密集场所安全管理制度，对重大会议和大型活动、人员密集场所、安全风险较高的大型群众性活动开展安全风险评估。',
    responsibleText: '各派出所（平安办对接联系）、交通住建局、经发局、社会事业局、教育卫健局',
    responsible: [
      { orgCode: 'PCS', role: 'member', via: 'PAB' },
      { orgCode: 'JTZJJ', role: 'member' },
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'SHSYJ', role: 'member' },
      { orgCode: 'JYWJJ', role: 'member' },
    ],
    deadlineText: '2020 年 12 月',
  },
  {
    seq: 54,
    section: 4,
    content:
      '企业安全生产标准化达标。大力推进重点企业本质安全建设，全面扎实开展安全生产标准化建设，积极推行企业安全生产标准化运行质量审计，不断提升标准化运行质量。危险化学品、烟花爆竹、非煤矿山、钢铁等高危企业及其他大型工业企业，基本达到二级以上安全生产标准化水平。推进交通运输、国防科工、建筑施工行业企业安全生产标准化达标工作。',
    responsibleText: '安委办，负有安全生产监管职责的部门，各街办，陆港集团、西安港集团',
    responsible: [
      { orgCode: 'AWB', role: 'member' },
      { group: '负有安全生产监管职责的部门' },
      { group: '各街办' },
      { orgCode: 'LGJT', role: 'member' },
      { orgCode: 'XAGJT', role: 'member' },
    ],
    deadlineText: '2020 年 12 月',
  },
  {
    seq: 55,
    section: 4,
    content:
      '健全隐患排查治理体系，制定行业领域生产安全事故隐患分级和排查治理标准，实现企业对标排查、部门对标执法。完善城市重大危险源辨识、申报、登记、监管制度，建立动态管理数据库，加快提升在线安全监控能力。建立与企业隐患排查治理系统联网共享的信息平台，完善线上线下配套监管制度，督促企业建立运行隐患排查治理闭环管理机制和隐患自查自改评价制度，定期分析、评估隐患治理效果，不断完善隐患治理工作机制。',
    responsibleText: '安委办，负有安全生产监管职责的部门，各街办，陆港集团、西安港集团',
    responsible: [
      { orgCode: 'AWB', role: 'member' },
      { group: '负有安全生产监管职责的部门' },
      { group: '各街办' },
      { orgCode: 'LGJT', role: 'member' },
      { orgCode: 'XAGJT', role: 'member' },
    ],
    deadlineText: '2021 年 4 月',
  },
  {
    seq: 56,
    section: 4,
    content:
      '完善隐患排查治理监督制度，强化对各类生产经营单位和场所落实隐患排查治理制度情况的监督检查，严格实施重大事故隐患挂牌督办。加强施工前作业风险评估，强化检维修作业、临时用电作业、盲板抽堵作业、高空作业、吊装作业、断路作业、动土作业、立体交叉作业、有限空间作业、焊接与热切割作业以及塔吊、脚手架在使用和拆装过程中的安全管理，防范事故发生。',
    responsibleText: '安委办，负有安全生产监管职责的部门，各街办，陆港集团、西安港集团',
    responsible: [
      { orgCode: 'AWB', role: 'member' },
      { group: '负有安全生产监管职责的部门' },
      { group: '各街办' },
      { orgCode: 'LGJT', role: 'member' },
      { orgCode: 'XAGJT', role: 'member' },
    ],
    deadlineText: '2020 年 12 月',
  },
  {
    seq: 57,
    section: 4,
    content:
      '加强广告牌、灯箱和楼房外墙附着物管理，严防倒塌和坠落事故。加强老旧城区火灾隐患排查，督促整改私拉乱接、超负荷用电、线路短路、线路老化和影响消防车通行的障碍物等问题。',
    responsibleText: '城管局、交通运输局、消防救援大队，各街办',
    responsible: [
      { orgCode: 'CGJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'XFJYDD', role: 'member' },
      { group: '各街办' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 58,
    section: 4,
    content:
      '加强城市隧道、桥梁、易积水路段等道路交通安全隐患点段排查治理，保障道路安全通行条件；深入推进综合减灾示范社区创建；推行高层建筑消防安全经理人或楼长制度，建立自我管理机制；明确电梯使用单位安全责任，督促使用、维保单位加强检测维护，保障电梯安全运行。加强对油、气、煤等易燃易爆场所雷电灾害隐患排查。',
    responsibleText: '交通运输局、应急管理局、质监分局、消防救援大队、经发局',
    responsible: [
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'ZJFJ', role: 'member' },
      { orgCode: 'XFJYDD', role: 'member' },
      { orgCode: 'JFJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 59,
    section: 4,
    content:
      '积极推进基层安全生产网格化监管，开展街办应急管理规范化建设，加强基层安全监管执法力量，健全街办安全监管机构，配足配强安全监管人员，行政村（社区）安全员配备率达到100%，切实履行安全生产监管职能。',
    responsibleText: '安委办、网格办，各街办',
    responsible: [{ orgCode: 'AWB', role: 'member' }, { orgCode: 'WGB', role: 'member' }, { group: '各街办' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 60,
    section: 4,
    content:
      '明确落实发改、生态环境、住建、资源规划、交通、市场监管、应急管理等行业部门在危险化学品建设项目立项、规划、设计、施工及生产、储存、使用、销售、运输等环节的安全监管责任，建立有力的协调联动机制，消除监管责任空白。',
    responsibleText: '经发局、市容环境局、交通运输局、资源规划局、工商分局、质监分局、应急管理局',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'SRHJJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'ZYGHJ', role: 'member' },
      { orgCode: 'GSFJ', role: 'member' },
      { orgCode: 'ZJFJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 61,
    section: 4,
    content:
      '理顺新型燃料、餐饮场所、未纳入施工许可管理的建筑施工等行业领域安全监管职责，落实安全监督检查责任，推进实施联合执法，解决影响人民群众生产生活的“城市病”，完善放管服工作机制，提高安全监管实效。',
    responsibleText: '经发局、食药监局、交通运输局、工商局、质监局、应急管理局',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'SYJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'GSFJ', role: 'member' },
      { orgCode: 'ZJFJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 62,
    section: 4,
    content:
      '推动安全生产领域内综合执法，加强安全生产监管执法机构规范化、标准化、信息化建设。负有安全生产监管职责的部门按规定配备安全监管人员、装备，2020年12月底前，区级、街办以及各级负有安全生产监管职责的部门和机构的安全监管执法装备、应急救援用车、公务用车等达到安全生产监管监察职业能力建设标准；信息化执法率>90%；执法检查处罚率>5%。',
    responsibleText: '安委办、组织人事局、办公室及负有安全生产监管职责的部门，各街办',
    responsible: [
      { orgCode: 'AWB', role: 'member' },
      { orgCode: 'ZZRSJ', role: 'member' },
      { orgCode: 'GWH-BGS', role: 'member' },
      { group: '负有安全生产监管职责的部门' },
      { group: '各街办' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 63,
    section: 4,
    content: '充分运用移动执法终端、电子案卷等手段，改善现场执法、调查取证、应急处置等监管执法条件，实施执法过程全过程记录。',
    responsibleText: '安委办、负有安全生产监管职责的部门，各街办',
    responsible: [{ orgCode: 'AWB', role: 'member' }, { group: '负有安全生产监管职责的部门' }, { group: '各街办' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 64,
    section: 4,
    content: '统筹加强街办和各类功能区安全监管力量，推行派驻执法、委托执法、授权执法等方式，推动执法力量下沉。',
    responsibleText: '各街办',
    responsible: [{ group: '各街办' }],
    deadlineText: '2020年-2021年',
  },
  {
    seq: 65,
    section: 4,
    content: '积极参加安全监管执法教育培训，强化法治思维和法治手段，通过案卷评查、编制行政处罚案例等方式，提高安全监管执法人员业务能力。',
    responsibleText: '安委办，负有安全生产监管职责的部门',
    responsible: [{ orgCode: 'AWB', role: 'member' }, { group: '负有安全生产监管职责的部门' }],
    deadlineText: '2020年-2021年',
  },
  {
    seq: 66,
    section: 4,
    content:
      '严格安全生产监管执法人员录用标准，逐步调整优化各级安全生产监管部门执法人员专业结构，落实安全生产监管执法人员凡进必考、入职培训、持证上岗和定期轮岗、轮训制度。',
    responsibleText: '组织人事局',
    responsible: [{ orgCode: 'ZZRSJ', role: 'member' }],
    deadlineText: '2020年-2021年',
  },
  {
    seq: 67,
    section: 4,
    content:
      '建立在职安全生产监管队伍人才培养制度，通过政府购买服务方式与高校建立委托培养机制，鼓励安全生产监管执法人员参加在职教育，满足专业化监管执法需要。',
    responsibleText: '安委办、组织人事局',
    responsible: [
      { orgCode: 'AWB', role: 'member' },
      { orgCode: 'ZZRSJ', role: 'member' },
    ],
    deadlineText: '2020年-2021年',
  },
  {
    seq: 68,
    section: 4,
    content:
      '健全行政执法和刑事司法衔接制度，完善联席会议、信息沟通、案件移送与协查机制。公安、检察院、法院加强与负有安全生产监督管理职责部门的联系，依法开展刑事案件的侦查、起诉、审判工作，视情提出司法建议，促进执法行为规范化。',
    responsibleText: '平安办、应急管理局',
    responsible: [
      { orgCode: 'PAB', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 69,
    section: 4,
    content:
      '完善执法人员岗位责任制和考核机制，严格执法程序，加强现场精准执法，对违法行为及时作出处罚决定。依法明确停产停业、停止施工、停止使用相关设施或设备，停止供电、停止供应民用爆炸物品，查封、扣押、取缔和上限处罚等执法决定的适用情形、时限要求、执行责任。',
    responsibleText: '负有安全生产监管职责的部门',
    responsible: [{ group: '负有安全生产监管职责的部门' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 70,
    section: 4,
    content: '配合市级部门严肃事故调查处理，依法依规追究责任单位和责任人的责任。针对典型事故暴露的问题，按照有关要求开展隐患排查活动。',
    responsibleText: '安委办，负有安全生产监管职责的部门，各街办',
    responsible: [{ orgCode: 'AWB', role: 'member' }, { group: '负有安全生产监管职责的部门' }, { group: '各街办' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 71,
    section: 4,
    content: '建立城市安全问题公众参与、快速应答、处置、奖励机制；设置城市安全举报平台；城市安全问题举报投诉办结率100%。',
    responsibleText: '安委办，负有安全生产监管职责的部门，各街办',
    responsible: [{ orgCode: 'AWB', role: 'member' }, { group: '负有安全生产监管职责的部门' }, { group: '各街办' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 72,
    section: 5,
    content: '财政保障安全生产监管经费投入。',
    responsibleText: '财政局',
    responsible: [{ orgCode: 'CZJ', role: 'member' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 73,
    section: 5,
    content: '在城市安全相关领域推进科技创新；推广一批具有基础性、紧迫性的先进安全技术和产品。企业淘汰落后生产工艺、技术和装备。',
    responsibleText: '经发局、应急管理局',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 74,
    section: 5,
    content:
      '加大城市安全运行设施资金投入，健全投融资服务体系，鼓励金融机构和社会资本参与安全产业发展，聚集发展灾害防治、预测预警、监测监控、个体防护、应急处置、安全文化等技术、装备和服务产业。',
    responsibleText: '经发局、财政局、应急管理局',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'CZJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
    ],
    deadlineText: '2021年4月',
  },
  {
    seq: 75,
    section: 5,
    content:
      '加强城市安全监管信息化建设，建立完善安全生产监管与市场监管、应急保障、环境保护、治安防控、消防安全、道路交通、信用管理等部门公共数据资源开放共享机制，加快实现城市安全管理的系统化、智能化。',
    responsibleText: '应急管理局、工商分局、市容环境局、平安办、消防救援大队、交通运输局、经发局',
    responsible: [
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'GSFJ', role: 'member' },
      { orgCode: 'SRHJJ', role: 'member' },
      { orgCode: 'PAB', role: 'member' },
      { orgCode: 'XFJYDD', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'JFJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 76,
    section: 5,
    content:
      '加快实施道路交通安全设施建设工程，实施城市道路、桥梁、隧道、路灯和排水管网等危旧设施的维修改造和隐患治理，在有条件的一级公路弯坡道等视距不良路段设置中央隔离设施，在临水临崖等安全隐患点段增设路侧安全防护设施和交通标志。',
    responsibleText: '交通运输局、城管局',
    responsible: [
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'CGJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 77,
    section: 5,
    content:
      '实施燃气、热力、油气和危化管网安全防护工程，采用先进的技术手段，对燃气、热力蒸汽、油气和危化等老旧管网运行情况定期进行安全评估，根据评估情况逐步分批次进行维修改造。',
    responsibleText: '经发局、交通运输局',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
    ],
    deadlineText: '2021年6月',
  },
  {
    seq: 78,
    section: 5,
    content: '实施“两客一危”等重点车辆专项治理工程，强制安装智能视频监控报警、防碰撞等安全运行监管技术装备，切实把好市场准入关。',
    responsibleText: '交警一中队、交通运输局',
    responsible: [
      { orgCode: 'JJYZD', role: 'member', via: 'CGJ' },
      { orgCode: 'JTYSJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 79,
    section: 5,
    content:
      '实施危化品和烟花爆竹专项治理工程，大力推动企业自动化控制和安全仪表系统改造升级，加快重大危险源安全监测监控系统建设，在危化企业全面推行预测性维护技术，降低转动设备的事故风险。',
    responsibleText: '应急管理局',
    responsible: [{ orgCode: 'YJGLJ', role: 'member' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 80,
    section: 5,
    content: '实施建筑施工脚手架等施工设备专项治理工程，加快推进施工设备的更新换代，提高机械化智能化水平。',
    responsibleText: '交通运输局、陆港集团',
    responsible: [
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'LGJT', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 81,
    section: 5,
    content: '建立城市安全智库、知识库、案例库，健全辅助决策机制。',
    responsibleText: '应急管理局',
    responsible: [{ orgCode: 'YJGLJ', role: 'member' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 82,
    section: 5,
    content: '建立核安全协调机制，强化核与辐射环境安全监督管理。',
    responsibleText: '市容环境局',
    responsible: [{ orgCode: 'SRHJJ', role: 'member' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 83,
    section: 5,
    content:
      '在政府购买安全生产服务指导目录中，将安全生产专业服务纳入现代服务业发展规划，培育多元化服务主体，完善安全生产服务机构管理办法，支持发展安全生产专业化行业组织开展安全生产评价和技术服务，强化自治自律，定期对技术服务机构进行专项检查，并对问题进行通报整改。',
    responsibleText: '经发局、财政局、应急管理局',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'CZJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 84,
    section: 5,
    content:
      '大力实施安全生产责任保险，突出事故预防功能，在危险化学品、烟花爆竹、交通运输、建筑施工、民用爆炸物品、金属冶炼等高危行业重点领域强制实施，承保机构要安排一定比例保险费用于企业双重预防机制建设，切实发挥保险机构参与风险评估管控和事故预防功能。',
    responsibleText: '应急管理局、交通运输局、经发局',
    responsible: [
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'JFJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 85,
    section: 5,
    content:
      '建立安全生产、消防、住建、交通运输、特种设备等领域失信联合惩戒制度，建立失信联合惩戒对象管理台账，将生产经营过程中极易导致生产安全事故的违法行为当事主体及当事人纳入安全生产领域“黑名单”管理，予以联合惩戒。',
    responsibleText: '交通运输局、应急管理局、质监分局、消防救援大队、经发局',
    responsible: [
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'ZJFJ', role: 'member' },
      { orgCode: 'XFJYDD', role: 'member' },
      { orgCode: 'JFJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 86,
    section: 5,
    content:
      '社区网格化覆盖率100%；网格员发现的事故隐患处理率100%。建立城市安全生产网格化工作机制，强化社会面风险隐患排查治理，应急（安监）专业网格划分完成率100%，专业网格员配备率100%，专业网格员使用安全生产网格化“一站式”移动终端开展巡查工作（含安全走访）覆盖率100%。',
    responsibleText: '安委办、网格办',
    responsible: [
      { orgCode: 'AWB', role: 'member' },
      { orgCode: 'WGB', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 87,
    section: 5,
    content: '大型广场、公园、商场、汽车站、地铁公交航班等公共场所和公共出行工具开展安全公益宣传；社区开展安全文化创建活动。',
    responsibleText: '交通运输局、经发局、社会事业局、应急管理局、宣传部、陆港集团，各街办',
    responsible: [
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'SHSYJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'XCB', role: 'member' },
      { orgCode: 'LGJT', role: 'member' },
      { group: '各街办' },
    ],
    deadlineText: '2021年4月',
  },
  {
    seq: 88,
    section: 5,
    content:
      '建立完善城市安全公众互动信息平台，依托“一网通办”平台，提供安全生产和职业健康相关法律法规、标准的查询、解读；加快建设市减灾科普宣传教育。',
    responsibleText: '应急管理局、教育卫健局、行政审批局',
    responsible: [
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'JYWJJ', role: 'member' },
      { orgCode: 'XZSPJ', role: 'member' },
    ],
    deadlineText: '2021年4月',
  },
  {
    seq: 89,
    section: 5,
    content:
      '推进安全生产和职业健康宣传教育、防灾减灾知识和技能、灾害应急演练、爱路护路宣传教育“进企业、进机关、进学校、进社区、进家庭、进公共场所”活动。中小学安全教育覆盖率100%，每年至少举办1次应急避险演练。楼、院公用设施安全检查、重点时段安全提示、家居安全教育纳入物业管理服务范围。深入开展“安康杯”竞赛、“青年安全生产示范岗”创建、“安全生产月”“5.12国家防灾减灾日”、《安全生产法》宣传周、《职业病防治法》宣传周等安全生产宣传教育活动。',
    responsibleText: '教育卫健局、应急管理局、交通运输局、资源规划局、组织人事局等各安委会成员单位',
    responsible: [
      { orgCode: 'JYWJJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'ZYGHJ', role: 'member' },
      { orgCode: 'ZZRSJ', role: 'member' },
      { group: '安委会各成员单位' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 90,
    section: 5,
    content: '市民具有较高的安全获得感、满意度，安全知识知晓率高，安全意识强。',
    responsibleText: '安委会各成员单位',
    responsible: [{ group: '安委会各成员单位' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 91,
    section: 6,
    content:
      '建设包括监管监察、监测预警、应急指挥、辅助决策、政务管理为一体的应急指挥平台，建立完善安全生产监管与市场监管、应急保障、生态环境、治安防控、消防安全、道路交通、信用管理等部门数据资源开放共享机制，加快实现城市安全管理的系统化、信息化。',
    responsibleText: '工商分局、市容环境局、平安办、消防救援大队、交通运输局、应急管理局、经发局等部门',
    responsible: [
      { orgCode: 'GSFJ', role: 'member' },
      { orgCode: 'SRHJJ', role: 'member' },
      { orgCode: 'PAB', role: 'member' },
      { orgCode: 'XFJYDD', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'JFJ', role: 'member' },
      { group: '各相关部门和单位' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 92,
    section: 6,
    content:
      '建立应急信息报告制度，在规定时限报送事故信息；建立统一指挥和多部门协同响应处置机制，建立安全生产应急救援联络员会议制度，健全多部门协同预警发布和相应处置机制，完善应急救援联动机制，强化应急状态下交通管制、警戒、疏散等防范措施，提升防灾减灾救灾能力，提高城市生产安全事故处置水平。',
    responsibleText: '安委会各成员单位',
    responsible: [{ group: '安委会各成员单位' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 93,
    section: 6,
    content:
      '完善应急救援预案，编制火灾、道路交通、危险化学品、燃气事故应急预案，编制地震、防汛、突发地质灾害应急预案，编制大面积停电、人员密集场所突发事件应急预案。实现政府预案与部门预案、企业预案、街办预案的有效衔接，社区预案和企业预案的有效衔接，街办每年开展2项以上应急演练并及时总结评估。开展城市应急准备能力评估。',
    responsibleText: '消防救援大队、城管局、应急管理局、交通运输局、农水局、资源规划局、经发局，各街办',
    responsible: [
      { orgCode: 'XFJYDD', role: 'member' },
      { orgCode: 'CGJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'NSJ', role: 'member' },
      { orgCode: 'ZYGHJ', role: 'member' },
      { orgCode: 'JFJ', role: 'member' },
      { group: '各街办' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 94,
    section: 6,
    content:
      '拟定全区应急物资储备体系建设总体规划和需求计划，制定应急储备物资规模标准，建立应急物资储备信息管理系统；加强应急救援物资储备点的建设，应急储备物资齐全；建立健全应急物资装备调拨协调机制。',
    responsibleText: '经发局、财政局、交通运输局、农水局、应急管理局、消防救援大队，各街办',
    responsible: [
      { orgCode: 'JFJ', role: 'member' },
      { orgCode: 'CZJ', role: 'member' },
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'NSJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'XFJYDD', role: 'member' },
      { group: '各街办' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 95,
    section: 6,
    content:
      '结合行政区划地图制作全区应急避难场所分布图（表），向社会公开；应急避难场所设置显著标志，基本设施齐全；人均避难场所面积大于1.5平方米。',
    responsibleText: '交通运输局、应急管理局、资源规划局',
    responsible: [
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'ZYGHJ', role: 'member' },
    ],
    deadlineText: '2021年6月',
  },
  {
    seq: 96,
    section: 6,
    content: '制定消防救援队伍社会保障机制意见；规划建设消防救援大队；综合性消防救援队伍的执勤人数符合标准要求。',
    responsibleText: '消防救援大队',
    responsible: [{ orgCode: 'XFJYDD', role: 'member' }],
    deadlineText: '2020年12月',
  },
  {
    seq: 97,
    section: 6,
    content:
      '编制覆盖全区的应急救援力量建设规划，依托消防救援、大型企业等应急救援力量，建设重点领域专业应急救援队伍，组织专业应急救援队伍开展联合培训和演练。加强各类专业化应急救援基地和队伍建设，加快推进区级消防应急救援保障基地建设。',
    responsibleText: '交通运输局、应急管理局、消防救援大队',
    responsible: [
      { orgCode: 'JTYSJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'XFJYDD', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 98,
    section: 6,
    content:
      '将社会力量参与救援纳入政府购买服务范围，制定支持引导社会力量参与应急工作的相关规定，明确社会力量参与救援工作的重点范围和主要任务。',
    responsibleText: '应急管理局、财政局',
    responsible: [
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'CZJ', role: 'member' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 99,
    section: 6,
    content:
      '重点加强危险化学品相对集中区域的应急救援能力建设，危险物品的生产、经营、储存、运输单位，金属冶炼、城市轨道交通运营、建筑施工单位，以及人员密集场所经营等单位依法建立应急救援队伍；不具备单独建立专业应急救援队伍的中小微型企业要指定兼职应急救援人员，与相邻有关专业救援队伍签订救援服务协议，或者联合建立专业应急救援队伍；符合条件的高危企业依法建立专职消防队。',
    responsibleText: '交通住建局、应急管理局、港口局、经发局，其他负有安全生产监督管理职责的部门',
    responsible: [
      { orgCode: 'JTZJJ', role: 'member' },
      { orgCode: 'YJGLJ', role: 'member' },
      { orgCode: 'GKJ', role: 'member' },
      { orgCode: 'JFJ', role: 'member' },
      { group: '负有安全生产监管职责的部门' },
    ],
    deadlineText: '2020年12月',
  },
  {
    seq: 100,
    section: 7,
    content:
      '各街办和区级部门及单位在创建工作中的特色亮点工作。包括：城市安全科技项目获得国家（国家最高科学技术奖、国家自然科学奖、国家技术发明奖、国家科学技术进步奖、国际科学技术合作奖）或省级奖励；在国家安全产业示范园区、全国综合减灾示范社区创建取得显著成绩；在城市安全管理体制、制度、手段、方式创新等方面具有西安特色、地区行业特点的开创性工作。',
    responsibleText: '安委会各成员单位',
    responsible: [{ group: '安委会各成员单位' }],
    deadlineText: '2021年7月',
  },
];

/** 附件3 日程安排表: the 19 dated steps. Rows 2 and 3 write 西港建领导小组办公室 for 西港创建领导小组办公室. */
export const campaignSchedule: readonly CampaignScheduleRow[] = [
  {
    seq: 1,
    content: '拟定《西安国际港务区国家安全发展示范城市创建实施方案（征求意见稿）》',
    responsibleText: '西港创建领导小组办公室',
    responsible: [{ orgCode: 'CJLDXZ-BGS', role: 'member' }],
    deadlineText: '2020 年 10 月中旬',
  },
  {
    seq: 2,
    content: '征求《西安国际港务区国家安全发展示范城市创建实施方案》意见建议',
    responsibleText: '西港建领导小组办公室',
    responsible: [{ orgCode: 'CJLDXZ-BGS', role: 'member' }],
    deadlineText: '2020 年 10 月下旬',
  },
  {
    seq: 3,
    content: '形成《西安国际港务区国家安全发展示范城市创建实施方案》，并印发。',
    responsibleText: '西港建领导小组办公室',
    responsible: [{ orgCode: 'CJLDXZ-BGS', role: 'member' }],
    deadlineText: '2020 年 11 月中旬',
  },
  {
    seq: 4,
    content:
      '组织召开全区国家安全发展示范城市创建动员部署大会；建立组织领导机构和创建工作机制，明确各级各部门创建目标任务，形成齐抓共管、共创共建工作氛围。',
    responsibleText: '西港创建领导小组办公室',
    responsible: [{ orgCode: 'CJLDXZ-BGS', role: 'member' }],
    deadlineText: '2020 年 11 月上旬',
  },
  {
    seq: 5,
    content: '“一手抓创建、一手抓整治”，建立创建工作与专项整治同步宣传阵地和宣传平台，强化全社会创建工作与专项整治广泛宣传。',
    responsibleText: '西港创建领导小组办公室',
    responsible: [{ orgCode: 'CJLDXZ-BGS', role: 'member' }],
    deadlineText: '2020 年 11 月 20 日前',
  },
  {
    seq: 6,
    content: '各街办及区级部门和单位根据创建目标任务，按照先急后缓、制度建设与基础设施建设同步推进的要求，分别形成创建工作自评报告。',
    responsibleText: '各街办及区级部门和单位',
    responsible: [{ group: '各街办' }, { group: '各区级部门和单位' }],
    deadlineText: '2020 年 11 月 30 日前',
  },
  {
    seq: 7,
    content: '将创建工作纳入安委会成员单位安全生产考核；制定出台《创建国家安全发展示范城市考核细则》。',
    responsibleText: '西港创建领导小组办公室',
    responsible: [{ orgCode: 'CJLDXZ-BGS', role: 'member' }],
    deadlineText: '2020 年 11 月 30 日前',
  },
  {
    seq: 8,
    content:
      '社会面城市风险（源）普查辨识建档工作全面完成；企业（单位）风险（源）普查辨识工作全面铺开；初步建立社会面城市风险（源）电子地图。',
    responsibleText: '各街办及区级部门和单位',
    responsible: [{ group: '各街办' }, { group: '各区级部门和单位' }],
    deadlineText: '2020 年 11 月 30 日前',
  },
  {
    seq: 9,
    content: '对照实施方案，启动全区重点行业领域配套安全设施普查摸底工作。',
    responsibleText: '各街办及区级部门和单位',
    responsible: [{ group: '各街办' }, { group: '各区级部门和单位' }],
    deadlineText: '2020 年 11 月 30 日前',
  },
  {
    seq: 10,
    content:
      '全面摸清底数，统筹源头治理。（1）完成企业（单位）风险（源）普查辨识建档工作；（2）完成全区重点行业领域硬件配套安全设施普查摸底工作；（3）制订落实安全设施建设计划、规划，统筹落实建设配套资金，分级分步推进实施；（4）依托应急管理指挥平台，构建重点领域场所分级分色电子地图；（5）全面启动重点领域重点场所重点设施安全管理标准规范制修订工作。',
    responsibleText: '各街办及区级部门和单位，西港创建领导小组办公室',
    responsible: [{ group: '各街办' }, { group: '各区级部门和单位' }, { orgCode: 'CJLDXZ-BGS', role: 'member' }],
    deadlineText: '2020 年 12 月 31 日前',
  },
  {
    seq: 11,
    content:
      '（1）结合专项整治工作，集中挂牌整治一批危及城市安全的重大隐患； （2）组织开展一次创建工作模拟自评，深入查漏补缺，列出后续重点推进及建设项目清单。',
    responsibleText: '西港创建领导小组办公室',
    responsible: [{ orgCode: 'CJLDXZ-BGS', role: 'member' }],
    deadlineText: '2021年1月31日前',
  },
  {
    seq: 12,
    content: '全面完成重点领域重点场所重点设施安全管理工作制度制修订工作。',
    responsibleText: '各街办及区级部门和单位',
    responsible: [{ group: '各街办' }, { group: '各区级部门和单位' }],
    deadlineText: '2020年3月31日前',
  },
  {
    seq: 13,
    content: '组织专家咨询团队开展第二次模拟自评，针对第一次自评存在突出问题、薄弱环节重点进行督查督办。',
    responsibleText: '各街办及区级部门和单位，西港创建领导小组办公室',
    responsible: [{ group: '各街办' }, { group: '各区级部门和单位' }, { orgCode: 'CJLDXZ-BGS', role: 'member' }],
    deadlineText: '2021年4月30日前',
  },
  {
    seq: 14,
    content: '按照实施方案，完成城市重点安全设施第一阶段建设工作。',
    responsibleText: '各街办及区级部门和单位',
    responsible: [{ group: '各街办' }, { group: '各区级部门和单位' }],
    deadlineText: '2021年5月31日前',
  },
  {
    seq: 15,
    content: '制订自评初审实施细则，组织专家咨询服务团队对各街办，重点行业领域创建工作逐一进行评估。',
    responsibleText: '安委办，各板块、各部门',
    responsible: [{ orgCode: 'AWB', role: 'member' }, { group: '各板块' }, { group: '各区级部门和单位' }],
    deadlineText: '2021年6月15日前',
  },
  {
    seq: 16,
    content: '形成自评报告报市创建领导小组审定；将自评报告报市安委会。',
    responsibleText: '西港创建领导小组办公室，各街办及区级部门和单位',
    responsible: [{ orgCode: 'CJLDXZ-BGS', role: 'member' }, { group: '各街办' }, { group: '各区级部门和单位' }],
    deadlineText: '2021年6月30日前',
  },
  {
    seq: 17,
    content: '迎接省、市安委办组织的创建工作复核工作。',
    responsibleText: '西港创建领导小组办公室，各街办及区级部门和单位',
    responsible: [{ orgCode: 'CJLDXZ-BGS', role: 'member' }, { group: '各街办' }, { group: '各区级部门和单位' }],
    deadlineText: '2021年7月31日前',
  },
  {
    seq: 18,
    content: '针对省、市复核中存在问题积极推进整改落实。',
    responsibleText: '各街办及区级部门和单位',
    responsible: [{ group: '各街办' }, { group: '各区级部门和单位' }],
    deadlineText: '2021年7月31日前',
  },
  {
    seq: 19,
    content: '迎接国家综合评议委员会现场抽查核查综合评议。',
    responsibleText: '西港创建领导小组办公室',
    responsible: [{ orgCode: 'CJLDXZ-BGS', role: 'member' }],
    deadlineText: '按照国家确定时间实施',
  },
];

/** 附件1 §三 创建步骤: five phases, each with the period its heading gives. */
export const campaignPhases: readonly CampaignPhase[] = [
  {
    seq: 1,
    name: '动员部署阶段',
    periodText: '2020年10月',
    content:
      '成立西安国际港务区创建国家安全发展示范城市领导小组，设立办公室。研究制定创建实施方案、任务分工方案和考核细则，全面分解创建工作任务。召开全区创建动员大会，全面部署创建工作，与相关创建重点部门和单位签订责任书。各部门研究制定并细化创建实施方案和具体工作计划。形成良好舆论氛围，动员全社会开展创建工作。',
  },
  {
    seq: 2,
    name: '组织实施阶段',
    periodText: '2020年10月-2021年4月',
    content:
      '对标国家安全发展示范城市评价细则与评分标准，根据任务分工，精心组织实施，建立工作台账，汇集评价佐证资料，定期开展创建工作协调会议，重点问题点评会议，及时协调解决创建工作中的新情况新问题。采取摸底测评、定点督察、电话暗访、督查专报等措施，集中解决影响西安国际港务区城市安全发展的突出问题，加快热点难点问题的解决，推动各项工作按期高质量完成。',
  },
  {
    seq: 3,
    name: '自评完善阶段',
    periodText: '2021年5月',
    content:
      '按照《国家安全发展示范城市评价与管理办法》（安委〔2019〕5号）和《国家安全发展示范城市评价细则》（安委办〔2019〕16号），委托专家咨询服务团队分模块、分行业重点对城市建成区安全状况进行第三方评估，针对发现的重点问题和薄弱环节，及时组织整改完善，进一步深化落实各项创建任务，总结提炼创建经验做法，提升创建工作质量。收集整理创建工作情况、自评打分情况，以及相关问题整改情况等材料，做好上级部门复核各项准备工作。',
  },
  {
    seq: 4,
    name: '上级复核阶段',
    periodText: '2021年6月-7月',
    content:
      '向市安委会提交创建工作相关材料，配合市安委办做好创建材料审核把关和创建项目现场复核等相关工作。同时，对市安委办反馈的问题积极整改落实，及时补充、补报相关材料。',
  },
  {
    seq: 5,
    name: '国家评议阶段',
    periodText: '具体时间行程待定',
    content:
      '按照《国家安全发展示范城市评价与管理办法》规定，省级安委办于参评年7月底前正式向国务院安委办推荐参评城市，积极配合市安委会做好参评申报工作，做好迎接国家综合评议委员会现场抽查核查综合评议各项保障工作。',
  },
];

/** The plan as issued, with the facts its checks need. */
export const campaignTemplate: CampaignTemplate = {
  documentNo: '西港安城创〔2020〕1号',
  title: '西安国际港务区国家安全发展示范城市创建工作实施方案',
  issuer: '西安国际港务区国家安全发展示范城市创建工作领导小组',
  issuedOn: '2020-11-17',
  // 附件3 row 3: "形成《…实施方案》，并印发。"
  issueStepSeq: 3,
  sections: campaignSections,
  tasks: campaignTasks,
  schedule: campaignSchedule,
  phases: campaignPhases,
};
