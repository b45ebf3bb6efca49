/** 应急指挥 › incidents (zh-CN). */
export const incidentsZh = {};
