import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { allActions, defaultRoles, seedOrgs } from '@citysafe/domain';
import { count, eq, sql } from 'drizzle-orm';
import { systemActor } from '../../platform/actor.js';
import { audit } from '../../platform/audit.js';
import { type Db, now, type Tx } from '../../platform/db.js';
import { settings } from '../../platform/platform.tables.js';
import { orgs, roles, userRoles, users } from './identity.tables.js';
import { hashPassword } from './users.service.js';

const CATALOGUE_KEY = 'roles.actionCatalogue';

/**
 * Adds the built-in roles that are missing. Roles an administrator edited keep their edits; only
 * actions that are new since the last start (a module added them) are given to the built-in roles
 * whose defaults include them, so an upgrade does not leave, e.g., 安委办 without the new module.
 */
export async function seedRoles(tx: Tx): Promise<void> {
  const [stored] = await tx.select().from(settings).where(eq(settings.key, CATALOGUE_KEY));
  const known = new Set((stored?.value as string[] | undefined) ?? []);
  const added = allActions.filter((a) => !known.has(a));
  for (const role of defaultRoles) {
    await tx
      .insert(roles)
      .values({ code: role.code, nameZh: role.name.zh, nameEn: role.name.en, scope: role.scope, actions: role.actions, builtIn: true })
      .onConflictDoNothing();
    const grant = role.actions.filter((a) => added.includes(a));
    if (known.size > 0 && grant.length > 0) {
      await tx.execute(
        // One JSON parameter: drizzle would expand a JS array into a list of parameters, not one text[].
        sql`update roles set actions = (select array_agg(distinct a order by a) from unnest(actions || array(select jsonb_array_elements_text(${JSON.stringify(grant)}::jsonb))) a) where code = ${role.code}`,
      );
    }
  }
  await tx
    .insert(settings)
    .values({ key: CATALOGUE_KEY, value: allActions })
    .onConflictDoUpdate({ target: settings.key, set: { value: allActions, updatedAt: now(tx) } });
}

/** Builds the org tree of the seed document when the installation has no orgs yet. */
export async function seedOrgTree(tx: Tx): Promise<boolean> {
  const [existing] = await tx.select({ n: count() }).from(orgs);
  if ((existing?.n ?? 0) > 0) return false;
  const idByCode = new Map<string, { id: string; path: string }>();
  for (const [i, o] of seedOrgs.entries()) {
    const id = crypto.randomUUID();
    const parent = o.parentCode ? idByCode.get(o.parentCode) : undefined;
    const path = `${parent?.path ?? '/'}${id}/`;
    idByCode.set(o.code, { id, path });
    await tx.insert(orgs).values({
      id,
      code: o.code,
      name: o.name,
      shortName: o.shortName ?? null,
      type: o.type,
      parentId: parent?.id ?? null,
      path,
      aliases: o.aliases ?? [],
      divisionCode: o.divisionCode ?? null,
      note: o.note ?? null,
      sortOrder: i * 10,
    });
  }
  for (const o of seedOrgs.filter((s) => s.liaisonCode)) {
    await tx
      .update(orgs)
      .set({ liaisonOrgId: idByCode.get(o.liaisonCode!)!.id })
      .where(eq(orgs.id, idByCode.get(o.code)!.id));
  }
  await audit(tx, systemActor, {
    action: 'org.seed',
    entityType: 'org',
    after: { count: seedOrgs.length, source: '西港安城创〔2020〕1号 附件1–3' },
  });
  return true;
}

export interface FirstAdmin {
  created: boolean;
  /** Set when the password was generated; it is printed once and written to the data directory. */
  generatedPassword: string | null;
  passwordFile: string | null;
}

/** A password that meets the policy: four character classes, 16 characters. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  const body = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
  return `${body.slice(0, 6)}-${body.slice(6)}#7a`;
}

/** Where the first start leaves the generated admin password; removed once admin has changed it. */
export function initialAdminPasswordFile(dataDir: string): string {
  return path.join(dataDir, 'initial-admin-password');
}

/**
 * Creates `admin` in the district org when there is no user yet. The password comes from
 * CITYSAFE_ADMIN_PASSWORD, or is generated, written to `<data dir>/initial-admin-password`
 * (mode 0600) and must be changed at first login.
 */
export async function seedFirstAdmin(tx: Tx, dataDir: string, configured: string | null): Promise<FirstAdmin> {
  const [existing] = await tx.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return { created: false, generatedPassword: null, passwordFile: null };
  const [district] = await tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, 'GWQ'));
  const [anyRoot] = district ? [district] : await tx.select({ id: orgs.id }).from(orgs).limit(1);
  const password = configured ?? generatePassword();
  const [admin] = await tx
    .insert(users)
    .values({
      username: 'admin',
      passwordHash: await hashPassword(password),
      displayName: '系统管理员',
      orgId: anyRoot!.id,
      mustChangePassword: configured === null,
    })
    .returning({ id: users.id });
  await tx.insert(userRoles).values({ userId: admin!.id, roleCode: 'admin' });
  await audit(tx, systemActor, {
    action: 'user.create',
    entityType: 'user',
    entityId: admin!.id,
    after: { username: 'admin', roles: ['admin'] },
  });
  if (configured !== null) return { created: true, generatedPassword: null, passwordFile: null };
  fs.mkdirSync(dataDir, { recursive: true });
  const passwordFile = initialAdminPasswordFile(dataDir);
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  fs.chmodSync(passwordFile, 0o600);
  return { created: true, generatedPassword: password, passwordFile };
}

/** Everything the first start creates, in one transaction: all or nothing. */
export async function seedIdentity(db: Db, dataDir: string, adminPassword: string | null): Promise<FirstAdmin> {
  return db.transaction(async (tx) => {
    await seedRoles(tx);
    await seedOrgTree(tx);
    return seedFirstAdmin(tx, dataDir, adminPassword);
  });
}
