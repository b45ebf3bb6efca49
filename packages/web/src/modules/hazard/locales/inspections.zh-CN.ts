/** 隐患排查治理 › inspections (zh-CN). */
export const inspectionsZh = {};
