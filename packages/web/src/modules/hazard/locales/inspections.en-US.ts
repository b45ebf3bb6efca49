import type { Messages } from '../../../app/module';
import type { inspectionsZh } from './inspections.zh-CN';

/** Hazards › inspections (en-US): the same keys as zh-CN. */
export const inspectionsEn: Messages<typeof inspectionsZh> = {};
