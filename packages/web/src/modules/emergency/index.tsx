import {
  AimOutlined,
  AlertOutlined,
  CalendarOutlined,
  FileProtectOutlined,
  MedicineBoxOutlined,
  PhoneOutlined,
  ScheduleOutlined,
} from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';

/** 应急指挥: incidents and their statutory reports, plans and drills, resources on the map, coverage, duty. */
export const emergencyModule = defineModule({
  key: 'emergency',
  routes: [
    {
      // 事故接报: the list with its map, the record form (/emergency/incidents/new) and an incident's page.
      path: '/emergency/incidents',
      page: lazy(() => import('./IncidentsModule')),
      permission: 'emergency.read',
      nested: true,
      menu: { icon: <AlertOutlined />, label: 'incidents.menu', group: 'business' },
    },
    {
      // 应急预案: the list, a plan's roles × levels × actions and history, the editor (/emergency/plans/new, /:id/edit).
      path: '/emergency/plans',
      page: lazy(() => import('./PlansPage')),
      permission: 'emergency.read',
      nested: true,
      menu: { icon: <FileProtectOutlined />, label: 'plans.menu', group: 'business' },
    },
    {
      // 指挥页 of one incident (/emergency/command/:incidentId), reached from the incident's page.
      path: '/emergency/command/:incidentId',
      page: lazy(() => import('./CommandPage')),
      permission: 'emergency.read',
    },
    {
      path: '/emergency/drills',
      page: lazy(() => import('./DrillsPage')),
      permission: 'emergency.read',
      menu: { icon: <ScheduleOutlined />, label: 'plans.drillsMenu', group: 'business' },
    },
    {
      // 应急资源: teams, experts, supplies, shelters, fire stations on the map; nearest resources and dispatch.
      path: '/emergency/resources',
      page: lazy(() => import('./ResourcesPage')),
      permission: 'emergency.read',
      menu: { icon: <MedicineBoxOutlined />, label: 'resources.menu', group: 'business' },
    },
    {
      // 值班值守, phone-first: today's duty with call links, the duty log, the handover, the contacts.
      path: '/emergency/duty',
      page: lazy(() => import('./DutyPage')),
      permission: 'emergency.read',
      menu: { icon: <PhoneOutlined />, label: 'duty.menu', group: 'business' },
    },
    {
      path: '/emergency/duty/roster',
      page: lazy(() => import('./DutyRosterPage')),
      permission: 'emergency.read',
      menu: { icon: <CalendarOutlined />, label: 'duty.rosterMenu', group: 'business' },
    },
    {
      // 覆盖分析: fire stations' reach on the map, the shelter check by street.
      path: '/emergency/coverage',
      page: lazy(() => import('./CoveragePage')),
      permission: 'emergency.read',
      menu: { icon: <AimOutlined />, label: 'duty.coverageMenu', group: 'business' },
    },
  ],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
