import type { Bilingual } from './i18n.js';
import type { RoleCode } from './identity/roles.js';

/** One action a route or a policy can require, and the built-in roles that hold it by default. */
export interface ActionDefinition {
  label: Bilingual;
  /**
   * The built-in roles granted this action on a new installation (the system administrator holds
   * every action and is not listed). An empty list means: administrators only, until someone grants it.
   */
  grants: readonly Exclude<RoleCode, 'admin'>[];
}

/**
 * The domain half of a module: what the server, the web app and the audit log need to know about
 * it without I/O. Each module declares one in `packages/domain/src/<module>/module.ts`; the list in
 * `modules.ts` composes them into the action catalogue, the default roles and the audit labels.
 */
export interface DomainModule<A extends string = string> {
  /** The module's key; every action it declares starts with a prefix it owns (`campaign.read`). */
  key: string;
  name: Bilingual;
  actions: Record<A, ActionDefinition>;
  /** What each OpenAPI tag of its endpoints groups (every tag an endpoint uses must be described). */
  apiTags: Record<string, Bilingual>;
  /** How the audit log names the objects this module writes and its actions outside a workflow. */
  audit: { objects: Record<string, Bilingual>; actions: Record<string, Bilingual> };
}

/**
 * Declares a module with its action names inferred, so `Action` is the union of every module's.
 * Its workflows are not part of it: they name actions in their permissions, so listing them here
 * would make `Action` depend on itself; the server's module definition lists them.
 */
export const defineDomainModule = <const A extends string>(module: DomainModule<A>): DomainModule<A> => module;
