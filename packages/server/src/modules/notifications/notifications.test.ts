import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { rows } from '../../platform/db.js';

let t: TestApp;
let admin: Client;
let office: Client; // 安委办, district reach, may send
let duty: Client; // 值班员, district reach, may send
let xinzhu: Client; // 新筑街办, may not send
let xinhe: Client;
let orgIds: Record<string, string>;

beforeAll(async () => {
  t = await testApp();
  admin = await t.admin();
  [office, duty, xinzhu, xinhe] = await Promise.all([
    t.userIn('AWB', ['safety_office']),
    t.userIn('AWB', ['duty_officer']),
    t.userIn('XZJB', ['street']),
    t.userIn('XHJB', ['street']),
  ]);
  orgIds = Object.fromEntries(await Promise.all(['GWQ', 'AWB', 'XZJB', 'XHJB', 'YJGLJ'].map(async (c) => [c, await t.orgId(c)])));
});
afterAll(() => t.close());

const idOf = (c: Client) => c.user!.id;

let serial = 0;
/** A new org under a parent, with `members` active users in it. */
async function orgWithMembers(parentCode: string, type: string, members: number) {
  const code = `NOTI-${++serial}`;
  const org = await admin.post('/api/orgs', { code, name: `通知测试${serial}`, type, parentId: await t.orgId(parentCode) });
  expect(org.status, JSON.stringify(org.body)).toBe(201);
  const users = [];
  for (let i = 0; i < members; i++) users.push(await t.userIn(code, ['grid_member']));
  return { code, id: org.body.id as string, users };
}

describe('POST /api/notifications (send)', () => {
  it('refuses the anonymous caller with 401 and roles without notification.send with 403', async () => {
    const body = { title: '通知', userIds: [idOf(xinhe)] };
    expect((await t.anonymous.post('/api/notifications', body)).status).toBe(401);
    for (const sender of [xinzhu, await t.userIn('YJGLJ', ['department']), await t.userIn('GWQ', ['expert'])]) {
      const res = await sender.post('/api/notifications', body);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    // Nothing was delivered.
    expect((await xinhe.get('/api/notifications')).body.total).toBe(0);
  });

  it('refuses invalid input with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ title: '无接收人' }, 'userIds'],
      [{ title: '空列表', userIds: [], orgIds: [] }, 'userIds'],
      [{ title: '   ', userIds: [idOf(xinhe)] }, 'title'],
      [{ title: 'x'.repeat(201), userIds: [idOf(xinhe)] }, 'title'],
      [{ title: '坏编号', userIds: ['not-a-uuid'] }, 'userIds.0'],
      [{ title: '坏机构', orgIds: [42] }, 'orgIds.0'],
      [{ userIds: [idOf(xinhe)] }, 'title'],
    ];
    for (const [body, field] of cases) {
      const res = await office.post('/api/notifications', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
      expect(
        res.body.error.fields.map((f: { field: string }) => f.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    // Unknown recipients and orgs are named too.
    const unknownUser = await office.post('/api/notifications', { title: '查无此人', userIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknownUser.status).toBe(400);
    expect(unknownUser.body.error.fields[0].field).toBe('userIds');
    const unknownOrg = await office.post('/api/notifications', { title: '查无此机构', orgIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknownOrg.status).toBe(400);
    expect(unknownOrg.body.error.fields[0].field).toBe('orgIds');
  });

  it('sends to one user, who sees it unread', async () => {
    const res = await office.post('/api/notifications', {
      title: '请报送本周隐患排查情况',
      body: '周五前报送。',
      link: '/hazards',
      userIds: [idOf(xinzhu)],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ recipients: 1 });
    const list = await xinzhu.get('/api/notifications');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, unread: 1, page: 1, pageSize: 20 });
    expect(list.body.items[0]).toEqual({
      id: expect.any(String),
      title: '请报送本周隐患排查情况',
      body: '周五前报送。',
      link: '/hazards',
      kind: 'manual',
      createdAt: expect.any(String),
      readAt: null,
    });
    // Nobody else got it.
    expect((await xinhe.get('/api/notifications')).body.total).toBe(0);
    expect((await office.get('/api/notifications')).body.total).toBe(0);
  });

  it('sends to an org and everything below it, counting each active person once', async () => {
    const street = await orgWithMembers('XHJB', 'community', 3);
    const grid = await orgWithMembers(street.code, 'grid', 2);
    const outside = await orgWithMembers('XZJB', 'community', 1);
    // A person who has left does not receive notices.
    const leaver = street.users[0]!;
    const disabled = await admin.post(`/api/users/${idOf(leaver)}/actions/disable`, { reason: '调离岗位' });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);

    const res = await duty.post('/api/notifications', {
      title: '暴雨红色预警：立即开展巡查',
      orgIds: [street.id, grid.id],
      // Also named one by one: still one notification each.
      userIds: [idOf(grid.users[0]!)],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.recipients).toBe(2 + 2);
    for (const member of [...street.users.slice(1), ...grid.users]) {
      const list = await member.get('/api/notifications');
      expect(list.body.total).toBe(1);
      expect(list.body.items[0].title).toBe('暴雨红色预警：立即开展巡查');
    }
    expect((await outside.users[0]!.get('/api/notifications')).body.total).toBe(0);
    const [{ n }] = (await rows<{ n: number }>(
      t.platform.db,
      sql`select count(*)::int as n from notifications where user_id = ${idOf(leaver)}`,
    )) as [{ n: number }];
    expect(n).toBe(0);
    // The sending is audited with the count.
    const log = await admin.get(`/api/audit?action=notification.send&actorId=${idOf(duty)}`);
    expect(log.body.items[0].after).toEqual({ title: '暴雨红色预警：立即开展巡查', recipients: 4 });
  });

  it('sends to the whole district from the district office', async () => {
    const [{ n }] = (await rows<{ n: number }>(
      t.platform.db,
      sql`select count(*)::int as n from users u join orgs o on o.id = u.org_id where u.status = 'active' and o.path like ${'%/' + orgIds.GWQ + '/%'}`,
    )) as [{ n: number }];
    const res = await office.post('/api/notifications', { title: '全区安全生产大检查', orgIds: [orgIds.GWQ] });
    expect(res.status).toBe(201);
    expect(res.body.recipients).toBe(n);
    expect((await admin.get('/api/notifications?unread=true')).body.items.map((i: { title: string }) => i.title)).toContain(
      '全区安全生产大检查',
    );
  });

  it('refuses recipients outside the sender’s reach', async () => {
    // A district inside the district: its duty officer reaches only that sub-district.
    const sub = await admin.post('/api/orgs', { code: 'NOTI-SUBD', name: '通知测试分区', type: 'district', parentId: orgIds.GWQ });
    expect(sub.status).toBe(201);
    const subDuty = await t.userIn('NOTI-SUBD', ['duty_officer']);
    const colleague = await t.userIn('NOTI-SUBD', ['grid_member']);
    expect((await subDuty.post('/api/notifications', { title: '分区内', userIds: [idOf(colleague)] })).body).toEqual({ recipients: 1 });

    const toUser = await subDuty.post('/api/notifications', { title: '越权', userIds: [idOf(colleague), idOf(xinzhu)] });
    expect(toUser.status).toBe(400);
    expect(toUser.body.error.fields[0].field).toBe('userIds');
    const toOrg = await subDuty.post('/api/notifications', { title: '越权', orgIds: [orgIds.XZJB] });
    expect([400, 403]).toContain(toOrg.status);
    const toParent = await subDuty.post('/api/notifications', { title: '越权', orgIds: [orgIds.GWQ] });
    expect([400, 403]).toContain(toParent.status);
    // Refused as a whole: not even the reachable colleague got the second notice.
    expect((await colleague.get('/api/notifications')).body.total).toBe(1);
    expect((await xinzhu.get('/api/notifications?unread=true')).body.items.some((i: { title: string }) => i.title === '越权')).toBe(false);
  });
});

describe('reading notifications', () => {
  let reader: Client;
  let ids: string[];
  beforeAll(async () => {
    reader = await t.userIn('XHJB', ['street']);
    for (let i = 1; i <= 5; i++) {
      expect((await office.post('/api/notifications', { title: `第${i}号通知`, userIds: [idOf(reader)] })).status).toBe(201);
    }
    ids = (await reader.get('/api/notifications')).body.items.map((i: { id: string }) => i.id);
  });

  it('refuses the anonymous caller with 401', async () => {
    expect((await t.anonymous.get('/api/notifications')).status).toBe(401);
    expect((await t.anonymous.post(`/api/notifications/${ids[0]}/read`)).status).toBe(401);
    expect((await t.anonymous.post('/api/notifications/read-all')).status).toBe(401);
  });

  it('refuses a malformed query or id with 400', async () => {
    for (const [query, field] of [
      ['unread=yes', 'query.unread'],
      ['page=0', 'query.page'],
      ['pageSize=1000', 'query.pageSize'],
    ] as const) {
      const res = await reader.get(`/api/notifications?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.fields[0].field).toBe(field);
    }
    const res = await reader.post('/api/notifications/not-a-uuid/read');
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('params.id');
  });

  it('lists newest first, in pages, with the unread count', async () => {
    const all = await reader.get('/api/notifications');
    expect(all.body).toMatchObject({ total: 5, unread: 5 });
    expect(all.body.items.map((i: { title: string }) => i.title)).toEqual([
      '第5号通知',
      '第4号通知',
      '第3号通知',
      '第2号通知',
      '第1号通知',
    ]);
    const p1 = await reader.get('/api/notifications?pageSize=2&page=1');
    const p3 = await reader.get('/api/notifications?pageSize=2&page=3');
    expect(p1.body.items.map((i: { title: string }) => i.title)).toEqual(['第5号通知', '第4号通知']);
    expect(p3.body.items.map((i: { title: string }) => i.title)).toEqual(['第1号通知']);
    expect(p3.body).toMatchObject({ total: 5, unread: 5, page: 3, pageSize: 2 });
  });

  it('marks one read; again is harmless; the unread filter and count follow', async () => {
    const first = await reader.post(`/api/notifications/${ids[0]}/read`);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ok: true });
    const list = await reader.get('/api/notifications');
    const item = list.body.items.find((i: { id: string }) => i.id === ids[0]);
    expect(item.readAt).toEqual(expect.any(String));
    expect(list.body.unread).toBe(4);
    // Marking it again keeps the first reading time.
    expect((await reader.post(`/api/notifications/${ids[0]}/read`)).status).toBe(200);
    expect((await reader.get('/api/notifications')).body.items.find((i: { id: string }) => i.id === ids[0]).readAt).toBe(item.readAt);
    const unread = await reader.get('/api/notifications?unread=true');
    expect(unread.body).toMatchObject({ total: 4, unread: 4 });
    expect(unread.body.items.map((i: { id: string }) => i.id)).not.toContain(ids[0]);
    expect((await reader.get('/api/notifications?unread=false')).body.total).toBe(5);
  });

  it('answers 404 for an unknown notification and for another person’s', async () => {
    const unknown = await reader.post('/api/notifications/00000000-0000-4000-8000-000000000000/read');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const someoneElse = await xinhe.post(`/api/notifications/${ids[1]}/read`);
    expect(someoneElse.status).toBe(404);
    // Not even an administrator marks another person's notice read.
    expect((await admin.post(`/api/notifications/${ids[1]}/read`)).status).toBe(404);
    expect((await reader.get('/api/notifications')).body.items.find((i: { id: string }) => i.id === ids[1]).readAt).toBeNull();
  });

  it('marks all read, and only the caller’s', async () => {
    const other = await t.userIn('XHJB', ['street']);
    await office.post('/api/notifications', { title: '另一人的通知', userIds: [idOf(other)] });
    const res = await reader.post('/api/notifications/read-all');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ updated: 4 });
    expect((await reader.get('/api/notifications')).body.unread).toBe(0);
    expect((await reader.post('/api/notifications/read-all')).body).toEqual({ updated: 0 });
    expect((await other.get('/api/notifications')).body.unread).toBe(1);
  });
});

// ---- Server-Sent Events ----

/** An open event stream read frame by frame. */
class EventStream {
  private buffer = '';
  private readonly decoder = new TextDecoder();
  /** A read that outlived a timeout: the next call takes its chunk instead of losing it. */
  private pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  private constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    readonly response: globalThis.Response,
    private readonly controller: AbortController,
  ) {}

  static async open(base: string, client: Client): Promise<EventStream> {
    const controller = new AbortController();
    const response = await fetch(`${base}/api/notifications/stream`, {
      headers: { cookie: `cs_session=${client.auth.cookie}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    return new EventStream(response.body!.getReader(), response, controller);
  }

  /** The next frame (up to a blank line), or null when the stream ended. */
  async next(timeoutMs = 5000): Promise<{ event: string | null; data: string | null; raw: string } | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const raw = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const field = (name: string) =>
          raw
            .split('\n')
            .filter((l) => l.startsWith(`${name}:`))
            .map((l) => l.slice(name.length + 1).replace(/^ /, ''))
            .join('\n') || null;
        return { event: field('event'), data: field('data'), raw };
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${timeoutMs} ms; have ${JSON.stringify(this.buffer)}`);
      let timer: NodeJS.Timeout | undefined;
      this.pending ??= this.reader.read();
      const chunk = await Promise.race([
        this.pending,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no frame within ${timeoutMs} ms; have ${JSON.stringify(this.buffer)}`)), left);
        }),
      ]).finally(() => clearTimeout(timer));
      this.pending = null;
      if (chunk.done) return null;
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }

  /** The next `notification` event, skipping comments and keep-alives. */
  async nextNotification(timeoutMs = 5000): Promise<Record<string, unknown>> {
    for (;;) {
      const frame = await this.next(timeoutMs);
      if (!frame) throw new Error('stream ended');
      if (frame.event === 'notification') return JSON.parse(frame.data!) as Record<string, unknown>;
    }
  }

  close(): void {
    this.controller.abort();
  }
}

describe('GET /api/notifications/stream (Server-Sent Events)', () => {
  let base: string;
  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });

  it('refuses the anonymous caller with 401 JSON', async () => {
    const res = await fetch(`${base}/api/notifications/stream`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('pushes a notification to its recipient’s stream, and to nobody else’s', async () => {
    const mine = await EventStream.open(base, xinzhu);
    const theirs = await EventStream.open(base, xinhe);
    try {
      expect(mine.response.status).toBe(200);
      expect(mine.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(mine.response.headers.get('cache-control')).toMatch(/no-cache/);
      // The greeting tells the browser how soon to reconnect.
      const hello = await mine.next();
      expect(hello!.raw).toMatch(/^retry: \d+/m);
      await theirs.next();

      const sent = await office.post('/api/notifications', {
        title: '危化品运输车辆进入港区',
        body: '请注意道路管控',
        link: '/alarms/1',
        userIds: [idOf(xinzhu)],
      });
      expect(sent.status).toBe(201);
      const pushed = await mine.nextNotification();
      expect(pushed).toEqual({
        id: expect.any(String),
        title: '危化品运输车辆进入港区',
        body: '请注意道路管控',
        link: '/alarms/1',
        kind: 'manual',
        createdAt: expect.any(String),
        readAt: null,
      });
      // The pushed notification is the one in the list.
      expect((await xinzhu.get('/api/notifications')).body.items[0].id).toBe(pushed.id);

      // The other stream's next notification is its own: it never saw the first one.
      await office.post('/api/notifications', { title: '给新合街办', userIds: [idOf(xinhe)] });
      expect((await theirs.nextNotification()).title).toBe('给新合街办');
    } finally {
      mine.close();
      theirs.close();
    }
  });

  it('pushes a notification with a long body (the full text stays in the list)', async () => {
    const stream = await EventStream.open(base, xinzhu);
    try {
      await stream.next();
      const body = '请各单位对照检查表逐项开展自查自纠，'.repeat(250); // 4 500 characters, ≈ 13 500 bytes
      const sent = await office.post('/api/notifications', { title: '长通知', body, userIds: [idOf(xinzhu)] });
      expect(sent.status).toBe(201);
      const pushed = await stream.nextNotification();
      expect(pushed.title).toBe('长通知');
      expect(body.startsWith(String(pushed.body).replace(/…$/, ''))).toBe(true);
      const listed = (await xinzhu.get('/api/notifications')).body.items.find((i: { id: string }) => i.id === pushed.id);
      expect(listed.body).toBe(body);
    } finally {
      stream.close();
    }
  });

  it('pushes to every open stream of the same person (two browser tabs), and across an org send', async () => {
    const tab1 = await EventStream.open(base, xinzhu);
    const tab2 = await EventStream.open(base, xinzhu);
    try {
      await office.post('/api/notifications', { title: '全街道通知', orgIds: [orgIds.XZJB] });
      expect((await tab1.nextNotification()).title).toBe('全街道通知');
      expect((await tab2.nextNotification()).title).toBe('全街道通知');
    } finally {
      tab1.close();
      tab2.close();
    }
  });

  it('stops delivering to a stream once the browser closed it', async () => {
    const listeners = () =>
      (t.platform.events as unknown as { emitter: { listenerCount(e: string): number } }).emitter.listenerCount('event');
    // Streams of the tests before are closing too: start from none.
    const settle = async (count: number) => {
      const deadline = Date.now() + 5000;
      while (listeners() !== count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return listeners();
    };
    const before = await settle(0);
    expect(before).toBe(0);
    const stream = await EventStream.open(base, xinhe);
    await stream.next();
    expect(listeners()).toBe(before + 1);
    stream.close();
    expect(await settle(before)).toBe(before);
    // Sending afterwards does not fail on the closed stream.
    expect((await office.post('/api/notifications', { title: '关闭后', userIds: [idOf(xinhe)] })).status).toBe(201);
  });

  // Only PostgreSQL has connections to drop; the embedded engine has no such failure, so the test exists on that run alone.
  if (process.env.DATABASE_URL)
    it('keeps pushing after PostgreSQL drops every connection (restart, failover)', async () => {
      const stream = await EventStream.open(base, xinzhu);
      try {
        await stream.next();
        // What a server restart does to this node: all its connections, the LISTEN one included, end.
        await t.platform.db.execute(
          sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
        );
        // The process survives, queries reconnect, and the listener comes back: a notice sent after that arrives.
        let pushed: Record<string, unknown> | null = null;
        for (let attempt = 0; attempt < 20 && !pushed; attempt++) {
          const sent = await office.post('/api/notifications', { title: `重连后${attempt}`, userIds: [idOf(xinzhu)] });
          expect(sent.status).toBe(201);
          pushed = await stream.nextNotification(500).catch(() => null);
        }
        expect(String(pushed?.title)).toMatch(/^重连后\d+$/);
      } finally {
        stream.close();
      }
    });

  it('ends open streams when the platform shuts down, so shutdown does not hang', async () => {
    const own = await testApp();
    await own.app.listen({ port: 0, host: '127.0.0.1' });
    const ownBase = `http://127.0.0.1:${(own.app.server.address() as AddressInfo).port}`;
    const user = await own.userIn('XZJB', ['street']);
    const stream = await EventStream.open(ownBase, user);
    await stream.next();
    const started = Date.now();
    const closed = own.close().then(() => 'closed');
    const outcome = await Promise.race([closed, new Promise((r) => setTimeout(() => r('hung'), 10_000))]);
    // The browser sees the stream end (and its EventSource reconnects, to another node).
    const end = outcome === 'closed' ? await stream.next(2000) : 'still open';
    stream.close();
    expect(outcome).toBe('closed');
    expect(end).toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 60_000);
});
