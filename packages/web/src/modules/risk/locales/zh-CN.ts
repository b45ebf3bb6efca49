import { sourcesZh } from './sources.zh-CN';
import { calcZh } from './calc.zh-CN';
import { fourColourZh } from './fourColour.zh-CN';
import { whitePaperZh } from './whitePaper.zh-CN';
import { settingsZh } from './settings.zh-CN';

/** The risk module's messages in Simplified Chinese (the namespace `risk`), one file per part. */
export const zhCN = {
  menu: '风险管控',
  sources: sourcesZh,
  calc: calcZh,
  fourColour: fourColourZh,
  whitePaper: whitePaperZh,
  settings: settingsZh,
};
