import { bi } from '../i18n.js';
import { defineDomainModule } from '../module.js';

/** 风险管控: the census of the district's risk sources, their assessment and the four-colour map. */
export const riskModule = defineDomainModule({
  key: 'risk',
  name: bi('风险管控', 'Risk control'),
  actions: {
    'risk.read': {
      label: bi('查看风险源', 'View risk sources'),
      grants: ['safety_office', 'department', 'street', 'grid_member', 'enterprise', 'expert', 'duty_officer'],
    },
    'risk.register': {
      label: bi('登记和评估风险源', 'Register and assess risk sources'),
      grants: ['safety_office', 'department', 'street', 'enterprise'],
    },
    'risk.review': { label: bi('审核风险源', 'Review risk sources'), grants: ['safety_office', 'department'] },
    'risk.confirmLocation': { label: bi('确认风险源位置', 'Confirm where a risk source is'), grants: ['street'] },
    'risk.manage': {
      label: bi('管理风险分级规则和白皮书', 'Manage risk grading rules and the white paper'),
      grants: ['safety_office'],
    },
  },
  apiTags: {
    risk: bi('风险管控：风险源普查、评估、四色图', 'Risk control: census, assessment, four-colour map'),
    calc: bi('计算器：LEC、重大危险源辨识分级、事故等级', 'Calculators: LEC, major hazards, accident grade'),
  },
  audit: {
    objects: {
      riskSource: bi('风险源', 'Risk source'),
      riskSettings: bi('风险分级规则', 'Risk grading rules'),
      riskWhitePaper: bi('风险白皮书', 'Risk white paper'),
    },
    actions: {
      'riskSource.create': bi('登记风险源', 'Registered a risk source'),
      'riskSource.update': bi('修改风险源', 'Edited a risk source'),
      'riskSource.confirmLocation': bi('确认风险源位置', 'Confirmed where a risk source is'),
      'riskSource.assess': bi('评估风险源', 'Assessed a risk source'),
      'riskSource.addMeasure': bi('添加管控措施', 'Added a control measure'),
      'riskSource.updateMeasure': bi('修改管控措施', 'Edited a control measure'),
      'riskSource.deleteMeasure': bi('删除管控措施', 'Deleted a control measure'),
      'riskSource.raiseLevel': bi('风险等级动态升级', 'Raised the displayed risk level'),
      'riskSource.releaseLevel': bi('解除风险等级升级', 'Released a raised risk level'),
      'riskSettings.update': bi('修改风险分级规则', 'Changed the risk grading rules'),
      'riskWhitePaper.generate': bi('生成风险白皮书', 'Generated an edition of the risk white paper'),
    },
  },
});
