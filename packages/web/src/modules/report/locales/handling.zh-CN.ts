/** 举报 › handling (zh-CN). */
export const handlingZh = {};
