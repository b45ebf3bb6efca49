import type { Messages } from '../../../app/module';
import { intakeEn } from './intake.en-US';
import { handlingEn } from './handling.en-US';
import type { zhCN } from './zh-CN';

/** The report module's messages in English. */
export const enUS: Messages<typeof zhCN> = {
  menu: 'Reports',
  intake: intakeEn,
  handling: handlingEn,
};
