import { BorderOuterOutlined, CarryOutOutlined, ProfileOutlined, SettingOutlined, TrophyOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';

/**
 * 网格巡查: the grids and today's check-ins, a member's patrol on the phone (works without signal: the route and a
 * queue of visits in IndexedDB, the app shell in the service worker), grid cases in the 数字城管 cycle, 考核, settings.
 */
export const gridModule = defineModule({
  key: 'grid',
  routes: [
    {
      path: '/grid/patrol',
      page: lazy(() => import('./PatrolPage')),
      permission: 'grid.patrol',
      menu: { icon: <CarryOutOutlined />, label: 'menu.patrol', group: 'business' },
    },
    {
      path: '/grid',
      page: lazy(() => import('./GridsPage')),
      permission: 'grid.read',
      menu: { icon: <BorderOuterOutlined />, label: 'menu.grids', group: 'business' },
    },
    { path: '/grid/grids/:id', page: lazy(() => import('./GridDetailPage')), permission: 'grid.read' },
    {
      path: '/grid/cases',
      page: lazy(() => import('./CasesPage')),
      permission: 'grid.read',
      menu: { icon: <ProfileOutlined />, label: 'menu.cases', group: 'business' },
    },
    { path: '/grid/cases/:id', page: lazy(() => import('./CaseDetailPage')), permission: 'grid.read' },
    {
      path: '/grid/stats',
      page: lazy(() => import('./StatsPage')),
      permission: 'grid.read',
      menu: { icon: <TrophyOutlined />, label: 'menu.stats', group: 'business' },
    },
    {
      path: '/grid/settings',
      page: lazy(() => import('./SettingsPage')),
      permission: 'grid.read',
      menu: { icon: <SettingOutlined />, label: 'menu.settings', group: 'platform' },
    },
  ],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
