/** The roles module's messages in Simplified Chinese (the namespace `roles`). en-US must have exactly these keys. */
export const zhCN = {
  menu: '角色权限',
  name: '角色',
  code: '代码',
  scope: '数据范围',
  scopeHelp: '按组织机构树确定可见的数据：从用户所在机构算起',
  scopes: {
    all: '全部机构',
    district: '本区（功能区）',
    subtree: '本机构及下级',
    own: '仅本机构',
  },
  actions: '权限',
  builtIn: '内置',
  editTitle: '编辑角色：{{name}}',
  nameZh: '中文名称',
  nameEn: '英文名称',
  exportName: '角色权限',
};
