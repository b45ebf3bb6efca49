import { bi } from '../i18n.js';
import { defineDomainModule } from '../module.js';

/** Organisations, people, roles, API tokens and signing in. */
export const identityModule = defineDomainModule({
  key: 'identity',
  name: bi('组织与用户', 'Organisations and users'),
  actions: {
    'org.read': {
      label: bi('查看组织机构', 'View organisations'),
      grants: ['safety_office', 'department', 'street', 'grid_member', 'enterprise', 'expert', 'duty_officer'],
    },
    // A street office keeps its own communities, grids and grid members.
    'org.manage': { label: bi('管理组织机构', 'Manage organisations'), grants: ['street'] },
    'user.read': { label: bi('查看用户', 'View users'), grants: ['safety_office', 'department', 'street', 'duty_officer'] },
    'user.manage': { label: bi('管理用户', 'Manage users'), grants: ['safety_office', 'street'] },
    'role.read': { label: bi('查看角色', 'View roles'), grants: ['safety_office', 'department', 'street'] },
    'role.manage': { label: bi('管理角色权限', 'Manage role permissions'), grants: [] },
    // Enterprises connect their own systems (双重预防 software, gateways) with tokens.
    'token.manage': { label: bi('管理接口令牌', 'Manage API tokens'), grants: ['enterprise'] },
  },
  apiTags: {
    auth: bi('登录、退出、本人密码与语言', 'Log in and out, one’s own password and language'),
    orgs: bi('机构树（区、部门、街办、社区、网格、企业）', 'The org tree: district, departments, streets, communities, grids, enterprises'),
    users: bi('用户与账号状态', 'Users and their account workflow'),
    roles: bi('角色与权限', 'Roles and the actions they grant'),
    tokens: bi('接口令牌', 'API tokens for systems'),
  },
  audit: {
    objects: {
      org: bi('组织机构', 'Organisation'),
      user: bi('用户', 'User'),
      role: bi('角色', 'Role'),
      apiToken: bi('接口令牌', 'API token'),
    },
    actions: {
      'org.seed': bi('建立初始组织机构', 'Created the seed org tree'),
      'org.create': bi('新建组织机构', 'Created an organisation'),
      'org.update': bi('修改组织机构', 'Changed an organisation'),
      'org.delete': bi('删除组织机构', 'Deleted an organisation'),
      'org.read': bi('查看组织机构', 'Viewed an organisation'),
      'user.create': bi('新建用户', 'Created a user'),
      'user.update': bi('修改用户', 'Changed a user'),
      'user.read': bi('查看用户', 'Viewed a user'),
      'user.resetPassword': bi('重置密码', 'Reset a password'),
      'user.setLocale': bi('切换界面语言', 'Changed the interface language'),
      'role.update': bi('修改角色权限', 'Changed a role'),
      'token.create': bi('签发接口令牌', 'Issued an API token'),
      'token.revoke': bi('吊销接口令牌', 'Revoked an API token'),
      'auth.login': bi('登录', 'Signed in'),
      'auth.loginFailed': bi('登录失败', 'Failed sign-in'),
      'auth.logout': bi('退出登录', 'Signed out'),
      'auth.changePassword': bi('修改密码', 'Changed the password'),
    },
  },
});
