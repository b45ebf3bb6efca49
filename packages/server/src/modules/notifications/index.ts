import { notificationsModule } from '@citysafe/domain';
import { defineServerModule } from '../../platform/module.js';
import { fillNotificationsDemo } from './notifications.demo.js';
import { notificationRoutes } from './notifications.routes.js';
import * as tables from './notifications.tables.js';
import { registerDigestJob } from './digest.service.js';
import { registerWebhookJob } from './webhooks.service.js';

/** In-app notifications, their live stream, the 企业微信 / 钉钉 robots, and each person's opt-in daily digest of their 待办. */
export const notifications = defineServerModule({
  domain: notificationsModule,
  tables,
  workflows: [],
  routes: notificationRoutes,
  jobs: async (platform) => {
    registerWebhookJob(platform);
    await registerDigestJob(platform);
  },
  demo: fillNotificationsDemo,
});

// What other modules may use: sending a notification inside their transaction, then pushing it.
export { notify, notifyOnce, pushNotifications } from './notifications.service.js';
