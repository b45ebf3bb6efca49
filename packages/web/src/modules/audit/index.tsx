import { AuditOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';

/** 审计日志: the hash-chained audit log and its verification. */
export const auditModule = defineModule({
  key: 'audit',
  routes: [
    {
      path: '/audit',
      page: lazy(() => import('./AuditPage')),
      permission: 'audit.read',
      menu: { icon: <AuditOutlined />, label: 'menu', group: 'platform' },
    },
  ],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
