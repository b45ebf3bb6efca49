import { DashboardOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';
import { enUS } from './locales/en-US';
import { zhCN } from './locales/zh-CN';

/** 工作台: the landing page after login, with counts, charts and the district map. */
export const dashboardModule = defineModule({
  key: 'dashboard',
  routes: [
    {
      path: '/',
      page: lazy(() => import('./DashboardPage')),
      permission: null,
      menu: { icon: <DashboardOutlined />, label: 'menu', group: 'platform' },
    },
  ],
  locales: { 'zh-CN': zhCN, 'en-US': enUS },
});
