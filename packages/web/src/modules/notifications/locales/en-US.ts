import type { Messages } from '../../../app/module';
import type { zhCN } from './zh-CN';

/** The notifications module's messages in English. */
export const enUS: Messages<typeof zhCN> = {
  menu: 'Notifications',
  bell: 'Notifications, {{count}} unread',
  all: 'All',
  unreadCount: 'Unread ({{count}})',
  empty: 'No notifications',
  markRead: 'Mark read',
  markAllRead: 'Mark all read',
  send: 'Send notification',
  sendOk: 'Send',
  sent: 'Sent to {{count}} people',
  title: 'Title',
  titleRequired: 'Enter a title',
  body: 'Message',
  toUsers: 'Recipients',
  toUsersPlaceholder: 'Search name or username',
  toOrgs: 'Organisations',
  toOrgsHelp: 'Every user of the chosen organisations',
  toOrgsPlaceholder: 'Choose organisations',
  recipientsRequired: 'Choose recipients or organisations',
  link: 'Link',
  linkHelp: 'A page of this platform, e.g. /users',
  noUnread: 'No unread notifications',
  viewAll: 'All notifications',
};
