import { FlagOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { defineModule } from '../../app/module';

/** 创建工作 (国家安全发展示范城市创建): the task ledger, schedule, 督办 and 通报, 考核 and 自评打分. */
export const campaignModule = defineModule({
  key: 'campaign',
  routes: [
    {
      path: '/campaign',
      page: lazy(() => import('./CampaignModule')),
      permission: 'campaign.read',
      nested: true,
      menu: { icon: <FlagOutlined />, label: 'menu', group: 'business' },
    },
  ],
  locales: {
    'zh-CN': () => import('./locales/zh-CN').then((m) => m.zhCN),
    'en-US': () => import('./locales/en-US').then((m) => m.enUS),
  },
});
