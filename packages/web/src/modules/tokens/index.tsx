import { KeyOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';

/** 接口令牌: API tokens for other systems. */
export const tokensModule = defineModule({
  key: 'tokens',
  routes: [
    {
      path: '/tokens',
      page: lazy(() => import('./TokensPage')),
      permission: 'token.manage',
      menu: { icon: <KeyOutlined />, label: 'menu', group: 'platform' },
    },
  ],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
