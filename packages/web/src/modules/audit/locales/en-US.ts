import type { Messages } from '../../../app/module';
import type { zhCN } from './zh-CN';

/** The audit module's messages in English. */
export const enUS: Messages<typeof zhCN> = {
  menu: 'Audit log',
  at: 'Time',
  actor: 'Who',
  org: 'Organisation',
  module: 'Module',
  action: 'Action',
  what: 'What happened',
  object: 'Object',
  range: 'Time range',
  field: 'Field',
  ip: 'IP address',
  before: 'Before',
  after: 'After',
  beforeSnapshot: 'Before (full record)',
  afterSnapshot: 'After (full record)',
  verify: 'Verify chain',
  verifyOk: 'The audit chain is intact: {{rows}} rows, no tampering found',
  verifyBroken: 'The audit chain is broken; first bad row: {{id}}',
  export: 'Export to Excel',
  exportName: 'audit-log',
};
