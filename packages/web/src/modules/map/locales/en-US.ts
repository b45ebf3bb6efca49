import type { Messages } from '../../../app/module';

import { boundariesEn } from './boundaries.en-US';
import type { zhCN } from './zh-CN';

/** The map module's messages in English. */
export const enUS: Messages<typeof zhCN> = { menu: 'District map', boundaries: boundariesEn };
