import { defineModule } from '../../app/module';

/** 监测预警: devices and their readings over MQTT, rules and alarms in a closed loop, warnings to the public in CAP 1.2. */
export const monitoringModule = defineModule({
  key: 'monitoring',
  routes: [],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
