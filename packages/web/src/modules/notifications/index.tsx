import { BellOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';
import { enUS } from './locales/en-US';
import { NotificationBell } from './NotificationBell';
import { zhCN } from './locales/zh-CN';

/** 通知中心: in-app notifications, live over the server's stream, with the bell in the top bar. */
export const notificationsModule = defineModule({
  key: 'notifications',
  routes: [
    {
      path: '/notifications',
      page: lazy(() => import('./NotificationsPage')),
      permission: null,
      menu: { icon: <BellOutlined />, label: 'menu', group: 'platform' },
    },
  ],
  header: NotificationBell,
  locales: { 'zh-CN': zhCN, 'en-US': enUS },
});
