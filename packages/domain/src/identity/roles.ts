import { type Bilingual, bi } from '../i18n.js';

/**
 * How far a role reaches in the org tree, measured from the user's own org:
 * - `all`: every org (system administrators);
 * - `district`: the whole district the user's org belongs to (安委办 sees the district);
 * - `subtree`: the user's org and everything below it (a street office sees its communities and grids);
 * - `own`: the user's org only (an enterprise sees itself).
 */
export const scopeKinds = ['all', 'district', 'subtree', 'own'] as const;
export type ScopeKind = (typeof scopeKinds)[number];

/** Scopes ordered from widest to narrowest; a user with several roles gets the widest per action. */
export const scopeRank: Record<ScopeKind, number> = { all: 3, district: 2, subtree: 1, own: 0 };

/**
 * The roles a district starts with, and how far each reaches. What each may do is declared by the
 * modules (`grants` of each action). 公众 (the public) has no row: it is the anonymous caller.
 */
export const builtInRoles = [
  { code: 'admin', name: bi('系统管理员', 'System administrator'), scope: 'all' },
  { code: 'safety_office', name: bi('安委办', 'Safety committee office'), scope: 'district' },
  { code: 'department', name: bi('部门', 'Department'), scope: 'subtree' },
  // A street office keeps its own communities, grids and grid members.
  { code: 'street', name: bi('街办', 'Street office'), scope: 'subtree' },
  { code: 'grid_member', name: bi('网格员', 'Grid member'), scope: 'subtree' },
  { code: 'enterprise', name: bi('企业', 'Enterprise'), scope: 'own' },
  { code: 'expert', name: bi('专家', 'Expert'), scope: 'district' },
  { code: 'duty_officer', name: bi('值班员', 'Duty officer'), scope: 'district' },
] as const satisfies readonly { code: string; name: Bilingual; scope: ScopeKind }[];

export type RoleCode = (typeof builtInRoles)[number]['code'];
