import { bi } from '../i18n.js';
import { defineDomainModule } from '../module.js';

/** What the platform itself offers every module: the audit log, attachments, device telemetry. */
export const platformModule = defineDomainModule({
  key: 'platform',
  name: bi('平台', 'Platform'),
  actions: {
    'audit.read': { label: bi('查看审计日志', 'Read the audit log'), grants: ['safety_office'] },
    'file.upload': {
      label: bi('上传附件', 'Upload attachments'),
      grants: ['safety_office', 'department', 'street', 'grid_member', 'enterprise', 'duty_officer'],
    },
    'file.read': {
      label: bi('下载附件', 'Download attachments'),
      grants: ['safety_office', 'department', 'street', 'grid_member', 'enterprise', 'expert', 'duty_officer'],
    },
    // The administrator's 工作台 widget: failing jobs, webhook deliveries, disk, last backup.
    'platform.health': { label: bi('查看平台运行状况', "See the platform's health"), grants: [] },
    // Held by the API tokens of devices and gateways. Those who register devices (monitoring.device) hold it so that
    // the device tokens they issue (`POST /api/devices/:id/token`, bound to that one device) can publish.
    'telemetry.publish': {
      label: bi('上报监测数据（MQTT）', 'Publish telemetry (MQTT)'),
      grants: ['safety_office', 'department', 'enterprise'],
    },
  },
  apiTags: {
    platform: bi('平台：健康检查、客户端配置', 'Platform: health and client configuration'),
    audit: bi('审计日志（防篡改哈希链）', 'The tamper-evident, hash-chained audit log'),
    files: bi('附件（按内容识别类型）', 'Attachments, typed by their content'),
    inbox: bi('工作台：我的待办（各模块汇集）与已办', 'The work inbox: what the caller has to do, from every module, and what they did'),
  },
  audit: {
    objects: { file: bi('附件', 'Attachment') },
    actions: { 'file.upload': bi('上传附件', 'Uploaded an attachment') },
  },
});
