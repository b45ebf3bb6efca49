import { type Action, type api, bi, type ScopeKind, scopeRank, type UserStatus, userAccountWorkflow } from '@citysafe/domain';
import type { z } from 'zod';
import { type Actor, inScope } from '../../platform/actor.js';
import { allowIf, definePolicy, forbidden, refuse, type Verdict, workflowPolicy } from '../../platform/policy.js';
import type { roles } from './identity.tables.js';

/**
 * Who may do what to orgs and user accounts, in one place: the services enforce these policies and
 * the presenters list them as `allowedActions`.
 */

type RoleDef = typeof roles.$inferSelect;

/**
 * Whether the caller could give this role: each of its actions must be held by the caller with at
 * least as wide a scope. So a street office can make grid members but not administrators.
 */
export function mayGrant(actor: Actor, role: RoleDef): boolean {
  if (actor.kind === 'system') return true;
  return role.actions.every((a) => {
    const held = actor.grants[a as Action];
    return held !== undefined && scopeRank[held] >= scopeRank[role.scope as ScopeKind];
  });
}

/** An account as its policy sees it: where it sits, its state, and the roles it holds. */
export interface UserObject {
  id: string;
  orgId: string;
  orgPath: string;
  status: UserStatus;
  roleCodes: string[];
  /** Every role's definition, to weigh the account's roles against the caller's own. */
  defs: Map<string, RoleDef>;
}

/**
 * An account is managed (changed, reset, locked, disabled) only within the caller's reach, and only
 * by someone who could have granted every role it holds: otherwise resetting a stronger account's
 * password would hand its powers over.
 */
function manages(actor: Actor, u: UserObject): Verdict {
  if (!inScope(actor, 'user.manage', { id: u.orgId, path: u.orgPath })) return forbidden;
  const weaker = u.roleCodes.every((code) => {
    const role = u.defs.get(code);
    return role !== undefined && mayGrant(actor, role);
  });
  return allowIf(
    weaker,
    refuse('FORBIDDEN', bi('该账号的权限超出您的权限，不能管理', 'This account holds powers beyond yours; you cannot manage it')),
  );
}

/** Whether the account is the caller's own (the platform has none). */
const ownAccount = (actor: Actor, u: UserObject): boolean => actor.kind !== 'system' && actor.userId === u.id;

/**
 * A user account. One's own account: name and phone only — the password through 修改密码 (which
 * asks for the current one), and nobody locks or disables themselves out of the system by mistake.
 */
export const userPolicy = workflowPolicy(userAccountWorkflow, {
  state: (u: UserObject) => u.status,
  reach: (actor, u) => {
    const verdict = manages(actor, u);
    if (verdict !== true) return verdict;
    return allowIf(!ownAccount(actor, u), refuse('FORBIDDEN', bi('不能对自己的账号执行此操作', 'You cannot do this to your own account')));
  },
  others: {
    update: manages,
    resetPassword: (actor, u) => {
      const verdict = manages(actor, u);
      if (verdict !== true) return verdict;
      return allowIf(
        !ownAccount(actor, u),
        refuse('FORBIDDEN', bi('请通过“修改密码”修改自己的密码', 'Change your own password with “Change password”')),
      );
    },
  },
  othersFirst: true,
});

/**
 * An org: a caller who manages orgs adds orgs under those in their reach, and changes and deletes
 * them — but not their own org (a street office manages its communities and grids, not itself),
 * unless their reach is the whole installation.
 */
export const orgPolicy = definePolicy<{ id: string; path: string }, z.infer<typeof api.org>['allowedActions'][number]>({
  createChild: (actor, org) => allowIf(inScope(actor, 'org.manage', org)),
  update: (actor, org) => allowIf(managesOtherThanOwn(actor, org)),
  delete: (actor, org) => allowIf(managesOtherThanOwn(actor, org)),
});

function managesOtherThanOwn(actor: Actor, org: { id: string; path: string }): boolean {
  if (!inScope(actor, 'org.manage', org)) return false;
  const wholeReach = actor.grants['org.manage'] === 'all' || actor.kind === 'system';
  return org.id !== actor.orgId || wholeReach;
}
