import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Action } from '@citysafe/domain';
import type { FastifyRequest } from 'fastify';
import type { Actor } from './actor.js';
import type { Config } from './config.js';
import type { Db } from './db.js';

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
