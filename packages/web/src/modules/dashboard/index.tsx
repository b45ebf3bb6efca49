import { DashboardOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';
import { prefetchDashboard } from './prefetch';

/** 工作台: the landing page after login: the person's work inbox (待办, 已办); the platform's figures for the administrator. */
export const dashboardModule = defineModule({
  key: 'dashboard',
  routes: [
    {
      path: '/',
      page: lazy(() => import('./DashboardPage')),
      permission: null,
      prefetch: (client, can) => Promise.all([import('./DashboardPage'), prefetchDashboard(client, can)]),
      menu: { icon: <DashboardOutlined />, label: 'menu', group: 'platform' },
    },
  ],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
