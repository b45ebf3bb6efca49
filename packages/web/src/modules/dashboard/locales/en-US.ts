import type { Messages } from '../../../app/module';
import type { zhCN } from './zh-CN';

/** The dashboard module's messages in English. */
export const enUS: Messages<typeof zhCN> = {
  menu: 'Dashboard',
  welcome: 'Hello, {{name}}',
  welcomeOrg: '{{org}} · Welcome to the urban safety platform',
  orgs: 'Organisations',
  users: 'Users',
  unread: 'Unread notifications',
  orgTypes: 'Organisations by kind',
  orgCount: 'Organisations',
  usersByRole: 'Users by role',
  map: 'District map',
  todo: 'To do ({{count}})',
  done: 'Done',
  noTodo: 'Nothing to do',
  noDone: 'Nothing done yet',
  dueOverdue: 'Overdue · {{date}}',
  dueSoon: 'Due soon · {{date}}',
  dueOn: 'Due {{date}}',
  reason: 'Reason: {{reason}}',
  platformOverview: 'Platform overview',
  progress: 'Campaign progress',
  progressLabel: '{{accepted}} of {{total}} accepted',
  openSupervisions: 'Open supervision notices',
  items: '',
  supervisionSplit: '{{issued}} awaiting answer · {{answered}} to close',
  overdueByUnit: 'Overdue by unit (top {{count}})',
  overdueParts: 'Overdue parts',
  myParts: 'Our parts ({{count}})',
};
