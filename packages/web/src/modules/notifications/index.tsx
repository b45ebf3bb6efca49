import { BellOutlined } from '@ant-design/icons';
import { lazy, Suspense } from 'react';
import { defineModule } from '../../app/module';

// The bell (its dropdown menu, the stream) loads with the signed-in layout: the login page never needs it.
const NotificationBell = lazy(() => import('./NotificationBell'));

function Bell() {
  return (
    <Suspense fallback={null}>
      <NotificationBell />
    </Suspense>
  );
}

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
  header: Bell,
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
