import { defineModule } from '../../app/module';
import { enUS } from './locales/en-US';
import { zhCN } from './locales/zh-CN';

/** 应急指挥: incidents and their statutory reports, plans and drills, resources on the map, coverage, duty. */
export const emergencyModule = defineModule({
  key: 'emergency',
  routes: [],
  locales: { 'zh-CN': zhCN, 'en-US': enUS },
});
