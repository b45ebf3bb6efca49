/** 监测预警 › warnings (zh-CN). */
export const warningsZh = {};
