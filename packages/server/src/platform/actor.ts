import { type Action, AppError, type ScopeKind, scopeKinds, scopeRank } from '@citysafe/domain';
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { rows, type Tx } from './db.js';

/** Who is calling: a user (by session or token), the anonymous public, or the platform itself. */
export interface Actor {
  kind: 'user' | 'anonymous' | 'system';
  userId: string | null;
  username: string;
  displayName: string;
  orgId: string | null;
  /** Materialised path of the user's org (`/root/…/org/`). */
  orgPath: string;
  /** Path of the district the user's org belongs to, the reach of `district`-scoped roles. */
  districtPath: string;
  roles: string[];
  /** Each action the caller holds, with the widest scope any of their roles gives it. */
  grants: Partial<Record<Action, ScopeKind>>;
  via: 'session' | 'token' | null;
  sessionId: string | null;
  csrfToken: string | null;
  mustChangePassword: boolean;
  locale: 'zh-CN' | 'en-US';
  ip: string | null;
}

export const anonymous = (ip: string | null): Actor => ({
  kind: 'anonymous',
  userId: null,
  username: 'anonymous',
  displayName: '公众',
  orgId: null,
  orgPath: '',
  districtPath: '',
  roles: [],
  grants: {},
  via: null,
  sessionId: null,
  csrfToken: null,
  mustChangePassword: false,
  locale: 'zh-CN',
  ip,
});

/** The platform acting on its own (timers, rules); audited as 系统. */
export const systemActor: Actor = { ...anonymous(null), kind: 'system', username: 'system', displayName: '系统' };

/** Merges the grants of several roles: for each action the widest scope wins. */
export function mergeGrants(roles: { scope: string; actions: string[] }[]): Partial<Record<Action, ScopeKind>> {
  const grants: Partial<Record<Action, ScopeKind>> = {};
  for (const role of roles) {
    const scope = role.scope as ScopeKind;
    for (const action of role.actions as Action[]) {
      const held = grants[action];
      if (!held || scopeRank[scope] > scopeRank[held]) grants[action] = scope;
    }
  }
  return grants;
}

export const can = (actor: Actor, action: Action): boolean => actor.kind === 'system' || action in actor.grants;

/** The part of the org tree an action reaches for this caller. */
export type OrgScope = { kind: 'all' } | { kind: 'subtree'; path: string } | { kind: 'own'; orgId: string } | { kind: 'none' };

export function scopeOf(actor: Actor, action: Action): OrgScope {
  if (actor.kind === 'system') return { kind: 'all' };
  const scope = actor.grants[action];
  if (!scope || !actor.orgId) return { kind: 'none' };
  switch (scope) {
    case 'all':
      return { kind: 'all' };
    case 'district':
      return { kind: 'subtree', path: actor.districtPath || actor.orgPath };
    case 'subtree':
      return { kind: 'subtree', path: actor.orgPath };
    case 'own':
      return { kind: 'own', orgId: actor.orgId };
  }
}

/** Whether an org (given by id and path) lies in the caller's reach for an action. */
export function inScope(actor: Actor, action: Action, org: { id: string; path: string }): boolean {
  const scope = scopeOf(actor, action);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'subtree':
      return org.path.startsWith(scope.path);
    case 'own':
      return org.id === scope.orgId;
    case 'none':
      return false;
  }
}

/** Refuses with 403 when the org is outside the caller's reach. */
export function assertInScope(actor: Actor, action: Action, org: { id: string; path: string }): void {
  if (!inScope(actor, action, org)) throw new AppError('FORBIDDEN');
}

/**
 * SQL condition "this org column is in the caller's reach", for scoped list queries in every
 * module. A subtree is a prefix match on the indexed materialised path.
 */
export function scopeCondition(actor: Actor, action: Action, orgIdColumn: AnyPgColumn | SQL): SQL {
  const scope = scopeOf(actor, action);
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'subtree':
      return sql`${orgIdColumn} in (select o.id from orgs o where o.path like ${likePrefix(scope.path)})`;
    case 'own':
      return sql`${orgIdColumn} = ${scope.orgId}`;
    case 'none':
      return sql`false`;
  }
}

/** A LIKE pattern matching strings that start with `prefix` (escaping LIKE's wildcards). */
export const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * SQL for the path of the district an org (given by its path) belongs to: the nearest district at
 * or above it, or the org itself when no district is above it. The reach of `district` roles.
 */
export const districtPathOf = (orgPath: AnyPgColumn | SQL): SQL =>
  sql`coalesce((select d.path from orgs d where d.type = 'district' and starts_with(${orgPath}, d.path)
    order by length(d.path) desc limit 1), ${orgPath})`;

/**
 * Who holds an action over an org: the active users one of whose roles grants the action with a
 * reach that covers the org — the same reach as `inScope` gives each of them as a caller (`all`;
 * `district`: the district of the holder's org; `subtree`: the holder's org and below; `own`: the
 * holder's org only). Who receives a notice, who must accept, who may decide: one answer for every
 * module. `scopes` narrows the roles that count, e.g. leaving out installation-wide administrators
 * when a notice is for the people who run the place. Takes the caller's `tx` (PGlite has one
 * connection). Returns user ids in a stable order.
 */
export async function holdersOf(tx: Tx, action: Action, orgId: string, options: { scopes?: readonly ScopeKind[] } = {}): Promise<string[]> {
  const scopes = options.scopes ?? scopeKinds;
  if (scopes.length === 0) return [];
  const found = await rows<{ id: string }>(
    tx,
    sql`select u.id from users u join orgs home on home.id = u.org_id join orgs target on target.id = ${orgId}
      where u.status = 'active' and exists (
        select 1 from user_roles ur join roles r on r.code = ur.role_code
        where ur.user_id = u.id and ${action} = any(r.actions)
          and r.scope in (${sql.join(
            scopes.map((s) => sql`${s}`),
            sql`, `,
          )})
          and case r.scope
            when 'all' then true
            when 'district' then starts_with(target.path, ${districtPathOf(sql`home.path`)})
            when 'subtree' then starts_with(target.path, home.path)
            when 'own' then target.id = home.id
            else false end)
      order by u.id`,
  );
  return found.map((r) => r.id);
}
