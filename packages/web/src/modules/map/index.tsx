import { EnvironmentOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';
import './map.css';

/** 区域地图: the district, streets, communities and grids on the map; boundary import and editing. */
export const mapModule = defineModule({
  key: 'map',
  routes: [
    {
      path: '/map',
      page: lazy(() => import('./DistrictMapPage')),
      permission: 'map.read',
      menu: { icon: <EnvironmentOutlined />, label: 'menu', group: 'business' },
    },
    {
      path: '/map/boundaries',
      page: lazy(() => import('./BoundariesPage')),
      permission: 'map.manage',
      menu: { icon: <EnvironmentOutlined />, label: 'boundaries.adminMenu', group: 'platform' },
    },
  ],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
