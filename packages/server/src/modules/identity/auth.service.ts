import { AppError, type api, bi, checkPassword, type PasswordPolicy } from '@citysafe/domain';
import fs from 'node:fs';
import { verify } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { systemActor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { createSession, loadUserActor, revokeSessions } from './identity.auth.js';
import { type Db, now } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { initialAdminPasswordFile } from './identity.seed.js';
import { orgs, sessions, users } from './identity.tables.js';
import { hashPassword, performUserAction } from './users.service.js';

type SessionUser = z.infer<typeof api.sessionUser>;

const badCredentials = () => new AppError('UNAUTHENTICATED', bi('用户名或密码错误', 'Wrong username or password'));

// Verifying against a real hash when the user does not exist keeps the response time the same,
// so that timing does not reveal which usernames exist.
let dummyHash: Promise<string> | null = null;

export async function sessionUser(db: Db, actor: Actor): Promise<SessionUser> {
  const [org] = await db.select({ name: orgs.name, shortName: orgs.shortName }).from(orgs).where(eq(orgs.id, actor.orgId!));
  const [row] = await db.select({ mustChangePassword: users.mustChangePassword }).from(users).where(eq(users.id, actor.userId!));
  return {
    id: actor.userId!,
    username: actor.username,
    displayName: actor.displayName,
    orgId: actor.orgId!,
    orgName: org?.shortName || org?.name || '',
    roles: actor.roles,
    permissions: Object.keys(actor.grants).sort(),
    mustChangePassword: row?.mustChangePassword ?? false,
    locale: actor.locale,
  };
}

/**
 * Logs in: checks the lockout, the password, counts failures (locking the account at the policy's
 * threshold, with a timer that unlocks it) and opens a session. Every outcome is audited.
 */
export async function login(
  platform: Platform,
  request: FastifyRequest,
  input: { username: string; password: string },
): Promise<{ actor: Actor; cookie: string; csrfToken: string }> {
  const { db, config } = platform;
  const policy = config.passwordPolicy;
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${input.username})`);
  const who: Actor = { ...systemActor, displayName: input.username, ip: request.ip };
  if (!user) {
    dummyHash ??= hashPassword('not-a-user-password');
    await verify(await dummyHash, input.password).catch(() => false);
    await db.transaction((tx) =>
      audit(tx, who, { action: 'auth.loginFailed', entityType: 'user', after: { username: input.username, reason: 'unknown user' } }),
    );
    throw badCredentials();
  }
  const self: Actor = { ...who, userId: user.id, displayName: user.displayName };
  if (user.status === 'locked' && user.lockedUntil && user.lockedUntil <= now(db)) {
    // The lock has run out but its timer has not fired yet: unlock now.
    await performUserAction(db, platform.jobs, systemActor, policy, user.id, 'lockExpired', {});
    user.status = 'active';
  }
  if (user.status === 'locked') {
    throw new AppError('ACCOUNT_LOCKED', undefined, { details: { lockedUntil: user.lockedUntil?.toISOString() ?? null } });
  }
  const passwordOk = await verify(user.passwordHash, input.password).catch(() => false);
  if (!passwordOk) {
    // Counted in the database, so that parallel attempts cannot each see the same old count.
    const failures = await db.transaction(async (tx) => {
      const [counted] = await tx
        .update(users)
        .set({ failedLogins: sql`${users.failedLogins} + 1` })
        .where(eq(users.id, user.id))
        .returning({ failedLogins: users.failedLogins });
      await audit(tx, self, {
        action: 'auth.loginFailed',
        entityType: 'user',
        entityId: user.id,
        after: { failures: counted!.failedLogins },
      });
      return counted!.failedLogins;
    });
    if (user.status === 'active' && failures >= policy.maxFailedLogins) {
      await performUserAction(db, platform.jobs, systemActor, policy, user.id, 'lockAfterFailures', {}).catch((err: unknown) => {
        // A parallel attempt locked it first: the account is locked all the same.
        if (!(err instanceof AppError && err.code === 'INVALID_TRANSITION')) throw err;
      });
      throw new AppError(
        'ACCOUNT_LOCKED',
        bi(
          `连续 ${failures} 次登录失败，账号锁定 ${policy.lockoutMinutes} 分钟`,
          `${failures} failed logins; account locked for ${policy.lockoutMinutes} minutes`,
        ),
      );
    }
    throw badCredentials();
  }
  if (user.status !== 'active')
    throw new AppError('UNAUTHENTICATED', bi('账号已停用，请联系管理员', 'Account disabled; contact an administrator'));
  const session = await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ failedLogins: 0, lastLoginAt: now(tx) })
      .where(eq(users.id, user.id));
    const s = await createSession(tx, user.id, request);
    await audit(tx, self, { action: 'auth.login', entityType: 'user', entityId: user.id });
    return s;
  });
  const actor = await loadUserActor(db, user.id, { via: 'session', sessionId: null, csrfToken: session.csrfToken, ip: request.ip });
  if (!actor) throw badCredentials();
  return { actor, ...session };
}

export async function logout(db: Db, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    if (actor.sessionId)
      await tx
        .update(sessions)
        .set({ revokedAt: now(tx) })
        .where(eq(sessions.id, actor.sessionId));
    await audit(tx, actor, { action: 'auth.logout', entityType: 'user', entityId: actor.userId });
  });
}

/**
 * Changes one's own password after checking the current one; ends one's other sessions. When admin
 * changes theirs, the generated first password left in the data directory is deleted: it no longer
 * opens anything and should not lie around on disk.
 */
export async function changePassword(
  db: Db,
  actor: Actor,
  { policy, dataDir }: { policy: PasswordPolicy; dataDir: string },
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId!));
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (!(await verify(user.passwordHash, input.currentPassword).catch(() => false))) {
    throw new AppError('VALIDATION', undefined, {
      fields: [{ field: 'currentPassword', message: bi('当前密码不正确', 'Current password is wrong') }],
    });
  }
  const problem = checkPassword(input.newPassword, policy, user.username);
  if (problem) throw new AppError('VALIDATION', undefined, { fields: [{ field: 'newPassword', message: problem }] });
  if (await verify(user.passwordHash, input.newPassword).catch(() => false)) {
    throw new AppError('VALIDATION', undefined, {
      fields: [{ field: 'newPassword', message: bi('新密码不能与当前密码相同', 'The new password must differ from the current one') }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: now(tx) })
      .where(eq(users.id, user.id));
    await revokeSessions(tx, user.id, actor.sessionId);
    await audit(tx, actor, { action: 'auth.changePassword', entityType: 'user', entityId: user.id });
  });
  if (user.username === 'admin') fs.rmSync(initialAdminPasswordFile(dataDir), { force: true });
}

export async function setLocale(db: Db, actor: Actor, locale: 'zh-CN' | 'en-US'): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(users).set({ locale }).where(eq(users.id, actor.userId!));
    await audit(tx, actor, { action: 'user.setLocale', entityType: 'user', entityId: actor.userId, after: { locale } });
  });
}
