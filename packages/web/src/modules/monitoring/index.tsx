import { AlertOutlined, DashboardOutlined, NotificationOutlined, SettingOutlined, SlidersOutlined, WifiOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';

/** 监测预警: devices and their readings over MQTT, rules and alarms in a closed loop, warnings to the public in CAP 1.2. */
export const monitoringModule = defineModule({
  key: 'monitoring',
  routes: [
    // 监测设备 (DEVICES): the register with its map, the register form, a device's page with its charts.
    {
      path: '/monitoring/devices',
      page: lazy(() => import('./DevicesPage')),
      permission: 'monitoring.read',
      menu: { icon: <WifiOutlined />, label: 'devices.menu', group: 'business' },
    },
    { path: '/monitoring/devices/new', page: lazy(() => import('./DeviceFormPage')), permission: 'monitoring.device' },
    { path: '/monitoring/devices/:id', page: lazy(() => import('./DeviceDetailPage')), permission: 'monitoring.read' },
    { path: '/monitoring/devices/:id/edit', page: lazy(() => import('./DeviceFormPage')), permission: 'monitoring.device' },
    // 报警规则 (RULES): every reader sees the rules alarms are raised by; monitoring.rule changes them.
    {
      path: '/monitoring/rules',
      page: lazy(() => import('./AlarmRulesPage')),
      permission: 'monitoring.read',
      menu: { icon: <SlidersOutlined />, label: 'rules.menu', group: 'business' },
    },
    // 监测态势 and 报警处置 (ALARMS): the live situation, the alarms' list, an alarm's page with its actions.
    {
      path: '/monitoring/situation',
      page: lazy(() => import('./SituationPage')),
      permission: 'monitoring.read',
      menu: { icon: <DashboardOutlined />, label: 'alarms.situationMenu', group: 'business' },
    },
    {
      path: '/monitoring/alarms',
      page: lazy(() => import('./AlarmsPage')),
      permission: 'monitoring.read',
      menu: { icon: <AlertOutlined />, label: 'alarms.menu', group: 'business' },
    },
    { path: '/monitoring/alarms/:id', page: lazy(() => import('./AlarmDetailPage')), permission: 'monitoring.read' },
    // 预警发布 (WARNINGS): the list, the editor (a draft, or a published warning's update), a warning's page.
    {
      path: '/monitoring/warnings',
      page: lazy(() => import('./WarningsPage')),
      permission: 'monitoring.read',
      menu: { icon: <NotificationOutlined />, label: 'warnings.menu', group: 'business' },
    },
    { path: '/monitoring/warnings/new', page: lazy(() => import('./WarningEditPage')), permission: 'monitoring.warn' },
    { path: '/monitoring/warnings/:id', page: lazy(() => import('./WarningDetailPage')), permission: 'monitoring.read' },
    { path: '/monitoring/warnings/:id/edit', page: lazy(() => import('./WarningEditPage')), permission: 'monitoring.warn' },
    // 监测预警设置: a tab each for the alarm settings, the warning settings and the CAP feeds, as their APIs allow.
    {
      path: '/monitoring/settings',
      page: lazy(() => import('./SettingsPage')),
      permission: 'monitoring.rule',
      menu: { icon: <SettingOutlined />, label: 'settings.menu', group: 'business' },
    },
    // 公众预警页面: open to anyone, without logging in.
    { path: '/public/warnings', page: lazy(() => import('./PublicWarningsPage')), permission: null, public: true },
  ],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
