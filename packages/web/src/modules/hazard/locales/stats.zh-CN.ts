/** 隐患排查治理 › stats (zh-CN). */
export const statsZh = {};
