import { defineModule } from '../../app/module';
import { enUS } from './locales/en-US';
import { zhCN } from './locales/zh-CN';

/** 隐患排查治理: hazards in their closed loop, 挂牌督办, inspections with checklists, statistics. */
export const hazardModule = defineModule({
  key: 'hazard',
  routes: [],
  locales: { 'zh-CN': zhCN, 'en-US': enUS },
});
