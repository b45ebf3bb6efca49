import { campaignModule } from './campaign/module.js';
import { emergencyModule } from './emergency/module.js';
import { gridModule } from './grid/module.js';
import { hazardModule } from './hazard/module.js';
import { identityModule } from './identity/module.js';
import { majorHazardModule } from './major-hazard/module.js';
import { monitoringModule } from './monitoring/module.js';
import { mapModule } from './map/module.js';
import { notificationsModule } from './notifications/module.js';
import { platformModule } from './platform/module.js';
import { reportModule } from './report/module.js';
import { riskModule } from './risk/module.js';

/**
 * Every module's domain half, in the order they build on each other. Adding a module adds one line
 * here (and one in the server's and the web app's lists).
 */
export const domainModules = [
  platformModule,
  identityModule,
  notificationsModule,
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

export {
  campaignModule,
  emergencyModule,
  gridModule,
  hazardModule,
  identityModule,
  majorHazardModule,
  mapModule,
  notificationsModule,
  monitoringModule,
  platformModule,
  reportModule,
  riskModule,
};
