import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Action } from '@citysafe/domain';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { Actor } from './actor.js';
import type { Config } from './config.js';
import type { Database, Db } from './db.js';
import { type ChannelListener, listenWithReconnect } from './listen.js';

export const SESSION_COOKIE = 'cs_session';
/** Sessions end after this long whatever the activity. */
export const SESSION_MAX_HOURS = 12;

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export const safeEqual = (a: string, b: string): boolean => {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
};

/**
 * How the platform recognises a caller. Accounts, sessions and tokens belong to the identity
 * module, which registers its authenticator when it is loaded; the route pipeline and the MQTT
 * broker ask through here, so the platform imports no module.
 */
export interface Authenticator {
  /** Bearer token, else session cookie, else the anonymous public; a bad token is a 401. */
  authenticate(db: Db, config: Config, request: FastifyRequest): Promise<Actor>;
  /** Whether an API token is valid and holds an action (MQTT devices log in with one). */
  authenticateToken(db: Db, secret: string, action: Action): Promise<boolean>;
}

let registered: Authenticator | null = null;

/** Called once by the identity module. */
export function registerAuthenticator(authenticator: Authenticator): void {
  registered = authenticator;
}

function authenticator(): Authenticator {
  if (!registered) throw new Error('No authenticator is registered: the identity module is not loaded');
  return registered;
}

/** Finds who is calling (see `Authenticator.authenticate`). */
export const authenticate = (db: Db, config: Config, request: FastifyRequest): Promise<Actor> =>
  authenticator().authenticate(db, config, request);

/** Whether an API token is valid and holds an action (see `Authenticator.authenticateToken`). */
export const authenticateToken = (db: Db, secret: string, action: Action): Promise<boolean> =>
  authenticator().authenticateToken(db, secret, action);

/**
 * The channel on which the database announces changes to who a caller is: the triggers of the
 * migration `auth_changes` on sessions, API tokens, users, their roles, roles and orgs send the
 * user's id, or `*` when a change may touch anyone (a role's actions, an org moved, a table truncated).
 */
export const AUTH_CHANGES_CHANNEL = 'citysafe_auth_changes';

/**
 * How long a cached session or token is trusted without a word from the database: a safety net
 * for a notification that never came (the listener is dropped and re-established in between).
 */
export const AUTH_CACHE_TTL_MS = 10_000;

/** A cached caller: what authentication read from the database, whose user it belongs to. */
export interface CachedCaller {
  userId: string;
}

/**
 * The sessions and tokens a node has recently recognised, so that a request costs no statement to
 * find its caller. Correctness comes from the database: every change that could alter a cached
 * caller fires a trigger that NOTIFYs `AUTH_CHANGES_CHANNEL`, and every node LISTENs (PGlite
 * delivers its own notifications to the one process). Nothing is cached while a PostgreSQL
 * listener is not established, everything is dropped when it is (re-)established, and a read that
 * an invalidation overtook is not stored (the generation counter), so a disabled user, a revoked
 * token or a changed role takes effect as soon as the notification arrives.
 */
export class AuthCache<V extends CachedCaller> {
  private readonly entries = new Map<string, { value: V; storedAt: number }>();
  private generation = 0;
  /** Whether changes are being heard; nothing is cached while they are not (before `start()`, or a dropped listener). */
  private listening = false;
  private listener: ChannelListener | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly database: Pick<Database, 'pool' | 'pglite'>) {}

  /** A cached caller, unless the entry is older than the safety net. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (performance.now() - entry.storedAt > AUTH_CACHE_TTL_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Reads a caller through `load` and keeps it, unless a change was announced while it was being read. */
  async load(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const generation = this.generation;
    const value = await load();
    if (value && this.listening && generation === this.generation) this.entries.set(key, { value, storedAt: performance.now() });
    return value;
  }

  /** Forgets the callers of one user, or everyone's (`*`). */
  invalidate(userId: string): void {
    this.generation++;
    if (userId === '*') return this.entries.clear();
    for (const [key, entry] of this.entries) if (entry.value.userId === userId) this.entries.delete(key);
  }

  /** Starts listening for changes; callers are cached from then on. */
  async start(): Promise<void> {
    if (this.database.pglite) {
      this.unlisten = await this.database.pglite.listen(AUTH_CHANGES_CHANNEL, (payload) => this.invalidate(payload || '*'));
      this.listening = true;
    } else if (this.database.pool) {
      await this.hearOnEveryConnection(this.database.pool);
      // The listener covers other nodes' changes; while it is down (deaf), cache nothing and trust nothing heard before.
      this.listener = await listenWithReconnect(this.database.pool, AUTH_CHANGES_CHANNEL, {
        onNotification: (payload) => this.invalidate(payload || '*'),
        onListening: () => {
          this.invalidate('*');
          this.listening = true;
        },
        onLost: () => {
          this.listening = false;
          this.invalidate('*');
        },
      });
    }
  }

  private readonly heard = (msg: pg.Notification) => {
    if (msg.channel === AUTH_CHANGES_CHANNEL) this.invalidate(msg.payload || '*');
  };

  /**
   * Every pooled connection LISTENs too: PostgreSQL tells a session its own notifications before
   * it answers the COMMIT, so a change made on this node is forgotten before the request that made
   * it answers, not whenever the listener's connection is read. The listener covers other nodes'.
   * New connections LISTEN before they are first handed out (pg-pool's `onConnect`); those already
   * open are borrowed once, all at the same time, while the platform starts.
   */
  private async hearOnEveryConnection(pool: pg.Pool): Promise<void> {
    const hear = async (client: pg.ClientBase) => {
      client.on('notification', this.heard);
      await client.query(`listen ${AUTH_CHANGES_CHANNEL}`);
    };
    // pg-pool awaits `onConnect` before a new connection is first handed out (its types say it returns void).
    const options = pool.options as Omit<pg.PoolConfig, 'onConnect'> & { onConnect?: (client: pg.ClientBase) => Promise<void> | void };
    const before = options.onConnect;
    options.onConnect = async (client) => {
      await before?.(client);
      await hear(client);
    };
    const open = await Promise.all(Array.from({ length: pool.idleCount }, () => pool.connect()));
    try {
      await Promise.all(open.map(hear));
    } finally {
      for (const client of open) client.release();
    }
  }

  async stop(): Promise<void> {
    this.listening = false;
    this.invalidate('*');
    await this.unlisten?.();
    this.unlisten = null;
    await this.listener?.stop();
    this.listener = null;
  }
}

const caches = new WeakMap<Db, AuthCache<CachedCaller>>();

/** The caller cache of a platform's database handle (one per platform, so two platforms in a process keep their own). */
export function authCacheOf<V extends CachedCaller>(db: Db): AuthCache<V> | undefined {
  return caches.get(db) as AuthCache<V> | undefined;
}

/** Starts the caller cache of a database; returns the function that stops it. */
export async function startAuthCache(database: Database): Promise<() => Promise<void>> {
  const cache = new AuthCache<CachedCaller>(database);
  await cache.start();
  caches.set(database.db, cache);
  return async () => {
    caches.delete(database.db);
    await cache.stop();
  };
}
