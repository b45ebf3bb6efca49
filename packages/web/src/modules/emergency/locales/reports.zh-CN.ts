/** 应急指挥 › reports (zh-CN). */
export const reportsZh = {};
