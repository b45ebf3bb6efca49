import type { Messages } from '../../../app/module';
import type { reportsZh } from './reports.zh-CN';

/** Emergency › reports (en-US): the same keys as zh-CN. */
export const reportsEn: Messages<typeof reportsZh> = {};
