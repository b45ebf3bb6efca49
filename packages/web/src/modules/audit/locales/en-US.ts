import type { Messages } from '../../../app/module';
import type { zhCN } from './zh-CN';

/** The audit module's messages in English. */
export const enUS: Messages<typeof zhCN> = {
  menu: 'Audit log',
  at: 'Time',
  actor: 'Actor',
  action: 'Action',
  actionPlaceholder: 'Action, e.g. user.disable',
  entityType: 'Entity type',
  entityId: 'Entity id',
  ip: 'IP address',
  before: 'Before',
  after: 'After',
  hash: 'Hash',
  verify: 'Verify chain',
  verifyOk: 'The audit chain is intact: {{rows}} rows, no tampering found',
  verifyBroken: 'The audit chain is broken; first bad row: {{id}}',
  exportName: 'audit-log',
};
