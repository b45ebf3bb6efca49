import type { Messages } from '../../../app/module';
import { devicesEn } from './devices.en-US';
import { rulesEn } from './rules.en-US';
import { alarmsEn } from './alarms.en-US';
import { warningsEn } from './warnings.en-US';
import { settingsEn } from './settings.en-US';
import type { zhCN } from './zh-CN';

/** The monitoring module's messages in English. */
export const enUS: Messages<typeof zhCN> = {
  menu: 'Monitoring',
  devices: devicesEn,
  rules: rulesEn,
  alarms: alarmsEn,
  warnings: warningsEn,
  settings: settingsEn,
};
