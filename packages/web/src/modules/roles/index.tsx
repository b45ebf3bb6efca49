import { SafetyCertificateOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';

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
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
