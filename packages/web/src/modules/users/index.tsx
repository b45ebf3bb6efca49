import { TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';

/** 用户管理: accounts, their roles and org, and the account workflow (lock, disable, reset). */
export const usersModule = defineModule({
  key: 'users',
  routes: [
    {
      path: '/users',
      page: lazy(() => import('./UsersPage')),
      permission: 'user.read',
      menu: { icon: <TeamOutlined />, label: 'menu', group: 'platform' },
    },
  ],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
