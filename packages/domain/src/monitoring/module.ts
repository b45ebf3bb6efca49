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
  audit: { objects: {}, actions: {} },
});
