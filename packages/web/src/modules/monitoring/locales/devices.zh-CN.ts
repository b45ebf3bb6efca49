/** 监测预警 › devices (zh-CN). */
export const devicesZh = {};
