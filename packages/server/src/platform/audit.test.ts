import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, TEST_PASSWORD, type TestApp, testApp } from '../../test/harness.js';
import { rows } from './db.js';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await testApp();
  admin = await t.admin();
});
afterAll(() => t.close());

interface Entry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: any;
  after: any;
  hash: string;
}

/** The database's own message: drizzle wraps it in "Failed query: …" with the cause attached. */
async function refusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (err) {
    const messages: string[] = [];
    for (let e: unknown = err; e instanceof Error; e = e.cause) messages.push(e.message);
    return messages.join(' | ');
  }
  return 'not refused';
}

let serial = 0;
async function createUser(by: Client, orgCode: string, roles: string[] = ['grid_member']) {
  const username = `audit_u${++serial}`;
  const res = await by.post('/api/users', {
    username,
    password: TEST_PASSWORD,
    displayName: `审计测试${serial}`,
    orgId: await t.orgId(orgCode),
    roles,
    mustChangePassword: false,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; username: string };
}

async function newest(): Promise<Entry> {
  const res = await admin.get('/api/audit?pageSize=1');
  expect(res.status).toBe(200);
  return res.body.items[0];
}

describe('GET /api/audit and /api/audit/verify: who may read', () => {
  it('refuses the anonymous caller with 401', async () => {
    for (const url of ['/api/audit', '/api/audit/verify']) {
      const res = await t.anonymous.get(url);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses roles without audit.read with 403', async () => {
    for (const [org, role] of [
      ['YJGLJ', 'department'],
      ['XZJB', 'street'],
      ['XZJB', 'grid_member'],
      ['GWQ', 'expert'],
      ['AWB', 'duty_officer'],
    ] as const) {
      const user = await t.userIn(org, [role]);
      for (const url of ['/api/audit', '/api/audit/verify']) {
        const res = await user.get(url);
        expect(res.status, `${role} ${url}`).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
    }
  });

  it('refuses a malformed filter with 400 naming the field', async () => {
    for (const [query, field] of [
      ['actorId=abc', 'query.actorId'],
      ['from=yesterday', 'query.from'],
      ['to=2026-13-01', 'query.to'],
      ['page=0', 'query.page'],
      ['pageSize=201', 'query.pageSize'],
      [`entityType=${'x'.repeat(65)}`, 'query.entityType'],
    ] as const) {
      const res = await admin.get(`/api/audit?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
  });
});

describe('every write leaves a row', () => {
  it('records a new user with who, what and the after state, never the password hash', async () => {
    const me = (await admin.get('/api/auth/me')).body.user;
    const created = await createUser(admin, 'XZJB', ['street']);
    const row = await newest();
    expect(row).toMatchObject({
      action: 'user.create',
      entityType: 'user',
      entityId: created.id,
      actorId: me.id,
      actorName: me.displayName,
      before: null,
    });
    expect(row.ip).toBeTruthy();
    expect(row.after).toMatchObject({ id: created.id, username: created.username, roles: ['street'] });
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    const text = JSON.stringify(row);
    expect(text).not.toMatch(/password_?hash/i);
    expect(text).not.toContain('$argon2');
    expect(text).not.toContain(TEST_PASSWORD);
    // Nor in the database row itself.
    const [raw] = await rows<{ doc: string }>(
      t.platform.db,
      sql`select row_to_json(a)::text as doc from audit_log a where id = ${Number(row.id)}`,
    );
    expect(raw!.doc).not.toContain('$argon2');
    expect(raw!.doc).not.toContain(TEST_PASSWORD);
  });

  it('records a change with the state before and after', async () => {
    const created = await createUser(admin, 'XZJB');
    const res = await admin.patch(`/api/users/${created.id}`, { displayName: '改名后', roles: ['street'] });
    expect(res.status).toBe(200);
    const row = await newest();
    expect(row).toMatchObject({ action: 'user.update', entityType: 'user', entityId: created.id });
    expect(row.before).toMatchObject({ displayName: `审计测试${serial}`, roles: ['grid_member'] });
    expect(row.after).toMatchObject({ displayName: '改名后', roles: ['street'] });
    expect(JSON.stringify(row)).not.toContain('$argon2');
  });

  it('records writes of other kinds: org, password reset, token, webhook', async () => {
    const writes: [() => Promise<{ status: number }>, string, string][] = [
      [
        async () => admin.post('/api/orgs', { code: 'AUDIT-G1', name: '审计测试网格', type: 'grid', parentId: await t.orgId('XZJB') }),
        'org.create',
        'org',
      ],
      [
        async () => admin.post(`/api/users/${(await createUser(admin, 'XHJB')).id}/password`, { password: 'Other-Pass#2026' }),
        'user.resetPassword',
        'user',
      ],
      [() => admin.post('/api/tokens', { name: '审计令牌', actions: ['org.read'] }), 'token.create', 'apiToken'],
      [
        () => admin.post('/api/webhooks', { name: '审计推送', kind: 'wecom', url: 'https://robot.example/hook' }),
        'webhook.create',
        'webhook',
      ],
    ];
    for (const [write, action, entityType] of writes) {
      const res = await write();
      expect(res.status, action).toBeLessThan(300);
      expect(await newest(), action).toMatchObject({ action, entityType });
    }
    // A token's secret is not in the log either.
    const token = await admin.post('/api/tokens', { name: '审计令牌2', actions: ['org.read'] });
    const row = await newest();
    expect(row.action).toBe('token.create');
    expect(JSON.stringify(row)).not.toContain(token.body.token);
    expect(JSON.stringify(row)).not.toMatch(/token_?hash/i);
  });

  it('writes no row for a refused write', async () => {
    const before = (await admin.get('/api/audit?pageSize=1')).body.total;
    const street = await t.userIn('XZJB', ['street']);
    const afterSetup = (await admin.get('/api/audit?pageSize=1')).body.total;
    expect(afterSetup).toBeGreaterThan(before);
    // 400, 403 (another street's org) and 409/400 (duplicate username) leave nothing behind.
    expect((await street.post('/api/users', { username: 'x' })).status).toBe(400);
    const other = await street.post('/api/users', {
      username: 'audit_outside',
      password: TEST_PASSWORD,
      displayName: '越权',
      orgId: await t.orgId('XHJB'),
      roles: ['grid_member'],
    });
    expect([400, 403]).toContain(other.status);
    expect(
      (
        await admin.post('/api/users', {
          username: 'admin',
          password: TEST_PASSWORD,
          displayName: 'x',
          orgId: await t.orgId('GWQ'),
          roles: ['admin'],
        })
      ).status,
    ).toBeGreaterThanOrEqual(400);
    expect((await admin.get('/api/audit?pageSize=1')).body.total).toBe(afterSetup);
  });
});

describe('filters and pages', () => {
  it('filters by entity type, action, actor and time range, and pages', async () => {
    const office = await t.userIn('AWB', ['safety_office']);
    const officeId = office.user!.id;
    const baseline = (await admin.get(`/api/audit?actorId=${officeId}`)).body.total as number;
    const from = new Date();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createUser(office, 'XZJB'));
    await office.patch(`/api/users/${made[0]!.id}`, { displayName: '筛选改名' });
    const to = new Date();

    const byActor = await admin.get(`/api/audit?actorId=${officeId}&pageSize=200`);
    expect(byActor.status).toBe(200);
    expect(byActor.body.total).toBe(baseline + 6);
    expect(byActor.body.items.every((e: Entry) => e.actorId === officeId)).toBe(true);

    const creates = await admin.get(`/api/audit?actorId=${officeId}&action=user.create`);
    expect(creates.body.total).toBe(5);
    expect(creates.body.items.map((e: Entry) => e.entityId).sort()).toEqual(made.map((m) => m.id).sort());

    const window = await admin.get(
      `/api/audit?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&pageSize=200`,
    );
    expect(window.body.total).toBe(6);
    expect(window.body.items.every((e: Entry) => e.at >= from.toISOString() && e.at <= to.toISOString())).toBe(true);
    const after = await admin.get(`/api/audit?from=${encodeURIComponent(new Date(to.getTime() + 1000).toISOString())}`);
    expect(after.body.total).toBe(0);
    // An offset other than Z means the same instant.
    const shanghai = new Date(from.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00');
    const windowCst = await admin.get(`/api/audit?from=${encodeURIComponent(shanghai)}&actorId=${officeId}`);
    expect(windowCst.body.total).toBe(6);

    const byEntity = await admin.get(`/api/audit?entityType=user&entityId=${made[0]!.id}`);
    expect(byEntity.body.items.map((e: Entry) => e.action)).toEqual(['user.update', 'user.create']);
    expect((await admin.get('/api/audit?entityType=no-such-type')).body).toMatchObject({ items: [], total: 0 });

    // Pages: newest first, disjoint, the same total on each.
    const since = `from=${encodeURIComponent(from.toISOString())}&actorId=${officeId}`;
    const p1 = await admin.get(`/api/audit?${since}&pageSize=4&page=1`);
    const p2 = await admin.get(`/api/audit?${since}&pageSize=4&page=2`);
    const p3 = await admin.get(`/api/audit?${since}&pageSize=4&page=3`);
    expect([p1.body.items.length, p2.body.items.length, p3.body.items.length]).toEqual([4, 2, 0]);
    expect([p1.body.total, p2.body.total, p3.body.total]).toEqual([6, 6, 6]);
    expect(p2.body).toMatchObject({ page: 2, pageSize: 4 });
    const ids = [...p1.body.items, ...p2.body.items].map((e: Entry) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(6);
    expect(p1.body.items[0].action).toBe('user.update');

    // Free text over the actor's name and the action.
    const name = (await office.get('/api/auth/me')).body.user.displayName as string;
    const text = await admin.get(`/api/audit?q=${encodeURIComponent(name)}&pageSize=200`);
    expect(text.body.total).toBe(baseline + 6);
    const byAction = await admin.get(`/api/audit?q=user.upd&actorId=${officeId}`);
    expect(byAction.body.total).toBe(1);
    // LIKE wildcards in the text are taken literally.
    for (const q of ['%', 'user_create', '\\']) {
      expect((await admin.get(`/api/audit?q=${encodeURIComponent(q)}`)).body.total, q).toBe(0);
    }
    expect((await admin.get(`/api/audit?q=user.create&actorId=${officeId}`)).body.total).toBe(5);
  });
});

describe('reach of the reader', () => {
  it('shows a district safety office the rows of its district, and a sub-district office only its own', async () => {
    const office = await t.userIn('AWB', ['safety_office']);
    const list = await office.get('/api/audit?pageSize=200');
    expect(list.status).toBe(200);
    // The administrator works from the district org, so the district's office sees their rows.
    const adminId = (await admin.get('/api/auth/me')).body.user.id;
    expect(list.body.items.some((e: Entry) => e.actorId === adminId)).toBe(true);
    expect((await office.get('/api/audit/verify')).body.ok).toBe(true);

    // A district inside the district (a city running several) has an office that sees only its own.
    const sub = await admin.post('/api/orgs', {
      code: 'AUDIT-SUB',
      name: '审计测试分区',
      type: 'district',
      parentId: await t.orgId('GWQ'),
    });
    expect(sub.status).toBe(201);
    const subOffice = await t.userIn('AUDIT-SUB', ['safety_office']);
    const subOfficeId = subOffice.user!.id;
    const made = await createUser(subOffice, 'AUDIT-SUB');
    const subList = await subOffice.get('/api/audit?pageSize=200');
    expect(subList.status).toBe(200);
    expect(subList.body.items.length).toBeGreaterThan(0);
    expect(subList.body.items.every((e: Entry) => e.actorId === subOfficeId)).toBe(true);
    expect(subList.body.items.some((e: Entry) => e.entityId === made.id)).toBe(true);
    // Filters cannot widen the reach.
    expect((await subOffice.get(`/api/audit?actorId=${adminId}`)).body.total).toBe(0);
    // The district office above sees the sub-district's rows too.
    const up = await office.get(`/api/audit?actorId=${subOfficeId}`);
    expect(up.body.total).toBeGreaterThan(0);
  });
});

describe('the hash chain', () => {
  it('verifies', async () => {
    const res = await admin.get('/api/audit/verify');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, firstBrokenId: null, reason: null });
    expect(res.body.rows).toBe((await admin.get('/api/audit?pageSize=1')).body.total);
  });

  it('links each row to the one before', async () => {
    const chain = await rows<{ id: number; prev_hash: string; hash: string }>(
      t.platform.db,
      sql`select id, prev_hash, hash from audit_log order by id`,
    );
    expect(chain.length).toBeGreaterThan(10);
    expect(chain[0]!.prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prev_hash).toBe(chain[i - 1]!.hash);
  });

  it('stays consistent when many writes race (the chain does not fork)', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => createUser(admin, 'XHJB')));
    expect(results).toHaveLength(8);
    const res = await admin.get('/api/audit/verify');
    expect(res.body).toMatchObject({ ok: true, firstBrokenId: null });
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const { id } = await newest();
    expect(await refusal(t.platform.db.execute(sql`update audit_log set action = 'forged' where id = ${Number(id)}`))).toMatch(
      /append-only/,
    );
    expect(await refusal(t.platform.db.execute(sql`update audit_log set after = null`))).toMatch(/append-only/);
    expect(await refusal(t.platform.db.execute(sql`delete from audit_log where id = ${Number(id)}`))).toMatch(/append-only/);
    expect(await refusal(t.platform.db.execute(sql`delete from audit_log`))).toMatch(/append-only/);
    expect(await refusal(t.platform.db.execute(sql`truncate audit_log`))).toMatch(/append-only/);
    const [still] = await rows<{ action: string }>(t.platform.db, sql`select action from audit_log where id = ${Number(id)}`);
    expect(still!.action).not.toBe('forged');
    expect((await admin.get('/api/audit/verify')).body.ok).toBe(true);
  });

  it('reports an altered row, and a removed row, as the first broken one', async () => {
    // Someone with owner rights on the database switches the guard off to forge history.
    const asAttacker = async (statement: ReturnType<typeof sql>) => {
      await t.platform.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
      try {
        await t.platform.db.execute(statement);
      } finally {
        await t.platform.db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
      }
    };
    const chain = await rows<{ id: number; after: unknown; entity_id: string | null }>(
      t.platform.db,
      sql`select id, after, entity_id from audit_log order by id`,
    );
    const victim = chain[Math.floor(chain.length / 2)]!;
    await asAttacker(sql`update audit_log set entity_id = 'forged' where id = ${victim.id}`);
    // The guard is back on.
    expect(await refusal(t.platform.db.execute(sql`update audit_log set action = 'x' where id = ${victim.id}`))).toMatch(/append-only/);

    const altered = await admin.get('/api/audit/verify');
    expect(altered.body).toMatchObject({ ok: false, firstBrokenId: String(victim.id) });
    expect(altered.body.reason).toMatch(/altered/);

    // Putting the original back makes the chain whole again: the hash covers the content exactly.
    await asAttacker(sql`update audit_log set entity_id = ${victim.entity_id} where id = ${victim.id}`);
    expect((await admin.get('/api/audit/verify')).body).toMatchObject({ ok: true });

    // A changed hash of the same row cannot be hidden either: the next row no longer links to it.
    const next = chain[chain.findIndex((c) => c.id === victim.id) + 1]!;
    await asAttacker(sql`delete from audit_log where id = ${victim.id}`);
    const removed = await admin.get('/api/audit/verify');
    expect(removed.body).toMatchObject({ ok: false, firstBrokenId: String(next.id) });
    expect(removed.body.reason).toMatch(/removed|reordered/);
  });
});
