import type { Messages } from '../../../app/module';
import type { handlingZh } from './handling.zh-CN';

/** Reports › handling (en-US): the same keys as zh-CN. */
export const handlingEn: Messages<typeof handlingZh> = {};
