import { type AuditLabels, composeAuditLabels, domainModules } from '@citysafe/domain';
import { campaign } from './modules/campaign/index.js';
import { emergency } from './modules/emergency/index.js';
import { monitoring } from './modules/monitoring/index.js';
import { report } from './modules/report/index.js';
import { grid } from './modules/grid/index.js';
import { identity } from './modules/identity/index.js';
import { hazard } from './modules/hazard/index.js';
import { majorHazard } from './modules/major-hazard/index.js';
import { map } from './modules/map/index.js';
import { notifications } from './modules/notifications/index.js';
import { risk } from './modules/risk/index.js';
import type { AuditView } from './platform/audit.js';
import type { DemoCounts, ServerModule } from './platform/module.js';
import type { Platform } from './platform/platform.js';
import * as platformTables from './platform/platform.tables.js';

/**
 * Every module in service, in the order they build on each other (routes, jobs and demo data run
 * in this order). Adding a module adds one line here.
 */
export const serverModules: readonly ServerModule[] = [
  identity,
  notifications,
  campaign,
  map,
  risk,
  majorHazard,
  hazard,
  emergency,
  monitoring,
  report,
  grid,
];

/** Every table: the platform's and each module's. Backup and restore take exactly these. */
export const allTables: Record<string, unknown> = Object.assign({}, platformTables, ...serverModules.map((m) => m.tables));

/** How the audit log names objects and actions, from every module's labels and workflows. */
export const auditLabels: AuditLabels = composeAuditLabels(serverModules.flatMap((m) => m.workflows));

const workflowsOf = (key: string) => serverModules.find((m) => m.domain.key === key)?.workflows ?? [];

/** What the readable audit log knows of the modules: labels, which module writes what, and each module's object views. */
export const auditView: AuditView = {
  labels: auditLabels,
  modules: domainModules.map((m) => ({ key: m.key, label: m.name })),
  objectModule: Object.fromEntries(
    domainModules.flatMap((m) =>
      [...Object.keys(m.audit.objects), ...workflowsOf(m.key).map((w) => w.entity)].map((type) => [type, m.key]),
    ),
  ),
  actionModule: Object.fromEntries(
    domainModules.flatMap((m) => [
      ...Object.keys(m.audit.actions).map((action) => [action, m.key]),
      ...workflowsOf(m.key).flatMap((w) => Object.keys(w.actions).map((a) => [`${w.entity}.${a}`, m.key])),
    ]),
  ),
  workflowActions: new Set(serverModules.flatMap((m) => m.workflows.flatMap((w) => Object.keys(w.actions).map((a) => `${w.entity}.${a}`)))),
  objects: Object.assign({}, ...serverModules.map((m) => m.auditObjects ?? {})),
};

/**
 * Fills the database with the demonstration district, module by module (`citysafe demo`).
 * Returns what each module added, by module key; all zero on a second run.
 */
export async function fillDemo(platform: Platform): Promise<Record<string, DemoCounts>> {
  const created: Record<string, DemoCounts> = {};
  for (const m of serverModules) if (m.demo) created[m.domain.key] = await m.demo(platform);
  return created;
}
