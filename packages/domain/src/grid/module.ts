import { bi } from '../i18n.js';
import { defineDomainModule } from '../module.js';

/**
 * 网格巡查: grid members patrol the enterprises and risk sources inside their grid on a plan by risk level, check in
 * with the phone's location, go through each place's checklist and report what they find (a hazard, a grid case in
 * the 数字城管 cycle, or a lead passed to the responsible department). A patrol is not a 行政检查.
 */
export const gridModule = defineDomainModule({
  key: 'grid',
  name: bi('网格巡查', 'Grid patrol'),
  actions: {
    'grid.read': {
      label: bi('查看网格、巡查记录和网格事件', 'View grids, patrols and grid cases'),
      grants: ['safety_office', 'department', 'street', 'grid_member', 'duty_officer'],
    },
    // 安委办 also holds it: it patrols on its 督查 rounds, and whoever creates grid members must hold what they are granted.
    'grid.patrol': { label: bi('网格巡查打卡和上报', 'Patrol, check in and report'), grants: ['grid_member', 'street', 'safety_office'] },
    'grid.case': {
      label: bi('派遣、处置、核查和结案网格事件', 'Dispatch, handle, verify and close grid cases'),
      grants: ['safety_office', 'department', 'street'],
    },
    'grid.manage': { label: bi('管理巡查频次和网格事件类别', 'Manage patrol intervals and case categories'), grants: ['safety_office'] },
  },
  apiTags: { grid: bi('网格巡查：巡查计划、打卡、网格事件、考核', 'Grid patrol: routes, visits, grid cases, appraisal') },
  audit: {
    objects: {
      gridVisit: bi('巡查记录', 'Patrol visit'),
      gridSettings: bi('网格巡查设置', 'Grid patrol settings'),
      gridCase: bi('网格事件', 'Grid case'),
    },
    actions: {
      'gridVisit.create': bi('巡查打卡', 'Checked in on patrol'),
      'gridCase.create': bi('网格事件立案', 'Registered a grid case'),
      'gridSettings.update': bi('修改网格巡查设置', 'Changed the grid patrol settings'),
    },
  },
});
