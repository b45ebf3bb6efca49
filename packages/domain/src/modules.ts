import { campaignModule } from './campaign/module.js';
import { identityModule } from './identity/module.js';
import { notificationsModule } from './notifications/module.js';
import { platformModule } from './platform/module.js';

/**
 * Every module's domain half, in the order they build on each other. Adding a module adds one line
 * here (and one in the server's and the web app's lists).
 */
export const domainModules = [platformModule, identityModule, notificationsModule, campaignModule] as const;

export { campaignModule, identityModule, notificationsModule, platformModule };
