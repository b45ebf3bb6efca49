import type { Messages } from '../../../app/module';
import type { extensionsZh } from './extensions.zh-CN';

/** Hazards › extensions (en-US): the same keys as zh-CN. */
export const extensionsEn: Messages<typeof extensionsZh> = {};
