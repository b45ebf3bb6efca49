/** 隐患排查治理 › extensions (zh-CN). */
export const extensionsZh = {};
