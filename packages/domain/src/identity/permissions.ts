import { type Bilingual, bi } from '../i18n.js';

/**
 * Every action a route can require. Roles grant actions (permissions are data: the table below
 * seeds the `roles` table on first start, and an administrator may edit it afterwards).
 */
export const actions = {
  'org.read': bi('查看组织机构', 'View organisations'),
  'org.manage': bi('管理组织机构', 'Manage organisations'),
  'user.read': bi('查看用户', 'View users'),
  'user.manage': bi('管理用户', 'Manage users'),
  'role.read': bi('查看角色', 'View roles'),
  'role.manage': bi('管理角色权限', 'Manage role permissions'),
  'audit.read': bi('查看审计日志', 'Read the audit log'),
  'file.upload': bi('上传附件', 'Upload attachments'),
  'file.read': bi('下载附件', 'Download attachments'),
  'notification.send': bi('发送通知', 'Send notifications'),
  'webhook.manage': bi('管理消息推送（企业微信/钉钉）', 'Manage webhooks (WeCom / DingTalk)'),
  'token.manage': bi('管理接口令牌', 'Manage API tokens'),
  'telemetry.publish': bi('上报监测数据（MQTT）', 'Publish telemetry (MQTT)'),
  'campaign.read': bi('查看创建工作', 'View the demonstration-city campaign'),
  'campaign.manage': bi('管理创建工作（验收、督办、通报）', 'Run the campaign (accept, supervise, bulletins)'),
  'campaign.report': bi('报送创建任务进展', 'Report progress on campaign tasks'),
} as const satisfies Record<string, Bilingual>;

export type Action = keyof typeof actions;
export const allActions = Object.keys(actions) as Action[];

/**
 * How far a role reaches in the org tree, measured from the user's own org:
 * - `all`: every org (system administrators);
 * - `district`: the whole district the user's org belongs to (安委办 sees the district);
 * - `subtree`: the user's org and everything below it (a street office sees its communities and grids);
 * - `own`: the user's org only (an enterprise sees itself).
 */
export const scopeKinds = ['all', 'district', 'subtree', 'own'] as const;
export type ScopeKind = (typeof scopeKinds)[number];

export interface RoleDefinition {
  code: string;
  name: Bilingual;
  scope: ScopeKind;
  actions: Action[];
}

/** The roles a district starts with. 公众 (the public) has no row: it is the anonymous caller. */
export const defaultRoles: RoleDefinition[] = [
  { code: 'admin', name: bi('系统管理员', 'System administrator'), scope: 'all', actions: [...allActions] },
  {
    code: 'safety_office',
    name: bi('安委办', 'Safety committee office'),
    scope: 'district',
    actions: [
      'org.read',
      'user.read',
      'user.manage',
      'role.read',
      'audit.read',
      'file.upload',
      'file.read',
      'notification.send',
      'campaign.read',
      'campaign.manage',
    ],
  },
  {
    code: 'department',
    name: bi('部门', 'Department'),
    scope: 'subtree',
    actions: ['org.read', 'user.read', 'role.read', 'file.upload', 'file.read', 'campaign.read', 'campaign.report'],
  },
  {
    code: 'street',
    name: bi('街办', 'Street office'),
    scope: 'subtree',
    // A street office keeps its own communities, grids and grid members.
    actions: [
      'org.read',
      'org.manage',
      'user.read',
      'user.manage',
      'role.read',
      'file.upload',
      'file.read',
      'campaign.read',
      'campaign.report',
    ],
  },
  {
    code: 'grid_member',
    name: bi('网格员', 'Grid member'),
    scope: 'subtree',
    actions: ['org.read', 'file.upload', 'file.read'],
  },
  {
    code: 'enterprise',
    name: bi('企业', 'Enterprise'),
    scope: 'own',
    actions: ['org.read', 'file.upload', 'file.read', 'token.manage'],
  },
  {
    code: 'expert',
    name: bi('专家', 'Expert'),
    scope: 'district',
    actions: ['org.read', 'file.read', 'campaign.read'],
  },
  {
    code: 'duty_officer',
    name: bi('值班员', 'Duty officer'),
    scope: 'district',
    actions: ['org.read', 'user.read', 'file.upload', 'file.read', 'notification.send', 'campaign.read'],
  },
];

/** Scopes ordered from widest to narrowest; a user with several roles gets the widest per action. */
export const scopeRank: Record<ScopeKind, number> = { all: 3, district: 2, subtree: 1, own: 0 };
