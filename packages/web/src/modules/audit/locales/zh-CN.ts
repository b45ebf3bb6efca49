/** The audit module's messages in Simplified Chinese (the namespace `audit`). en-US must have exactly these keys. */
export const zhCN = {
  menu: '审计日志',
  at: '时间',
  actor: '操作人',
  action: '操作',
  actionPlaceholder: '操作，如 user.disable',
  entityType: '对象类型',
  entityId: '对象标识',
  ip: 'IP 地址',
  before: '变更前',
  after: '变更后',
  hash: '哈希',
  verify: '校验审计链',
  verifyOk: '审计链完整：共 {{rows}} 条记录，未发现篡改',
  verifyBroken: '审计链断裂：首个异常记录 {{id}}',
  exportName: '审计日志',
};
