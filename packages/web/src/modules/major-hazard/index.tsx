import { WarningOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';

/** 重大危险源: the registry of installations, their inventory and GB 18218 grade, 一张图一张表. */
export const majorHazardModule = defineModule({
  key: 'majorHazard',
  routes: [
    {
      // The table and map, a unit's page and its form: one route, the pages route below it.
      path: '/major-hazards',
      page: lazy(() => import('./InstallationsModule')),
      permission: 'majorHazard.read',
      nested: true,
      menu: { icon: <WarningOutlined />, label: 'menu', group: 'business' },
    },
  ],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
