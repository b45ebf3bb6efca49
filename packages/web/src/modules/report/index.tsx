import { ApiOutlined, BarChartOutlined, GiftOutlined, InboxOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';

/** 举报: the public reports hazards and violations (also over Open311 GeoReport v2), offices handle them within the statutory limits, rewards are paid. */
export const reportModule = defineModule({
  key: 'report',
  routes: [
    // INTAKE: the public pages (no login, phone first): file a report, follow it by its code and secret.
    { path: '/public/report', page: lazy(() => import('./PublicReportPage')), permission: null, public: true },
    { path: '/public/report/track', page: lazy(() => import('./PublicReportTrackPage')), permission: null, public: true },
    // 举报奖励公示: the rewards paid, without personal data.
    { path: '/public/report/rewards', page: lazy(() => import('./PublicReportRewardsPage')), permission: null, public: true },
    // HANDLING: the office's queue with bulk triage, a report's page, rewards, statistics.
    {
      path: '/reports',
      page: lazy(() => import('./ReportsPage')),
      permission: 'report.read',
      menu: { icon: <InboxOutlined />, label: 'handling.queue.menu', group: 'business' },
    },
    {
      path: '/reports/rewards',
      page: lazy(() => import('./ReportRewardsPage')),
      permission: 'report.read',
      menu: { icon: <GiftOutlined />, label: 'handling.rewards.menu', group: 'business' },
    },
    {
      path: '/reports/stats',
      page: lazy(() => import('./ReportStatsPage')),
      permission: 'report.read',
      menu: { icon: <BarChartOutlined />, label: 'handling.stats.menu', group: 'business' },
    },
    // OPEN311: the API keys of the apps that report over Open311 GeoReport v2.
    {
      path: '/reports/open311-clients',
      page: lazy(() => import('./Open311ClientsPage')),
      permission: 'report.manage',
      menu: { icon: <ApiOutlined />, label: 'handling.open311.menu', group: 'platform' },
    },
    { path: '/reports/:id', page: lazy(() => import('./ReportDetailPage')), permission: 'report.read' },
  ],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
