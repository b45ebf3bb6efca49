import { TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';
import { enUS } from './locales/en-US';
import { zhCN } from './locales/zh-CN';

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
  locales: { 'zh-CN': zhCN, 'en-US': enUS },
});
