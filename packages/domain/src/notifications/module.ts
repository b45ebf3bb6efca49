import { bi } from '../i18n.js';
import { defineDomainModule } from '../module.js';

/** In-app notifications and the robots of 企业微信 / 钉钉 that carry them to group chats. */
export const notificationsModule = defineDomainModule({
  key: 'notifications',
  name: bi('通知', 'Notifications'),
  actions: {
    'notification.send': { label: bi('发送通知', 'Send notifications'), grants: ['safety_office', 'duty_officer'] },
    'webhook.manage': { label: bi('管理消息推送（企业微信/钉钉）', 'Manage webhooks (WeCom / DingTalk)'), grants: [] },
  },
  apiTags: {
    notifications: bi('站内通知与推送', 'In-app notifications and their live stream'),
    webhooks: bi('企业微信、钉钉群机器人', 'Outgoing webhooks to 企业微信 and 钉钉 group robots'),
  },
  audit: {
    objects: {
      notification: bi('通知', 'Notification'),
      webhook: bi('消息推送', 'Webhook'),
      inboxDigest: bi('每日待办推送', 'Daily digest'),
    },
    actions: {
      'notification.send': bi('发送通知', 'Sent a notification'),
      'webhook.create': bi('新建消息推送', 'Created a webhook'),
      'webhook.update': bi('修改消息推送', 'Changed a webhook'),
      'webhook.delete': bi('删除消息推送', 'Deleted a webhook'),
      'webhook.test': bi('测试消息推送', 'Tested a webhook'),
      'inboxDigest.update': bi('设置每日待办推送', 'Changed their daily digest'),
    },
  },
});
