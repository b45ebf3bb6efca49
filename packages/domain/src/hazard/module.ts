import { bi } from '../i18n.js';
import { defineDomainModule } from '../module.js';

/** 隐患排查治理: the closed loop of 一般 and 重大 hazards, 挂牌督办, checklists and inspections, statistics. */
export const hazardModule = defineDomainModule({
  key: 'hazard',
  name: bi('隐患排查治理', 'Hazard investigation and governance'),
  actions: {
    'hazard.read': {
      label: bi('查看隐患', 'View hazards'),
      grants: ['safety_office', 'department', 'street', 'grid_member', 'enterprise', 'expert', 'duty_officer'],
    },
    'hazard.report': {
      label: bi('登记和上报隐患', 'Register and report hazards'),
      grants: ['safety_office', 'department', 'street', 'grid_member', 'enterprise'],
    },
    'hazard.rectify': {
      label: bi('整改隐患、编制治理方案', 'Rectify hazards and write treatment plans'),
      grants: ['enterprise', 'street', 'department', 'safety_office'],
    },
    'hazard.verify': { label: bi('验收隐患整改', 'Verify rectifications'), grants: ['safety_office', 'department', 'street'] },
    'hazard.supervise': {
      label: bi('挂牌督办、审查销号', 'List for supervision, review and close major hazards'),
      grants: ['safety_office', 'department'],
    },
    'hazard.inspect': {
      label: bi('开展隐患排查', 'Carry out inspections'),
      grants: ['safety_office', 'department', 'street', 'grid_member', 'enterprise'],
    },
    'hazard.manage': {
      label: bi('管理判定标准、排查模板和隐患规则', 'Manage standards, checklist templates and hazard rules'),
      grants: ['safety_office'],
    },
  },
  apiTags: { hazard: bi('隐患排查治理：闭环、挂牌督办、排查、统计', 'Hazards: closed loop, supervision, inspections, statistics') },
  audit: {
    objects: { hazard: bi('隐患', 'Hazard') },
    actions: {
      'hazard.create': bi('登记隐患', 'Registered a hazard'),
      'hazard.update': bi('修改隐患', 'Edited a hazard'),
    },
  },
});
