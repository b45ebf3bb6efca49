import { devicesZh } from './devices.zh-CN';
import { rulesZh } from './rules.zh-CN';
import { alarmsZh } from './alarms.zh-CN';
import { warningsZh } from './warnings.zh-CN';
import { settingsZh } from './settings.zh-CN';

/** The monitoring module's messages in Simplified Chinese (the namespace `monitoring`), one file per part. */
export const zhCN = {
  menu: '监测预警',
  devices: devicesZh,
  rules: rulesZh,
  alarms: alarmsZh,
  warnings: warningsZh,
  settings: settingsZh,
};
