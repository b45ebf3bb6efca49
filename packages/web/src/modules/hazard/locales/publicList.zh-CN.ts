/** 隐患排查治理 › publicList (zh-CN). */
export const publicListZh = {};
