import type { Messages } from '../../../app/module';
import type { zhCN } from './zh-CN';

/** The webhooks module's messages in English. */
export const enUS: Messages<typeof zhCN> = {
  menu: 'Webhooks',
  create: 'New webhook',
  createTitle: 'New webhook',
  editTitle: 'Edit webhook: {{name}}',
  intro: 'Forward the platform’s notifications to WeCom or DingTalk group robots.',
  name: 'Name',
  kind: 'Kind',
  kinds: {
    wecom: 'WeCom',
    dingtalk: 'DingTalk',
  },
  url: 'Webhook URL',
  urlHelp: 'The address the group shows after adding a robot',
  secret: 'Signing secret',
  secretHelp: 'The DingTalk robot’s signing secret (starts with SEC)',
  secretKept: 'Set; leave blank to keep it',
  forwardKinds: 'Notification kinds',
  forwardKindsHelp: 'Leave blank to forward every kind',
  allKinds: 'All kinds',
  enabled: 'Enabled',
  on: 'Enabled',
  off: 'Disabled',
  test: 'Test',
  testQueued: 'Test message queued',
  deleteConfirm: 'Delete “{{name}}”?',
  nameRequired: 'Enter a name',
  urlRequired: 'Enter the webhook URL',
};
