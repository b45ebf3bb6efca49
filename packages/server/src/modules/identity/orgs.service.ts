import { AppError, type api, allowedChildTypes, bi, fieldError, type OrgType, orgTypes } from '@citysafe/domain';
import { asc, count, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { type Actor, inScope, likePrefix, scopeCondition } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { listPage } from '../../platform/list.js';
import { orgPolicy } from './identity.policy.js';
import { orgs, users } from './identity.tables.js';

type OrgRow = typeof orgs.$inferSelect;
type OrgOut = z.infer<typeof api.org>;

export const presentOrg = (actor: Actor, row: OrgRow): OrgOut => ({
  id: row.id,
  code: row.code,
  name: row.name,
  shortName: row.shortName,
  type: row.type as OrgType,
  parentId: row.parentId,
  aliases: row.aliases,
  divisionCode: row.divisionCode,
  gridCode: row.gridCode,
  liaisonOrgId: row.liaisonOrgId,
  note: row.note,
  sortOrder: row.sortOrder,
  location: row.location ? [row.location.x, row.location.y] : null,
  allowedActions: orgPolicy.allowed(actor, row),
});

/** The location column's value from the API's [longitude, latitude]; absent leaves it as it is. */
const point = (location: [number, number] | null | undefined) =>
  location === undefined ? {} : { location: location ? { x: location[0], y: location[1] } : null };

export async function findOrg(db: Tx, id: string): Promise<OrgRow> {
  const [row] = await db.select().from(orgs).where(eq(orgs.id, id));
  if (!row) throw new AppError('NOT_FOUND', bi('组织机构不存在', 'No such org'));
  return row;
}

/** An org that must be visible to the caller, else 404 (its existence is not revealed). */
async function orgInReach(db: Tx, actor: Actor, id: string): Promise<OrgRow> {
  const row = await findOrg(db, id);
  if (!inScope(actor, 'org.read', row)) throw new AppError('NOT_FOUND', bi('组织机构不存在', 'No such org'));
  return row;
}

export async function listOrgs(db: Db, actor: Actor, q: z.output<typeof api.listOrgs.query>) {
  const conds: SQL[] = [scopeCondition(actor, 'org.read', orgs.id)];
  if (q.type) conds.push(eq(orgs.type, q.type));
  if (q.parentId) conds.push(eq(orgs.parentId, q.parentId));
  const { rows: found, ...paging } = await listPage(
    db,
    db.select().from(orgs).$dynamic(),
    {
      where: conds,
      search: [orgs.name, orgs.shortName, orgs.code, sql`array_to_string(${orgs.aliases}, ' ')`],
      sortable: { name: orgs.name, code: orgs.code, sortOrder: orgs.sortOrder },
      // Tree order: each org right after its parent, as the web app builds the tree.
      defaultOrder: [asc(orgs.path), asc(orgs.sortOrder)],
      tieBreaker: asc(orgs.id),
    },
    q,
  );
  return { ...paging, items: found.map((r) => presentOrg(actor, r)) };
}

export async function getOrg(db: Db, actor: Actor, id: string): Promise<OrgOut> {
  return presentOrg(actor, await orgInReach(db, actor, id));
}

function checkChildType(parent: OrgRow, type: OrgType): void {
  const allowed = allowedChildTypes[parent.type as OrgType] ?? [];
  if (!allowed.includes(type)) {
    throw new AppError(
      'RULE_VIOLATION',
      bi(
        `“${orgTypes[parent.type as OrgType]?.zh ?? parent.type}”下不能设“${orgTypes[type].zh}”`,
        `A ${orgTypes[type].en} cannot sit under a ${orgTypes[parent.type as OrgType]?.en ?? parent.type}`,
      ),
      { fields: [{ field: 'type', message: bi('该上级下不允许此类型', 'Type not allowed under this parent') }] },
    );
  }
}

async function checkCodeFree(tx: Tx, code: string, exceptId?: string): Promise<void> {
  const [clash] = await tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, code));
  if (clash && clash.id !== exceptId) {
    throw new AppError('CONFLICT', bi(`编码 ${code} 已被使用`, `Code ${code} is already used`), {
      fields: [{ field: 'code', message: bi('编码已被使用', 'Code already used') }],
    });
  }
}

/** The liaison (对接联系) org must exist in the caller's district: liaison runs inside a district. */
async function checkLiaison(tx: Tx, actor: Actor, liaisonOrgId: string | null | undefined): Promise<void> {
  if (!liaisonOrgId) return;
  const [row] = await tx.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, liaisonOrgId));
  const inDistrict = row && (actor.kind === 'system' || actor.grants['org.manage'] === 'all' || row.path.startsWith(actor.districtPath));
  if (!inDistrict) throw fieldError('liaisonOrgId', '对接联系单位不存在', 'Liaison org does not exist');
}

export async function createOrg(db: Db, actor: Actor, input: z.output<typeof api.createOrg.body>): Promise<OrgOut> {
  return db.transaction(async (tx) => {
    const [parent] = await tx.select().from(orgs).where(eq(orgs.id, input.parentId));
    if (!parent || !inScope(actor, 'org.read', parent)) throw fieldError('parentId', '上级机构不存在', 'Parent org does not exist');
    orgPolicy.authorize(actor, parent, 'createChild');
    checkChildType(parent, input.type);
    await checkCodeFree(tx, input.code);
    await checkLiaison(tx, actor, input.liaisonOrgId);
    const id = crypto.randomUUID();
    const [row] = await tx
      .insert(orgs)
      .values({
        id,
        code: input.code,
        name: input.name,
        shortName: input.shortName ?? null,
        type: input.type,
        parentId: parent.id,
        path: `${parent.path}${id}/`,
        aliases: input.aliases ?? [],
        divisionCode: input.divisionCode ?? null,
        gridCode: input.gridCode ?? null,
        liaisonOrgId: input.liaisonOrgId ?? null,
        note: input.note ?? null,
        sortOrder: input.sortOrder ?? 0,
        ...point(input.location),
      })
      .returning();
    await audit(tx, actor, { action: 'org.create', entityType: 'org', entityId: id, after: row });
    return presentOrg(actor, row!);
  });
}

export async function updateOrg(db: Db, actor: Actor, id: string, input: z.output<typeof api.updateOrg.body>): Promise<OrgOut> {
  return db.transaction(async (tx) => {
    // Moves are serialised: two crossing moves checked at once could each pass the cycle check.
    if (input.parentId) await tx.execute(sql`select pg_advisory_xact_lock(hashtext('orgs.move'))`);
    const before = await orgInReach(tx, actor, id);
    orgPolicy.authorize(actor, before, 'update');
    if (input.code && input.code !== before.code) await checkCodeFree(tx, input.code, id);
    await checkLiaison(tx, actor, input.liaisonOrgId);
    let path = before.path;
    const type = input.type ?? (before.type as OrgType);
    const parentId = input.parentId ?? before.parentId;
    if (parentId) {
      const parent = await findOrg(tx, parentId).catch(() => {
        throw fieldError('parentId', '上级机构不存在', 'Parent org does not exist');
      });
      if (parentId !== before.parentId) {
        orgPolicy.authorize(actor, parent, 'createChild');
        if (parent.path.startsWith(before.path)) {
          throw new AppError('RULE_VIOLATION', bi('不能把机构移到它自己的下级之下', 'An org cannot move under its own descendant'), {
            fields: [{ field: 'parentId', message: bi('不能移到自己的下级', 'Cannot move under a descendant') }],
          });
        }
        path = `${parent.path}${id}/`;
      }
      if (input.type || parentId !== before.parentId) checkChildType(parent, type);
    }
    const { parentId: _ignored, location, ...fields } = input;
    const [after] = await tx
      .update(orgs)
      .set({ ...fields, ...point(location), parentId, path, updatedAt: now(tx) })
      .where(eq(orgs.id, id))
      .returning();
    if (path !== before.path) {
      // Re-root the subtree: every descendant's path starts with the moved org's path.
      await tx.execute(sql`update orgs set path = ${path} || substr(path, ${before.path.length + 1})
        where path like ${likePrefix(before.path)} and id <> ${id}`);
    }
    await audit(tx, actor, { action: 'org.update', entityType: 'org', entityId: id, before, after });
    return presentOrg(actor, after!);
  });
}

export async function deleteOrg(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await orgInReach(tx, actor, id);
    orgPolicy.authorize(actor, before, 'delete');
    const [children] = await tx.select({ n: count() }).from(orgs).where(eq(orgs.parentId, id));
    if ((children?.n ?? 0) > 0) throw new AppError('CONFLICT', bi('该机构下还有下级机构，不能删除', 'The org still has child orgs'));
    const [members] = await tx.select({ n: count() }).from(users).where(eq(users.orgId, id));
    if ((members?.n ?? 0) > 0) throw new AppError('CONFLICT', bi('该机构下还有用户，不能删除', 'The org still has users'));
    await tx.update(orgs).set({ liaisonOrgId: null }).where(eq(orgs.liaisonOrgId, id));
    await tx.delete(orgs).where(eq(orgs.id, id));
    await audit(tx, actor, { action: 'org.delete', entityType: 'org', entityId: id, before });
  });
}
