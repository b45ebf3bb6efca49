import {
  AppError,
  type api,
  bi,
  checkPassword,
  fieldError,
  type PasswordPolicy,
  type UserStatus,
  userAccountWorkflow,
} from '@citysafe/domain';
import { hash } from '@node-rs/argon2';
import { asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, assertInScope, inScope, likePrefix, scopeCondition } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { revokeApiTokens, revokeSessions } from './identity.auth.js';
import { type Db, now, rows, type Tx } from '../../platform/db.js';
import type { JobRunner } from '../../platform/jobs.js';
import { listPage } from '../../platform/list.js';
import { recordTransition, timeline } from '../../platform/workflow.js';
import { mayGrant, type UserObject, userPolicy } from './identity.policy.js';
import { loginFailures, orgs, roles, userRoles, users } from './identity.tables.js';

type UserRow = typeof users.$inferSelect;
type UserOut = z.infer<typeof api.user>;

export const hashPassword = (password: string): Promise<string> => hash(password);

/** The public shape of a user: never the hash, never the failure counter. */
function snapshot(row: UserRow, roleCodes: string[]) {
  const { passwordHash: _h, failedLogins: _f, failedLoginsSince: _s, ...rest } = row;
  return { ...rest, roles: roleCodes };
}

/** An account as its policy sees it. */
const userObject = (row: UserRow, orgPath: string, roleCodes: string[], defs: Map<string, RoleDef>): UserObject => ({
  id: row.id,
  orgId: row.orgId,
  orgPath,
  status: row.status as UserStatus,
  roleCodes,
  defs,
});

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
    allowedActions: userPolicy.allowed(actor, userObject(u, j.orgPath, roleCodes, defs)),
  };
}

const joined = (db: Tx) =>
  db
    .select({ user: users, orgName: orgs.name, orgShortName: orgs.shortName, orgPath: orgs.path })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId));

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
  // Each user's roles come with the page (one statement), the role definitions beside it.
  const roleCodes = sql<string[]>`array(select ur.role_code from user_roles ur where ur.user_id = ${users.id} order by ur.role_code)`;
  const [{ rows: found, ...paging }, defs] = await Promise.all([
    listPage(
      db,
      db
        .select({ user: users, orgName: orgs.name, orgShortName: orgs.shortName, orgPath: orgs.path, roleCodes })
        .from(users)
        .innerJoin(orgs, eq(orgs.id, users.orgId))
        .$dynamic(),
      {
        where: conds,
        search: [users.username, users.displayName, users.phone],
        sortable: {
          username: users.username,
          displayName: users.displayName,
          createdAt: users.createdAt,
          lastLoginAt: users.lastLoginAt,
          status: users.status,
        },
        defaultOrder: [desc(users.createdAt)],
        tieBreaker: asc(users.id),
      },
      q,
    ),
    roleDefs(db),
  ]);
  return { ...paging, items: found.map((r) => present(actor, r, r.roleCodes, defs)) };
}

/** A user the caller may see, with what their policy needs; 404 when outside what the caller may read. */
async function userInReach(
  db: Tx,
  actor: Actor,
  id: string,
  lock = false,
): Promise<Joined & { roleCodes: string[]; defs: Map<string, RoleDef>; object: UserObject }> {
  const query = joined(db).where(eq(users.id, id));
  const [row] = lock ? await query.for('update', { of: users }) : await query;
  if (!row || !inScope(actor, 'user.read', { id: row.user.orgId, path: row.orgPath })) {
    throw new AppError('NOT_FOUND', bi('用户不存在', 'No such user'));
  }
  const roleCodes = (await rolesOf(db, [id])).get(id) ?? [];
  const defs = await roleDefs(db);
  return { ...row, roleCodes, defs, object: userObject(row.user, row.orgPath, roleCodes, defs) };
}

export async function getUser(db: Db, actor: Actor, id: string) {
  const row = await userInReach(db, actor, id);
  return { ...present(actor, row, row.roleCodes, row.defs), timeline: await timeline(db, 'user', id) };
}

type RoleDef = typeof roles.$inferSelect;

const roleDefs = async (db: Tx): Promise<Map<string, RoleDef>> => new Map((await db.select().from(roles)).map((r) => [r.code, r]));

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
    const current = await userInReach(tx, actor, id, true);
    userPolicy.authorize(actor, current.object, 'update');
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
        updatedAt: now(tx),
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
    const current = await userInReach(tx, actor, id, true);
    userPolicy.authorize(actor, current.object, 'resetPassword');
    checkPolicy(policy, password, current.user.username);
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(password), mustChangePassword: true, passwordChangedAt: now(tx), failedLogins: 0 })
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
 * schedules the durable timer that unlocks it; a lock ends the person's sessions; disabling ends
 * their sessions and revokes their API tokens for good (enabling again brings back neither: the
 * person logs in anew and makes new tokens); unlocking forgets the addresses locked out of it.
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
    const current = await userInReach(tx, actor, id, true);
    const t = userPolicy.plan(actor, current.object, action, input);
    // A timer left from an earlier lockout must not lift a lock an administrator set since.
    if (t.action === 'lockExpired' && (!current.user.lockedUntil || current.user.lockedUntil > now(tx))) {
      throw new AppError('INVALID_TRANSITION', bi('锁定尚未到期或由管理员设置', 'The lock has not expired or was set by an administrator'));
    }
    if (actor.kind !== 'system' && t.to !== 'active' && holdsRoleManage(current.roleCodes, current.defs))
      await assertRoleManagerRemains(tx, id);
    const lockedUntil = t.action === 'lockAfterFailures' ? new Date(now(tx).getTime() + policy.lockoutMinutes * 60_000) : null;
    const [after] = await tx
      .update(users)
      .set({
        status: t.to,
        lockedUntil,
        ...(t.to === 'active' ? { failedLogins: 0, failedLoginsSince: null } : {}),
        updatedAt: now(tx),
      })
      .where(eq(users.id, id))
      .returning();
    // Any earlier lock's timer no longer applies; a new lockout brings its own.
    await jobs.cancel(tx, `unlock:${id}`);
    if (lockedUntil) await jobs.schedule(tx, UNLOCK_JOB, { userId: id }, lockedUntil, { uniqueKey: `unlock:${id}` });
    if (t.to !== 'active') await revokeSessions(tx, id);
    // Someone who has left must not keep acting through the systems they connected.
    if (t.to === 'disabled') await revokeApiTokens(tx, id);
    if (t.to === 'active') await tx.delete(loginFailures).where(eq(loginFailures.userId, id));
    const roleCodes = current.roleCodes;
    await recordTransition(tx, userAccountWorkflow, id, t, actor, {
      before: snapshot(current.user, roleCodes),
      after: snapshot(after!, roleCodes),
    });
  };
  await db.transaction(run);
}
