import { type Bilingual, bi } from '../i18n.js';

/**
 * The three kinds of report the 《安全生产领域举报奖励办法》 (原国家安监总局、财政部, 2018; regulations.md §10)
 * rewards: 重大事故隐患, 安全生产违法行为 (违法生产经营建设) and 瞒报、谎报事故. They are built in because the reward
 * arithmetic depends on them; further categories (e.g. 消防通道堵塞, 燃气使用) are data in `report_categories`.
 */
export const statutoryReportCategories = ['major_hazard', 'violation', 'concealed_accident'] as const;
export type StatutoryReportCategory = (typeof statutoryReportCategories)[number];

/** A category's code: one of the statutory three, or a code an administrator added (lower-case letters, digits, `_`). */
export type ReportCategoryCode = string;

/** Category codes as stored: short, stable, safe in URLs and Open311 `service_code`. */
export const reportCategoryCodePattern = /^[a-z][a-z0-9_]{1,39}$/;

export interface ReportCategoryDefinition {
  code: ReportCategoryCode;
  name: Bilingual;
  /** Open311 GeoReport v2 `description` of the service. */
  description: string;
  /** Days to decide on acceptance (受理) from receipt. */
  acceptDays: number;
  /** Days to handle (办结) from acceptance: 60 in the 举报奖励办法's practice (regulations.md §10, Shandong [V]). */
  handleDays: number;
}

/**
 * The built-in categories seeded into `report_categories` (an administrator may change names and days, or add
 * more; the three codes stay). Acceptance within 3 days is a local practice [U]: for a real-name report the
 * Shandong rule says on the spot; 60 days to handle from acceptance is [V] (regulations.md §10).
 */
export const builtInReportCategories: readonly ReportCategoryDefinition[] = [
  {
    code: 'major_hazard',
    name: bi('重大事故隐患', 'Major accident hazard'),
    description: '举报生产经营单位存在的重大事故隐患 / Report a major accident hazard at a business',
    acceptDays: 3,
    handleDays: 60,
  },
  {
    code: 'violation',
    name: bi('安全生产违法行为', 'Work-safety violation'),
    description: '举报非法违法生产经营建设行为 / Report illegal or unsafe production, business or construction',
    acceptDays: 3,
    handleDays: 60,
  },
  {
    code: 'concealed_accident',
    name: bi('瞒报谎报事故', 'Concealed or falsely reported accident'),
    description: '举报瞒报、谎报生产安全事故 / Report an accident that was concealed or falsely reported',
    acceptDays: 3,
    handleDays: 60,
  },
  {
    code: 'fire_exit',
    name: bi('消防通道堵塞', 'Blocked fire exit or lane'),
    description: '举报堵塞、占用消防通道和安全出口 / Report a blocked fire lane or emergency exit',
    acceptDays: 3,
    handleDays: 60,
  },
  {
    code: 'gas_safety',
    name: bi('燃气使用隐患', 'Unsafe gas use'),
    description: '举报餐饮等场所燃气使用隐患 / Report unsafe use of gas in restaurants and other places',
    acceptDays: 3,
    handleDays: 60,
  },
  {
    code: 'other',
    name: bi('其他安全隐患', 'Other safety problem'),
    description: '其他城市安全隐患 / Any other urban-safety problem',
    acceptDays: 3,
    handleDays: 60,
  },
];

/** How a report reached us. */
export const reportChannels = ['web', 'open311', 'hotline', 'office'] as const;
export type ReportChannel = (typeof reportChannels)[number];
export const reportChannelLabels: Record<ReportChannel, Bilingual> = {
  web: bi('网上举报', 'Public web page'),
  open311: bi('Open311 接入应用', 'Open311 app'),
  hotline: bi('12350 热线', '12350 hotline'),
  office: bi('来访或来信', 'In person or by letter'),
};

/** Who wrote a message on a report: the office (a question, a reply) or the reporter (an answer). */
export const reportMessageAuthors = ['office', 'reporter'] as const;
export type ReportMessageAuthor = (typeof reportMessageAuthors)[number];

/** The tracking code: JB-<year>-<six digits>, numbered per year in the database. */
export const reportCodePattern = /^JB-\d{4}-\d{6}$/;
export const formatReportCode = (year: number, seq: number): string => `JB-${year}-${String(seq).padStart(6, '0')}`;

/** Photos a report may carry, the largest photo the public page accepts, and its types (a phone's camera saves JPEG). */
export const reportPhotoLimit = 9;
export const reportPhotoMaxBytes = 10 * 1024 * 1024;
export const reportPhotoTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
