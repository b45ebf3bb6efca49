import { z } from 'zod';
import { nameInput, textInput } from '../text.js';
import { orgTypeCodes } from '../identity/orgs.js';
import { allActions, scopeKinds } from '../identity/permissions.js';
import { userAccountWorkflow, userStatuses } from '../workflow/user-account.js';
import {
  actionBodies,
  actionBody,
  actionParams,
  allowedActions,
  bilingual,
  id,
  idParams,
  listQuery,
  ok,
  page,
  timelineEntry,
  timestamp,
  workflowActions,
} from './common.js';
import { endpoint } from './endpoint.js';

const username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9_.-]+$/, '用户名只能包含字母、数字、下划线、点和连字符 / letters, digits, _ . - only');
const roleCode = z.string().min(1).max(64);

export const sessionUser = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  orgId: id,
  orgName: z.string(),
  roles: z.array(z.string()),
  /** Every action the user holds through any role, for showing menus. */
  permissions: z.array(z.string()),
  mustChangePassword: z.boolean(),
  locale: z.enum(['zh-CN', 'en-US']),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const login = endpoint({
  method: 'POST',
  path: '/api/auth/login',
  permission: 'public',
  summary: '登录 / Log in with username and password; sets the session cookie',
  tags: ['auth'],
  body: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) }),
  response: z.object({ user: sessionUser, csrfToken: z.string() }),
  // A locked account or address is answered like a wrong password (401), so no 423 here.
  errors: ['UNAUTHENTICATED'],
});

export const logout = endpoint({
  method: 'POST',
  path: '/api/auth/logout',
  permission: 'authenticated',
  summary: '退出登录 / Log out and revoke the session',
  tags: ['auth'],
  response: ok,
});

export const me = endpoint({
  method: 'GET',
  path: '/api/auth/me',
  permission: 'authenticated',
  summary: '当前用户 / The logged-in user and a CSRF token for writes',
  tags: ['auth'],
  response: z.object({ user: sessionUser, csrfToken: z.string() }),
});

export const changePassword = endpoint({
  method: 'POST',
  path: '/api/auth/password',
  permission: 'authenticated',
  summary: '修改密码 / Change one’s own password (ends the other sessions)',
  tags: ['auth'],
  body: z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) }),
  response: ok,
});

export const passwordPolicyEndpoint = endpoint({
  method: 'GET',
  path: '/api/auth/password-policy',
  permission: 'public',
  summary: '密码策略 / The password and lockout policy with its source',
  tags: ['auth'],
  response: z.object({
    minLength: z.number(),
    minClasses: z.number(),
    maxFailedLogins: z.number(),
    maxFailedLoginsPerAccount: z.number(),
    lockoutMinutes: z.number(),
    sessionIdleMinutes: z.number(),
    source: bilingual,
  }),
});

export const setLocale = endpoint({
  method: 'PUT',
  path: '/api/auth/locale',
  permission: 'authenticated',
  summary: '界面语言 / Set one’s interface language',
  tags: ['auth'],
  body: z.object({ locale: z.enum(['zh-CN', 'en-US']) }),
  response: ok,
});

// ---- orgs ----

export const org = z.object({
  id,
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  type: z.enum(orgTypeCodes),
  parentId: id.nullable(),
  aliases: z.array(z.string()),
  divisionCode: z.string().nullable(),
  gridCode: z.string().nullable(),
  liaisonOrgId: id.nullable(),
  note: z.string().nullable(),
  sortOrder: z.number().int(),
  /** WGS-84 [longitude, latitude] where the org is on the map. */
  location: z.tuple([z.number(), z.number()]).nullable(),
  allowedActions: allowedActions(['createChild', 'update', 'delete']),
});
export type Org = z.infer<typeof org>;

const orgFields = z.object({
  code: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9_-]+$/, '编码只能包含字母、数字、下划线和连字符 / letters, digits, _ and - only'),
  name: nameInput().min(1).max(100),
  shortName: nameInput().max(50).nullable().optional(),
  type: z.enum(orgTypeCodes),
  parentId: id,
  aliases: z.array(nameInput().min(1).max(100)).max(20).optional(),
  divisionCode: z
    .string()
    .regex(/^\d{6}$/, '行政区划代码为 6 位数字 (GB/T 2260) / six digits')
    .nullable()
    .optional(),
  gridCode: z
    .string()
    .regex(/^\d{15}$/, '网格编码为 15 位数字 / fifteen digits')
    .nullable()
    .optional(),
  liaisonOrgId: id.nullable().optional(),
  note: textInput().max(500).nullable().optional(),
  sortOrder: z.number().int().min(0).max(100000).optional(),
  /** WGS-84 [longitude, latitude]. */
  location: z
    .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
    .nullable()
    .optional(),
});

export const listOrgs = endpoint({
  method: 'GET',
  path: '/api/orgs',
  permission: 'org.read',
  summary: '组织机构列表 / Orgs the caller may see (flat; build the tree with parentId)',
  tags: ['orgs'],
  query: listQuery({
    sort: ['name', 'code', 'sortOrder'],
    // The web app reads the whole tree at once to build it.
    pageSize: { default: 2000, max: 2000 },
    filters: { type: z.enum(orgTypeCodes).optional(), parentId: id.optional() },
  }),
  response: page(org),
});

export const getOrg = endpoint({
  method: 'GET',
  path: '/api/orgs/:id',
  permission: 'org.read',
  summary: '组织机构 / One org',
  tags: ['orgs'],
  params: idParams,
  response: org,
});

export const createOrg = endpoint({
  method: 'POST',
  path: '/api/orgs',
  permission: 'org.manage',
  summary: '新建组织机构 / Create an org under a parent in the caller’s scope',
  tags: ['orgs'],
  body: orgFields,
  response: org,
  status: 201,
  errors: ['CONFLICT'],
});

export const updateOrg = endpoint({
  method: 'PATCH',
  path: '/api/orgs/:id',
  permission: 'org.manage',
  summary: '修改组织机构 / Change an org (moving it keeps the tree acyclic)',
  tags: ['orgs'],
  params: idParams,
  body: orgFields.partial(),
  response: org,
  errors: ['CONFLICT', 'RULE_VIOLATION'],
});

export const deleteOrg = endpoint({
  method: 'DELETE',
  path: '/api/orgs/:id',
  permission: 'org.manage',
  summary: '删除组织机构 / Delete an org that has no children and no users',
  tags: ['orgs'],
  params: idParams,
  response: ok,
  errors: ['CONFLICT'],
});

// ---- roles ----

export const role = z.object({
  code: z.string(),
  name: bilingual,
  scope: z.enum(scopeKinds),
  actions: z.array(z.string()),
  builtIn: z.boolean(),
});
export type Role = z.infer<typeof role>;

export const listRoles = endpoint({
  method: 'GET',
  path: '/api/roles',
  permission: 'role.read',
  summary: '角色与权限 / Roles with their actions and data scope, and the catalogue of actions',
  tags: ['roles'],
  response: z.object({
    items: z.array(role),
    actions: z.array(z.object({ code: z.string(), name: bilingual })),
  }),
});

export const updateRole = endpoint({
  method: 'PUT',
  path: '/api/roles/:code',
  permission: 'role.manage',
  summary: '修改角色权限 / Change the actions and scope of a role',
  tags: ['roles'],
  params: z.object({ code: roleCode }),
  body: z.object({
    name: z.object({ zh: nameInput().min(1).max(100), en: nameInput().min(1).max(100) }).optional(),
    scope: z.enum(scopeKinds),
    actions: z.array(z.enum(allActions as [string, ...string[]])),
  }),
  response: role,
  errors: ['RULE_VIOLATION'],
});

// ---- users ----

export const user = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  orgId: id,
  orgName: z.string(),
  roles: z.array(z.string()),
  phone: z.string().nullable(),
  status: z.enum(userStatuses),
  mustChangePassword: z.boolean(),
  lockedUntil: timestamp.nullable(),
  lastLoginAt: timestamp.nullable(),
  createdAt: timestamp,
  allowedActions: allowedActions(['update', 'resetPassword', ...workflowActions(userAccountWorkflow)]),
});
export type User = z.infer<typeof user>;

export const userDetail = user.extend({ timeline: z.array(timelineEntry) });

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,20}$/, '电话号码格式不正确 / invalid phone number');

export const listUsers = endpoint({
  method: 'GET',
  path: '/api/users',
  permission: 'user.read',
  summary: '用户列表 / Users in the caller’s scope',
  tags: ['users'],
  query: listQuery({
    sort: ['username', 'displayName', 'createdAt', 'lastLoginAt', 'status'],
    filters: {
      orgId: id.optional(),
      role: roleCode.optional(),
      status: z.enum(userStatuses).optional(),
      /** Include users of the org's whole subtree when filtering by org. */
      subtree: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
    },
  }),
  response: page(user),
});

export const getUser = endpoint({
  method: 'GET',
  path: '/api/users/:id',
  permission: 'user.read',
  summary: '用户 / One user with status, allowed actions and timeline',
  tags: ['users'],
  params: idParams,
  response: userDetail,
});

export const createUser = endpoint({
  method: 'POST',
  path: '/api/users',
  permission: 'user.manage',
  summary: '新建用户 / Create a user in an org of the caller’s scope',
  tags: ['users'],
  body: z.object({
    username,
    password: z.string().min(1).max(256),
    displayName: nameInput().min(1).max(64),
    orgId: id,
    roles: z.array(roleCode).min(1).max(10),
    phone: phone.nullable().optional(),
    /** Ask the person to choose their own password at first login (default true). */
    mustChangePassword: z.boolean().optional(),
  }),
  response: user,
  status: 201,
  errors: ['CONFLICT'],
});

export const updateUser = endpoint({
  method: 'PATCH',
  path: '/api/users/:id',
  permission: 'user.manage',
  summary: '修改用户 / Change a user’s name, org, roles or phone',
  tags: ['users'],
  params: idParams,
  body: z.object({
    displayName: nameInput().min(1).max(64).optional(),
    orgId: id.optional(),
    roles: z.array(roleCode).min(1).max(10).optional(),
    phone: phone.nullable().optional(),
  }),
  response: user,
});

export const resetUserPassword = endpoint({
  method: 'POST',
  path: '/api/users/:id/password',
  permission: 'user.manage',
  summary: '重置密码 / Set a new password the user must change at next login; ends their sessions',
  tags: ['users'],
  params: idParams,
  body: z.object({ password: z.string().min(1).max(256) }),
  response: ok,
});

/** The body of each account action, keyed by the `:action` path parameter. */
export const userActionBodies = actionBodies(userAccountWorkflow);

export const userAction = endpoint({
  method: 'POST',
  path: '/api/users/:id/actions/:action',
  permission: 'user.manage',
  summary: '账号状态操作 / Take a workflow action on an account (lock, unlock, disable, enable)',
  tags: ['users'],
  params: actionParams,
  body: actionBody(userActionBodies),
  response: userDetail,
});

// ---- API tokens ----

export const apiToken = z.object({
  id,
  name: z.string(),
  userId: id,
  userName: z.string(),
  actions: z.array(z.string()),
  prefix: z.string(),
  expiresAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  createdAt: timestamp,
});

export const listTokens = endpoint({
  method: 'GET',
  path: '/api/tokens',
  permission: 'token.manage',
  summary: '接口令牌 / API tokens the caller created',
  tags: ['tokens'],
  query: listQuery({
    sort: ['createdAt', 'name', 'lastUsedAt', 'expiresAt'],
    filters: {
      /** Revoked tokens are kept for the record; `false` leaves them out, `true` shows only them. */
      revoked: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
    },
  }),
  response: page(apiToken),
});

export const createToken = endpoint({
  method: 'POST',
  path: '/api/tokens',
  permission: 'token.manage',
  summary: '新建接口令牌 / Create a Bearer token for an integrating system; the secret is shown once',
  tags: ['tokens'],
  body: z.object({
    name: nameInput().min(1).max(100),
    /** A subset of the caller's own actions. */
    actions: z.array(z.enum(allActions as [string, ...string[]])).min(1),
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  }),
  response: apiToken.extend({ token: z.string() }),
  status: 201,
});

export const revokeToken = endpoint({
  method: 'DELETE',
  path: '/api/tokens/:id',
  permission: 'token.manage',
  summary: '吊销接口令牌 / Revoke a token',
  tags: ['tokens'],
  params: idParams,
  response: ok,
  errors: ['CONFLICT'],
});
