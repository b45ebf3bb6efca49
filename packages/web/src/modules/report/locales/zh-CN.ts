import { intakeZh } from './intake.zh-CN';
import { handlingZh } from './handling.zh-CN';

/** The report module's messages in Simplified Chinese (the namespace `report`), one file per part. */
export const zhCN = {
  menu: '举报',
  intake: intakeZh,
  handling: handlingZh,
};
