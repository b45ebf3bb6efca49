import type { Messages } from '../../../app/module';
import type { resourcesZh } from './resources.zh-CN';

/** Emergency › resources (en-US): the same keys as zh-CN. */
export const resourcesEn: Messages<typeof resourcesZh> = {};
