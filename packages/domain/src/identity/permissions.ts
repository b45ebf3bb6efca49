import type { Bilingual } from '../i18n.js';
import type { DomainModule } from '../module.js';
import { domainModules } from '../modules.js';
import { builtInRoles, type RoleCode, type ScopeKind } from './roles.js';

export { scopeKinds, scopeRank, type ScopeKind, type RoleCode } from './roles.js';

type ActionsOf<M> = M extends DomainModule<infer A> ? A : never;

/** Every action a route can require: the union of the actions every module declares. */
export type Action = ActionsOf<(typeof domainModules)[number]>;

/**
 * The catalogue of actions with their labels, composed from the modules. Roles grant actions
 * (permissions are data: the default roles below seed the `roles` table on first start, and an
 * administrator may edit it afterwards).
 */
export const actions = Object.fromEntries(
  domainModules.flatMap((m) => Object.entries(m.actions as Record<string, { label: Bilingual }>).map(([a, d]) => [a, d.label])),
) as Record<Action, Bilingual>;

export const allActions = Object.keys(actions) as Action[];

/** The module that declares an action. */
export const moduleOfAction = (action: Action): (typeof domainModules)[number] =>
  domainModules.find((m) => Object.hasOwn(m.actions, action))!;

export interface RoleDefinition {
  code: RoleCode;
  name: Bilingual;
  scope: ScopeKind;
  actions: Action[];
}

/**
 * The roles a district starts with: the system administrator holds every action, every other
 * built-in role the actions whose module grants them to it.
 */
export const defaultRoles: RoleDefinition[] = builtInRoles.map((role) => ({
  code: role.code,
  name: role.name,
  scope: role.scope,
  actions:
    role.code === 'admin'
      ? [...allActions]
      : domainModules.flatMap((m) =>
          (Object.entries(m.actions) as [Action, { grants: readonly string[] }][])
            .filter(([, d]) => d.grants.includes(role.code))
            .map(([a]) => a),
        ),
}));
