import type { Messages } from '../../../app/module';
import type { rulesZh } from './rules.zh-CN';

/** Hazards › rules (en-US): the same keys as zh-CN. */
export const rulesEn: Messages<typeof rulesZh> = {};
