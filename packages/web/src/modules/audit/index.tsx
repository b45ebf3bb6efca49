import { AuditOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';
import { enUS } from './locales/en-US';
import { zhCN } from './locales/zh-CN';

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
  locales: { 'zh-CN': zhCN, 'en-US': enUS },
});
