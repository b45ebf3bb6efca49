import type { Messages } from '../../../app/module';
import type { zhCN } from './zh-CN';

/** The roles module's messages in English. */
export const enUS: Messages<typeof zhCN> = {
  menu: 'Roles',
  name: 'Role',
  code: 'Code',
  scope: 'Data scope',
  scopeHelp: 'Which data the role sees in the organisation tree, from the user’s own organisation',
  scopes: {
    all: 'All organisations',
    district: 'Whole district',
    subtree: 'Own organisation and below',
    own: 'Own organisation only',
  },
  actions: 'Permissions',
  builtIn: 'Built in',
  editTitle: 'Edit role: {{name}}',
  nameZh: 'Chinese name',
  nameEn: 'English name',
  exportName: 'roles',
};
