import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, testApp } from '../../../test/harness.js';
import { rows } from '../../platform/db.js';
import { absoluteLink } from './webhooks.service.js';

// ---- a group robot on this machine ----

interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: any;
  at: number;
}

let received: Received[] = [];
let receiver: http.Server;
let robotBase: string;

/**
 * Answers as 企业微信 / 钉钉 do: HTTP 200 with errcode 0 (企业微信 refusing markdown over 4096 bytes);
 * `/refuse…` with an errcode; `/down…` with HTTP 500.
 */
function startReceiver(): Promise<void> {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://robot');
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: req.method!,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: text ? JSON.parse(text) : null,
        at: Date.now(),
      });
      if (url.pathname.startsWith('/down')) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream exploded');
      } else if (url.pathname.startsWith('/wecom') && Buffer.byteLength(String(received.at(-1)!.body?.markdown?.content ?? '')) > 4096) {
        // 企业微信: "markdown.content exceed max length 4096" (bytes of UTF-8).
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errcode: 40058, errmsg: 'markdown.content exceed max length 4096' }));
      } else if (url.pathname.startsWith('/refuse')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 310000, errmsg: 'sign not match' }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      }
    });
  });
  return new Promise((resolve) =>
    receiver.listen(0, '127.0.0.1', () => {
      robotBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

// ---- the platform ----

let t: TestApp;
let admin: Client;
let office: Client; // 安委办 (AWB): sends notices
let xinzhu: Client; // 新筑街办, given webhook.manage for its street
let xinhe: Client; // 新合街办, the same
let department: Client; // no webhook.manage

beforeAll(async () => {
  await startReceiver();
  // The test robots listen on loopback, which webhooks reach only as an allow-listed host.
  t = await testApp({ env: { CITYSAFE_PUBLIC_URL: 'https://citysafe.example.gov.cn', CITYSAFE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } });
  admin = await t.admin();
  // Roles are data: this installation lets street offices run their own group robots.
  const roles = (await admin.get('/api/roles')).body.items as { code: string; scope: string; actions: string[] }[];
  const street = roles.find((r) => r.code === 'street')!;
  const granted = await admin.put('/api/roles/street', { scope: street.scope, actions: [...street.actions, 'webhook.manage'] });
  expect(granted.status, JSON.stringify(granted.body)).toBe(200);
  [office, xinzhu, xinhe, department] = await Promise.all([
    t.userIn('AWB', ['safety_office']),
    t.userIn('XZJB', ['street']),
    t.userIn('XHJB', ['street']),
    t.userIn('YJGLJ', ['department']),
  ]);
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => receiver.close(resolve));
});
afterEach(async () => {
  // Leave no robot and no delivery behind for the next test.
  await t.platform.db.execute(sql`delete from webhooks`);
  await t.platform.db.execute(sql`delete from jobs where kind = 'webhook.deliver'`);
  received = [];
});

interface JobRow {
  id: number;
  status: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  payload: Record<string, unknown>;
}
const deliveryJobs = () => rows<JobRow>(t.platform.db, sql`select * from jobs where kind = 'webhook.deliver' order by id`);

/** Runs due deliveries, moving retries' back-off forward, until none is left to run. */
async function deliverAll(): Promise<void> {
  for (let round = 0; round < 20; round++) {
    await t.platform.db.execute(
      sql`update jobs set run_at = now() - interval '1 second' where kind = 'webhook.deliver' and status = 'pending'`,
    );
    if ((await t.platform.jobs.runDue(100)) === 0) return;
  }
  throw new Error('deliveries did not settle');
}

async function createWebhook(by: Client, body: Record<string, unknown>) {
  const res = await by.post('/api/webhooks', { name: '值班群机器人', kind: 'wecom', url: `${robotBase}/wecom/ok`, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; orgId: string; kind: string; url: string; hasSecret: boolean; kinds: string[]; enabled: boolean };
}

const notifyFromOffice = (title: string, extra: Record<string, unknown> = {}) =>
  office.post('/api/notifications', { title, userIds: [office.user!.id], ...extra }).then((r) => {
    expect(r.status).toBe(201);
  });

describe('webhook administration', () => {
  it('refuses the anonymous caller with 401 and a role without webhook.manage with 403', async () => {
    const hook = await createWebhook(admin, {});
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/webhooks'],
      ['POST', '/api/webhooks', { name: 'x', kind: 'wecom', url: `${robotBase}/x` }],
      ['PATCH', `/api/webhooks/${hook.id}`, { enabled: false }],
      ['DELETE', `/api/webhooks/${hook.id}`],
      ['POST', `/api/webhooks/${hook.id}/test`, {}],
    ];
    for (const [method, url, body] of calls) {
      const anon = await t.anonymous.request(method, url, body);
      expect(anon.status, `${method} ${url}`).toBe(401);
      for (const who of [department, office]) {
        const res = await who.request(method, url, body);
        expect(res.status, `${method} ${url}`).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
    }
    expect((await admin.get('/api/webhooks')).body.items).toHaveLength(1);
  });

  it('refuses invalid input with 400 naming the field', async () => {
    const good = { name: '机器人', kind: 'wecom', url: `${robotBase}/ok` };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, url: 'ftp://robot.example/hook' }, 'url'],
      [{ ...good, url: 'javascript:alert(1)' }, 'url'],
      [{ ...good, url: 'file:///etc/passwd' }, 'url'],
      [{ ...good, url: 'not a url' }, 'url'],
      [{ ...good, url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${'k'.repeat(1000)}` }, 'url'],
      [{ ...good, kind: 'slack' }, 'kind'],
      [{ ...good, name: '  ' }, 'name'],
      [{ ...good, kinds: 'manual' }, 'kinds'],
      [{ ...good, enabled: 'yes' }, 'enabled'],
      [{ kind: 'wecom', url: `${robotBase}/ok` }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('/api/webhooks', body);
      expect(res.status, JSON.stringify(body).slice(0, 100)).toBe(400);
      expect(res.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const hook = await createWebhook(admin, {});
    for (const [body, field] of [
      [{ url: 'gopher://x' }, 'url'],
      [{ kind: 'feishu' }, 'kind'],
      [{ name: '' }, 'name'],
    ] as const) {
      const res = await admin.patch(`/api/webhooks/${hook.id}`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].field).toBe(field);
    }
    expect((await admin.patch('/api/webhooks/nope', { enabled: false })).status).toBe(400);
    // Nothing invalid was stored.
    expect((await admin.get('/api/webhooks')).body.total).toBe(1);
  });

  it('creates, lists, changes and deletes a robot of the caller’s org, never showing the secret', async () => {
    const created = await xinzhu.post('/api/webhooks', {
      name: '新筑街办安全群',
      kind: 'dingtalk',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=abc123',
      secret: 'SECxyz',
      kinds: ['alarm.fire'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: '新筑街办安全群',
      kind: 'dingtalk',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=abc123',
      hasSecret: true,
      kinds: ['alarm.fire'],
      orgId: await t.orgId('XZJB'),
      enabled: true,
      createdAt: expect.any(String),
    });
    const id = created.body.id;
    expect(JSON.stringify(created.body)).not.toContain('SECxyz');

    const list = await xinzhu.get('/api/webhooks');
    expect(list.body).toMatchObject({ total: 1, page: 1 });
    expect(list.body.items[0].id).toBe(id);
    expect(JSON.stringify(list.body)).not.toContain('SECxyz');

    const changed = await xinzhu.patch(`/api/webhooks/${id}`, { enabled: false, kinds: [], name: '新筑街办值班群' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id, enabled: false, kinds: [], name: '新筑街办值班群', hasSecret: true });
    const noSecret = await xinzhu.patch(`/api/webhooks/${id}`, { secret: null });
    expect(noSecret.body.hasSecret).toBe(false);

    // The audit log has the changes, with the secret masked.
    const log = await admin.get(`/api/audit?entityType=webhook&entityId=${id}`);
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['webhook.update', 'webhook.update', 'webhook.create']);
    expect(JSON.stringify(log.body)).not.toContain('SECxyz');

    const deleted = await xinzhu.delete(`/api/webhooks/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ ok: true });
    expect((await xinzhu.get('/api/webhooks')).body.total).toBe(0);
    expect((await xinzhu.delete(`/api/webhooks/${id}`)).status).toBe(404);
    expect((await admin.get(`/api/audit?entityType=webhook&entityId=${id}&action=webhook.delete`)).body.total).toBe(1);
  });

  it('answers 404 for an unknown robot', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [method, url, body] of [
      ['PATCH', `/api/webhooks/${unknown}`, { enabled: false }],
      ['DELETE', `/api/webhooks/${unknown}`, undefined],
      ['POST', `/api/webhooks/${unknown}/test`, {}],
    ] as const) {
      const res = await admin.request(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('keeps each street to its own robots: another street neither sees nor touches them', async () => {
    const mine = await createWebhook(xinzhu, { name: '新筑群' });
    const theirs = await createWebhook(xinhe, { name: '新合群' });
    const district = await createWebhook(admin, { name: '区级群' });
    expect(mine.orgId).toBe(await t.orgId('XZJB'));

    expect((await xinzhu.get('/api/webhooks')).body.items.map((w: { name: string }) => w.name)).toEqual(['新筑群']);
    expect((await xinhe.get('/api/webhooks')).body.items.map((w: { name: string }) => w.name)).toEqual(['新合群']);
    expect((await admin.get('/api/webhooks')).body.total).toBe(3);

    for (const id of [theirs.id, district.id]) {
      for (const [method, url, body] of [
        ['PATCH', `/api/webhooks/${id}`, { url: `${robotBase}/stolen` }],
        ['DELETE', `/api/webhooks/${id}`, undefined],
        ['POST', `/api/webhooks/${id}/test`, {}],
      ] as const) {
        const res = await xinzhu.request(method, url, body);
        expect(res.status, `${method} ${url}`).toBe(403);
      }
    }
    // Untouched, and no test message was queued.
    expect((await admin.get('/api/webhooks')).body.items.find((w: { id: string }) => w.id === theirs.id).url).toBe(`${robotBase}/wecom/ok`);
    expect(await deliveryJobs()).toEqual([]);
  });

  it('pages the list', async () => {
    for (let i = 0; i < 5; i++) await createWebhook(admin, { name: `机器人${i}` });
    const p1 = await admin.get('/api/webhooks?pageSize=2');
    const p3 = await admin.get('/api/webhooks?pageSize=2&page=3');
    expect(p1.body).toMatchObject({ total: 5, pageSize: 2 });
    expect(p1.body.items).toHaveLength(2);
    expect(p3.body.items).toHaveLength(1);
    expect((await admin.get('/api/webhooks?pageSize=0')).status).toBe(400);
  });
});

describe('links in robot messages', () => {
  it('are made absolute with the public address, or left out when none is configured', () => {
    expect(absoluteLink('/alarms/42', 'https://citysafe.example.gov.cn/')).toBe('https://citysafe.example.gov.cn/alarms/42');
    expect(absoluteLink('/alarms/42', null)).toBeNull();
    expect(absoluteLink('https://other.example/x', null)).toBe('https://other.example/x');
    expect(absoluteLink(null, 'https://citysafe.example.gov.cn/')).toBeNull();
  });
});

describe('deliveries to group robots', () => {
  it('posts a 企业微信 markdown message for a notification', async () => {
    await createWebhook(admin, { kind: 'wecom', url: `${robotBase}/wecom/ok?key=wx-key-1` });
    await notifyFromOffice('暴雨红色预警', { body: '请各单位立即开展巡查。', link: '/alarms/42' });
    const jobs = await deliveryJobs();
    expect(jobs).toHaveLength(1);
    expect(received).toEqual([]);
    await deliverAll();
    expect(received).toHaveLength(1);
    const [msg] = received;
    expect(msg).toMatchObject({ method: 'POST', path: '/wecom/ok' });
    expect(msg!.query.get('key')).toBe('wx-key-1');
    expect(msg!.headers['content-type']).toMatch(/^application\/json/);
    expect(msg!.body).toEqual({
      msgtype: 'markdown',
      markdown: { content: expect.any(String) },
    });
    const content = msg!.body.markdown.content as string;
    expect(content).toContain('**暴雨红色预警**');
    expect(content).toContain('请各单位立即开展巡查。');
    expect(content).toContain('[查看详情](https://citysafe.example.gov.cn/alarms/42)');
    expect((await deliveryJobs())[0]).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('fits a long notice into the 4096 bytes 企业微信 accepts, keeping the title and the link', async () => {
    await createWebhook(admin, { kind: 'wecom', url: `${robotBase}/wecom/ok` });
    const body = '各街道办事处、各部门：'.repeat(400); // 4 400 characters, ≈ 13 000 bytes
    await notifyFromOffice('关于开展安全生产大检查的通知', { body, link: '/notices/7' });
    await deliverAll();
    expect(received).toHaveLength(1);
    expect((await deliveryJobs())[0]).toMatchObject({ status: 'done', attempts: 1 });
    const content = received[0]!.body.markdown.content as string;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
    expect(content).toContain('**关于开展安全生产大检查的通知**');
    expect(content).toContain('https://citysafe.example.gov.cn/notices/7');
    expect(content).toContain('各街道办事处、各部门：各街道办事处');
    expect(content).not.toContain('\uFFFD');
  });

  it('posts a 钉钉 markdown message, signed with timestamp and HMAC when the robot has a secret', async () => {
    const secret = 'SEC0123456789abcdef+/=密钥';
    await createWebhook(admin, { kind: 'dingtalk', url: `${robotBase}/ding/ok?access_token=dt-token`, secret });
    await createWebhook(admin, { kind: 'dingtalk', url: `${robotBase}/ding-unsigned/ok?access_token=plain` });
    await notifyFromOffice('危化品泄漏处置', { body: '已启动应急预案。' });
    const before = Date.now();
    await deliverAll();
    expect(received).toHaveLength(2);
    const signed = received.find((r) => r.path === '/ding/ok')!;
    expect(signed.body).toEqual({
      msgtype: 'markdown',
      markdown: { title: '危化品泄漏处置', text: expect.stringContaining('已启动应急预案。') },
    });
    expect(signed.body.markdown.text).toContain('危化品泄漏处置');
    expect(signed.query.get('access_token')).toBe('dt-token');
    const timestamp = signed.query.get('timestamp')!;
    expect(timestamp).toMatch(/^\d{13}$/);
    // 钉钉 refuses a timestamp more than an hour away from its clock.
    expect(Math.abs(Number(timestamp) - before)).toBeLessThan(60_000);
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(signed.query.get('sign')).toBe(expected);

    const unsigned = received.find((r) => r.path === '/ding-unsigned/ok')!;
    expect(unsigned.query.get('access_token')).toBe('plain');
    expect(unsigned.query.has('timestamp')).toBe(false);
    expect(unsigned.query.has('sign')).toBe(false);
  });

  it('delivers only the kinds a robot asked for, only when enabled, and only for events at or below its org', async () => {
    await createWebhook(admin, { name: 'all', url: `${robotBase}/all` });
    await createWebhook(admin, { name: 'manual', url: `${robotBase}/manual`, kinds: ['manual', 'alarm.fire'] });
    await createWebhook(admin, { name: 'fire', url: `${robotBase}/fire`, kinds: ['alarm.fire'] });
    await createWebhook(admin, { name: 'off', url: `${robotBase}/off`, enabled: false });
    // A street's robot hears its street's events, not the 安委办's.
    await createWebhook(xinzhu, { name: 'street', url: `${robotBase}/street` });
    await notifyFromOffice('区安委办通知');
    await deliverAll();
    expect(received.map((r) => r.path).sort()).toEqual(['/all', '/manual']);
  });

  it('skips a queued delivery whose robot was disabled or deleted before it ran', async () => {
    const disabled = await createWebhook(admin, { url: `${robotBase}/disabled` });
    const deleted = await createWebhook(admin, { url: `${robotBase}/deleted` });
    await notifyFromOffice('排队中的消息');
    expect(await deliveryJobs()).toHaveLength(2);
    await admin.patch(`/api/webhooks/${disabled.id}`, { enabled: false });
    await admin.delete(`/api/webhooks/${deleted.id}`);
    await deliverAll();
    expect(received).toEqual([]);
    expect((await deliveryJobs()).map((j) => j.status)).toEqual(['done', 'done']);
  });

  it('retries a robot that answers errcode ≠ 0, then gives up as failed', async () => {
    await createWebhook(admin, { url: `${robotBase}/refuse` });
    await notifyFromOffice('会被拒收');
    await t.platform.jobs.runDue();
    let [job] = await deliveryJobs();
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    expect(job!.last_error).toMatch(/310000/);
    await deliverAll();
    [job] = await deliveryJobs();
    expect(job).toMatchObject({ status: 'failed', attempts: job!.max_attempts });
    expect(job!.last_error).toMatch(/310000.*sign not match/);
    expect(received).toHaveLength(job!.max_attempts);
    // Each attempt is the same message.
    expect(new Set(received.map((r) => JSON.stringify(r.body))).size).toBe(1);
  });

  it('retries a robot that answers HTTP 500, then gives up as failed', async () => {
    await createWebhook(admin, { url: `${robotBase}/down` });
    await notifyFromOffice('服务器故障');
    await deliverAll();
    const [job] = await deliveryJobs();
    expect(job).toMatchObject({ status: 'failed' });
    expect(job!.attempts).toBeGreaterThan(1);
    expect(job!.last_error).toMatch(/HTTP 500/);
    expect(received).toHaveLength(job!.attempts);
  });

  it('retries a robot that cannot be reached', async () => {
    // A port nothing listens on: the server just closed.
    const gone = http.createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((resolve) => gone.close(resolve));
    await createWebhook(admin, { url: `http://127.0.0.1:${port}/hook` });
    await notifyFromOffice('无法连接');
    await t.platform.jobs.runDue();
    const [job] = await deliveryJobs();
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    expect(job!.last_error).toBeTruthy();
  });

  it('one robot failing does not hold back another', async () => {
    await createWebhook(admin, { name: 'broken', url: `${robotBase}/down` });
    await createWebhook(admin, { name: 'fine', url: `${robotBase}/fine` });
    await notifyFromOffice('一坏一好');
    await t.platform.jobs.runDue();
    expect(received.filter((r) => r.path === '/fine')).toHaveLength(1);
    expect((await deliveryJobs()).map((j) => j.status).sort()).toEqual(['done', 'pending']);
  });
});

describe('POST /api/webhooks/:id/test', () => {
  it('queues one test message, delivered by the job runner', async () => {
    const hook = await createWebhook(xinzhu, { kind: 'wecom', url: `${robotBase}/wecom/test` });
    const res = await xinzhu.post(`/api/webhooks/${hook.id}/test`);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ jobId: expect.stringMatching(/^\d+$/) });
    const [job] = await deliveryJobs();
    expect(job).toMatchObject({ id: Number(res.body.jobId), status: 'pending', max_attempts: 1, payload: { webhookId: hook.id } });
    expect(received).toEqual([]);
    expect(await t.platform.jobs.runDue()).toBe(1);
    expect(received).toHaveLength(1);
    expect(received[0]!.body.markdown.content).toContain('测试消息');
    expect((await admin.get(`/api/audit?entityType=webhook&entityId=${hook.id}&action=webhook.test`)).body.total).toBe(1);
  });

  it('tests a disabled robot too (checking it before switching it on)', async () => {
    const hook = await createWebhook(admin, { url: `${robotBase}/wecom/disabled-test`, enabled: false });
    expect((await admin.post(`/api/webhooks/${hook.id}/test`)).status).toBe(201);
    await t.platform.jobs.runDue();
    expect(received.map((r) => r.path)).toEqual(['/wecom/disabled-test']);
  });

  it('reports a failing robot as a failed job after one attempt', async () => {
    const hook = await createWebhook(admin, { url: `${robotBase}/refuse` });
    const res = await admin.post(`/api/webhooks/${hook.id}/test`);
    await t.platform.jobs.runDue();
    const [job] = await deliveryJobs();
    expect(job).toMatchObject({ id: Number(res.body.jobId), status: 'failed', attempts: 1 });
    expect(job!.last_error).toMatch(/310000/);
  });
});

describe('robots reach only public addresses, unless the administrator allow-lists the host', () => {
  // This app allow-lists 127.0.0.1 (the test robots): every other inside address is refused.
  const inside = [
    'http://127.0.0.2/hook',
    'http://localhost:8080/hook', // resolves to 127.0.0.1, but only the address is allow-listed
    'http://2130706434/hook', // 127.0.0.2 written as one number
    'http://0.0.0.0/hook',
    'http://10.1.2.3/hook',
    'http://172.16.0.1/hook',
    'http://192.168.1.1/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://100.64.0.1/hook',
    'http://[::1]/hook',
    'http://[fd00::1]/hook',
    'http://[fe80::1]/hook',
    'http://[::ffff:127.0.0.2]/hook',
    'http://[::ffff:10.0.0.1]/hook',
  ];

  it('refuses a loopback, private, link-local or CGNAT address with 422 on url, on create and on update', async () => {
    for (const url of inside) {
      const res = await admin.post('/api/webhooks', { name: '内网机器人', kind: 'wecom', url });
      expect(res.status, url).toBe(422);
      expect(res.body.error.code).toBe('RULE_VIOLATION');
      expect(res.body.error.fields[0].field).toBe('url');
      expect(res.body.error.message.zh).toContain('CITYSAFE_WEBHOOK_ALLOW_HOSTS');
    }
    const hook = await createWebhook(admin, {});
    const moved = await admin.patch(`/api/webhooks/${hook.id}`, { url: 'http://192.168.0.10/hook' });
    expect(moved.status).toBe(422);
    expect(moved.body.error.fields[0].field).toBe('url');
    expect((await admin.get('/api/webhooks')).body.items.map((w: { url: string }) => w.url)).toEqual([`${robotBase}/wecom/ok`]);
  });

  it('accepts a public robot address', async () => {
    // Not resolvable from a test machine without DNS; an address written out is checked as written.
    await createWebhook(admin, { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1' });
    await createWebhook(admin, { url: 'http://220.181.38.148/robot/send' });
  });

  /** A robot row as an earlier check (or a name that then resolved elsewhere) let it be saved. */
  const savedRobot = async (url: string) =>
    t.platform.db.execute(
      sql`insert into webhooks (name, kind, url, org_id) values ('旧机器人', 'wecom', ${url}, ${await t.orgId('AWB')})`,
    );

  it('checks the address again when sending: a name that now resolves inside is not connected to (DNS rebinding)', async () => {
    // `localhost` stands for a name re-pointed at 127.0.0.1 after it was saved; the robot listens there.
    const port = new URL(robotBase).port;
    await savedRobot(`http://localhost:${port}/wecom/rebound`);
    await notifyFromOffice('重新解析到内网');
    await t.platform.jobs.runDue();
    const [job] = await deliveryJobs();
    expect(job!.last_error).toMatch(/localhost resolves to 127\.0\.0\.1, which is not a public address/);
    expect(received).toEqual([]);
  });

  it('checks an inside address written in a saved URL when sending', async () => {
    const port = new URL(robotBase).port;
    await savedRobot(`http://[::ffff:127.0.0.1]:${port}/wecom/mapped`);
    await notifyFromOffice('映射地址');
    await t.platform.jobs.runDue();
    const [job] = await deliveryJobs();
    expect(job!.last_error).toMatch(/not a public address/);
    expect(received).toEqual([]);
  });
});
