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
    objects: {
      hazard: bi('隐患', 'Hazard'),
      hazardExtension: bi('隐患延期申请', 'Hazard extension request'),
      hazardInspection: bi('排查任务', 'Inspection'),
      hazardSettings: bi('隐患规则设置', 'Hazard settings'),
      hazardStandard: bi('重大事故隐患判定标准', 'Major-hazard criteria document'),
      hazardStandardClause: bi('判定条款', 'Criteria clause'),
    },
    actions: {
      'hazard.create': bi('登记隐患', 'Registered a hazard'),
      'hazard.update': bi('修改隐患', 'Edited a hazard'),
      'hazard.savePlan': bi('保存重大隐患治理方案', 'Saved the treatment plan of a major hazard'),
      'hazardExtension.request': bi('申请隐患整改延期', 'Requested a hazard deadline extension'),
      'hazard.extend': bi('隐患整改期限延长', 'Extended a hazard deadline'),
      'hazardInspection.create': bi('新建排查任务', 'Planned an inspection'),
      'hazardInspection.answer': bi('填写排查项', 'Answered a checklist item'),
      'hazardSettings.update': bi('修改隐患规则设置', 'Changed the hazard settings'),
      'hazardStandard.create': bi('新增判定标准', 'Added a criteria document'),
      'hazardStandard.update': bi('修改判定标准', 'Edited a criteria document'),
      'hazardStandard.deactivate': bi('停用判定标准', 'Deactivated a criteria document'),
      'hazardStandard.delete': bi('删除判定标准', 'Deleted a criteria document'),
      'hazardStandardClause.create': bi('新增判定条款', 'Added a criteria clause'),
      'hazardStandardClause.update': bi('修改判定条款', 'Edited a criteria clause'),
      'hazardStandardClause.deactivate': bi('停用判定条款', 'Deactivated a criteria clause'),
      'hazardStandardClause.delete': bi('删除判定条款', 'Deleted a criteria clause'),
    },
  },
});
