import type { Messages } from '../../../app/module';
import type { extensionsZh } from './extensions.zh-CN';

/** Hazards › extensions (en-US): the same keys as zh-CN. */
export const extensionsEn: Messages<typeof extensionsZh> = {
  title: 'Deadline and extensions',
  deadline: 'Deadline',
  supervisionDeadline: 'Supervision deadline',
  noDeadline: 'No deadline',
  onTime: '{{days}} days left',
  dueSoon: 'Due soon: {{days}} days left',
  dueToday: 'Due today',
  overdue: '{{days}} days overdue',
  closed: 'Closed',
  request: 'Request an extension',
  requestTitle: 'Request a deadline extension',
  requested: 'Extension requested',
  currentDeadline: 'Current deadline: {{date}}',
  requestedDeadline: 'Extend to',
  requestedDeadlineRequired: 'Choose the new deadline',
  reason: 'Reason',
  reasonRequired: 'Give the reason for the extension',
  approveTitle: 'Extend the deadline to {{date}}?',
  approveHelp: 'Once approved, the hazard’s deadline becomes the date asked for and the requester is told.',
  rejectTitle: 'Reject the extension to {{date}}',
  history: 'Extension requests',
  empty: 'No extension requests',
  previous: 'Previous deadline',
  status: 'Status',
  requester: 'Requested by',
  decider: 'Decided by',
  decisionNote: 'Reason for rejection',
  actions: 'Actions',
};
