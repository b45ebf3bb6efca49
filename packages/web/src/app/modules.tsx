import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BellOutlined,
  BookOutlined,
  BorderOuterOutlined,
  DashboardOutlined,
  FileSearchOutlined,
  FireOutlined,
  FlagOutlined,
  KeyOutlined,
  MonitorOutlined,
  NotificationOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SendOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Action } from '@citysafe/domain';
import { type ComponentType, type LazyExoticComponent, type ReactNode, lazy } from 'react';

export type ModuleKey = 'dashboard' | 'orgs' | 'users' | 'roles' | 'audit' | 'notifications' | 'webhooks' | 'tokens' | 'campaign';

export interface ModuleEntry {
  key: ModuleKey;
  path: string;
  icon: ReactNode;
  /** The action the menu entry and route need; null = any logged-in user. */
  permission: Action | null;
  page: LazyExoticComponent<ComponentType>;
  /** Business modules are listed under 业务模块; the rest under 系统管理. */
  group?: 'business';
  /** The page routes sub-paths itself (e.g. /campaign/:id/tasks), so the route matches `path/*`. */
  nested?: boolean;
}

/** The modules in service, in menu order. Pages load lazily so each carries only its own libraries. */
export const modules: ModuleEntry[] = [
  {
    key: 'dashboard',
    path: '/',
    icon: <DashboardOutlined />,
    permission: null,
    page: lazy(() => import('../modules/dashboard/DashboardPage')),
  },
  {
    key: 'orgs',
    path: '/orgs',
    icon: <ApartmentOutlined />,
    permission: 'org.read',
    page: lazy(() => import('../modules/orgs/OrgsPage')),
  },
  {
    key: 'users',
    path: '/users',
    icon: <TeamOutlined />,
    permission: 'user.read',
    page: lazy(() => import('../modules/users/UsersPage')),
  },
  {
    key: 'roles',
    path: '/roles',
    icon: <SafetyCertificateOutlined />,
    permission: 'role.read',
    page: lazy(() => import('../modules/roles/RolesPage')),
  },
  {
    key: 'audit',
    path: '/audit',
    icon: <AuditOutlined />,
    permission: 'audit.read',
    page: lazy(() => import('../modules/audit/AuditPage')),
  },
  {
    key: 'notifications',
    path: '/notifications',
    icon: <BellOutlined />,
    permission: null,
    page: lazy(() => import('../modules/notifications/NotificationsPage')),
  },
  {
    key: 'webhooks',
    path: '/webhooks',
    icon: <SendOutlined />,
    permission: 'webhook.manage',
    page: lazy(() => import('../modules/webhooks/WebhooksPage')),
  },
  {
    key: 'tokens',
    path: '/tokens',
    icon: <KeyOutlined />,
    permission: 'token.manage',
    page: lazy(() => import('../modules/tokens/TokensPage')),
  },
  {
    key: 'campaign',
    path: '/campaign',
    icon: <FlagOutlined />,
    permission: 'campaign.read',
    page: lazy(() => import('../modules/campaign/CampaignModule')),
    group: 'business',
    nested: true,
  },
];

export type ComingModuleKey =
  | 'risk'
  | 'hazard'
  | 'majorHazard'
  | 'monitoring'
  | 'emergency'
  | 'report'
  | 'grid'
  | 'enforcement'
  | 'credit'
  | 'knowledge'
  | 'indicators';

/** Business modules still being built: shown greyed out so people see what is coming. */
export const comingModules: { key: ComingModuleKey; icon: ReactNode }[] = [
  { key: 'risk', icon: <SafetyOutlined /> },
  { key: 'hazard', icon: <FileSearchOutlined /> },
  { key: 'majorHazard', icon: <FireOutlined /> },
  { key: 'monitoring', icon: <MonitorOutlined /> },
  { key: 'emergency', icon: <AlertOutlined /> },
  { key: 'report', icon: <NotificationOutlined /> },
  { key: 'grid', icon: <BorderOuterOutlined /> },
  { key: 'enforcement', icon: <SolutionOutlined /> },
  { key: 'credit', icon: <BankOutlined /> },
  { key: 'knowledge', icon: <BookOutlined /> },
  { key: 'indicators', icon: <BarChartOutlined /> },
];
