import type { Bilingual } from '../i18n.js';

/** A calendar day 'YYYY-MM-DD' in Asia/Shanghai (the seed's dates are local civil dates). */
export type IsoDate = string;

/**
 * Bodies the seed names as responsible that are not one org of the tree. The key is the seed's
 * own phrase; `variants` are the other spellings 附件2/附件3 use for the same set.
 */
export const responsibleGroups = {
  安委会各成员单位: {
    label: { zh: '安委会各成员单位', en: 'All member units of the safety committee' },
    variants: ['安委会各成员单位', '各安委会成员单位'],
    committeeCode: 'AWH',
  },
  交安委会各成员单位: {
    label: { zh: '交安委会各成员单位', en: 'All member units of the road traffic safety committee' },
    variants: ['交安委会各成员单位'],
    committeeCode: 'JAW',
  },
  消安委会各成员单位: {
    label: { zh: '消安委会各成员单位', en: 'All member units of the fire safety committee' },
    variants: ['消安委会各成员单位'],
    committeeCode: 'XAW',
  },
  各街办: {
    label: { zh: '各街办', en: 'Every street office' },
    variants: ['各街办'],
    orgCodes: ['XZJB', 'XHJB'],
  },
  负有安全生产监管职责的部门: {
    label: { zh: '负有安全生产监管职责的部门', en: 'Departments with work-safety supervision duties' },
    variants: ['负有安全生产监管职责的部门', '各负有安全生产监管职责的部门', '其他负有安全生产监督管理职责的部门'],
  },
  负有自然灾害防治职责的部门: {
    label: { zh: '负有自然灾害防治职责的部门', en: 'Departments with natural-disaster prevention duties' },
    variants: ['负有自然灾害防治职责的部门'],
  },
  // "X、Y等相关部门" names X and Y and leaves the list open: the open part is this group.
  各相关部门和单位: {
    label: { zh: '各相关部门和单位', en: 'Other relevant departments and units' },
    variants: ['各相关部门和单位', '相关部门和单位', '各相关部门', '相关部门', '部门'],
  },
  各行业主管部门: {
    label: { zh: '各行业主管部门', en: 'Industry authorities' },
    variants: ['各行业主管部门'],
  },
  各区级部门和单位: {
    label: { zh: '各区级部门和单位', en: 'Every district department and unit' },
    variants: ['区级部门和单位', '各部门'],
  },
  各板块: {
    label: { zh: '各板块', en: 'Every sector (板块)' },
    variants: ['各板块'],
  },
} as const satisfies Record<
  string,
  { label: Bilingual; variants: readonly string[]; committeeCode?: string; orgCodes?: readonly string[] }
>;

export type ResponsibleGroup = keyof typeof responsibleGroups;

/**
 * 附件2 备注: "未设牵头单位" — the table names no lead unit, so every unit transcribed from the seed
 * is a 'member'; 'lead' is for campaigns whose administrator designates one.
 */
export type ResponsibleRole = 'lead' | 'member';

/** One responsible party of a task or schedule row: an org of the tree, or a group the text names. */
export type Responsible =
  | {
      orgCode: string;
      role: ResponsibleRole;
      /** 对接联系: the org through which this one is reached (各派出所 → 平安办, 交警一中队 → 城管局). */
      via?: string;
    }
  | { group: ResponsibleGroup };

/** A section of 附件2 (一 to 七). */
export interface CampaignSection {
  no: number;
  /** The heading as the seed prints it, numeral included: '一、城市安全状况显著改善'. */
  title: string;
}

/** One row of 附件2 任务分解表. */
export interface CampaignTask {
  seq: number;
  section: number;
  /** 主要目标任务, as in the seed; only whitespace is normalised and page-break continuations joined. */
  content: string;
  /** 责任单位 cell as in the seed. */
  responsibleText: string;
  responsible: Responsible[];
  /** 完成时限 cell as in the seed. */
  deadlineText: string;
}

/** One row of 附件3 日程安排表. */
export interface CampaignScheduleRow {
  seq: number;
  content: string;
  responsibleText: string;
  responsible: Responsible[];
  deadlineText: string;
}

/** One of the five phases of 附件1 §三 创建步骤. */
export interface CampaignPhase {
  seq: number;
  name: string;
  /** The period in the heading's brackets, e.g. '2020年10月-2021年4月'. */
  periodText: string;
  content: string;
}

/** A campaign's plan as issued: the document's facts and its three tables. */
export interface CampaignTemplate {
  documentNo: string;
  title: string;
  issuer: string;
  issuedOn: IsoDate;
  /** The schedule row whose step issues the plan; earlier rows are drafting work done before issue. */
  issueStepSeq: number;
  sections: readonly CampaignSection[];
  tasks: readonly CampaignTask[];
  schedule: readonly CampaignScheduleRow[];
  phases: readonly CampaignPhase[];
}
