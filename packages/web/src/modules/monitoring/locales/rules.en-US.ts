import type { Messages } from '../../../app/module';
import type { rulesZh } from './rules.zh-CN';

/** Monitoring › rules (en-US): the same keys as zh-CN. */
export const rulesEn: Messages<typeof rulesZh> = {};
