import { bi } from '../i18n.js';
import { defineDomainModule } from '../module.js';

/**
 * 监测预警 (城市安全风险综合监测预警平台建设指南): devices and their readings (风险监测), rules that raise alarms
 * (分析预警), the alarm's closed loop (联动处置), warnings published to units and the public (预警发布, CAP 1.2).
 */
export const monitoringModule = defineDomainModule({
  key: 'monitoring',
  name: bi('监测预警', 'Monitoring and warning'),
  actions: {
    'monitoring.read': {
      label: bi('查看监测设备、数据和报警', 'View devices, readings and alarms'),
      grants: ['safety_office', 'department', 'street', 'grid_member', 'enterprise', 'expert', 'duty_officer'],
    },
    'monitoring.device': {
      label: bi('登记和管理监测设备', 'Register and manage devices'),
      grants: ['safety_office', 'department', 'enterprise'],
    },
    'monitoring.rule': {
      label: bi('设置报警规则', 'Set alarm rules'),
      grants: ['safety_office', 'department'],
    },
    'monitoring.alarm': {
      label: bi('确认、研判和处置报警', 'Acknowledge, assess and handle alarms'),
      grants: ['safety_office', 'department', 'street', 'enterprise', 'duty_officer'],
    },
    'monitoring.warn': {
      label: bi('起草和更新预警信息', 'Draft and update warnings'),
      grants: ['safety_office', 'department', 'duty_officer'],
    },
    'monitoring.warn.approve': {
      label: bi('审批发布预警信息', 'Approve and publish warnings'),
      grants: ['safety_office'],
    },
  },
  apiTags: {
    monitoring: bi(
      '监测预警：设备、监测数据、报警规则、报警处置、预警发布（CAP 1.2）',
      'Monitoring: devices, readings, rules, alarms, warnings (CAP 1.2)',
    ),
  },
  audit: {
    objects: {
      monitoringDevice: bi('监测设备', 'Monitoring device'),
      warning: bi('预警信息', 'Warning'),
      warningSettings: bi('预警发布设置', 'Warning settings'),
      capFeed: bi('CAP 订阅源', 'CAP feed'),
      alarmRule: bi('报警规则', 'Alarm rule'),
      alarm: bi('报警', 'Alarm'),
      alarmSettings: bi('报警设置', 'Alarm settings'),
    },
    actions: {
      'monitoringDevice.create': bi('登记监测设备', 'Registered a device'),
      'monitoringDevice.update': bi('修改监测设备', 'Changed a device'),
      'monitoringDevice.token': bi('签发设备令牌', 'Issued a device token'),
      'warning.create': bi('起草预警信息', 'Drafted a warning'),
      'warning.edit': bi('修改预警草稿', 'Edited a warning draft'),
      'warning.import': bi('导入 CAP 预警信息', 'Imported a CAP warning'),
      'warning.deliver': bi('发送预警信息', 'Sent a warning through its channels'),
      'warningSettings.update': bi('修改预警发布设置', 'Changed the warning settings'),
      'capFeed.create': bi('添加 CAP 订阅源', 'Subscribed to a CAP feed'),
      'capFeed.delete': bi('删除 CAP 订阅源', 'Removed a CAP feed'),
      'alarmRule.create': bi('新增报警规则', 'Added an alarm rule'),
      'alarmRule.update': bi('修改报警规则', 'Changed an alarm rule'),
      'alarmRule.delete': bi('删除报警规则', 'Deleted an alarm rule'),
      'alarm.raise': bi('产生报警', 'Raised an alarm'),
      'alarm.clear': bi('监测值恢复正常', 'The values returned to normal'),
      'alarm.escalate': bi('报警未确认升级通知', 'Escalated an unacknowledged alarm'),
      'alarm.openHazard': bi('报警转为隐患', 'Opened a hazard from an alarm'),
      'alarmSettings.update': bi('修改报警设置', 'Changed the alarm settings'),
      'alarmChannelPrefs.update': bi('设置报警通知渠道', 'Chose the alarm channels'),
    },
  },
});
