import {
  type Action,
  AppError,
  type api,
  bi,
  checkPassword,
  fieldError,
  type PasswordPolicy,
  type ScopeKind,
  scopeRank,
  type UserStatus,
  userAccountWorkflow,
} from '@citysafe/domain';
import { hash } from '@node-rs/argon2';
import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, assertInScope, inScope, likePrefix, scopeCondition } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { revokeApiTokens, revokeSessions } from '../../platform/auth.js';
import { type Db, rows, type Tx } from '../../platform/db.js';
import { parseSort } from '../../platform/http.js';
import type { JobRunner } from '../../platform/jobs.js';
import { actionsFor, plan, recordTransition, timeline } from '../../platform/workflow.js';
import { orgs, roles, userRoles, users } from './identity.tables.js';

type UserRow = typeof users.$inferSelect;
type UserOut = z.infer<typeof api.user>;

export const hashPassword = (password: string): Promise<string> => hash(password);

/** The public shape of a user: never the hash, never the failure counter. */
function snapshot(row: UserRow, roleCodes: string[]) {
  const { passwordHash: _h, failedLogins: _f, ...rest } = row;
  return { ...rest, roles: roleCodes };
}

function userActions(actor: Actor, row: UserRow & { orgPath: string }, roleCodes: string[], defs: Map<string, RoleDef>): string[] {
  if (!inScope(actor, 'user.manage', { id: row.orgId, path: row.orgPath }) || !mayManageAccount(actor, roleCodes, defs)) return [];
  // One's own account: name and phone only. Password through 修改密码 (which asks for the current
  // one), and nobody locks or disables themselves out of the system by mistake.
  if (actor.userId === row.id) return ['update'];
  return ['update', 'resetPassword', ...actionsFor(userAccountWorkflow, row.status as UserStatus, actor)];
}

async function rolesOf(db: Tx, userIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (userIds.length === 0) return map;
  const rows = await db.select().from(userRoles).where(inArray(userRoles.userId, userIds)).orderBy(asc(userRoles.roleCode));
  for (const r of rows) map.set(r.userId, [...(map.get(r.userId) ?? []), r.roleCode]);
  return map;
}

type Joined = { user: UserRow; orgName: string; orgShortName: string | null; orgPath: string };

function present(actor: Actor, j: Joined, roleCodes: string[], defs: Map<string, RoleDef>): UserOut {
  const u = j.user;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    orgId: u.orgId,
    orgName: j.orgShortName || j.orgName,
    roles: roleCodes,
    phone: u.phone,
    status: u.status as UserStatus,
    mustChangePassword: u.mustChangePassword,
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    allowedActions: userActions(actor, { ...u, orgPath: j.orgPath }, roleCodes, defs),
  };
}

const joined = (db: Tx) =>
  db
    .select({ user: users, orgName: orgs.name, orgShortName: orgs.shortName, orgPath: orgs.path })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId));

const sortable = ['username', 'displayName', 'createdAt', 'lastLoginAt', 'status'] as const;

export async function listUsers(db: Db, actor: Actor, q: z.output<typeof api.listUsers.query>) {
  const conds: SQL[] = [scopeCondition(actor, 'user.read', users.orgId)];
  if (q.orgId) {
    if (q.subtree) {
      const [org] = await db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, q.orgId));
      conds.push(org ? sql`${orgs.path} like ${likePrefix(org.path)}` : sql`false`);
    } else {
      conds.push(eq(users.orgId, q.orgId));
    }
  }
  if (q.status) conds.push(eq(users.status, q.status));
  if (q.role) conds.push(sql`exists (select 1 from user_roles ur where ur.user_id = ${users.id} and ur.role_code = ${q.role})`);
  if (q.q) {
    const text = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(users.username, text), ilike(users.displayName, text), ilike(users.phone, text))!);
  }
  const where = and(...conds);
  const sort = parseSort(q.sort, sortable, 'createdAt', true);
  const column = users[sort.field];
  const [found, [total], defs] = await Promise.all([
    joined(db)
      .where(where)
      .orderBy(sort.desc ? desc(column) : asc(column), asc(users.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(users).innerJoin(orgs, eq(orgs.id, users.orgId)).where(where),
    roleDefs(db),
  ]);
  const roleMap = await rolesOf(
    db,
    found.map((r) => r.user.id),
  );
  return {
    items: found.map((r) => present(actor, r, roleMap.get(r.user.id) ?? [], defs)),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** A user the caller may see for `action`; 404 when outside what they may read. */
async function userInReach(
  db: Tx,
  actor: Actor,
  id: string,
  action: 'user.read' | 'user.manage',
  lock = false,
): Promise<Joined & { roleCodes: string[]; defs: Map<string, RoleDef> }> {
  const query = joined(db).where(eq(users.id, id));
  const [row] = lock ? await query.for('update', { of: users }) : await query;
  if (!row || !inScope(actor, 'user.read', { id: row.user.orgId, path: row.orgPath })) {
    throw new AppError('NOT_FOUND', bi('用户不存在', 'No such user'));
  }
  const roleCodes = (await rolesOf(db, [id])).get(id) ?? [];
  const defs = await roleDefs(db);
  if (action === 'user.manage') {
    assertInScope(actor, action, { id: row.user.orgId, path: row.orgPath });
    if (!mayManageAccount(actor, roleCodes, defs)) {
      throw new AppError(
        'FORBIDDEN',
        bi('该账号的权限超出您的权限，不能管理', 'This account holds powers beyond yours; you cannot manage it'),
      );
    }
  }
  return { ...row, roleCodes, defs };
}

export async function getUser(db: Db, actor: Actor, id: string) {
  const row = await userInReach(db, actor, id, 'user.read');
  return { ...present(actor, row, row.roleCodes, row.defs), timeline: await timeline(db, 'user', id) };
}

type RoleDef = typeof roles.$inferSelect;

const roleDefs = async (db: Tx): Promise<Map<string, RoleDef>> => new Map((await db.select().from(roles)).map((r) => [r.code, r]));

/**
 * Whether the caller could give this role: each of its actions must be held by the caller with at
 * least as wide a scope. So a street office can make grid members but not administrators.
 */
function mayGrant(actor: Actor, role: RoleDef): boolean {
  if (actor.kind === 'system') return true;
  return role.actions.every((a) => {
    const held = actor.grants[a as Action];
    return held !== undefined && scopeRank[held] >= scopeRank[role.scope as ScopeKind];
  });
}

/**
 * An account is managed (changed, reset, locked, disabled) only by someone who could have granted
 * every role it holds: otherwise resetting a stronger account's password would hand its powers over.
 */
const mayManageAccount = (actor: Actor, roleCodes: string[], defs: Map<string, RoleDef>): boolean =>
  roleCodes.every((code) => {
    const role = defs.get(code);
    return role !== undefined && mayGrant(actor, role);
  });

function checkAssignableRoles(actor: Actor, codes: string[], defs: Map<string, RoleDef>): void {
  for (const code of codes) {
    const role = defs.get(code);
    if (!role) throw fieldError('roles', `角色 ${code} 不存在`, `Role ${code} does not exist`);
    if (!mayGrant(actor, role)) {
      throw new AppError('FORBIDDEN', bi(`无权授予角色“${role.nameZh}”`, `You may not grant the role “${role.nameEn}”`), {
        fields: [{ field: 'roles', message: bi('超出本人权限', 'Beyond your own permissions') }],
      });
    }
  }
}

/**
 * Refuses a change that would leave nobody able to manage roles: the last active holder of
 * `role.manage` keeps it and stays active.
 */
async function assertRoleManagerRemains(tx: Tx, userId: string): Promise<void> {
  const [others] = await rows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from users u where u.status = 'active' and u.id <> ${userId}
      and exists (select 1 from user_roles ur join roles r on r.code = ur.role_code where ur.user_id = u.id and 'role.manage' = any(r.actions))`,
  );
  if ((others?.n ?? 0) === 0) {
    throw new AppError(
      'RULE_VIOLATION',
      bi(
        '这是最后一名可管理角色权限的在用管理员，不能停用、锁定或去除其权限',
        'This is the last active user who can manage roles; they cannot be disabled, locked or stripped of it',
      ),
    );
  }
}

const holdsRoleManage = (roleCodes: string[], defs: Map<string, RoleDef>): boolean =>
  roleCodes.some((c) => defs.get(c)?.actions.includes('role.manage'));

async function orgForUser(tx: Tx, actor: Actor, orgId: string) {
  const [org] = await tx.select().from(orgs).where(eq(orgs.id, orgId));
  if (!org || !inScope(actor, 'user.read', org)) throw fieldError('orgId', '所属机构不存在', 'Org does not exist');
  assertInScope(actor, 'user.manage', org);
  return org;
}

function checkPolicy(policy: PasswordPolicy, password: string, username: string, field = 'password'): void {
  const problem = checkPassword(password, policy, username);
  if (problem) throw new AppError('VALIDATION', undefined, { fields: [{ field, message: problem }] });
}

export async function createUser(
  db: Db,
  actor: Actor,
  policy: PasswordPolicy,
  input: z.output<typeof api.createUser.body>,
): Promise<UserOut> {
  checkPolicy(policy, input.password, input.username);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const org = await orgForUser(tx, actor, input.orgId);
    const defs = await roleDefs(tx);
    checkAssignableRoles(actor, input.roles, defs);
    const [clash] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = lower(${input.username})`);
    if (clash) {
      throw new AppError('CONFLICT', bi(`用户名 ${input.username} 已存在`, `Username ${input.username} is taken`), {
        fields: [{ field: 'username', message: bi('用户名已存在', 'Username taken') }],
      });
    }
    const [row] = await tx
      .insert(users)
      .values({
        username: input.username,
        passwordHash,
        displayName: input.displayName,
        orgId: org.id,
        phone: input.phone ?? null,
        mustChangePassword: input.mustChangePassword ?? true,
      })
      .returning();
    const roleCodes = [...new Set(input.roles)].sort();
    await tx.insert(userRoles).values(roleCodes.map((roleCode) => ({ userId: row!.id, roleCode })));
    await audit(tx, actor, { action: 'user.create', entityType: 'user', entityId: row!.id, after: snapshot(row!, roleCodes) });
    return present(actor, { user: row!, orgName: org.name, orgShortName: org.shortName, orgPath: org.path }, roleCodes, defs);
  });
}

export async function updateUser(db: Db, actor: Actor, id: string, input: z.output<typeof api.updateUser.body>): Promise<UserOut> {
  return db.transaction(async (tx) => {
    const current = await userInReach(tx, actor, id, 'user.manage', true);
    const beforeRoles = current.roleCodes;
    const defs = current.defs;
    let org = { name: current.orgName, shortName: current.orgShortName, path: current.orgPath };
    if (input.orgId && input.orgId !== current.user.orgId) org = await orgForUser(tx, actor, input.orgId);
    let roleCodes = beforeRoles;
    if (input.roles) {
      roleCodes = [...new Set(input.roles)].sort();
      if (actor.userId === id && !roleCodes.every((r) => beforeRoles.includes(r))) {
        throw new AppError('FORBIDDEN', bi('不能给自己增加角色', 'You cannot give yourself roles'));
      }
      checkAssignableRoles(
        actor,
        roleCodes.filter((r) => !beforeRoles.includes(r)),
        defs,
      );
      if (holdsRoleManage(beforeRoles, defs) && !holdsRoleManage(roleCodes, defs)) await assertRoleManagerRemains(tx, id);
      await tx.delete(userRoles).where(eq(userRoles.userId, id));
      await tx.insert(userRoles).values(roleCodes.map((roleCode) => ({ userId: id, roleCode })));
    }
    const [row] = await tx
      .update(users)
      .set({
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(input.orgId !== undefined ? { orgId: input.orgId } : {}),
        ...(input.phone !== undefined ? { phone: input.phone } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning();
    await audit(tx, actor, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      before: snapshot(current.user, beforeRoles),
      after: snapshot(row!, roleCodes),
    });
    return present(actor, { user: row!, orgName: org.name, orgShortName: org.shortName, orgPath: org.path }, roleCodes, defs);
  });
}

export async function resetPassword(db: Db, actor: Actor, policy: PasswordPolicy, id: string, password: string): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await userInReach(tx, actor, id, 'user.manage', true);
    if (actor.userId === id)
      throw new AppError('FORBIDDEN', bi('请通过“修改密码”修改自己的密码', 'Change your own password with “Change password”'));
    checkPolicy(policy, password, current.user.username);
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(password), mustChangePassword: true, passwordChangedAt: new Date(), failedLogins: 0 })
      .where(eq(users.id, id));
    // A reset answers a suspected compromise: every credential of the account ends, tokens too.
    await revokeSessions(tx, id);
    await revokeApiTokens(tx, id);
    await audit(tx, actor, { action: 'user.resetPassword', entityType: 'user', entityId: id });
  });
}

/** Job kind that unlocks an account when its lockout ends. */
export const UNLOCK_JOB = 'user.lockExpired';

/**
 * Takes one workflow action on an account. Locking after failed logins sets the lock's end and
 * schedules the durable timer that unlocks it; disabling ends the person's sessions.
 */
export async function performUserAction(
  db: Db,
  jobs: JobRunner,
  actor: Actor,
  policy: PasswordPolicy,
  id: string,
  action: string,
  input: unknown,
) {
  const run = async (tx: Tx) => {
    const current = await userInReach(tx, actor, id, actor.kind === 'system' ? 'user.read' : 'user.manage', true);
    if (actor.kind !== 'system' && actor.userId === id) {
      throw new AppError('FORBIDDEN', bi('不能对自己的账号执行此操作', 'You cannot do this to your own account'));
    }
    const t = plan(userAccountWorkflow, current.user.status as UserStatus, action, input, actor);
    // A timer left from an earlier lockout must not lift a lock an administrator set since.
    if (t.action === 'lockExpired' && (!current.user.lockedUntil || current.user.lockedUntil > new Date())) {
      throw new AppError('INVALID_TRANSITION', bi('锁定尚未到期或由管理员设置', 'The lock has not expired or was set by an administrator'));
    }
    if (actor.kind !== 'system' && t.to !== 'active' && holdsRoleManage(current.roleCodes, current.defs))
      await assertRoleManagerRemains(tx, id);
    const lockedUntil = t.action === 'lockAfterFailures' ? new Date(Date.now() + policy.lockoutMinutes * 60_000) : null;
    const [after] = await tx
      .update(users)
      .set({
        status: t.to,
        lockedUntil,
        ...(t.to === 'active' ? { failedLogins: 0 } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning();
    // Any earlier lock's timer no longer applies; a new lockout brings its own.
    await jobs.cancel(tx, `unlock:${id}`);
    if (lockedUntil) await jobs.schedule(tx, UNLOCK_JOB, { userId: id }, lockedUntil, { uniqueKey: `unlock:${id}` });
    if (t.to !== 'active') await revokeSessions(tx, id);
    const roleCodes = current.roleCodes;
    await recordTransition(tx, userAccountWorkflow, id, t, actor, {
      before: snapshot(current.user, roleCodes),
      after: snapshot(after!, roleCodes),
    });
  };
  await db.transaction(run);
}
