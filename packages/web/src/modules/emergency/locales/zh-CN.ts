import { dutyZh } from './duty.zh-CN';
import { incidentsZh } from './incidents.zh-CN';
import { plansZh } from './plans.zh-CN';
import { reportsZh } from './reports.zh-CN';
import { resourcesZh } from './resources.zh-CN';

/** The emergency module's messages in Simplified Chinese (the namespace `emergency`), one file per part. */
export const zhCN = {
  menu: '应急指挥',
  incidents: incidentsZh,
  reports: reportsZh,
  plans: plansZh,
  resources: resourcesZh,
  duty: dutyZh,
};
