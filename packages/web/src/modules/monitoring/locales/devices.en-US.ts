import type { Messages } from '../../../app/module';
import type { devicesZh } from './devices.zh-CN';

/** Monitoring › devices (en-US): the same keys as zh-CN. */
export const devicesEn: Messages<typeof devicesZh> = {};
