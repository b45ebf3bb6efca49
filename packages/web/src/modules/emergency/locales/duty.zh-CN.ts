/** 应急指挥 › duty (zh-CN). */
export const dutyZh = {};
