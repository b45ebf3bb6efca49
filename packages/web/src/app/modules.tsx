import { BankOutlined, BarChartOutlined, BookOutlined, SolutionOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { auditModule } from '../modules/audit';
import { campaignModule } from '../modules/campaign';
import { dashboardModule } from '../modules/dashboard';
import { gridModule } from '../modules/grid';
import { emergencyModule } from '../modules/emergency';
import { hazardModule } from '../modules/hazard';
import { majorHazardModule } from '../modules/major-hazard';
import { mapModule } from '../modules/map';
import { monitoringModule } from '../modules/monitoring';
import { notificationsModule } from '../modules/notifications';
import { orgsModule } from '../modules/orgs';
import { reportModule } from '../modules/report';
import { riskModule } from '../modules/risk';
import { rolesModule } from '../modules/roles';
import { tokensModule } from '../modules/tokens';
import { usersModule } from '../modules/users';
import { webhooksModule } from '../modules/webhooks';
import type { Locale } from '../shared/locale';
import type { ModuleRoute } from './module';

/**
 * The modules in service, in menu order: the one list the router, the menu, the top bar and the
 * translations read. A new module is its folder under `modules/` and one line here.
 */
export const modules = [
  dashboardModule,
  orgsModule,
  usersModule,
  rolesModule,
  auditModule,
  notificationsModule,
  webhooksModule,
  tokensModule,
  campaignModule,
  mapModule,
  riskModule,
  majorHazardModule,
  hazardModule,
  emergencyModule,
  monitoringModule,
  reportModule,
  gridModule,
] as const;

type ServiceModule = (typeof modules)[number];

/** Each module's messages under its key: the part of the one translation resource the modules bring. */
export type ModuleMessages = { [M in ServiceModule as M['key']]: Awaited<ReturnType<M['locales']['zh-CN']>> };

/** The modules' messages in one language, each under its module's key (`campaign.tabs.overview`), loaded at once. */
export async function moduleMessages(locale: Locale): Promise<Record<string, object>> {
  return Object.fromEntries(await Promise.all(modules.map(async (m) => [m.key, await m.locales[locale]()] as const)));
}

/** Every module's pages, with the module each belongs to. */
export const moduleRoutes: (ModuleRoute & { module: ServiceModule['key'] })[] = modules.flatMap((m) =>
  m.routes.map((route) => ({ ...route, module: m.key })),
);

export type ComingModuleKey = 'enforcement' | 'credit' | 'knowledge' | 'indicators';

/** Business modules still being built: shown greyed out so people see what is coming. */
export const comingModules: { key: ComingModuleKey; icon: ReactNode }[] = [
  { key: 'enforcement', icon: <SolutionOutlined /> },
  { key: 'credit', icon: <BankOutlined /> },
  { key: 'knowledge', icon: <BookOutlined /> },
  { key: 'indicators', icon: <BarChartOutlined /> },
];
