/** 举报 › intake (zh-CN). */
export const intakeZh = {};
