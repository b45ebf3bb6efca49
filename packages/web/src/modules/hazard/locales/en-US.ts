import type { Messages } from '../../../app/module';
import { extensionsEn } from './extensions.en-US';
import { hazardsEn } from './hazards.en-US';
import { inspectionsEn } from './inspections.en-US';
import { publicListEn } from './publicList.en-US';
import { rulesEn } from './rules.en-US';
import { statsEn } from './stats.en-US';
import type { zhCN } from './zh-CN';

/** The hazard module's messages in English. */
export const enUS: Messages<typeof zhCN> = {
  menu: 'Hazards',
  hazards: hazardsEn,
  rules: rulesEn,
  inspections: inspectionsEn,
  stats: statsEn,
  publicList: publicListEn,
  extensions: extensionsEn,
};
