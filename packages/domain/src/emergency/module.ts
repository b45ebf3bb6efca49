import { bi } from '../i18n.js';
import { defineDomainModule } from '../module.js';

/**
 * 应急指挥: incidents graded and reported within the statutory limits (国务院令第493号), plans and drills,
 * rescue resources on the map, coverage of fire stations and shelters, duty (值班值守).
 */
export const emergencyModule = defineDomainModule({
  key: 'emergency',
  name: bi('应急指挥', 'Emergency command'),
  actions: {
    'emergency.read': {
      label: bi('查看事故、预案和应急资源', 'View incidents, plans and resources'),
      grants: ['safety_office', 'department', 'street', 'grid_member', 'enterprise', 'expert', 'duty_officer'],
    },
    'emergency.report': {
      label: bi('接报和报告事故', 'Record and report incidents'),
      grants: ['safety_office', 'department', 'street', 'grid_member', 'enterprise', 'duty_officer'],
    },
    'emergency.command': {
      label: bi('启动预案、指挥调度', 'Activate plans and command the response'),
      grants: ['safety_office', 'department', 'street', 'duty_officer'],
    },
    'emergency.investigate': {
      label: bi('事故调查和瞒报谎报认定', 'Investigate accidents and record concealment'),
      grants: ['safety_office', 'department'],
    },
    'emergency.plan': {
      label: bi('管理应急预案和演练', 'Manage emergency plans and drills'),
      grants: ['safety_office', 'department', 'street', 'enterprise'],
    },
    'emergency.resource': {
      label: bi('管理救援队伍、专家、物资和避难场所', 'Manage teams, experts, supplies and shelters'),
      grants: ['safety_office', 'department', 'street', 'enterprise'],
    },
    'emergency.duty': {
      label: bi('值班值守', 'Keep duty'),
      grants: ['safety_office', 'department', 'street', 'duty_officer'],
    },
    'emergency.manage': {
      label: bi('管理应急规则设置', 'Manage emergency settings'),
      grants: ['safety_office'],
    },
  },
  apiTags: {
    emergency: bi('应急指挥：事故报告、预案演练、应急资源、值班值守', 'Emergency: incidents, plans and drills, resources, duty'),
  },
  audit: {
    objects: {},
    actions: {},
  },
});
