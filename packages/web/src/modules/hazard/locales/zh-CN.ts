import { extensionsZh } from './extensions.zh-CN';
import { hazardsZh } from './hazards.zh-CN';
import { inspectionsZh } from './inspections.zh-CN';
import { publicListZh } from './publicList.zh-CN';
import { rulesZh } from './rules.zh-CN';
import { statsZh } from './stats.zh-CN';

/** The hazard module's messages in Simplified Chinese (the namespace `hazard`), one file per part. */
export const zhCN = {
  menu: '隐患排查治理',
  hazards: hazardsZh,
  rules: rulesZh,
  inspections: inspectionsZh,
  stats: statsZh,
  publicList: publicListZh,
  extensions: extensionsZh,
};
