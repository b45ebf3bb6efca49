import { z } from 'zod';
import { type Bilingual, bi } from '../i18n.js';
import type { Confidence } from '../risk/grading.js';

/**
 * The emergency module's settings an administrator with emergency.manage may change (`PUT /api/emergency/settings`).
 * Statutory limits that are verified (国务院令第493号: 1 h, 2 h per level, 30/7 days, 60 + 60 days, 15/30 days) are
 * not settings: they are rules in `reporting.ts`. What is here is local choice or unverified.
 */
export const emergencySettings = z.object({
  /** 续报: hours between follow-up reports while an incident is handled, for 一般 and 较大 incidents. */
  followUpHoursMinor: z.number().int().min(1).max(168),
  /** 续报: hours between follow-up reports for 重大 and 特别重大 incidents. */
  followUpHoursMajor: z.number().int().min(1).max(168),
  /** The effective shelter area each resident needs (m²). */
  shelterAreaPerPerson: z.number().min(0.1).max(20),
  /** A fire station should reach a point within this many minutes. */
  fireResponseMinutes: z.number().int().min(1).max(60),
  /** The straight-line speed of a fire engine assumed for coverage when no road network has been imported (km/h). */
  fireSpeedKmh: z.number().min(5).max(120),
  /** An emergency plan is reviewed (评估) at least every this many years. */
  planReviewYears: z.number().int().min(1).max(10),
  /** Days before a plan's review is due that its owner is reminded. */
  planReviewNoticeDays: z.number().int().min(0).max(365),
  /** Drills each unit should hold per year (the seed's target for the district's units). */
  drillsPerYear: z.number().int().min(0).max(52),
  /** A supply expiring within this many days is flagged. */
  supplyExpiryNoticeDays: z.number().int().min(0).max(365),
});
export type EmergencySettings = z.infer<typeof emergencySettings>;

/** What a new installation starts from (the source and confidence of each value in `emergencySettingSources`). */
export const defaultEmergencySettings: EmergencySettings = {
  followUpHoursMinor: 24,
  followUpHoursMajor: 12,
  shelterAreaPerPerson: 1.5,
  fireResponseMinutes: 5,
  fireSpeedKmh: 30,
  planReviewYears: 3,
  planReviewNoticeDays: 30,
  drillsPerYear: 1,
  supplyExpiryNoticeDays: 30,
};

/** Where a setting's default comes from and how sure we are of it ([V]/[P]/[U] as in risk/grading.ts). */
export interface EmergencySettingSource {
  label: Bilingual;
  source: Bilingual;
  confidence: Confidence;
}

/** Each setting's label, the source of its default and its confidence, shown beside the value in the UI. */
export const emergencySettingSources: Record<keyof EmergencySettings, EmergencySettingSource> = {
  followUpHoursMinor: {
    label: bi('一般、较大事故续报间隔（小时）', 'Follow-up interval, 一般 and 较大 (hours)'),
    source: bi(
      '较大涉险和一般事故至少每日续报一次（regulations.md §4.2，可能出自原安监总局令第21号，未核实）',
      'At least one follow-up a day for 较大 and 一般 accidents (regulations.md §4.2; probably 安监总局令第21号, unverified)',
    ),
    confidence: 'P',
  },
  followUpHoursMajor: {
    label: bi('重大、特别重大事故续报间隔（小时）', 'Follow-up interval, 重大 and 特别重大 (hours)'),
    source: bi(
      '重大、特别重大事故至少每日续报两次（regulations.md §4.2，未核实）',
      'At least two follow-ups a day for 重大 and 特别重大 accidents (regulations.md §4.2, unverified)',
    ),
    confidence: 'P',
  },
  shelterAreaPerPerson: {
    label: bi('人均有效避难面积（㎡）', 'Effective shelter area per person (m²)'),
    source: bi(
      'GB 21734-2008 第5.4条：人均居住面积应大于1.5㎡；创建方案第95项“人均避难场所面积大于1.5㎡”',
      'GB 21734-2008 cl. 5.4: more than 1.5 m² per person; the plan’s task 95 (more than 1.5 m² per person)',
    ),
    confidence: 'V',
  },
  fireResponseMinutes: {
    label: bi('消防站到达时间（分钟）', 'Fire station response time (minutes)'),
    source: bi('创建方案第9项：消防站5分钟可达辖区任一点', 'The plan’s task 9: any point reached within 5 minutes'),
    confidence: 'V',
  },
  fireSpeedKmh: {
    label: bi('消防车行驶速度（公里/小时，直线距离）', 'Fire engine speed (km/h, straight line)'),
    source: bi(
      '本地假设：无路网时按直线距离和此速度估算覆盖范围；未见国家规定',
      'A local assumption: without a road network, coverage is estimated by straight-line distance at this speed; no national rule found',
    ),
    confidence: 'U',
  },
  planReviewYears: {
    label: bi('预案评估周期（年）', 'Plan review cycle (years)'),
    source: bi(
      '《突发事件应急预案管理办法》（2024）要求定期评估，周期各地规定不一；默认3年，未核实',
      'The 2024 plan-management measures require periodic review; the period varies; 3 years by default, unverified',
    ),
    confidence: 'U',
  },
  planReviewNoticeDays: {
    label: bi('预案评估提前提醒（天）', 'Plan review reminder (days before)'),
    source: bi('本地选择', 'A local choice'),
    confidence: 'U',
  },
  drillsPerYear: {
    label: bi('每单位每年演练次数', 'Drills per unit per year'),
    source: bi(
      '生产经营单位综合或专项预案每年至少演练一次（《生产安全事故应急条例》第八条，未核实）；创建方案的演练目标',
      'At least one drill of a comprehensive or special plan a year (生产安全事故应急条例 Art. 8, unverified); the plan’s drill targets',
    ),
    confidence: 'U',
  },
  supplyExpiryNoticeDays: {
    label: bi('物资临期提醒（天）', 'Supply expiry notice (days)'),
    source: bi('本地选择', 'A local choice'),
    confidence: 'U',
  },
};
