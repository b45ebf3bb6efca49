import { SendOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';

/** 消息推送: forwarding notifications to 企业微信 and 钉钉 group robots. */
export const webhooksModule = defineModule({
  key: 'webhooks',
  routes: [
    {
      path: '/webhooks',
      page: lazy(() => import('./WebhooksPage')),
      permission: 'webhook.manage',
      menu: { icon: <SendOutlined />, label: 'menu', group: 'platform' },
    },
  ],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
