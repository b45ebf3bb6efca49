import { type Bilingual, bi } from '../i18n.js';

/**
 * What kind of event an incident is (突发事件应对法 四类 plus the accidents 493号令 covers). A production accident
 * (生产安全事故) is investigated under 493号令; road traffic and fire accidents have the 7-day supplementary window
 * of Art. 13 (regulations.md §4.2).
 */
export const incidentCategories = [
  'production',
  'road_traffic',
  'fire',
  'natural_disaster',
  'public_health',
  'social_security',
  'other',
] as const;
export type IncidentCategory = (typeof incidentCategories)[number];
export const incidentCategoryLabels: Record<IncidentCategory, Bilingual> = {
  production: bi('生产安全事故', 'Production safety accident'),
  road_traffic: bi('道路交通事故', 'Road traffic accident'),
  fire: bi('火灾事故', 'Fire accident'),
  natural_disaster: bi('自然灾害', 'Natural disaster'),
  public_health: bi('公共卫生事件', 'Public health event'),
  social_security: bi('社会安全事件', 'Social security event'),
  other: bi('其他', 'Other'),
};

/** Categories whose supplementary-report window is 7 days instead of 30 (493号令 Art. 13). */
export const shortSupplementaryCategories: readonly IncidentCategory[] = ['road_traffic', 'fire'];

/**
 * Categories that 493号令 investigates (调查): the others go `concluded → closed` without an investigation. Road
 * traffic and fire accidents are investigated by 公安交管 and 消防救援 under their own laws, not by this platform.
 */
export const investigatedCategories: readonly IncidentCategory[] = ['production'];

/** How the incident reached the platform; `origin_ref` carries the origin's own id (an alarm, a duty-log entry). */
export const incidentOrigins = [
  'phone_110',
  'phone_119',
  'phone_120',
  'phone_12350',
  'grid_member',
  'alarm',
  'enterprise',
  'duty',
  'other',
] as const;
export type IncidentOrigin = (typeof incidentOrigins)[number];
export const incidentOriginLabels: Record<IncidentOrigin, Bilingual> = {
  phone_110: bi('110转警', 'Transferred from 110'),
  phone_119: bi('119转警', 'Transferred from 119'),
  phone_120: bi('120转接', 'Transferred from 120'),
  phone_12350: bi('12350举报', '12350 safety hotline'),
  grid_member: bi('网格员上报', 'Grid member'),
  alarm: bi('监测报警', 'Monitoring alarm'),
  enterprise: bi('企业报告', 'Reported by the enterprise'),
  duty: bi('值班接报', 'Duty desk'),
  other: bi('其他', 'Other'),
};
