import { type Action, AppError } from '@citysafe/domain';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { type Actor, anonymous, can, districtPathOf, mergeGrants } from '../../platform/actor.js';
import { type Authenticator, authCacheOf, randomToken, SESSION_COOKIE, SESSION_MAX_HOURS, sha256 } from '../../platform/auth.js';
import type { Config } from '../../platform/config.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { apiTokens, orgs, sessions, users } from './identity.tables.js';

const TOKEN_PREFIX = 'cst_';

/** A new API token secret and the parts stored of it (its hash and a short prefix to recognise it). */
export function newApiTokenSecret(): { token: string; hash: string; prefix: string } {
  const token = TOKEN_PREFIX + randomToken(32);
  return { token, hash: sha256(token), prefix: token.slice(0, 10) };
}

/** Builds the actor of a user: roles merged into grants, and the reach of the org tree. */
export async function loadUserActor(
  db: Tx,
  userId: string,
  extra: Pick<Actor, 'via' | 'sessionId' | 'csrfToken' | 'ip'>,
  tokenActions?: string[],
): Promise<Actor | null> {
  // One round trip on every request: the user, their org's path, their roles, and the nearest
  // district at or above their org (the reach of `district`-scoped roles).
  const [row] = await db
    .select({
      user: users,
      orgPath: orgs.path,
      held: sql<{ code: string; scope: string; actions: string[] }[]>`coalesce((
        select json_agg(json_build_object('code', r.code, 'scope', r.scope, 'actions', r.actions) order by r.code)
        from user_roles ur join roles r on r.code = ur.role_code where ur.user_id = ${users.id}), '[]'::json)`,
      districtPath: sql<string>`${districtPathOf(orgs.path)}`,
    })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(eq(users.id, userId));
  if (!row || row.user.status !== 'active') return null;
  const held = row.held;
  let grants = mergeGrants(held);
  if (tokenActions) {
    grants = Object.fromEntries(Object.entries(grants).filter(([a]) => tokenActions.includes(a)));
  }
  return {
    kind: 'user',
    userId: row.user.id,
    username: row.user.username,
    displayName: row.user.displayName,
    orgId: row.user.orgId,
    orgPath: row.orgPath,
    districtPath: row.districtPath,
    roles: held.map((h) => h.code),
    grants,
    mustChangePassword: row.user.mustChangePassword && extra.via === 'session',
    locale: row.user.locale === 'en-US' ? 'en-US' : 'zh-CN',
    ...extra,
  };
}

/** A session or token as the cache keeps it: what its checks need, and its actor without the address. */
interface KnownCaller {
  userId: string;
  /** The row's id (the session's hash, the token's uuid). */
  id: string;
  expiresAt: Date | null;
  /** When use was last recorded (a session's `lastSeenAt`, a token's `lastUsedAt`). */
  seenAt: Date | null;
  actor: Actor;
}

/** Reads a caller through the platform's cache (see `AuthCache`); without one, straight from the database. */
const known = (db: Db, key: string, load: () => Promise<KnownCaller | null>): Promise<KnownCaller | null> => {
  const cache = authCacheOf<KnownCaller>(db);
  return cache ? cache.load(key, load) : load();
};

/** The actor of an API token, or null when the token is unknown, revoked, expired or its user inactive. */
export async function actorFromToken(db: Db, secret: string, ip: string | null): Promise<Actor | null> {
  const key = `token:${sha256(secret)}`;
  const at = now(db);
  const expired = (c: KnownCaller) => c.expiresAt !== null && c.expiresAt < at;
  let caller = authCacheOf<KnownCaller>(db)?.get(key);
  // An entry that looks expired is read again: the clock may have moved, the row may have changed.
  if (!caller || expired(caller)) {
    caller =
      (await known(db, key, async () => {
        const [token] = await db
          .select()
          .from(apiTokens)
          .where(and(eq(apiTokens.tokenHash, sha256(secret)), isNull(apiTokens.revokedAt)));
        if (!token) return null;
        const actor = await loadUserActor(db, token.userId, { via: 'token', sessionId: null, csrfToken: null, ip: null }, token.actions);
        return actor && { userId: token.userId, id: token.id, expiresAt: token.expiresAt, seenAt: token.lastUsedAt, actor };
      })) ?? undefined;
  }
  if (!caller || expired(caller)) return null;
  // Recording use once a minute is enough to tell an administrator which tokens are alive.
  if (!caller.seenAt || at.getTime() - caller.seenAt.getTime() > 60_000) {
    caller.seenAt = at;
    await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, caller.id));
  }
  return { ...caller.actor, ip };
}

/** Whether an API token is valid and holds an action (MQTT devices log in with one). */
export async function authenticateToken(db: Db, secret: string, action: Action): Promise<boolean> {
  const actor = secret ? await actorFromToken(db, secret, null) : null;
  return actor !== null && can(actor, action);
}

/**
 * Finds who is calling: a Bearer token (integrating systems), else the session cookie, else the
 * anonymous public. An expired, revoked or idle session counts as no session.
 */
export async function authenticate(db: Db, config: Config, request: FastifyRequest): Promise<Actor> {
  const ip = request.ip ?? null;
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = match ? await actorFromToken(db, match[1]!, ip) : null;
    if (!actor) throw new AppError('UNAUTHENTICATED');
    return actor;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return anonymous(ip);
  const key = `session:${sha256(cookie)}`;
  const at = now(db);
  const idleMs = config.passwordPolicy.sessionIdleMinutes * 60_000;
  const ended = (c: KnownCaller) => c.expiresAt! < at || c.seenAt!.getTime() + idleMs < at.getTime();
  let caller = authCacheOf<KnownCaller>(db)?.get(key);
  // An entry that looks ended is read again: another node may have seen the session since.
  if (!caller || ended(caller)) {
    caller =
      (await known(db, key, async () => {
        const [session] = await db
          .select()
          .from(sessions)
          .where(and(eq(sessions.id, sha256(cookie)), isNull(sessions.revokedAt)));
        if (!session) return null;
        const extra = { via: 'session', sessionId: session.id, csrfToken: session.csrfToken, ip: null } as const;
        const actor = await loadUserActor(db, session.userId, extra);
        return actor && { userId: session.userId, id: session.id, expiresAt: session.expiresAt, seenAt: session.lastSeenAt, actor };
      })) ?? undefined;
  }
  if (!caller || ended(caller)) return anonymous(ip);
  if (at.getTime() - caller.seenAt!.getTime() > 60_000) {
    caller.seenAt = at;
    await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, caller.id));
  }
  return { ...caller.actor, ip };
}

/** Opens a session; returns the cookie value and the CSRF token the client sends on writes. */
export async function createSession(tx: Tx, userId: string, request: FastifyRequest): Promise<{ cookie: string; csrfToken: string }> {
  const cookie = randomToken();
  const csrfToken = randomToken(24);
  const at = now(tx);
  await tx.insert(sessions).values({
    id: sha256(cookie),
    userId,
    csrfToken,
    ip: request.ip,
    userAgent: String(request.headers['user-agent'] ?? '').slice(0, 300),
    createdAt: at,
    lastSeenAt: at,
    expiresAt: new Date(at.getTime() + SESSION_MAX_HOURS * 3600_000),
  });
  return { cookie, csrfToken };
}

/** Ends sessions of a user, all or all but one (after a password change the current one stays). */
export async function revokeSessions(tx: Tx, userId: string, keepSessionId?: string | null): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: now(tx) })
    .where(
      and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keepSessionId ? sql`${sessions.id} <> ${keepSessionId}` : sql`true`),
    );
}

/** Revokes every API token of a user (after a password reset: the account may have been compromised). */
export async function revokeApiTokens(tx: Tx, userId: string): Promise<void> {
  await tx
    .update(apiTokens)
    .set({ revokedAt: now(tx) })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
}

/**
 * Whether a session still stands (not revoked, not expired, not idle), without counting the check
 * as activity: a long-lived event stream must not keep an idle session alive.
 */
export async function sessionStands(db: Db, config: Config, sessionId: string): Promise<boolean> {
  const [session] = await db
    .select({ expiresAt: sessions.expiresAt, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
  const at = now(db).getTime();
  return Boolean(
    session && session.expiresAt.getTime() > at && session.lastSeenAt.getTime() + config.passwordPolicy.sessionIdleMinutes * 60_000 > at,
  );
}

/** What the platform asks to recognise a caller (registered by this module's index.ts). */
export const identityAuthenticator: Authenticator = { authenticate, authenticateToken };
