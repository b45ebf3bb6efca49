import type { Messages } from '../../../app/module';
import { dutyEn } from './duty.en-US';
import { incidentsEn } from './incidents.en-US';
import { plansEn } from './plans.en-US';
import { reportsEn } from './reports.en-US';
import { resourcesEn } from './resources.en-US';
import type { zhCN } from './zh-CN';

/** The emergency module's messages in English. */
export const enUS: Messages<typeof zhCN> = {
  menu: 'Emergency',
  incidents: incidentsEn,
  reports: reportsEn,
  plans: plansEn,
  resources: resourcesEn,
  duty: dutyEn,
};
