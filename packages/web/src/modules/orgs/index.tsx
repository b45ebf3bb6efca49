import { ApartmentOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';
import { enUS } from './locales/en-US';
import { zhCN } from './locales/zh-CN';

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
  locales: { 'zh-CN': zhCN, 'en-US': enUS },
});
