/** 监测预警 › alarms (zh-CN). */
export const alarmsZh = {};
