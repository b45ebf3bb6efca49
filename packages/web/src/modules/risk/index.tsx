import { CalculatorOutlined, EnvironmentOutlined, FileWordOutlined, SlidersOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';

/** 风险管控: the risk-source census, assessment, the four-colour map, calculators, the white paper. */
export const riskModule = defineModule({
  key: 'risk',
  routes: [
    {
      // The register, a source's page, its form and the import: one route, the pages route below it.
      path: '/risk/sources',
      page: lazy(() => import('./SourcesModule')),
      permission: 'risk.read',
      nested: true,
      menu: { icon: <UnorderedListOutlined />, label: 'sources.menu', group: 'business' },
    },
    {
      path: '/risk/calculators',
      page: lazy(() => import('./CalculatorsPage')),
      permission: 'risk.read',
      menu: { icon: <CalculatorOutlined />, label: 'calc.menu', group: 'business' },
    },
    {
      path: '/risk/map',
      page: lazy(() => import('./RiskMapPage')),
      permission: 'risk.read',
      menu: { icon: <EnvironmentOutlined />, label: 'fourColour.menu', group: 'business' },
    },
    {
      path: '/risk/white-papers',
      page: lazy(() => import('./WhitePaperPage')),
      permission: 'risk.read',
      menu: { icon: <FileWordOutlined />, label: 'whitePaper.menu', group: 'business' },
    },
    {
      // Everyone who reads risk sources sees the rules they are graded by; risk.manage changes them.
      path: '/risk/settings',
      page: lazy(() => import('./GradingSettingsPage')),
      permission: 'risk.read',
      menu: { icon: <SlidersOutlined />, label: 'settings.menu', group: 'business' },
    },
  ],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
