import type { Messages } from '../../../app/module';
import type { hazardsZh } from './hazards.zh-CN';

/** Hazards › hazards (en-US): the same keys as zh-CN. */
export const hazardsEn: Messages<typeof hazardsZh> = {};
