import { type Bilingual, bi } from '../i18n.js';

/** Kinds of body in the org tree. Modules hang their records on orgs of these kinds. */
export const orgTypes = {
  district: bi('区（功能区）', 'District'),
  government: bi('管委会', 'Administrative committee'),
  committee: bi('议事协调机构', 'Coordinating committee'),
  committee_office: bi('议事机构办公室', 'Committee office'),
  department: bi('区级部门', 'District department'),
  agency: bi('派驻及垂管机构', 'Stationed agency'),
  street: bi('街道办事处', 'Street office'),
  community: bi('社区（村）', 'Community / village'),
  grid: bi('网格', 'Grid'),
  group: bi('国有集团', 'State-owned group'),
  enterprise: bi('企业', 'Enterprise'),
} as const satisfies Record<string, Bilingual>;

export type OrgType = keyof typeof orgTypes;
export const orgTypeCodes = Object.keys(orgTypes) as [OrgType, ...OrgType[]];

/** Which kinds may sit under which: keeps the tree meaningful when administrators edit it. */
export const allowedChildTypes: Record<OrgType, OrgType[]> = {
  district: ['government', 'committee', 'department', 'agency', 'street', 'group', 'enterprise', 'district'],
  government: ['department', 'committee_office'],
  committee: ['committee_office', 'committee'],
  committee_office: [],
  department: ['department', 'enterprise'],
  agency: ['agency'],
  street: ['community', 'grid', 'enterprise'],
  community: ['grid', 'enterprise'],
  grid: ['enterprise'],
  group: ['enterprise', 'group'],
  enterprise: ['enterprise'],
};

/** One org of the initial tree, as transcribed from the seed document. */
export interface SeedOrg {
  /** Stable code, unique in the installation; children reference parents by it. */
  code: string;
  name: string;
  shortName?: string;
  type: OrgType;
  parentCode?: string;
  /** Other names the seed uses for the same body (e.g. 工商分局 / 工商局). */
  aliases?: string[];
  /** GB/T 2260 administrative division code, where one applies. */
  divisionCode?: string;
  /**
   * 对接联系: the org through which this body's duties are coordinated
   * (附件2: "各派出所（平安办对接联系）"; 交警一中队 tasks are coordinated by 城管局).
   */
  liaisonCode?: string;
  note?: string;
}

/**
 * The Xi'an International Port District as the seed document names it
 * (西港安城创〔2020〕1号, 附件1–3). Departments are listed in the order they first appear.
 * The district is not itself a GB/T 2260 division; it lies in 灞桥区 (610111).
 */
export const seedOrgs: SeedOrg[] = [
  {
    code: 'GWQ',
    name: '西安国际港务区',
    shortName: '港务区',
    type: 'district',
    divisionCode: '610111',
    note: '所在行政区：西安市灞桥区（GB/T 2260 代码 610111）',
  },
  { code: 'GWH', name: '西安国际港务区管理委员会', shortName: '管委会', type: 'government', parentCode: 'GWQ' },
  { code: 'GWH-BGS', name: '管委会办公室', type: 'department', parentCode: 'GWH', aliases: ['办公室'] },
  { code: 'AWH', name: '安全生产委员会', shortName: '安委会', type: 'committee', parentCode: 'GWQ' },
  {
    code: 'AWB',
    name: '安全生产委员会办公室',
    shortName: '安委办',
    type: 'committee_office',
    parentCode: 'AWH',
  },
  { code: 'JAW', name: '道路交通安全委员会', shortName: '交安委', type: 'committee', parentCode: 'GWQ' },
  { code: 'JAWB', name: '道路交通安全委员会办公室', shortName: '交安委办', type: 'committee_office', parentCode: 'JAW' },
  { code: 'XAW', name: '消防安全委员会', shortName: '消安委', type: 'committee', parentCode: 'GWQ' },
  { code: 'XAWB', name: '消防安全委员会办公室', shortName: '消安委办', type: 'committee_office', parentCode: 'XAW' },
  {
    code: 'CJLDXZ',
    name: '国家安全发展示范城市创建工作领导小组',
    shortName: '创建领导小组',
    type: 'committee',
    parentCode: 'GWQ',
  },
  {
    code: 'CJLDXZ-BGS',
    name: '西港创建领导小组办公室',
    type: 'committee_office',
    parentCode: 'CJLDXZ',
    aliases: ['西港建领导小组办公室'],
    note: '附件3 第2、3行写作“西港建领导小组办公室”，按同一机构处理',
  },
  { code: 'JFJ', name: '经发局', type: 'department', parentCode: 'GWH' },
  { code: 'JYWJJ', name: '教育卫健局', type: 'department', parentCode: 'GWH' },
  { code: 'SHSYJ', name: '社会事业局', type: 'department', parentCode: 'GWH' },
  { code: 'ZYGHJ', name: '资源规划局', type: 'department', parentCode: 'GWH' },
  { code: 'CGJ', name: '城管局', type: 'department', parentCode: 'GWH' },
  { code: 'JTZJJ', name: '交通住建局', type: 'department', parentCode: 'GWH' },
  { code: 'JTYSJ', name: '交通运输局', type: 'department', parentCode: 'GWH' },
  { code: 'GKJ', name: '港口局', type: 'department', parentCode: 'GWH' },
  { code: 'NSJ', name: '农水局', type: 'department', parentCode: 'GWH' },
  { code: 'YJGLJ', name: '应急管理局', type: 'department', parentCode: 'GWH' },
  { code: 'ZQB', name: '征迁办', type: 'department', parentCode: 'GWH' },
  { code: 'CZJ', name: '财政局', type: 'department', parentCode: 'GWH' },
  { code: 'ZZRSJ', name: '组织人事局', type: 'department', parentCode: 'GWH' },
  { code: 'SRHJJ', name: '市容环境局', type: 'department', parentCode: 'GWH' },
  { code: 'XZSPJ', name: '行政审批局', type: 'department', parentCode: 'GWH' },
  { code: 'PAB', name: '平安办', type: 'department', parentCode: 'GWH' },
  { code: 'WGB', name: '网格办', type: 'department', parentCode: 'GWH' },
  { code: 'XCB', name: '宣传部', type: 'department', parentCode: 'GWH' },
  { code: 'SWJ', name: '水务局', type: 'department', parentCode: 'GWH' },
  { code: 'XFJYDD', name: '消防救援大队', type: 'agency', parentCode: 'GWQ' },
  { code: 'GSFJ', name: '工商分局', type: 'agency', parentCode: 'GWQ', aliases: ['工商局'], note: '附件2 第61项写作“工商局”' },
  { code: 'ZJFJ', name: '质监分局', type: 'agency', parentCode: 'GWQ', aliases: ['质监局'], note: '附件2 第61项写作“质监局”' },
  {
    code: 'SYJ',
    name: '食药监',
    type: 'agency',
    parentCode: 'GWQ',
    aliases: ['食药监局'],
    note: '附件2 第30、61项写作“食药监局”',
  },
  {
    code: 'JJYZD',
    name: '交警一中队',
    type: 'agency',
    parentCode: 'GWQ',
    liaisonCode: 'CGJ',
    note: '对接联系单位：城管局',
  },
  {
    code: 'PCS',
    name: '各派出所',
    type: 'agency',
    parentCode: 'GWQ',
    liaisonCode: 'PAB',
    note: '附件2：“各派出所（平安办对接联系）”；各所名称待补充',
  },
  { code: 'XZJB', name: '新筑街道办事处', shortName: '新筑街办', type: 'street', parentCode: 'GWQ' },
  { code: 'XHJB', name: '新合街道办事处', shortName: '新合街办', type: 'street', parentCode: 'GWQ' },
  { code: 'LGJT', name: '陆港集团', type: 'group', parentCode: 'GWQ' },
  { code: 'XAGJT', name: '西安港集团', type: 'group', parentCode: 'GWQ' },
];

/** The display name people use: the short name when there is one (安委办, 新筑街办). */
export const orgLabel = (org: { name: string; shortName?: string | null }): string => org.shortName || org.name;
