import type { Messages } from '../../../app/module';
import type { statsZh } from './stats.zh-CN';

/** Hazards › stats (en-US): the same keys as zh-CN. */
export const statsEn: Messages<typeof statsZh> = {};
