import type { Messages } from '../../../app/module';
import type { alarmsZh } from './alarms.zh-CN';

/** Monitoring › alarms (en-US): the same keys as zh-CN. */
export const alarmsEn: Messages<typeof alarmsZh> = {};
