/** 隐患排查治理 › rules (zh-CN). */
export const rulesZh = {};
