import { defaultRoles } from '@citysafe/domain';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { settings } from '../../platform/platform.tables.js';
import { seedRoles } from './identity.seed.js';
import { roles } from './identity.tables.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const actionsOf = async (code: string) => {
  const [row] = await t.platform.db.select({ actions: roles.actions }).from(roles).where(eq(roles.code, code));
  return row!.actions;
};

describe('the built-in roles on an upgrade', () => {
  it('gives the actions a new release added to the roles whose defaults hold them, and keeps an administrator’s edits', async () => {
    // A built-in role with at least three default actions: two play "new in this release", one "removed by the administrator".
    const role = defaultRoles.find((r) => r.code !== 'admin' && r.actions.length >= 3)!;
    const [addedA, addedB, removedByAdmin] = role.actions;
    const { db } = t.platform;
    const [catalogue] = await db.select().from(settings).where(eq(settings.key, 'roles.actionCatalogue'));
    const known = (catalogue!.value as string[]).filter((a) => a !== addedA && a !== addedB);
    await db.update(settings).set({ value: known }).where(eq(settings.key, 'roles.actionCatalogue'));
    const before = role.actions.filter((a) => a !== addedA && a !== addedB && a !== removedByAdmin);
    await db.update(roles).set({ actions: before }).where(eq(roles.code, role.code));

    await db.transaction((tx) => seedRoles(tx));

    const after = await actionsOf(role.code);
    expect(after).toEqual(expect.arrayContaining([addedA, addedB, ...before]));
    expect(after).not.toContain(removedByAdmin);
    expect(after).toHaveLength(before.length + 2);
    // The next start knows every action: nothing more is added.
    await db.transaction((tx) => seedRoles(tx));
    expect(await actionsOf(role.code)).toEqual(after);
  });
});
