import type { Messages } from '../../../app/module';
import type { incidentsZh } from './incidents.zh-CN';

/** Emergency › incidents (en-US): the same keys as zh-CN. */
export const incidentsEn: Messages<typeof incidentsZh> = {};
