import { SafetyCertificateOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';
import { enUS } from './locales/en-US';
import { zhCN } from './locales/zh-CN';

/** 角色权限: the roles, the actions they grant and their data scope. */
export const rolesModule = defineModule({
  key: 'roles',
  routes: [
    {
      path: '/roles',
      page: lazy(() => import('./RolesPage')),
      permission: 'role.read',
      menu: { icon: <SafetyCertificateOutlined />, label: 'menu', group: 'platform' },
    },
  ],
  locales: { 'zh-CN': zhCN, 'en-US': enUS },
});
