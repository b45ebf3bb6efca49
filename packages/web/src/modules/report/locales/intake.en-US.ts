import type { Messages } from '../../../app/module';
import type { intakeZh } from './intake.zh-CN';

/** Reports › intake (en-US): the same keys as zh-CN. */
export const intakeEn: Messages<typeof intakeZh> = {};
