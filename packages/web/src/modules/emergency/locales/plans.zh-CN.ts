/** 应急指挥 › plans (zh-CN). */
export const plansZh = {};
