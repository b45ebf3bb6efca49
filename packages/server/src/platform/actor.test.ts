import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../test/harness.js';
import { holdersOf } from './actor.js';
import { rows } from './db.js';

let t: TestApp;
let admin: Client;
/** 安委办: a district-scoped role, at an office that sits under the 安委会 branch of the district. */
let office: Client;
/** A department-style (subtree) reporter at 新筑街办. */
let street: Client;
/** A reporter whose role reaches only its own org (新合街办). */
let ownOnly: Client;
let adminId: string;
const ids: Record<string, string> = {};

const userId = (c: Client): string => c.user!.id;

beforeAll(async () => {
  t = await testApp();
  admin = await t.admin();
  adminId = userId(admin);
  await rows(
    t.platform.db,
    sql`insert into roles (code, name_zh, name_en, scope, actions) values ('own_reporter', '本单位报送', 'Own-org reporter', 'own', array['campaign.report'])`,
  );
  office = await t.userIn('AWB', ['safety_office'], 'holder_office');
  street = await t.userIn('XZJB', ['street'], 'holder_street');
  ownOnly = await t.userIn('XHJB', ['own_reporter'], 'holder_own');
  for (const code of ['GWQ', 'AWB', 'YJGLJ', 'XZJB', 'XHJB']) ids[code] = await t.orgId(code);
  const community = await admin.post('/api/orgs', { code: 'XZ-H01', name: '新筑测试社区', type: 'community', parentId: ids.XZJB });
  ids.community = community.body.id;
  const grid = await admin.post('/api/orgs', { code: 'XH-H01', name: '新合测试社区', type: 'community', parentId: ids.XHJB });
  ids.belowOwn = grid.body.id;
});
afterAll(() => t.close());

describe('holdersOf: who holds an action over an org, by the same reach as inScope', () => {
  it('a district-scoped holder reaches every org of the district, also outside its own branch', async () => {
    // 安委办 sits under 安委会; 应急管理局 under 管委会: no ancestor of one is the other's.
    expect(await holdersOf(t.platform.db, 'campaign.manage', ids.YJGLJ!)).toContain(userId(office));
    expect(await holdersOf(t.platform.db, 'campaign.manage', ids.GWQ!)).toContain(userId(office));
  });

  it('a subtree holder reaches its org and below, not a sibling branch', async () => {
    expect(await holdersOf(t.platform.db, 'campaign.report', ids.XZJB!)).toContain(userId(street));
    expect(await holdersOf(t.platform.db, 'campaign.report', ids.community!)).toContain(userId(street));
    expect(await holdersOf(t.platform.db, 'campaign.report', ids.XHJB!)).not.toContain(userId(street));
  });

  it('an own holder reaches its org only', async () => {
    expect(await holdersOf(t.platform.db, 'campaign.report', ids.XHJB!)).toContain(userId(ownOnly));
    expect(await holdersOf(t.platform.db, 'campaign.report', ids.belowOwn!)).not.toContain(userId(ownOnly));
    expect(await holdersOf(t.platform.db, 'campaign.report', ids.XZJB!)).not.toContain(userId(ownOnly));
  });

  it('counts only roles granting the action, and `scopes` leaves out installation-wide holders', async () => {
    expect(await holdersOf(t.platform.db, 'campaign.report', ids.YJGLJ!)).not.toContain(userId(office));
    expect(await holdersOf(t.platform.db, 'campaign.manage', ids.YJGLJ!)).toContain(adminId);
    const local = await holdersOf(t.platform.db, 'campaign.manage', ids.YJGLJ!, { scopes: ['district', 'subtree', 'own'] });
    expect(local).toContain(userId(office));
    expect(local).not.toContain(adminId);
  });

  it('leaves out disabled users', async () => {
    const other = await t.userIn('AWB', ['safety_office'], 'holder_leaving');
    expect(await holdersOf(t.platform.db, 'campaign.manage', ids.YJGLJ!)).toContain(userId(other));
    expect((await admin.post(`/api/users/${userId(other)}/actions/disable`, { reason: '人员调离' })).status).toBe(200);
    expect(await holdersOf(t.platform.db, 'campaign.manage', ids.YJGLJ!)).not.toContain(userId(other));
  });

  it('reads through the caller’s transaction: it sees the transaction’s own uncommitted changes', async () => {
    const rolledBack = new Error('roll back');
    const seen = await t.platform.db
      .transaction(async (tx) => {
        await rows(tx, sql`update users set status = 'disabled' where id = ${userId(street)}`);
        const inside = await holdersOf(tx, 'campaign.report', ids.XZJB!);
        expect(inside).not.toContain(userId(street));
        throw rolledBack;
      })
      .catch((e: unknown) => e);
    expect(seen).toBe(rolledBack);
    expect(await holdersOf(t.platform.db, 'campaign.report', ids.XZJB!)).toContain(userId(street));
  });
});
