import type { Messages } from '../../../app/module';
import type { dutyZh } from './duty.zh-CN';

/** Emergency › duty (en-US): the same keys as zh-CN. */
export const dutyEn: Messages<typeof dutyZh> = {};
