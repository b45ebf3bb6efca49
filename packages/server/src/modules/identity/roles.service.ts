import { type Action, actions, AppError, type api, bi, type ScopeKind } from '@citysafe/domain';
import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now } from '../../platform/db.js';
import { roles } from './identity.tables.js';

type RoleRow = typeof roles.$inferSelect;

const present = (r: RoleRow): z.infer<typeof api.role> => ({
  code: r.code,
  name: { zh: r.nameZh, en: r.nameEn },
  scope: r.scope as ScopeKind,
  actions: r.actions,
  builtIn: r.builtIn,
});

export async function listRoles(db: Db) {
  const rows = await db.select().from(roles).orderBy(asc(roles.code));
  return {
    items: rows.map(present),
    actions: Object.entries(actions).map(([code, name]) => ({ code, name })),
  };
}

/** Changes what a role grants. The administrator role keeps `role.manage`, so nobody is locked out of this page. */
export async function updateRole(db: Db, actor: Actor, code: string, input: z.output<typeof api.updateRole.body>) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(roles).where(eq(roles.code, code)).for('update');
    if (!before) throw new AppError('NOT_FOUND', bi('角色不存在', 'No such role'));
    if (code === 'admin' && !input.actions.includes('role.manage' satisfies Action)) {
      throw new AppError('RULE_VIOLATION', bi('系统管理员角色必须保留“管理角色权限”', 'The administrator role must keep role.manage'), {
        fields: [{ field: 'actions', message: bi('不能移除 role.manage', 'Cannot remove role.manage') }],
      });
    }
    const [after] = await tx
      .update(roles)
      .set({
        scope: input.scope,
        actions: [...new Set(input.actions)].sort(),
        ...(input.name ? { nameZh: input.name.zh, nameEn: input.name.en } : {}),
        updatedAt: now(tx),
      })
      .where(eq(roles.code, code))
      .returning();
    await audit(tx, actor, { action: 'role.update', entityType: 'role', entityId: code, before, after });
    return present(after!);
  });
}
