import { type Bilingual, bi } from '../i18n.js';

/**
 * 隐患等级 (《安全生产事故隐患排查治理暂行规定》, 原安监总局令第16号, Art. 3, regulations.md §5.1): 一般事故隐患 is
 * harm and rectification difficulty small enough to be put right at once; 重大事故隐患 is great harm or difficulty,
 * needing full or partial stop of work and a treatment time, or caused by outside factors the unit cannot remove
 * itself. The API and the database carry the Chinese values as they are.
 */
export const hazardLevels = ['一般', '重大'] as const;
export type HazardLevel = (typeof hazardLevels)[number];
export const hazardLevelLabels: Record<HazardLevel, Bilingual> = {
  一般: bi('一般事故隐患', 'General hazard'),
  重大: bi('重大事故隐患', 'Major hazard'),
};

/** How a hazard was found: each with a link to that origin (`origin_ref`). */
export const hazardOrigins = [
  'self_check',
  'inspection',
  'grid_patrol',
  'public_report',
  'monitoring',
  'campaign',
  'department_check',
] as const;
export type HazardOrigin = (typeof hazardOrigins)[number];
export const hazardOriginLabels: Record<HazardOrigin, Bilingual> = {
  self_check: bi('企业自查', 'Enterprise self-check'),
  inspection: bi('排查任务', 'Inspection'),
  grid_patrol: bi('网格巡查', 'Grid patrol'),
  public_report: bi('公众举报', 'Public report'),
  monitoring: bi('监测报警', 'Monitoring alarm'),
  campaign: bi('专项整治', 'Special campaign'),
  department_check: bi('部门检查', 'Department check'),
};

/** The stages a photo of a hazard belongs to: as found, after rectification, of the assessment, of the on-site review. */
export const hazardPhotoStages = ['found', 'rectified', 'assessment', 'review'] as const;
export type HazardPhotoStage = (typeof hazardPhotoStages)[number];
export const hazardPhotoStageLabels: Record<HazardPhotoStage, Bilingual> = {
  found: bi('发现时', 'As found'),
  rectified: bi('整改后', 'After rectification'),
  assessment: bi('评估', 'Assessment'),
  review: bi('现场审查', 'On-site review'),
};

/** 停产停业 while a 重大 hazard is treated (16号令 Art. 16). */
export const stopWorkKinds = ['none', 'partial', 'full'] as const;
export type StopWorkKind = (typeof stopWorkKinds)[number];
export const stopWorkLabels: Record<StopWorkKind, Bilingual> = {
  none: bi('未停产', 'No stop of work'),
  partial: bi('局部停产停业', 'Partial stop of work'),
  full: bi('全部停产停业', 'Full stop of work'),
};

export interface HazardCategory {
  code: string;
  label: Bilingual;
}

/**
 * Categories of hazards, following the special campaigns of the seed plan (西港安城创〔2020〕1号, tasks 20–30,
 * 40–42, 57–58) and the fields of the 判定标准. Codes are what the database stores; adding one is a data change.
 */
export const hazardCategories = [
  { code: 'fire', label: bi('消防安全', 'Fire safety') },
  { code: 'electrical', label: bi('用电安全', 'Electrical safety') },
  { code: 'gas', label: bi('燃气安全', 'Gas safety') },
  { code: 'hazardous_chemicals', label: bi('危险化学品', 'Hazardous chemicals') },
  { code: 'special_equipment', label: bi('特种设备', 'Special equipment') },
  { code: 'confined_space', label: bi('有限空间', 'Confined spaces') },
  { code: 'construction', label: bi('建筑施工', 'Construction') },
  { code: 'road_transport', label: bi('交通运输', 'Road transport') },
  { code: 'crowded_place', label: bi('人员密集场所', 'Crowded places') },
  { code: 'e_bike', label: bi('电动自行车', 'Electric bicycles') },
  { code: 'dust_explosion', label: bi('粉尘涉爆', 'Combustible dust') },
  { code: 'ammonia_refrigeration', label: bi('涉氨制冷', 'Ammonia refrigeration') },
  { code: 'work_at_height', label: bi('高处作业', 'Work at height') },
  { code: 'occupational_health', label: bi('职业健康', 'Occupational health') },
  { code: 'other', label: bi('其他', 'Other') },
] as const satisfies readonly HazardCategory[];
export type HazardCategoryCode = (typeof hazardCategories)[number]['code'];
export const hazardCategoryCodes = hazardCategories.map((c) => c.code) as [HazardCategoryCode, ...HazardCategoryCode[]];
