import type { Messages } from '../../../app/module';
import type { zhCN } from './zh-CN';

/** The tokens module's messages in English. */
export const enUS: Messages<typeof zhCN> = {
  menu: 'API tokens',
  create: 'New token',
  createTitle: 'New API token',
  intro: 'Lets another system call this platform’s API with a Bearer token. The token is shown only once, when created.',
  lifetime:
    'Changing your own password does not affect tokens: they keep working. When the account is disabled or an administrator resets its password, all its tokens are revoked, and enabling the account again does not restore them.',
  name: 'Name',
  nameHelp: 'Name the system that will use it',
  prefix: 'Prefix',
  actions: 'Permissions',
  expiresAt: 'Expires',
  expiresAtHelp: 'Leave blank for no expiry',
  lastUsedAt: 'Last used',
  never: 'Never',
  stateActive: 'Active',
  stateExpired: 'Expired',
  stateRevoked: 'Revoked',
  revoke: 'Revoke',
  revokeConfirm: 'Revoke “{{name}}”?',
  revokeHelp: 'Systems using this token lose access at once.',
  revoked: 'Token revoked',
  createdTitle: 'Token created',
  shownOnce: 'Copy it now: it cannot be shown again after this dialog closes.',
  copiedIt: 'I have saved it',
  usage: 'Send it in the request header: Authorization: Bearer <token>',
  nameRequired: 'Enter a name',
  actionsRequired: 'Choose at least one permission',
};
