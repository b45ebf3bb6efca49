/** The dashboard module's messages in Simplified Chinese (the namespace `dashboard`). en-US must have exactly these keys. */
export const zhCN = {
  menu: '工作台',
  welcome: '您好，{{name}}',
  welcomeOrg: '{{org}} · 欢迎使用城市安全管理平台',
  orgs: '组织机构',
  users: '用户',
  unread: '未读通知',
  orgTypes: '组织机构类型分布',
  orgCount: '机构数',
  usersByRole: '各角色用户数',
  map: '辖区地图',
};
