import type { Messages } from '../../../app/module';
import type { publicListZh } from './publicList.zh-CN';

/** Hazards › publicList (en-US): the same keys as zh-CN. */
export const publicListEn: Messages<typeof publicListZh> = {};
