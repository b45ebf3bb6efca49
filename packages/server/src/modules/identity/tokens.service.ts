import { type Action, AppError, type api, bi } from '@citysafe/domain';
import { and, asc, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { newApiTokenSecret } from './identity.auth.js';
import { type Db, now } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import { apiTokens, users } from './identity.tables.js';

type TokenRow = typeof apiTokens.$inferSelect;

const present = (t: TokenRow, userName: string): z.infer<typeof api.apiToken> => ({
  id: t.id,
  name: t.name,
  userId: t.userId,
  userName,
  actions: t.actions,
  prefix: t.prefix,
  expiresAt: t.expiresAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
  createdAt: t.createdAt.toISOString(),
});

export async function listTokens(db: Db, actor: Actor, q: z.output<typeof api.listTokens.query>) {
  const { rows: found, ...paging } = await listPage(
    db,
    db.select().from(apiTokens).$dynamic(),
    {
      where: [
        eq(apiTokens.userId, actor.userId!),
        q.revoked === undefined ? undefined : q.revoked ? isNotNull(apiTokens.revokedAt) : isNull(apiTokens.revokedAt),
      ],
      search: [apiTokens.name, apiTokens.prefix],
      sortable: { createdAt: apiTokens.createdAt, name: apiTokens.name, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt },
      defaultOrder: [desc(apiTokens.createdAt)],
      tieBreaker: asc(apiTokens.id),
    },
    q,
  );
  return { ...paging, items: found.map((r) => present(r, actor.displayName)) };
}

/**
 * Issues a token acting as the caller with a subset of the caller's actions; the secret is
 * returned once and only its hash is kept. Tokens are for systems, so they cannot be made by a
 * token (a leaked token must not mint more).
 */
export async function createToken(db: Db, actor: Actor, input: z.output<typeof api.createToken.body>) {
  if (actor.via === 'token') throw new AppError('FORBIDDEN', bi('接口令牌不能再创建令牌', 'A token cannot create tokens'));
  const beyond = input.actions.filter((a) => !(a in actor.grants));
  if (beyond.length > 0) {
    throw new AppError('FORBIDDEN', bi(`超出本人权限：${beyond.join('、')}`, `Beyond your own permissions: ${beyond.join(', ')}`), {
      fields: [{ field: 'actions', message: bi('超出本人权限', 'Beyond your own permissions') }],
    });
  }
  if (input.expiresAt && new Date(input.expiresAt) <= now(db)) {
    throw new AppError('VALIDATION', undefined, {
      fields: [{ field: 'expiresAt', message: bi('过期时间须晚于现在', 'Expiry must be in the future') }],
    });
  }
  const secret = newApiTokenSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        name: input.name,
        userId: actor.userId!,
        tokenHash: secret.hash,
        prefix: secret.prefix,
        actions: [...new Set(input.actions as Action[])].sort(),
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      })
      .returning();
    const { tokenHash: _hash, ...logged } = row!;
    await audit(tx, actor, { action: 'token.create', entityType: 'apiToken', entityId: row!.id, after: logged });
    return { ...present(row!, actor.displayName), token: secret.token };
  });
}

export async function revokeToken(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, actor.userId!)));
    if (!row) throw new AppError('NOT_FOUND', bi('令牌不存在', 'No such token'));
    if (row.api_tokens.revokedAt) throw new AppError('CONFLICT', bi('令牌已吊销', 'Token already revoked'));
    await tx
      .update(apiTokens)
      .set({ revokedAt: now(tx) })
      .where(eq(apiTokens.id, id));
    await audit(tx, actor, { action: 'token.revoke', entityType: 'apiToken', entityId: id });
  });
}
