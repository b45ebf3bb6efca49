import { bi } from '../i18n.js';
import { defineDomainModule } from '../module.js';

/** 重大危险源: GB 18218-2018 identification and grading, and the dynamic registry of installations. */
export const majorHazardModule = defineDomainModule({
  key: 'majorHazard',
  name: bi('重大危险源', 'Major hazard installations'),
  actions: {
    'majorHazard.read': {
      label: bi('查看重大危险源', 'View major hazard installations'),
      grants: ['safety_office', 'department', 'street', 'enterprise', 'expert', 'duty_officer'],
    },
    'majorHazard.declare': {
      label: bi('申报重大危险源', 'Declare major hazard installations'),
      grants: ['enterprise', 'department', 'safety_office'],
    },
    'majorHazard.register': {
      label: bi('登记备案重大危险源', 'Register declared installations'),
      grants: ['department', 'safety_office'],
    },
  },
  apiTags: { majorHazard: bi('重大危险源：辨识、申报、登记、监管', 'Major hazards: identification, declaration, registration') },
  audit: {
    objects: { majorHazardInstallation: bi('重大危险源', 'Major hazard installation') },
    actions: {
      'majorHazardInstallation.create': bi('新增重大危险源', 'Added a major hazard installation'),
      'majorHazardInstallation.update': bi('修改重大危险源', 'Changed a major hazard installation'),
      'majorHazardInstallation.addSubstance': bi('添加危险物质', 'Added a substance'),
      'majorHazardInstallation.changeSubstance': bi('修改危险物质', 'Changed a substance'),
      'majorHazardInstallation.removeSubstance': bi('删除危险物质', 'Removed a substance'),
    },
  },
});
