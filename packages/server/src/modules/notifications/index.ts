import { notificationsModule } from '@citysafe/domain';
import { defineServerModule } from '../../platform/module.js';
import { fillNotificationsDemo } from './notifications.demo.js';
import { notificationRoutes } from './notifications.routes.js';
import * as tables from './notifications.tables.js';
import { registerWebhookJob } from './webhooks.service.js';

/** In-app notifications, their live stream, and the 企业微信 / 钉钉 robots. */
export const notifications = defineServerModule({
  domain: notificationsModule,
  tables,
  workflows: [],
  routes: notificationRoutes,
  jobs: registerWebhookJob,
  demo: fillNotificationsDemo,
});

// What other modules may use: sending a notification inside their transaction, then pushing it.
export { notify, pushNotifications } from './notifications.service.js';
