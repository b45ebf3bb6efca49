import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type TestApp, testApp } from '../../../test/harness.js';
import { fillDemo } from '../../modules.js';
import { rows } from '../../platform/db.js';
import { DEMO_PASSWORD } from '../identity/index.js';
import { sendDigests } from './digest.service.js';
import { webhooks } from './notifications.tables.js';
import { robotBody } from './webhooks.service.js';

// ---- a group robot on this machine, answering as 企业微信 does ----

interface Received {
  path: string;
  body: any;
}
let received: Received[] = [];
let receiver: http.Server;
let robotBase: string;

function startReceiver(): Promise<void> {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: new URL(req.url!, 'http://robot').pathname, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  return new Promise((resolve) =>
    receiver.listen(0, '127.0.0.1', () => {
      robotBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

interface Digest {
  enabled: boolean;
  webhookId: string | null;
  hour: number;
  lastSentOn: string | null;
  mentionable: boolean;
  robots: { id: string; name: string; kind: string; orgId: string; orgName: string }[];
}

// The demo campaign runs the plan six years on, so its dates fall around this day; the digest hour is 08:00.
const START = '2026-12-01T07:00:00+08:00';

let t: TestApp;
let admin: Client;
let xinhe: Client; // 新合街办 (demo): a returned part, a 督办 to answer, reports due
let xinzhu: Client; // 新筑街办 (demo): its own parts
let idle: Client; // nothing to do
let districtRobot: string; // of the root org: within everyone's reach
let xinzhuRobot: string; // of 新筑街办: within that street's reach only

beforeAll(async () => {
  await startReceiver();
  // The test robot listens on loopback, which webhooks reach only as an allow-listed host.
  t = await testApp({
    now: START,
    env: { CITYSAFE_PUBLIC_URL: 'https://citysafe.example.gov.cn', CITYSAFE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' },
  });
  await fillDemo(t.platform);
  admin = await t.admin();
  [xinhe, xinzhu] = [await t.login('xhjb', DEMO_PASSWORD), await t.login('xzjb', DEMO_PASSWORD)];
  idle = await t.userIn('GWH-BGS', ['grid_member']);
  // Robots that carry digests only, so that the morning's deadline notices do not reach them.
  const created = await admin.post('/api/webhooks', {
    name: '区安委办待办群',
    kind: 'wecom',
    url: `${robotBase}/wecom/district`,
    kinds: ['inbox.digest'],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  districtRobot = created.body.id;
  const [street] = await t.platform.db
    .insert(webhooks)
    .values({
      name: '新筑街办安全群',
      kind: 'wecom',
      url: `${robotBase}/wecom/xinzhu`,
      kinds: ['inbox.digest'],
      orgId: await t.orgId('XZJB'),
    })
    .returning();
  xinzhuRobot = street!.id;
  // 新合街办's contact has a mobile number: the digest @-mentions them.
  const phone = await admin.patch(`/api/users/${xinhe.user!.id}`, { phone: '138-0013-8000' });
  expect(phone.status, JSON.stringify(phone.body)).toBe(200);
}, 600_000);
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => receiver.close(resolve));
});

/** Runs every job due at the clock's time (the digest run, then the deliveries it queued) until none is left. */
async function runJobs(): Promise<void> {
  for (let round = 0; round < 10; round++) if ((await t.platform.jobs.runDue(100)) === 0) return;
  throw new Error('jobs did not settle');
}

describe('the digest rules', () => {
  it('mentions mobile numbers only, as each robot expects', () => {
    // 钉钉: the number listed in `at` and written as "@number" in the text.
    const dingtalk = robotBody('dingtalk', { title: '待办', body: '- 任务 1', link: null, mentionMobiles: ['13800138000'] });
    expect(dingtalk).toMatchObject({ msgtype: 'markdown', at: { atMobiles: ['13800138000'], isAtAll: false } });
    expect((dingtalk.markdown as { text: string }).text).toContain('@13800138000');
    // 企业微信: a text message (markdown cannot mention by mobile) within its 2048 bytes, the link kept.
    const wecom = robotBody('wecom', {
      title: '待办',
      body: '隐'.repeat(2000),
      link: 'https://x.example/',
      mentionMobiles: ['13800138000'],
    });
    const text = wecom.text as { content: string; mentioned_mobile_list: string[] };
    expect(Buffer.byteLength(text.content)).toBeLessThanOrEqual(2048);
    expect(text.content.endsWith('查看详情：https://x.example/')).toBe(true);
    expect(text.mentioned_mobile_list).toEqual(['13800138000']);
  });
});

describe('GET/PUT /api/me/digest', () => {
  it('needs a logged-in person: 401 without, 403 for an API token', async () => {
    expect((await t.anonymous.get('/api/me/digest')).status).toBe(401);
    expect((await t.anonymous.put('/api/me/digest', { enabled: false, webhookId: null })).status).toBe(401);
    const token = await admin.post('/api/tokens', { name: '推送机器人', actions: ['campaign.read'] });
    expect(token.status).toBe(201);
    const robot = new Client(t, { bearer: token.body.token });
    expect((await robot.get('/api/me/digest')).status).toBe(403);
    expect((await robot.put('/api/me/digest', { enabled: false, webhookId: null })).status).toBe(403);
  });

  it('is off by default and offers the robots of the person’s org and above, the nearest first', async () => {
    const mine = (await xinhe.get<Digest>('/api/me/digest')).body;
    expect(mine).toMatchObject({ enabled: false, webhookId: null, hour: 8, lastSentOn: null, mentionable: true });
    expect(mine.robots.map((r) => r.id)).toEqual([districtRobot]);
    const theirs = (await xinzhu.get<Digest>('/api/me/digest')).body;
    expect(theirs).toMatchObject({ enabled: false, mentionable: false });
    expect(theirs.robots.map((r) => r.id)).toEqual([xinzhuRobot, districtRobot]);
  });

  it('refuses a robot of another street (422) and turning on without a robot (400); stores and audits the change', async () => {
    const refused = await xinhe.put('/api/me/digest', { enabled: true, webhookId: xinzhuRobot });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields[0].field).toBe('webhookId');
    const missing = await xinhe.put('/api/me/digest', { enabled: true, webhookId: null });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields[0].field).toBe('webhookId');
    expect((await xinhe.get<Digest>('/api/me/digest')).body.enabled).toBe(false);

    const on = await xinhe.put<Digest>('/api/me/digest', { enabled: true, webhookId: districtRobot });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ enabled: true, webhookId: districtRobot });
    const [row] = await rows<{ before: unknown; after: unknown }>(
      t.platform.db,
      sql`select before, after from audit_log where action = 'inboxDigest.update' and actor_id = ${xinhe.user!.id}`,
    );
    expect(row).toEqual({ before: null, after: { enabled: true, webhookId: districtRobot } });
  });
});

describe('the daily digest', () => {
  it('sends each opted-in person with something to do one message a day at the hour, listing their own items only', async () => {
    // 新合街办 opted in above; 新筑街办 opts in and out again; the idle person opts in with nothing to do.
    expect((await xinzhu.put('/api/me/digest', { enabled: true, webhookId: xinzhuRobot })).status).toBe(200);
    expect((await xinzhu.put('/api/me/digest', { enabled: false, webhookId: xinzhuRobot })).status).toBe(200);
    expect((await idle.get('/api/inbox')).body.items).toEqual([]);
    expect((await idle.put('/api/me/digest', { enabled: true, webhookId: districtRobot })).status).toBe(200);
    received = [];

    t.clock.set('2026-12-01T07:59:00+08:00');
    await runJobs();
    expect(received).toEqual([]);

    t.clock.set('2026-12-01T08:00:30+08:00');
    await runJobs();
    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message!.path).toBe('/wecom/district');
    // With a mobile number, 企业微信 gets a text message that @-mentions it.
    expect(message!.body.msgtype).toBe('text');
    expect(message!.body.text.mentioned_mobile_list).toEqual(['13800138000']);
    const content: string = message!.body.text.content;
    // Sessions go idle while the clock moves on: log in again at the hour.
    const person = await t.login('xhjb', DEMO_PASSWORD);
    const inbox = (await person.get('/api/inbox')).body as { items: { title: { zh: string }; dueState: string | null }[] };
    const name = (await person.get('/api/auth/me')).body.user.displayName as string;
    expect(content.startsWith(`${name}的待办（2026-12-01）共 ${inbox.items.length} 项\n`)).toBe(true);
    expect(content).toContain(inbox.items[0]!.title.zh);
    expect(content).toContain('【临期 2026-12-06】');
    expect(content).toContain('新合街办');
    expect(content).not.toContain('新筑街办');
    expect(content).toContain('查看详情：https://citysafe.example.gov.cn/');
    // At most ten items, overdue and due soon first, the rest counted.
    expect(content.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(Math.min(10, inbox.items.length));
    expect((await person.get<Digest>('/api/me/digest')).body.lastSentOn).toBe('2026-12-01');

    // A second run the same day (a restart, another node) sends nothing.
    expect(await sendDigests(t.platform)).toBe(0);
    await runJobs();
    expect(received).toHaveLength(1);
    // The next run waits for tomorrow's hour.
    const next = await rows<{ run_at: Date | string }>(
      t.platform.db,
      sql`select run_at from jobs where kind = 'notifications.inboxDigest' and status = 'pending'`,
    );
    expect(next.map((j) => new Date(j.run_at).toISOString())).toEqual(['2026-12-02T00:00:00.000Z']);

    t.clock.set('2026-12-02T08:00:00+08:00');
    await runJobs();
    expect(received).toHaveLength(2);
    expect(received[1]!.body.text.content).toContain('（2026-12-02）');
  });

  it('sends nothing once the robot is switched off', async () => {
    received = [];
    t.clock.set('2026-12-03T07:30:00+08:00');
    expect((await (await t.admin()).patch(`/api/webhooks/${districtRobot}`, { enabled: false })).status).toBe(200);
    t.clock.set('2026-12-03T08:00:00+08:00');
    await runJobs();
    expect(received).toEqual([]);
    expect((await (await t.login('xhjb', DEMO_PASSWORD)).get<Digest>('/api/me/digest')).body).toMatchObject({
      lastSentOn: '2026-12-02',
      robots: [],
    });
  });
});
