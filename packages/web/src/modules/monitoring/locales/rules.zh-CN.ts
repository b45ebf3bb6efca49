/** 监测预警 › rules (zh-CN). */
export const rulesZh = {};
