import type { Messages } from '../../../app/module';
import type { plansZh } from './plans.zh-CN';

/** Emergency › plans (en-US): the same keys as zh-CN. */
export const plansEn: Messages<typeof plansZh> = {};
