import { bi } from '../i18n.js';
import { defineDomainModule } from '../module.js';

/**
 * 举报: the public reports 重大事故隐患, 安全生产违法行为 and concealed accidents (no login, or an Open311 app); offices
 * accept, assign, handle, verify and close within the limits of the 举报奖励办法, and pay its rewards.
 */
export const reportModule = defineDomainModule({
  key: 'report',
  name: bi('举报', 'Public reports'),
  actions: {
    'report.read': {
      label: bi('查看举报（不含举报人身份）', 'View reports (without the reporter’s identity)'),
      grants: ['safety_office', 'department', 'street', 'duty_officer'],
    },
    'report.handle': {
      label: bi('受理、交办和办理举报', 'Accept, assign and handle reports'),
      grants: ['safety_office', 'department', 'street'],
    },
    // The reporter's identity is confidential (举报奖励办法 Art. 16): a permission of its own, every view audited.
    'report.identity': { label: bi('查看举报人身份信息', 'See who reported'), grants: [] },
    'report.reward': { label: bi('审批和发放举报奖励', 'Approve and pay rewards'), grants: ['safety_office'] },
    'report.manage': {
      label: bi('管理举报类别、时限和 Open311 接入', 'Manage report categories, limits and Open311 access'),
      grants: ['safety_office'],
    },
  },
  apiTags: {
    report: bi('举报：公众举报、受理办理、奖励', 'Public reports: intake, handling, rewards'),
    open311: bi('Open311 GeoReport v2', 'Open311 GeoReport v2'),
  },
  audit: {
    objects: {
      open311Client: bi('Open311 接入应用', 'Open311 app'),
      report: bi('举报', 'Report'),
      reportReward: bi('举报奖励', 'Report reward'),
      reportLimits: bi('举报办理时限设置', 'Report limits'),
    },
    actions: {
      'report.create': bi('收到举报', 'Received a report'),
      'report.identity': bi('查看举报人身份', 'Viewed who reported'),
      'report.message': bi('举报人补充说明', 'The reporter added a message'),
      'report.ask': bi('向举报人提问或说明', 'Wrote to the reporter'),
      'report.limits': bi('修改举报办理时限设置', 'Changed the report limits'),
      'reportReward.propose': bi('提出举报奖励', 'Proposed a reward'),
      'reportReward.approve': bi('批准举报奖励', 'Approved a reward'),
      'reportReward.reject': bi('不予批准举报奖励', 'Rejected a reward'),
      'reportReward.pay': bi('发放举报奖励', 'Paid a reward'),
      'open311Client.create': bi('签发 Open311 API key', 'Issued an Open311 API key'),
      'open311Client.revoke': bi('吊销 Open311 API key', 'Revoked an Open311 API key'),
    },
  },
});
