/** 隐患排查治理 › hazards (zh-CN). */
export const hazardsZh = {};
