import type { Messages } from '../../../app/module';
import type { warningsZh } from './warnings.zh-CN';

/** Monitoring › warnings (en-US): the same keys as zh-CN. */
export const warningsEn: Messages<typeof warningsZh> = {};
