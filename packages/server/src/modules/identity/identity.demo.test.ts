import { defaultRoles } from '@citysafe/domain';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.js';
import { verifyAuditChain } from '../../platform/audit.js';
import { rows } from '../../platform/db.js';
import { fillDemo } from '../../modules.js';
import { DEMO_PASSWORD } from './identity.demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['orgs', 'users', 'user_roles', 'audit_log']) {
    const [row] = await rows<{ n: number }>(t.platform.db, sql.raw(`select count(*)::int as n from ${table}`));
    out[table] = row!.n;
  }
  return out;
}

describe('identity demo data', () => {
  it('fills the district through the audited services, and a second run adds nothing', async () => {
    const before = await counts();
    const first = (await fillDemo(t.platform)).identity!;
    expect(first.orgs).toBeGreaterThanOrEqual(15);
    expect(first.users).toBe(10);
    const afterFirst = await counts();
    expect(afterFirst.orgs! - before.orgs!).toBe(first.orgs);
    expect(afterFirst.users! - before.users!).toBe(first.users);
    expect(afterFirst.audit_log).toBeGreaterThan(before.audit_log! + first.orgs! + first.users!);

    const second = (await fillDemo(t.platform)).identity;
    expect(second).toEqual({ orgs: 0, users: 0 });
    expect(await counts()).toEqual(afterFirst);
    expect((await verifyAuditChain(t.platform.db)).ok).toBe(true);
    // The whole district twice (every module's demo, a week of sensor readings among them).
  }, 300_000);

  it('has a user for every role, and grids with GB/T 30428 codes placed around the port', async () => {
    const held = await rows<{ role_code: string }>(t.platform.db, sql`select distinct role_code from user_roles`);
    expect(held.map((r) => r.role_code).sort()).toEqual(expect.arrayContaining(defaultRoles.map((r) => r.code)));

    const grids = await rows<{ grid_code: string; street: string; lng: number; lat: number }>(
      t.platform.db,
      sql`select g.grid_code, s.code as street, ST_X(g.location) as lng, ST_Y(g.location) as lat
          from orgs g join orgs s on g.path like s.path || '%' and s.type = 'street'
          where g.type = 'grid'`,
    );
    expect(grids.length).toBeGreaterThanOrEqual(7);
    for (const g of grids) {
      // 610111 灞桥区, then street (3), community (3), sequence (3).
      expect(g.grid_code).toMatch(/^610111\d{9}$/);
      expect(Math.abs(g.lng - 109.06)).toBeLessThan(0.1);
      expect(Math.abs(g.lat - 34.37)).toBeLessThan(0.1);
    }
    // Grids of one street share its street segment.
    for (const street of ['XZJB', 'XHJB']) {
      expect(new Set(grids.filter((g) => g.street === street).map((g) => g.grid_code.slice(6, 9))).size).toBe(1);
    }
    const [enterprises] = await rows<{ n: number }>(
      t.platform.db,
      sql`select count(*)::int as n from orgs where type = 'enterprise' and location is not null`,
    );
    expect(enterprises!.n).toBeGreaterThanOrEqual(4);
  });

  it('lets a demo street user log in without a password change and see only their street', async () => {
    const street = await t.login('xzjb', DEMO_PASSWORD);
    const me = await street.get('/api/auth/me');
    expect(me.body.user).toMatchObject({ username: 'xzjb', roles: ['street'], mustChangePassword: false });
    const seen = (await street.get('/api/orgs')).body.items.map((o: { code: string }) => o.code);
    expect(seen).toEqual(expect.arrayContaining(['XZJB', 'XZJB-C01', 'XZJB-C01-G01', 'QY-WLGC']));
    expect(seen).not.toContain('XHJB-C01');
  });
});
