/** 应急指挥 › resources (zh-CN). */
export const resourcesZh = {};
