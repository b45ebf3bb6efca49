import { defineModule } from '../../app/module';

/** 举报: the public reports hazards and violations (also over Open311 GeoReport v2), offices handle them within the statutory limits, rewards are paid. */
export const reportModule = defineModule({
  key: 'report',
  routes: [],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
