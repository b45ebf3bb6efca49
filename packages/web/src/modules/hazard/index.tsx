import { AlertOutlined, AuditOutlined, BarChartOutlined, BookOutlined, SlidersOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';

/** 隐患排查治理: hazards in their closed loop, 挂牌督办, inspections with checklists, statistics. */
export const hazardModule = defineModule({
  key: 'hazard',
  routes: [
    {
      // 隐患台账, the report form (/hazards/new) and a hazard's page: one route, the pages route below it.
      // The other parts' pages (/hazards/stats …) are routes of their own, which outrank this one's `/*`.
      path: '/hazards',
      page: lazy(() => import('./HazardsModule')),
      permission: 'hazard.read',
      nested: true,
      menu: { icon: <AlertOutlined />, label: 'hazards.menu', group: 'business' },
    },
    {
      // 排查任务: the list (and plan form) and one inspection's checklist, both phone first.
      path: '/hazard-inspections',
      page: lazy(() => import('./InspectionsPage')),
      permission: 'hazard.read',
      menu: { icon: <AuditOutlined />, label: 'inspections.menu', group: 'business' },
    },
    { path: '/hazard-inspections/:id', page: lazy(() => import('./InspectionPage')), permission: 'hazard.read' },
    // 隐患统计分析: figures, charts, the map layer and the 16号令 tables (STATS).
    {
      path: '/hazards/stats',
      page: lazy(() => import('./HazardStatsPage')),
      permission: 'hazard.read',
      menu: { icon: <BarChartOutlined />, label: 'stats.menu', group: 'business' },
    },
    // 判定标准库 and 隐患规则设置 (RULES): everyone who reads hazards sees the rules they are judged by; hazard.manage changes them.
    {
      path: '/hazards/standards',
      page: lazy(() => import('./StandardsPage')),
      permission: 'hazard.read',
      menu: { icon: <BookOutlined />, label: 'rules.standards.menu', group: 'business' },
    },
    {
      path: '/hazards/settings',
      page: lazy(() => import('./HazardSettingsPage')),
      permission: 'hazard.read',
      menu: { icon: <SlidersOutlined />, label: 'rules.settings.menu', group: 'business' },
    },
    // 挂牌督办公示: open to anyone, without logging in (PUB).
    { path: '/public/hazards', page: lazy(() => import('./PublicHazardsPage')), permission: null, public: true },
  ],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
