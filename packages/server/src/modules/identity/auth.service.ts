import { AppError, type api, bi, checkPassword, type PasswordPolicy } from '@citysafe/domain';
import fs from 'node:fs';
import { verify } from '@node-rs/argon2';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { systemActor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { createSession, loadUserActor, revokeSessions } from './identity.auth.js';
import { type Db, now } from '../../platform/db.js';
import type { Platform } from '../../platform/platform.js';
import { initialAdminPasswordFile } from './identity.seed.js';
import { loginFailures, orgs, sessions, users } from './identity.tables.js';
import { hashPassword, performUserAction } from './users.service.js';

type SessionUser = z.infer<typeof api.sessionUser>;

/**
 * The one answer to a refused login, whatever the reason: wrong password, unknown user, an account
 * locked, or an address locked out of it. Answering them alike (status, body, and the password hash
 * run in each case) keeps an outsider from learning which usernames exist or are locked.
 */
const refused = (policy: PasswordPolicy) =>
  new AppError(
    'UNAUTHENTICATED',
    bi(
      `用户名或密码错误。连续多次失败后将暂停登录 ${policy.lockoutMinutes} 分钟，如需帮助请联系管理员`,
      `Wrong username or password. After repeated failures, logging in is paused for ${policy.lockoutMinutes} minutes; ask an administrator for help`,
    ),
  );

/**
 * Where a login comes from, as the per-address lockout counts it: an IPv4 address, or the /64 of
 * an IPv6 address (one subscriber usually holds a whole /64, so single addresses in it would be
 * free to rotate through).
 */
export function loginSource(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}

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
 * Logs in. Failures are counted per account and source address: `maxFailedLogins` in a row from one
 * address lock that address out of the account (the account stays open to others), and
 * `maxFailedLoginsPerAccount` from any addresses within the lockout period lock the account itself
 * (the `locked` state, with the timer that unlocks it). Counters are claimed in the database, so
 * parallel attempts on several nodes cannot each see an old count. Every outcome is audited.
 */
export async function login(
  platform: Platform,
  request: FastifyRequest,
  input: { username: string; password: string },
): Promise<{ actor: Actor; cookie: string; csrfToken: string }> {
  const { db, config } = platform;
  const policy = config.passwordPolicy;
  const source = loginSource(request.ip);
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
    throw refused(policy);
  }
  const self: Actor = { ...who, userId: user.id, displayName: user.displayName };
  if (user.status === 'locked' && user.lockedUntil && user.lockedUntil <= now(db)) {
    // The lock has run out but its timer has not fired yet: unlock now.
    await performUserAction(db, platform.jobs, systemActor, policy, user.id, 'lockExpired', {});
    user.status = 'active';
  }
  const [address] = await db
    .select({ lockedUntil: loginFailures.lockedUntil })
    .from(loginFailures)
    .where(and(eq(loginFailures.userId, user.id), eq(loginFailures.source, source)));
  const addressLocked = Boolean(address?.lockedUntil && address.lockedUntil > now(db));
  // Checked even when the answer is already no, so that a lock takes as long to answer as a wrong password.
  const passwordOk = await verify(user.passwordHash, input.password).catch(() => false);
  if (user.status === 'locked' || addressLocked) {
    await db.transaction((tx) =>
      audit(tx, self, {
        action: 'auth.loginFailed',
        entityType: 'user',
        entityId: user.id,
        after: { source, reason: user.status === 'locked' ? 'account locked' : 'address locked' },
      }),
    );
    throw refused(policy);
  }
  if (!passwordOk) {
    const accountFailures = await countFailure(db, self, policy, user.id, source);
    if (user.status === 'active' && accountFailures >= policy.maxFailedLoginsPerAccount) {
      await performUserAction(db, platform.jobs, systemActor, policy, user.id, 'lockAfterFailures', {}).catch((err: unknown) => {
        // A parallel attempt locked it first: the account is locked all the same.
        if (!(err instanceof AppError && err.code === 'INVALID_TRANSITION')) throw err;
      });
    }
    throw refused(policy);
  }
  if (user.status !== 'active')
    throw new AppError('UNAUTHENTICATED', bi('账号已停用，请联系管理员', 'Account disabled; contact an administrator'));
  const session = await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ failedLogins: 0, failedLoginsSince: null, lastLoginAt: now(tx) })
      .where(eq(users.id, user.id));
    await tx.delete(loginFailures).where(and(eq(loginFailures.userId, user.id), eq(loginFailures.source, source)));
    const s = await createSession(tx, user.id, request);
    await audit(tx, self, { action: 'auth.login', entityType: 'user', entityId: user.id });
    return s;
  });
  const actor = await loadUserActor(db, user.id, { via: 'session', sessionId: null, csrfToken: session.csrfToken, ip: request.ip });
  if (!actor) throw refused(policy);
  return { actor, ...session };
}

/**
 * Counts a wrong password for the address and, when it counted there, for the account; returns
 * the account-wide count (0 when the address was locked meanwhile by a parallel attempt, which
 * then adds nothing: one address cannot reach the account threshold by sending in parallel).
 */
async function countFailure(db: Db, actor: Actor, policy: PasswordPolicy, userId: string, source: string): Promise<number> {
  return db.transaction(async (tx) => {
    const at = now(tx);
    const lockEnd = new Date(at.getTime() + policy.lockoutMinutes * 60_000);
    const windowStart = new Date(at.getTime() - policy.lockoutMinutes * 60_000);
    // An address whose own lock has run out starts over from one.
    const failures = sql`case when ${loginFailures.lockedUntil} is null then ${loginFailures.failures} + 1 else 1 end`;
    const [address] = await tx
      .insert(loginFailures)
      .values({ userId, source, failures: 1, lastFailedAt: at, lockedUntil: policy.maxFailedLogins <= 1 ? lockEnd : null })
      .onConflictDoUpdate({
        target: [loginFailures.userId, loginFailures.source],
        set: {
          failures,
          lastFailedAt: at,
          lockedUntil: sql`case when ${failures} >= ${policy.maxFailedLogins} then ${lockEnd.toISOString()}::timestamptz end`,
        },
        // A parallel attempt locked the address: this one is not counted.
        setWhere: sql`${loginFailures.lockedUntil} is null or ${loginFailures.lockedUntil} <= ${at.toISOString()}::timestamptz`,
      })
      .returning({ failures: loginFailures.failures });
    let accountFailures = 0;
    if (address) {
      const fresh = sql`${users.failedLoginsSince} is null or ${users.failedLoginsSince} <= ${windowStart.toISOString()}::timestamptz`;
      const [account] = await tx
        .update(users)
        .set({
          failedLogins: sql`case when ${fresh} then 1 else ${users.failedLogins} + 1 end`,
          failedLoginsSince: sql`case when ${fresh} then ${at.toISOString()}::timestamptz else ${users.failedLoginsSince} end`,
        })
        .where(eq(users.id, userId))
        .returning({ failedLogins: users.failedLogins });
      accountFailures = account!.failedLogins;
    }
    // Addresses that stopped failing a day ago are forgotten, so that a spray leaves no lasting rows.
    await tx
      .delete(loginFailures)
      .where(
        and(
          eq(loginFailures.userId, userId),
          sql`${loginFailures.lastFailedAt} < ${new Date(at.getTime() - 86_400_000).toISOString()}::timestamptz`,
        ),
      );
    await audit(tx, actor, {
      action: 'auth.loginFailed',
      entityType: 'user',
      entityId: userId,
      after: { source, addressFailures: address?.failures ?? null, accountFailures },
    });
    return accountFailures;
  });
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
