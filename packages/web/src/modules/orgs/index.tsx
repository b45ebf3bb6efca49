import { ApartmentOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';

/** 组织机构: the org tree of the district, its departments, streets and grids. */
export const orgsModule = defineModule({
  key: 'orgs',
  routes: [
    {
      path: '/orgs',
      page: lazy(() => import('./OrgsPage')),
      permission: 'org.read',
      menu: { icon: <ApartmentOutlined />, label: 'menu', group: 'platform' },
    },
  ],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
