import type { Messages } from '../../../app/module';

import { sourcesEn } from './sources.en-US';
import { calcEn } from './calc.en-US';
import { fourColourEn } from './fourColour.en-US';
import { whitePaperEn } from './whitePaper.en-US';
import { settingsEn } from './settings.en-US';
import type { zhCN } from './zh-CN';

/** The risk module's messages in English. */
export const enUS: Messages<typeof zhCN> = {
  menu: 'Risk control',
  sources: sourcesEn,
  calc: calcEn,
  fourColour: fourColourEn,
  whitePaper: whitePaperEn,
  settings: settingsEn,
};
