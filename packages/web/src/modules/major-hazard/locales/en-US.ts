import type { Messages } from '../../../app/module';

import { installationsEn } from './installations.en-US';
import type { zhCN } from './zh-CN';

/** The majorHazard module's messages in English. */
export const enUS: Messages<typeof zhCN> = { menu: 'Major hazards', installations: installationsEn };
